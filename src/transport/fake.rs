//! A [`Transport`] for tests: [`FakeTransport`] answers from a script of responses and errors,
//! from matchers, or from recorded [`Fixture`]s (checking each request against its fixture),
//! and records every request it gets as a [`RecordedRequest`] to inspect.
//!
//! [`Transport`]: crate::transport::Transport
//! [`FakeTransport`]: crate::transport::fake::FakeTransport
//! [`Fixture`]: crate::transport::record::Fixture
//! [`RecordedRequest`]: crate::transport::fake::RecordedRequest
//!
//! ```
//! use std::sync::Arc;
//! use imagekit::transport::fake::FakeTransport;
//! use imagekit::transport::{Body, Transport};
//!
//! let fake = Arc::new(
//!     FakeTransport::new().with_response(FakeTransport::json(200, &serde_json::json!({"ok": true}))),
//! );
//! let transport: Arc<dyn Transport> = fake.clone();
//! # let _ = transport;
//! // … hand `transport` to the code under test, then:
//! assert_eq!(fake.request_count(), 0);
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::io;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};

use super::record::{Fixture, Scrubber};
use super::{async_trait, Body, Transport, TransportError};

/// What a transport answers: a response or a failure.
pub type Reply = Result<http::Response<Bytes>, TransportError>;

/// A matcher: answers the requests it recognizes, returns `None` for the others.
pub type Matcher = Box<dyn Fn(&RecordedRequest) -> Option<Reply> + Send + Sync>;

/// A request as the transport got it, with its body read into memory.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    /// The method.
    pub method: http::Method,
    /// The URI.
    pub uri: http::Uri,
    /// The headers.
    pub headers: HeaderMap,
    /// The whole body (a streamed body is read to its end).
    pub body: Bytes,
}

impl RecordedRequest {
    /// Reads `request`, its body included (a stream is opened once and read fully).
    pub fn read(request: &http::Request<Body>) -> io::Result<Self> {
        Ok(RecordedRequest {
            method: request.method().clone(),
            uri: request.uri().clone(),
            headers: request.headers().clone(),
            body: request.body().to_bytes()?,
        })
    }

    /// The first value of header `name`, when it is present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body parsed as JSON.
    pub fn body_json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::from_slice(&self.body)
    }

    /// The body as text, when it is UTF-8.
    pub fn body_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }

    /// The parts of a `multipart/form-data` body, in order, decoded with the boundary of the
    /// `Content-Type` header. Fails on a missing or other content type, a missing boundary,
    /// a part without a `form-data` `Content-Disposition` and a name, non-UTF-8 part headers,
    /// or a body that does not end with the closing delimiter.
    pub fn multipart_parts(&self) -> Result<Vec<MultipartPart>, MultipartError> {
        let content_type = self
            .headers
            .get(CONTENT_TYPE)
            .ok_or_else(|| MultipartError::new("no Content-Type header"))?;
        let content_type = std::str::from_utf8(content_type.as_bytes())
            .map_err(|_| MultipartError::new("the Content-Type header is not UTF-8"))?;
        parse_multipart(content_type, &self.body)
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartPart {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// The `filename` of its `Content-Disposition`, for a file.
    pub filename: Option<String>,
    /// Its `Content-Type`, when given.
    pub content_type: Option<String>,
    /// All its headers in order, names in lower case.
    pub headers: Vec<(String, String)>,
    /// Its bytes.
    pub data: Bytes,
}

impl MultipartPart {
    /// The data as text, when it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.data).ok()
    }
}

/// Why a body is not well-formed `multipart/form-data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartError {
    message: String,
}

impl MultipartError {
    fn new(message: impl Into<String>) -> Self {
        MultipartError {
            message: message.into(),
        }
    }
}

impl fmt::Display for MultipartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed multipart body: {}", self.message)
    }
}

impl std::error::Error for MultipartError {}

