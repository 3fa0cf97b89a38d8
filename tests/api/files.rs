//! The files operations. Through a scripted transport: the exact requests they send and what
//! they make of the OpenAPI file's example answers, 207s, error answers and empty ids. Against
//! Prism serving ImageKit's OpenAPI file (the contract cases at the end): each request must pass
//! the contract, and each example answer must decode; each runs live (skipped without
//! `IMAGEKIT_PRISM_URL`) and replayed from tests/fixtures/contract/ (see `contract!`).

use std::sync::Arc;

use futures_lite::future::block_on;
use imagekit::api::extensions::{AutoTagging, ExtensionConfig, RemoveBg, RemoveBgOptions};
use imagekit::api::files::{
    BulkFileDelete, CopyFile, DeleteFile, GetFileDetails, ListAssetType, ListFileType, ListFiles,
    ListSort, MoveFile, RenameFile, UpdateFileDetails,
};
use imagekit::api::Operation;
use imagekit::api::{Asset, AssetType, Outcome};
use imagekit::transport::testing::{FakeTransport, RecordedRequest};
use imagekit::{Error, ImageKit, Repeat};
use rstest::rstest;
use serde_json::{json, Value};

use crate::contract;
use crate::{fake_client as client, only_request};

const FILE_ID: &str = "598821f949c0a938d57563bd";

/// A fake answering `status` with `body` (JSON), or with no body when `body` is `None`.
fn fake(status: u16, body: Option<Value>) -> Arc<FakeTransport> {
    let response = match body {
        Some(body) => FakeTransport::json(status, &body),
        None => FakeTransport::response(status, &[], ""),
    };
    Arc::new(FakeTransport::new().with_response(response))
}

fn assert_json_request(request: &RecordedRequest, method: &str, uri: &str, body: Value) {
    assert_eq!(request.method, method);
    assert_eq!(request.uri, uri);
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.body_json().unwrap(), body);
}

/// The OpenAPI file's example file details (`GET /v1/files/{fileId}/details`).
fn file_details_example() -> Value {
    json!({
        "fileId": FILE_ID,
        "type": "file",
        "name": "file.jpg",
        "filePath": "/images/products/file.jpg",
        "tags": ["t-shirt", "round-neck", "sale2019"],
        "AITags": [
            {"name": "Shirt", "confidence": 90.12, "source": "google-auto-tagging"},
            {"name": "T-shirt", "confidence": 80.12, "source": "aws-auto-tagging"}
        ],
        "versionInfo": {"id": FILE_ID, "name": "Version 1"},
        "isPrivateFile": false,
        "isPublished": true,
        "customCoordinates": null,
        "url": "https://ik.imagekit.io/your_imagekit_id/images/products/file.jpg?updatedAt=1566630881313",
        "thumbnail": "https://ik.imagekit.io/your_imagekit_id/images/products/file.jpg?updatedAt=1566630881313&tr=n-ik_ml_thumbnail",
        "fileType": "image",
        "mime": "image/jpeg",
        "width": 100,
        "height": 100,
        "size": 100,
        "hasAlpha": false,
        "customMetadata": {"brand": "Nike", "color": "red"},
        "description": "A product description",
        "createdAt": "2019-08-24T06:14:41.313Z",
        "updatedAt": "2019-08-24T06:14:41.313Z"
    })
}

