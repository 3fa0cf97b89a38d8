//! The client: URL endpoint, keys and clock for URLs and signing (here), and with the `api`
//! feature how API calls are made (`calls`: base URLs, auth, transport, retries, timeout).

use core::fmt;
use std::sync::Arc;

use crate::error::Error;
use crate::signing::key::PrivateKey;
use crate::signing::{Clock, SystemClock};
use crate::url::{self, InputError, UrlOptions};

#[cfg(feature = "api")]
mod call;
#[cfg(feature = "api")]
mod calls;
#[cfg(feature = "api")]
pub use call::Call;
#[cfg(feature = "api")]
use calls::Calls;
#[cfg(feature = "api")]
mod methods;
#[cfg(feature = "api")]
mod paging;
#[cfg(feature = "api")]
pub use paging::FileStream;
#[cfg(feature = "api")]
mod redact;
#[cfg(feature = "api")]
mod wait;
#[cfg(feature = "api")]
pub use wait::Polling;

/// An ImageKit account: URL endpoint, keys, the clock signing and retries read, and the
/// transport, retry policy and timeout API calls use. Cheap to clone.
///
/// Made by [`ImageKit::builder`] (every setting checked once, in [`ImageKitBuilder::build`]),
/// or by [`ImageKit::new`] / [`ImageKit::from_env`] and the `with_*` methods, which change one
/// setting of a client.
///
/// `Debug` shows the endpoint, the public key and the base URLs, never the private key or the
/// webhook secret.
#[derive(Clone)]
pub struct ImageKit {
    url_endpoint: String,
    public_key: Option<String>,
    private_key: Option<PrivateKey>,
    clock: Arc<dyn Clock>,
    /// The secret webhook events are verified with (never shown by `Debug`).
    #[cfg(feature = "api")]
    webhook_secret: Option<String>,
    /// How API calls are made: the requests' bases and auth, the transport, retries, timeout.
    #[cfg(feature = "api")]
    calls: Calls,
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
    url_endpoint: Option<String>,
    private_key: Option<String>,
    public_key: Option<String>,
    #[cfg(feature = "api")]
    bases: Option<(String, String)>,
    #[cfg(feature = "api")]
    insecure_http_auth: bool,
    clock: Option<Arc<dyn Clock>>,
    #[cfg(feature = "api")]
    webhook_secret: Option<String>,
}

/// The `Debug` of a client or builder: the endpoint and public key, and `<redacted>` in place of
/// a private key.
fn debug_account(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    url_endpoint: &str,
    public_key: &Option<String>,
    has_private_key: bool,
) -> fmt::Result {
    f.debug_struct(name)
        .field("url_endpoint", &url_endpoint)
        .field("public_key", public_key)
        .field("private_key", &has_private_key.then_some("<redacted>"))
        .finish_non_exhaustive()
}

impl fmt::Debug for ImageKitBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let has_key = self.private_key.is_some();
        debug_account(
            f,
            "ImageKitBuilder",
            self.url_endpoint.as_deref().unwrap_or_default(),
            &self.public_key,
            has_key,
        )
    }
}

impl ImageKitBuilder {
    /// The URL endpoint (`https://ik.imagekit.io/<id>` or a custom domain), which URLs need.
    /// A client without one makes API calls only; its [`url`](ImageKit::url) fails with
    /// [`InputError::EndpointEmpty`](crate::InputError::EndpointEmpty).
    ///
    /// ```
    /// let api_only = imagekit::ImageKit::builder().private_key("private_key_test").build()?;
    /// assert!(api_only.url(&imagekit::UrlOptions::path("/a.jpg")).is_err());
    /// # Ok::<(), imagekit::Error>(())
    /// ```
    pub fn url_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.url_endpoint = Some(endpoint.into());
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
    #[cfg(feature = "api")]
    pub fn base_url(self, base: impl Into<String>) -> Self {
        let base = base.into();
        self.base_urls(base.clone(), base)
    }

    /// The API and upload base URLs, separately.
    #[cfg(feature = "api")]
    pub fn base_urls(
        mut self,
        api_base: impl Into<String>,
        upload_base: impl Into<String>,
    ) -> Self {
        self.bases = Some((api_base.into(), upload_base.into()));
        self
    }

