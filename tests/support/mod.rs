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

/// A client on Prism (ImageKit's OpenAPI file served as a mock) when `IMAGEKIT_PRISM_URL` is
/// set, as `.ci/run` does; otherwise `None`, after saying the test is skipped. Prism rejects
/// requests that break the contract (run with `--errors`).
pub fn prism(test: &str) -> Option<imagekit::ImageKit> {
    let Some(base) = std::env::var("IMAGEKIT_PRISM_URL")
        .ok()
        .filter(|v| !v.is_empty())
    else {
        eprintln!("skipped {test}: IMAGEKIT_PRISM_URL is not set (.ci/run starts Prism)");
        return None;
    };
    Some(
        imagekit::ImageKit::new("https://ik.imagekit.io/test_url_endpoint")
            .unwrap()
            .with_private_key("private_key_test")
            .with_public_key("public_key_test")
            .with_base_url(&base)
            .with_retry_policy(imagekit::RetryPolicy::none()),
    )
}