#[test]
fn list_files_sends_every_filter_and_reads_files_versions_and_folders() {
    let mut version = file_details_example();
    version["type"] = json!("file-version");
    version["fileId"] = json!("598821f949c0a938d81963bd");
    version["versionInfo"]["name"] = json!("Version 1");
    let example = json!([
        file_details_example(),
        version,
        {
            "folderId": "6441fce4e809dd54b0dee029",
            "type": "folder",
            "name": "summer",
            "createdAt": "2023-04-21T03:03:00.869Z",
            "updatedAt": "2023-04-21T03:10:22.374Z",
            "folderPath": "/sale"
        }
    ]);
    let fake = fake(200, Some(example));
    let params = ListFiles::new()
        .asset_type(ListAssetType::All)
        .sort(ListSort::DescCreated)
        .path("/sales-banner/")
        .search_query(r#"createdAt > "7d""#)
        .file_type(ListFileType::NonImage)
        .limit(10)
        .skip(5);
    let assets = block_on(client(&fake).list_files(&params)).unwrap();

    let request = only_request(&fake);
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.uri,
        "https://api.imagekit.io/v1/files?type=all&sort=DESC_CREATED&path=%2Fsales-banner%2F\
         &searchQuery=createdAt+%3E+%227d%22&fileType=non-image&limit=10&skip=5"
    );
    assert!(request.body.is_empty());

    assert_eq!(assets.len(), 3);
    let Asset::File(file) = &assets[0] else {
        panic!("{assets:?}")
    };
    assert_eq!(file.file_id, FILE_ID);
    assert_eq!(file.asset_type, Some(AssetType::File));
    assert_eq!(file.ai_tags.as_ref().unwrap()[1].name, "T-shirt");
    assert_eq!(file.custom_coordinates, None);
    let Asset::File(version) = &assets[1] else {
        panic!("{assets:?}")
    };
    assert_eq!(version.asset_type, Some(AssetType::FileVersion));
    let Asset::Folder(folder) = &assets[2] else {
        panic!("{assets:?}")
    };
    assert_eq!(folder.folder_path, "/sale");
    assert_eq!(folder.name, "summer");
}

#[test]
fn list_files_without_filters_sends_no_query() {
    let fake = fake(200, Some(json!([])));
    let assets = block_on(client(&fake).list_files(&ListFiles::new())).unwrap();
    assert!(assets.is_empty());
    assert_eq!(only_request(&fake).uri, "https://api.imagekit.io/v1/files");
}

#[test]
fn get_file_details_reads_the_file() {
    let fake = fake(200, Some(file_details_example()));
    let file = block_on(client(&fake).get_file_details(&GetFileDetails::new(FILE_ID))).unwrap();

    let request = only_request(&fake);
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.uri,
        "https://api.imagekit.io/v1/files/598821f949c0a938d57563bd/details"
    );
    assert_eq!(file.name, "file.jpg");
    assert_eq!(file.file_path, "/images/products/file.jpg");
    assert_eq!(file.is_published, Some(true));
    assert_eq!(file.width, Some(100));
    assert_eq!(file.description.as_deref(), Some("A product description"));
    assert_eq!(file.custom_metadata.as_ref().unwrap()["brand"], "Nike");
}

#[rstest]
#[case::integers(json!(10), Ok(10))]
#[case::a_float_with_no_fraction(json!(10.0), Ok(10))]
#[case::a_fraction(json!(10.5), Err("10.5 is not a whole number"))]
#[case::negative(json!(-1), Err("-1 is not a whole number"))]
fn sizes_are_whole_numbers_however_the_api_writes_them(
    #[case] size: Value,
    #[case] want: Result<u64, &str>,
) {
    let mut example = file_details_example();
    example["size"] = size;
    let fake = fake(200, Some(example));
    let got = block_on(client(&fake).get_file_details(&GetFileDetails::new(FILE_ID)));
    match (got, want) {
        (Ok(file), Ok(size)) => assert_eq!(file.size, Some(size)),
        (Err(e), Err(why)) => assert!(e.is_decode() && e.to_string().contains(why), "{e}"),
        (got, want) => panic!("got {got:?}, want {want:?}"),
    }
}

#[test]
fn a_path_id_is_encoded_as_one_segment() {
    let fake = fake(204, None);
    block_on(client(&fake).delete_file(&DeleteFile::new("a b/c?d"))).unwrap();
    assert_eq!(
        only_request(&fake).uri,
        "https://api.imagekit.io/v1/files/a%20b%2Fc%3Fd"
    );
}

