//! The request [`Body`]: empty, bytes in memory, or a stream opened anew from its
//! [`BodySource`] for every attempt (a file on disk is one), so a large upload is never read
//! into memory and a retry sends it whole again.

use core::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;

/// A request body: bytes in memory, or a stream opened from its source for each attempt, so a
/// large upload is never read into memory and a retry can send it again.
#[derive(Clone, Default)]
pub struct Body {
    inner: Inner,
}

#[derive(Clone, Default)]
enum Inner {
    #[default]
    Empty,
    Bytes(Bytes),
    Stream(Arc<dyn BodySource>),
}

/// Where a streamed body comes from. `open` is called once per attempt and must start from the
/// beginning each time.
// An `is_empty` would only restate `len() == Some(0)`.
#[allow(clippy::len_without_is_empty)]
pub trait BodySource: Send + Sync {
    /// The length in bytes, when known (sent as `Content-Length`).
    fn len(&self) -> Option<u64>;

    /// A reader from the first byte.
    fn open(&self) -> io::Result<Box<dyn Read + Send>>;
}

/// A file on disk, read in chunks as it is sent: by path (opened anew for each attempt), or an
/// open handle (read from its first byte with positional reads, so no attempt moves an offset
/// another one reads at). Its length is read once, when the body is made; a file whose size has
/// changed since fails to open, since the `Content-Length` sent would be wrong.
pub(crate) struct FileSource {
    origin: Origin,
    len: u64,
}

enum Origin {
    Path(PathBuf),
    Open(Arc<File>),
}

impl FileSource {
    /// The file at `path`, with its length now.
    pub(crate) fn new(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref().to_path_buf();
        let len = std::fs::metadata(&path)?.len();
        Ok(FileSource {
            origin: Origin::Path(path),
            len,
        })
    }

    /// An open file, with its length now.
    pub(crate) fn open_file(file: Arc<File>) -> io::Result<Self> {
        let len = file.metadata()?.len();
        Ok(FileSource {
            origin: Origin::Open(file),
            len,
        })
    }
}

impl BodySource for FileSource {
    fn len(&self) -> Option<u64> {
        Some(self.len)
    }

    fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        let (reader, now, name): (Box<dyn Read + Send>, _, _) = match &self.origin {
            Origin::Path(path) => {
                let file = File::open(path)?;
                let now = file.metadata()?.len();
                (Box::new(file), now, path.display().to_string())
            }
            Origin::Open(file) => {
                let now = file.metadata()?.len();
                let reader = ReadAt {
                    file: file.clone(),
                    offset: 0,
                };
                (Box::new(reader), now, "the open file".to_string())
            }
        };
        if now != self.len {
            return Err(io::Error::other(format!(
                "{name} changed size from {} to {now} bytes",
                self.len
            )));
        }
        Ok(Box::new(reader.take(self.len)))
    }
}

/// Reads a shared open file from `offset` on, without moving the file's own offset.
struct ReadAt {
    file: Arc<File>,
    offset: u64,
}

impl Read for ReadAt {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = read_at(&self.file, buf, self.offset)?;
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    // Moves the handle's offset too, which no reader here relies on.
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<usize> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "an open file cannot be read at an offset on this platform",
    ))
}

impl Body {
    /// No body.
    pub fn empty() -> Self {
        Body::default()
    }

