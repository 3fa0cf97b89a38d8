//! No secret in anything the SDK shows: builds the errors (input, API answers, decode,
//! transport), the `Debug` of clients, of `Api`, of requests built by operations, of webhook and
//! origin types holding secrets, `WebhookError`s, and reads every fixture file under
//! tests/fixtures/; fails if the private key, its HTTP Basic token or a webhook secret (or an
//! origin's secret setting) shows in any of them.
//!
//! The SDK's log lines are captured at trace level with a tracing subscriber and checked too.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use imagekit::api::files::{BulkFileDelete, DeleteFile, GetFileDetails, ListFiles};
use imagekit::api::origins::{
    AkeneoPimSettings, AzureBlobSettings, CreateOrigin, OriginRequest, OriginSettings, S3Settings,
    UpdateOrigin,
};
use imagekit::api::upload::{UploadFile, UploadFileV2, UploadSource};
use imagekit::api::webhooks::{
    CreateWebhookEndpoint, WebhookEndpoint, WebhookEventType, WebhookSecret,
};
use imagekit::api::Operation;
use imagekit::transport::hyper::HyperTransport;
use imagekit::transport::{
    async_trait, Body, Transport, TransportError, DEFAULT_MAX_RESPONSE_BYTES,
};
use imagekit::{Error, ImageKit, InputError, RetryPolicy, UrlOptions, WebhookError};

/// Every adapter, made the same way (tests/support/).
// The path is what rustc takes anyway; rustfmt needs it to find the files.
#[path = "support"]
mod support {
    pub(crate) mod adapters;
}

// The path is what rustc takes anyway; rustfmt needs it to find the files.
#[path = "secrets/insecure_http.rs"]
mod insecure_http;
#[path = "secrets/logs.rs"]
mod logs;
#[path = "secrets/recording.rs"]
mod recording;

const PRIVATE_KEY: &str = "private_key_test";
/// base64("private_key_test:") without its last, padding-dependent characters.
const BASIC_TOKEN: &str = "cHJpdmF0ZV9rZXlfdGVzdDo";
const WEBHOOK_SECRET: &str = "whsec_c2VjcmV0LXZhbHVlLWZvci10ZXN0cw==";
/// Every value an origin request is given for a secret setting.
const ORIGIN_SECRETS: [&str; 4] = [
    "origin-secret-key-1",
    "origin-client-secret-2",
    "origin-password-3",
    "origin-sas-token-4",
];

/// Everything a test showed, by label; `check` fails naming each secret found.
#[derive(Default)]
struct Shown(Vec<(String, String)>);

impl Shown {
    fn add(&mut self, label: impl Into<String>, text: impl Into<String>) {
        self.0.push((label.into(), text.into()));
    }

    /// `Debug` and `Display` of an error.
    fn error(&mut self, label: &str, e: &(dyn std::error::Error + 'static)) {
        self.add(format!("{label} (Debug)"), format!("{e:?}"));
        self.add(format!("{label} (Display)"), e.to_string());
        let mut source = e.source();
        let mut depth = 0;
        while let Some(s) = source {
            depth += 1;
            self.add(format!("{label} (source {depth})"), s.to_string());
            source = s.source();
        }
    }

    fn check(&self) {
        assert!(!self.0.is_empty(), "nothing was checked");
        let mut leaks = Vec::new();
        for (label, text) in &self.0 {
            if let Some(secret) = secret_in(text) {
                leaks.push(format!("{label}: holds {secret:?}: {text}"));
            }
        }
        assert!(leaks.is_empty(), "secrets shown:\n{}", leaks.join("\n"));
        eprintln!("checked {} texts:", self.0.len());
        for (label, _) in &self.0 {
            eprintln!("  {label}");
        }
    }
}

fn secret_in(text: &str) -> Option<&'static str> {
    [PRIVATE_KEY, BASIC_TOKEN, WEBHOOK_SECRET, "whsec_"]
        .into_iter()
        .chain(ORIGIN_SECRETS)
        .find(|s| text.contains(s))
}

fn client() -> ImageKit {
    ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key(PRIVATE_KEY)
        .with_public_key("public_key_test")
}

/// Answers every request with `answer`, after checking it carried the private key (so an error
/// that kept the request would show it).
/// A canned answer.
type Answer = fn() -> http::Response<Bytes>;

struct Canned(Answer);

