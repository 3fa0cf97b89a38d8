//! Uploads v1 and v2 against Prism serving ImageKit's OpenAPI file. Prism checks each request
//! against the contract and answers the file's example. Each test runs live (skipped without
//! `IMAGEKIT_PRISM_URL`) and replayed from tests/fixtures/contract/ (see `contract!`), where
//! the multipart bodies are compared part by part (the boundary is random).
//!
//! Left out, as api.md says: `tags`, `responseFields`, `extensions`, `customMetadata` and
//! `transformation`, which the file types as arrays and objects while ImageKit takes them as
//! comma-joined and JSON text (tests/api_upload.rs checks them in the multipart body); and the
//! client-side-signed uploads, which send no `Authorization` header while the file requires
//! Basic auth on every operation (Prism answers 401 "Invalid security scheme used").

mod support;

use imagekit::api::upload::{
    UploadFile, UploadFileV2, UploadOptions, UploadResult, UploadSource, UploadedFile,
};

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
// bodies are tests/hyper_adapter.rs's business, and this one is recorded in a fixture.
contract!(upload_a_file_streamed_from_disk, |ik| async move {
    let dir = support::scratch_dir("contract-upload");
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
