//! File versions, bulk tags, metadata and cache purge. Through a FakeTransport: the exact
//! requests, the decoded answers (the OpenAPI file's examples), 207 partial successes, empty
//! path ids refused before any request, and error answers. Against Prism serving ImageKit's
//! OpenAPI file (the contract cases at the end): each request must pass the contract and each
//! example answer must decode; each runs live (skipped without `IMAGEKIT_PRISM_URL`) and
//! replayed from tests/fixtures/contract/ (see `contract!`).

use std::sync::Arc;

use bytes::Bytes;
use futures_lite::future::block_on;
use http::Method;
use imagekit::api::cache::{GetPurgeFileCacheStatus, PurgeFileCache, PurgeStatus};
use imagekit::api::metadata::{GetFileMetadata, GetRemoteFileUrlMetadata};
use imagekit::api::tags::{AddTags, RemoveAiTags, RemoveTags, TagsResult};
use imagekit::api::versions::{
    DeleteFileVersion, GetFileVersion, ListFileVersions, RestoreFileVersion,
};
use imagekit::api::{Api, Operation};
use imagekit::api::{AssetType, File, Outcome};
use imagekit::transport::testing::{FakeTransport, RecordedRequest};
use imagekit::transport::Body;
use imagekit::{Error, ImageKit};
use rstest::rstest;
use serde_json::{json, Value};

use crate::contract;
use crate::{fake_client as client, only_request};

const API: &str = "https://api.imagekit.io";
const FILE_ID: &str = "598821f949c0a938d57563bd";
const VERSION_ID: &str = "598821f949c0a938d81963bd";

fn answering(status: u16, body: &Value) -> Arc<FakeTransport> {
    Arc::new(FakeTransport::new().with_response(FakeTransport::json(status, body)))
}

fn assert_bodiless(request: &RecordedRequest, method: Method, uri: &str) {
    assert_eq!(request.method, method);
    assert_eq!(request.uri, uri);
    assert!(request.body.is_empty(), "{:?}", request.body);
}

/// The OpenAPI file's file version example (`get-file-version-details`).
fn version_example() -> Value {
    json!({
        "fileId": "598821f949c0a938d81963bd",
        "type": "file-version",
        "name": "file.jpg",
        "filePath": "/images/products/file.jpg",
        "tags": ["t-shirt", "sale2019"],
        "AITags": [
            {"name": "Shirt", "confidence": 90.12, "source": "google-auto-tagging"},
            {"name": "T-shirt", "confidence": 80.12, "source": "aws-auto-tagging"}
        ],
        "versionInfo": {"id": "598821f949c0a938d57563bd", "name": "Version 1"},
        "isPrivateFile": false,
        "customCoordinates": null,
        "url": "https://ik.imagekit.io/your_imagekit_id/images/products/file.jpg?ik-obj-version=iAg8gxkqo_QUBwqNeQrJzuyce2XB7Gc4&updatedAt=1566630881313",
        "thumbnail": "https://ik.imagekit.io/your_imagekit_id/images/products/file.jpg?ik-obj-version=iAg8gxkqo_QUBwqNeQrJzuyce2XB7Gc4&updatedAt=1566630881313&tr=n-ik_ml_thumbnail",
        "fileType": "image",
        "mime": "image/jpeg",
        "width": 100,
        "height": 100,
        "size": 100,
        "hasAlpha": false,
        "customMetadata": {"brand": "Nike", "color": "red"},
        "createdAt": "2019-08-24T06:15:41.313Z",
        "updatedAt": "2019-08-24T06:15:41.313Z"
    })
}

/// The OpenAPI file's current file example (`restore-file-version`).
fn current_example() -> Value {
    let mut file = version_example();
    file["fileId"] = json!("598821f949c0a938d57563bd");
    file["type"] = json!("file");
    file["tags"] = json!(["t-shirt", "round-neck", "sale2019"]);
    file["versionInfo"] = json!({"id": "598821f949c0a938d57563bd", "name": "Version 2"});
    file["url"] = json!(
        "https://ik.imagekit.io/your_imagekit_id/images/products/file.jpg?updatedAt=1566630881313"
    );
    file["createdAt"] = json!("2019-08-24T06:14:41.313Z");
    file["updatedAt"] = json!("2019-08-24T06:14:41.313Z");
    file
}