#[async_trait]
impl Transport for Canned {
    async fn send(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let auth = request.headers().get(http::header::AUTHORIZATION);
        assert!(auth.is_some_and(|v| v.to_str().unwrap().contains(BASIC_TOKEN)));
        Ok((self.0)())
    }
}

fn canned(answer: Answer) -> ImageKit {
    client()
        .with_base_url("http://127.0.0.1:9")
        .with_transport(Canned(answer))
        .with_retry_policy(RetryPolicy::none())
}

fn answer(status: u16, headers: &[(&str, &str)], body: &'static str) -> http::Response<Bytes> {
    let mut b = http::Response::builder().status(status);
    for (n, v) in headers {
        b = b.header(*n, *v);
    }
    b.body(Bytes::from_static(body.as_bytes())).unwrap()
}

#[test]
fn the_client_and_api_debug_hide_the_key() {
    let mut shown = Shown::default();
    let ik = client();
    shown.add("ImageKit Debug", format!("{ik:?}"));
    shown.add("ImageKit Debug (pretty)", format!("{ik:#?}"));
    shown.add("Api Debug", format!("{:?}", ik.api()));
    shown.add("Api Debug (pretty)", format!("{:#?}", ik.api()));
    let rebased = ik.clone().with_base_url("http://127.0.0.1:1");
    shown.add("ImageKit Debug (base url)", format!("{rebased:?}"));
    shown.add("Api Debug (base url)", format!("{:?}", rebased.api()));
    assert!(format!("{ik:?}").contains("public_key_test"));
    shown.check();
}

#[tokio::test]
async fn input_errors_hide_the_key() {
    let mut shown = Shown::default();
    let ik = client();
    let mut produced = Vec::new();
    let mut input = |label: &str, e: Error| {
        let variant = e
            .input_error()
            .unwrap_or_else(|| panic!("{label}: not an input error: {e:?}"));
        produced.push(format!("{variant:?}"));
        shown.error(label, &e);
    };

    input(
        "url without a path",
        ik.url(&UrlOptions::path("/")).unwrap_err(),
    );
    input("empty endpoint", ImageKit::new("").map(|_| ()).unwrap_err());
    input(
        "endpoint not http",
        ImageKit::new("ik.imagekit.io/x").map(|_| ()).unwrap_err(),
    );
    for opts in [
        serde_json::json!({"src": "ftp://example.com/a.jpg"}),
        serde_json::json!({"path": 5}),
        serde_json::json!({"path": "/a.jpg", "transformation_position": "middle"}),
        serde_json::json!({"path": "/a.jpg", "signed": true, "expire_seconds": -1}),
        serde_json::json!({"path": "/a.jpg", "query_parameters": {"a": {"b": 1}}}),
        serde_json::json!({"path": "/a.jpg", "transformation": [{"width": {"a": 1}}]}),
        serde_json::json!({"path": "/a.jpg", "transformation": [{"width": [1, 2]}]}),
        serde_json::json!({"path": "/a.jpg", "transformation": [{"streaming_resolutions": [[1]]}]}),
        serde_json::json!({"path": "/a.jpg", "transformation": [{"overlay": {"text": "a"}}]}),
        serde_json::json!({"path": "/a.jpg", "transformation": [{"overlay": {"type": "smell"}}]}),
        serde_json::json!({"path": "/a.jpg", "transformation": [{"overlay": {"type": "text", "text": "a", "bogus": 1}}]}),
        serde_json::json!({"path": "/a.jpg", "transformation": [{"overlay": {"type": "text", "text": "a", "encoding": "rot13"}}]}),
    ] {
        input(
            &format!("url_from_json {opts}"),
            ik.url_from_json(&opts).unwrap_err(),
        );
    }
    let keyless = ImageKit::new("https://ik.imagekit.io/demo").unwrap();
    input(
        "signing without a key",
        keyless
            .get_authentication_parameters(None, None)
            .unwrap_err(),
    );
    input(
        "expire out of range",
        ik.get_authentication_parameters(Some("t"), Some(u64::MAX))
            .unwrap_err(),
    );
    input(
        "bad pHash",
        imagekit::phash_distance("zz", "f06830ca9f1e3e90").unwrap_err(),
    );
    input(
        "empty id",
        GetFileDetails::new("").request(ik.api()).unwrap_err(),
    );
    input(
        "base URL that is not a URL",
        ListFiles::new()
            .request(ik.clone().with_base_url("not a url\n").api())
            .unwrap_err(),
    );
    input(
        "upload of a missing file",
        UploadFile::new(UploadSource::file("/nonexistent/secret.jpg"), "a.jpg")
            .request(ik.api())
            .unwrap_err(),
    );
    let no_public = ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key(PRIVATE_KEY);
    input(
        "v2 token without the public key",
        no_public
            .sign_upload_v2(
                UploadFileV2::new(UploadSource::url("https://example.com/a.jpg"), "a.jpg"),
                600,
            )
            .unwrap_err(),
    );
    // The variants no input above produces, built as the SDK would.
    for e in [
        InputError::NonFiniteNumber("width".into()),
        InputError::Unserializable("key must be a string".into()),
        InputError::NoTransport,
    ] {
        input("built", e.into());
    }
    eprintln!("InputError variants produced: {produced:#?}");
    shown.check();
}