/// Splits `params` (`a=1; b="x;y"`) into lower-case names and values, quotes and
/// backslash escapes removed.
fn parse_params(params: &str) -> Result<Vec<(String, String)>, MultipartError> {
    let mut out = Vec::new();
    let mut chars = params.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ';') {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(out);
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ';' {
                break;
            }
            name.push(c);
            chars.next();
        }
        let name = name.trim().to_ascii_lowercase();
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                chars.next();
            }
            if chars.peek() == Some(&'"') {
                chars.next();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c) => value.push(c),
                            None => return Err(MultipartError::new("unterminated quoted value")),
                        },
                        Some(c) => value.push(c),
                        None => return Err(MultipartError::new("unterminated quoted value")),
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == ';' {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
                value = value.trim().to_owned();
            }
        }
        out.push((name, value));
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// Parses a `multipart/form-data` `body` sent with `content_type` (RFC 7578 / RFC 2046).
pub(crate) fn parse_multipart(
    content_type: &str,
    body: &[u8],
) -> Result<Vec<MultipartPart>, MultipartError> {
    let (media, params) = content_type.split_once(';').unwrap_or((content_type, ""));
    if !media.trim().eq_ignore_ascii_case("multipart/form-data") {
        return Err(MultipartError::new(format!(
            "Content-Type is {content_type:?}, not multipart/form-data"
        )));
    }
    let boundary = parse_params(params)?
        .into_iter()
        .find(|(k, _)| k == "boundary")
        .map(|(_, v)| v)
        .filter(|b| !b.is_empty() && b.len() <= 70)
        .ok_or_else(|| MultipartError::new("no valid boundary in the Content-Type header"))?;
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\r\n--{boundary}");

    // The first delimiter starts the body or a line after a preamble.
    let mut pos = if body.starts_with(delimiter.as_bytes()) {
        delimiter.len()
    } else {
        find(body, next_delimiter.as_bytes(), 0)
            .map(|i| i + next_delimiter.len())
            .ok_or_else(|| MultipartError::new(format!("no delimiter {delimiter:?}")))?
    };

    let mut parts = Vec::new();
    loop {
        let rest = &body[pos..];
        if rest.starts_with(b"--") {
            return Ok(parts); // the closing delimiter; an epilogue may follow
        }
        let padding = rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if !rest[padding..].starts_with(b"\r\n") {
            return Err(MultipartError::new(format!(
                "delimiter {} not followed by CRLF",
                parts.len() + 1
            )));
        }
        pos += padding + 2;

        let (header_block, data_start) = if body[pos..].starts_with(b"\r\n") {
            (&body[pos..pos], pos + 2)
        } else {
            let end = find(body, b"\r\n\r\n", pos).ok_or_else(|| {
                MultipartError::new(format!("part {}: headers never end", parts.len() + 1))
            })?;
            (&body[pos..end], end + 4)
        };
        let data_end = find(body, next_delimiter.as_bytes(), data_start).ok_or_else(|| {
            MultipartError::new(format!(
                "part {}: no delimiter after its data (truncated body?)",
                parts.len() + 1
            ))
        })?;
        parts.push(parse_part(
            parts.len() + 1,
            header_block,
            &body[data_start..data_end],
        )?);
        pos = data_end + next_delimiter.len();
    }
}

fn parse_part(
    index: usize,
    header_block: &[u8],
    data: &[u8],
) -> Result<MultipartPart, MultipartError> {
    let err = |m: String| MultipartError::new(format!("part {index}: {m}"));
    let text = std::str::from_utf8(header_block)
        .map_err(|_| err("its headers are not UTF-8".to_owned()))?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        if line.starts_with([' ', '\t']) {
            // An obsolete folded line continues the previous header.
            let last = headers
                .last_mut()
                .ok_or_else(|| err(format!("header line {line:?} continues nothing")))?;
            last.1.push(' ');
            last.1.push_str(line.trim());
            continue;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| err(format!("header line {line:?} has no colon")))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let disposition = headers
        .iter()
        .find(|(k, _)| k == "content-disposition")
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| err("no Content-Disposition header".to_owned()))?;
    let (kind, params) = disposition.split_once(';').unwrap_or((disposition, ""));
    if !kind.trim().eq_ignore_ascii_case("form-data") {
        return Err(err(format!(
            "Content-Disposition {disposition:?} is not form-data"
        )));
    }
    let params = parse_params(params).map_err(|e| err(e.message))?;
    let param = |key: &str| {
        params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let name = param("name").ok_or_else(|| err("Content-Disposition has no name".to_owned()))?;
    let content_type = headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map(|(_, v)| v.clone());
    Ok(MultipartPart {
        name,
        filename: param("filename"),
        content_type,
        headers,
        data: Bytes::copy_from_slice(data),
    })
}

/// Why a replayed request did not match its fixture: its place, and each difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayMismatch {
    /// The request's position, from 1.
    pub index: usize,
    /// `POST https://…`
    pub request: String,
    /// The fixture's file, or `fixture N` when it was not read from a file.
    pub fixture: String,
    /// One precise line per difference.
    pub differences: Vec<String>,
}

