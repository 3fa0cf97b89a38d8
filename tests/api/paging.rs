//! Listing every file page by page: the requests' `skip` and `limit`, pages fetched only as
//! items are taken, the end at a short page, a cap on the items, and an error ending the stream.

use std::sync::Arc;

use futures_lite::future::block_on;
use futures_lite::StreamExt;
use imagekit::api::files::{ListFiles, ListSort};
use imagekit::api::Asset;
use imagekit::transport::testing::FakeTransport;
use imagekit::FileStream;
use serde_json::json;

use super::fake_client;

/// A fake answering one page per entry of `pages`, each a list of file ids.
fn pages(pages: &[&[&str]]) -> Arc<FakeTransport> {
    let fake = FakeTransport::new();
    for page in pages {
        let files: Vec<_> = page
            .iter()
            .map(|id| json!({"type": "file", "fileId": id, "name": id, "filePath": format!("/{id}")}))
            .collect();
        fake.push(Ok(FakeTransport::json(200, &json!(files))));
    }
    Arc::new(fake)
}

fn ids(stream: FileStream) -> Vec<Result<String, String>> {
    block_on(stream.collect::<Vec<_>>())
        .into_iter()
        .map(|item| match item {
            Ok(Asset::File(f)) => Ok(f.file_id),
            Ok(other) => panic!("not a file: {other:?}"),
            Err(e) => Err(e.to_string()),
        })
        .collect()
}

/// The `skip` and `limit` of each request `fake` got.
fn windows(fake: &FakeTransport) -> Vec<String> {
    fake.requests()
        .iter()
        .map(|r| {
            let query = r.uri.query().unwrap_or("");
            query
                .split('&')
                .filter(|p| p.starts_with("skip=") || p.starts_with("limit="))
                .collect::<Vec<_>>()
                .join("&")
        })
        .collect()
}

#[test]
fn pages_follow_each_other_until_a_short_one() {
    let fake = pages(&[&["a", "b"], &["c", "d"], &["e"]]);
    let list = ListFiles::new().path("/p/").sort(ListSort::AscCreated);
    let got = ids(fake_client(&fake).list_all_files(list).page_size(2));
    let want: Vec<Result<String, String>> =
        ["a", "b", "c", "d", "e"].map(|s| Ok(s.to_string())).into();
    assert_eq!(got, want);
    assert_eq!(
        windows(&fake),
        ["limit=2&skip=0", "limit=2&skip=2", "limit=2&skip=4"]
    );
    // The listing's own filters go with every page.
    assert!(fake
        .requests()
        .iter()
        .all(|r| r.uri.query().unwrap().contains("path=%2Fp%2F")));
}

#[test]
fn a_page_is_asked_for_only_when_the_last_one_is_used_up() {
    let fake = pages(&[&["a", "b"], &["c"]]);
    let mut files = fake_client(&fake)
        .list_all_files(ListFiles::new().skip(10))
        .page_size(2);
    assert_eq!(
        fake.request_count(),
        0,
        "nothing before the first item is asked for"
    );
    block_on(files.next()).unwrap().unwrap();
    block_on(files.next()).unwrap().unwrap();
    assert_eq!(fake.request_count(), 1);
    block_on(files.next()).unwrap().unwrap();
    assert!(block_on(files.next()).is_none());
    assert_eq!(windows(&fake), ["limit=2&skip=10", "limit=2&skip=12"]);
}

#[test]
fn the_cap_ends_the_stream_and_sizes_the_last_request() {
    let fake = pages(&[&["a", "b"], &["c"]]);
    let got = ids(fake_client(&fake)
        .list_all_files(ListFiles::new())
        .page_size(2)
        .max_items(3));
    assert_eq!(got.len(), 3);
    assert_eq!(windows(&fake), ["limit=2&skip=0", "limit=1&skip=2"]);
}

#[test]
fn a_full_last_page_costs_one_empty_request() {
    let fake = pages(&[&["a", "b"], &[]]);
    let got = ids(fake_client(&fake)
        .list_all_files(ListFiles::new())
        .page_size(2));
    assert_eq!(got.len(), 2);
    assert_eq!(fake.request_count(), 2);
}

#[test]
fn an_error_is_yielded_once_and_ends_the_stream() {
    let fake = pages(&[&["a", "b"]]);
    fake.push(Ok(FakeTransport::json(
        400,
        &json!({"message": "Invalid search query"}),
    )));
    let got = ids(fake_client(&fake)
        .list_all_files(ListFiles::new())
        .page_size(2));
    assert_eq!(got.len(), 3);
    assert!(
        got[2]
            .as_ref()
            .unwrap_err()
            .contains("Invalid search query"),
        "{got:?}"
    );
    assert_eq!(fake.request_count(), 2);
}
