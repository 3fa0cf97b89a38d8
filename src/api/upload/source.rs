//! The file an upload sends: [`UploadSource`], including the one-shot sources ([`OneShot`]: a
//! blocking reader or an async stream of bytes) that are read once, as they are sent.

use core::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};

use bytes::{Buf, Bytes};
use futures_core::Stream;

use crate::transport::BodySource;

/// The file to upload: the form's `file` field.
///
/// Bytes, a file (by path or open) and base64 content can be sent again, so an upload of them
/// is retried when it provably did not run (see [`Repeat`](crate::Repeat)). A reader or a
/// stream ([`UploadSource::reader`], [`UploadSource::stream`]) cannot be re-opened: once an
/// attempt has started reading it, the upload is not retried (the first attempt's failure is
/// the call's), and a later upload of the same source fails with an
/// [`InputError`](crate::InputError) before sending anything.
#[derive(Clone)]
pub enum UploadSource {
    /// Bytes in memory, sent as a binary part; its filename is the given one, else the
    /// upload's `fileName`.
    Bytes(Bytes, Option<String>),
    /// A file on disk, streamed as a binary part while it is sent (never read into memory),
    /// and opened anew for each attempt. Its filename is the path's last component.
    File(PathBuf),
    /// A file already open, e.g. one a caller checked is the regular file it meant (a path
    /// could name another file by the time it is opened). Streamed like [`UploadSource::File`],
    /// with reads at an offset from the first byte, so each attempt sends it whole and the
    /// handle's own offset is never used. Its filename is the upload's `fileName`. Two are
    /// equal when they share the one handle.
    OpenFile(Arc<File>),
    /// A reader or stream read once, while it is sent ([`UploadSource::reader`],
    /// [`UploadSource::stream`]). Its filename is the upload's `fileName`. Two are equal when
    /// they are clones of one source.
    OneShot(OneShot),
    /// An `http://` or `https://` URL that ImageKit fetches, sent as text.
    Url(String),
    /// The file's content in base64 (plain or as a data URI), sent as text.
    Base64(String),
}

impl UploadSource {
    /// Bytes in memory, named by the upload's `fileName`.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        UploadSource::Bytes(bytes.into(), None)
    }

    /// A file on disk, streamed.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        UploadSource::File(path.into())
    }

    /// A file already open, streamed from its handle.
    pub fn open_file(file: File) -> Self {
        UploadSource::OpenFile(Arc::new(file))
    }

    /// A blocking reader (a pipe, a decompressor, a socket…), read in chunks on the
    /// transport's reading thread while it is sent, never whole into memory. With `len`, the
    /// upload announces that many bytes (`Content-Length`) and fails if the reader gives more
    /// or fewer; without, the body is sent chunked.
    ///
    /// One-shot: the upload is not retried once reading has started (see [`UploadSource`]).
    ///
    /// ```no_run
    /// # async fn run(ik: &imagekit::ImageKit) -> Result<(), imagekit::Error> {
    /// use imagekit::api::upload::{UploadFile, UploadSource};
    ///
    /// let source = UploadSource::reader(std::io::stdin(), None);
    /// let uploaded = ik.upload(&UploadFile::new(source, "from-stdin.jpg")).await?;
    /// # let _ = uploaded;
    /// # Ok(()) }
    /// ```
    pub fn reader(reader: impl Read + Send + 'static, len: Option<u64>) -> Self {
        UploadSource::OneShot(OneShot::new(Box::new(reader), len))
    }

    /// An async stream of byte chunks (a response body, a channel, a file read by your
    /// runtime), polled while it is sent, never held whole in memory. An error item fails the
    /// upload with it. `len` is as for [`UploadSource::reader`].
    ///
    /// This is the one async form: an `AsyncRead` becomes such a stream with
    /// `tokio_util::io::ReaderStream::new(reader)` (Tokio) or
    /// `futures::stream::unfold` over `read` (futures-io). The stream is polled on the thread
    /// that reads the body (a blocking thread of the hyper transport's Tokio runtime, a
    /// thread of `blocking`'s pool under isahc), woken by its own waker: a stream of a Tokio
    /// resource that needs the runtime's context at each poll (as `tokio::fs::File` does)
    /// works through the hyper transport. A stream that stops yielding fails the call at the
    /// idle timeout ([`Timeouts::idle`](crate::Timeouts::idle)), but its reading thread waits
    /// for its next item or its end (and Tokio's shutdown waits for that thread): end a
    /// stream whose upload failed, e.g. by dropping its channel's sender.
    ///
    /// One-shot: the upload is not retried once reading has started (see [`UploadSource`]).
    ///
    /// ```
    /// use bytes::Bytes;
    /// use imagekit::api::upload::{UploadFile, UploadSource};
    ///
    /// let chunks = futures_lite::stream::iter([
    ///     Ok::<_, std::io::Error>(Bytes::from_static(b"GIF89a")),
    ///     Ok(Bytes::from_static(b"\x01\x00\x01\x00")),
    /// ]);
    /// let upload = UploadFile::new(UploadSource::stream(chunks, Some(10)), "pixel.gif");
    /// # let _ = upload;
    /// ```
    pub fn stream<S, B, E>(stream: S, len: Option<u64>) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let reader = StreamReader {
            stream: Box::pin(stream),
            chunk: Bytes::new(),
        };
        UploadSource::OneShot(OneShot::new(Box::new(reader), len))
    }

    /// An `http(s)` URL ImageKit fetches.
    pub fn url(url: impl Into<String>) -> Self {
        UploadSource::Url(url.into())
    }

    /// Base64 content.
    pub fn base64(content: impl Into<String>) -> Self {
        UploadSource::Base64(content.into())
    }

    /// Whether this is a one-shot source an attempt has already started reading: an upload of
    /// it cannot be sent (again).
    pub fn is_spent(&self) -> bool {
        matches!(self, UploadSource::OneShot(source) if source.is_spent())
    }
}