    /// A body held in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Body {
            inner: Inner::Bytes(bytes.into()),
        }
    }

    /// A body streamed from `source`.
    pub fn stream(source: impl BodySource + 'static) -> Self {
        Body {
            inner: Inner::Stream(Arc::new(source)),
        }
    }

    /// A file streamed from disk; its length is read now.
    pub fn file(path: impl AsRef<Path>) -> io::Result<Self> {
        Ok(Body::stream(FileSource::new(path)?))
    }

    /// The length in bytes, when known.
    pub fn len(&self) -> Option<u64> {
        match &self.inner {
            Inner::Empty => Some(0),
            Inner::Bytes(b) => Some(b.len() as u64),
            Inner::Stream(s) => s.len(),
        }
    }

    /// True for an empty in-memory body.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The bytes, when the body is held in memory.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.inner {
            Inner::Empty => None,
            Inner::Bytes(b) => Some(b),
            Inner::Stream(_) => None,
        }
    }

    /// The source of a streamed body (`None` for one in memory).
    pub(crate) fn source(&self) -> Option<&Arc<dyn BodySource>> {
        match &self.inner {
            Inner::Stream(s) => Some(s),
            Inner::Empty | Inner::Bytes(_) => None,
        }
    }

    /// A reader over the whole body from its start (for a stream, opened anew).
    pub fn reader(&self) -> io::Result<Box<dyn Read + Send>> {
        match &self.inner {
            Inner::Empty => Ok(Box::new(io::empty())),
            Inner::Bytes(b) => Ok(Box::new(io::Cursor::new(b.clone()))),
            Inner::Stream(s) => s.open(),
        }
    }

    /// The whole body in memory (reads a stream to its end): for tests and small bodies.
    pub fn to_bytes(&self) -> io::Result<Bytes> {
        match &self.inner {
            Inner::Empty => Ok(Bytes::new()),
            Inner::Bytes(b) => Ok(b.clone()),
            Inner::Stream(s) => {
                let mut buf = Vec::new();
                s.open()?.read_to_end(&mut buf)?;
                Ok(buf.into())
            }
        }
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Empty => f.write_str("Body::Empty"),
            Inner::Bytes(b) => write!(f, "Body::Bytes({} bytes)", b.len()),
            Inner::Stream(s) => match s.len() {
                Some(n) => write!(f, "Body::Stream({n} bytes)"),
                None => f.write_str("Body::Stream"),
            },
        }
    }
}

impl From<Bytes> for Body {
    fn from(b: Bytes) -> Self {
        Body::bytes(b)
    }
}

impl From<Vec<u8>> for Body {
    fn from(b: Vec<u8>) -> Self {
        Body::bytes(b)
    }
}

impl From<String> for Body {
    fn from(s: String) -> Self {
        Body::bytes(s)
    }
}

impl From<&'static str> for Body {
    fn from(s: &'static str) -> Self {
        Body::bytes(Bytes::from_static(s.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_body_streams_from_disk_and_reopens_from_the_start() {
        let dir = std::env::temp_dir().join(format!("imagekit-body-{}", std::process::id()));
        std::fs::write(&dir, b"hello file").unwrap();
        let body = Body::file(&dir).unwrap();
        assert_eq!(body.len(), Some(10));
        assert_eq!(body.as_bytes(), None);
        for _ in 0..2 {
            let mut text = String::new();
            body.reader().unwrap().read_to_string(&mut text).unwrap();
            assert_eq!(text, "hello file");
        }
        assert_eq!(format!("{body:?}"), "Body::Stream(10 bytes)");
        std::fs::remove_file(&dir).unwrap();
    }

    #[test]
    fn a_file_that_changed_size_fails_to_open() {
        let path = std::env::temp_dir().join(format!("imagekit-body-size-{}", std::process::id()));
        std::fs::write(&path, b"0123456789").unwrap();
        let body = Body::file(&path).unwrap();
        std::fs::write(&path, b"012").unwrap();
        assert!(body.reader().is_err());
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn an_open_file_body_reads_from_the_start_for_each_reader_at_once() {
        let path = std::env::temp_dir().join(format!("imagekit-body-open-{}", std::process::id()));
        std::fs::write(&path, b"hello open file").unwrap();
        let file = Arc::new(File::open(&path).unwrap());
        std::fs::remove_file(&path).unwrap();
        let body = Body::stream(FileSource::open_file(file).unwrap());
        assert_eq!(body.len(), Some(15));
        // Two attempts' readers alive at once, read in turns: neither moves the other's place.
        let (mut first, mut second) = (body.reader().unwrap(), body.reader().unwrap());
        let (mut a, mut b) = ([0; 6], [0; 6]);
        first.read_exact(&mut a).unwrap();
        second.read_exact(&mut b).unwrap();
        assert_eq!((&a, &b), (b"hello ", b"hello "));
        let mut rest = String::new();
        first.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "open file");
        assert_eq!(body.to_bytes().unwrap().as_ref(), b"hello open file");
    }

    #[test]
    fn an_open_file_that_changed_size_fails_to_open() {
        let path =
            std::env::temp_dir().join(format!("imagekit-body-open-size-{}", std::process::id()));
        std::fs::write(&path, b"0123456789").unwrap();
        let file = Arc::new(File::open(&path).unwrap());
        let body = Body::stream(FileSource::open_file(file).unwrap());
        std::fs::write(&path, b"012").unwrap();
        let err = body.reader().err().unwrap();
        assert!(
            err.to_string().contains("changed size from 10 to 3"),
            "{err}"
        );
        std::fs::remove_file(&path).unwrap();
    }
}
