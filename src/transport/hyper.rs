//! [`HyperTransport`]: the [`Transport`] over hyper 1 and hyper-util's pooled client on Tokio,
//! with TLS by rustls (ring backend) and Mozilla's root certificates compiled in.
//!
//! It needs a Tokio runtime with its time driver (`#[tokio::main]` or `enable_all()`): the pool
//! expires idle connections and the [timeout] runs on it. A streamed [`Body`] is read in 64 KiB
//! chunks on Tokio's blocking pool while it is sent, so a large upload never sits in memory; the
//! response body is read whole.
//!
//! [`HyperTransport`]: crate::transport::hyper::HyperTransport
//! [`Transport`]: crate::transport::Transport
//! [`Body`]: crate::transport::Body
//! [timeout]: crate::transport::hyper::HyperTransport::timeout
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use imagekit::transport::hyper::HyperTransport;
//! use imagekit::transport::{Body, Transport};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let transport = HyperTransport::new().timeout(Duration::from_secs(60));
//! let request = http::Request::post("https://api.imagekit.io/v1/files/purge")
//!     .header("content-type", "application/json")
//!     .body(Body::from(r#"{"url":"https://ik.imagekit.io/demo/a.jpg"}"#))?;
//! let response = transport.send(request).await?;
//! println!("{} {} bytes", response.status(), response.body().len());
//! # Ok(())
//! # }
//! ```

use core::fmt;
use std::error::Error as StdError;
use std::io::{self, Read};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::header::{HeaderValue, CONTENT_LENGTH};
use http::Method;
use http_body::{Frame, SizeHint};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper_rustls::builderstates::WantsSchemes;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::{Connect, HttpConnector};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use tokio::runtime::Handle;
use tokio::sync::mpsc;

use super::{
    announced_length, async_trait, Body, Transport, TransportError, TransportErrorKind,
    DEFAULT_MAX_RESPONSE_BYTES,
};
use crate::timeouts::DEFAULT_CONNECT;
use crate::timer::{Sleep, TokioSleep};

/// How much of a streamed body is read at a time.
const CHUNK: usize = 64 * 1024;
/// How many chunks may wait between the reading thread and the connection.
const CHANNEL_CHUNKS: usize = 4;

/// The connector of [`HyperTransport::new`] and [`HyperTransport::with_tls_config`]: rustls over
/// hyper-util's TCP connector, for `https` and plain `http` URLs.
pub type DefaultConnector = HttpsConnector<HttpConnector>;

/// A [`Transport`] over hyper 1: hyper-util's pooled legacy `Client` on Tokio, HTTP/1.1 and
/// HTTP/2 (by ALPN), TLS by rustls with the ring backend.
///
/// Cloning is cheap and shares the connection pool. Every request needs a Tokio runtime with its
/// time driver; without a runtime, [`send`](Transport::send) fails with an `Other` error.
///
/// ```no_run
/// use std::time::Duration;
///
/// use imagekit::transport::hyper::HyperTransport;
/// use imagekit::transport::{Body, Transport};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let transport = HyperTransport::new().timeout(Duration::from_secs(30));
/// let request = http::Request::get("https://api.imagekit.io/v1/files?limit=1")
///     .body(Body::empty())?;
/// let response = transport.send(request).await?;
/// assert!(response.status().is_success());
/// # Ok(())
/// # }
/// ```
pub struct HyperTransport<C = DefaultConnector> {
    client: Client<C, RequestBody>,
    /// The connector's, when this transport set it (to name it in errors).
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    max_response_bytes: usize,
}

/// rustls' ring backend, the one this crate is built with (no C toolchain, no cmake). rustls
/// 0.23.48 deprecates it because ring offers no post-quantum key exchange; that is a known
/// trade of this default, so the deprecation is allowed here, in one place. A client that wants
/// another provider passes its own configuration to [`HyperTransport::with_tls_config`].
#[allow(deprecated)]
fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

impl HyperTransport {
    /// HTTPS with Mozilla's root certificates (webpki-roots) and rustls' ring backend; plain
    /// `http` URLs are allowed too (for a local test server). Connecting times out after 10 s
    /// (a [`Connect`](TransportErrorKind::Connect) error); no other timeout (the client keeps
    /// its own, see [`Timeouts`](crate::Timeouts)).
    pub fn new() -> Self {
        Self::with_connect_timeout(Some(DEFAULT_CONNECT))
    }