#[test]
fn list_file_versions_gets_every_version() {
    let fake = answering(200, &json!([current_example(), version_example()]));
    let versions =
        block_on(client(&fake).list_file_versions(&ListFileVersions::new(FILE_ID))).unwrap();
    assert_bodiless(
        &only_request(&fake),
        Method::GET,
        &format!("{API}/v1/files/{FILE_ID}/versions"),
    );
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].asset_type, Some(AssetType::File));
    assert_eq!(versions[1].asset_type, Some(AssetType::FileVersion));
    assert_eq!(versions[1].file_id, VERSION_ID);
    let info = versions[1].version_info.as_ref().unwrap();
    assert_eq!(info.name.as_deref(), Some("Version 1"));
    assert_eq!(versions[0].tags.as_ref().unwrap().len(), 3);
    assert_eq!(
        versions[1].ai_tags.as_ref().unwrap()[1].source.as_deref(),
        Some("aws-auto-tagging")
    );
}

#[test]
fn get_file_version_reads_one_version() {
    let fake = answering(200, &version_example());
    let version =
        block_on(client(&fake).get_file_version(&GetFileVersion::new(FILE_ID, VERSION_ID)))
            .unwrap();
    assert_bodiless(
        &only_request(&fake),
        Method::GET,
        &format!("{API}/v1/files/{FILE_ID}/versions/{VERSION_ID}"),
    );
    assert_eq!(version.asset_type, Some(AssetType::FileVersion));
    assert_eq!(version.name, "file.jpg");
    assert_eq!(version.custom_coordinates, None);
    assert_eq!(
        version.custom_metadata.as_ref().unwrap()["brand"],
        json!("Nike")
    );
}

#[test]
fn delete_file_version_expects_no_content() {
    let fake =
        Arc::new(FakeTransport::new().with_response(FakeTransport::response(204, &[], Vec::new())));
    block_on(client(&fake).delete_file_version(&DeleteFileVersion::new(FILE_ID, VERSION_ID)))
        .unwrap();
    assert_bodiless(
        &only_request(&fake),
        Method::DELETE,
        &format!("{API}/v1/files/{FILE_ID}/versions/{VERSION_ID}"),
    );
}

#[test]
fn restore_file_version_puts_and_returns_the_current_file() {
    let fake = answering(200, &current_example());
    let file =
        block_on(client(&fake).restore_file_version(&RestoreFileVersion::new(FILE_ID, VERSION_ID)))
            .unwrap();
    assert_bodiless(
        &only_request(&fake),
        Method::PUT,
        &format!("{API}/v1/files/{FILE_ID}/versions/{VERSION_ID}/restore"),
    );
    assert_eq!(file.file_id, FILE_ID);
    assert_eq!(file.asset_type, Some(AssetType::File));
    assert_eq!(
        file.version_info.unwrap().name.as_deref(),
        Some("Version 2")
    );
}

#[test]
fn path_ids_are_encoded_as_one_segment() {
    let fake = answering(200, &version_example());
    block_on(client(&fake).get_file_version(&GetFileVersion::new("a b/c", "v?1"))).unwrap();
    assert_eq!(
        only_request(&fake).uri,
        format!("{API}/v1/files/a%20b%2Fc/versions/v%3F1").as_str()
    );
}

/// Which bulk tag operation a case runs.
#[derive(Clone, Copy, Debug)]
enum TagOp {
    Add,
    Remove,
    RemoveAi,
}

