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
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper_rustls::builderstates::WantsSchemes;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::{Connect, HttpConnector};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use tokio::runtime::Handle;

use super::chain::{find, hyper_kind, send_kind, ChainError};
use super::streamed::{set_content_length, Chunks, SourceError};
use super::tls::ring_provider;
use super::{
    announced_length, async_trait, Body, Transport, TransportError, DEFAULT_MAX_RESPONSE_BYTES,
};
use crate::timeouts::DEFAULT_CONNECT;
use crate::timer::{Sleep, TokioSleep};

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

impl HyperTransport {
    /// HTTPS with Mozilla's root certificates (webpki-roots) and rustls' ring backend; plain
    /// `http` URLs are allowed too (for a local test server). Connecting times out after 10 s
    /// (a [`Connect`](super::TransportErrorKind::Connect) error); no other timeout (the client keeps
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
    /// Fails a request with a [`Timeout`](super::TransportErrorKind::Timeout) error when the
    /// whole exchange (connecting, sending the body and reading the whole response) takes
    /// longer than `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest answer read (default [`DEFAULT_MAX_RESPONSE_BYTES`]); a longer one, announced
    /// or streamed, fails with [`TooLarge`](super::TransportErrorKind::TooLarge) and its
    /// connection is dropped.
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
    set_content_length(&mut parts, len);
    let state = if let Some(bytes) = body.as_bytes() {
        State::Full(Some(bytes.clone()))
    } else if len == Some(0) {
        State::Full(None)
    } else {
        State::Streamed(Chunks::new(body, handle))
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
    /// A stream, read in chunks.
    Streamed(Chunks),
}

impl http_body::Body for RequestBody {
    type Data = Bytes;
    type Error = SourceError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, SourceError>>> {
        match &mut self.get_mut().state {
            State::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            State::Streamed(chunks) => chunks
                .poll_chunk(cx)
                .map(|next| next.map(|chunk| chunk.map(Frame::data))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.state {
            State::Full(bytes) => bytes.as_ref().is_none_or(Bytes::is_empty),
            State::Streamed(chunks) => chunks.is_done(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.state {
            State::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            State::Streamed(chunks) if chunks.is_done() => SizeHint::with_exact(0),
            State::Streamed(_) => self
                .len
                .map_or_else(SizeHint::default, SizeHint::with_exact),
        }
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
    let kind = send_kind(&e, e.is_connect(), None);
    TransportError::new(kind, ChainError::new(e))
}
