//! The SDK's log lines, captured at trace level: no private key, no Basic token, and no
//! signature of a signed URL a request carries in its query.

use std::sync::Arc;
use std::time::Duration;

use imagekit::api::files::ListFiles;
use imagekit::api::metadata::GetRemoteFileUrlMetadata;
use imagekit::api::upload::{UploadFile, UploadSource};
use imagekit::{RetryPolicy, UrlOptions};

use super::{answer, canned, client, Answer, Shown};

/// Every log line the SDK writes at trace level while calls succeed, fail and retry.
#[test]
fn log_lines_at_trace_level_hold_no_secret() {
    use std::io::Write;
    use std::sync::Mutex;

    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);
    impl Write for Capture {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // A global subscriber (set once for this test binary): a scoped one races with the other
    // tests' threads over tracing's per-callsite cache. Lines of other tests land here too,
    // and must hold no secret either.
    static CAPTURE: std::sync::OnceLock<Capture> = std::sync::OnceLock::new();
    let capture = CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        let writer = capture.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other subscriber");
        capture
    });
    let signed_url = client()
        .url(&UrlOptions::path("/logged.jpg").signed(true))
        .unwrap();
    let (_, signature) = signed_url.split_once("ik-s=").unwrap();
    assert_eq!(signature.len(), 40, "{signed_url}");
    {
        let answers: [Answer; 3] = [
            || answer(200, &[("x-ik-requestid", "r1")], "[]"),
            || {
                answer(
                    401,
                    &[],
                    r#"{"message": "Your request contains invalid private key"}"#,
                )
            },
            || answer(503, &[], "<html>busy</html>"),
        ];
        for a in answers {
            let ik = canned(a).with_retry_policy(RetryPolicy {
                base_delay: Duration::from_millis(1),
                ..RetryPolicy::default()
            });
            let _ = futures_lite::future::block_on(ik.list_files(&ListFiles::new()));
            let upload = UploadFile::new(UploadSource::bytes(&b"abc"[..]), "a.jpg");
            let _ = futures_lite::future::block_on(ik.upload(&upload));
            // A signed URL as the value of a query parameter: percent-encoded in the URI.
            let metadata = GetRemoteFileUrlMetadata::new(&signed_url);
            let _ = futures_lite::future::block_on(ik.get_remote_file_url_metadata(&metadata));
        }
    }
    let logged = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        logged.contains("imagekit request"),
        "no log line was written: {logged}"
    );
    assert!(
        logged.contains("imagekit retry"),
        "the retries were not logged: {logged}"
    );
    assert!(
        logged.contains("Sensitive"),
        "the Authorization header is not marked sensitive"
    );
    assert!(
        logged.contains("/v1/metadata?<redacted>"),
        "the signed URL's request was not logged: {logged}"
    );
    assert!(
        !logged.contains(signature),
        "a log line shows the signature of {signed_url}: {logged}"
    );
    let mut shown = Shown::default();
    for (i, line) in logged.lines().enumerate() {
        shown.add(format!("log line {}", i + 1), line);
    }
    shown.check();
}