fn run_tags(
    ik: &ImageKit,
    op: TagOp,
    file_ids: &[&str],
    tags: &[&str],
) -> Result<Outcome<TagsResult>, Error> {
    let (ids, tags) = (file_ids.iter().copied(), tags.iter().copied());
    block_on(async {
        match op {
            TagOp::Add => ik.add_tags(&AddTags::new(ids, tags)).await,
            TagOp::Remove => ik.remove_tags(&RemoveTags::new(ids, tags)).await,
            TagOp::RemoveAi => ik.remove_ai_tags(&RemoveAiTags::new(ids, tags)).await,
        }
    })
}

const TAG_FILES: [&str; 2] = ["598821f949c0a938d57563bd", "598821f949c0a938d57563be"];
const TAGS: [&str; 3] = ["t-shirt", "round-neck", "sale2019"];

#[rstest]
#[case(TagOp::Add, "/v1/files/addTags", "tags")]
#[case(TagOp::Remove, "/v1/files/removeTags", "tags")]
#[case(TagOp::RemoveAi, "/v1/files/removeAITags", "AITags")]
fn bulk_tags_post_file_ids_and_tags(#[case] op: TagOp, #[case] path: &str, #[case] field: &str) {
    let fake = answering(200, &json!({"successfullyUpdatedFileIds": TAG_FILES}));
    let outcome = run_tags(&client(&fake), op, &TAG_FILES, &TAGS).unwrap();
    let request = only_request(&fake);
    assert_eq!(request.method, Method::POST);
    assert_eq!(request.uri, format!("{API}{path}").as_str());
    assert_eq!(request.header("content-type"), Some("application/json"));
    let mut body = serde_json::Map::new();
    body.insert("fileIds".into(), json!(TAG_FILES));
    body.insert(field.into(), json!(TAGS));
    assert_eq!(request.body_json().unwrap(), Value::Object(body));
    let Outcome::Complete(done) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(done.successfully_updated_file_ids, TAG_FILES);
    assert!(done.errors.is_empty());
}

#[rstest]
#[case(TagOp::Add)]
#[case(TagOp::Remove)]
#[case(TagOp::RemoveAi)]
fn bulk_tags_207_is_a_partial_outcome_with_the_failed_files(#[case] op: TagOp) {
    let fake = answering(
        207,
        &json!({
            "successfullyUpdatedFileIds": [TAG_FILES[0]],
            "errors": [{"fileId": TAG_FILES[1], "error": "The file is being processed."}]
        }),
    );
    let outcome = run_tags(&client(&fake), op, &TAG_FILES, &["sale"]).unwrap();
    assert_eq!(fake.request_count(), 1);
    let Outcome::Partial(partial) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(partial.successfully_updated_file_ids, [TAG_FILES[0]]);
    assert_eq!(partial.errors.len(), 1);
    assert_eq!(partial.errors[0].file_id.as_deref(), Some(TAG_FILES[1]));
    assert_eq!(
        partial.errors[0].error.as_deref(),
        Some("The file is being processed.")
    );
}

#[test]
fn a_missing_file_in_a_bulk_tag_change_is_an_error() {
    let fake = answering(
        404,
        &json!({
            "message": "The requested file(s) does not exist.",
            "help": "For support kindly contact us at support@imagekit.io.",
            "missingFileIds": [TAG_FILES[1]]
        }),
    );
    let err = run_tags(&client(&fake), TagOp::Add, &TAG_FILES, &TAGS).unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::NOT_FOUND));
    assert_eq!(err.message(), Some("The requested file(s) does not exist."));
}