    /// Lets API calls send the private key (HTTP Basic) over plain `http://` to a host that is
    /// not loopback. Without it [`build`](Self::build) refuses such a base URL
    /// ([`InputError::InsecureHttpAuth`](crate::InputError::InsecureHttpAuth)); `https://`
    /// bases and loopback ones (`localhost`, `127.0.0.0/8`, `::1`) never need it.
    ///
    /// ```
    /// use imagekit::{ImageKit, InputError};
    ///
    /// let builder = || {
    ///     ImageKit::builder()
    ///         .url_endpoint("https://ik.imagekit.io/demo")
    ///         .private_key("private_key_test")
    ///         .base_url("http://imagekit-proxy.internal")
    /// };
    /// let err = builder().build().unwrap_err();
    /// assert!(matches!(err.input_error(), Some(InputError::InsecureHttpAuth(_))));
    /// assert!(err.to_string().contains("IMAGEKIT_BASE_URL"));
    /// assert!(builder().allow_insecure_http_auth().build().is_ok());
    /// ```
    #[cfg(feature = "api")]
    pub fn allow_insecure_http_auth(mut self) -> Self {
        self.insecure_http_auth = true;
        self
    }

    /// The secret of the account's webhook endpoint (`whsec_…`), which
    /// [`ImageKit::webhook_event`] verifies events with.
    #[cfg(feature = "api")]
    pub fn webhook_secret(mut self, secret: impl Into<String>) -> Self {
        self.webhook_secret = Some(secret.into());
        self
    }

    /// The clock signing and retries read (default: the system clock).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// The client, once every setting checks out: the endpoint and base URLs must be `http(s)`
    /// URLs (a base URL with a host and no query or fragment), and with a private key a plain
    /// `http://` base must be loopback unless
    /// [`allow_insecure_http_auth`](Self::allow_insecure_http_auth) was given.
    pub fn build(self) -> Result<ImageKit, Error> {
        let url_endpoint = match &self.url_endpoint {
            Some(endpoint) => url::check_endpoint(endpoint)?.to_string(),
            None => String::new(),
        };
        #[cfg(feature = "api")]
        let calls = {
            let mut calls = Calls::new(self.bases, self.private_key.as_deref())?;
            calls.api.set_insecure_http_auth(self.insecure_http_auth);
            calls.api.check_auth()?;
            calls
        };
        Ok(ImageKit {
            url_endpoint,
            #[cfg(feature = "api")]
            calls,
            public_key: self.public_key,
            private_key: self.private_key.as_deref().map(PrivateKey::new),
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
            #[cfg(feature = "api")]
            webhook_secret: self.webhook_secret,
        })
    }
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

    /// A client from the environment: `IMAGEKIT_URL_ENDPOINT` (for URLs; without it the client
    /// makes API calls only), `IMAGEKIT_PRIVATE_KEY`, `IMAGEKIT_PUBLIC_KEY`, and
    /// `IMAGEKIT_BASE_URL`, which points both the API and uploads at one server (a local
    /// stand-in), and `IMAGEKIT_WEBHOOK_SECRET` (for [`ImageKit::webhook_event`]). Empty
    /// variables count as unset; an invalid one is an error that names it.
    pub fn from_env() -> Result<Self, Error> {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        let mut builder = Self::builder();
        if let Some(endpoint) = var("IMAGEKIT_URL_ENDPOINT") {
            url::check_endpoint(&endpoint).map_err(|problem| {
                InputError::InvalidVariable("IMAGEKIT_URL_ENDPOINT", Box::new(problem))
            })?;
            builder = builder.url_endpoint(endpoint);
        }
        if let Some(key) = var("IMAGEKIT_PRIVATE_KEY") {
            builder = builder.private_key(key);
        }
        if let Some(key) = var("IMAGEKIT_PUBLIC_KEY") {
            builder = builder.public_key(key);
        }
        #[cfg(feature = "api")]
        if let Some(base) = var("IMAGEKIT_BASE_URL") {
            builder = builder.base_url(base);
        }
        #[cfg(feature = "api")]
        if let Some(secret) = var("IMAGEKIT_WEBHOOK_SECRET") {
            builder = builder.webhook_secret(secret);
        }
        builder.build()
    }

    /// This client with the private key: signed URLs, the signing helpers and API calls need it.
    pub fn with_private_key(mut self, key: &str) -> Self {
        self.private_key = Some(PrivateKey::new(key));
        #[cfg(feature = "api")]
        self.calls.api.set_private_key(Some(key));
        self
    }

    /// Lets API calls send the private key over plain `http://` to a host that is not loopback,
    /// as [`ImageKitBuilder::allow_insecure_http_auth`] does. Without it such a call fails with
    /// [`InputError::InsecureHttpAuth`](crate::InputError::InsecureHttpAuth) and sends nothing.
    #[cfg(feature = "api")]
    pub fn with_insecure_http_auth(mut self) -> Self {
        self.calls.api.set_insecure_http_auth(true);
        self
    }

    /// Adds the public key (the upload v2 JWT names it).
    pub fn with_public_key(mut self, key: impl Into<String>) -> Self {
        self.public_key = Some(key.into());
        self
    }