    /// As [`HyperTransport::new`], with another connect timeout (`None`: the system's).
    pub fn with_connect_timeout(timeout: Option<Duration>) -> Self {
        let provider = Arc::new(ring_provider());
        let builder = HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(provider)
            // Only fails for a provider without cipher suites for TLS 1.2 and 1.3; ring has both.
            .expect("rustls' ring provider supports the default protocol versions");
        Self::from_builder(builder, timeout)
    }

    /// HTTPS with your own rustls configuration (a private CA, client certificates, another
    /// crypto provider…); plain `http` URLs are allowed too. The configuration's ALPN protocols
    /// are replaced by `h2` and `http/1.1`. Connecting times out after 10 s.
    ///
    /// ```no_run
    /// use imagekit::transport::hyper::HyperTransport;
    ///
    /// # fn run(ca_der: Vec<u8>) -> Result<(), Box<dyn std::error::Error>> {
    /// let mut roots = rustls::RootCertStore::empty();
    /// roots.add(rustls::pki_types::CertificateDer::from(ca_der))?;
    /// // The process's default crypto provider (install one first if your build has several).
    /// let config = rustls::ClientConfig::builder()
    ///     .with_root_certificates(roots)
    ///     .with_no_client_auth();
    /// let transport = HyperTransport::with_tls_config(config);
    /// # let _ = transport;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_tls_config(mut config: rustls::ClientConfig) -> Self {
        // hyper-rustls sets ALPN itself and panics on a configuration that already has some.
        config.alpn_protocols.clear();
        let builder = HttpsConnectorBuilder::new().with_tls_config(config);
        Self::from_builder(builder, Some(DEFAULT_CONNECT))
    }

    fn from_builder(
        builder: HttpsConnectorBuilder<WantsSchemes>,
        connect: Option<Duration>,
    ) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(connect);
        let connector = builder
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(http);
        HyperTransport {
            connect_timeout: connect,
            ..Self::with_connector(connector)
        }
    }
}

