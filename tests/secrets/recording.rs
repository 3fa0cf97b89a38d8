//! A `Recording` scrubs the private key it was never told about (learned from the requests'
//! Basic `Authorization` header) and what is derived from it, in every form, from the fixture
//! files it writes, which still replay.

use std::sync::Arc;

use imagekit::api::cache::PurgeFileCache;
use imagekit::api::files::ListFiles;
use imagekit::api::metadata::GetRemoteFileUrlMetadata;
use imagekit::api::upload::{ClientAuth, UploadFile, UploadFileV2, UploadSource};
use imagekit::transport::testing::{FakeTransport, Recording};
use imagekit::{ImageKit, UrlOptions};

use super::files_under;

/// A key with every character that changes between its forms.
const NASTY_KEY: &str = r#"pk_live/a+b"c\d%41e=f g"#;
const NOW: u64 = 1_700_000_000;

fn nasty_client() -> ImageKit {
    ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key(NASTY_KEY)
        .with_public_key("public_key_test")
        .with_clock(|| NOW)
        .with_retry_policy(imagekit::RetryPolicy::none())
}

/// `text` percent-encoded as a query value (upper-case hex).
fn encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>()
}

/// `encoded` with lower-case hex digits.
fn lower_hex(encoded: &str) -> String {
    let mut out = String::new();
    for (i, part) in encoded.split('%').enumerate() {
        if i == 0 {
            out.push_str(part);
        } else {
            let cut = part.len().min(2);
            out.push('%');
            out.push_str(&part[..cut].to_ascii_lowercase());
            out.push_str(&part[cut..]);
        }
    }
    out
}

/// A server that echoes each request (URI, body) and, to an authenticated one, the key too in
/// JSON and percent-encoded: a recording must scrub responses as well.
fn echo_server() -> FakeTransport {
    FakeTransport::new().with_matcher(|request| {
        let mut echo = serde_json::json!({
            "uri": request.uri.to_string(),
            "body": String::from_utf8_lossy(&request.body),
        });
        if request.header("authorization").is_some() {
            echo["key"] = NASTY_KEY.into();
            echo["keyInUrl"] =
                format!("https://x.example/?k={}", lower_hex(&encoded(NASTY_KEY))).into();
        }
        Some(Ok(FakeTransport::json(200, &echo)))
    })
}

/// The values derived from the key that the calls of [`drive`] send.
struct Derived {
    signed_urls: Vec<String>,
    v1_signature: String,
    v1_token: String,
    jwt: String,
}

fn derived(ik: &ImageKit) -> Derived {
    let signed = |opts: UrlOptions<'_>| ik.url(&opts.signed(true)).unwrap();
    let auth = ik
        .get_authentication_parameters(Some("v1-token-1234"), Some(NOW + 600))
        .unwrap();
    let v2 = UploadFileV2::new(UploadSource::bytes(&b"v2"[..]), "b.jpg");
    Derived {
        signed_urls: vec![
            signed(UrlOptions::path("/meta.jpg")),
            signed(UrlOptions::path("/purge.jpg").expire_seconds(300)),
        ],
        v1_signature: auth.signature,
        v1_token: auth.token,
        jwt: ik.sign_upload_v2(v2, 600).unwrap().token.unwrap(),
    }
}

/// Every call that carries the key or a value derived from it.
async fn drive(ik: &ImageKit, d: &Derived) {
    let _ = ik.list_files(&ListFiles::new().limit(1)).await;
    let metadata = GetRemoteFileUrlMetadata::new(&d.signed_urls[0]);
    let _ = ik.get_remote_file_url_metadata(&metadata).await;
    let _ = ik
        .purge_file_cache(&PurgeFileCache::new(&d.signed_urls[1]))
        .await;
    let auth = ik
        .get_authentication_parameters(Some(&d.v1_token), Some(NOW + 600))
        .unwrap();
    let v1 = UploadFile::new(UploadSource::bytes(&b"v1"[..]), "a.jpg")
        .client_auth(ClientAuth::new("public_key_test", auth));
    let _ = ik.upload(&v1).await;
    let v2 = UploadFileV2::new(UploadSource::bytes(&b"v2"[..]), "b.jpg");
    let _ = ik.upload_v2(&ik.sign_upload_v2(v2, 600).unwrap()).await;
}

/// Each form of the key and of what is derived from it, by name.
fn forbidden(d: &Derived, basic: &str) -> Vec<(String, String)> {
    let json = serde_json::Value::from(NASTY_KEY).to_string();
    let mut out = vec![
        ("the key".to_owned(), NASTY_KEY.to_owned()),
        (
            "the key in JSON".to_owned(),
            json[1..json.len() - 1].to_owned(),
        ),
        ("the key percent-encoded".to_owned(), encoded(NASTY_KEY)),
        (
            "the key percent-encoded, lower-case hex".to_owned(),
            lower_hex(&encoded(NASTY_KEY)),
        ),
        (
            "the Basic token".to_owned(),
            basic.trim_end_matches('=').to_owned(),
        ),
        ("the v1 signature".to_owned(), d.v1_signature.clone()),
        ("the v1 token".to_owned(), d.v1_token.clone()),
        (
            "the v2 JWT's signature".to_owned(),
            d.jwt.rsplit('.').next().unwrap().to_owned(),
        ),
    ];
    for url in &d.signed_urls {
        let signature = url.split_once("ik-s=").unwrap().1;
        assert_eq!(signature.len(), 40, "{url}");
        out.push((format!("the ik-s of {url}"), signature.to_owned()));
    }
    out
}

#[test]
fn fixtures_hold_no_form_of_the_key_nor_of_what_it_signs_and_still_replay() {
    let dir =
        std::env::temp_dir().join(format!("imagekit-secrets-recording-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let ik = nasty_client();
    let derived = derived(&ik);
    let recording = Arc::new(Recording::new(echo_server()));
    futures_lite::future::block_on(drive(
        &ik.clone().with_transport(Arc::clone(&recording)),
        &derived,
    ));
    let sent = recording.inner().requests();
    assert_eq!(sent.len(), 5);
    // What went over the wire did carry each secret (so the check below can fail).
    let wire: String = sent
        .iter()
        .map(|r| {
            format!(
                "{} {:?} {}",
                r.uri,
                r.headers,
                String::from_utf8_lossy(&r.body)
            )
        })
        .collect();
    let basic = sent[0]
        .header("authorization")
        .unwrap()
        .strip_prefix("Basic ")
        .unwrap();
    let forbidden = forbidden(&derived, basic);
    for (what, value) in forbidden.iter().skip(5) {
        assert!(wire.contains(value.as_str()), "{what} was not sent: {wire}");
    }

    let written = recording.write_fixtures(&dir).unwrap();
    assert_eq!(written.len(), 5);
    let mut files = Vec::new();
    files_under(&dir, &mut files);
    let mut leaks = Vec::new();
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        assert!(text.contains("<redacted>"), "{}: {text}", path.display());
        for (what, value) in &forbidden {
            if text.contains(value.as_str()) {
                leaks.push(format!("{}: {what}: {text}", path.display()));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "secrets in fixtures:\n{}",
        leaks.join("\n")
    );

    // Replayed without naming any secret: the same calls match their fixtures.
    let replay = Arc::new(FakeTransport::replay_dir(&dir).unwrap());
    futures_lite::future::block_on(drive(&ik.with_transport(Arc::clone(&replay)), &derived));
    replay.assert_replayed();
    std::fs::remove_dir_all(&dir).unwrap();
}
