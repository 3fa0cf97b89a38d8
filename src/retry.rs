//! The retry policy: which failures are retried (connection failures, 408, 429 and 5xx; never
//! 409 or another 4xx), for which operations ([`Repeat`]), and how long to wait (0.5 s doubling,
//! capped at 8 s, with jitter; or what a 429's `X-RateLimit-Reset` / `Retry-After` asks);
//! with the sleep and the randomness injectable so tests do not wait.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::StatusCode;

use crate::transport::{TransportError, TransportErrorKind};

/// Whether an operation may be sent again after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// Reads, updates and deletes: repeating them changes nothing more.
    Safe,
    /// Uploads, creates, copies, moves, renames, purges: a repeat could do the work twice, so
    /// they are retried only when the request provably did not run (the connection failed
    /// before sending, or the answer was 429).
    IfNotSent,
    /// A client-side-signed upload: its token is single-use on the server.
    Never,
}

/// How many times and how patiently failed requests are retried.
///
/// ```
/// let policy = imagekit::RetryPolicy::default();
/// assert_eq!(policy.max_retries, 2);
/// assert_eq!(imagekit::RetryPolicy::none().max_retries, 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2: three attempts).
    pub max_retries: u32,
    /// The first backoff, doubled at each retry (default 0.5 s).
    pub base_delay: Duration,
    /// The longest wait, backoff or server-asked (default 8 s).
    pub max_delay: Duration,
    /// Up to this fraction added at random to a backoff (default 0.25).
    pub jitter: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            jitter: 0.25,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// How long to wait before retrying after `result`, or `None` to stop. `retries_done`
    /// counts the retries already made; `random` is in `[0, 1)`.
    pub(crate) fn delay(
        &self,
        retries_done: u32,
        result: &Result<http::Response<Bytes>, TransportError>,
        repeat: Repeat,
        random: f64,
        now: SystemTime,
    ) -> Option<Duration> {
        if retries_done >= self.max_retries || repeat == Repeat::Never {
            return None;
        }
        let response = match result {
            Err(e) => {
                let retryable = match e.kind() {
                    TransportErrorKind::Connect => true,
                    TransportErrorKind::Timeout | TransportErrorKind::Io => repeat == Repeat::Safe,
                    _ => false,
                };
                return retryable.then(|| self.backoff(retries_done, random));
            }
            Ok(response) => response,
        };
        let status = response.status();
        let retryable = match status {
            StatusCode::TOO_MANY_REQUESTS => true,
            StatusCode::REQUEST_TIMEOUT
            | StatusCode::INTERNAL_SERVER_ERROR
            | StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT => repeat == Repeat::Safe,
            _ => false,
        };
        if !retryable {
            return None;
        }
        let headers = response.headers();
        let asked = (status == StatusCode::TOO_MANY_REQUESTS)
            .then(|| header_number(headers, "x-ratelimit-reset").map(Duration::from_millis))
            .flatten()
            .or_else(|| retry_after(headers, now));
        Some(match asked {
            Some(wait) => wait.min(self.max_delay),
            None => self.backoff(retries_done, random),
        })
    }

    fn backoff(&self, retries_done: u32, random: f64) -> Duration {
        let doubled = self
            .base_delay
            .saturating_mul(1u32.checked_shl(retries_done).unwrap_or(u32::MAX));
        let capped = doubled.min(self.max_delay);
        capped.mul_f64(1.0 + self.jitter * random.clamp(0.0, 1.0))
    }
}

fn header_number(headers: &http::HeaderMap, name: &str) -> Option<u64> {
    whole_number(headers.get(name)?.to_str().ok()?)
}

