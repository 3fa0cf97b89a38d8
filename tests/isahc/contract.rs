//! A selection of the contract tests through the isahc adapter (libcurl) against Prism serving
//! ImageKit's OpenAPI file: listing, reading and updating, a purge, a folder, and uploads from
//! bytes and from disk. Skipped, saying so, without `IMAGEKIT_PRISM_URL`; nothing is recorded
//! (the hyper adapter's runs record the fixtures).

use std::future::Future;

use imagekit::api::cache::PurgeFileCache;
use imagekit::api::files::{GetFileDetails, ListFiles, ListSort, RenameFile};
use imagekit::api::folders::CreateFolder;
use imagekit::api::upload::{UploadFile, UploadFileV2, UploadOptions, UploadSource};
use imagekit::api::{Asset, Outcome};

use crate::support::prism::{contract_client, prism_url};
use crate::support::scratch::scratch_dir;

/// Runs `body` against Prism through the isahc adapter, or says `name` is skipped without
/// `IMAGEKIT_PRISM_URL`. Nothing is recorded.
async fn live_isahc<F, Fut>(name: &str, body: F)
where
    F: FnOnce(imagekit::ImageKit) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(prism) = prism_url(name) else {
        return;
    };
    let transport = imagekit::transport::isahc::IsahcTransport::new().unwrap();
    body(contract_client(&prism).with_transport(transport)).await;
}

const FILE_ID: &str = "598821f949c0a938d57563bd";

#[tokio::test]
async fn list_files() {
    live_isahc("list_files", |ik| async move {
        let params = ListFiles::new()
            .sort(ListSort::DescCreated)
            .path("/sales-banner/")
            .limit(10);
        let assets = ik.list_files(&params).await.unwrap();
        assert!(assets.iter().any(|a| matches!(a, Asset::File(_))));
    })
    .await;
}

#[tokio::test]
async fn get_file_details() {
    live_isahc("get_file_details", |ik| async move {
        let file = ik
            .get_file_details(&GetFileDetails::new(FILE_ID))
            .await
            .unwrap();
        assert_eq!(file.file_id, FILE_ID);
    })
    .await;
}

#[tokio::test]
async fn rename_file() {
    live_isahc("rename_file", |ik| async move {
        let rename = RenameFile::new("/path/to/file.jpg", "newFileName.jpg").purge_cache(true);
        let outcome = ik.rename_file(&rename).await.unwrap();
        assert!(matches!(outcome, Outcome::Complete(_)), "{outcome:?}");
    })
    .await;
}

#[tokio::test]
async fn purge_file_cache() {
    live_isahc("purge_file_cache", |ik| async move {
        ik.purge_file_cache(&PurgeFileCache::new(
            "https://ik.imagekit.io/your_imagekit_id/default-image.jpg",
        ))
        .await
        .unwrap();
    })
    .await;
}

#[tokio::test]
async fn create_folder() {
    live_isahc("create_folder", |ik| async move {
        ik.create_folder(&CreateFolder::new("summer", "/product/images/"))
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn upload_bytes() {
    live_isahc("upload_bytes", |ik| async move {
        let params = UploadFile::new(
            UploadSource::Bytes(b"GIF89a\x01\x00\x01\x00"[..].into(), Some("a.gif".into())),
            "a.gif",
        )
        .options(
            UploadOptions::new()
                .folder("/marketing")
                .is_private_file(false),
        );
        let file = ik.upload(&params).await.unwrap().into_file().unwrap();
        assert_eq!(file.file_id, "6673f88237b244ef54d60180");
    })
    .await;
}

#[tokio::test]
async fn upload_v2_bytes() {
    live_isahc("upload_v2_bytes", |ik| async move {
        let params = UploadFileV2::new(UploadSource::Bytes(b"GIF89a"[..].into(), None), "a.gif");
        let file = ik.upload_v2(&params).await.unwrap().into_file().unwrap();
        assert_eq!(file.file_id, "6673f88237b244ef54d60180");
    })
    .await;
}

#[tokio::test]
async fn upload_a_file_streamed_from_disk() {
    live_isahc("upload_a_file_streamed_from_disk", |ik| async move {
        let dir = scratch_dir("contract-isahc");
        let path = dir.join("big.bin");
        std::fs::write(&path, vec![42u8; 2 * 1024 * 1024]).unwrap();
        let params = UploadFile::new(UploadSource::file(&path), "big.bin");
        let result = ik.upload(&params).await;
        std::fs::remove_dir_all(&dir).unwrap();
        let file = result.unwrap().into_file().unwrap();
        assert_eq!(file.file_id, "6673f88237b244ef54d60180");
    })
    .await;
}