/// The OpenAPI file's `ImageMetadata` example.
fn image_metadata() -> Value {
    json!({
        "height": 68, "width": 100, "size": 7749, "format": "jpg",
        "hasColorProfile": true, "quality": 0, "density": 72, "hasTransparency": false,
        "pHash": "f06830ca9f1e3e90",
        "exif": {
            "image": {"Make": "Canon", "Model": "Canon EOS 40D", "Orientation": 1,
                      "XResolution": 72, "YResolution": 72, "ResolutionUnit": 2,
                      "Software": "GIMP 2.4.5", "ModifyDate": "2008:07:31 10:38:11",
                      "YCbCrPositioning": 2, "ExifOffset": 214, "GPSInfo": 978},
            "thumbnail": {"Compression": 6, "XResolution": 72, "YResolution": 72,
                          "ResolutionUnit": 2, "ThumbnailOffset": 1090, "ThumbnailLength": 1378},
            "exif": {"ExposureTime": 0.00625, "FNumber": 7.1, "ExposureProgram": 1, "ISO": 100,
                     "ExifVersion": "0221", "DateTimeOriginal": "2008:05:30 15:56:01",
                     "FocalPlaneXResolution": 4438.356164383562, "SceneCaptureType": 0},
            "gps": {"GPSVersionID": [2, 2, 0, 0]},
            "interoperability": {"InteropIndex": "R98", "InteropVersion": "0100"},
            "makernote": {}
        }
    })
}

#[test]
fn get_file_metadata_reads_image_metadata() {
    let fake = answering(200, &image_metadata());
    let meta = block_on(client(&fake).get_file_metadata(&GetFileMetadata::new(FILE_ID))).unwrap();
    assert_bodiless(
        &only_request(&fake),
        Method::GET,
        &format!("{API}/v1/files/{FILE_ID}/metadata"),
    );
    assert_eq!((meta.width, meta.height), (Some(100), Some(68)));
    assert_eq!(meta.size, Some(7749));
    assert_eq!(meta.format.as_deref(), Some("jpg"));
    assert_eq!(meta.has_color_profile, Some(true));
    assert_eq!(meta.has_transparency, Some(false));
    assert_eq!((meta.quality, meta.density), (Some(0), Some(72)));
    assert_eq!(meta.p_hash.as_deref(), Some("f06830ca9f1e3e90"));
    assert_eq!(meta.video_codec, None);
    let exif = meta.exif.unwrap();
    assert_eq!(exif.image.unwrap()["Make"], json!("Canon"));
    assert_eq!(exif.exif.unwrap()["FNumber"], json!(7.1));
    assert_eq!(exif.gps.unwrap()["GPSVersionID"], json!([2, 2, 0, 0]));
    assert_eq!(exif.interoperability.unwrap()["InteropIndex"], json!("R98"));
    assert_eq!(exif.makernote, Some(serde_json::Map::new()));
}

#[test]
fn get_remote_file_url_metadata_sends_the_url_form_encoded_and_reads_video_metadata() {
    let video = json!({
        "height": 720, "width": 1280, "bitRate": 546524, "duration": 70,
        "audioCodec": "aac", "videoCodec": "h264", "size": 23490, "newField": "kept"
    });
    let fake = answering(200, &video);
    let url = "https://ik.imagekit.io/demo/a b.mp4?tr=w-100&x=1";
    let meta =
        block_on(client(&fake).get_remote_file_url_metadata(&GetRemoteFileUrlMetadata::new(url)))
            .unwrap();
    assert_bodiless(
        &only_request(&fake),
        Method::GET,
        &format!(
            "{API}/v1/metadata?url=https%3A%2F%2Fik.imagekit.io%2Fdemo%2Fa+b.mp4%3Ftr%3Dw-100%26x%3D1"
        ),
    );
    assert_eq!((meta.width, meta.height), (Some(1280), Some(720)));
    assert_eq!(meta.bit_rate, Some(546524));
    assert_eq!(meta.duration, Some(70));
    assert_eq!(meta.audio_codec.as_deref(), Some("aac"));
    assert_eq!(meta.video_codec.as_deref(), Some("h264"));
    assert_eq!(meta.exif, None);
    assert_eq!(meta.extra["newField"], json!("kept"));
}

