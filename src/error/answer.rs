//! What an API call can meet besides refused input: an error answer (status, ImageKit's
//! message, help and reason, the request id, the rate-limit figures), a body the operation could
//! not read, and a transport failure; and the [`Error`] methods that ask about them.

use core::fmt;

use super::{Error, Kind};
use crate::transport::{TransportError, TransportErrorKind};

/// The rate-limit figures ImageKit sends with an answer (all APIs but upload).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// `X-RateLimit-Limit`: requests allowed per interval.
    pub limit: Option<u64>,
    /// `X-RateLimit-Reset`: milliseconds to wait before the next request.
    pub reset_ms: Option<u64>,
    /// `X-RateLimit-Interval`: the interval, in milliseconds.
    pub interval_ms: Option<u64>,
}

impl RateLimit {
    /// Reads the three headers; `None` when none is there.
    ///
    /// ```
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("x-ratelimit-limit", "10".parse().unwrap());
    /// let limit = imagekit::RateLimit::from_headers(&headers).unwrap();
    /// assert_eq!((limit.limit, limit.reset_ms), (Some(10), None));
    /// ```
    pub fn from_headers(headers: &http::HeaderMap) -> Option<Self> {
        let number = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok())
        };
        let limit = RateLimit {
            limit: number("x-ratelimit-limit"),
            reset_ms: number("x-ratelimit-reset"),
            interval_ms: number("x-ratelimit-interval"),
        };
        (limit != RateLimit::default()).then_some(limit)
    }
}

/// An answer that was not a success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ApiError {
    status: http::StatusCode,
    message: String,
    help: Option<String>,
    reason: Option<String>,
    request_id: Option<String>,
    rate_limit: Option<RateLimit>,
}

/// An answer whose body was not what the operation expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DecodeError {
    status: http::StatusCode,
    reason: String,
    excerpt: String,
    request_id: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}", self.message, self.status.as_u16())?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")?;
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected answer (HTTP {}", self.status.as_u16())?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        write!(f, "): {}; body starts {:?}", self.reason, self.excerpt)
    }
}

/// How much of an unexpected body an error keeps.
const EXCERPT_CHARS: usize = 200;

/// The start of `body` as text a person can read: invalid UTF-8 and control characters replaced.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(4 * EXCERPT_CHARS)]);
    let mut out: String = text
        .chars()
        .take(EXCERPT_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > EXCERPT_CHARS || body.len() > 4 * EXCERPT_CHARS {
        out.push('…');
    }
    out
}

/// The `x-ik-requestId` of an answer, to quote to ImageKit's support.
///
/// ```
/// let mut headers = http::HeaderMap::new();
/// headers.insert("x-ik-requestid", "req-1".parse().unwrap());
/// assert_eq!(imagekit::api::request_id(&headers), Some("req-1"));
/// ```
pub fn request_id(headers: &http::HeaderMap) -> Option<&str> {
    headers.get("x-ik-requestid").and_then(|v| v.to_str().ok())
}

impl Error {
    /// An error answer: the status, ImageKit's `{message, help}` body, the request id and the
    /// rate-limit figures. A body that is not that JSON is a decode error instead.
    pub(crate) fn from_response(response: &http::Response<bytes::Bytes>) -> Self {
        #[derive(serde::Deserialize)]
        struct Body {
            message: String,
            help: Option<String>,
            reason: Option<String>,
        }
        let status = response.status();
        match serde_json::from_slice::<Body>(response.body()) {
            Ok(body) => Error {
                kind: Kind::Api(Box::new(ApiError {
                    status,
                    message: body.message,
                    help: body.help,
                    reason: body.reason,
                    request_id: request_id(response.headers()).map(str::to_string),
                    rate_limit: RateLimit::from_headers(response.headers()),
                })),
            },
            Err(e) => Error::decode(response, &e),
        }
    }

