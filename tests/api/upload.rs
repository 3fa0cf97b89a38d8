//! Server-side uploads v1 and v2. Against a FakeTransport: the multipart body parsed back (with
//! the crate's parser, and once with Python's standard library), the file sources and the
//! answers (200 and 202); the helpers here are shared with upload_signed.rs (client-side-signed
//! uploads and the retry policy).
//!
//! Against Prism serving ImageKit's OpenAPI file (the contract cases at the end): Prism checks
//! each request against the contract and answers the file's example. Each runs live (skipped
//! without `IMAGEKIT_PRISM_URL`) and replayed from tests/fixtures/contract/ (see `contract!`),
//! where the multipart bodies are compared part by part (the boundary is random). Left out, as
//! api.md says: `tags`, `responseFields`, `extensions`, `customMetadata` and `transformation`,
//! which the file types as arrays and objects while ImageKit takes them as comma-joined and JSON
//! text (the fake-transport cases above check them in the multipart body); and the
//! client-side-signed uploads, which send no `Authorization` header while the file requires
//! Basic auth on every operation (Prism answers 401 "Invalid security scheme used").

use std::io::Write as _;
use std::sync::Arc;
use std::time::Duration;

use futures_lite::future::block_on;
use imagekit::api::extensions::{AutoTagging, ExtensionConfig};
use imagekit::api::upload::{
    ExtensionStatus, PostTransformation, ResponseField, StreamingProtocol, UploadFile,
    UploadFileV2, UploadOptions, UploadResult, UploadSource, UploadTransformation, UploadedFile,
};
use imagekit::api::Operation;
use imagekit::transport::testing::{FakeTransport, MultipartPart};
use imagekit::{ImageKit, Repeat};
use rstest::rstest;
use serde_json::{json, Value};

use crate::contract;
use crate::support::scratch::scratch_dir;

pub(crate) const NOW: u64 = 1_700_000_000;

pub(crate) fn client(fake: &Arc<FakeTransport>) -> ImageKit {
    ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key("private_key_test")
        .with_public_key("public_key_test")
        .with_clock(|| NOW)
        .with_sleep(|_: Duration| async {})
        .with_transport(Arc::clone(fake))
}

/// The OpenAPI file's `UploadResponseImage` example.
pub(crate) fn uploaded() -> Value {
    json!({
        "fileId": "6673f88237b244ef54d60180",
        "name": "test-image.jpg",
        "size": 117079,
        "versionInfo": {"id": "6673f88237b244ef54d60180", "name": "Version 1"},
        "filePath": "/test-image.jpg",
        "url": "https://ik.imagekit.io/demo/test-image.jpg",
        "fileType": "image",
        "height": 500,
        "width": 1000,
        "orientation": 1,
        "thumbnailUrl": "https://ik.imagekit.io/demo/tr:n-ik_ml_thumbnail/test-image.jpg"
    })
}

pub(crate) fn fake_answering(status: u16, body: &Value) -> Arc<FakeTransport> {
    Arc::new(FakeTransport::new().with_response(FakeTransport::json(status, body)))
}

/// Name and text of every part but `file`, in order.
pub(crate) fn text_fields(parts: &[MultipartPart]) -> Vec<(String, String)> {
    parts
        .iter()
        .filter(|p| p.name != "file")
        .map(|p| {
            assert_eq!(p.filename, None, "text field {} has a filename", p.name);
            (p.name.clone(), p.text().unwrap().to_string())
        })
        .collect()
}

pub(crate) fn file_part(parts: &[MultipartPart]) -> &MultipartPart {
    let files: Vec<_> = parts.iter().filter(|p| p.name == "file").collect();
    assert_eq!(files.len(), 1, "{parts:?}");
    files[0]
}

