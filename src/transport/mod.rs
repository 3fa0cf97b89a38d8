//! How requests reach ImageKit: the [`Transport`] trait every HTTP stack can implement, the
//! request [`Body`] (in memory, or streamed and re-openable for a retry), and
//! [`TransportError`], whose kind the retry logic reads without knowing the adapter.
//!
//! An adapter for any stack takes a few lines:
//!
//! ```
//! use imagekit::transport::{async_trait, Body, Transport, TransportError};
//!
//! struct Canned;
//!
//! #[async_trait]
//! impl Transport for Canned {
//!     async fn send(&self, request: http::Request<Body>) -> Result<http::Response<bytes::Bytes>, TransportError> {
//!         // Send `request` with your client; map its failures with TransportError::connect,
//!         // ::timeout, ::io or ::other.
//!         let _ = request;
//!         Ok(http::Response::new(bytes::Bytes::from_static(b"{}")))
//!     }
//! }
//! ```

use core::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use async_trait::async_trait;
use bytes::Bytes;

/// [`FakeTransport`](fake::FakeTransport): scripted, matched and replayed answers for tests.
#[cfg(feature = "test-util")]
pub mod fake;
/// [`HyperTransport`](hyper::HyperTransport): hyper 1 with rustls (ring), the default transport.
#[cfg(feature = "hyper")]
pub mod hyper;
/// [`IsahcTransport`](isahc::IsahcTransport): libcurl through isahc 2, with rustls.
#[cfg(feature = "isahc")]
pub mod isahc;
/// [`Recording`](record::Recording) and [`Fixture`](record::Fixture): recorded, scrubbed traffic.
#[cfg(feature = "test-util")]
pub mod record;

/// Sends one request and returns the whole response, or fails with a [`TransportError`].
/// Retries, timeouts between attempts and decoding are the SDK's job, not the transport's.
#[async_trait]
pub trait Transport: Send + Sync {
    /// Sends `request` once.
    async fn send(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Response<Bytes>, TransportError>;
}

#[async_trait]
impl<T: Transport + ?Sized> Transport for Arc<T> {
    async fn send(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        (**self).send(request).await
    }
}

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

/// A file on disk, read in chunks as it is sent.
struct FileSource {
    path: PathBuf,
    len: u64,
}

impl BodySource for FileSource {
    fn len(&self) -> Option<u64> {
        Some(self.len)
    }

    fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        Ok(Box::new(std::fs::File::open(&self.path)?))
    }
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
        let path = path.as_ref().to_path_buf();
        let len = std::fs::metadata(&path)?.len();
        Ok(Body::stream(FileSource { path, len }))
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

/// What went wrong below HTTP, as far as retrying cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made: the request was not sent.
    Connect,
    /// No answer in time.
    Timeout,
    /// The connection failed while sending or receiving.
    Io,
    /// Anything else (a bad request the stack refused, a TLS failure…).
    Other,
}

/// A failure of the transport, with a [`TransportErrorKind`] and the stack's own error as its
/// source.
#[derive(Debug, Clone)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Arc<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// A failure of `kind` caused by `source`.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            source: Arc::from(source.into()),
        }
    }

    /// The connection could not be made (the request was provably not sent).
    pub fn connect(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::new(TransportErrorKind::Connect, source)
    }

    /// No answer in time.
    pub fn timeout(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::new(TransportErrorKind::Timeout, source)
    }

    /// The connection failed while sending or receiving.
    pub fn io(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::new(TransportErrorKind::Io, source)
    }

    /// Any other failure.
    pub fn other(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::new(TransportErrorKind::Other, source)
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Io => "connection failed",
            TransportErrorKind::Other => "request failed",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

impl PartialEq for TransportError {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.source.to_string() == other.source.to_string()
    }
}

impl Eq for TransportError {}

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
    fn errors_keep_their_kind_and_source() {
        let e = TransportError::timeout("no answer after 5 s");
        assert_eq!(e.kind(), TransportErrorKind::Timeout);
        assert_eq!(e.to_string(), "timed out: no answer after 5 s");
        assert!(std::error::Error::source(&e).is_some());
    }
}
