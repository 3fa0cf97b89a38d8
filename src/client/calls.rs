//! How a client makes API calls: the request bases and auth ([`Api`]), the transport, the
//! retry policy, the pauses between attempts and the timeout; and [`ImageKit::send`], which runs
//! an [`Operation`] through them.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use super::redact::LoggedUri;
use super::ImageKit;
use crate::api::{Api, Operation, API_BASE, UPLOAD_BASE};
use crate::error::Error;
use crate::retry::{race, RetryPolicy, Sleep, ThreadSleep};
use crate::transport::{Transport, TransportError};
use crate::url::InputError;

/// The API side of a client.
#[derive(Clone)]
pub(super) struct Calls {
    /// What requests are built with: the base URLs and the `Authorization` header.
    pub(super) api: Api,
    /// Given with `with_transport`, or made on the first call (the `hyper` feature's default);
    /// clones share it, and so its connection pool.
    transport: Arc<OnceLock<Arc<dyn Transport>>>,
    retry: RetryPolicy,
    sleep: Arc<dyn Sleep>,
    random: Arc<dyn Fn() -> f64 + Send + Sync>,
    timeout: Option<Duration>,
}

impl Calls {
    /// Calls to `bases` (ImageKit's hosts when `None`, checked otherwise) with `private_key`.
    pub(super) fn new(
        bases: Option<(String, String)>,
        private_key: Option<&str>,
    ) -> Result<Self, InputError> {
        let api = match &bases {
            Some((api_base, upload_base)) => {
                check_base_url(api_base)?;
                check_base_url(upload_base)?;
                Api::new(api_base, upload_base, private_key)
            }
            None => Api::new(API_BASE, UPLOAD_BASE, private_key),
        };
        Ok(Calls {
            api,
            transport: Arc::default(),
            retry: RetryPolicy::default(),
            sleep: Arc::new(ThreadSleep),
            random: Arc::new(os_random),
            timeout: None,
        })
    }
}

