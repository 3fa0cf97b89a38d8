//! The client: keys, URL endpoint, clock, and how API requests are sent.

use core::fmt;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use crate::api::{Api, Operation, API_BASE, UPLOAD_BASE};
use crate::error::Error;
use crate::retry::{race, RetryPolicy, Sleep, ThreadSleep};
use crate::signing::key::PrivateKey;
use crate::signing::{Clock, SystemClock};
use crate::transport::{Transport, TransportError};
use crate::url::{self, InputError, UrlOptions};

/// An ImageKit account: URL endpoint, keys, the clock signing and retries read, and the
/// transport, retry policy and timeout API calls use. Cheap to clone.
///
/// Made by [`ImageKit::builder`] (every setting checked once, in [`ImageKitBuilder::build`]),
/// or by [`ImageKit::new`] / [`ImageKit::from_env`] and the `with_*` methods, which change one
/// setting of a client.
///
/// `Debug` shows the endpoint, the public key and the base URLs, never the private key.
#[derive(Clone)]
pub struct ImageKit {
    url_endpoint: String,
    public_key: Option<String>,
    private_key: Option<PrivateKey>,
    clock: Arc<dyn Clock>,
    /// What requests are built with: the base URLs and the `Authorization` header.
    api: Api,
    /// Given with `with_transport`, or made on the first call (the `hyper` feature's default);
    /// clones share it, and so its connection pool.
    transport: Arc<OnceLock<Arc<dyn Transport>>>,
    retry: RetryPolicy,
    sleep: Arc<dyn Sleep>,
    random: Arc<dyn Fn() -> f64 + Send + Sync>,
    timeout: Option<Duration>,
}

