//! The API operations, one module per resource group (in tests/api/): each holds the cases
//! through a fake transport (the exact request and the decoded answer) and the contract cases
//! for the same operations, run live against Prism and replayed from tests/fixtures/contract/
//! (see `contract!`). Beside them, the webhook events ImageKit posts, read into API types.

use imagekit::transport::testing::{FakeTransport, RecordedPauses, RecordedRequest};
use imagekit::ImageKit;

/// The contract harness, Prism's client and scratch directories (tests/support/).
// The path is what rustc takes anyway; rustfmt needs it to find the files.
#[path = "support"]
mod support {
    pub(crate) mod contract;
    pub(crate) mod prism;
    pub(crate) mod scratch;
}

#[path = "api/account.rs"]
mod account;
#[path = "api/file_extras.rs"]
mod file_extras;
#[path = "api/files.rs"]
mod files;
#[path = "api/fixtures.rs"]
mod fixtures;
#[path = "api/folders.rs"]
mod folders;
#[path = "api/newer.rs"]
mod newer;
#[path = "api/paging.rs"]
mod paging;
#[path = "api/typed_shapes.rs"]
mod typed_shapes;
#[path = "api/upload.rs"]
mod upload;
#[path = "api/upload_signed.rs"]
mod upload_signed;
#[path = "api/waiting.rs"]
mod waiting;
#[path = "api/webhook_events.rs"]
mod webhook_events;

/// A client on `fake` with the test private key, whose retries pause without waiting (and
/// without jitter).
fn fake_client(fake: &std::sync::Arc<FakeTransport>) -> ImageKit {
    ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key("private_key_test")
        .with_transport(std::sync::Arc::clone(fake))
        .with_random(|| 0.0)
        .with_sleep(RecordedPauses::default())
}

/// The one request `fake` got, with Basic auth for `private_key_test`.
fn only_request(fake: &FakeTransport) -> RecordedRequest {
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let request = requests.into_iter().next().unwrap();
    // base64("private_key_test:")
    assert_eq!(
        request.header("authorization"),
        Some("Basic cHJpdmF0ZV9rZXlfdGVzdDo=")
    );
    request
}

/// Checks a request an API test recorded: method, URI under the production API host, Basic
/// auth with `private_key_test`, and the JSON body (or none).
fn assert_request(
    request: &RecordedRequest,
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
