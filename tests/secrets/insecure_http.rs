//! The private key never crosses the network in the clear: HTTP Basic auth goes over plain
//! `http://` only to loopback, unless the client opts in by name.

use std::sync::Arc;

use imagekit::api::files::ListFiles;
use imagekit::api::upload::{UploadFile, UploadSource};
use imagekit::transport::testing::FakeTransport;
use imagekit::{ImageKit, InputError};

use super::{client, PRIVATE_KEY};

fn fake() -> Arc<FakeTransport> {
    Arc::new(
        FakeTransport::new()
            .with_matcher(|_| Some(Ok(FakeTransport::json(200, &serde_json::json!([]))))),
    )
}

#[test]
fn a_plain_http_base_that_is_not_loopback_fails_every_authenticated_call_and_sends_nothing() {
    let transport = fake();
    let ik = client()
        .with_base_url("http://example.com")
        .with_transport(Arc::clone(&transport));
    let calls = [
        futures_lite::future::block_on(ik.list_files(&ListFiles::new())).map(drop),
        futures_lite::future::block_on(
            ik.upload(&UploadFile::new(UploadSource::bytes(&b"abc"[..]), "a.jpg")),
        )
        .map(drop),
    ];
    for result in calls {
        let err = result.unwrap_err();
        assert_eq!(
            err.input_error(),
            Some(&InputError::InsecureHttpAuth("http://example.com".into()))
        );
        let message = err.to_string();
        assert!(message.contains("allow_insecure_http_auth"), "{message}");
        assert!(message.contains("with_insecure_http_auth"), "{message}");
        assert!(!message.contains(PRIVATE_KEY), "{message}");
    }
    assert_eq!(transport.request_count(), 0, "a request was sent");

    // Opting in by name sends it.
    let ik = ik.with_insecure_http_auth();
    futures_lite::future::block_on(ik.list_files(&ListFiles::new())).unwrap();
    let sent = transport.last_request().unwrap();
    assert_eq!(sent.uri, "http://example.com/v1/files");
    assert!(sent.header("authorization").is_some());
}

#[test]
fn the_builder_refuses_such_a_base_up_front_naming_the_variable_and_the_opt_in() {
    let builder = |base: &str| {
        ImageKit::builder()
            .url_endpoint("https://ik.imagekit.io/demo")
            .private_key(PRIVATE_KEY)
            .base_urls("https://api.example.com", base)
    };
    let err = builder("http://upload.example.com:8080/")
        .build()
        .unwrap_err();
    assert_eq!(
        err.input_error(),
        Some(&InputError::InsecureHttpAuth(
            "http://upload.example.com:8080".into()
        ))
    );
    let message = err.to_string();
    assert!(message.contains("IMAGEKIT_BASE_URL"), "{message}");
    assert!(message.contains("allow_insecure_http_auth"), "{message}");
    assert!(builder("http://upload.example.com")
        .allow_insecure_http_auth()
        .build()
        .is_ok());
    // Without a private key no Basic auth is ever sent: nothing to refuse.
    assert!(ImageKit::builder()
        .url_endpoint("https://ik.imagekit.io/demo")
        .base_url("http://example.com")
        .build()
        .is_ok());
}

#[test]
fn loopback_and_https_bases_need_no_opt_in() {
    for base in [
        "http://127.0.0.1:4010",
        "http://127.3.2.1",
        "http://localhost:8080",
        "http://LocalHost",
        "http://[::1]:4010",
        "https://api.example.com",
    ] {
        let transport = fake();
        let ik = ImageKit::builder()
            .url_endpoint("https://ik.imagekit.io/demo")
            .private_key(PRIVATE_KEY)
            .base_url(base)
            .build()
            .unwrap_or_else(|e| panic!("{base}: {e}"))
            .with_transport(Arc::clone(&transport));
        futures_lite::future::block_on(ik.list_files(&ListFiles::new()))
            .unwrap_or_else(|e| panic!("{base}: {e}"));
        assert_eq!(transport.request_count(), 1, "{base}");
    }
    for base in [
        "http://10.0.0.1",
        "http://[::2]",
        "http://localhost.example.com",
        "http://127.0.0.1.example.com",
    ] {
        let err = client()
            .with_base_url(base)
            .with_transport(fake())
            .api()
            .empty(http::Method::GET, imagekit::api::Host::Api, "/v1/files")
            .unwrap_err();
        assert!(
            matches!(err.input_error(), Some(InputError::InsecureHttpAuth(_))),
            "{base}: {err}"
        );
    }
}