#[test]
fn update_file_details_sends_nulls_to_unset_and_reads_the_extension_status() {
    let mut example = file_details_example();
    example["name"] = json!("file1.jpg");
    example["extensionStatus"] = json!({
        "google-auto-tagging": "success",
        "remove-bg": "pending",
        "ai-auto-description": "success",
        "ai-tasks": "success"
    });
    let fake = fake(200, Some(example));
    let mut metadata = serde_json::Map::new();
    metadata.insert("brand".into(), json!("Nike"));
    metadata.insert("color".into(), Value::Null);
    let update = UpdateFileDetails::new(FILE_ID)
        .remove_ai_tags(["car", "vehicle"])
        .webhook_url("https://example.com/hook")
        .extensions([
            ExtensionConfig::RemoveBg(RemoveBg {
                options: Some(RemoveBgOptions {
                    add_shadow: Some(true),
                    ..RemoveBgOptions::default()
                }),
                ..RemoveBg::default()
            }),
            ExtensionConfig::GoogleAutoTagging(AutoTagging::new(80, 10)),
        ])
        .clear_tags()
        .clear_custom_coordinates()
        .custom_metadata(metadata)
        .description("A product description");
    let file = block_on(client(&fake).update_file_details(&update)).unwrap();

    assert_json_request(
        &only_request(&fake),
        "PATCH",
        "https://api.imagekit.io/v1/files/598821f949c0a938d57563bd/details",
        json!({
            "removeAITags": ["car", "vehicle"],
            "webhookUrl": "https://example.com/hook",
            "extensions": [
                {"name": "remove-bg", "options": {"add_shadow": true}},
                {"name": "google-auto-tagging", "minConfidence": 80, "maxTags": 10}
            ],
            "tags": null,
            "customCoordinates": null,
            "customMetadata": {"brand": "Nike", "color": null},
            "description": "A product description"
        }),
    );
    assert_eq!(file.name, "file1.jpg");
    assert_eq!(file.extra["extensionStatus"]["remove-bg"], "pending");
}

#[rstest]
#[case::set_values(
    UpdateFileDetails::new(FILE_ID).tags(["a", "b"]).custom_coordinates("10,10,100,100"),
    json!({"tags": ["a", "b"], "customCoordinates": "10,10,100,100"})
)]
#[case::remove_all_ai_tags(
    UpdateFileDetails::new(FILE_ID).remove_all_ai_tags(),
    json!({"removeAITags": "all"})
)]
#[case::publish(
    UpdateFileDetails::new(FILE_ID).publish(false, Some(true)),
    json!({"publish": {"isPublished": false, "includeFileVersions": true}})
)]
#[case::nothing(UpdateFileDetails::new(FILE_ID), json!({}))]
fn update_file_details_sends_only_what_is_set(
    #[case] update: UpdateFileDetails,
    #[case] body: Value,
) {
    let fake = fake(200, Some(file_details_example()));
    block_on(client(&fake).update_file_details(&update)).unwrap();
    assert_eq!(only_request(&fake).body_json().unwrap(), body);
}

#[test]
fn delete_file_sends_a_delete_and_reads_the_204() {
    let fake = fake(204, None);
    block_on(client(&fake).delete_file(&DeleteFile::new(FILE_ID))).unwrap();
    let request = only_request(&fake);
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.uri,
        "https://api.imagekit.io/v1/files/598821f949c0a938d57563bd"
    );
    assert!(request.body.is_empty());
}

#[test]
fn bulk_file_delete_is_complete_on_a_200() {
    let fake = fake(
        200,
        Some(json!({"successfullyDeletedFileIds": [FILE_ID, "598821f949c0a938d57563be"]})),
    );
    let delete = BulkFileDelete::new([FILE_ID, "598821f949c0a938d57563be"]);
    let outcome = block_on(client(&fake).bulk_file_delete(&delete)).unwrap();

    assert_json_request(
        &only_request(&fake),
        "POST",
        "https://api.imagekit.io/v1/files/batch/deleteByFileIds",
        json!({"fileIds": [FILE_ID, "598821f949c0a938d57563be"]}),
    );
    let Outcome::Complete(result) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(result.successfully_deleted_file_ids.len(), 2);
    assert!(result.errors.is_empty());
}

