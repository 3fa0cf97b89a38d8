//! [`Recording`]: wraps any [`Transport`], passes every exchange through and keeps it as a
//! scrubbed [`Fixture`], written as JSON files that
//! [`FakeTransport::replay`](super::FakeTransport::replay) answers from later.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use bytes::Bytes;
use http::header::HeaderName;

use super::fixture::{with_path, Fixture};
use super::request::RecordedRequest;
use super::scrub::Scrubber;
use crate::transport::{async_trait, Body, Transport, TransportError};

/// Wraps a [`Transport`], passes every exchange through unchanged and keeps each one as a
/// scrubbed [`Fixture`]: the `Authorization` header's value becomes `"<redacted>"`, and
/// `<redacted>` replaces, in URIs, header values and bodies of the request and the response:
///
/// - the private key, learned from the request's HTTP Basic `Authorization` header (no need
///   to name it), and every secret given to [`scrub`](Self::scrub);
/// - the values derived from the key: an upload's `signature` and `token` form fields (v1's
///   HMAC and token, v2's JWT) and the `ik-s` signature of signed URLs;
///
/// each in every form it travels in: as is, percent-encoded (upper- or lower-case hex, once or
/// twice), JSON-escaped and in base64. [`FakeTransport::replay`](super::FakeTransport::replay)
/// scrubs the requests it gets the same way before comparing them with the fixtures. An
/// exchange that fails with a [`TransportError`] is passed on but not kept (a fixture holds a
/// response).
///
/// ```no_run
/// # async fn f(live: impl imagekit::transport::Transport) -> std::io::Result<()> {
/// use imagekit::transport::testing::Recording;
///
/// // The client's private key is scrubbed without being named; name any other secret.
/// let recording = Recording::new(live).scrub("whsec_live_webhook_secret");
/// // … drive the SDK with `recording` as its transport …
/// recording.write_fixtures("tests/fixtures/rename")?;
/// # Ok(()) }
/// ```
pub struct Recording<T> {
    inner: T,
    scrubber: Scrubber,
    fixtures: Mutex<Vec<Fixture>>,
}

impl<T> fmt::Debug for Recording<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recording")
            .field("exchanges", &self.lock().len())
            .finish_non_exhaustive()
    }
}

impl<T> Recording<T> {
    fn lock(&self) -> MutexGuard<'_, Vec<Fixture>> {
        self.fixtures.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<T: Transport> Recording<T> {
    /// Records what passes through `inner`.
    pub fn new(inner: T) -> Self {
        Recording {
            inner,
            scrubber: Scrubber::recording(),
            fixtures: Mutex::new(Vec::new()),
        }
    }

    /// Replaces `secret` (a webhook secret, another account's key…) with `<redacted>` wherever
    /// it appears, in any of the forms the private key is scrubbed in. An empty string is
    /// ignored.
    pub fn scrub(mut self, secret: impl AsRef<str>) -> Self {
        self.scrubber.add_secret(secret.as_ref());
        self
    }

    /// Keeps `name`'s values as `"<redacted>"` (as for `Authorization`).
    pub fn redact_header(mut self, name: HeaderName) -> Self {
        self.scrubber.redact.push(name);
        self
    }

    /// Leaves the header `name` out of the fixtures (a date, a version in `User-Agent`), so
    /// replay does not check it.
    pub fn omit_header(mut self, name: HeaderName) -> Self {
        self.scrubber.omit.push(name);
        self
    }

    /// The wrapped transport.
    pub fn inner(&self) -> &T {
        &self.inner
    }

    /// The exchanges kept so far, in order.
    pub fn fixtures(&self) -> Vec<Fixture> {
        self.lock().clone()
    }

    /// Writes each exchange as a pretty JSON file in `dir` (created if needed), named
    /// `001-post-v1-files.json` and so on; returns the paths written. Files already there
    /// are overwritten when their name is taken, and otherwise left alone.
    pub fn write_fixtures(&self, dir: impl AsRef<Path>) -> io::Result<Vec<PathBuf>> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| with_path(dir, e))?;
        let fixtures = self.fixtures();
        let mut written = Vec::with_capacity(fixtures.len());
        for (i, fixture) in fixtures.iter().enumerate() {
            let path = dir.join(fixture.file_name(i + 1));
            fixture.write(&path)?;
            written.push(path);
        }
        Ok(written)
    }
}

#[async_trait]
impl<T: Transport> Transport for Recording<T> {
    async fn send(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let recorded = RecordedRequest::read(&request).map_err(TransportError::io)?;
        // The body as read: a one-shot source (an upload's reader) cannot be read again.
        let request = request.map(|_| Body::bytes(recorded.body.clone()));
        let response = self.inner.send(request).await?;
        let scrubber = self.scrubber.learning(&recorded);
        let fixture = Fixture::scrubbed(&scrubber, &recorded, &response);
        self.lock().push(fixture);
        Ok(response)
    }

    fn timer(&self) -> Option<&dyn crate::Sleep> {
        self.inner.timer()
    }
}
