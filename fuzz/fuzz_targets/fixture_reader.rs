//! The fixture reader from arbitrary bytes: `Fixture::read` on a temporary file holding them,
//! then the fixture's own conversions. Any input must give a fixture or an error, never a panic.
#![no_main]

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use imagekit::transport::testing::Fixture;
use libfuzzer_sys::fuzz_target;

/// One file per process, rewritten for each input.
fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("imagekit-fuzz-fixture-{}.json", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    {
        let mut file = std::fs::File::create(path()).expect("a writable temp dir");
        file.write_all(data).expect("a writable temp file");
    }
    let read = Fixture::read(path());
    // The same bytes through serde directly must agree with the reader.
    let direct = serde_json::from_slice::<Fixture>(data);
    assert_eq!(read.is_ok(), direct.is_ok());
    let Ok(fixture) = read else {
        return;
    };
    let _ = fixture.to_response();
    let _ = fixture.file_name(0);
    let _ = fixture.request.body.to_bytes();
    let _ = fixture.response.body.to_bytes();
    for values in fixture.request.headers.values() {
        let _ = values.values();
    }
    // A fixture written back reads back the same.
    if let Ok(text) = serde_json::to_vec(&fixture) {
        if let Ok(again) = serde_json::from_slice::<Fixture>(&text) {
            let _ = again.to_response();
        }
    }
});