pub(crate) fn every_option() -> UploadOptions {
    let mut metadata = serde_json::Map::new();
    metadata.insert("brand".into(), json!("Nike"));
    metadata.insert("price".into(), json!(10.5));
    UploadOptions::new()
        .use_unique_file_name(false)
        .tags(["t-shirt", "round-neck", "men"])
        .folder("/marketing/shirts")
        .is_private_file(true)
        .is_published(false)
        .custom_coordinates("10,10,100,100")
        .response_fields([
            ResponseField::Tags,
            ResponseField::CustomCoordinates,
            ResponseField::IsPrivateFile,
            ResponseField::EmbeddedMetadata,
        ])
        .extensions([
            // A field the SDK has no name for (`bg_colour`) goes as given.
            serde_json::from_value(
                json!({"name": "remove-bg", "options": {"add_shadow": true, "bg_colour": "green"}}),
            )
            .unwrap(),
            ExtensionConfig::GoogleAutoTagging(AutoTagging::new(95, 5)),
        ])
        .webhook_url("https://example.com/hook")
        .overwrite_file(true)
        .overwrite_ai_tags(false)
        .overwrite_tags(true)
        .overwrite_custom_metadata(false)
        .custom_metadata(metadata)
        .transformation(UploadTransformation::new().pre("w-300,h-300,q-80").post([
            PostTransformation::thumbnail(Some("w-150,h-150")),
            PostTransformation::gif_to_video(None),
            PostTransformation::transformation("w-400"),
            PostTransformation::abs("sr-240_360_480_720_1080", StreamingProtocol::Dash),
        ]))
        .checks(r#""file.size" < "1mb""#)
        .description("Running shoes")
}

/// The text fields `every_option()` becomes, after `fileName`.
pub(crate) fn every_option_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("useUniqueFileName", "false"),
        ("tags", "t-shirt,round-neck,men"),
        ("folder", "/marketing/shirts"),
        ("isPrivateFile", "true"),
        ("isPublished", "false"),
        ("customCoordinates", "10,10,100,100"),
        (
            "responseFields",
            "tags,customCoordinates,isPrivateFile,embeddedMetadata",
        ),
        (
            "extensions",
            r#"[{"name":"remove-bg","options":{"add_shadow":true,"bg_colour":"green"}},{"name":"google-auto-tagging","minConfidence":95,"maxTags":5}]"#,
        ),
        ("webhookUrl", "https://example.com/hook"),
        ("overwriteFile", "true"),
        ("overwriteAITags", "false"),
        ("overwriteTags", "true"),
        ("overwriteCustomMetadata", "false"),
        ("customMetadata", r#"{"brand":"Nike","price":10.5}"#),
        (
            "transformation",
            r#"{"pre":"w-300,h-300,q-80","post":[{"type":"thumbnail","value":"w-150,h-150"},{"type":"gif-to-video"},{"type":"transformation","value":"w-400"},{"type":"abs","value":"sr-240_360_480_720_1080","protocol":"dash"}]}"#,
        ),
        ("checks", r#""file.size" < "1mb""#),
        ("description", "Running shoes"),
    ]
}

pub(crate) fn owned(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// Bytes with every value, CR LF and dashes, as a binary file would have.
pub(crate) fn binary() -> Vec<u8> {
    let mut data: Vec<u8> = (0..=255u8).collect();
    data.extend_from_slice(b"\r\n--\r\n--imagekit-\r\n\r\n");
    data
}

#[test]
fn every_field_is_encoded_as_api_md_says() {
    let fake = fake_answering(200, &uploaded());
    let ik = client(&fake);
    let params = UploadFile::new(
        UploadSource::Bytes(binary().into(), Some("shirt.jpg".into())),
        "shirt.jpg",
    )
    .options(every_option());
    assert_eq!(params.repeat(), Repeat::IfNotSent);

    let result = block_on(ik.upload(&params)).unwrap();

    let request = fake.last_request().unwrap();
    assert_eq!(request.method, http::Method::POST);
    assert_eq!(
        request.uri.to_string(),
        "https://upload.imagekit.io/api/v1/files/upload"
    );
    assert_eq!(
        request.header("authorization"),
        Some("Basic cHJpdmF0ZV9rZXlfdGVzdDo=")
    );
    assert!(request
        .header("content-type")
        .unwrap()
        .starts_with("multipart/form-data; boundary=imagekit-"));
    let parts = request.multipart_parts().unwrap();
    let mut want = owned(&[("fileName", "shirt.jpg")]);
    want.extend(owned(&every_option_fields()));
    assert_eq!(text_fields(&parts), want);
    // The JSON texts are the values given.
    let field = |name: &str| -> Value {
        let part = parts.iter().find(|p| p.name == name).unwrap();
        serde_json::from_str(part.text().unwrap()).unwrap()
    };
    assert_eq!(
        field("customMetadata"),
        json!({"brand": "Nike", "price": 10.5})
    );
    assert_eq!(field("extensions")[1]["maxTags"], 5);
    assert_eq!(field("transformation")["post"][3]["protocol"], "dash");

    let file = file_part(&parts);
    assert_eq!(file.filename.as_deref(), Some("shirt.jpg"));
    assert_eq!(file.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(file.data.as_ref(), binary().as_slice());
    // The file is the last part.
    assert_eq!(parts.last().unwrap().name, "file");

    let UploadResult::Uploaded(file) = result else {
        panic!("{result:?}")
    };
    assert_eq!(file.file_id, "6673f88237b244ef54d60180");
    assert_eq!(file.file_path, "/test-image.jpg");
    assert_eq!(file.width, Some(1000));
    assert_eq!(
        file.thumbnail_url.as_deref(),
        Some("https://ik.imagekit.io/demo/tr:n-ik_ml_thumbnail/test-image.jpg")
    );
    assert_eq!(
        file.version_info.as_ref().unwrap().name.as_deref(),
        Some("Version 1")
    );
    assert_eq!(file.extra["orientation"], 1);
}

#[test]
fn only_the_given_fields_are_sent_and_bytes_take_the_file_name() {
    let fake = fake_answering(200, &uploaded());
    let params = UploadFile::new(UploadSource::bytes(&b"GIF89a"[..]), "a.gif");
    block_on(client(&fake).upload(&params)).unwrap();
    let parts = fake.last_request().unwrap().multipart_parts().unwrap();
    assert_eq!(text_fields(&parts), owned(&[("fileName", "a.gif")]));
    let file = file_part(&parts);
    assert_eq!(file.filename.as_deref(), Some("a.gif"));
    assert_eq!(file.data.as_ref(), b"GIF89a");
}

/// Python's own MIME parser reads the body the same way: `[name, filename, hex data]`.
const PYTHON_PARSER: &str = r#"
import json, sys
from email import policy
from email.parser import BytesParser
body = open(sys.argv[1], "rb").read()
head = b"Content-Type: " + sys.argv[2].encode() + b"\r\nMIME-Version: 1.0\r\n\r\n"
message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
assert message.is_multipart() and not message.defects, message.defects
parts = []
for part in message.iter_parts():
    assert not part.defects, part.defects
    assert part.get_content_disposition() == "form-data"
    name = part.get_param("name", header="content-disposition")
    parts.append([name, part.get_filename(), part.get_payload(decode=True).hex()])
print(json.dumps(parts))
"#;

#[test]
fn pythons_multipart_parser_reads_our_body() {
    let fake = fake_answering(200, &uploaded());
    let params = UploadFile::new(
        UploadSource::Bytes(binary().into(), Some("shirt.jpg".into())),
        "shirt.jpg",
    )
    .options(every_option());
    block_on(client(&fake).upload(&params)).unwrap();
    let request = fake.last_request().unwrap();

    let dir = std::env::temp_dir().join(format!("imagekit-upload-py-{}", std::process::id()));
    std::fs::write(&dir, &request.body).unwrap();
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(PYTHON_PARSER)
        .arg(&dir)
        .arg(request.header("content-type").unwrap())
        .output();
    std::fs::remove_file(&dir).unwrap();
    let output = match output {
        Ok(output) => output,
        Err(e) => {
            eprintln!("skipped pythons_multipart_parser_reads_our_body: no python3 ({e})");
            return;
        }
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let python: Vec<(String, Option<String>, String)> =
        serde_json::from_slice(&output.stdout).unwrap();
    let ours: Vec<(String, Option<String>, String)> = request
        .multipart_parts()
        .unwrap()
        .into_iter()
        .map(|p| (p.name, p.filename, hex::encode(&p.data)))
        .collect();
    assert_eq!(python, ours);
    assert_eq!(python.len(), 19);
    assert_eq!(python[18].2, hex::encode(binary()));
}

#[test]
fn a_file_on_disk_is_streamed_not_read_into_memory() {
    let path = std::env::temp_dir().join(format!(
        "imagekit-upload-{}-holiday.mp4",
        std::process::id()
    ));
    let content: Vec<u8> = (0..3 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::File::create(&path)
        .unwrap()
        .write_all(&content)
        .unwrap();

    let fake = fake_answering(200, &uploaded());
    let ik = client(&fake);
    let params = UploadFile::new(UploadSource::file(&path), "holiday.mp4")
        .options(UploadOptions::new().folder("/videos"));

    let request = params.request(ik.api()).unwrap();
    assert!(request.body().as_bytes().is_none(), "the body is a stream");
    let len = request.body().len().unwrap();
    assert!(len > content.len() as u64 && len < content.len() as u64 + 1024);

    block_on(ik.upload(&params)).unwrap();
    let recorded = fake.last_request().unwrap();
    assert_eq!(recorded.body.len() as u64, len);
    let parts = recorded.multipart_parts().unwrap();
    assert_eq!(
        text_fields(&parts),
        owned(&[("fileName", "holiday.mp4"), ("folder", "/videos")])
    );
    let file = file_part(&parts);
    assert_eq!(file.filename.as_deref(), path.file_name().unwrap().to_str());
    assert!(
        file.data.as_ref() == content.as_slice(),
        "file content differs"
    );
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn an_open_file_is_sent_whole_on_every_upload_named_by_file_name() {
    let dir = scratch_dir("open-file");
    let path = dir.join("on-disk.bin");
    std::fs::write(&path, binary()).unwrap();
    let source = UploadSource::open_file(std::fs::File::open(&path).unwrap());
    // The handle is what is read: the path may be gone.
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(source, source.clone());
    assert_ne!(source, UploadSource::file(&path));

    let answer = FakeTransport::json(200, &uploaded());
    let fake = Arc::new(
        FakeTransport::new()
            .with_response(answer.clone())
            .with_response(answer),
    );
    let ik = client(&fake);
    let params = UploadFile::new(source, "photo.jpg");
    for _ in 0..2 {
        block_on(ik.upload(&params)).unwrap();
        let parts = fake.last_request().unwrap().multipart_parts().unwrap();
        let file = file_part(&parts);
        assert_eq!(file.filename.as_deref(), Some("photo.jpg"));
        assert!(
            file.data.as_ref() == binary().as_slice(),
            "file content differs"
        );
    }
}

#[test]
fn a_missing_file_is_refused_before_any_request() {
    let fake = fake_answering(200, &uploaded());
    let params = UploadFile::new(
        UploadSource::file("/nonexistent/imagekit/none.jpg"),
        "none.jpg",
    );
    let err = block_on(client(&fake).upload(&params)).unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    assert_eq!(fake.request_count(), 0);
}

#[rstest]
#[case::url(
    UploadSource::url("https://www.example.com/path/to-image.jpg"),
    "https://www.example.com/path/to-image.jpg"
)]
#[case::http_url(
    UploadSource::url("HTTP://example.com/a.jpg"),
    "HTTP://example.com/a.jpg"
)]
#[case::base64(UploadSource::base64("R0lGODlhAQABAAAAACw="), "R0lGODlhAQABAAAAACw=")]
#[case::data_uri(
    UploadSource::base64("data:image/gif;base64,R0lGODlhAQABAAAAACw="),
    "data:image/gif;base64,R0lGODlhAQABAAAAACw="
)]
fn a_url_or_base64_is_a_text_field(#[case] source: UploadSource, #[case] text: &str) {
    let fake = fake_answering(200, &uploaded());
    let params = UploadFile::new(source, "a.jpg");
    block_on(client(&fake).upload(&params)).unwrap();
    let request = fake.last_request().unwrap();
    let parts = request.multipart_parts().unwrap();
    let file = file_part(&parts);
    assert_eq!(file.filename, None);
    assert_eq!(file.content_type, None);
    assert_eq!(file.text(), Some(text));
    assert_eq!(text_fields(&parts), owned(&[("fileName", "a.jpg")]));
}