impl fmt::Display for ReplayMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "request #{} ({}) does not match {}:",
            self.index, self.request, self.fixture
        )?;
        for d in &self.differences {
            write!(f, "\n  - {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReplayMismatch {}

enum Step {
    Reply(Reply),
    Expect(Box<Fixture>),
}

#[derive(Default)]
struct State {
    script: VecDeque<Step>,
    requests: Vec<RecordedRequest>,
    mismatches: Vec<ReplayMismatch>,
    fixtures_taken: usize,
}

/// A [`Transport`] for tests. For each request it records a [`RecordedRequest`], then answers
/// with the first of:
///
/// 1. the first matcher (added with [`with_matcher`](Self::with_matcher)) that returns
///    `Some`, matchers being tried in the order they were added;
/// 2. the next step of the script, in order: a response or error
///    ([`with_response`](Self::with_response), [`with_error`](Self::with_error),
///    [`push`](Self::push)), or a fixture from [`replay`](Self::replay), which answers with
///    its recorded response once the request matches its recorded request (else with a
///    [`ReplayMismatch`]);
/// 3. a [`TransportError`] of kind `Other` naming the method and URI: nothing answers.
///
/// Share it as `Arc<FakeTransport>` to inspect the requests after handing a clone to the code
/// under test as `Arc<dyn Transport>`.
#[derive(Default)]
pub struct FakeTransport {
    state: Mutex<State>,
    matchers: Vec<Matcher>,
    scrubber: Scrubber,
    panic_on_mismatch: bool,
}

impl fmt::Debug for FakeTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("FakeTransport")
            .field("scripted", &state.script.len())
            .field("matchers", &self.matchers.len())
            .field("requests", &state.requests.len())
            .finish_non_exhaustive()
    }
}

impl FakeTransport {
    /// Answers nothing until given a script or matchers.
    pub fn new() -> Self {
        FakeTransport::default()
    }

    /// Answers the i-th request with the i-th fixture's response, after checking that the
    /// request matches the fixture's request: method, URI, the headers the fixture records
    /// (a `"<redacted>"` value only has to be present), and the body (JSON compared as JSON,
    /// `multipart/form-data` part by part, anything else byte for byte). A request that does
    /// not match gets a [`TransportError`] of kind `Other` whose source is a
    /// [`ReplayMismatch`] naming each difference, and the mismatch is kept for
    /// [`mismatches`](Self::mismatches) and [`assert_replayed`](Self::assert_replayed); a
    /// fixture is used up by its request either way.
    pub fn replay(fixtures: impl IntoIterator<Item = Fixture>) -> Self {
        let fake = FakeTransport::new();
        fake.lock()
            .script
            .extend(fixtures.into_iter().map(|f| Step::Expect(Box::new(f))));
        fake
    }

    /// [`replay`](Self::replay) of the fixtures [`Fixture::read_dir`] reads from `dir`.
    pub fn replay_dir(dir: impl AsRef<Path>) -> io::Result<Self> {
        Ok(FakeTransport::replay(Fixture::read_dir(dir)?))
    }

    /// Before a request is compared with its fixture, replaces `secret` in it with
    /// `<redacted>`, as [`Recording::scrub`](super::record::Recording::scrub) did when
    /// recording.
    pub fn scrub(mut self, secret: impl AsRef<str>) -> Self {
        self.scrubber.add_secret(secret.as_ref());
        self
    }

    /// Panics with the [`ReplayMismatch`] message as soon as a request does not match its
    /// fixture, instead of answering with an error.
    pub fn panic_on_mismatch(mut self) -> Self {
        self.panic_on_mismatch = true;
        self
    }

    /// Adds `response` to the end of the script.
    pub fn with_response(self, response: http::Response<Bytes>) -> Self {
        self.push(Ok(response));
        self
    }

    /// Adds `error` to the end of the script.
    pub fn with_error(self, error: TransportError) -> Self {
        self.push(Err(error));
        self
    }

    /// Adds a matcher, tried after those added before it. It sees every request before the
    /// script does.
    pub fn with_matcher(
        mut self,
        matcher: impl Fn(&RecordedRequest) -> Option<Reply> + Send + Sync + 'static,
    ) -> Self {
        self.matchers.push(Box::new(matcher));
        self
    }

    /// Adds `reply` to the end of the script (also once the fake is shared).
    pub fn push(&self, reply: Reply) {
        self.lock().script.push_back(Step::Reply(reply));
    }