/// A number in `[0, 1)` from the operating system's randomness (via a v4 UUID), for jitter.
fn os_random() -> f64 {
    let bits = uuid::Uuid::new_v4().as_u128() as u64;
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// The settings of an [`ImageKit`] client, given in any order and checked together by
/// [`build`](ImageKitBuilder::build).
///
/// ```
/// use imagekit::ImageKit;
///
/// let ik = ImageKit::builder()
///     .url_endpoint("https://ik.imagekit.io/demo")
///     .private_key("private_key_test")
///     .public_key("public_key_test")
///     .base_url("http://127.0.0.1:4010")
///     .build()?;
/// assert_eq!(ik.url_endpoint(), "https://ik.imagekit.io/demo");
/// assert!(ImageKit::builder().url_endpoint("https://ik.imagekit.io/demo").base_url("127.0.0.1:4010").build().is_err());
/// # Ok::<(), imagekit::Error>(())
/// ```
#[derive(Default)]
pub struct ImageKitBuilder {
    url_endpoint: String,
    private_key: Option<String>,
    public_key: Option<String>,
    bases: Option<(String, String)>,
    clock: Option<Arc<dyn Clock>>,
}

impl ImageKitBuilder {
    /// The URL endpoint (`https://ik.imagekit.io/<id>` or a custom domain): required.
    pub fn url_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.url_endpoint = endpoint.into();
        self
    }

    /// The private key: signed URLs, the signing helpers and API calls need it.
    pub fn private_key(mut self, key: impl Into<String>) -> Self {
        self.private_key = Some(key.into());
        self
    }

    /// The public key (the upload v2 JWT names it).
    pub fn public_key(mut self, key: impl Into<String>) -> Self {
        self.public_key = Some(key.into());
        self
    }

    /// Points both the API and uploads at one server (uploads at
    /// `<base>/api/v1/files/upload`), as `IMAGEKIT_BASE_URL` does.
    pub fn base_url(self, base: impl Into<String>) -> Self {
        let base = base.into();
        self.base_urls(base.clone(), base)
    }

    /// The API and upload base URLs, separately.
    pub fn base_urls(
        mut self,
        api_base: impl Into<String>,
        upload_base: impl Into<String>,
    ) -> Self {
        self.bases = Some((api_base.into(), upload_base.into()));
        self
    }

    /// The clock signing and retries read (default: the system clock).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// The client, once every setting checks out: the endpoint and base URLs must be `http(s)`
    /// URLs (a base URL with a host and no query or fragment).
    pub fn build(self) -> Result<ImageKit, Error> {
        let url_endpoint = url::check_endpoint(&self.url_endpoint)?.to_string();
        let (api_base, upload_base) = self
            .bases
            .unwrap_or_else(|| (API_BASE.to_string(), UPLOAD_BASE.to_string()));
        for base in [&api_base, &upload_base] {
            check_base_url(base)?;
        }
        Ok(ImageKit {
            url_endpoint,
            public_key: self.public_key,
            private_key: self.private_key.as_deref().map(PrivateKey::new),
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
            api: Api::new(&api_base, &upload_base, self.private_key.as_deref()),
            transport: Arc::default(),
            retry: RetryPolicy::default(),
            sleep: Arc::new(ThreadSleep),
            random: Arc::new(os_random),
            timeout: None,
        })
    }
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
    /// Every setting of a client, checked at once by [`ImageKitBuilder::build`].
    pub fn builder() -> ImageKitBuilder {
        ImageKitBuilder::default()
    }

    /// A client for `url_endpoint` (`https://ik.imagekit.io/<id>` or a custom domain), with no
    /// keys: it builds unsigned URLs.
    ///
    /// ```
    /// assert!(imagekit::ImageKit::new("ik.imagekit.io/demo").is_err());
    /// ```
    pub fn new(url_endpoint: impl Into<String>) -> Result<Self, Error> {
        Self::builder().url_endpoint(url_endpoint).build()
    }

    /// A client from the environment: `IMAGEKIT_URL_ENDPOINT` (required), `IMAGEKIT_PRIVATE_KEY`,
    /// `IMAGEKIT_PUBLIC_KEY`, and `IMAGEKIT_BASE_URL`, which points both the API and uploads at
    /// one server (a local stand-in). Empty variables count as unset.
    pub fn from_env() -> Result<Self, Error> {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        let mut builder =
            Self::builder().url_endpoint(var("IMAGEKIT_URL_ENDPOINT").unwrap_or_default());
        if let Some(key) = var("IMAGEKIT_PRIVATE_KEY") {
            builder = builder.private_key(key);
        }
        if let Some(key) = var("IMAGEKIT_PUBLIC_KEY") {
            builder = builder.public_key(key);
        }
        if let Some(base) = var("IMAGEKIT_BASE_URL") {
            builder = builder.base_url(base);
        }
        builder.build()
    }

    /// This client with the private key: signed URLs, the signing helpers and API calls need it.
    pub fn with_private_key(mut self, key: &str) -> Self {
        self.private_key = Some(PrivateKey::new(key));
        self.api.set_private_key(Some(key));
        self
    }

    /// Points both the API and uploads at one server (uploads at `<base>/api/v1/files/upload`),
    /// as `IMAGEKIT_BASE_URL` does. Unlike [`ImageKitBuilder::base_url`] this does not check
    /// the URL; a bad one fails each request.
    pub fn with_base_url(self, base: &str) -> Self {
        self.with_base_urls(base, base)
    }

    /// The API and upload base URLs, separately (unchecked, as [`ImageKit::with_base_url`]).
    pub fn with_base_urls(mut self, api_base: &str, upload_base: &str) -> Self {
        self.api.set_bases(api_base, upload_base);
        self
    }

    /// The transport API calls go through. Without one, the `hyper` feature's
    /// [`HyperTransport`](crate::transport::hyper::HyperTransport) is made on the first call.
    pub fn with_transport(mut self, transport: impl Transport + 'static) -> Self {
        let arc: Arc<dyn Transport> = Arc::new(transport);
        self.transport = Arc::new(OnceLock::from(arc));
        self
    }

    fn transport(&self) -> Result<&Arc<dyn Transport>, Error> {
        if let Some(transport) = self.transport.get() {
            return Ok(transport);
        }
        #[cfg(feature = "hyper")]
        {
            Ok(self
                .transport
                .get_or_init(|| Arc::new(crate::transport::hyper::HyperTransport::new())))
        }
        #[cfg(not(feature = "hyper"))]
        Err(InputError::NoTransport.into())
    }

    /// The retry policy (default: api.md's, two retries).
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How pauses between attempts are waited (default: [`ThreadSleep`]); tests pass one that
    /// returns at once.
    pub fn with_sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// Where backoff jitter comes from: a function returning numbers in `[0, 1)`.
    pub fn with_random(mut self, random: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        self.random = Arc::new(random);
        self
    }

    /// The longest one attempt may take, from sending to the last byte of the answer, whatever
    /// the transport. It waits with the client's [`Sleep`]; an adapter's own timeout (as
    /// `HyperTransport::timeout`) costs less per request.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// What requests are built with (base URLs and auth).
    pub fn api(&self) -> &Api {
        &self.api
    }

    /// Runs `op`: builds its request, sends it through the transport, retries by the policy
    /// and the operation's [`Repeat`](crate::Repeat), and parses the answer.
    pub async fn send<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        let transport = self.transport()?;
        let mut retries = 0;
        loop {
            let request = op.request(&self.api)?;
            // The Authorization header is marked sensitive: its Debug is `Sensitive`.
            tracing::debug!(method = %request.method(), uri = %request.uri(), attempt = retries + 1, "imagekit request");
            tracing::trace!(headers = ?request.headers(), body = ?request.body(), "imagekit request");
            let result = match self.timeout {
                None => transport.send(request).await,
                Some(limit) => race(transport.send(request), self.sleep.sleep(limit))
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
            let pause = self.retry.delay(
                retries,
                &result,
                op.repeat(),
                (self.random)(),
                UNIX_EPOCH + Duration::from_secs(self.now()),
            );
            match pause {
                Some(pause) => {
                    retries += 1;
                    tracing::debug!(?pause, retry = retries, "imagekit retry");
                    self.sleep.sleep(pause).await;
                }
                None => return op.parse(result?),
            }
        }
    }

    /// Adds the public key (the upload v2 JWT names it).
    pub fn with_public_key(mut self, key: impl Into<String>) -> Self {
        self.public_key = Some(key.into());
        self
    }

    /// Replaces the system clock, for tests or to sign as of another time. Signing and the
    /// wait a `Retry-After` date asks for both read it.
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The URL endpoint, without trailing slashes.
    pub fn url_endpoint(&self) -> &str {
        &self.url_endpoint
    }

    /// The public key, when set.
    pub fn public_key(&self) -> Option<&str> {
        self.public_key.as_deref()
    }

    pub(crate) fn private_key(&self) -> Result<&PrivateKey, InputError> {
        self.private_key
            .as_ref()
            .ok_or(InputError::MissingPrivateKey)
    }

    pub(crate) fn now(&self) -> u64 {
        self.clock.now_unix()
    }

    /// Builds a URL. No I/O; the clock is read only for a signed URL that expires.
    ///
    /// ```
    /// use imagekit::{ImageKit, UrlOptions};
    /// let ik = ImageKit::new("https://ik.imagekit.io/demo").unwrap();
    /// assert_eq!(ik.url(&UrlOptions::path("/a b.jpg")).unwrap(), "https://ik.imagekit.io/demo/a%20b.jpg");
    /// ```
    pub fn url(&self, opts: &UrlOptions<'_>) -> Result<String, Error> {
        Ok(url::build(
            opts,
            &self.url_endpoint,
            self.private_key.as_ref(),
            || self.now(),
        )?)
    }

    /// Builds a URL signed as of `now` (unix seconds) instead of the clock's time.
    ///
    /// ```
    /// use imagekit::{ImageKit, UrlOptions};
    /// let ik = ImageKit::new("https://ik.imagekit.io/demo").unwrap().with_private_key("private_key_test");
    /// let url = ik.url_at(&UrlOptions::path("/a.jpg").signed(true).expire_seconds(60), 1_700_000_000).unwrap();
    /// assert!(url.starts_with("https://ik.imagekit.io/demo/a.jpg?ik-t=1700000060&ik-s="));
    /// ```
    pub fn url_at(&self, opts: &UrlOptions<'_>, now: u64) -> Result<String, Error> {
        Ok(url::build(
            opts,
            &self.url_endpoint,
            self.private_key.as_ref(),
            || now,
        )?)
    }

    /// Builds a URL from the official SDKs' options as JSON (snake_case names; `now` pins the
    /// clock), as `imagekit url --jsonl` does for each line.
    ///
    /// ```
    /// let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo").unwrap();
    /// let opts = serde_json::json!({"path": "/a.jpg", "transformation": [{"width": 300, "effectGray": true}]});
    /// assert_eq!(ik.url_from_json(&opts).unwrap(), "https://ik.imagekit.io/demo/tr:w-300,e-grayscale/a.jpg");
    /// ```
    pub fn url_from_json(&self, opts: &serde_json::Value) -> Result<String, Error> {
        let (opts, now) = url::json_options(opts)?;
        match now {
            Some(now) => self.url_at(&opts, now),
            None => self.url(&opts),
        }
    }
}