#[test]
fn bulk_file_delete_is_partial_on_a_207_with_the_failed_files() {
    let fake = fake(
        207,
        Some(json!({
            "successfullyDeletedFileIds": [FILE_ID],
            "errors": [{"fileId": "598821f949c0a938d57563be", "error": "File not found"}]
        })),
    );
    let delete = BulkFileDelete::new([FILE_ID, "598821f949c0a938d57563be"]);
    let outcome = block_on(client(&fake).bulk_file_delete(&delete)).unwrap();

    assert!(outcome.is_partial());
    let Outcome::Partial(result) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(result.successfully_deleted_file_ids, [FILE_ID]);
    assert_eq!(
        result.errors[0].file_id.as_deref(),
        Some("598821f949c0a938d57563be")
    );
    assert_eq!(result.errors[0].error.as_deref(), Some("File not found"));
}

#[test]
fn copy_file_sends_its_body_and_reads_the_204() {
    let fake = fake(204, None);
    let copy =
        CopyFile::new("/path/to/file.jpg", "/folder/to/copy/into/").include_file_versions(true);
    block_on(client(&fake).copy_file(&copy)).unwrap();
    assert_json_request(
        &only_request(&fake),
        "POST",
        "https://api.imagekit.io/v1/files/copy",
        json!({
            "sourceFilePath": "/path/to/file.jpg",
            "destinationPath": "/folder/to/copy/into/",
            "includeFileVersions": true
        }),
    );
}

#[test]
fn move_file_sends_its_body_and_reads_the_204() {
    let fake = fake(204, None);
    let move_file = MoveFile::new("/path/to/file.jpg", "/folder/to/move/into/");
    block_on(client(&fake).move_file(&move_file)).unwrap();
    assert_json_request(
        &only_request(&fake),
        "POST",
        "https://api.imagekit.io/v1/files/move",
        json!({"sourceFilePath": "/path/to/file.jpg", "destinationPath": "/folder/to/move/into/"}),
    );
}

#[test]
fn rename_file_is_complete_with_the_purge_request_id() {
    let fake = fake(
        200,
        Some(json!({"purgeRequestId": "598821f949c0a938d57563bd"})),
    );
    let rename = RenameFile::new("/path/to/file.jpg", "newFileName.jpg").purge_cache(true);
    let outcome = block_on(client(&fake).rename_file(&rename)).unwrap();

    assert_json_request(
        &only_request(&fake),
        "PUT",
        "https://api.imagekit.io/v1/files/rename",
        json!({"filePath": "/path/to/file.jpg", "newFileName": "newFileName.jpg", "purgeCache": true}),
    );
    let Outcome::Complete(result) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(result.purge_request_id.as_deref(), Some(FILE_ID));
}

#[test]
fn rename_file_without_purge_reads_the_empty_object() {
    let fake = fake(200, Some(json!({})));
    let rename = RenameFile::new("/path/to/file.jpg", "newFileName.jpg");
    let outcome = block_on(client(&fake).rename_file(&rename)).unwrap();
    assert_eq!(
        only_request(&fake).body_json().unwrap(),
        json!({"filePath": "/path/to/file.jpg", "newFileName": "newFileName.jpg"})
    );
    assert!(matches!(outcome, Outcome::Complete(r) if r.purge_request_id.is_none()));
}

#[test]
fn rename_file_is_partial_on_a_207_when_the_purge_failed() {
    let fake = fake(
        207,
        Some(json!({
            "reason": "PURGE_FAILED",
            "message": "File renamed successfully but we could not purge the CDN cache for old URL because of rate limits on purge API.",
            "help": "For support kindly contact us at support@imagekit.io."
        })),
    );
    let rename = RenameFile::new("/path/to/file.jpg", "newFileName.jpg").purge_cache(true);
    let outcome = block_on(client(&fake).rename_file(&rename)).unwrap();
    let Outcome::Partial(failed) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(failed.reason.as_deref(), Some("PURGE_FAILED"));
    assert!(failed
        .message
        .unwrap()
        .starts_with("File renamed successfully"));
}