    /// A body the operation could not read.
    pub(crate) fn decode(
        response: &http::Response<bytes::Bytes>,
        reason: &dyn fmt::Display,
    ) -> Self {
        Error {
            kind: Kind::Decode(Box::new(DecodeError {
                status: response.status(),
                reason: reason.to_string(),
                excerpt: excerpt(response.body()),
                request_id: request_id(response.headers()).map(str::to_string),
            })),
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<http::StatusCode> {
        match &self.kind {
            Kind::Api(e) => Some(e.status),
            Kind::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// ImageKit's message for an error answer.
    pub fn message(&self) -> Option<&str> {
        match &self.kind {
            Kind::Api(e) => Some(&e.message),
            _ => None,
        }
    }

    /// ImageKit's hint of what to do, when it gave one.
    pub fn help(&self) -> Option<&str> {
        match &self.kind {
            Kind::Api(e) => e.help.as_deref(),
            _ => None,
        }
    }

    /// ImageKit's machine-readable reason, when the answer gave one (`FILE_ALREADY_EXISTS`,
    /// `FOLDER_NOT_FOUND`, `PURGE_FAILED`…): something to branch on, unlike the message.
    pub fn reason(&self) -> Option<&str> {
        match &self.kind {
            Kind::Api(e) => e.reason.as_deref(),
            _ => None,
        }
    }

    /// The `x-ik-requestId` of the answer, to quote to ImageKit's support.
    pub fn request_id(&self) -> Option<&str> {
        match &self.kind {
            Kind::Api(e) => e.request_id.as_deref(),
            Kind::Decode(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The rate-limit figures of the answer, when it carried them.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        match &self.kind {
            Kind::Api(e) => e.rate_limit,
            _ => None,
        }
    }

    /// The transport failure, when the request got no answer.
    pub fn transport_error(&self) -> Option<&TransportError> {
        match &self.kind {
            Kind::Transport(e) => Some(e),
            _ => None,
        }
    }

    /// True when no answer came in time.
    pub fn is_timeout(&self) -> bool {
        self.transport_kind() == Some(TransportErrorKind::Timeout)
    }

    /// True when the connection could not be made.
    pub fn is_connect(&self) -> bool {
        self.transport_kind() == Some(TransportErrorKind::Connect)
    }

    /// True for a 404 answer.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(http::StatusCode::NOT_FOUND)
    }

    /// True for a 409 answer (for example a named transformation still in use).
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(http::StatusCode::CONFLICT)
    }

    /// True for a 429 answer; [`Error::rate_limit`] says how long to wait.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(http::StatusCode::TOO_MANY_REQUESTS)
    }

    /// True when the answer came but its body was not what the operation expects.
    pub fn is_decode(&self) -> bool {
        matches!(self.kind, Kind::Decode(_))
    }

    fn transport_kind(&self) -> Option<TransportErrorKind> {
        self.transport_error().map(TransportError::kind)
    }
}

impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        Error {
            kind: Kind::Transport(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(
        status: u16,
        headers: &[(&str, &str)],
        body: &'static str,
    ) -> http::Response<bytes::Bytes> {
        let mut response = http::Response::builder().status(status);
        for (name, value) in headers {
            response = response.header(*name, *value);
        }
        response
            .body(bytes::Bytes::from_static(body.as_bytes()))
            .unwrap()
    }

    #[test]
    fn an_error_answer_keeps_message_help_request_id_and_rate_limit() {
        let e = Error::from_response(&answer(
            429,
            &[
                ("x-ik-requestId", "req-1"),
                ("X-RateLimit-Limit", "10"),
                ("X-RateLimit-Reset", "200"),
                ("X-RateLimit-Interval", "1000"),
            ],
            r#"{"message": "Too many requests"}"#,
        ));
        assert!(e.is_rate_limited());
        assert_eq!(e.message(), Some("Too many requests"));
        assert_eq!(e.help(), None);
        assert_eq!(e.request_id(), Some("req-1"));
        assert_eq!(
            e.rate_limit(),
            Some(RateLimit {
                limit: Some(10),
                reset_ms: Some(200),
                interval_ms: Some(1000)
            })
        );
        assert_eq!(
            e.to_string(),
            "Too many requests (HTTP 429, request id req-1)"
        );
        let e = Error::from_response(&answer(
            404,
            &[],
            r#"{"message": "No file", "help": "Check the id", "reason": "SOURCE_FILE_MISSING"}"#,
        ));
        assert!(e.is_not_found());
        assert_eq!(e.reason(), Some("SOURCE_FILE_MISSING"));
        assert_eq!(e.to_string(), "No file (HTTP 404); Check the id");
    }

    #[test]
    fn a_body_that_is_not_json_is_a_decode_error_with_a_short_safe_excerpt() {
        let long = "<html>\n".repeat(200).leak();
        let e = Error::from_response(&answer(502, &[("x-ik-requestId", "r2")], long));
        assert!(e.is_decode());
        assert_eq!(e.status(), Some(http::StatusCode::BAD_GATEWAY));
        assert_eq!(e.request_id(), Some("r2"));
        let shown = e.to_string();
        assert!(
            shown.starts_with("unexpected answer (HTTP 502, request id r2)"),
            "{shown}"
        );
        assert!(shown.len() < 400, "{shown}");
        assert!(!shown.contains('\n'));
    }

    #[test]
    fn transport_errors_answer_their_kind() {
        let e = Error::from(TransportError::timeout("slow"));
        assert!(e.is_timeout() && !e.is_connect() && e.status().is_none());
        assert!(Error::from(TransportError::connect("refused")).is_connect());
    }
}
