//! FakeTransport (scripts, matchers, recorded requests, multipart decoding), Recording (scrubbed
//! fixtures) and replay (byte-identical answers, precise mismatches).

use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use futures_lite::future::block_on;
use http::Method;
use imagekit::transport::testing::{FakeTransport, ReplayMismatch};
use imagekit::transport::testing::{Fixture, FixtureBody, Recording};
use imagekit::transport::{Body, BodySource, Transport, TransportError, TransportErrorKind};
use serde_json::json;

const PRIVATE_KEY: &str = "private_lIvE/k3y+Zz=";
const BASIC: &str = "Basic cHJpdmF0ZV9sSXZFL2szeStaej06";

fn send(
    t: &dyn Transport,
    request: http::Request<Body>,
) -> Result<http::Response<Bytes>, TransportError> {
    block_on(t.send(request))
}

fn request(method: Method, uri: &str) -> http::request::Builder {
    http::Request::builder().method(method).uri(uri)
}

fn json_post(uri: &str, body: &serde_json::Value) -> http::Request<Body> {
    request(Method::POST, uri)
        .header("authorization", BASIC)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn get(uri: &str) -> http::Request<Body> {
    request(Method::GET, uri)
        .header("authorization", BASIC)
        .body(Body::empty())
        .unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("imagekit-fake-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn mismatch(error: &TransportError) -> &ReplayMismatch {
    assert_eq!(error.kind(), TransportErrorKind::Other);
    std::error::Error::source(error)
        .and_then(|s| s.downcast_ref::<ReplayMismatch>())
        .unwrap_or_else(|| panic!("not a replay mismatch: {error}"))
}

#[test]
fn scripted_answers_come_in_order_then_an_error_names_the_request() {
    let fake = FakeTransport::new()
        .with_response(FakeTransport::json(200, &json!({"n": 1})))
        .with_error(TransportError::timeout("slow"))
        .with_response(FakeTransport::response(
            204,
            &[("x-a", "1"), ("x-a", "2")],
            Bytes::new(),
        ));
    assert_eq!(fake.remaining(), 3);

    let first = send(&fake, get("https://api.imagekit.io/v1/files")).unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["content-type"], "application/json");
    assert_eq!(first.body(), &Bytes::from_static(br#"{"n":1}"#));

    let second = send(&fake, get("https://api.imagekit.io/v1/files")).unwrap_err();
    assert_eq!(second, TransportError::timeout("slow"));

    let third = send(&fake, get("https://api.imagekit.io/v1/files")).unwrap();
    assert_eq!(third.status(), 204);
    assert_eq!(third.headers().get_all("x-a").iter().count(), 2);
    assert_eq!(fake.remaining(), 0);

    let fourth = send(&fake, get("https://api.imagekit.io/v1/files?limit=1")).unwrap_err();
    assert_eq!(fourth.kind(), TransportErrorKind::Other);
    assert_eq!(
        fourth.to_string(),
        "request failed: FakeTransport: no scripted answer or matcher for request #4: \
         GET https://api.imagekit.io/v1/files?limit=1"
    );
    assert_eq!(fake.request_count(), 4);
}

#[test]
fn matchers_answer_what_they_recognize_before_the_script() {
    let fake = Arc::new(
        FakeTransport::new()
            .with_matcher(|r| {
                (r.method == Method::GET && r.uri.path() == "/v1/files/abc/details")
                    .then(|| Ok(FakeTransport::json(200, &json!({"fileId": "abc"}))))
            })
            .with_matcher(|r| {
                (r.uri.path() == "/v1/down").then(|| Err(TransportError::connect("refused")))
            })
            .with_response(FakeTransport::response(500, &[], "scripted")),
    );
    let transport: Arc<dyn Transport> = fake.clone();

    for _ in 0..2 {
        let r = send(
            &*transport,
            get("https://api.imagekit.io/v1/files/abc/details"),
        )
        .unwrap();
        assert_eq!(r.body(), &Bytes::from_static(br#"{"fileId":"abc"}"#));
    }
    let down = send(&*transport, get("https://api.imagekit.io/v1/down")).unwrap_err();
    assert_eq!(down.kind(), TransportErrorKind::Connect);
    let other = send(&*transport, get("https://api.imagekit.io/v1/other")).unwrap();
    assert_eq!(
        (other.status().as_u16(), other.body().as_ref()),
        (500, &b"scripted"[..])
    );
    let none = send(
        &*transport,
        json_post("https://api.imagekit.io/v1/other", &json!({})),
    );
    assert!(none
        .unwrap_err()
        .to_string()
        .contains("POST https://api.imagekit.io/v1/other"));
    assert_eq!(fake.request_count(), 5);
}

/// A streamed body that counts how often it is opened.
struct Counted {
    data: &'static [u8],
    opened: Arc<std::sync::atomic::AtomicUsize>,
}

impl BodySource for Counted {
    fn len(&self) -> Option<u64> {
        Some(self.data.len() as u64)
    }
    fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        self.opened
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(Box::new(self.data))
    }
}

#[test]
fn requests_are_recorded_with_streamed_bodies_read_fully() {
    let fake = FakeTransport::new()
        .with_response(FakeTransport::json(200, &json!({})))
        .with_response(FakeTransport::json(200, &json!({})));
    assert_eq!(fake.last_request(), None);

    send(
        &fake,
        json_post(
            "https://api.imagekit.io/v1/files/rename",
            &json!({"filePath": "/a.jpg"}),
        ),
    )
    .unwrap();
    let opened = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let streamed = request(Method::PUT, "https://api.imagekit.io/v1/x?y=1")
        .header("x-custom", "v")
        .body(Body::stream(Counted {
            data: b"streamed bytes",
            opened: opened.clone(),
        }))
        .unwrap();
    send(&fake, streamed).unwrap();

    assert_eq!(fake.request_count(), 2);
    let requests = fake.requests();
    assert_eq!(requests[0].method, Method::POST);
    assert_eq!(requests[0].uri, "https://api.imagekit.io/v1/files/rename");
    assert_eq!(requests[0].header("authorization"), Some(BASIC));
    assert_eq!(
        requests[0].body_json().unwrap(),
        json!({"filePath": "/a.jpg"})
    );

    let last = fake.last_request().unwrap();
    assert_eq!(last, requests[1]);
    assert_eq!(last.method, Method::PUT);
    assert_eq!(last.uri.query(), Some("y=1"));
    assert_eq!(last.header("x-custom"), Some("v"));
    assert_eq!(last.body_text(), Some("streamed bytes"));
    assert_eq!(opened.load(std::sync::atomic::Ordering::SeqCst), 1);
}

/// Two text fields (one quoted with a semicolon) and a file whose bytes hold CRLFs, NULs,
/// a would-be header block and a near-boundary.
fn multipart_body(boundary: &str, file: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\n\
             Content-Disposition: form-data; name=\"fileName\"\r\n\r\n\
             my photo.jpg\r\n\
             --{boundary}\r\n\
             Content-Disposition: form-data; name=\"tags\"\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\n\
             a;b,\u{e9}t\u{e9}\r\n\
             --{boundary}\r\n\
             Content-Disposition: form-data; name=\"file\"; filename=\"we\\\"ird; name.jpg\"\r\n\
             Content-Type: image/jpeg\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

const FILE: &[u8] =
    b"\xff\xd8\xff\xe0\r\n\r\n\x00\x01--not-the-boundary\r\nX: y\r\n\r\n\xff\xd9\r\n";

fn upload(boundary: &str) -> http::Request<Body> {
    request(
        Method::POST,
        "https://upload.imagekit.io/api/v1/files/upload",
    )
    .header("authorization", BASIC)
    .header(
        "content-type",
        format!("multipart/form-data; boundary=\"{boundary}\""),
    )
    .body(Body::from(multipart_body(boundary, FILE)))
    .unwrap()
}

#[test]
fn multipart_parts_are_decoded_field_by_field() {
    let fake = FakeTransport::new().with_response(FakeTransport::json(200, &json!({})));
    send(&fake, upload("----ik-0f3a")).unwrap();
    let parts = fake.last_request().unwrap().multipart_parts().unwrap();
    assert_eq!(parts.len(), 3);

    assert_eq!(parts[0].name, "fileName");
    assert_eq!(parts[0].filename, None);
    assert_eq!(parts[0].content_type, None);
    assert_eq!(parts[0].text(), Some("my photo.jpg"));

    assert_eq!(parts[1].name, "tags");
    assert_eq!(
        parts[1].content_type.as_deref(),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(parts[1].text(), Some("a;b,\u{e9}t\u{e9}"));

    assert_eq!(parts[2].name, "file");
    assert_eq!(parts[2].filename.as_deref(), Some("we\"ird; name.jpg"));
    assert_eq!(parts[2].content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(parts[2].data.as_ref(), FILE);
    assert_eq!(parts[2].headers.len(), 2);

    // A truncated body and a body without a multipart content type are errors, not panics.
    let mut truncated = fake.last_request().unwrap();
    truncated.body = truncated.body.slice(..truncated.body.len() - 12);
    let e = truncated.multipart_parts().unwrap_err();
    assert!(
        e.to_string()
            .contains("part 3: no delimiter after its data"),
        "{e}"
    );
    let mut not_multipart = truncated.clone();
    not_multipart
        .headers
        .insert("content-type", "application/json".parse().unwrap());
    assert!(not_multipart.multipart_parts().is_err());
}

/// Records a session against a fake "server": a JSON call carrying the secret, a GET with
/// the secret in its query, an upload, and a binary download.
fn record_session(dir: &PathBuf) -> (Vec<http::Response<Bytes>>, Vec<PathBuf>) {
    let server = FakeTransport::new()
        .with_response(FakeTransport::response(
            200,
            &[
                ("content-type", "application/json"),
                ("set-cookie", "a=1"),
                ("set-cookie", "b=2"),
            ],
            r#"{"purgeRequestId":"p1","n":1.5}"#,
        ))
        .with_response(FakeTransport::response(
            200,
            &[("content-type", "application/json")],
            "{ \"pretty\": true }\n",
        ))
        .with_response(FakeTransport::json(
            200,
            &json!({"fileId": "f1", "name": "my photo.jpg"}),
        ))
        .with_response(FakeTransport::response(
            200,
            &[("content-type", "image/jpeg")],
            FILE,
        ));
    let recording = Recording::new(server)
        .scrub(PRIVATE_KEY)
        .scrub("whsec_test_secret");
    let mut responses = Vec::new();
    responses.push(
        send(
            &recording,
            json_post(
                "https://api.imagekit.io/v1/files/rename",
                &json!({"filePath": "/a.jpg", "newFileName": "b.jpg", "note": format!("key {PRIVATE_KEY}")}),
            ),
        )
        .unwrap(),
    );
    let encoded_key = "private_lIvE%2Fk3y%2BZz%3D";
    responses.push(
        send(
            &recording,
            get(&format!(
                "https://api.imagekit.io/v1/files?key={encoded_key}&limit=2"
            )),
        )
        .unwrap(),
    );
    responses.push(send(&recording, upload("boundary-recorded-1")).unwrap());
    responses.push(send(&recording, get("https://ik.imagekit.io/demo/a.jpg")).unwrap());
    assert_eq!(recording.fixtures().len(), 4);
    let written = recording.write_fixtures(dir).unwrap();
    (responses, written)
}

#[test]
fn a_recording_writes_readable_fixtures_with_secrets_redacted() {
    let dir = temp_dir("record");
    let (_, written) = record_session(&dir);
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "001-post-v1-files-rename.json",
            "002-get-v1-files.json",
            "003-post-api-v1-files-upload.json",
            "004-get-demo-a-jpg.json"
        ]
    );
    for path in &written {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(!text.contains(PRIVATE_KEY), "{}: {text}", path.display());
        assert!(!text.contains("private_lIvE"), "{}: {text}", path.display());
        assert!(!text.contains(&BASIC[6..]), "{}: {text}", path.display());
        assert!(text.contains("\"authorization\": \"<redacted>\""), "{text}");
        assert!(
            text.ends_with("}\n") && text.contains("\n  \"request\": {\n"),
            "not pretty: {text}"
        );
    }

    let first: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&written[0]).unwrap()).unwrap();
    assert_eq!(first["request"]["method"], "POST");
    assert_eq!(
        first["request"]["body"]["note"], "key <redacted>",
        "JSON bodies are inline"
    );
    assert_eq!(first["response"]["status"], 200);
    assert_eq!(
        first["response"]["headers"]["set-cookie"],
        json!(["a=1", "b=2"])
    );
    assert_eq!(
        first["response"]["body"],
        json!({"purgeRequestId": "p1", "n": 1.5})
    );

    let second = Fixture::read(&written[1]).unwrap();
    assert_eq!(
        second.request.uri,
        "https://api.imagekit.io/v1/files?key=<redacted>&limit=2"
    );
    assert_eq!(second.request.body, FixtureBody::Empty);
    assert_eq!(
        second.response.body,
        FixtureBody::Text("{ \"pretty\": true }\n".into()),
        "JSON that would not serialize back identically is kept as text"
    );
    let fourth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&written[3]).unwrap()).unwrap();
    assert!(fourth["response"]["body"]["base64"].is_string());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn recorded_fixtures_replay_byte_identically() {
    let dir = temp_dir("replay");
    let (recorded, _) = record_session(&dir);
    let fixtures = Fixture::read_dir(&dir).unwrap();
    assert_eq!(fixtures.len(), 4);

    let replay = FakeTransport::replay(fixtures).scrub(PRIVATE_KEY);
    let mut replayed = Vec::new();
    replayed.push(
        send(
            &replay,
            json_post(
                "https://api.imagekit.io/v1/files/rename",
                // Key order and the Authorization value do not matter; the JSON does.
                &json!({"note": format!("key {PRIVATE_KEY}"), "newFileName": "b.jpg", "filePath": "/a.jpg"}),
            ),
        )
        .unwrap(),
    );
    replayed.push(
        send(
            &replay,
            get("https://api.imagekit.io/v1/files?key=private_lIvE%2Fk3y%2BZz%3D&limit=2"),
        )
        .unwrap(),
    );
    // Another boundary: multipart bodies are compared part by part.
    replayed.push(send(&replay, upload("another-boundary-22")).unwrap());
    replayed.push(send(&replay, get("https://ik.imagekit.io/demo/a.jpg")).unwrap());
    replay.assert_replayed();

    for (got, want) in replayed.iter().zip(&recorded) {
        assert_eq!(got.status(), want.status());
        assert_eq!(got.headers(), want.headers());
        assert_eq!(got.body(), want.body());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_request_that_differs_from_its_fixture_names_the_difference() {
    let dir = temp_dir("mismatch");
    record_session(&dir);
    let replay = FakeTransport::replay(Fixture::read_dir(&dir).unwrap()).scrub(PRIVATE_KEY);

    // 1: a changed header and a changed JSON field.
    let changed = request(Method::POST, "https://api.imagekit.io/v1/files/rename")
        .header("authorization", "Basic other")
        .header("content-type", "text/plain")
        .body(Body::from(
            json!({"filePath": "/a.jpg", "newFileName": "c.jpg", "note": format!("key {PRIVATE_KEY}")})
                .to_string(),
        ))
        .unwrap();
    let e = send(&replay, changed).unwrap_err();
    let m = mismatch(&e);
    assert_eq!(m.index, 1);
    assert!(
        m.fixture.ends_with("001-post-v1-files-rename.json"),
        "{}",
        m.fixture
    );
    assert_eq!(
        m.differences,
        [
            r#"header "content-type": expected "application/json", got "text/plain""#,
            r#"body: at $.newFileName expected "b.jpg", got "c.jpg""#,
        ]
    );
    assert!(e
        .to_string()
        .contains("request #1 (POST https://api.imagekit.io/v1/files/rename)"));

    // 2: a changed path.
    let e = send(
        &replay,
        get("https://api.imagekit.io/v2/files?key=private_lIvE%2Fk3y%2BZz%3D&limit=2"),
    )
    .unwrap_err();
    assert_eq!(
        mismatch(&e).differences,
        [r#"path: expected "/v1/files", got "/v2/files""#]
    );

    // 3: a changed file part, a missing header.
    let mut changed_upload = upload("b-3");
    changed_upload.headers_mut().remove("authorization");
    let body = multipart_body("b-3", b"other bytes");
    *changed_upload.body_mut() = Body::from(body);
    let e = send(&replay, changed_upload).unwrap_err();
    let d = &mismatch(&e).differences;
    assert_eq!(
        d[0],
        r#"header "authorization": expected "<redacted>", missing"#
    );
    assert!(
        d[1].starts_with(&format!(
            r#"body: part 3 ("file"): data: expected {} bytes, got 11; first difference at byte 0"#,
            FILE.len()
        )),
        "{d:?}"
    );

    // 4: a changed query, and an extra JSON field on a body-less request.
    let e = send(
        &replay,
        request(Method::GET, "https://ik.imagekit.io/demo/a.jpg?tr=w-100")
            .header("authorization", "x")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .unwrap_err();
    let d = &mismatch(&e).differences;
    assert_eq!(
        d[0],
        r#"uri: expected "https://ik.imagekit.io/demo/a.jpg", got "https://ik.imagekit.io/demo/a.jpg?tr=w-100""#
    );
    assert!(d[1].starts_with("body: expected 0 bytes, got 2"), "{d:?}");

    assert_eq!(replay.mismatches().len(), 4);
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| replay.assert_replayed()))
        .unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(
        message.contains(r#"body: at $.newFileName expected "b.jpg", got "c.jpg""#),
        "{message}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn panic_on_mismatch_panics_with_the_difference() {
    let replay = FakeTransport::replay(Fixture::read_dir("tests/fixtures/rename").unwrap())
        .panic_on_mismatch();
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        send(&replay, get("https://api.imagekit.io/v1/files/rename"))
    }))
    .unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(
        message.contains(r#"method: expected "POST", got "GET""#),
        "{message}"
    );
}

#[test]
fn the_committed_fixture_replays() {
    let fixtures = Fixture::read_dir("tests/fixtures/rename").unwrap();
    assert_eq!(fixtures.len(), 1);
    let replay = Arc::new(FakeTransport::replay(fixtures));
    let transport: Arc<dyn Transport> = replay.clone();
    let response = send(
        &*transport,
        json_post(
            "https://api.imagekit.io/v1/files/rename",
            &json!({"filePath": "/photos/a.jpg", "newFileName": "b.jpg", "purgeCache": true}),
        ),
    )
    .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/json; charset=utf-8"
    );
    assert_eq!(
        response.body(),
        &Bytes::from_static(br#"{"purgeRequestId":"598821f949c0a938d57563bd"}"#)
    );
    replay.assert_replayed();

    // Past the last fixture nothing answers.
    let e = send(&*transport, get("https://api.imagekit.io/v1/files")).unwrap_err();
    assert!(
        e.to_string()
            .contains("no scripted answer or matcher for request #2"),
        "{e}"
    );
}

#[test]
fn a_recording_passes_on_an_upload_read_from_a_one_shot_reader() {
    use imagekit::api::upload::{UploadFile, UploadSource};

    let fake = FakeTransport::new().with_response(FakeTransport::json(
        200,
        &json!({"fileId": "f1", "name": "a.png"}),
    ));
    let recording = Arc::new(Recording::new(fake));
    let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key("private_key_test")
        .with_transport(Arc::clone(&recording));
    let source = UploadSource::reader(&b"\x89PNG one shot"[..], None);
    let uploaded = block_on(ik.upload(&UploadFile::new(source, "a.png"))).unwrap();
    assert_eq!(uploaded.file().unwrap().file_id, "f1");
    // Read once by the recording, the same bytes reached the transport it wraps.
    let sent = recording.inner().last_request().unwrap();
    let parts = sent.multipart_parts().unwrap();
    let file = parts.iter().find(|p| p.name == "file").unwrap();
    assert_eq!(file.data.as_ref(), b"\x89PNG one shot");
    assert_eq!(file.content_type.as_deref(), Some("image/png"));
    assert_eq!(recording.fixtures().len(), 1);
}