impl fmt::Debug for UploadSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UploadSource::Bytes(bytes, name) => f
                .debug_struct("Bytes")
                .field("len", &bytes.len())
                .field("filename", name)
                .finish(),
            UploadSource::File(path) => f.debug_tuple("File").field(path).finish(),
            UploadSource::OpenFile(file) => f.debug_tuple("OpenFile").field(file).finish(),
            UploadSource::OneShot(source) => source.fmt(f),
            UploadSource::Url(url) => f.debug_tuple("Url").field(url).finish(),
            UploadSource::Base64(content) => f
                .debug_struct("Base64")
                .field("len", &content.len())
                .finish(),
        }
    }
}

impl PartialEq for UploadSource {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (UploadSource::Bytes(a, a_name), UploadSource::Bytes(b, b_name)) => {
                a == b && a_name == b_name
            }
            (UploadSource::File(a), UploadSource::File(b)) => a == b,
            (UploadSource::OpenFile(a), UploadSource::OpenFile(b)) => Arc::ptr_eq(a, b),
            (UploadSource::OneShot(a), UploadSource::OneShot(b)) => Arc::ptr_eq(&a.0, &b.0),
            (UploadSource::Url(a), UploadSource::Url(b)) => a == b,
            (UploadSource::Base64(a), UploadSource::Base64(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for UploadSource {}

/// A reader or stream read once, while the first attempt sends it ([`UploadSource::reader`],
/// [`UploadSource::stream`]). Clones share it: whichever reads first takes it.
#[derive(Clone)]
pub struct OneShot(Arc<Shared>);

struct Shared {
    /// `None` once an attempt has taken it.
    reader: Mutex<Option<Box<dyn Read + Send>>>,
    len: Option<u64>,
}

impl OneShot {
    fn new(reader: Box<dyn Read + Send>, len: Option<u64>) -> Self {
        OneShot(Arc::new(Shared {
            reader: Mutex::new(Some(reader)),
            len,
        }))
    }

    /// The body source the file part reads: the reader the first time it is opened.
    pub(super) fn body_source(&self) -> Box<dyn BodySource> {
        Box::new(Arc::clone(&self.0))
    }

    /// Whether an attempt has taken it.
    pub fn is_spent(&self) -> bool {
        self.0
            .reader
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_none()
    }
}

/// What a second read of a one-shot source says.
pub(super) const SPENT: &str = "the upload's reader or stream was already read by an earlier \
    attempt and cannot be sent again (a file or bytes can be)";

impl fmt::Debug for OneShot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OneShot")
            .field("len", &self.0.len)
            .field("spent", &self.is_spent())
            .finish()
    }
}

impl BodySource for Arc<Shared> {
    fn len(&self) -> Option<u64> {
        self.len
    }

