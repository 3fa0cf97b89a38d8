//! Property tests: the URL builder on arbitrary JSON options (no panic, a valid URL, signing adds
//! only `ik-t`/`ik-s`, and the signature verifies), JSON options as text (numbers as written, no
//! panic on any bytes), the transformation renderer and the name
//! table, query merging, the multipart encoding of uploads (parsed back by `multer`), webhook
//! verification and pHash distance. One module per thing checked, in tests/properties/.

use imagekit::ImageKit;
use proptest::test_runner::Config;

// The paths are what rustc takes anyway; rustfmt needs them to find the files.
#[path = "properties/json.rs"]
mod json;
#[path = "properties/multipart.rs"]
mod multipart;
#[path = "properties/transformations.rs"]
mod transformations;
#[path = "properties/urls.rs"]
mod urls;
#[path = "properties/webhooks.rs"]
mod webhooks;

const ENDPOINT: &str = "https://ik.imagekit.io/test_url_endpoint";
const PRIVATE_KEY: &str = "private_key_test";
const NEVER: u64 = 9_999_999_999;

/// `cases` cases, or `PROPTEST_CASES` when set (for a longer run).
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        // No proptest-regressions files beside the tests.
        failure_persistence: None,
        ..Config::default()
    }
}

fn client() -> ImageKit {
    ImageKit::new(ENDPOINT)
        .unwrap()
        .with_private_key(PRIVATE_KEY)
}
