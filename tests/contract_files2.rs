//! File versions, bulk tags, metadata and cache purge against Prism serving ImageKit's OpenAPI
//! file: each request must pass the contract and each example answer must decode. Each test
//! runs live (skipped without `IMAGEKIT_PRISM_URL`) and replayed from tests/fixtures/contract/
//! (see `contract!`).

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