#[tokio::test]
async fn errors_from_answers_hide_the_key() {
    let mut shown = Shown::default();
    let cases: [(&str, Answer); 6] = [
        ("401", || {
            answer(
                401,
                &[("x-ik-requestId", "r1"), ("www-authenticate", "Basic")],
                r#"{"message": "Your account cannot be authenticated.", "help": "Check the key"}"#,
            )
        }),
        ("429", || {
            answer(
                429,
                &[("X-RateLimit-Reset", "100"), ("X-RateLimit-Limit", "10")],
                r#"{"message": "Too many requests"}"#,
            )
        }),
        ("500 HTML (decode)", || {
            answer(500, &[], "<html>Internal error</html>")
        }),
        ("200 not JSON (decode)", || answer(200, &[], "not json")),
        ("200 wrong shape (decode)", || {
            answer(200, &[], r#"{"files": "not a list"}"#)
        }),
        ("204 empty (decode)", || answer(204, &[], "")),
    ];
    for (label, respond) in cases {
        let ik = canned(respond);
        let e = ik.list_files(&ListFiles::new()).await.unwrap_err();
        shown.error(&format!("list_files {label}"), &e);
        // An upload answer is read leniently (every field defaults): some of these are Ok.
        match ik
            .upload(&UploadFile::new(UploadSource::bytes(&b"abc"[..]), "a.jpg"))
            .await
        {
            Ok(out) => shown.add(format!("upload {label} (Ok Debug)"), format!("{out:?}")),
            Err(e) => shown.error(&format!("upload {label}"), &e),
        }
    }
    shown.check();
}

/// A port nothing listens on.
async fn refused_base() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// A server that accepts and closes every connection at once, without answering.
async fn closing_base() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            drop(stream);
        }
    });
    format!("http://{addr}")
}

/// A server that accepts and never answers.
async fn silent_base() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    format!("http://{addr}")
}

