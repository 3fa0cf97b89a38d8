//! [`ReqwestTransport`]: the [`Transport`] over [reqwest](::reqwest) 0.13, for a service that
//! already holds a configured [`reqwest::Client`](::reqwest::Client) (proxies, TLS, pool) and
//! wants the SDK to share it.
//!
//! reqwest runs on Tokio: every request needs a Tokio runtime with its time driver, and the SDK
//! then uses Tokio's timer. A streamed [`Body`] is read in 64 KiB chunks on Tokio's blocking
//! pool while it is sent, so a large upload never sits in memory; the response body is read
//! chunk by chunk, up to [`max_response_bytes`].
//!
//! [`ReqwestTransport`]: crate::transport::reqwest::ReqwestTransport
//! [`Transport`]: crate::transport::Transport
//! [`Body`]: crate::transport::Body
//! [`max_response_bytes`]: crate::transport::reqwest::ReqwestTransport::max_response_bytes
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use imagekit::transport::reqwest::ReqwestTransport;
//! use imagekit::ImageKit;
//!
//! # fn run(client: reqwest::Client) -> Result<(), Box<dyn std::error::Error>> {
//! // The client your service already has, with its proxies, TLS settings and pool.
//! let transport = ReqwestTransport::from_client(client).timeout(Duration::from_secs(60));
//! let ik = ImageKit::new("https://ik.imagekit.io/demo")?
//!     .with_private_key("private_key_…")
//!     .with_transport(transport);
//! # let _ = ik;
//! # Ok(())
//! # }
//! ```

use core::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use tokio::runtime::Handle;

use super::chain::{send_kind, ChainError};
use super::streamed::{set_content_length, Chunks, SourceError};
use super::tls::ring_provider;
use super::{
    announced_length, async_trait, Body, Transport, TransportError, TransportErrorKind,
    DEFAULT_MAX_RESPONSE_BYTES,
};
use crate::timeouts::DEFAULT_CONNECT;
use crate::timer::{Sleep, TokioSleep};

/// A [`Transport`] over a [`reqwest::Client`]: HTTP/1.1 and HTTP/2 (by
/// ALPN), with the client's TLS, proxies, pool and redirect policy.
///
/// Cloning is cheap and shares the client. Every request needs a Tokio runtime; without one,
/// [`send`](Transport::send) fails with an `Other` error.
///
/// Failures map to [`TransportErrorKind`]s: a failure to connect (a connect timeout included)
/// is `Connect`, reqwest's own timeout or this transport's is `Timeout`, a connection lost while
/// sending or receiving is `Io`, an answer past the limit is `TooLarge`, and anything else (an
/// invalid URL, TLS, a body source that failed, a redirect loop…) is `Other`. Error messages are
/// reqwest's and hyper's, without the request's URL or headers.
#[derive(Clone)]
pub struct ReqwestTransport {
    client: ::reqwest::Client,
    timeout: Option<Duration>,
    max_response_bytes: usize,
}

