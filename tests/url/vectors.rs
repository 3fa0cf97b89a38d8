//! Every public URL vector (`tests/url-public.jsonl`, from `../shared/vectors`) through the
//! library's JSON options, each `input` given as the file writes it (`url_from_json_str`): the
//! expected URL, or an `error:` line for input that must be refused.

use std::collections::HashMap;

use imagekit::ImageKit;
use serde_json::value::RawValue;

fn client() -> ImageKit {
    ImageKit::new("https://ik.imagekit.io/test_url_endpoint")
        .unwrap()
        .with_private_key("private_key_test")
        .with_public_key("public_key_test")
}

#[test]
fn every_public_vector_gives_the_expected_url() {
    let ik = client();
    let text = include_str!("../url-public.jsonl");
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        count += 1;
        let case: HashMap<&str, &RawValue> = serde_json::from_str(line).unwrap();
        let input = case["input"].get();
        let expected: String = serde_json::from_str(case["expected"].get()).unwrap();
        let got = match ik.url_from_json_str(input) {
            Ok(url) => url,
            Err(e) => format!("error: {e}"),
        };
        let ok = if expected.starts_with("error:") {
            got.starts_with("error:")
        } else {
            got == expected
        };
        if !ok {
            failures.push(format!(
                "line {}: {}\n  expected {expected}\n  got      {got}",
                n + 1,
                input
            ));
        }
    }
    assert!(
        count > 600,
        "the vector file looks truncated: {count} cases"
    );
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
