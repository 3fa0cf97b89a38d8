//! A private CA with a certificate for localhost made at test time (rcgen), and the rustls server
//! configuration that presents it.

use std::sync::Arc;

/// A private CA, a certificate it signed for `localhost` and 127.0.0.1, and a server config
/// using that certificate (HTTP/1.1 only, so clients offering h2 do not pick it).
pub(crate) struct PrivatePki {
    /// The CA's certificate, PEM-encoded (what curl reads; rustls parses it too).
    pub ca_pem: String,
    pub server: Arc<tokio_rustls::rustls::ServerConfig>,
}

pub(crate) fn private_pki() -> PrivatePki {
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

    // rustls 0.23.48 deprecates the ring provider (no post-quantum key exchange); it is the
    // backend this crate ships, so the test server uses it too.
    #[allow(deprecated)]
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
        ca_pem: ca.pem(),
        server: Arc::new(config),
    }
}