#[test]
fn purge_file_cache_posts_the_url_and_returns_the_request_id() {
    let fake = answering(201, &json!({"requestId": "598821f949c0a938d57563bd"}));
    let url = "https://ik.imagekit.io/your_imagekit_id/default-image.jpg";
    let submitted = block_on(client(&fake).purge_file_cache(&PurgeFileCache::new(url))).unwrap();
    let request = only_request(&fake);
    assert_eq!(request.method, Method::POST);
    assert_eq!(request.uri, format!("{API}/v1/files/purge").as_str());
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.body_json().unwrap(), json!({"url": url}));
    assert_eq!(submitted.request_id, "598821f949c0a938d57563bd");
}

#[test]
fn a_purge_is_not_repeated_once_sent_but_a_status_read_is() {
    let busy = || FakeTransport::json(500, &json!({"message": "Internal error"}));
    let fake = Arc::new(
        FakeTransport::new()
            .with_response(busy())
            .with_response(busy()),
    );
    let ik = client(&fake);
    let err = block_on(ik.purge_file_cache(&PurgeFileCache::new("https://ik.imagekit.io/a.jpg")))
        .unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(fake.request_count(), 1);

    fake.push(Ok(FakeTransport::json(200, &json!({"status": "Pending"}))));
    let status =
        block_on(ik.get_purge_file_cache_status(&GetPurgeFileCacheStatus::new("r1"))).unwrap();
    assert_eq!(fake.request_count(), 3);
    assert_eq!(status.status, Some(PurgeStatus::Pending));
}

#[rstest]
#[case("Completed", PurgeStatus::Completed)]
#[case("Pending", PurgeStatus::Pending)]
#[case("Queued", PurgeStatus::Other("Queued".into()))]
fn get_purge_file_cache_status_reads_the_status(#[case] text: &str, #[case] expected: PurgeStatus) {
    let fake = answering(200, &json!({"status": text}));
    let status = block_on(
        client(&fake)
            .get_purge_file_cache_status(&GetPurgeFileCacheStatus::new("598821f949c0a938d57563bd")),
    )
    .unwrap();
    assert_bodiless(
        &only_request(&fake),
        Method::GET,
        &format!("{API}/v1/files/purge/598821f949c0a938d57563bd"),
    );
    assert_eq!(status.status, Some(expected));
}

