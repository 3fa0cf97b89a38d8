//! Answers and arguments checked before they are believed: a purge answer without its request
//! id, statuses the CLI does not know (not taken as done), `purge --wait --timeout` keeping its
//! word, and empty ids and tags refused the same way by every command, before any request.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rstest::rstest;
use serde_json::json;

use crate::support::{account, env_of, run, Reply, Server};

const URL: &str = "https://ik.imagekit.io/demo/a.jpg";

/// A server accepting purges as `purge-1` and answering its status with `statuses` in turn,
/// the last one for ever after.
fn purge_server(statuses: &'static [&'static str]) -> Server {
    let polls = AtomicUsize::new(0);
    Server::start(move |r| match (r.method.as_str(), r.route()) {
        ("POST", "/v1/files/purge") => Reply::json(201, json!({"requestId": "purge-1"})),
        ("GET", "/v1/files/purge/purge-1") => {
            let n = polls.fetch_add(1, Ordering::SeqCst).min(statuses.len() - 1);
            Reply::json(200, json!({"status": statuses[n]}))
        }
        other => panic!("unexpected {other:?}"),
    })
}

#[rstest]
#[case::missing(json!({}))]
#[case::empty(json!({"requestId": ""}))]
fn a_purge_answer_without_a_request_id_is_an_error(#[case] answer: serde_json::Value) {
    let server = Server::start(move |_| Reply::json(201, answer.clone()));
    let env = account(&server.base);
    let out = run(&env_of(&env), &["purge", URL]);
    let message = out.assert_error();
    assert!(
        message.contains("unexpected answer (HTTP 201)"),
        "{message}"
    );
    assert_eq!(out.code, Some(1));
}

#[test]
fn purge_wait_waits_through_a_status_it_does_not_know() {
    let server = purge_server(&["Pending", "Queued", "Completed"]);
    let env = account(&server.base);
    let doc = run(&env_of(&env), &["purge", URL, "--wait", "--json"]).json();
    assert_eq!(doc, json!({"requestId": "purge-1", "status": "Completed"}));
    assert_eq!(server.requests().len(), 4, "one purge, three status reads");
}

#[rstest]
#[case::the_global_timeout("--timeout")]
#[case::the_wait_timeout("--wait-timeout")]
fn purge_wait_gives_up_at_its_timeout_and_says_where_it_was(#[case] flag: &str) {
    let server = purge_server(&["Pending"]);
    let env = account(&server.base);
    let started = Instant::now();
    let out = run(&env_of(&env), &["purge", URL, "--wait", flag, "2"]);
    let took = started.elapsed();
    assert_eq!(
        out.assert_error(),
        "error: timed out: purge purge-1 was not done within 2s (last status: Pending)\n"
    );
    // The whole two seconds (it gave up after 1.6 s of 3 s once), and not much more.
    assert!(took >= Duration::from_secs(2), "gave up after {took:?}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

/// The global `--timeout` bounds a job's `--wait` as it bounds a purge's.
#[test]
fn job_wait_gives_up_at_the_global_timeout() {
    let server = Server::start(|r| {
        assert_eq!(r.route(), "/v1/bulkJobs/job-1");
        Reply::json(200, json!({"jobId": "job-1", "status": "Pending"}))
    });
    let env = account(&server.base);
    let started = Instant::now();
    let out = run(&env_of(&env), &["job", "job-1", "--wait", "--timeout", "2"]);
    let took = started.elapsed();
    assert_eq!(
        out.assert_error(),
        "error: timed out: job job-1 was not done within 2s (last status: Pending)\n"
    );
    assert!(took >= Duration::from_secs(2), "gave up after {took:?}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[rstest]
#[case::rm_in_a_list(&["rm", "", "f1"])]
#[case::rm_alone(&["rm", ""])]
#[case::rm_blank(&["rm", " ", "f1"])]
#[case::get(&["get", ""])]
#[case::metadata(&["metadata", ""])]
#[case::update(&["update", "", "--description", "d"])]
#[case::tags_ids(&["tags", "add", "f1", "", "--tags", "x"])]
#[case::versions(&["versions", ""])]
#[case::version(&["version", "get", "f1", ""])]
#[case::job(&["job", ""])]
#[case::purge_status(&["purge-status", ""])]
#[case::field(&["fields", "delete", ""])]
#[case::origin(&["origins", "get", ""])]
fn an_empty_id_is_refused_by_every_command_before_any_request(#[case] args: &[&str]) {
    let server = Server::start(|r| panic!("unexpected request {r:?}"));
    let env = account(&server.base);
    let out = run(&env_of(&env), args);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("an id cannot be empty"),
        "{}",
        out.stderr
    );
    assert!(server.requests().is_empty());
}

#[rstest]
#[case::update_empty(&["update", "f1", "--tags", ""])]
#[case::update_a_hole(&["update", "f1", "--tags", "a,,b"])]
#[case::tags_add(&["tags", "add", "f1", "--tags", " "])]
#[case::upload(&["upload", "https://example.com/a.jpg", "--tags", ""])]
fn an_empty_tag_is_refused_before_any_request(#[case] args: &[&str]) {
    let server = Server::start(|r| panic!("unexpected request {r:?}"));
    let env = account(&server.base);
    let out = run(&env_of(&env), args);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("a tag cannot be empty"),
        "{}",
        out.stderr
    );
    assert!(server.requests().is_empty());
}

#[test]
fn clear_tags_is_how_every_tag_goes() {
    let server = Server::start(|r| {
        assert_eq!(
            (r.method.as_str(), r.route()),
            ("PATCH", "/v1/files/f1/details")
        );
        Reply::json(
            200,
            json!({"fileId": "f1", "name": "a.jpg", "filePath": "/a.jpg"}),
        )
    });
    let env = account(&server.base);
    run(&env_of(&env), &["update", "f1", "--clear-tags", "--json"]).json();
    // The API removes every tag on `null` (the library's `clear_tags`).
    assert_eq!(server.requests()[0].json(), json!({"tags": null}));
}
