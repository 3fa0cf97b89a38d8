//! [`IsahcTransport`](crate::transport::isahc::IsahcTransport): the [`Transport`] over
//! [isahc](::isahc) 2, an HTTP client on libcurl (built from source, with rustls, by isahc's
//! default features).
//!
//! isahc runs every transfer of a client on its own agent thread, so it needs no async runtime:
//! the future [`Transport::send`] returns can be driven by any executor.
//!
//! A limit found in this crate's tests: the libcurl isahc builds fails to connect a socket
//! whose descriptor number is past about 1,024 ("Could not connect to server"), so a process
//! holding more than about a thousand descriptors (many open connections or files) should use
//! the hyper adapter.
//!
//! ```no_run
//! use std::time::Duration;
//! use imagekit::transport::isahc::IsahcTransport;
//! use imagekit::transport::{Body, Transport};
//! use isahc::config::Configurable;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // A client of your own: proxy, CA bundle, connect timeout…
//! let client = isahc::HttpClient::builder()
//!     .connect_timeout(Duration::from_secs(5))
//!     .build()?;
//! let transport = IsahcTransport::with_client(client).timeout(Duration::from_secs(30));
//!
//! let request = http::Request::get("https://api.imagekit.io/v1/files").body(Body::empty())?;
//! let response = transport.send(request).await?;
//! println!("{} {} bytes", response.status(), response.body().len());
//! # Ok(())
//! # }
//! ```

use std::error::Error as _;
use std::fmt;
use std::io::{self, Read};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use ::isahc::config::Configurable;
use ::isahc::error::ErrorKind;
use ::isahc::{AsyncBody, HttpClient};
use blocking::Unblock;
use bytes::Bytes;
use futures_lite::AsyncReadExt;

use super::{
    announced_length, async_trait, Body, Transport, TransportError, DEFAULT_MAX_RESPONSE_BYTES,
};
use crate::timeouts::DEFAULT_CONNECT;

/// How many bytes of a streamed body may wait between its reader (on `blocking`'s thread pool)
/// and curl: the memory one streamed upload holds, whatever its size.
const STREAM_BUFFER: usize = 256 * 1024;

/// The most memory reserved up front from a response's `Content-Length` (a hint the server
/// gives, not a promise); a longer body grows the buffer as it arrives.
const MAX_PREALLOCATION: u64 = 8 * 1024 * 1024;

/// A [`Transport`] over an [`isahc::HttpClient`].
///
/// Request bodies held in memory are handed to curl as they are; streamed bodies are read from
/// their source in chunks on a thread pool while curl sends them, with their length as
/// `Content-Length` when the source knows it (chunked encoding otherwise). The whole response
/// body is read into memory.
///
/// Failures map to [`TransportErrorKind`](super::TransportErrorKind)s: a connection or name
/// resolution failure is `Connect`, isahc's timeout is `Timeout`, a connection lost while sending
/// or receiving (the response body included) is `Io`, anything else (TLS, protocol violations,
/// a body that curl would have to rewind…) is `Other`. Error messages are isahc's and curl's, and
/// never carry the request's headers.
#[derive(Clone, Debug)]
pub struct IsahcTransport {
    client: HttpClient,
    timeout: Option<Duration>,
    max_response_bytes: usize,
}

impl IsahcTransport {
    /// A transport with a new [`HttpClient`] of isahc's defaults (connection pooling, HTTP/2
    /// when the server offers it, curl's default CA roots and proxy variables), a connect
    /// timeout of 10 s, and curl's low-speed limit: a transfer that moves nothing for 60 s is
    /// aborted. The SDK's own [`Timeouts`](crate::Timeouts) end a call sooner; the low-speed
    /// limit also ends a transfer whose call was dropped, which isahc only notices once the
    /// server sends or reads something.
    ///
    /// Fails with [`TransportErrorKind::Other`](super::TransportErrorKind::Other) when isahc
    /// cannot start its client (its agent thread or curl's multi handle).
    pub fn new() -> Result<Self, TransportError> {
        let client = HttpClient::builder()
            .connect_timeout(DEFAULT_CONNECT)
            .low_speed_timeout(1, Duration::from_secs(60))
            .build()
            .map_err(|e| TransportError::other(Failure(e)))?;
        Ok(Self::with_client(client))
    }

