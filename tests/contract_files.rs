//! The files operations against Prism serving ImageKit's OpenAPI file: each request must pass
//! the contract, and each example answer must decode. Skipped without `IMAGEKIT_PRISM_URL`.

mod support;

use imagekit::api::files::{
    BulkFileDelete, CopyFile, DeleteFile, GetFileDetails, ListAssetType, ListFileType, ListFiles,
    ListSort, MoveFile, RenameFile, UpdateFileDetails,
};
use imagekit::api::{Asset, Outcome};
use serde_json::json;

const FILE_ID: &str = "598821f949c0a938d57563bd";

#[tokio::test]
async fn list_files() {
    let Some(ik) = support::prism("list_files") else {
        return;
    };
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
}

#[tokio::test]
async fn get_file_details() {
    let Some(ik) = support::prism("get_file_details") else {
        return;
    };
    let file = ik
        .get_file_details(&GetFileDetails::new(FILE_ID))
        .await
        .unwrap();
    assert!(!file.file_id.is_empty());
}

#[tokio::test]
async fn update_file_details() {
    let Some(ik) = support::prism("update_file_details") else {
        return;
    };
    let mut metadata = serde_json::Map::new();
    metadata.insert("brand".into(), json!("Nike"));
    let update = UpdateFileDetails::new(FILE_ID)
        .remove_ai_tags(["car", "vehicle"])
        .webhook_url("https://example.com/hook")
        .extensions(vec![
            json!({"name": "google-auto-tagging", "minConfidence": 80, "maxTags": 10}),
        ])
        .clear_tags()
        .clear_custom_coordinates()
        .custom_metadata(metadata)
        .description("A product description");
    let file = ik.update_file_details(&update).await.unwrap();
    assert!(!file.file_id.is_empty());
}

#[tokio::test]
async fn update_file_details_publish() {
    let Some(ik) = support::prism("update_file_details_publish") else {
        return;
    };
    let update = UpdateFileDetails::new(FILE_ID).publish(true, Some(false));
    ik.update_file_details(&update).await.unwrap();
}

#[tokio::test]
async fn delete_file() {
    let Some(ik) = support::prism("delete_file") else {
        return;
    };
    ik.delete_file(&DeleteFile::new(FILE_ID)).await.unwrap();
}

#[tokio::test]
async fn bulk_file_delete() {
    let Some(ik) = support::prism("bulk_file_delete") else {
        return;
    };
    let outcome = ik
        .bulk_file_delete(&BulkFileDelete::new([FILE_ID, "598821f949c0a938d57563be"]))
        .await
        .unwrap();
    assert!(matches!(outcome, Outcome::Complete(_)), "{outcome:?}");
}

#[tokio::test]
async fn copy_file() {
    let Some(ik) = support::prism("copy_file") else {
        return;
    };
    let copy =
        CopyFile::new("/path/to/file.jpg", "/folder/to/copy/into/").include_file_versions(false);
    ik.copy_file(&copy).await.unwrap();
}

#[tokio::test]
async fn move_file() {
    let Some(ik) = support::prism("move_file") else {
        return;
    };
    ik.move_file(&MoveFile::new("/path/to/file.jpg", "/folder/to/move/into/"))
        .await
        .unwrap();
}

#[tokio::test]
async fn rename_file() {
    let Some(ik) = support::prism("rename_file") else {
        return;
    };
    let rename = RenameFile::new("/path/to/file.jpg", "newFileName.jpg").purge_cache(true);
    let outcome = ik.rename_file(&rename).await.unwrap();
    assert!(matches!(outcome, Outcome::Complete(_)), "{outcome:?}");
}