impl Default for HyperTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl<C> HyperTransport<C>
where
    C: Connect + Clone + Send + Sync + 'static,
{
    /// Over your own hyper-util connector (a proxy, a Unix socket, another TLS stack…), for
    /// example a `hyper_rustls::HttpsConnector` built as you need it, with its own connect
    /// timeout.
    ///
    /// ```no_run
    /// use hyper_util::client::legacy::connect::HttpConnector;
    /// use imagekit::transport::hyper::HyperTransport;
    ///
    /// // Plain HTTP only, e.g. behind a TLS-terminating sidecar.
    /// let transport = HyperTransport::with_connector(HttpConnector::new());
    /// # let _ = transport;
    /// ```
    pub fn with_connector(connector: C) -> Self {
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .build(connector);
        HyperTransport {
            client,
            connect_timeout: None,
            timeout: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl<C> HyperTransport<C> {
    /// Fails a request with a [`TransportErrorKind::Timeout`] error when the whole exchange
    /// (connecting, sending the body and reading the whole response) takes longer than
    /// `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest answer read (default [`DEFAULT_MAX_RESPONSE_BYTES`]); a longer one, announced
    /// or streamed, fails with [`TransportErrorKind::TooLarge`] and its connection is dropped.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }
}

impl<C: Clone> Clone for HyperTransport<C> {
    fn clone(&self) -> Self {
        HyperTransport {
            client: self.client.clone(),
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
        }
    }
}

impl<C> fmt::Debug for HyperTransport<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl<C> Transport for HyperTransport<C>
where
    C: Connect + Clone + Send + Sync + 'static,
{
    async fn send(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let handle = Handle::try_current()
            .map_err(|_| TransportError::other("HyperTransport needs a Tokio runtime"))?;
        let request = to_hyper(request, handle);
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| client_error(e, self.connect_timeout))?;
            let (parts, body) = response.into_parts();
            let limit = self.max_response_bytes;
            if announced_length(&parts.headers).is_some_and(|n| n > limit as u64) {
                // Dropping the body drops the connection: nothing more is read.
                return Err(TransportError::too_large(limit));
            }
            let body = Limited::new(body, limit)
                .collect()
                .await
                .map_err(|e| match e.downcast::<::hyper::Error>() {
                    Ok(e) => TransportError::new(hyper_kind(&*e), ChainError::new(*e)),
                    Err(e) if e.is::<LengthLimitError>() => TransportError::too_large(limit),
                    Err(e) => TransportError::io(e),
                })?;
            Ok(http::Response::from_parts(parts, body.to_bytes()))
        };
        match self.timeout {
            None => exchange.await,
            Some(limit) => tokio::time::timeout(limit, exchange).await.map_err(|_| {
                TransportError::timeout(format!("no whole response within {limit:?}"))
            })?,
        }
    }

    fn timer(&self) -> Option<&dyn Sleep> {
        Some(&TokioSleep)
    }
}

/// The request with a body hyper can send, and `Content-Length` when the length is known.
fn to_hyper(request: http::Request<Body>, handle: Handle) -> http::Request<RequestBody> {
    let (mut parts, body) = request.into_parts();
    let len = body.len();
    if let Some(len) = len {
        let bodiless = matches!(
            parts.method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::CONNECT
        );
        let wanted = len > 0 || !bodiless;
        if wanted && !parts.headers.contains_key(CONTENT_LENGTH) {
            parts.headers.insert(CONTENT_LENGTH, HeaderValue::from(len));
        }
    }
    let state = if let Some(bytes) = body.as_bytes() {
        State::Full(Some(bytes.clone()))
    } else if len == Some(0) {
        State::Full(None)
    } else {
        State::Pending(body, handle)
    };
    http::Request::from_parts(parts, RequestBody { state, len })
}

/// A request body as hyper reads it: bytes in one frame, or a stream read on the blocking pool.
struct RequestBody {
    state: State,
    len: Option<u64>,
}

enum State {
    /// In memory, until its one frame is taken.
    Full(Option<Bytes>),
    /// A stream not opened yet: opened when hyper first asks for data, so a request that fails
    /// to connect never reads its source.
    Pending(Body, Handle),
    /// Chunks from the reading thread.
    Running(mpsc::Receiver<Result<Bytes, SourceError>>),
    /// Sent, or failed.
    Done,
}

impl http_body::Body for RequestBody {
    type Data = Bytes;
    type Error = SourceError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, SourceError>>> {
        let this = self.get_mut();
        if let State::Pending(..) = this.state {
            if let State::Pending(body, handle) = std::mem::replace(&mut this.state, State::Done) {
                let (tx, rx) = mpsc::channel(CHANNEL_CHUNKS);
                let len = this.len;
                // Dropping the JoinHandle detaches the task; it ends at the end of the source or
                // as soon as the request is dropped (the channel closes).
                drop(handle.spawn_blocking(move || pump(&body, len, &tx)));
                this.state = State::Running(rx);
            }
        }
        match &mut this.state {
            State::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            State::Running(rx) => match rx.poll_recv(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => Poll::Ready(Some(Ok(Frame::data(chunk)))),
                Poll::Ready(Some(Err(e))) => {
                    this.state = State::Done;
                    Poll::Ready(Some(Err(e)))
                }
                Poll::Ready(None) => {
                    this.state = State::Done;
                    Poll::Ready(None)
                }
            },
            State::Pending(..) | State::Done => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.state {
            State::Full(bytes) => bytes.as_ref().is_none_or(Bytes::is_empty),
            State::Done => true,
            State::Pending(..) | State::Running(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.state {
            State::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            State::Done => SizeHint::with_exact(0),
            State::Pending(..) | State::Running(_) => self
                .len
                .map_or_else(SizeHint::default, SizeHint::with_exact),
        }
    }
}

/// Reads `body` from its start in chunks into `tx` (on the blocking pool), until its end, a
/// read error, or the request is dropped. Checks the source gives exactly `len` bytes.
fn pump(body: &Body, len: Option<u64>, tx: &mpsc::Sender<Result<Bytes, SourceError>>) {
    let mut reader = match body.reader() {
        Ok(reader) => reader,
        Err(e) => {
            let _ = tx.blocking_send(Err(SourceError::new("could not open the request body", e)));
            return;
        }
    };
    let mut total: u64 = 0;
    loop {
        let mut chunk = BytesMut::zeroed(CHUNK);
        let mut filled = 0;
        let mut end = false;
        while filled < CHUNK {
            match reader.read(&mut chunk[filled..]) {
                Ok(0) => {
                    end = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let _ = tx
                        .blocking_send(Err(SourceError::new("could not read the request body", e)));
                    return;
                }
            }
        }
        total += filled as u64;
        let wrong_length = match len {
            Some(len) if total > len => Some(format!("gave more than its length {len}")),
            Some(len) if end && total < len => {
                Some(format!("ended after {total} of its {len} bytes"))
            }
            _ => None,
        };
        if let Some(what) = wrong_length {
            let e = io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the body source {what}"),
            );
            let _ = tx.blocking_send(Err(SourceError::new("could not read the request body", e)));
            return;
        }
        if filled > 0 {
            chunk.truncate(filled);
            if tx.blocking_send(Ok(chunk.freeze())).is_err() {
                return; // The request was dropped.
            }
        }
        if end {
            return;
        }
    }
}

/// A failure to open or read a streamed request body: a local failure, not the connection's.
#[derive(Debug)]
struct SourceError {
    what: &'static str,
    source: io::Error,
}

impl SourceError {
    fn new(what: &'static str, source: io::Error) -> Self {
        SourceError { what, source }
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.source)
    }
}

impl StdError for SourceError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}

/// The kind of a hyper-util client failure; a connect timeout (`connect`, when known) is named.
fn client_error(e: hyper_util::client::legacy::Error, connect: Option<Duration>) -> TransportError {
    if let (true, Some(limit)) = (e.is_connect(), connect) {
        if find::<io::Error>(&e).is_some_and(|io| io.kind() == io::ErrorKind::TimedOut) {
            let message = format!("no connection within {limit:?} (the connect timeout)");
            return TransportError::connect(message);
        }
    }
    let kind = if find::<SourceError>(&e).is_some() || find::<rustls::Error>(&e).is_some() {
        // The body source failed, or TLS did (an untrusted certificate, no common protocol):
        // trying again would not help.
        TransportErrorKind::Other
    } else if e.is_connect() {
        TransportErrorKind::Connect
    } else {
        hyper_kind(&e)
    };
    TransportError::new(kind, ChainError::new(e))
}

/// The kind of a failure after connecting, from the hyper error (and I/O error) in its chain.
fn hyper_kind(e: &(dyn StdError + 'static)) -> TransportErrorKind {
    if let Some(h) = find::<::hyper::Error>(e) {
        if h.is_timeout() {
            return TransportErrorKind::Timeout;
        }
        if h.is_incomplete_message()
            || h.is_closed()
            || h.is_canceled()
            || h.is_body_write_aborted()
        {
            return TransportErrorKind::Io;
        }
        if h.is_parse() || h.is_user() {
            return TransportErrorKind::Other;
        }
    }
    if find::<io::Error>(e).is_some() {
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    }
}

/// The first error of type `T` in the chain of `e`, looking inside `io::Error`s too (whose
/// `source` skips the error they wrap).
fn find<'a, T: StdError + 'static>(e: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut next = Some(e);
    while let Some(e) = next {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        next = match e.downcast_ref::<io::Error>().and_then(io::Error::get_ref) {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => e.source(),
        };
    }
    None
}

/// An error that shows its whole chain in one line (hyper's errors say little alone), and keeps
/// the original as its source. Built from hyper's errors only: no request header is in it.
struct ChainError {
    message: String,
    source: Box<dyn StdError + Send + Sync>,
}

impl ChainError {
    fn new(e: impl StdError + Send + Sync + 'static) -> Self {
        let mut message = e.to_string();
        let mut next: Option<&(dyn StdError + 'static)> = e.source();
        while let Some(cause) = next {
            let text = cause.to_string();
            if !message.contains(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            next = match cause
                .downcast_ref::<io::Error>()
                .and_then(io::Error::get_ref)
            {
                Some(inner) => Some(inner as &(dyn StdError + 'static)),
                None => cause.source(),
            };
        }
        ChainError {
            message,
            source: Box::new(e),
        }
    }
}

impl fmt::Debug for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ChainError").field(&self.message).finish()
    }
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for ChainError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_looks_inside_io_errors() {
        let inner = SourceError::new("x", io::Error::other("disk gone"));
        let outer = io::Error::other(io::Error::new(io::ErrorKind::InvalidData, inner));
        assert!(find::<SourceError>(&outer).is_some());
        let chain = ChainError::new(outer);
        assert_eq!(chain.to_string(), "x: disk gone");
    }

    #[test]
    fn content_length_is_set_when_known_and_not_for_an_empty_get() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let handle = rt.handle().clone();
        let post = http::Request::post("http://h/")
            .body(Body::from("abc"))
            .unwrap();
        let post = to_hyper(post, handle.clone());
        assert_eq!(post.headers()[CONTENT_LENGTH], "3");
        let get = http::Request::get("http://h/").body(Body::empty()).unwrap();
        assert!(!to_hyper(get, handle.clone())
            .headers()
            .contains_key(CONTENT_LENGTH));
        let set = http::Request::put("http://h/")
            .header(CONTENT_LENGTH, "3")
            .body(Body::from("abc"))
            .unwrap();
        assert_eq!(to_hyper(set, handle).headers()[CONTENT_LENGTH], "3");
    }
}