    /// A transport over your own client, with its configuration (proxies, CA bundle,
    /// timeouts, redirect policy…).
    pub fn with_client(client: HttpClient) -> Self {
        IsahcTransport {
            client,
            timeout: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// Fails a request that has not completed within `timeout`, as
    /// [`TransportErrorKind::Timeout`](super::TransportErrorKind::Timeout). This is curl's
    /// timeout for the whole exchange, connecting, sending the body (a large upload
    /// included) and receiving the response; it overrides the client's own timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest answer read (default [`DEFAULT_MAX_RESPONSE_BYTES`]); a longer one, announced
    /// or streamed, fails with [`TransportErrorKind::TooLarge`](super::TransportErrorKind::TooLarge)
    /// and its connection is dropped.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The isahc client requests go through.
    pub fn client(&self) -> &HttpClient {
        &self.client
    }
}

#[async_trait]
impl Transport for IsahcTransport {
    async fn send(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let request = self.to_isahc(request)?;
        let response = self.client.send_async(request).await.map_err(map_error)?;
        let (parts, body) = response.into_parts();
        let limit = self.max_response_bytes;
        if announced_length(&parts.headers).is_some_and(|n| n > limit as u64) {
            // Dropping the body drops the connection: nothing more is read.
            return Err(TransportError::too_large(limit));
        }
        let capacity = body.len().unwrap_or(0).min(MAX_PREALLOCATION);
        // The bound above keeps `capacity` within usize on every target.
        let mut buf = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
        // One byte past the limit tells a body of exactly `limit` bytes from a longer one.
        let mut body = body.take(limit as u64 + 1);
        body.read_to_end(&mut buf).await.map_err(map_body_error)?;
        if buf.len() > limit {
            return Err(TransportError::too_large(limit));
        }
        Ok(http::Response::from_parts(parts, Bytes::from(buf)))
    }
}

impl IsahcTransport {
    /// The same request with an isahc body and this transport's timeout.
    fn to_isahc(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Request<AsyncBody>, TransportError> {
        let (parts, body) = request.into_parts();
        let body = to_async_body(&parts.method, body)?;
        let mut builder = http::Request::builder()
            .method(parts.method)
            .uri(parts.uri)
            .version(parts.version);
        if let Some(headers) = builder.headers_mut() {
            *headers = parts.headers;
        }
        if let Some(extensions) = builder.extensions_mut() {
            *extensions = parts.extensions;
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        // The parts came from a valid request, so this does not fail; were it to, http's error
        // names what was invalid, never a header's value.
        builder.body(body).map_err(TransportError::other)
    }
}

/// The isahc body for `body`: bytes as they are, a stream read on a thread pool.
fn to_async_body(method: &http::Method, body: Body) -> Result<AsyncBody, TransportError> {
    if body.len() == Some(0) {
        // curl sends `Content-Length: 0` for an empty body, and no body at all for "no body":
        // methods that carry one get the former, as servers may refuse them otherwise.
        let carries_body = matches!(
            *method,
            http::Method::POST | http::Method::PUT | http::Method::PATCH
        );
        return Ok(if carries_body {
            AsyncBody::from(Vec::new())
        } else {
            AsyncBody::empty()
        });
    }
    if let Some(bytes) = body.as_bytes().cloned() {
        // A buffer curl can rewind (to resend on a reused connection found dead, to follow a
        // redirect). No copy when nothing else holds the bytes; a copy otherwise, as when the
        // caller keeps the body for a retry: bodies in memory are small.
        drop(body);
        return Ok(AsyncBody::from(Vec::from(bytes)));
    }
    // A stream: opened once for this attempt. Opening failed before anything was sent, and
    // opening it again will most likely fail the same way, hence Other rather than Io.
    let reader = body.reader().map_err(TransportError::other)?;
    // isahc polls a request body on its agent thread, which serves every transfer of the
    // client: the blocking reader runs on `blocking`'s pool instead, a bounded buffer ahead.
    let reader = Unblock::with_capacity(STREAM_BUFFER, SyncRead(Mutex::new(reader)));
    Ok(match body.len() {
        Some(len) => AsyncBody::from_reader_sized(reader, len),
        None => AsyncBody::from_reader(reader),
    })
}

/// A reader that is `Sync` (isahc's bodies must be), as only `read(&mut self)` touches it.
struct SyncRead(Mutex<Box<dyn Read + Send>>);

impl Read for SyncRead {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // `get_mut` takes no lock; a poisoned mutex still holds a usable reader.
        self.0
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .read(buf)
    }
}

/// The kind of a failure to send the request or receive the response's head.
fn map_error(error: ::isahc::Error) -> TransportError {
    match error.kind() {
        ErrorKind::ConnectionFailed | ErrorKind::NameResolution => {
            TransportError::connect(Failure(error))
        }
        ErrorKind::Timeout => TransportError::timeout(Failure(error)),
        ErrorKind::Io => TransportError::io(Failure(error)),
        _ => TransportError::other(Failure(error)),
    }
}

/// The kind of a failure while reading the response body: the connection was lost (Io),
/// unless the timeout struck.
fn map_body_error(error: io::Error) -> TransportError {
    // isahc wraps its own error in the io::Error; this unwraps it (or classifies a plain one).
    let error = ::isahc::Error::from(error);
    match error.kind() {
        ErrorKind::Timeout => TransportError::timeout(Failure(error)),
        _ => TransportError::io(Failure(error)),
    }
}

/// An isahc error whose message also tells its cause: isahc's own says only "unknown error" for
/// an I/O failure, where curl's cause says e.g. "Transferred a partial file".
#[derive(Debug)]
struct Failure(::isahc::Error);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.to_string();
        match self.0.kind() {
            ErrorKind::Io => f.write_str(&text.replacen("unknown error", "I/O error", 1))?,
            _ => f.write_str(&text)?,
        }
        match self.0.source() {
            Some(cause) => write!(f, " ({cause})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Failure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}