type Call = fn(&ImageKit) -> Result<(), Error>;

fn get_details(ik: &ImageKit, id: &str) -> Result<(), Error> {
    block_on(ik.get_file_details(&GetFileDetails::new(id))).map(drop)
}

fn update_details(ik: &ImageKit, id: &str) -> Result<(), Error> {
    block_on(ik.update_file_details(&UpdateFileDetails::new(id).tags(["a"]))).map(drop)
}

fn delete(ik: &ImageKit, id: &str) -> Result<(), Error> {
    block_on(ik.delete_file(&DeleteFile::new(id)))
}

#[rstest]
#[case::get_file_details(|ik: &ImageKit| get_details(ik, ""))]
#[case::update_file_details(|ik: &ImageKit| update_details(ik, ""))]
#[case::delete_file(|ik: &ImageKit| delete(ik, ""))]
fn an_empty_file_id_is_refused_before_any_request(#[case] call: Call) {
    let fake = Arc::new(FakeTransport::new());
    let error = call(&client(&fake)).unwrap_err();
    assert!(error.is_invalid_input(), "{error:?}");
    assert_eq!(fake.request_count(), 0);
}

#[rstest]
#[case::list_files(|ik: &ImageKit| block_on(ik.list_files(&ListFiles::new())).map(drop))]
#[case::get_file_details(|ik: &ImageKit| get_details(ik, FILE_ID))]
#[case::update_file_details(|ik: &ImageKit| update_details(ik, FILE_ID))]
#[case::delete_file(|ik: &ImageKit| delete(ik, FILE_ID))]
#[case::bulk_file_delete(
    |ik: &ImageKit| block_on(ik.bulk_file_delete(&BulkFileDelete::new([FILE_ID]))).map(drop)
)]
#[case::copy_file(|ik: &ImageKit| block_on(ik.copy_file(&CopyFile::new("/a.jpg", "/b/"))))]
#[case::move_file(|ik: &ImageKit| block_on(ik.move_file(&MoveFile::new("/a.jpg", "/b/"))))]
#[case::rename_file(
    |ik: &ImageKit| block_on(ik.rename_file(&RenameFile::new("/a.jpg", "b.jpg"))).map(drop)
)]
fn an_error_answer_becomes_an_error_with_status_and_message(#[case] call: Call) {
    let fake = Arc::new(FakeTransport::new().with_response(FakeTransport::response(
        404,
        &[
            ("content-type", "application/json"),
            ("x-ik-requestId", "req-123"),
        ],
        r#"{"message": "The requested file does not exist.", "help": "For support kindly contact us at support@imagekit.io."}"#,
    )));
    let error = call(&client(&fake)).unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::NOT_FOUND));
    assert_eq!(error.message(), Some("The requested file does not exist."));
    assert_eq!(
        error.help(),
        Some("For support kindly contact us at support@imagekit.io.")
    );
    assert_eq!(error.request_id(), Some("req-123"));
    assert!(error.is_not_found());
    assert_eq!(fake.request_count(), 1);
}

#[test]
fn a_body_that_is_not_the_expected_json_is_a_decode_error() {
    let fake = fake(200, Some(json!({"fileId": 5})));
    let error =
        block_on(client(&fake).get_file_details(&GetFileDetails::new(FILE_ID))).unwrap_err();
    assert!(error.is_decode(), "{error:?}");
    assert_eq!(error.status(), Some(http::StatusCode::OK));
}

