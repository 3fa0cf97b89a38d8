//! How a client makes API calls: the request bases and auth ([`Api`]), the transport, the
//! retry policy, the pauses between attempts and the timeouts. [`call`](super::call) runs an
//! operation with them.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use super::ImageKit;
use crate::api::{Api, API_BASE, UPLOAD_BASE};
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::timeouts::Timeouts;
use crate::timer::Sleep;
use crate::transport::Transport;
use crate::url::InputError;

/// The API side of a client.
#[derive(Clone)]
pub(super) struct Calls {
    /// What requests are built with: the base URLs and the `Authorization` header.
    pub(super) api: Api,
    /// Given with `with_transport`.
    given: Option<Arc<dyn Transport>>,
    /// Otherwise made on the first call (the `hyper` feature's default), with the connect
    /// timeout; clones share it, and so its connection pool.
    made: Arc<OnceLock<Arc<dyn Transport>>>,
    pub(super) retry: RetryPolicy,
    /// How pauses between attempts are waited; the transport's timer when `None`.
    pub(super) pauses: Option<Arc<dyn Sleep>>,
    pub(super) random: Arc<dyn Fn() -> f64 + Send + Sync>,
    pub(super) timeouts: Timeouts,
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
            given: None,
            made: Arc::default(),
            retry: RetryPolicy::default(),
            pauses: None,
            random: Arc::new(os_random),
            timeouts: Timeouts::default(),
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
    /// [`HyperTransport`](crate::transport::hyper::HyperTransport) is made on the first call,
    /// with the client's connect timeout.
    pub fn with_transport(mut self, transport: impl Transport + 'static) -> Self {
        self.calls.given = Some(Arc::new(transport));
        self
    }

    pub(super) fn transport(&self) -> Result<&Arc<dyn Transport>, Error> {
        if let Some(transport) = &self.calls.given {
            return Ok(transport);
        }
        if let Some(transport) = self.calls.made.get() {
            return Ok(transport);
        }
        #[cfg(feature = "hyper")]
        {
            let connect = self.calls.timeouts.connect;
            Ok(self.calls.made.get_or_init(|| {
                Arc::new(crate::transport::hyper::HyperTransport::with_connect_timeout(connect))
            }))
        }
        #[cfg(not(feature = "hyper"))]
        Err(InputError::NoTransport.into())
    }

    /// The retry policy (default: [`RetryPolicy::default`], two retries).
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.calls.retry = policy;
        self
    }

    /// How pauses between attempts are waited (default: the transport's timer, Tokio's for
    /// the hyper adapter, or [`TimerThread`](crate::TimerThread)); tests pass
    /// [`RecordedPauses`](crate::transport::testing::RecordedPauses), which returns at once.
    /// Timeouts always run on the transport's timer.
    pub fn with_sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.calls.pauses = Some(Arc::new(sleep));
        self
    }

    /// Where backoff jitter comes from: a function returning numbers in `[0, 1)`.
    pub fn with_random(mut self, random: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        self.calls.random = Arc::new(random);
        self
    }

    /// How long calls may wait (default: [`Timeouts::default`]: connect 10 s, each attempt
    /// 60 s, a streamed upload 60 s without progress). A new connect timeout applies to the
    /// transport the client makes, not to one given with
    /// [`with_transport`](ImageKit::with_transport).
    ///
    /// ```
    /// use std::time::Duration;
    /// use imagekit::{ImageKit, Timeouts};
    ///
    /// let ik = ImageKit::new("https://ik.imagekit.io/demo")?.with_timeouts(Timeouts {
    ///     attempt: Some(Duration::from_secs(15)),
    ///     total: Some(Duration::from_secs(40)),
    ///     ..Timeouts::default()
    /// });
    /// assert_eq!(ik.timeouts().attempt, Some(Duration::from_secs(15)));
    /// # Ok::<(), imagekit::Error>(())
    /// ```
    pub fn with_timeouts(mut self, timeouts: Timeouts) -> Self {
        if timeouts.connect != self.calls.timeouts.connect {
            self.calls.made = Arc::default();
        }
        self.calls.timeouts = timeouts;
        self
    }

    /// The longest one attempt may take, from sending to the last byte of the answer (the
    /// [`attempt`](Timeouts::attempt) timeout; 60 s by default).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.calls.timeouts.attempt = Some(timeout);
        self
    }

    /// How long calls may wait.
    pub fn timeouts(&self) -> Timeouts {
        self.calls.timeouts
    }

    /// What requests are built with (base URLs and auth).
    pub fn api(&self) -> &Api {
        &self.calls.api
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