/// Which operation with a path id a case runs, with which ids.
#[derive(Clone, Copy, Debug)]
enum PathOp {
    ListVersions(&'static str),
    GetVersion(&'static str, &'static str),
    DeleteVersion(&'static str, &'static str),
    RestoreVersion(&'static str, &'static str),
    Metadata(&'static str),
    PurgeStatus(&'static str),
}

fn run_path_op(ik: &ImageKit, op: PathOp) -> Result<(), Error> {
    block_on(async {
        match op {
            PathOp::ListVersions(f) => ik
                .list_file_versions(&ListFileVersions::new(f))
                .await
                .map(drop),
            PathOp::GetVersion(f, v) => ik
                .get_file_version(&GetFileVersion::new(f, v))
                .await
                .map(drop),
            PathOp::DeleteVersion(f, v) => {
                ik.delete_file_version(&DeleteFileVersion::new(f, v)).await
            }
            PathOp::RestoreVersion(f, v) => ik
                .restore_file_version(&RestoreFileVersion::new(f, v))
                .await
                .map(drop),
            PathOp::Metadata(f) => ik
                .get_file_metadata(&GetFileMetadata::new(f))
                .await
                .map(drop),
            PathOp::PurgeStatus(r) => ik
                .get_purge_file_cache_status(&GetPurgeFileCacheStatus::new(r))
                .await
                .map(drop),
        }
    })
}

#[rstest]
#[case(PathOp::ListVersions(""))]
#[case(PathOp::GetVersion("", "v"))]
#[case(PathOp::GetVersion("f", ""))]
#[case(PathOp::DeleteVersion("", "v"))]
#[case(PathOp::DeleteVersion("f", ""))]
#[case(PathOp::RestoreVersion("", "v"))]
#[case(PathOp::RestoreVersion("f", ""))]
#[case(PathOp::Metadata(""))]
#[case(PathOp::PurgeStatus(""))]
fn an_empty_path_id_is_refused_before_any_request(#[case] op: PathOp) {
    let fake = Arc::new(FakeTransport::new());
    let err = run_path_op(&client(&fake), op).unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
    assert_eq!(err.input_error(), Some(&imagekit::InputError::EmptyId));
    assert_eq!(fake.request_count(), 0);
}

/// `/v1/files/..` would reach another route on the server.
#[rstest]
#[case(PathOp::Metadata(".."), "..")]
#[case(PathOp::PurgeStatus("."), ".")]
#[case(PathOp::DeleteVersion("f", ".."), "..")]
fn a_dot_path_id_is_refused_before_any_request(#[case] op: PathOp, #[case] id: &str) {
    let fake = Arc::new(FakeTransport::new());
    let err = run_path_op(&client(&fake), op).unwrap_err();
    assert_eq!(
        err.input_error(),
        Some(&imagekit::InputError::DotId(id.into()))
    );
    assert_eq!(fake.request_count(), 0);
}

#[rstest]
#[case(
    PathOp::ListVersions(FILE_ID),
    404,
    "The requested file does not exist."
)]
#[case(
    PathOp::GetVersion(FILE_ID, VERSION_ID),
    404,
    "The requested file version does not exist."
)]
#[case(
    PathOp::DeleteVersion(FILE_ID, FILE_ID),
    400,
    "You cannot delete current version of a file."
)]
#[case(
    PathOp::RestoreVersion(FILE_ID, VERSION_ID),
    404,
    "The requested file version does not exist."
)]
#[case(
    PathOp::Metadata(FILE_ID),
    400,
    "The requested file is corrupt or invalid."
)]
#[case(PathOp::PurgeStatus("r1"), 400, "No request found for this requestId.")]
fn an_error_answer_is_an_error_with_status_message_and_request_id(
    #[case] op: PathOp,
    #[case] status: u16,
    #[case] message: &str,
) {
    let help = "For support kindly contact us at support@imagekit.io.";
    let body = json!({"message": message, "help": help}).to_string();
    let fake = Arc::new(FakeTransport::new().with_response(FakeTransport::response(
        status,
        &[
            ("content-type", "application/json"),
            ("x-ik-requestId", "req-42"),
        ],
        body,
    )));
    let err = run_path_op(&client(&fake), op).unwrap_err();
    assert_eq!(fake.request_count(), 1);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
    assert_eq!(err.message(), Some(message));
    assert_eq!(err.help(), Some(help));
    assert_eq!(err.request_id(), Some("req-42"));
}

#[test]
fn a_purge_error_answer_is_an_error() {
    let fake = answering(
        400,
        &json!({"message": "The URL is not valid for cache purging.", "help": "For support kindly contact us at support@imagekit.io."}),
    );
    let err =
        block_on(client(&fake).purge_file_cache(&PurgeFileCache::new("not a url"))).unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::BAD_REQUEST));
    assert_eq!(
        err.message(),
        Some("The URL is not valid for cache purging.")
    );
}

#[test]
fn an_answer_that_is_not_the_expected_json_is_a_decode_error() {
    let fake = Arc::new(FakeTransport::new().with_response(FakeTransport::response(
        200,
        &[],
        "<html>oops</html>",
    )));
    let err =
        block_on(client(&fake).get_file_metadata(&GetFileMetadata::new(FILE_ID))).unwrap_err();
    assert!(err.is_decode(), "{err:?}");
    assert_eq!(err.status(), Some(http::StatusCode::OK));
}

// ---------------------------------------------------------------------------------------------
// Contract cases: the same operations against Prism, live and replayed (see `contract!`).
// ---------------------------------------------------------------------------------------------

const FILES: [&str; 2] = ["598821f949c0a938d57563bd", "598821f949c0a938d57563be"];

