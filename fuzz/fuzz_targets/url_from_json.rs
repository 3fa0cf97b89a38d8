//! The dynamic URL options from arbitrary bytes: the text through the SDK's JSON reader
//! (`ImageKit::url_from_json_str`) and, when serde_json reads it, the `serde_json::Value`
//! (`url_from_json`). Any input must give a URL or an error, never a panic; a URL holds no
//! control character.
#![no_main]

use std::sync::OnceLock;

use imagekit::ImageKit;
use libfuzzer_sys::fuzz_target;

fn client() -> &'static ImageKit {
    static CLIENT: OnceLock<ImageKit> = OnceLock::new();
    CLIENT.get_or_init(|| {
        ImageKit::new("https://ik.imagekit.io/fuzz")
            .expect("a valid endpoint")
            .with_private_key("private_key_fuzz")
    })
}

fn check(result: Result<String, imagekit::Error>) {
    match result {
        Ok(url) => assert!(!url.contains(char::is_control), "{url:?}"),
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let url = client().url_from_json_str(text);
    // Deterministic when the clock is pinned (or the URL is unsigned).
    let json = serde_json::from_str::<serde_json::Value>(text).ok();
    let pinned = json.as_ref().is_some_and(|json| {
        json.get("now").is_some_and(|n| n.is_u64())
            || !json
                .get("signed")
                .and_then(|s| s.as_bool())
                .unwrap_or(false)
    });
    if pinned {
        let again = client().url_from_json_str(text);
        assert_eq!(again.ok(), url.as_ref().ok().cloned());
    }
    check(url);
    if let Some(json) = json {
        check(client().url_from_json(&json));
    }
});
