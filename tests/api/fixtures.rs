//! The recorded fixtures as a whole (tests/fixtures/contract/): together they call every
//! operation of the OpenAPI file, and none holds a secret.

use crate::support::contract::{fixtures_root, secret_in, CONTRACT_BASE};

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
    for dir in std::fs::read_dir(fixtures_root()).unwrap() {
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
        let rest = uri
            .strip_prefix(CONTRACT_BASE)
            .unwrap_or_else(|| panic!("{}: {uri} is not on {}", path.display(), CONTRACT_BASE));
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
        if let Some(secret) = secret_in(&text) {
            panic!("{} holds {secret:?}", path.display());
        }
    }
}
