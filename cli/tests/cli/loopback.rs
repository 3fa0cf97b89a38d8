//! The API commands against a scripted server of the test's own on loopback (canned JSON per
//! request path, as recorded from the API): partial failures, error answers, what is sent,
//! and how many uploads run at once.

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::support::{account, env_of, run, temp_dir, Reply, Request, Server};
use serde_json::json;

const NOT_FOUND: &str = "The requested file does not exist.";
const HELP: &str = "For support kindly contact us at support@imagekit.io .";

/// ImageKit's answer to an upload: the file, in the folder it was sent to; the file named
/// `c-bad.jpg` gets a 500.
pub(crate) fn upload_answer(request: &Request) -> Reply {
    assert_eq!(request.route(), "/api/v1/files/upload", "{request:?}");
    let name = request.form_field("fileName").expect("a fileName field");
    if name == "c-bad.jpg" {
        return Reply::json(
            500,
            json!({"message": "We encountered an internal error.", "help": HELP}),
        )
        .request_id("req-upload-500");
    }
    let folder = request.form_field("folder").unwrap_or_default();
    let path = format!("{}/{name}", folder.trim_end_matches('/'));
    Reply::json(
        200,
        json!({
            "fileId": format!("id-{name}"),
            "name": name,
            "filePath": path,
            "url": format!("https://ik.imagekit.io/demo{path}"),
            "size": 3,
            "fileType": "non-image",
        }),
    )
    .request_id("req-upload")
}

pub(crate) fn write_files(dir: &Path, files: &[&str]) {
    for file in files {
        let path = dir.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, b"abc").unwrap();
    }
}

/// No escape sequence or carriage return (a progress bar) in piped output.
fn assert_plain(text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "control characters in {text:?}"
    );
}

pub(crate) fn uploads(server: &Server) -> Vec<Request> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.route() == "/api/v1/files/upload")
        .collect()
}