/// Every adapter this build has, each with a short timeout of its own.
fn transports() -> Vec<(support::adapters::Adapter, Arc<dyn Transport>)> {
    let limit = Some(Duration::from_millis(300));
    support::adapters::every_adapter()
        .into_iter()
        .map(|which| {
            let transport = support::adapters::adapter(which, limit, DEFAULT_MAX_RESPONSE_BYTES);
            (which, transport)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transport_errors_hide_the_authorization_header() {
    let mut shown = Shown::default();
    let bases = [
        ("refused", refused_base().await),
        ("closed", closing_base().await),
        ("silent", silent_base().await),
    ];
    for (adapter, transport) in transports() {
        for (fault, base) in &bases {
            // The adapter directly, with the request the SDK builds (Authorization included).
            let request = ListFiles::new()
                .request(client().with_base_url(base).api())
                .unwrap();
            assert!(request.headers().contains_key(http::header::AUTHORIZATION));
            let e = transport.send(request).await.unwrap_err();
            shown.error(&format!("{adapter:?} {fault}: TransportError"), &e);
            // And through the client, as a user sees it.
            let ik = client()
                .with_base_url(base)
                .with_transport(Arc::clone(&transport))
                .with_retry_policy(RetryPolicy::none());
            let e = ik.list_files(&ListFiles::new()).await.unwrap_err();
            assert!(e.transport_error().is_some(), "{e:?}");
            shown.error(&format!("{adapter:?} {fault}: list_files Error"), &e);
            let e = ik
                .upload(&UploadFile::new(UploadSource::bytes(&b"abc"[..]), "a.jpg"))
                .await
                .unwrap_err();
            shown.error(&format!("{adapter:?} {fault}: upload Error"), &e);
        }
    }
    // The client's own timeout.
    let ik = client()
        .with_base_url(&bases[2].1)
        .with_transport(HyperTransport::new())
        .with_timeout(Duration::from_millis(100))
        .with_sleep(tokio::time::sleep)
        .with_retry_policy(RetryPolicy::none());
    let e = ik.list_files(&ListFiles::new()).await.unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    shown.error("client timeout", &e);
    shown.check();
}

fn origin_request() -> OriginRequest {
    OriginRequest::new(
        "s3",
        OriginSettings::S3(S3Settings::new("bucket", "AKIAPUBLIC", ORIGIN_SECRETS[0])),
    )
}

#[test]
fn requests_built_by_operations_mark_the_authorization_sensitive() {
    let mut shown = Shown::default();
    let ik = client();
    let api = ik.api();
    let akeneo = OriginRequest::new(
        "pim",
        OriginSettings::AkeneoPim(AkeneoPimSettings::new(
            "https://akeneo.example.com",
            "client-id",
            ORIGIN_SECRETS[1],
            "user",
            ORIGIN_SECRETS[2],
        )),
    );
    let azure = OriginRequest::new(
        "az",
        OriginSettings::AzureBlob(AzureBlobSettings::new(
            "container",
            "account",
            ORIGIN_SECRETS[3],
        )),
    );
    let requests: Vec<(String, String, http::Request<Body>)> = vec![
        (
            "ListFiles".into(),
            format!("{:?}", ListFiles::new()),
            ListFiles::new().request(api).unwrap(),
        ),
        (
            "DeleteFile".into(),
            format!("{:?}", DeleteFile::new("f1")),
            DeleteFile::new("f1").request(api).unwrap(),
        ),
        (
            "BulkFileDelete".into(),
            format!("{:?}", BulkFileDelete::new(["f1"])),
            BulkFileDelete::new(["f1"]).request(api).unwrap(),
        ),
        {
            let op = UploadFile::new(UploadSource::bytes(&b"abc"[..]), "a.jpg");
            (
                "UploadFile".into(),
                format!("{op:?}"),
                op.request(api).unwrap(),
            )
        },
        {
            let op = CreateWebhookEndpoint::new(
                "https://example.com/hook",
                vec![WebhookEventType::FileCreated],
            );
            (
                "CreateWebhookEndpoint".into(),
                format!("{op:?}"),
                op.request(api).unwrap(),
            )
        },
        {
            let op = CreateOrigin::new(origin_request());
            (
                "CreateOrigin s3".into(),
                format!("{op:?}"),
                op.request(api).unwrap(),
            )
        },
        {
            let op = CreateOrigin::new(akeneo);
            (
                "CreateOrigin akeneo".into(),
                format!("{op:?}"),
                op.request(api).unwrap(),
            )
        },
        {
            let op = UpdateOrigin::new("o1", azure);
            (
                "UpdateOrigin azure".into(),
                format!("{op:?}"),
                op.request(api).unwrap(),
            )
        },
    ];
    for (label, op_debug, request) in requests {
        let auth = &request.headers()[http::header::AUTHORIZATION];
        assert!(auth.is_sensitive(), "{label}: Authorization not sensitive");
        let debug = format!("{request:?}");
        assert!(debug.contains("Sensitive"), "{label}: {debug}");
        shown.add(format!("{label} operation Debug"), op_debug);
        shown.add(format!("{label} request Debug"), debug);
        shown.add(
            format!("{label} request Debug (pretty)"),
            format!("{request:#?}"),
        );
        shown.add(
            format!("{label} request headers Debug"),
            format!("{:?}", request.headers()),
        );
    }
    // Origin requests on their own.
    shown.add("OriginRequest s3 Debug", format!("{:?}", origin_request()));
    shown.add(
        "OriginRequest s3 Debug (pretty)",
        format!("{:#?}", origin_request()),
    );
    shown.check();
}

#[tokio::test]
async fn webhook_types_hide_the_secret() {
    let mut shown = Shown::default();
    let json = serde_json::json!({
        "id": "wh1",
        "endpoint": "https://example.com/hook",
        "events": ["file.created"],
        "enabled": true,
        "secret": WEBHOOK_SECRET,
        "createdAt": "2025-01-01T00:00:00Z",
    });
    let endpoint: WebhookEndpoint = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(
        endpoint.secret.as_ref().map(WebhookSecret::expose),
        Some(WEBHOOK_SECRET)
    );
    shown.add("WebhookEndpoint Debug", format!("{endpoint:?}"));
    shown.add("WebhookEndpoint Debug (pretty)", format!("{endpoint:#?}"));
    shown.add(
        "WebhookSecret Debug",
        format!("{:?}", endpoint.secret.as_ref().unwrap()),
    );
    shown.add(
        "Vec<WebhookEndpoint> Debug",
        format!("{:?}", vec![endpoint]),
    );

    // As an operation returns it.
    let ik = canned(|| {
        answer(
            201,
            &[],
            r#"{"id": "wh1", "endpoint": "https://example.com/hook", "events": ["file.created"],
                "secret": "whsec_c2VjcmV0LXZhbHVlLWZvci10ZXN0cw=="}"#,
        )
    });
    let created = ik
        .create_webhook_endpoint(&CreateWebhookEndpoint::new(
            "https://example.com/hook",
            vec![WebhookEventType::FileCreated],
        ))
        .await
        .unwrap();
    shown.add("created WebhookEndpoint Debug", format!("{created:?}"));

    // Every WebhookError verification can give, with the secret in hand.
    let body = br#"{"type": "file.created"}"#;
    let now = 1_700_000_000;
    let good = imagekit::sign_webhook(WEBHOOK_SECRET, "msg_1", now, body);
    let legacy = imagekit::sign_legacy_webhook(WEBHOOK_SECRET, now * 1000, body);
    let mut errors: Vec<(&str, WebhookError)> = vec![
        (
            "empty secret",
            imagekit::verify_webhook("", "msg_1", "1700000000", &good, body, now),
        ),
        (
            "missing id",
            imagekit::verify_webhook(WEBHOOK_SECRET, "", "1700000000", &good, body, now),
        ),
        (
            "bad timestamp",
            imagekit::verify_webhook(WEBHOOK_SECRET, "msg_1", "soon", &good, body, now),
        ),
        (
            "expired",
            imagekit::verify_webhook(
                WEBHOOK_SECRET,
                "msg_1",
                "1700000000",
                &good,
                body,
                now + 3600,
            ),
        ),
        (
            "malformed",
            imagekit::verify_webhook(WEBHOOK_SECRET, "msg_1", "1700000000", "nonsense", body, now),
        ),
        (
            "tampered",
            imagekit::verify_webhook(WEBHOOK_SECRET, "msg_1", "1700000000", &good, b"{}", now),
        ),
        (
            "wrong secret",
            imagekit::verify_webhook("whsec_other", "msg_1", "1700000000", &good, body, now),
        ),
        (
            "legacy tampered",
            imagekit::verify_legacy_webhook(WEBHOOK_SECRET, &legacy, b"{}", now * 1000),
        ),
        (
            "legacy malformed",
            imagekit::verify_legacy_webhook(WEBHOOK_SECRET, "t=1", body, now * 1000),
        ),
        (
            "legacy expired",
            imagekit::verify_legacy_webhook(WEBHOOK_SECRET, &legacy, body, (now + 3600) * 1000),
        ),
    ]
    .into_iter()
    .map(|(label, r)| (label, r.unwrap_err()))
    .collect();
    assert!(
        imagekit::verify_webhook(WEBHOOK_SECRET, "msg_1", "1700000000", &good, body, now).is_ok()
    );
    errors.dedup_by(|a, b| a.1 == b.1);
    for (label, e) in &errors {
        shown.error(&format!("WebhookError {label}"), e);
    }
    shown.check();
}

/// Every file under `dir`, recursively.
fn files_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn no_fixture_file_holds_a_secret() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    files_under(&root, &mut files);
    assert!(!files.is_empty(), "no fixture under {}", root.display());
    let mut shown = Shown::default();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        shown.add(
            path.strip_prefix(&root).unwrap().display().to_string(),
            String::from_utf8_lossy(&bytes),
        );
    }
    eprintln!("{} fixture files read", files.len());
    shown.check();
}