impl fmt::Debug for ImageKit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImageKit")
            .field("url_endpoint", &self.url_endpoint)
            .field("public_key", &self.public_key)
            .field(
                "private_key",
                &self.private_key.as_ref().map(|_| "<redacted>"),
            )
            .finish_non_exhaustive()
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

    #[test]
    fn the_builder_sets_everything_requests_and_signing_need_at_once() {
        let ik = ImageKit::builder()
            .url_endpoint("https://ik.imagekit.io/demo/")
            .private_key("private_key_test")
            .base_urls("http://127.0.0.1:4010/", "http://127.0.0.1:4011")
            .clock(|| 1_700_000_000)
            .build()
            .unwrap();
        assert_eq!(ik.url_endpoint(), "https://ik.imagekit.io/demo");
        assert_eq!(
            ik.api().base(crate::api::Host::Api),
            "http://127.0.0.1:4010"
        );
        assert_eq!(
            ik.api().base(crate::api::Host::Upload),
            "http://127.0.0.1:4011"
        );
        let request = ik
            .api()
            .empty(http::Method::GET, crate::api::Host::Api, "/v1/files")
            .unwrap();
        assert_eq!(
            request.headers()["authorization"],
            "Basic cHJpdmF0ZV9rZXlfdGVzdDo="
        );
        let url = ik
            .url(&UrlOptions::path("/a.jpg").signed(true).expire_seconds(60))
            .unwrap();
        assert!(url.contains("ik-t=1700000060"), "{url}");
        assert!(!format!("{ik:?}").contains("private_key_test"));
    }
}
