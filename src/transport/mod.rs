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
use std::sync::Arc;

pub use async_trait::async_trait;
use bytes::Bytes;

use crate::timer::Sleep;

mod body;
#[cfg(any(feature = "hyper", feature = "reqwest"))]
mod chain;
/// [`HyperTransport`](hyper::HyperTransport): hyper 1 with rustls (ring), the default transport.
#[cfg(feature = "hyper")]
pub mod hyper;
/// [`IsahcTransport`](isahc::IsahcTransport): libcurl through isahc 2, with rustls.
#[cfg(feature = "isahc")]
pub mod isahc;
pub(crate) mod multipart;
/// [`ReqwestTransport`](reqwest::ReqwestTransport): reqwest 0.13, yours or with rustls (ring).
#[cfg(feature = "reqwest")]
pub mod reqwest;
#[cfg(any(feature = "hyper", feature = "reqwest"))]
mod streamed;
#[cfg(feature = "test-util")]
pub mod testing;
#[cfg(any(feature = "hyper", feature = "reqwest"))]
mod tls;

pub use body::{Body, BodySource};

/// The fake transport under its old path: use [`testing`].
#[cfg(feature = "test-util")]
#[deprecated(since = "0.2.0", note = "moved to `imagekit::transport::testing`")]
pub mod fake {
    pub use super::testing::{
        FakeTransport, Matcher, MultipartError, MultipartPart, RecordedRequest, ReplayMismatch,
        Reply,
    };
}

/// Recorded traffic under its old path: use [`testing`].
#[cfg(feature = "test-util")]
#[deprecated(since = "0.2.0", note = "moved to `imagekit::transport::testing`")]
pub mod record {
    pub use super::testing::{
        Fixture, FixtureBody, FixtureRequest, FixtureResponse, HeaderValues, Recording, REDACTED,
    };
}
pub(crate) use body::FileSource;

/// Sends one request and returns the whole response, or fails with a [`TransportError`].
/// Retries, timeouts between attempts and decoding are the SDK's job, not the transport's.
#[async_trait]
pub trait Transport: Send + Sync {
    /// Sends `request` once.
    async fn send(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Response<Bytes>, TransportError>;

    /// The timer of the runtime this transport runs on, which the SDK then uses for its
    /// deadlines and for the pauses between attempts (Tokio's, for
    /// [`HyperTransport`](hyper::HyperTransport) and
    /// [`ReqwestTransport`](reqwest::ReqwestTransport)). `None`, the default, means
    /// [`TimerThread`](crate::TimerThread), which works under any executor.
    fn timer(&self) -> Option<&dyn Sleep> {
        None
    }
}

#[async_trait]
impl<T: Transport + ?Sized> Transport for Arc<T> {
    async fn send(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        (**self).send(request).await
    }

    fn timer(&self) -> Option<&dyn Sleep> {
        (**self).timer()
    }
}

/// The longest answer an adapter reads by default: 64 MiB, far above the largest ImageKit
/// sends (a `list_files` of 1,000 files with their metadata is a few MB). Past it the call
/// fails with [`TransportErrorKind::TooLarge`], so a server that never ends its body cannot
/// grow the process without bound.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

/// The `Content-Length` an answer announces, when it has a readable one.
#[cfg(any(feature = "hyper", feature = "isahc", feature = "reqwest"))]
pub(crate) fn announced_length(headers: &http::HeaderMap) -> Option<u64> {
    headers
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
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
    /// The answer was longer than the transport accepts (its `max_response_bytes`, default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]): the connection was dropped and nothing is retried.
    TooLarge,
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

    /// An answer longer than `limit` bytes ([`TransportErrorKind::TooLarge`]).
    pub fn too_large(limit: usize) -> Self {
        TransportError::new(
            TransportErrorKind::TooLarge,
            format!("the answer is longer than {limit} bytes (max_response_bytes)"),
        )
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
            TransportErrorKind::TooLarge => "answer too large",
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
    fn errors_keep_their_kind_and_source() {
        let e = TransportError::timeout("no answer after 5 s");
        assert_eq!(e.kind(), TransportErrorKind::Timeout);
        assert_eq!(e.to_string(), "timed out: no answer after 5 s");
        assert!(std::error::Error::source(&e).is_some());
    }
}
