//! One API call: [`ImageKit::call`] with options of its own (timeouts, retries, headers), and
//! [`ImageKit::send`]; both run the attempts, the pauses between them and the deadlines.

use core::fmt;
use std::time::{Duration, Instant, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};

use super::redact::LoggedUri;
use super::ImageKit;
use crate::api::Operation;
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::timeouts::{attempt, within, Timeouts};
use crate::timer::{Sleep, TimerThread};
use crate::transport::Transport;

/// One call of an operation, with the client's timeouts, retry policy and headers, each of
/// which can be changed for this call alone. Made by [`ImageKit::call`]; nothing is sent until
/// [`send`](Call::send).
///
/// ```no_run
/// use std::time::Duration;
/// use http::{HeaderName, HeaderValue};
/// use imagekit::api::files::ListFiles;
///
/// # async fn run(ik: &imagekit::ImageKit) -> Result<(), imagekit::Error> {
/// let files = ik
///     .call(&ListFiles::new().limit(10))
///     .timeout(Duration::from_secs(5))
///     .max_retries(0)
///     .header(HeaderName::from_static("x-trace-id"), HeaderValue::from_static("abc"))
///     .send()
///     .await?;
/// # let _ = files;
/// # Ok(()) }
/// ```
#[must_use = "a call does nothing until it is sent"]
pub struct Call<'a, O> {
    client: &'a ImageKit,
    op: &'a O,
    timeouts: Timeouts,
    retry: RetryPolicy,
    headers: HeaderMap,
}

impl<O> fmt::Debug for Call<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be credentials: only their names are shown.
        f.debug_struct("Call")
            .field("operation", &std::any::type_name::<O>())
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl ImageKit {
    /// `op` as a [`Call`] whose timeouts, retries and headers can be set for this call alone.
    pub fn call<'a, O: Operation>(&'a self, op: &'a O) -> Call<'a, O> {
        Call {
            client: self,
            op,
            timeouts: self.calls.timeouts,
            retry: self.calls.retry,
            headers: HeaderMap::new(),
        }
    }

    /// Runs `op`: builds its request, sends it through the transport within the client's
    /// [`Timeouts`], retries by the policy and the operation's [`Repeat`](crate::Repeat), and
    /// parses the answer.
    pub async fn send<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        self.call(op).send().await
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
        self.call(op).send_with_response().await
    }
}

impl<O: Operation> Call<'_, O> {
    /// The longest one attempt may take ([`Timeouts::attempt`]).
    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeouts.attempt = Some(limit);
        self
    }

    /// The longest a streamed body may go without progress ([`Timeouts::idle`]).
    pub fn idle_timeout(mut self, limit: Duration) -> Self {
        self.timeouts.idle = Some(limit);
        self
    }

    /// The longest the whole call may take, retries included ([`Timeouts::total`]).
    pub fn deadline(mut self, limit: Duration) -> Self {
        self.timeouts.total = Some(limit);
        self
    }

    /// All the timeouts of this call (the connect timeout is the transport's).
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The retry policy of this call.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// At most `retries` retries after the first attempt (0: one attempt).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// Sends `name: value` with this call's requests, in place of any value the operation sets.
    /// Called again with the same name, adds a value.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Sends the call and parses the answer.
    pub async fn send(self) -> Result<O::Output, Error> {
        self.op.parse(self.exchange().await?)
    }

    /// As [`send`](Call::send), with the answer's status, headers and HTTP version around the
    /// typed result (see [`ImageKit::send_with_response`]).
    pub async fn send_with_response(self) -> Result<http::Response<O::Output>, Error> {
        let response = self.exchange().await?;
        let (status, version, headers) = (
            response.status(),
            response.version(),
            response.headers().clone(),
        );
        let mut answer = http::Response::new(self.op.parse(response)?);
        *answer.status_mut() = status;
        *answer.version_mut() = version;
        *answer.headers_mut() = headers;
        Ok(answer)
    }

    /// Sends the request, again as the retry policy and the operation's `repeat` allow, within
    /// the total deadline, and returns the last answer (or the last failure).
    async fn exchange(&self) -> Result<http::Response<Bytes>, Error> {
        let transport = self.client.transport()?;
        let timer = transport.timer().unwrap_or(&TimerThread);
        let attempts = self.attempts(&**transport, timer);
        within(timer, self.timeouts.total, attempts, |total| {
            format!("the call took longer than {total:?} (the total timeout)")
        })
        .await
    }

    async fn attempts(
        &self,
        transport: &dyn Transport,
        timer: &dyn Sleep,
    ) -> Result<http::Response<Bytes>, Error> {
        let calls = &self.client.calls;
        let pauses = calls.pauses.as_deref().unwrap_or(timer);
        let started = Instant::now();
        let mut retries = 0;
        loop {
            let mut request = self.op.request(&calls.api)?;
            for name in self.headers.keys() {
                request.headers_mut().remove(name);
            }
            request.headers_mut().extend(self.headers.clone());
            // The Authorization header is marked sensitive: its Debug is `Sensitive`.
            tracing::debug!(method = %request.method(), uri = %LoggedUri(request.uri()), attempt = retries + 1, "imagekit request");
            tracing::trace!(headers = ?request.headers(), body = ?request.body(), "imagekit request");
            let result = attempt(transport, request, &self.timeouts, timer).await;
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
                self.op.repeat(),
                (calls.random)(),
                UNIX_EPOCH + Duration::from_secs(self.client.now()),
            );
            let within_deadline = |pause: Duration| {
                self.timeouts
                    .total
                    .is_none_or(|total| started.elapsed() + pause < total)
            };
            match pause.filter(|&pause| within_deadline(pause)) {
                Some(pause) => {
                    retries += 1;
                    tracing::debug!(?pause, retry = retries, "imagekit retry");
                    pauses.sleep(pause).await;
                }
                None => return Ok(result?),
            }
        }
    }
}
