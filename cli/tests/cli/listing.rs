//! `ls --all`: every page of a listing, asked for by `skip` and `limit` as the output is
//! printed, against a loopback server holding more files than a page; `--max` caps it, and a
//! page that fails ends the output properly (a closed JSON array) with an error.

use serde_json::json;

use crate::support::{account, env_of, run, spawn, Reply, Request, Server};

/// The value of query parameter `name` in `request`.
fn param(request: &Request, name: &str) -> Option<u64> {
    let query = request.path.split_once('?')?.1;
    query
        .split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
}

/// A server listing `count` files (`f0`, `f1`, …) by `skip` and `limit`; the page starting at
/// `failing` (if any) fails.
fn files(count: u64, failing: Option<u64>) -> Server {
    Server::start(move |r| {
        assert_eq!(r.route(), "/v1/files");
        let skip = param(r, "skip").unwrap_or(0);
        let limit = param(r, "limit").unwrap_or(1000);
        if Some(skip) == failing {
            return Reply::json(
                400,
                json!({"message": "Your request contains invalid skip"}),
            );
        }
        let page: Vec<_> = (skip..count.min(skip + limit))
            .map(|i| {
                json!({"type": "file", "fileId": format!("f{i}"), "name": "a.jpg",
                            "filePath": format!("/f{i}.jpg"), "size": i})
            })
            .collect();
        Reply::json(200, json!(page))
    })
}

#[test]
fn a_reader_that_goes_away_stops_the_listing() {
    // `imagekit ls --all | head -1`: the pipe is closed before the first page is printed, so
    // no later page is asked for.
    let server = files(3000, None);
    let env = account(&server.base);
    let mut child = spawn(&env_of(&env), &["ls", "--all"]);
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn every_page_is_listed_in_order() {
    let server = files(2500, None);
    let env = account(&server.base);
    let doc = run(&env_of(&env), &["ls", "--all", "--json"]).json();
    let ids: Vec<&str> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fileId"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2500);
    assert_eq!((ids[0], ids[1000], ids[2499]), ("f0", "f1000", "f2499"));
    let windows: Vec<(Option<u64>, Option<u64>)> = server
        .requests()
        .iter()
        .map(|r| (param(r, "skip"), param(r, "limit")))
        .collect();
    let page = |skip| (Some(skip), Some(1000));
    assert_eq!(windows, [page(0), page(1000), page(2000)]);
}

#[test]
fn the_table_keeps_one_header_across_pages() {
    let server = files(1200, None);
    let env = account(&server.base);
    let out = run(&env_of(&env), &["ls", "--all"]);
    assert!(out.success(), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1201);
    assert!(lines[0].starts_with("TYPE"));
    assert_eq!(lines.iter().filter(|l| l.starts_with("TYPE")).count(), 1);
    assert!(lines[1200].contains("/f1199.jpg"), "{}", lines[1200]);
}

#[test]
fn max_caps_the_listing_and_its_last_request() {
    let server = files(5000, None);
    let env = account(&server.base);
    let doc = run(
        &env_of(&env),
        &["ls", "--all", "--max", "1500", "--skip", "10", "--json"],
    )
    .json();
    assert_eq!(doc.as_array().unwrap().len(), 1500);
    assert_eq!(doc[0]["fileId"], "f10");
    let limits: Vec<_> = server
        .requests()
        .iter()
        .map(|r| param(r, "limit"))
        .collect();
    assert_eq!(limits, [Some(1000), Some(500)]);
}

#[test]
fn a_failing_page_closes_the_json_and_fails() {
    let server = files(2500, Some(1000));
    let env = account(&server.base);
    let out = run(&env_of(&env), &["ls", "--all", "--json"]);
    assert_eq!(out.code, Some(1));
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("a whole JSON array");
    assert_eq!(doc.as_array().unwrap().len(), 1000);
    assert!(out.stderr.contains("invalid skip"), "{}", out.stderr);
}

#[test]
fn all_and_limit_do_not_go_together() {
    let out = run(&[], &["ls", "--all", "--limit", "5"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}