#[rstest]
#[case::list_files(ListFiles::new().repeat(), Repeat::Safe)]
#[case::get_file_details(GetFileDetails::new(FILE_ID).repeat(), Repeat::Safe)]
#[case::update_file_details(UpdateFileDetails::new(FILE_ID).repeat(), Repeat::Safe)]
#[case::delete_file(DeleteFile::new(FILE_ID).repeat(), Repeat::Safe)]
#[case::bulk_file_delete(BulkFileDelete::new([FILE_ID]).repeat(), Repeat::Safe)]
#[case::copy_file(CopyFile::new("/a.jpg", "/b/").repeat(), Repeat::IfNotSent)]
#[case::move_file(MoveFile::new("/a.jpg", "/b/").repeat(), Repeat::IfNotSent)]
#[case::rename_file(RenameFile::new("/a.jpg", "b.jpg").repeat(), Repeat::IfNotSent)]
fn copy_move_and_rename_are_repeated_only_when_not_sent(
    #[case] repeat: Repeat,
    #[case] expected: Repeat,
) {
    assert_eq!(repeat, expected);
}

// ---------------------------------------------------------------------------------------------
// Contract cases: the same operations against Prism, live and replayed (see `contract!`).
// ---------------------------------------------------------------------------------------------

contract!(list_files, |ik| async move {
    let params = ListFiles::new()
        .asset_type(ListAssetType::All)
        .sort(ListSort::DescCreated)
        .path("/sales-banner/")
        .search_query(r#"createdAt > "7d""#)
        .file_type(ListFileType::Image)
        .limit(1000)
        .skip(0);
    let assets = ik.list_files(&params).await.unwrap();
    assert!(assets
        .iter()
        .any(|a| matches!(a, Asset::File(f) if !f.file_id.is_empty())));
    assert!(assets
        .iter()
        .any(|a| matches!(a, Asset::Folder(f) if !f.folder_id.is_empty())));
});

contract!(get_file_details, |ik| async move {
    let file = ik
        .get_file_details(&GetFileDetails::new(FILE_ID))
        .await
        .unwrap();
    assert!(!file.file_id.is_empty());
});

contract!(update_file_details, |ik| async move {
    let mut metadata = serde_json::Map::new();
    metadata.insert("brand".into(), json!("Nike"));
    let update = UpdateFileDetails::new(FILE_ID)
        .remove_ai_tags(["car", "vehicle"])
        .webhook_url("https://example.com/hook")
        .extensions([ExtensionConfig::GoogleAutoTagging(AutoTagging::new(80, 10))])
        .clear_tags()
        .clear_custom_coordinates()
        .custom_metadata(metadata)
        .description("A product description");
    let file = ik.update_file_details(&update).await.unwrap();
    assert!(!file.file_id.is_empty());
});

contract!(update_file_details_publish, |ik| async move {
    let update = UpdateFileDetails::new(FILE_ID).publish(true, Some(false));
    ik.update_file_details(&update).await.unwrap();
});

contract!(delete_file, |ik| async move {
    ik.delete_file(&DeleteFile::new(FILE_ID)).await.unwrap();
});

contract!(bulk_file_delete, |ik| async move {
    let outcome = ik
        .bulk_file_delete(&BulkFileDelete::new([FILE_ID, "598821f949c0a938d57563be"]))
        .await
        .unwrap();
    assert!(matches!(outcome, Outcome::Complete(_)), "{outcome:?}");
});

contract!(copy_file, |ik| async move {
    let copy =
        CopyFile::new("/path/to/file.jpg", "/folder/to/copy/into/").include_file_versions(false);
    ik.copy_file(&copy).await.unwrap();
});

contract!(move_file, |ik| async move {
    ik.move_file(&MoveFile::new("/path/to/file.jpg", "/folder/to/move/into/"))
        .await
        .unwrap();
});

contract!(rename_file, |ik| async move {
    let rename = RenameFile::new("/path/to/file.jpg", "newFileName.jpg").purge_cache(true);
    let outcome = ik.rename_file(&rename).await.unwrap();
    assert!(matches!(outcome, Outcome::Complete(_)), "{outcome:?}");
});
