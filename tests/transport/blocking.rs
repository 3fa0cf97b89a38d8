//! The blocking client against a loopback server: a call from plain synchronous code, a
//! listing's pages through an iterator, and inside async code an error instead of a panic
//! (also when the last clone is dropped there).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use http::Response;
use http_body_util::Full;
use imagekit::api::files::{GetFileDetails, ListFiles};
use imagekit::api::Asset;
use imagekit::blocking;

use crate::support::server::serve;

/// A server answering file details for `/v1/files/f1/details` and listings of five files by
/// `skip` and `limit`, on a runtime of the test's own (the test itself is synchronous).
fn server() -> (tokio::runtime::Runtime, String, Arc<AtomicUsize>) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let addr = runtime.block_on(serve(move |request| {
        seen.fetch_add(1, Ordering::SeqCst);
        let uri = request.uri().clone();
        async move {
            let body = if uri.path() == "/v1/files/f1/details" {
                r#"{"fileId": "f1", "name": "a.jpg", "filePath": "/a.jpg"}"#.to_string()
            } else {
                let query = uri.query().unwrap_or("");
                let number = |name: &str| -> usize {
                    query
                        .split('&')
                        .find_map(|p| p.strip_prefix(name))
                        .and_then(|v| v.parse().ok())
                        .unwrap()
                };
                let (skip, limit) = (number("skip="), number("limit="));
                let files: Vec<String> = (skip..5.min(skip + limit))
                    .map(|i| {
                        format!(
                            r#"{{"type": "file", "fileId": "f{i}", "name": "a", "filePath": "/f{i}"}}"#
                        )
                    })
                    .collect();
                format!("[{}]", files.join(","))
            };
            Response::builder()
                .header("content-type", "application/json")
                .body(Full::new(Bytes::from(body)))
                .unwrap()
        }
    }));
    (runtime, format!("http://{addr}"), count)
}

fn client(base: &str) -> blocking::ImageKit {
    let async_client = imagekit::ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key("private_key_test")
        .with_base_url(base);
    blocking::ImageKit::new(async_client).unwrap()
}

#[test]
fn a_call_from_synchronous_code_returns_its_answer() {
    let (_server, base, count) = server();
    let ik = client(&base);
    let file = ik.send(&GetFileDetails::new("f1")).unwrap();
    assert_eq!(file.file_path, "/a.jpg");
    // A clone shares the runtime; both work after the other is gone.
    let clone = ik.clone();
    drop(ik);
    assert_eq!(
        clone.send(&GetFileDetails::new("f1")).unwrap().file_id,
        "f1"
    );
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[test]
fn the_named_methods_of_the_async_client_block_too() {
    let (_server, base, count) = server();
    let ik = client(&base);
    let file = ik.get_file_details(&GetFileDetails::new("f1")).unwrap();
    assert_eq!(file.file_path, "/a.jpg");
    let page = ik.list_files(&ListFiles::new().skip(1).limit(2)).unwrap();
    let ids: Vec<&str> = page
        .iter()
        .map(|asset| match asset {
            Asset::File(file) => file.file_id.as_str(),
            other => panic!("not a file: {other:?}"),
        })
        .collect();
    assert_eq!(ids, ["f1", "f2"]);
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[test]
fn a_listing_is_an_iterator_over_its_pages() {
    let (_server, base, count) = server();
    let ids: Vec<String> = client(&base)
        .list_all_files(ListFiles::new())
        .page_size(2)
        .map(|asset| match asset.unwrap() {
            Asset::File(f) => f.file_id,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(ids, ["f0", "f1", "f2", "f3", "f4"]);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn inside_async_code_a_call_is_an_error_not_a_panic() {
    let ik = client("http://127.0.0.1:9");
    let err = ik.send(&GetFileDetails::new("f1")).unwrap_err();
    assert!(
        err.to_string().contains("cannot run inside async code"),
        "{err}"
    );
    let mut files = ik.list_all_files(ListFiles::new());
    assert!(files.next().unwrap().is_err());
    assert!(files.next().is_none(), "the iterator ends after the error");
    // Dropping the last clone here must not block (a runtime dropped in async code panics).
    drop(ik);
}