/// `ListFileVersions` with one repair of Prism's answer: the OpenAPI file puts the example
/// array of versions on the array's `items` schema, so Prism serves it as an array of that
/// array (`[[{…}, {…}]]`). The request is ours unchanged (Prism still validates it); the answer
/// is unwrapped one level before our own `parse` reads it.
struct UnnestedExample(ListFileVersions);

impl Operation for UnnestedExample {
    type Output = Vec<File>;

    fn request(&self, api: &Api) -> Result<http::Request<Body>, imagekit::Error> {
        self.0.request(api)
    }

    fn parse(&self, response: http::Response<Bytes>) -> Result<Vec<File>, imagekit::Error> {
        let (parts, body) = response.into_parts();
        let body = match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(serde_json::Value::Array(mut outer)) if outer.len() == 1 && outer[0].is_array() => {
                Bytes::from(outer.remove(0).to_string())
            }
            _ => body,
        };
        self.0.parse(http::Response::from_parts(parts, body))
    }
}

contract!(list_file_versions, |ik| async move {
    let versions = ik
        .send(&UnnestedExample(ListFileVersions::new(FILE_ID)))
        .await
        .unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].asset_type, Some(AssetType::File));
    assert_eq!(versions[1].asset_type, Some(AssetType::FileVersion));
});

contract!(get_file_version, |ik| async move {
    let version = ik
        .get_file_version(&GetFileVersion::new(FILE_ID, VERSION_ID))
        .await
        .unwrap();
    assert_eq!(version.asset_type, Some(AssetType::FileVersion));
    assert_eq!(version.file_id, VERSION_ID);
});

contract!(delete_file_version, |ik| async move {
    ik.delete_file_version(&DeleteFileVersion::new(FILE_ID, VERSION_ID))
        .await
        .unwrap();
});

contract!(restore_file_version, |ik| async move {
    let file = ik
        .restore_file_version(&RestoreFileVersion::new(FILE_ID, VERSION_ID))
        .await
        .unwrap();
    assert_eq!(file.file_id, FILE_ID);
});

contract!(add_tags, |ik| async move {
    let outcome = ik.add_tags(&AddTags::new(FILES, TAGS)).await.unwrap();
    assert!(matches!(outcome, Outcome::Complete(_)), "{outcome:?}");
});

contract!(remove_tags, |ik| async move {
    let outcome = ik.remove_tags(&RemoveTags::new(FILES, TAGS)).await.unwrap();
    assert!(matches!(outcome, Outcome::Complete(_)), "{outcome:?}");
});

contract!(remove_ai_tags, |ik| async move {
    let outcome = ik
        .remove_ai_tags(&RemoveAiTags::new(FILES, TAGS))
        .await
        .unwrap();
    assert!(matches!(outcome, Outcome::Complete(_)), "{outcome:?}");
});

contract!(get_file_metadata, |ik| async move {
    let meta = ik
        .get_file_metadata(&GetFileMetadata::new(FILE_ID))
        .await
        .unwrap();
    assert!(meta.width.is_some() && meta.height.is_some(), "{meta:?}");
});

contract!(get_remote_file_url_metadata, |ik| async move {
    let meta = ik
        .get_remote_file_url_metadata(&GetRemoteFileUrlMetadata::new(
            "https://ik.imagekit.io/your_imagekit_id/default-image.jpg?tr=w-100",
        ))
        .await
        .unwrap();
    assert!(meta.width.is_some() && meta.height.is_some(), "{meta:?}");
});

contract!(purge_file_cache, |ik| async move {
    ik.purge_file_cache(&PurgeFileCache::new(
        "https://ik.imagekit.io/your_imagekit_id/default-image.jpg",
    ))
    .await
    .unwrap();
});

contract!(get_purge_file_cache_status, |ik| async move {
    let status = ik
        .get_purge_file_cache_status(&GetPurgeFileCacheStatus::new(FILE_ID))
        .await
        .unwrap();
    // Prism answers the first value of the enum.
    assert!(matches!(
        status.status,
        Some(PurgeStatus::Pending | PurgeStatus::Completed)
    ));
});