/// A number in `[0, 1)` from the operating system's randomness (via a v4 UUID), for jitter.
fn os_random() -> f64 {
    let bits = uuid::Uuid::new_v4().as_u128() as u64;
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// An `http(s)` URL with a host, and no query or fragment (the paths of requests are appended).
fn check_base_url(base: &str) -> Result<(), InputError> {
    let bad = || InputError::InvalidBaseUrl(base.to_string());
    let rest = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || rest.contains(['?', '#']) || base.parse::<http::Uri>().is_err() {
        return Err(bad());
    }
    Ok(())
}

impl ImageKit {
    /// Points both the API and uploads at one server (uploads at `<base>/api/v1/files/upload`),
    /// as `IMAGEKIT_BASE_URL` does. Unlike
    /// [`ImageKitBuilder::base_url`](crate::ImageKitBuilder::base_url) this does not check the
    /// URL; a bad one fails each request.
    pub fn with_base_url(self, base: &str) -> Self {
        self.with_base_urls(base, base)
    }

    /// The API and upload base URLs, separately (unchecked, as [`ImageKit::with_base_url`]).
    pub fn with_base_urls(mut self, api_base: &str, upload_base: &str) -> Self {
        self.calls.api.set_bases(api_base, upload_base);
        self
    }

    /// The transport API calls go through. Without one, the `hyper` feature's
    /// [`HyperTransport`](crate::transport::hyper::HyperTransport) is made on the first call.
    pub fn with_transport(mut self, transport: impl Transport + 'static) -> Self {
        let arc: Arc<dyn Transport> = Arc::new(transport);
        self.calls.transport = Arc::new(OnceLock::from(arc));
        self
    }

    fn transport(&self) -> Result<&Arc<dyn Transport>, Error> {
        if let Some(transport) = self.calls.transport.get() {
            return Ok(transport);
        }
        #[cfg(feature = "hyper")]
        {
            Ok(self
                .calls
                .transport
                .get_or_init(|| Arc::new(crate::transport::hyper::HyperTransport::new())))
        }
        #[cfg(not(feature = "hyper"))]
        Err(InputError::NoTransport.into())
    }

    /// The retry policy (default: [`RetryPolicy::default`], two retries).
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.calls.retry = policy;
        self
    }

    /// How pauses between attempts are waited (default: [`ThreadSleep`]); tests pass one that
    /// returns at once.
    pub fn with_sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.calls.sleep = Arc::new(sleep);
        self
    }

    /// Where backoff jitter comes from: a function returning numbers in `[0, 1)`.
    pub fn with_random(mut self, random: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        self.calls.random = Arc::new(random);
        self
    }

    /// The longest one attempt may take, from sending to the last byte of the answer, whatever
    /// the transport. It waits with the client's [`Sleep`]; an adapter's own timeout (as
    /// `HyperTransport::timeout`) costs less per request.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.calls.timeout = Some(timeout);
        self
    }

    /// What requests are built with (base URLs and auth).
    pub fn api(&self) -> &Api {
        &self.calls.api
    }

    /// Runs `op`: builds its request, sends it through the transport, retries by the policy
    /// and the operation's [`Repeat`](crate::Repeat), and parses the answer.
    pub async fn send<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        op.parse(self.exchange(op).await?)
    }

    /// As [`ImageKit::send`], with the answer's status, headers and HTTP version around the
    /// typed result: [`RateLimit::from_headers`](crate::RateLimit::from_headers) and
    /// [`api::request_id`](crate::api::request_id) read ImageKit's figures from the headers.
    ///
    /// ```no_run
    /// # async fn run(ik: &imagekit::ImageKit) -> Result<(), imagekit::Error> {
    /// use imagekit::api::{files::ListFiles, request_id};
    /// use imagekit::RateLimit;
    ///
    /// let answer = ik.send_with_response(&ListFiles::new().limit(10)).await?;
    /// println!("HTTP {} (request {:?})", answer.status(), request_id(answer.headers()));
    /// println!("{:?}", RateLimit::from_headers(answer.headers()));
    /// let files = answer.into_body();
    /// # let _ = files;
    /// # Ok(()) }
    /// ```
    pub async fn send_with_response<O: Operation>(
        &self,
        op: &O,
    ) -> Result<http::Response<O::Output>, Error> {
        let response = self.exchange(op).await?;
        let (status, version, headers) = (
            response.status(),
            response.version(),
            response.headers().clone(),
        );
        let mut answer = http::Response::new(op.parse(response)?);
        *answer.status_mut() = status;
        *answer.version_mut() = version;
        *answer.headers_mut() = headers;
        Ok(answer)
    }

    /// Sends `op`'s request, again as the retry policy and `op.repeat()` allow, and returns the
    /// last answer (or the last transport failure).
    async fn exchange<O: Operation>(&self, op: &O) -> Result<http::Response<bytes::Bytes>, Error> {
        let transport = self.transport()?;
        let mut retries = 0;
        loop {
            let request = op.request(&self.calls.api)?;
            // The Authorization header is marked sensitive: its Debug is `Sensitive`.
            tracing::debug!(method = %request.method(), uri = %LoggedUri(request.uri()), attempt = retries + 1, "imagekit request");
            tracing::trace!(headers = ?request.headers(), body = ?request.body(), "imagekit request");
            let result = match self.calls.timeout {
                None => transport.send(request).await,
                Some(limit) => race(transport.send(request), self.calls.sleep.sleep(limit))
                    .await
                    .unwrap_or_else(|| {
                        Err(TransportError::timeout(format!("no answer in {limit:?}")))
                    }),
            };
            match &result {
                Ok(response) => tracing::debug!(
                    status = response.status().as_u16(),
                    request_id = ?response.headers().get("x-ik-requestid"),
                    "imagekit answer"
                ),
                Err(e) => tracing::debug!(error = %e, "imagekit request failed"),
            }
            let pause = self.calls.retry.delay(
                retries,
                &result,
                op.repeat(),
                (self.calls.random)(),
                UNIX_EPOCH + Duration::from_secs(self.now()),
            );
            match pause {
                Some(pause) => {
                    retries += 1;
                    tracing::debug!(?pause, retry = retries, "imagekit retry");
                    self.calls.sleep.sleep(pause).await;
                }
                None => return Ok(result?),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("ftp://h")]
    #[case("http://")]
    #[case("http:///v1")]
    #[case("http://h/?q=1")]
    #[case("http://h#frag")]
    #[case("h.example")]
    #[case("http://h h")]
    fn base_urls_that_would_send_requests_elsewhere_are_refused(#[case] base: &str) {
        let err = ImageKit::builder()
            .url_endpoint("https://ik.imagekit.io/demo")
            .base_url(base)
            .build()
            .unwrap_err();
        assert_eq!(
            err.input_error(),
            Some(&InputError::InvalidBaseUrl(base.into()))
        );
        assert!(err.to_string().contains("IMAGEKIT_BASE_URL"), "{err}");
    }
}
