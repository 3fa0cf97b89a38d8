//! Test doubles for code that calls ImageKit, ours and our users' ([`RecordedPauses`] makes
//! retries pause without waiting):
//! [`FakeTransport`] answers from a script, from
//! matchers or from recorded fixtures and keeps every request it gets;
//! [`Recording`] wraps a real transport and keeps each
//! exchange as a [`Fixture`] with its secrets scrubbed,
//! written as readable JSON files that `FakeTransport::replay` answers from.
//!
//! Uses: the [`Transport`](crate::transport::Transport) trait and the multipart parser of
//! `transport`.

mod fake;
mod fixture;
mod pauses;
mod record;
mod request;
mod scrub;

pub use super::multipart::{MultipartError, MultipartPart};
pub use fake::{FakeTransport, Matcher, ReplayMismatch, Reply};
pub use fixture::{Fixture, FixtureBody, FixtureRequest, FixtureResponse, HeaderValues};
pub use pauses::RecordedPauses;
pub use record::Recording;
pub use request::RecordedRequest;
pub use scrub::REDACTED;
