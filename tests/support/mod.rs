//! Shared by the loopback tests: a hyper server on 127.0.0.1 serving a handler on the test's
//! runtime, and a private CA with a certificate for localhost made at test time.
// Each test binary uses the part it needs.
#![allow(dead_code)]

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// Every server stops accepting after this long, whatever the test does.
const SERVER_LIFETIME: Duration = Duration::from_secs(120);

/// Serves `handler` over HTTP/1.1 on 127.0.0.1 (a free port), on the test's runtime.
pub async fn serve<F, Fut>(handler: F) -> SocketAddr
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<Full<Bytes>>> + Send + 'static,
{
    serve_with(handler, None).await
}

/// As [`serve`], over TLS when `tls` is given.
pub async fn serve_with<F, Fut>(handler: F, tls: Option<tokio_rustls::TlsAcceptor>) -> SocketAddr
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<Full<Bytes>>> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(tokio::time::timeout(SERVER_LIFETIME, async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let handler = handler.clone();
            let tls = tls.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let response = handler(request);
                    async move { Ok::<_, Infallible>(response.await) }
                });
                let http = http1::Builder::new();
                let _ = match tls {
                    None => http.serve_connection(TokioIo::new(stream), service).await,
                    Some(tls) => match tls.accept(stream).await {
                        Ok(stream) => http.serve_connection(TokioIo::new(stream), service).await,
                        Err(_) => Ok(()),
                    },
                };
            });
        }
    }));
    addr
}

/// A private CA, a certificate it signed for `localhost` and 127.0.0.1, and a server config
/// using that certificate (HTTP/1.1 only, so clients offering h2 do not pick it).
pub struct PrivatePki {
    pub ca_der: tokio_rustls::rustls::pki_types::CertificateDer<'static>,
    pub ca_pem: String,
    pub server: Arc<tokio_rustls::rustls::ServerConfig>,
}

pub fn private_pki() -> PrivatePki {
    use rcgen::{
        BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair,
        KeyUsagePurpose,
    };
    use tokio_rustls::rustls;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "imagekit test CA");
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();

    let mut server_params =
        CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    server_params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    let server_key = KeyPair::generate().unwrap();
    let server_cert = server_params.signed_by(&server_key, &ca).unwrap();

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![server_cert.der().clone()],
            rustls::pki_types::PrivatePkcs8KeyDer::from(server_key.serialize_der()).into(),
        )
        .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    PrivatePki {
        ca_der: ca.der().clone(),
        ca_pem: ca.pem(),
        server: Arc::new(config),
    }
}

/// A GET that may repeat (`Repeat::Safe`), or an upload-like POST that may not.
pub struct Op(pub imagekit::Repeat);

impl imagekit::operation::Operation for Op {
    type Output = serde_json::Value;

    fn request(
        &self,
        api: &imagekit::operation::Api,
    ) -> Result<Request<imagekit::transport::Body>, imagekit::Error> {
        use imagekit::operation::Host;
        match self.0 {
            imagekit::Repeat::Safe => api.empty(http::Method::GET, Host::Api, "/v1/files"),
            _ => api.json(
                http::Method::POST,
                Host::Upload,
                "/api/v1/files/upload",
                &serde_json::json!({"fileName": "a.jpg"}),
            ),
        }
    }

    fn parse(&self, response: Response<Bytes>) -> Result<Self::Output, imagekit::Error> {
        imagekit::operation::parse_json(response)
    }

    fn repeat(&self) -> imagekit::Repeat {
        self.0
    }
}

// ---------------------------------------------------------------------------------------------
// Contract tests, written once with `contract!` and run live against Prism and replayed from
// the fixtures under tests/fixtures/contract/.
// ---------------------------------------------------------------------------------------------

/// The private key of every contract client. Recording scrubs it (and the `Authorization`
/// header it makes) from the fixtures.
pub const PRIVATE_KEY: &str = "private_key_test";

/// The base URL every contract client is built with, live or replayed, so that the recorded
/// URIs are the replayed ones whatever `IMAGEKIT_PRISM_URL` is: live, [`Rebase`] sends to
/// Prism's real address; replayed, nothing connects.
pub const CONTRACT_BASE: &str = "http://127.0.0.1:4010";

/// Set to `1` (with `IMAGEKIT_PRISM_URL` and the `test-util` feature) to record each live
/// contract test's exchanges into its fixture directory.
pub const RECORD_VAR: &str = "IMAGEKIT_RECORD_FIXTURES";

/// Prism's URL from `IMAGEKIT_PRISM_URL`, or `None` after saying `test` is skipped.
pub fn prism_url(test: &str) -> Option<String> {
    let Some(base) = std::env::var("IMAGEKIT_PRISM_URL")
        .ok()
        .filter(|v| !v.is_empty())
    else {
        eprintln!("skipped {test}: IMAGEKIT_PRISM_URL is not set (.ci/run starts Prism)");
        return None;
    };
    Some(base.trim_end_matches('/').to_owned())
}

/// The contract tests' client on `base`, without a transport (the default one) and without
/// retries, so each operation is exactly one exchange.
pub fn contract_client(base: &str) -> imagekit::ImageKit {
    imagekit::ImageKit::new("https://ik.imagekit.io/test_url_endpoint")
        .unwrap()
        .with_private_key(PRIVATE_KEY)
        .with_public_key("public_key_test")
        .with_base_url(base)
        .with_retry_policy(imagekit::RetryPolicy::none())
}

