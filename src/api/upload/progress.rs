//! Upload progress: the callback [`UploadFile::on_progress`](super::UploadFile::on_progress)
//! sets, called as the file part is read for sending.

use core::fmt;
use std::io::{self, Read};
use std::sync::Arc;

use bytes::Bytes;

use crate::transport::multipart::Data;
use crate::transport::BodySource;

/// A progress callback: called with the bytes of the file read for sending so far and the
/// file's length when known, once per chunk read (64 KiB through the hyper transport). Reads
/// run ahead of the network by the transport's buffer (a few chunks), so the last call, with
/// the whole length, comes as the end of the file is handed to the connection. A retry reads
/// the file again from the start, so the counts start again from 0. Two are equal when they are
/// clones of one callback.
#[derive(Clone)]
pub struct OnProgress(Arc<dyn Fn(u64, Option<u64>) + Send + Sync>);

impl OnProgress {
    /// `callback(sent, total)`.
    pub fn new(callback: impl Fn(u64, Option<u64>) + Send + Sync + 'static) -> Self {
        OnProgress(Arc::new(callback))
    }

    /// The file's part `data`, reporting its reads to this callback.
    pub(super) fn watch(&self, data: Data) -> Data {
        let source: Box<dyn BodySource> = match data {
            Data::Bytes(bytes) => Box::new(InMemory(bytes)),
            Data::Stream(source) => source,
        };
        Data::Stream(Box::new(Reported {
            source,
            on: self.clone(),
        }))
    }
}

impl fmt::Debug for OnProgress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OnProgress(..)")
    }
}

impl PartialEq for OnProgress {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Bytes in memory as a streamed part, so that their reads are reported too.
struct InMemory(Bytes);

impl BodySource for InMemory {
    fn len(&self) -> Option<u64> {
        Some(self.0.len() as u64)
    }

    fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        Ok(Box::new(io::Cursor::new(self.0.clone())))
    }
}

/// A part whose reads are reported.
struct Reported {
    source: Box<dyn BodySource>,
    on: OnProgress,
}

impl BodySource for Reported {
    fn len(&self) -> Option<u64> {
        self.source.len()
    }

    fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        Ok(Box::new(ReportingReader {
            inner: self.source.open()?,
            sent: 0,
            total: self.source.len(),
            on: self.on.clone(),
        }))
    }
}

struct ReportingReader {
    inner: Box<dyn Read + Send>,
    sent: u64,
    total: Option<u64>,
    on: OnProgress,
}

impl Read for ReportingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.sent += n as u64;
            (self.on.0)(self.sent, self.total);
        }
        Ok(n)
    }
}