#[test]
fn upload_dir_with_a_500_in_the_middle_uploads_the_rest_and_fails() {
    let server = Server::start(upload_answer);
    let dir = temp_dir("upload-500");
    write_files(
        &dir,
        &[
            "a.jpg",
            "b.jpg",
            "c-bad.jpg",
            "d.jpg",
            "sub/e.jpg",
            "sub/deeper/f.jpg",
        ],
    );
    let env = account(&server.base);
    let out = run(
        &env_of(&env),
        &[
            "upload",
            dir.to_str().unwrap(),
            "--folder",
            "/up",
            "--jobs",
            "1",
        ],
    );

    let stderr = out.failed();
    let failure = stderr
        .lines()
        .find(|l| l.contains("c-bad.jpg"))
        .unwrap_or_else(|| panic!("the failure is not reported: {stderr}"));
    assert!(failure.starts_with("error: "), "{failure}");
    assert!(
        failure.contains("We encountered an internal error. (HTTP 500, request id req-upload-500)"),
        "{failure}"
    );
    assert!(stderr.contains("1 of 6 uploads failed"), "{stderr}");
    assert_eq!(out.header(), ["SOURCE", "FILE ID", "PATH"]);
    assert!(
        out.stdout.ends_with("uploaded 5, failed 1\n"),
        "{}",
        out.stdout
    );
    for path in [
        "/up/a.jpg",
        "/up/b.jpg",
        "/up/d.jpg",
        "/up/sub/e.jpg",
        "/up/sub/deeper/f.jpg",
    ] {
        assert!(out.stdout.contains(path), "{path} missing: {}", out.stdout);
    }
    assert_plain(&out.stdout);
    assert_plain(&out.stderr);

    // One request per file, in name order with --jobs 1; the 500 is not retried (api.md: an
    // upload is retried only when it provably did not run).
    let sent: Vec<(String, String)> = uploads(&server)
        .iter()
        .map(|r| {
            assert_eq!(r.file_part_name(), r.form_field("fileName"));
            (
                r.form_field("fileName").unwrap(),
                r.form_field("folder").unwrap(),
            )
        })
        .collect();
    let want = [
        ("a.jpg", "/up"),
        ("b.jpg", "/up"),
        ("c-bad.jpg", "/up"),
        ("d.jpg", "/up"),
        ("f.jpg", "/up/sub/deeper"),
        ("e.jpg", "/up/sub"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(n, f)| (n.to_string(), f.to_string()))
        .collect();
    assert_eq!(sent, want);
}

#[test]
fn upload_json_lists_uploads_and_failures_with_status_and_request_id() {
    let server = Server::start(upload_answer);
    let dir = temp_dir("upload-json");
    write_files(&dir, &["a.jpg", "c-bad.jpg"]);
    let env = account(&server.base);
    let out = run(&env_of(&env), &["upload", dir.to_str().unwrap(), "--json"]);
    out.failed();
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let uploaded = doc["uploaded"].as_array().unwrap();
    assert_eq!(uploaded.len(), 1);
    assert_eq!(uploaded[0]["file"]["fileId"], "id-a.jpg");
    // No --folder and a file at the directory's top: no folder is sent.
    assert_eq!(uploaded[0]["file"]["filePath"], "/a.jpg");
    let failed = doc["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["status"], 500);
    assert_eq!(failed[0]["requestId"], "req-upload-500");
    assert_eq!(failed[0]["message"], "We encountered an internal error.");
    assert!(failed[0]["source"].as_str().unwrap().ends_with("c-bad.jpg"));
}

#[test]
fn upload_runs_at_most_jobs_uploads_at_once() {
    // Each request is held until 3 are in flight (or 0.8 s) and at least 0.15 s, so a client
    // that runs 3 at once reaches 3, and one that runs more shows more.
    let server = Server::start_holding(3, upload_answer);
    let dir = temp_dir("upload-jobs");
    write_files(
        &dir,
        &["1.jpg", "2.jpg", "3.jpg", "4.jpg", "5.jpg", "6.jpg"],
    );
    let env = account(&server.base);
    let out = run(
        &env_of(&env),
        &["upload", dir.to_str().unwrap(), "--jobs", "3"],
    );
    assert!(
        out.ok().ends_with("uploaded 6, failed 0\n"),
        "{}",
        out.stdout
    );
    assert_eq!(uploads(&server).len(), 6);
    assert_eq!(server.max_in_flight(), 3);
}

#[test]
fn upload_with_one_job_runs_one_at_a_time() {
    let server = Server::start(upload_answer);
    let dir = temp_dir("upload-one-job");
    write_files(&dir, &["1.jpg", "2.jpg", "3.jpg"]);
    let env = account(&server.base);
    let out = run(
        &env_of(&env),
        &["upload", dir.to_str().unwrap(), "--jobs", "1"],
    );
    assert!(out.ok().ends_with("uploaded 3, failed 0\n"));
    assert_eq!(server.max_in_flight(), 1);
}

#[test]
fn upload_sends_urls_as_text_and_the_options_as_imagekit_reads_them() {
    let server = Server::start(upload_answer);
    let dir = temp_dir("upload-options");
    write_files(&dir, &["one.png"]);
    let file = dir.join("one.png");
    let env = account(&server.base);
    let out = run(
        &env_of(&env),
        &[
            "upload",
            file.to_str().unwrap(),
            "https://example.com/img/photo.jpg?size=2",
            "--tags",
            "a, b",
            "--no-unique-name",
            "--folder",
            "/f",
        ],
    );
    out.ok();
    let sent = uploads(&server);
    assert_eq!(sent.len(), 2);
    let by_name = |name: &str| {
        sent.iter()
            .find(|r| r.form_field("fileName").as_deref() == Some(name))
            .unwrap_or_else(|| panic!("no upload of {name}"))
    };
    let local = by_name("one.png");
    assert_eq!(local.file_part_name().as_deref(), Some("one.png"));
    let remote = by_name("photo.jpg");
    assert_eq!(
        remote.form_field("file").as_deref(),
        Some("https://example.com/img/photo.jpg?size=2")
    );
    for r in [local, remote] {
        assert_eq!(r.form_field("tags").as_deref(), Some("a,b"));
        assert_eq!(r.form_field("useUniqueFileName").as_deref(), Some("false"));
        assert_eq!(r.form_field("folder").as_deref(), Some("/f"));
        assert_eq!(
            r.header("authorization"),
            Some("Basic cHJpdmF0ZV9rZXlfdGVzdDo=")
        );
    }
}

#[test]
fn upload_of_a_missing_path_uploads_nothing() {
    let server = Server::start(upload_answer);
    let dir = temp_dir("upload-missing");
    write_files(&dir, &["a.jpg"]);
    let env = account(&server.base);
    let missing = dir.join("nope.jpg");
    let out = run(
        &env_of(&env),
        &[
            "upload",
            dir.join("a.jpg").to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
    );
    assert!(out.failed().contains("nope.jpg"), "{}", out.stderr);
    assert!(server.requests().is_empty());
}

/// The 207 of a bulk delete where the second file was not found.
fn bulk_delete_answer(request: &Request) -> Reply {
    assert_eq!(
        (request.method.as_str(), request.route()),
        ("POST", "/v1/files/batch/deleteByFileIds")
    );
    assert_eq!(request.json(), json!({"fileIds": ["id1", "id2"]}));
    Reply::json(
        207,
        json!({
            "successfullyDeletedFileIds": ["id1"],
            "errors": [{"fileId": "id2", "error": "NOT_FOUND"}],
        }),
    )
    .request_id("req-207")
}

#[test]
fn rm_of_two_ids_answered_207_reports_the_failed_id_and_fails() {
    let server = Server::start(bulk_delete_answer);
    let env = account(&server.base);
    let out = run(&env_of(&env), &["rm", "id1", "id2"]);
    let stderr = out.failed();
    assert_eq!(
        stderr,
        "error: id2: NOT_FOUND\nerror: 1 of 2 files failed\n"
    );
    assert_eq!(out.header(), ["FILE ID", "STATUS"]);
    assert!(out.has_row(&["id1", "deleted"]), "{}", out.stdout);
    assert!(out.has_row(&["id2", "failed: NOT_FOUND"]), "{}", out.stdout);
    assert_eq!(server.requests().len(), 1);

    let out = run(&env_of(&env), &["rm", "id1", "id2", "--json"]);
    out.failed();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["successfullyDeletedFileIds"], json!(["id1"]));
    assert_eq!(doc["errors"][0]["fileId"], "id2");
}

#[test]
fn rm_of_one_id_is_one_delete() {
    let server = Server::start(|r| {
        assert_eq!(
            (r.method.as_str(), r.route()),
            ("DELETE", "/v1/files/id%201")
        );
        Reply::empty(204)
    });
    let env = account(&server.base);
    let doc = run(&env_of(&env), &["rm", "id 1", "--json"]).json();
    assert_eq!(doc, json!({"successfullyDeletedFileIds": ["id 1"]}));
}

#[test]
fn an_api_error_prints_message_status_and_request_id() {
    let server = Server::start(|r| {
        assert_eq!(r.route(), "/v1/files/nope/details");
        Reply::json(404, json!({"message": NOT_FOUND, "help": HELP})).request_id("req-404")
    });
    let env = account(&server.base);
    for args in [&["get", "nope"][..], &["get", "nope", "--json"]] {
        let out = run(&env_of(&env), args);
        assert_eq!(
            out.failed(),
            format!("error: {NOT_FOUND} (HTTP 404, request id req-404); {HELP}\n")
        );
        assert_eq!(out.stdout, "");
    }
    // A 404 is not retried.
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn api_commands_need_the_private_key() {
    let server = Server::start(|_| Reply::json(200, json!([])));
    let base = server.base.clone();
    let out = run(&[("IMAGEKIT_BASE_URL", base.as_str())], &["ls"]);
    assert!(
        out.failed().contains("IMAGEKIT_PRIVATE_KEY"),
        "{}",
        out.stderr
    );
    assert!(server.requests().is_empty());
}

#[test]
fn ls_sends_the_filters_and_prints_a_table() {
    let server = Server::start(|r| {
        assert_eq!(r.method, "GET");
        Reply::json(
            200,
            json!([
                {"type": "folder", "folderId": "d1", "name": "sub", "folderPath": "/p/sub",
                 "createdAt": "2024-01-01T00:00:00Z"},
                {"type": "file", "fileId": "f1", "name": "a\u{1b}[31m.jpg", "filePath": "/p/a\n.jpg",
                 "size": 7749, "createdAt": "2024-01-02T00:00:00Z"},
            ]),
        )
    });
    let env = account(&server.base);
    let out = run(
        &env_of(&env),
        &[
            "ls",
            "/p/",
            "--search",
            "size > 1",
            "--type",
            "all",
            "--sort",
            "desc-created",
            "--limit",
            "5",
            "--skip",
            "2",
        ],
    );
    let stdout = out.ok();
    assert_eq!(out.header(), ["TYPE", "ID", "PATH", "SIZE", "CREATED"]);
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(
        out.has_row(&["folder", "d1", "/p/sub", "2024-01-01T00:00:00Z"]),
        "{stdout}"
    );
    assert!(
        out.has_row(&[
            "file",
            "f1",
            r"/p/a\n.jpg",
            "7.6 KiB",
            "2024-01-02T00:00:00Z"
        ]),
        "{stdout}"
    );
    // A name with control characters shows them escaped: it cannot break the table or reach
    // the terminal.
    assert_plain(stdout);
    assert_eq!(
        server.requests()[0].path,
        "/v1/files?type=all&sort=DESC_CREATED&path=%2Fp%2F&searchQuery=size+%3E+1&limit=5&skip=2"
    );
    let doc = run(&env_of(&env), &["ls", "--json"]).json();
    assert_eq!(doc[1]["fileId"], "f1");
}

#[test]
fn update_sends_tags_and_custom_coordinates() {
    let server = Server::start(|r| {
        assert_eq!(
            (r.method.as_str(), r.route()),
            ("PATCH", "/v1/files/f1/details")
        );
        Reply::json(
            200,
            json!({"fileId": "f1", "name": "a.jpg", "filePath": "/a.jpg",
                                "tags": ["a", "b"], "customCoordinates": "1,2,3,4"}),
        )
    });
    let env = account(&server.base);
    let out = run(
        &env_of(&env),
        &[
            "update",
            "f1",
            "--tags",
            "a,b",
            "--custom-coordinates",
            "1,2,3,4",
        ],
    );
    assert!(
        out.ok().contains("tags               a, b"),
        "{}",
        out.stdout
    );
    assert_eq!(
        server.requests()[0].json(),
        json!({"tags": ["a", "b"], "customCoordinates": "1,2,3,4"})
    );
    // Nothing to change is refused before any request.
    let out = run(&env_of(&env), &["update", "f1"]);
    out.failed();
    let out = run(
        &env_of(&env),
        &["update", "f1", "--custom-coordinates", "1,2"],
    );
    assert_eq!(out.code, Some(2), "clap refuses it: {}", out.stderr);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn tags_add_answered_207_reports_each_failure() {
    let server = Server::start(|r| {
        assert_eq!(r.route(), "/v1/files/addTags");
        assert_eq!(
            r.json(),
            json!({"fileIds": ["f1", "f2"], "tags": ["x", "y"]})
        );
        Reply::json(
            207,
            json!({"successfullyUpdatedFileIds": ["f1"],
                   "errors": [{"fileId": "f2", "error": "FILE_NOT_FOUND"}]}),
        )
    });
    let env = account(&server.base);
    let out = run(&env_of(&env), &["tags", "add", "f1", "f2", "--tags", "x,y"]);
    assert_eq!(
        out.failed(),
        "error: f2: FILE_NOT_FOUND\nerror: 1 of 2 files failed\n"
    );
    assert!(out.has_row(&["f1", "tagged"]), "{}", out.stdout);
}

#[test]
fn purge_wait_polls_until_completed() {
    let polls = AtomicUsize::new(0);
    let server = Server::start(move |r| match (r.method.as_str(), r.route()) {
        ("POST", "/v1/files/purge") => {
            assert_eq!(
                r.json(),
                json!({"url": "https://ik.imagekit.io/demo/a.jpg"})
            );
            Reply::json(201, json!({"requestId": "purge-1"}))
        }
        ("GET", "/v1/files/purge/purge-1") => {
            let status = if polls.fetch_add(1, Ordering::SeqCst) == 0 {
                "Pending"
            } else {
                "Completed"
            };
            Reply::json(200, json!({"status": status}))
        }
        other => panic!("unexpected {other:?}"),
    });
    let env = account(&server.base);
    let doc = run(
        &env_of(&env),
        &[
            "purge",
            "https://ik.imagekit.io/demo/a.jpg",
            "--wait",
            "--json",
        ],
    )
    .json();
    assert_eq!(doc, json!({"requestId": "purge-1", "status": "Completed"}));
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn folder_create_splits_the_path() {
    let server = Server::start(|r| {
        assert_eq!((r.method.as_str(), r.route()), ("POST", "/v1/folder"));
        Reply::json(201, json!({}))
    });
    let env = account(&server.base);
    assert_eq!(
        run(&env_of(&env), &["folder", "create", "/a/b/new"]).ok(),
        "created\n"
    );
    assert_eq!(
        server.requests()[0].json(),
        json!({"folderName": "new", "parentFolderPath": "/a/b"})
    );
}

#[test]
fn a_partly_failed_folder_job_fails() {
    let server = Server::start(|r| {
        assert_eq!(r.route(), "/v1/bulkJobs/job-1");
        Reply::json(
            207,
            json!({"jobId": "job-1", "type": "RENAME_FOLDER", "status": "Completed",
                   "message": "Folder renamed, but the purge failed", "help": HELP}),
        )
    });
    let env = account(&server.base);
    let out = run(&env_of(&env), &["job", "job-1"]);
    assert!(
        out.failed()
            .contains("Folder renamed, but the purge failed"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("RENAME_FOLDER"), "{}", out.stdout);
}

#[test]
fn fields_create_and_update_send_the_description() {
    let server = Server::start(|r| {
        Reply::json(
            if r.method == "POST" { 201 } else { 200 },
            json!({"id": "fld1", "name": "price", "label": "Price",
                   "schema": {"type": "Number"}, "description": "In cents"}),
        )
    });
    let env = account(&server.base);
    let created = run(
        &env_of(&env),
        &[
            "fields",
            "create",
            "price",
            "--type",
            "number",
            "--description",
            "In cents",
            "--json",
        ],
    )
    .json();
    assert_eq!(created["description"], "In cents");
    run(
        &env_of(&env),
        &["fields", "update", "fld1", "--description", ""],
    )
    .ok();
    let requests = server.requests();
    assert_eq!(requests[0].json()["description"], "In cents");
    assert_eq!(
        (requests[1].method.as_str(), requests[1].json()),
        ("PATCH", json!({"description": ""}))
    );
}
