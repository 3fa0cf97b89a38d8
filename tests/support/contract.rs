//! Contract tests, written once with `contract!` and run live against Prism (through the hyper
//! adapter, recording the fixtures on request) and replayed from the fixtures under
//! tests/fixtures/contract/. A binary including this module needs the `hyper` and `test-util`
//! features, and `support::prism` beside it.

use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use http::{Request, Response};

use super::prism::{contract_client, prism_url, PRIVATE_KEY};

/// The base URL every contract client is built with, live or replayed, so that the recorded
/// URIs are the replayed ones whatever `IMAGEKIT_PRISM_URL` is: live, [`Rebase`] sends to
/// Prism's real address; replayed, nothing connects.
pub(crate) const CONTRACT_BASE: &str = "http://127.0.0.1:4010";

/// Set to `1` (with `IMAGEKIT_PRISM_URL`) to record each live
/// contract test's exchanges into its fixture directory.
pub(crate) const RECORD_VAR: &str = "IMAGEKIT_RECORD_FIXTURES";

/// Where the contract test `name` keeps its recorded exchanges.
pub(crate) fn fixture_dir(name: &str) -> std::path::PathBuf {
    fixtures_root().join(name)
}

/// tests/fixtures/contract/.
pub(crate) fn fixtures_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/contract")
}

/// Sends each request to `to` instead of `from` (the scheme, host and port a URI starts with),
/// the rest of it unchanged: the contract clients are built on [`CONTRACT_BASE`] and reach
/// Prism wherever it listens.
pub(crate) struct Rebase<T> {
    pub from: String,
    pub to: String,
    pub inner: T,
}

#[imagekit::transport::async_trait]
impl<T: imagekit::transport::Transport> imagekit::transport::Transport for Rebase<T> {
    async fn send(
        &self,
        mut request: Request<imagekit::transport::Body>,
    ) -> Result<Response<Bytes>, imagekit::transport::TransportError> {
        let uri = request.uri().to_string();
        if let Some(rest) = uri.strip_prefix(self.from.as_str()) {
            *request.uri_mut() = format!("{}{rest}", self.to)
                .parse()
                .map_err(imagekit::transport::TransportError::other)?;
        }
        self.inner.send(request).await
    }
}

/// Runs the contract test `name` against Prism through the hyper adapter, or says it is
/// skipped without `IMAGEKIT_PRISM_URL`. With `IMAGEKIT_RECORD_FIXTURES=1` its exchanges are
/// recorded (without `User-Agent`, which holds the crate's version, nor the connection and
/// CORS headers Prism adds; `Authorization` redacted, the private key scrubbed) and replace
/// the files of its fixture directory.
pub(crate) async fn live<F, Fut>(name: &str, body: F)
where
    F: FnOnce(imagekit::ImageKit) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(prism) = prism_url(name) else {
        return;
    };
    let transport = Rebase {
        from: CONTRACT_BASE.to_owned(),
        to: prism,
        inner: imagekit::transport::hyper::HyperTransport::new(),
    };
    if recording_asked() {
        record(name, transport, body).await;
    } else {
        body(contract_client(CONTRACT_BASE).with_transport(transport)).await;
    }
}

fn recording_asked() -> bool {
    std::env::var(RECORD_VAR).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Runs `body` through a [`Recording`](imagekit::transport::testing::Recording) of `transport`
/// and, once it passed, writes the exchanges as `name`'s fixtures (removing the old ones).
async fn record<T, F, Fut>(name: &str, transport: T, body: F)
where
    T: imagekit::transport::Transport + 'static,
    F: FnOnce(imagekit::ImageKit) -> Fut,
    Fut: Future<Output = ()>,
{
    use http::header::HeaderName;
    use imagekit::transport::testing::Recording;

    let mut recording = Recording::new(transport)
        .scrub(PRIVATE_KEY)
        .omit_header(http::header::USER_AGENT);
    for noise in [
        "date",
        "connection",
        "keep-alive",
        "access-control-allow-origin",
        "access-control-allow-headers",
        "access-control-allow-credentials",
        "access-control-expose-headers",
    ] {
        recording = recording.omit_header(HeaderName::from_static(noise));
    }
    let recording = Arc::new(recording);
    body(contract_client(CONTRACT_BASE).with_transport(Arc::clone(&recording))).await;

    let dir = fixture_dir(name);
    if dir.is_dir() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
    let written = recording.write_fixtures(&dir).unwrap();
    assert!(!written.is_empty(), "{name} sent no request to record");
    for path in &written {
        let text = std::fs::read_to_string(path).unwrap();
        if let Some(secret) = secret_in(&text) {
            panic!("{} holds {secret:?}", path.display());
        }
    }
    eprintln!(
        "recorded {name}: {} exchange(s) in {}",
        written.len(),
        dir.display()
    );
}

/// The private key or its Basic token, when `text` holds either.
pub(crate) fn secret_in(text: &str) -> Option<&'static str> {
    // base64("private_key_test:") without its last, padding-dependent characters.
    ["private_key_test", "cHJpdmF0ZV9rZXlfdGVzdDo"]
        .into_iter()
        .find(|s| text.contains(s))
}

/// Replays the contract test `name` from its fixtures: each request must match the recorded
/// one (a difference panics, naming it) and every recorded exchange must be used.
pub(crate) async fn replay<F, Fut>(name: &str, body: F)
where
    F: FnOnce(imagekit::ImageKit) -> Fut,
    Fut: Future<Output = ()>,
{
    use imagekit::transport::testing::FakeTransport;

    if recording_asked() {
        eprintln!("skipped {name}: {RECORD_VAR} is set and the fixtures are being rewritten");
        return;
    }
    let dir = fixture_dir(name);
    let fake = FakeTransport::replay_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "{name}: no fixtures ({e}); record them against Prism with \
             IMAGEKIT_PRISM_URL=http://127.0.0.1:4010 {RECORD_VAR}=1 cargo test --all-features \
             {name}::prism"
        )
    });
    assert!(
        fake.remaining() > 0,
        "{name}: {} holds no fixture",
        dir.display()
    );
    let fake = Arc::new(fake.scrub(PRIVATE_KEY).panic_on_mismatch());
    body(contract_client(CONTRACT_BASE).with_transport(Arc::clone(&fake))).await;
    fake.assert_replayed();
}

/// A contract test written once: `contract!(name, |ik| async move { … })` makes a module
/// `name` with two tests running the same body on a contract client (see [`contract_client`]):
///
/// - `name::prism` against Prism through the hyper adapter ([`live`]), skipped without
///   `IMAGEKIT_PRISM_URL`, recording `tests/fixtures/contract/<name>/` with
///   `IMAGEKIT_RECORD_FIXTURES=1`;
/// - `name::replay` answered from those fixtures by `FakeTransport`
///   ([`replay`]), which fails on any request that differs from the recorded one.
///
/// The module imports its parent's items (`use super::*`), so the body sees the file's imports
/// and constants. Attributes and doc comments before `name` go on the module.
#[macro_export]
macro_rules! contract {
    ($(#[$meta:meta])* $name:ident, $body:expr $(,)?) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn prism() {
                $crate::support::contract::live(stringify!($name), $body).await;
            }

            #[tokio::test]
            async fn replay() {
                $crate::support::contract::replay(stringify!($name), $body).await;
            }
        }
    };
}
