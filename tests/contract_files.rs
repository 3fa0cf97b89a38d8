//! The files operations against Prism serving ImageKit's OpenAPI file: each request must pass
//! the contract, and each example answer must decode. Each test runs live (skipped without
//! `IMAGEKIT_PRISM_URL`) and replayed from tests/fixtures/contract/ (see `contract!`).

mod support;

use imagekit::api::files::{
    BulkFileDelete, CopyFile, DeleteFile, GetFileDetails, ListAssetType, ListFileType, ListFiles,
    ListSort, MoveFile, RenameFile, UpdateFileDetails,
};
use imagekit::api::{Asset, Outcome};
use serde_json::json;

const FILE_ID: &str = "598821f949c0a938d57563bd";

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
        .extensions(vec![
            json!({"name": "google-auto-tagging", "minConfidence": 80, "maxTags": 10}),
        ])
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

/// Every operation of the OpenAPI file but `POST /v1/dummy/test` (which no SDK call makes), as
/// method and path template.
const OPERATIONS: [(&str, &str); 47] = [
    ("POST", "/api/v1/files/upload"),
    ("POST", "/api/v2/files/upload"),
    ("POST", "/v1/customMetadataFields"),
    ("GET", "/v1/customMetadataFields"),
    ("GET", "/v1/files/{fileId}/details"),
    ("PATCH", "/v1/files/{fileId}/details"),
    ("PATCH", "/v1/customMetadataFields/{id}"),
    ("DELETE", "/v1/customMetadataFields/{id}"),
    ("GET", "/v1/files"),
    ("DELETE", "/v1/files/{fileId}"),
    ("POST", "/v1/files/batch/deleteByFileIds"),
    ("POST", "/v1/files/copy"),
    ("POST", "/v1/files/move"),
    ("PUT", "/v1/files/rename"),
    ("GET", "/v1/files/{fileId}/versions"),
    ("GET", "/v1/files/{fileId}/versions/{versionId}"),
    ("DELETE", "/v1/files/{fileId}/versions/{versionId}"),
    ("PUT", "/v1/files/{fileId}/versions/{versionId}/restore"),
    ("POST", "/v1/files/addTags"),
    ("POST", "/v1/files/removeTags"),
    ("POST", "/v1/files/removeAITags"),
    ("POST", "/v1/folder"),
    ("DELETE", "/v1/folder"),
    ("POST", "/v1/bulkJobs/copyFolder"),
    ("POST", "/v1/bulkJobs/moveFolder"),
    ("POST", "/v1/bulkJobs/renameFolder"),
    ("GET", "/v1/bulkJobs/{jobId}"),
    ("POST", "/v1/files/purge"),
    ("GET", "/v1/files/purge/{requestId}"),
    ("GET", "/v1/files/{fileId}/metadata"),
    ("GET", "/v1/metadata"),
    ("GET", "/v1/saved-extensions"),
    ("POST", "/v1/saved-extensions"),
    ("GET", "/v1/saved-extensions/{id}"),
    ("PATCH", "/v1/saved-extensions/{id}"),
    ("DELETE", "/v1/saved-extensions/{id}"),
    ("GET", "/v1/accounts/usage"),
    ("GET", "/v1/accounts/origins"),
    ("POST", "/v1/accounts/origins"),
    ("GET", "/v1/accounts/origins/{id}"),
    ("PUT", "/v1/accounts/origins/{id}"),
    ("DELETE", "/v1/accounts/origins/{id}"),
    ("GET", "/v1/accounts/url-endpoints"),
    ("POST", "/v1/accounts/url-endpoints"),
    ("GET", "/v1/accounts/url-endpoints/{id}"),
    ("PUT", "/v1/accounts/url-endpoints/{id}"),
    ("DELETE", "/v1/accounts/url-endpoints/{id}"),
];

/// Each fixture file of tests/fixtures/contract/ with its text.
fn contract_fixtures() -> Vec<(std::path::PathBuf, String)> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(support::fixtures_root()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out
}

/// Whether `path` (no query) is an instance of `template`, whose `{…}` segments match any one
/// non-empty segment.
fn instance_of(path: &str, template: &str) -> bool {
    let (p, t): (Vec<_>, Vec<_>) = (path.split('/').collect(), template.split('/').collect());
    p.len() == t.len()
        && p.iter()
            .zip(&t)
            .all(|(p, t)| p == t || (t.starts_with('{') && !p.is_empty()))
}

/// The replayed contract tests call every operation of the OpenAPI file (when the file is
/// there, `OPERATIONS` is checked against it too).
#[test]
fn fixtures_cover_every_operation() {
    let mut called = std::collections::BTreeSet::new();
    for (path, text) in contract_fixtures() {
        let fixture: serde_json::Value = serde_json::from_str(&text).unwrap();
        let method = fixture["request"]["method"].as_str().unwrap().to_owned();
        let uri = fixture["request"]["uri"].as_str().unwrap();
        let rest = uri.strip_prefix(support::CONTRACT_BASE).unwrap_or_else(|| {
            panic!(
                "{}: {uri} is not on {}",
                path.display(),
                support::CONTRACT_BASE
            )
        });
        let request_path = rest.split(['?', '#']).next().unwrap();
        let op = OPERATIONS
            .iter()
            .find(|(m, t)| *m == method && instance_of(request_path, t))
            .unwrap_or_else(|| {
                panic!(
                    "{}: {method} {request_path} is no operation of the file",
                    path.display()
                )
            });
        called.insert(*op);
    }
    let missing: Vec<_> = OPERATIONS
        .iter()
        .filter(|op| !called.contains(op))
        .collect();
    assert!(missing.is_empty(), "no fixture calls {missing:?}");

    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/openapi/imagekit-openapi-v1.yaml");
    let Ok(spec) = std::fs::read_to_string(&spec) else {
        eprintln!(
            "not checked against the OpenAPI file: {} is not there",
            spec.display()
        );
        return;
    };
    // The operations under `paths:`, read line by line: a path two spaces in (quoted or not,
    // `  "/v1/accounts/origins/{id}":`), then its methods four spaces in (`    get:`).
    let mut in_paths = false;
    let mut current = "";
    let mut in_file = std::collections::BTreeSet::new();
    for line in spec.lines() {
        let Some(key) = line.strip_suffix(':') else {
            continue;
        };
        let indent = key.len() - key.trim_start().len();
        let key = key.trim().trim_matches('"');
        match indent {
            0 => in_paths = key == "paths",
            2 if in_paths => current = key,
            4 if in_paths && ["get", "post", "put", "patch", "delete"].contains(&key) => {
                in_file.insert((key.to_ascii_uppercase(), current.to_owned()));
            }
            _ => {}
        }
    }
    in_file.remove(&("POST".to_owned(), "/v1/dummy/test".to_owned()));
    let listed: std::collections::BTreeSet<_> = OPERATIONS
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(listed, in_file, "OPERATIONS and the OpenAPI file differ");
}

/// Recording scrubbed the private key and redacted the `Authorization` header it makes.
#[test]
fn fixtures_hold_no_secret() {
    let fixtures = contract_fixtures();
    assert!(!fixtures.is_empty());
    for (path, text) in fixtures {
        if let Some(secret) = support::secret_in(&text) {
            panic!("{} holds {secret:?}", path.display());
        }
    }
}