/// A new empty directory under the system's temporary one, unique to this process and call
/// (`label` names the test in it).
pub fn scratch_dir(label: &str) -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("imagekit-{label}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Where the contract test `name` keeps its recorded exchanges.
pub fn fixture_dir(name: &str) -> std::path::PathBuf {
    fixtures_root().join(name)
}

/// tests/fixtures/contract/.
pub fn fixtures_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/contract")
}

/// Sends each request to `to` instead of `from` (the scheme, host and port a URI starts with),
/// the rest of it unchanged: the contract clients are built on [`CONTRACT_BASE`] and reach
/// Prism wherever it listens.
pub struct Rebase<T> {
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
pub async fn live<F, Fut>(name: &str, body: F)
where
    F: FnOnce(imagekit::ImageKit) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(prism) = prism_url(name) else {
        return;
    };
    #[cfg(not(feature = "hyper"))]
    {
        let _ = (prism, body);
        eprintln!("skipped {name}: the hyper feature is off");
    }
    #[cfg(feature = "hyper")]
    {
        let transport = Rebase {
            from: CONTRACT_BASE.to_owned(),
            to: prism,
            inner: imagekit::transport::hyper::HyperTransport::new(),
        };
        if !recording_asked() {
            return body(contract_client(CONTRACT_BASE).with_transport(transport)).await;
        }
        #[cfg(not(feature = "test-util"))]
        panic!("{RECORD_VAR} needs the test-util feature (cargo test --all-features)");
        #[cfg(feature = "test-util")]
        record(name, transport, body).await;
    }
}

fn recording_asked() -> bool {
    std::env::var(RECORD_VAR).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Runs `body` through a [`Recording`](imagekit::transport::record::Recording) of `transport`
/// and, once it passed, writes the exchanges as `name`'s fixtures (removing the old ones).
#[cfg(feature = "test-util")]
async fn record<T, F, Fut>(name: &str, transport: T, body: F)
where
    T: imagekit::transport::Transport + 'static,
    F: FnOnce(imagekit::ImageKit) -> Fut,
    Fut: Future<Output = ()>,
{
    use http::header::HeaderName;
    use imagekit::transport::record::Recording;

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
pub fn secret_in(text: &str) -> Option<&'static str> {
    // base64("private_key_test:") without its last, padding-dependent characters.
    ["private_key_test", "cHJpdmF0ZV9rZXlfdGVzdDo"]
        .into_iter()
        .find(|s| text.contains(s))
}

/// Replays the contract test `name` from its fixtures: each request must match the recorded
/// one (a difference panics, naming it) and every recorded exchange must be used.
#[cfg(feature = "test-util")]
pub async fn replay<F, Fut>(name: &str, body: F)
where
    F: FnOnce(imagekit::ImageKit) -> Fut,
    Fut: Future<Output = ()>,
{
    use imagekit::transport::fake::FakeTransport;

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

/// Runs `body` against Prism through the isahc adapter, or says `name` is skipped without
/// `IMAGEKIT_PRISM_URL`. Nothing is recorded.
#[cfg(feature = "isahc")]
pub async fn live_isahc<F, Fut>(name: &str, body: F)
where
    F: FnOnce(imagekit::ImageKit) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(prism) = prism_url(name) else {
        return;
    };
    let transport = imagekit::transport::isahc::IsahcTransport::new().unwrap();
    body(contract_client(&prism).with_transport(transport)).await;
}

/// A contract test written once: `contract!(name, |ik| async move { … })` makes a module
/// `name` with two tests running the same body on a contract client (see [`contract_client`]):
///
/// - `name::prism` against Prism through the hyper adapter ([`live`]), skipped without
///   `IMAGEKIT_PRISM_URL`, recording `tests/fixtures/contract/<name>/` with
///   `IMAGEKIT_RECORD_FIXTURES=1`;
/// - `name::replay` (feature `test-util`) answered from those fixtures by `FakeTransport`
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
                $crate::support::live(stringify!($name), $body).await;
            }

            #[cfg(feature = "test-util")]
            #[tokio::test]
            async fn replay() {
                $crate::support::replay(stringify!($name), $body).await;
            }
        }
    };
}

/// Checks a request an API test recorded: method, URI under the production API host, Basic
/// auth with `private_key_test`, and the JSON body (or none).
#[cfg(feature = "test-util")]
pub fn assert_request(
    request: &imagekit::transport::fake::RecordedRequest,
    method: &str,
    uri: &str,
    body: Option<serde_json::Value>,
) {
    assert_eq!(request.method, method);
    assert_eq!(
        request.uri,
        format!("https://api.imagekit.io{uri}").as_str()
    );
    assert_eq!(
        request.header("authorization"),
        Some("Basic cHJpdmF0ZV9rZXlfdGVzdDo=")
    );
    match body {
        Some(body) => {
            assert_eq!(request.header("content-type"), Some("application/json"));
            assert_eq!(request.body_json().unwrap(), body);
        }
        None => assert!(request.body.is_empty(), "{:?}", request.body_text()),
    }
}