/// A whole number of units; past `u64` it saturates (such a wait is capped anyway), rather than
/// being unreadable and falling back to a backoff far shorter than what the server asked.
fn whole_number(value: &str) -> Option<u64> {
    match value.trim().parse::<u64>() {
        Ok(n) => Some(n),
        Err(e) if *e.kind() == core::num::IntErrorKind::PosOverflow => Some(u64::MAX),
        Err(_) => None,
    }
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &http::HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Some(seconds) = whole_number(value) {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn answer(
        status: u16,
        headers: &[(&str, &str)],
    ) -> Result<http::Response<Bytes>, TransportError> {
        let mut b = http::Response::builder().status(status);
        for (n, v) in headers {
            b = b.header(*n, *v);
        }
        Ok(b.body(Bytes::new()).unwrap())
    }

    fn delay(
        result: &Result<http::Response<Bytes>, TransportError>,
        repeat: Repeat,
        done: u32,
    ) -> Option<Duration> {
        RetryPolicy::default().delay(done, result, repeat, 0.0, SystemTime::UNIX_EPOCH)
    }

    #[rstest]
    #[case(408, true)]
    #[case(429, true)]
    #[case(500, true)]
    #[case(502, true)]
    #[case(503, true)]
    #[case(504, true)]
    #[case(400, false)]
    #[case(401, false)]
    #[case(404, false)]
    #[case(409, false)]
    #[case(200, false)]
    fn which_statuses_are_retried(#[case] status: u16, #[case] retried: bool) {
        assert_eq!(
            delay(&answer(status, &[]), Repeat::Safe, 0).is_some(),
            retried
        );
    }

    #[test]
    fn backoff_doubles_from_half_a_second_with_jitter_and_a_cap() {
        let p = RetryPolicy {
            max_retries: 10,
            ..RetryPolicy::default()
        };
        let busy = answer(503, &[]);
        let at = |n, r| {
            p.delay(n, &busy, Repeat::Safe, r, SystemTime::UNIX_EPOCH)
                .unwrap()
        };
        assert_eq!(at(0, 0.0), Duration::from_millis(500));
        assert_eq!(at(1, 0.0), Duration::from_secs(1));
        assert_eq!(at(2, 0.0), Duration::from_secs(2));
        assert_eq!(at(0, 1.0), Duration::from_millis(625));
        assert_eq!(at(9, 0.0), Duration::from_secs(8));
        assert_eq!(at(9, 1.0), Duration::from_secs(10));
    }

    #[test]
    fn a_429_waits_what_the_server_asks_capped() {
        let reset = answer(429, &[("X-RateLimit-Reset", "200")]);
        assert_eq!(
            delay(&reset, Repeat::Safe, 0),
            Some(Duration::from_millis(200))
        );
        let seconds = answer(429, &[("Retry-After", "3")]);
        assert_eq!(
            delay(&seconds, Repeat::Safe, 0),
            Some(Duration::from_secs(3))
        );
        let date = answer(429, &[("Retry-After", "Thu, 01 Jan 1970 00:00:05 GMT")]);
        assert_eq!(delay(&date, Repeat::Safe, 0), Some(Duration::from_secs(5)));
        let long = answer(429, &[("X-RateLimit-Reset", "600000")]);
        assert_eq!(delay(&long, Repeat::Safe, 0), Some(Duration::from_secs(8)));
    }

    #[test]
    fn operations_that_must_not_repeat_are_retried_only_when_not_sent() {
        let connect = Err(TransportError::connect("refused"));
        let timeout = Err(TransportError::timeout("slow"));
        assert!(delay(&connect, Repeat::IfNotSent, 0).is_some());
        assert!(delay(&answer(429, &[]), Repeat::IfNotSent, 0).is_some());
        assert!(delay(&answer(500, &[]), Repeat::IfNotSent, 0).is_none());
        assert!(delay(&timeout, Repeat::IfNotSent, 0).is_none());
        assert!(delay(&timeout, Repeat::Safe, 0).is_some());
        assert!(delay(&connect, Repeat::Never, 0).is_none());
        assert!(delay(&answer(429, &[]), Repeat::Never, 0).is_none());
        assert!(delay(&Err(TransportError::other("tls")), Repeat::Safe, 0).is_none());
    }

    #[test]
    fn retries_stop_at_the_limit() {
        let busy = answer(503, &[]);
        assert!(delay(&busy, Repeat::Safe, 1).is_some());
        assert!(delay(&busy, Repeat::Safe, 2).is_none());
        assert!(RetryPolicy::none()
            .delay(0, &busy, Repeat::Safe, 0.0, SystemTime::UNIX_EPOCH)
            .is_none());
    }
}
