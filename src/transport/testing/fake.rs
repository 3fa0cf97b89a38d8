//! A [`Transport`] for tests: [`FakeTransport`] answers from a script of responses and errors,
//! from matchers, or from recorded [`Fixture`]s (checking each request against its fixture),
//! and records every request it gets as a [`RecordedRequest`] to inspect.
//!
//! [`Transport`]: crate::transport::Transport
//! [`FakeTransport`]: crate::transport::testing::FakeTransport
//! [`Fixture`]: crate::transport::testing::Fixture
//! [`RecordedRequest`]: crate::transport::testing::RecordedRequest
//!
//! ```
//! use std::sync::Arc;
//! use imagekit::transport::testing::FakeTransport;
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
use http::header::{HeaderName, HeaderValue};

use super::fixture::Fixture;
use super::request::RecordedRequest;
use super::scrub::Scrubber;
use crate::transport::{async_trait, Body, Transport, TransportError};

/// What a transport answers: a response or a failure.
pub type Reply = Result<http::Response<Bytes>, TransportError>;

/// A matcher: answers the requests it recognizes, returns `None` for the others.
pub type Matcher = Box<dyn Fn(&RecordedRequest) -> Option<Reply> + Send + Sync>;

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
    /// `multipart/form-data` part by part, anything else byte for byte). Both are compared
    /// scrubbed as [`Recording`](super::Recording) scrubs: the private key of the request's
    /// `Authorization` header, its upload `signature` and `token` fields and signed URLs'
    /// `ik-s` values are `<redacted>` on both sides. A request that does
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
