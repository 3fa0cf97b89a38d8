//! The dynamic URL options (`ImageKit::url_from_json`) from arbitrary JSON: any input must give
//! a URL or an error, never a panic.
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

fuzz_target!(|data: &[u8]| {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    match client().url_from_json(&json) {
        Ok(url) => {
            // Deterministic when the clock is pinned (or the URL is unsigned).
            let again = client().url_from_json(&json);
            if json.get("now").is_some_and(|n| n.is_u64())
                || !json
                    .get("signed")
                    .and_then(|s| s.as_bool())
                    .unwrap_or(false)
            {
                assert_eq!(again.ok().as_deref(), Some(url.as_str()));
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
