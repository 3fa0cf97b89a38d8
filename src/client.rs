//! The client: keys, URL endpoint and clock.

use core::fmt;
use std::sync::Arc;

use crate::error::{Error, InputError};
use crate::json;
use crate::sign::{Clock, PrivateKey, SystemClock};
use crate::url::{self, UrlOptions};

/// An ImageKit account: URL endpoint, keys and the clock signing reads. Cheap to clone.
///
/// `Debug` shows the endpoint and the public key, never the private key.
#[derive(Clone)]
pub struct ImageKit {
    url_endpoint: String,
    public_key: Option<String>,
    private_key: Option<PrivateKey>,
    clock: Arc<dyn Clock>,
}

impl ImageKit {
    /// A client for `url_endpoint` (`https://ik.imagekit.io/<id>` or a custom domain), with no
    /// keys: it builds unsigned URLs.
    ///
    /// ```
    /// assert!(imagekit::ImageKit::new("ik.imagekit.io/demo").is_err());
    /// ```
    pub fn new(url_endpoint: impl Into<String>) -> Result<Self, Error> {
        let url_endpoint = url_endpoint.into();
        url::check_endpoint(&url_endpoint)?;
        Ok(ImageKit {
            url_endpoint,
            public_key: None,
            private_key: None,
            clock: Arc::new(SystemClock),
        })
    }

    /// Adds the private key: signed URLs and the signing helpers need it.
    pub fn with_private_key(mut self, key: &str) -> Self {
        self.private_key = Some(PrivateKey::new(key));
        self
    }

    /// Adds the public key (the upload v2 JWT names it).
    pub fn with_public_key(mut self, key: impl Into<String>) -> Self {
        self.public_key = Some(key.into());
        self
    }

    /// Replaces the system clock, for tests or to sign as of another time.
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The URL endpoint.
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
        let (opts, now) = json::options(opts)?;
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