impl ReqwestTransport {
    /// A new client with the defaults of
    /// [`HyperTransport::new`](crate::transport::hyper::HyperTransport::new): HTTPS by rustls
    /// with the ring backend and Mozilla's root certificates (webpki-roots), plain `http` URLs
    /// allowed too, a connect timeout of 10 s (a [`Connect`](TransportErrorKind::Connect)
    /// error); no proxy and no redirects followed. For proxies, another TLS setup or anything
    /// else, build your own client and use [`ReqwestTransport::from_client`].
    ///
    /// Fails with [`TransportErrorKind::Other`] when reqwest cannot build its client.
    pub fn new() -> Result<Self, TransportError> {
        let mut tls = rustls::ClientConfig::builder_with_provider(Arc::new(ring_provider()))
            .with_safe_default_protocol_versions()
            .map_err(TransportError::other)?
            .with_root_certificates(rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            })
            .with_no_client_auth();
        // reqwest leaves a configuration it is handed as it is: offer both protocols.
        tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let client = ::reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(DEFAULT_CONNECT)
            .tcp_nodelay(true)
            .no_proxy()
            .redirect(::reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| TransportError::other(ChainError::new(e)))?;
        Ok(Self::from_client(client))
    }

    /// A transport over your own client, with its configuration (proxies, TLS, pool, default
    /// headers, timeouts, redirect policy…).
    ///
    /// This crate turns on reqwest's rustls without a crypto provider (reqwest's default one,
    /// aws-lc, needs a C toolchain and cmake). A client built with reqwest's own TLS settings
    /// then needs one: turn on reqwest's `rustls` feature in your `Cargo.toml`, or install a
    /// provider for the process before building the client, as here.
    ///
    /// ```no_run
    /// use std::time::Duration;
    ///
    /// use imagekit::transport::reqwest::ReqwestTransport;
    ///
    /// # fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// # #[allow(deprecated)]
    /// let _ = rustls::crypto::ring::default_provider().install_default();
    /// let client = reqwest::Client::builder()
    ///     .proxy(reqwest::Proxy::https("http://proxy.internal:3128")?)
    ///     .connect_timeout(Duration::from_secs(5))
    ///     .build()?;
    /// let transport = ReqwestTransport::from_client(client);
    /// # let _ = transport;
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_client(client: ::reqwest::Client) -> Self {
        ReqwestTransport {
            client,
            timeout: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

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

    /// The reqwest client requests go through.
    pub fn client(&self) -> &::reqwest::Client {
        &self.client
    }

    /// Sends `request` and reads its whole answer, up to the limit.
    async fn exchange(
        &self,
        request: ::reqwest::Request,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let mut response = self.client.execute(request).await.map_err(reqwest_error)?;
        let limit = self.max_response_bytes;
        if announced_length(response.headers()).is_some_and(|n| n > limit as u64) {
            // Dropping the response drops the connection: nothing more is read.
            return Err(TransportError::too_large(limit));
        }
        let mut head = http::Response::new(());
        *head.status_mut() = response.status();
        *head.version_mut() = response.version();
        *head.headers_mut() = std::mem::take(response.headers_mut());
        let mut body = BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(reqwest_error)? {
            if chunk.len() > limit - body.len() {
                return Err(TransportError::too_large(limit));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(head.map(|()| body.freeze()))
    }
}

/// Leaves the client out: its `Debug` shows its default headers and proxies, which may hold
/// credentials.
impl fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReqwestTransport")
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl Transport for ReqwestTransport {
    async fn send(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let handle = Handle::try_current()
            .map_err(|_| TransportError::other("ReqwestTransport needs a Tokio runtime"))?;
        let request = to_reqwest(request, handle)?;
        match self.timeout {
            None => self.exchange(request).await,
            Some(limit) => tokio::time::timeout(limit, self.exchange(request))
                .await
                .map_err(|_| {
                    TransportError::timeout(format!("no whole response within {limit:?}"))
                })?,
        }
    }

    fn timer(&self) -> Option<&dyn Sleep> {
        Some(&TokioSleep)
    }
}

/// The request with a body reqwest can send, and `Content-Length` when the length is known.
fn to_reqwest(
    request: http::Request<Body>,
    handle: Handle,
) -> Result<::reqwest::Request, TransportError> {
    let (mut parts, body) = request.into_parts();
    set_content_length(&mut parts, body.len());
    let body = if let Some(bytes) = body.as_bytes() {
        ::reqwest::Body::from(bytes.clone())
    } else if body.len() == Some(0) {
        ::reqwest::Body::from(Bytes::new())
    } else {
        ::reqwest::Body::wrap_stream(Streamed(Chunks::new(body, handle)))
    };
    ::reqwest::Request::try_from(http::Request::from_parts(parts, body)).map_err(reqwest_error)
}

/// A streamed body as reqwest reads it.
struct Streamed(Chunks);

impl Stream for Streamed {
    type Item = Result<Bytes, SourceError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().0.poll_chunk(cx)
    }
}

/// The kind of a reqwest failure; its message leaves the URL out (its query may hold what the
/// user searched for).
fn reqwest_error(e: ::reqwest::Error) -> TransportError {
    let e = e.without_url();
    let own = if e.is_timeout() {
        Some(TransportErrorKind::Timeout)
    } else if e.is_builder() || e.is_redirect() {
        Some(TransportErrorKind::Other)
    } else {
        None
    };
    let kind = send_kind(&e, e.is_connect(), own);
    TransportError::new(kind, ChainError::new(e))
}
