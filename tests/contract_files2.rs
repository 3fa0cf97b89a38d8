//! File versions, bulk tags, metadata and cache purge against Prism serving ImageKit's OpenAPI
//! file: each request must pass the contract and each example answer must decode. Skipped when
//! IMAGEKIT_PRISM_URL is not set.

mod support;

use bytes::Bytes;
use imagekit::api::File;
use imagekit::operation::{Api, Operation};
use imagekit::transport::Body;

use imagekit::api::cache::{GetPurgeFileCacheStatus, PurgeFileCache, PurgeStatus};
use imagekit::api::metadata::{GetFileMetadata, GetRemoteFileUrlMetadata};
use imagekit::api::tags::{AddTags, RemoveAiTags, RemoveTags};
use imagekit::api::versions::{
    DeleteFileVersion, GetFileVersion, ListFileVersions, RestoreFileVersion,
};
use imagekit::api::{AssetType, Outcome};

const FILE_ID: &str = "598821f949c0a938d57563bd";
const VERSION_ID: &str = "598821f949c0a938d81963bd";
const FILES: [&str; 2] = ["598821f949c0a938d57563bd", "598821f949c0a938d57563be"];
const TAGS: [&str; 3] = ["t-shirt", "round-neck", "sale2019"];

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

#[tokio::test]
async fn list_file_versions() {
    let Some(ik) = support::prism("list_file_versions") else {
        return;
    };
    let versions = ik
        .send(&UnnestedExample(ListFileVersions::new(FILE_ID)))
        .await
        .unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].asset_type, Some(AssetType::File));
    assert_eq!(versions[1].asset_type, Some(AssetType::FileVersion));
}

#[tokio::test]
async fn get_file_version() {
    let Some(ik) = support::prism("get_file_version") else {
        return;
    };
    let version = ik
        .get_file_version(&GetFileVersion::new(FILE_ID, VERSION_ID))
        .await
        .unwrap();
    assert_eq!(version.asset_type, Some(AssetType::FileVersion));
    assert_eq!(version.file_id, VERSION_ID);
}

#[tokio::test]
async fn delete_file_version() {
    let Some(ik) = support::prism("delete_file_version") else {
        return;
    };
    ik.delete_file_version(&DeleteFileVersion::new(FILE_ID, VERSION_ID))
        .await
        .unwrap();
}

#[tokio::test]
async fn restore_file_version() {
    let Some(ik) = support::prism("restore_file_version") else {
        return;
    };
    let file = ik
        .restore_file_version(&RestoreFileVersion::new(FILE_ID, VERSION_ID))
        .await
        .unwrap();
    assert_eq!(file.file_id, FILE_ID);
}

#[tokio::test]
async fn add_tags() {
    let Some(ik) = support::prism("add_tags") else {
        return;
    };
    let outcome = ik.add_tags(&AddTags::new(FILES, TAGS)).await.unwrap();
    assert!(matches!(outcome, Outcome::Complete(_)), "{outcome:?}");
}

#[tokio::test]
async fn remove_tags() {
    let Some(ik) = support::prism("remove_tags") else {
        return;
    };
    let outcome = ik.remove_tags(&RemoveTags::new(FILES, TAGS)).await.unwrap();
    assert!(matches!(outcome, Outcome::Complete(_)), "{outcome:?}");
}

#[tokio::test]
async fn remove_ai_tags() {
    let Some(ik) = support::prism("remove_ai_tags") else {
        return;
    };
    let outcome = ik
        .remove_ai_tags(&RemoveAiTags::new(FILES, TAGS))
        .await
        .unwrap();
    assert!(matches!(outcome, Outcome::Complete(_)), "{outcome:?}");
}

#[tokio::test]
async fn get_file_metadata() {
    let Some(ik) = support::prism("get_file_metadata") else {
        return;
    };
    let meta = ik
        .get_file_metadata(&GetFileMetadata::new(FILE_ID))
        .await
        .unwrap();
    assert!(meta.width.is_some() && meta.height.is_some(), "{meta:?}");
}

#[tokio::test]
async fn get_remote_file_url_metadata() {
    let Some(ik) = support::prism("get_remote_file_url_metadata") else {
        return;
    };
    let meta = ik
        .get_remote_file_url_metadata(&GetRemoteFileUrlMetadata::new(
            "https://ik.imagekit.io/your_imagekit_id/default-image.jpg?tr=w-100",
        ))
        .await
        .unwrap();
    assert!(meta.width.is_some() && meta.height.is_some(), "{meta:?}");
}

#[tokio::test]
async fn purge_file_cache() {
    let Some(ik) = support::prism("purge_file_cache") else {
        return;
    };
    ik.purge_file_cache(&PurgeFileCache::new(
        "https://ik.imagekit.io/your_imagekit_id/default-image.jpg",
    ))
    .await
    .unwrap();
}

#[tokio::test]
async fn get_purge_file_cache_status() {
    let Some(ik) = support::prism("get_purge_file_cache_status") else {
        return;
    };
    let status = ik
        .get_purge_file_cache_status(&GetPurgeFileCacheStatus::new(FILE_ID))
        .await
        .unwrap();
    // Prism answers the first value of the enum.
    assert!(matches!(
        status.status,
        Some(PurgeStatus::Pending | PurgeStatus::Completed)
    ));
}