    /// This client with the webhook secret [`webhook_event`](ImageKit::webhook_event) verifies
    /// events with, as [`ImageKitBuilder::webhook_secret`] sets it.
    #[cfg(feature = "api")]
    pub fn with_webhook_secret(mut self, secret: impl Into<String>) -> Self {
        self.webhook_secret = Some(secret.into());
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

    #[cfg(feature = "helpers")]
    pub(crate) fn private_key(&self) -> Result<&PrivateKey, crate::url::InputError> {
        self.private_key
            .as_ref()
            .ok_or(crate::url::InputError::MissingPrivateKey)
    }

    #[cfg(feature = "api")]
    pub(crate) fn webhook_secret(&self) -> Option<&str> {
        self.webhook_secret.as_deref()
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

    /// The attributes of a responsive `<img>` (`src`, `srcset`, `sizes`, `width`) for `opts`, by
    /// the rules of `getResponsiveImageAttributes` of `@imagekit/javascript` 5.5.1 (see
    /// [`Responsive`](crate::Responsive)): each candidate is the URL of `opts` with a last step
    /// `w-<width>,c-at_max`. Unlike the JS SDK, signed options give signed candidates, all as of
    /// one reading of the clock.
    ///
    /// ```
    /// use imagekit::{ImageKit, Responsive, Transform, UrlOptions};
    /// let ik = ImageKit::new("https://ik.imagekit.io/demo").unwrap();
    /// let step = [Transform::Grayscale];
    /// let opts = UrlOptions::path("/a.jpg").transformation(&step);
    /// let img = ik.responsive_image(&opts, &Responsive { width: Some(400), ..Default::default() }).unwrap();
    /// assert_eq!(img.src, "https://ik.imagekit.io/demo/tr:e-grayscale:w-828,c-at_max/a.jpg");
    /// assert_eq!(
    ///     img.src_set.as_deref(),
    ///     Some("https://ik.imagekit.io/demo/tr:e-grayscale:w-640,c-at_max/a.jpg 1x, \
    ///           https://ik.imagekit.io/demo/tr:e-grayscale:w-828,c-at_max/a.jpg 2x")
    /// );
    /// assert_eq!((img.sizes, img.width), (None, Some(400)));
    /// ```
    pub fn responsive_image(
        &self,
        opts: &UrlOptions<'_>,
        responsive: &crate::Responsive<'_>,
    ) -> Result<crate::ResponsiveImage, Error> {
        let now = std::cell::OnceCell::new();
        url::responsive_attributes(opts, responsive, |candidate| {
            Ok(url::build(
                candidate,
                &self.url_endpoint,
                self.private_key.as_ref(),
                || *now.get_or_init(|| self.now()),
            )?)
        })
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

    /// Builds a URL from the official SDKs' options as JSON text (snake_case names; `now` pins
    /// the clock), as `imagekit url --jsonl` does for each line. Numbers are read as written:
    /// integers exactly (beyond ±2^53 they are an error: write such a value as a string),
    /// other numbers correctly rounded. Strings are borrowed from the text unless they hold
    /// escapes.
    ///
    /// ```
    /// let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo").unwrap();
    /// let opts = r#"{"path": "/a.jpg", "transformation": [{"width": 300, "effectGray": true, "zoom": 1e-30}]}"#;
    /// assert_eq!(
    ///     ik.url_from_json_str(opts).unwrap(),
    ///     "https://ik.imagekit.io/demo/tr:w-300,e-grayscale,z-0.000000000000000000000000000001/a.jpg"
    /// );
    /// let err = ik.url_from_json_str(r#"{"path": "/a.jpg", "urlEndpoint": "https://x.io"}"#).unwrap_err();
    /// assert_eq!(err.to_string(), r#"unknown option "urlEndpoint": the option is url_endpoint"#);
    /// ```
    pub fn url_from_json_str(&self, json: &str) -> Result<String, Error> {
        let json = url::JsonText::new(json);
        url::with_json_options(&json, |opts, now| match now {
            Some(now) => self.url_at(opts, now),
            None => self.url(opts),
        })
    }

    /// [`url_from_json_str`](ImageKit::url_from_json_str) for options already parsed into a
    /// `serde_json::Value` (written back to text and read again). serde_json has already
    /// rounded the numbers in it, approximately: for numbers as written, give the text to
    /// `url_from_json_str`.
    ///
    /// ```
    /// let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo").unwrap();
    /// let opts = serde_json::json!({"path": "/a.jpg", "transformation": [{"width": 300, "effectGray": true}]});
    /// assert_eq!(ik.url_from_json(&opts).unwrap(), "https://ik.imagekit.io/demo/tr:w-300,e-grayscale/a.jpg");
    /// ```
    pub fn url_from_json(&self, opts: &serde_json::Value) -> Result<String, Error> {
        self.url_from_json_str(&opts.to_string())
    }
}

impl fmt::Debug for ImageKit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let has_key = self.private_key.is_some();
        debug_account(f, "ImageKit", &self.url_endpoint, &self.public_key, has_key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