#[rstest]
#[case("ftp://example.com/a.jpg")]
#[case("example.com/a.jpg")]
#[case("")]
fn a_url_that_is_not_http_is_refused(#[case] url: &str) {
    let fake = fake_answering(200, &uploaded());
    let params = UploadFile::new(UploadSource::url(url), "a.jpg");
    let err = block_on(client(&fake).upload(&params)).unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    assert_eq!(fake.request_count(), 0);
}

#[test]
fn a_202_is_a_queued_pre_transformation() {
    let fake = fake_answering(
        202,
        &json!({"message": "The pre-transformation has been queued successfully."}),
    );
    let params = UploadFile::new(UploadSource::url("https://example.com/v.mp4"), "v.mp4")
        .options(UploadOptions::new().transformation(UploadTransformation::new().pre("h-480")));
    let result = block_on(client(&fake).upload(&params)).unwrap();
    assert!(result.is_queued());
    assert!(result.file().is_none());
    let UploadResult::Queued(queued) = result else {
        panic!("{result:?}")
    };
    assert_eq!(
        queued.message.as_deref(),
        Some("The pre-transformation has been queued successfully.")
    );
}

#[test]
fn a_200_without_a_file_id_is_a_decode_error_not_an_empty_upload() {
    let fake = fake_answering(200, &json!({"files": "not a list"}));
    let params = UploadFile::new(UploadSource::bytes(&b"abc"[..]), "a.jpg");
    let err = block_on(client(&fake).upload(&params)).unwrap_err();
    assert!(err.is_decode(), "{err}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
}

#[test]
fn extension_status_and_requested_fields_decode() {
    let mut body = uploaded();
    body["tags"] = json!(["a", "b"]);
    body["AITags"] =
        json!([{"name": "Shirt", "confidence": 90.1, "source": "google-auto-tagging"}]);
    body["extensionStatus"] =
        json!({"google-auto-tagging": "success", "remove-bg": "pending", "ai-tasks": "later"});
    body["customMetadata"] = json!({"brand": "Nike"});
    body["isPrivateFile"] = json!(false);
    body["customCoordinates"] = Value::Null;
    let fake = fake_answering(200, &body);
    let params = UploadFile::new(UploadSource::url("https://example.com/a.jpg"), "a.jpg");
    let file = block_on(client(&fake).upload(&params))
        .unwrap()
        .into_file()
        .unwrap();
    assert_eq!(file.tags, Some(vec!["a".to_string(), "b".to_string()]));
    assert_eq!(file.ai_tags.as_ref().unwrap()[0].name, "Shirt");
    let status = file.extension_status.unwrap();
    assert_eq!(status["google-auto-tagging"], ExtensionStatus::Success);
    assert_eq!(status["remove-bg"], ExtensionStatus::Pending);
    assert_eq!(status["ai-tasks"], ExtensionStatus::Other("later".into()));
    assert_eq!(file.custom_metadata.unwrap()["brand"], "Nike");
    assert_eq!(file.is_private_file, Some(false));
    assert_eq!(file.custom_coordinates, None);
}

#[test]
fn an_error_answer_is_an_error_with_status_and_message() {
    let fake = Arc::new(
        FakeTransport::new().with_response(FakeTransport::response(
            400,
            &[
                ("content-type", "application/json"),
                ("x-ik-requestId", "req-1"),
            ],
            json!({"message": "Your request is missing file parameter.",
               "help": "For support kindly contact us at support@imagekit.io."})
            .to_string(),
        )),
    );
    let params = UploadFile::new(UploadSource::base64("AA=="), "a.jpg");
    let err = block_on(client(&fake).upload(&params)).unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::BAD_REQUEST));
    assert_eq!(
        err.message(),
        Some("Your request is missing file parameter.")
    );
    assert_eq!(err.request_id(), Some("req-1"));
    assert_eq!(fake.request_count(), 1);
}