    /// The reader, the first time; then an error, so no attempt sends an empty body.
    fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        let taken = self
            .reader
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let reader = taken.ok_or_else(|| io::Error::other(SPENT))?;
        Ok(match self.len {
            Some(len) => Box::new(Exact {
                inner: reader,
                len,
                left: len,
            }),
            None => reader,
        })
    }
}

/// A reader that must give exactly `len` bytes (the `Content-Length` announced).
struct Exact {
    inner: Box<dyn Read + Send>,
    len: u64,
    left: u64,
}

impl Read for Exact {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            // At the announced end: the source must end too.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("the upload's source gave more than its length {}", self.len),
                )),
            };
        }
        let room = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..room])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "the upload's source ended after {} of its {} bytes",
                    self.len - self.left,
                    self.len
                ),
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// A stream of chunks read as a blocking reader: each chunk is awaited by parking the reading
/// thread until the stream wakes it.
struct StreamReader<S> {
    stream: Pin<Box<S>>,
    /// What is left of the last chunk.
    chunk: Bytes,
}

impl<S, B, E> Read for StreamReader<S>
where
    S: Stream<Item = Result<B, E>>,
    B: Into<Bytes>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        while self.chunk.is_empty() {
            match next_blocking(self.stream.as_mut()) {
                None => return Ok(0),
                Some(Err(e)) => return Err(io::Error::other(e)),
                Some(Ok(chunk)) => self.chunk = chunk.into(),
            }
        }
        let n = buf.len().min(self.chunk.len());
        buf[..n].copy_from_slice(&self.chunk[..n]);
        self.chunk.advance(n);
        Ok(n)
    }
}

/// Wakes a parked thread.
struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// The stream's next item, parking this thread until it is ready.
fn next_blocking<S: Stream>(mut stream: Pin<&mut S>) -> Option<S::Item> {
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        match stream.as_mut().poll_next(&mut cx) {
            Poll::Ready(item) => return item,
            // A wake before the park makes the park return at once; a spurious return polls
            // again.
            Poll::Pending => std::thread::park(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(source: &OneShot) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        source.body_source().open()?.read_to_end(&mut out)?;
        Ok(out)
    }

    fn one_shot(source: UploadSource) -> OneShot {
        match source {
            UploadSource::OneShot(source) => source,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_reader_is_read_once_then_says_why_not_again() {
        let source = one_shot(UploadSource::reader(&b"hello"[..], None));
        assert!(!source.is_spent());
        assert_eq!(read_all(&source).unwrap(), b"hello");
        assert!(source.is_spent());
        let err = read_all(&source).unwrap_err();
        assert!(err.to_string().contains("already read"), "{err}");
    }

    #[test]
    fn a_reader_with_a_length_must_give_exactly_that_many_bytes() {
        let exact = one_shot(UploadSource::reader(&b"hello"[..], Some(5)));
        assert_eq!(read_all(&exact).unwrap(), b"hello");
        let short = one_shot(UploadSource::reader(&b"hell"[..], Some(5)));
        let err = read_all(&short).unwrap_err();
        assert!(
            err.to_string().contains("ended after 4 of its 5 bytes"),
            "{err}"
        );
        let long = one_shot(UploadSource::reader(&b"hello!"[..], Some(5)));
        let err = read_all(&long).unwrap_err();
        assert!(err.to_string().contains("more than its length 5"), "{err}");
    }

    #[test]
    fn a_stream_is_read_chunk_by_chunk_and_its_error_is_the_reads() {
        let items: Vec<Result<&'static [u8], io::Error>> = vec![Ok(b"ab"), Ok(b""), Ok(b"cde")];
        let source = one_shot(UploadSource::stream(
            futures_lite::stream::iter(items),
            None,
        ));
        assert_eq!(read_all(&source).unwrap(), b"abcde");
        let failing = vec![Ok(&b"ab"[..]), Err(io::Error::other("disk gone"))];
        let source = one_shot(UploadSource::stream(
            futures_lite::stream::iter(failing),
            None,
        ));
        let err = read_all(&source).unwrap_err();
        assert_eq!(err.to_string(), "disk gone");
    }
}