    /// A response with `status`, `headers` and `body`.
    ///
    /// # Panics
    ///
    /// When `status` is not a valid status code or a header name or value is not valid: a
    /// mistake in the test.
    pub fn response(
        status: u16,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> http::Response<Bytes> {
        let mut response = http::Response::new(body.into());
        *response.status_mut() = http::StatusCode::from_u16(status)
            .unwrap_or_else(|_| panic!("FakeTransport::response: invalid status {status}"));
        for (name, value) in headers {
            let name = HeaderName::from_bytes(name.as_bytes()).unwrap_or_else(|_| {
                panic!("FakeTransport::response: invalid header name {name:?}")
            });
            let value = HeaderValue::from_str(value).unwrap_or_else(|_| {
                panic!("FakeTransport::response: invalid value {value:?} of header {name:?}")
            });
            response.headers_mut().append(name, value);
        }
        response
    }

    /// A response with `status` and `value` as its JSON body (`Content-Type:
    /// application/json`).
    ///
    /// # Panics
    ///
    /// When `status` is not a valid status code.
    pub fn json(status: u16, value: &serde_json::Value) -> http::Response<Bytes> {
        FakeTransport::response(
            status,
            &[("content-type", "application/json")],
            value.to_string(),
        )
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// The latest request.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        self.lock().requests.last().cloned()
    }

    /// How many requests were sent.
    pub fn request_count(&self) -> usize {
        self.lock().requests.len()
    }

    /// How many script steps (responses, errors, fixtures) are left unused.
    pub fn remaining(&self) -> usize {
        self.lock().script.len()
    }

    /// The replayed requests that did not match their fixture.
    pub fn mismatches(&self) -> Vec<ReplayMismatch> {
        self.lock().mismatches.clone()
    }

    /// Checks that every request matched its fixture and every script step was used, as at
    /// the end of a replayed test.
    ///
    /// # Panics
    ///
    /// With each mismatch and the number of steps left, when that is not so.
    pub fn assert_replayed(&self) {
        let state = self.lock();
        let mut problems: Vec<String> = state.mismatches.iter().map(|m| m.to_string()).collect();
        if !state.script.is_empty() {
            problems.push(format!(
                "{} scripted step(s) never used (after {} request(s))",
                state.script.len(),
                state.requests.len()
            ));
        }
        if !problems.is_empty() {
            panic!("FakeTransport replay failed:\n{}", problems.join("\n"));
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn answer(&self, request: RecordedRequest) -> Reply {
        let index = {
            let mut state = self.lock();
            state.requests.push(request.clone());
            state.requests.len()
        };
        // Matchers run without the lock, so one may inspect the fake itself.
        if let Some(reply) = self.matchers.iter().find_map(|m| m(&request)) {
            return reply;
        }
        let (step, fixture_number) = {
            let mut state = self.lock();
            let step = state.script.pop_front();
            if matches!(step, Some(Step::Expect(_))) {
                state.fixtures_taken += 1;
            }
            (step, state.fixtures_taken)
        };
        let described = format!("{} {}", request.method, request.uri);
        match step {
            Some(Step::Reply(reply)) => reply,
            Some(Step::Expect(fixture)) => {
                let differences = fixture.differences_scrubbed(&request, &self.scrubber);
                if differences.is_empty() {
                    return fixture
                        .to_response()
                        .map_err(|e| TransportError::other(format!("FakeTransport replay: {e}")));
                }
                let mismatch = ReplayMismatch {
                    index,
                    request: described,
                    fixture: match &fixture.source {
                        Some(path) => path.display().to_string(),
                        None => format!("fixture {fixture_number}"),
                    },
                    differences,
                };
                if self.panic_on_mismatch {
                    panic!("FakeTransport replay: {mismatch}");
                }
                self.lock().mismatches.push(mismatch.clone());
                Err(TransportError::other(mismatch))
            }
            None => Err(TransportError::other(format!(
                "FakeTransport: no scripted answer or matcher for request #{index}: {described}"
            ))),
        }
    }
}

#[async_trait]
impl Transport for FakeTransport {
    async fn send(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let recorded = RecordedRequest::read(&request).map_err(TransportError::io)?;
        self.answer(recorded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(boundary: &str, body: &[u8]) -> Result<Vec<MultipartPart>, MultipartError> {
        parse_multipart(&format!("multipart/form-data; boundary={boundary}"), body)
    }

    #[test]
    fn quoted_parameters_keep_semicolons_and_escapes() {
        let p = parse_params(r#" name="a;b"; filename="x\"y.jpg"; z=1 "#).unwrap();
        assert_eq!(
            p,
            [
                ("name".into(), "a;b".into()),
                ("filename".into(), "x\"y.jpg".into()),
                ("z".into(), "1".into())
            ]
        );
    }

    #[test]
    fn malformed_bodies_are_errors() {
        let ok = b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n";
        assert_eq!(parts("b", ok).unwrap().len(), 1);
        for bad in [
            &b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"[..],
            b"--b\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b--",
            b"--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b--",
            b"--b\r\nContent-Disposition: form-data; name=\"a\"",
            b"--bx\r\n",
            b"",
        ] {
            assert!(
                parts("b", bad).is_err(),
                "{:?}",
                bad.escape_ascii().to_string()
            );
        }
        assert!(parse_multipart("text/plain", ok).is_err());
        assert!(parse_multipart("multipart/form-data", ok).is_err());
    }

    #[test]
    fn a_preamble_and_an_empty_part_parse() {
        let body = b"junk\r\n--b\r\nContent-Disposition: form-data; name=e\r\n\r\n\r\n--b--";
        let p = parts("b", body).unwrap();
        assert_eq!(p[0].name, "e");
        assert!(p[0].data.is_empty());
    }
}