// ---------------------------------------------------------------------------------------------
// Contract cases: the same operations against Prism, live and replayed (see `contract!`).
// ---------------------------------------------------------------------------------------------

/// Every option the contract types as ImageKit reads it (strings and booleans).
fn plain_options() -> UploadOptions {
    UploadOptions::new()
        .use_unique_file_name(false)
        .folder("/marketing")
        .is_private_file(false)
        .is_published(true)
        .custom_coordinates("10,10,100,100")
        .webhook_url("https://example.com/hook")
        .overwrite_file(true)
        .overwrite_ai_tags(false)
        .overwrite_tags(true)
        .overwrite_custom_metadata(false)
        .checks(r#""file.size" < "1mb""#)
        .description("Running shoes")
}

/// The example answer, decoded.
fn check(result: UploadResult) -> UploadedFile {
    let file = result.into_file().expect("a 200 with the uploaded file");
    assert_eq!(file.file_id, "6673f88237b244ef54d60180");
    assert_eq!(
        file.version_info.as_ref().unwrap().id.as_deref(),
        Some("6673f88237b244ef54d60180")
    );
    assert!(file.url.is_some());
    file
}

contract!(upload_bytes_with_every_plain_option, |ik| async move {
    let params = UploadFile::new(
        UploadSource::Bytes(b"GIF89a\x01\x00\x01\x00"[..].into(), Some("a.gif".into())),
        "a.gif",
    )
    .options(plain_options());
    check(ik.upload(&params).await.unwrap());
});

contract!(upload_a_url, |ik| async move {
    let params = UploadFile::new(
        UploadSource::url("https://www.example.com/path/to-image.jpg"),
        "to-image.jpg",
    );
    check(ik.upload(&params).await.unwrap());
});

contract!(upload_base64, |ik| async move {
    let params = UploadFile::new(
        UploadSource::base64("R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs="),
        "pixel.gif",
    );
    check(ik.upload(&params).await.unwrap());
});

// The part's filename is the path's last component, so the file keeps one name (in a directory
// of its own) for the replay to match. One 64 KiB chunk of the hyper adapter and a byte: large
// bodies are tests/transport/adapters.rs's business, and this one is recorded in a fixture.
contract!(upload_a_file_streamed_from_disk, |ik| async move {
    let dir = scratch_dir("contract-upload");
    let path = dir.join("big.bin");
    std::fs::write(&path, vec![42u8; 64 * 1024 + 1]).unwrap();
    let params = UploadFile::new(UploadSource::file(&path), "big.bin")
        .options(UploadOptions::new().folder("/big"));
    let result = ik.upload(&params).await;
    std::fs::remove_dir_all(&dir).unwrap();
    check(result.unwrap());
});

contract!(upload_v2_server_side, |ik| async move {
    let params = UploadFileV2::new(UploadSource::Bytes(b"GIF89a"[..].into(), None), "a.gif")
        .options(plain_options());
    check(ik.upload_v2(&params).await.unwrap());
});

contract!(upload_v2_a_url, |ik| async move {
    let params = UploadFileV2::new(UploadSource::url("https://example.com/a.jpg"), "a.jpg");
    check(ik.upload_v2(&params).await.unwrap());
});
