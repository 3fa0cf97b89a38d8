//! Uploads from one-shot sources through both adapters (hyper; isahc with the `isahc` feature)
//! to the script server of `faults.rs`: a blocking reader with and without a length, an async
//! stream of chunks fed by a task, each with a progress callback; the body the server read is
//! parsed back by `multer`. A one-shot upload answered 500 or 429 reached the server once, the
//! error is the server's answer, and sending it again fails before anything is sent. A stream
//! that stalls fails the call at the idle timeout.

use std::io::{Cursor, Read};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::StatusCode;
use imagekit::api::upload::{UploadFile, UploadSource};
use rstest::rstest;
use rstest_reuse::apply;

use super::{
    adapter_with, client, counted, each_adapter, json_error, reply, Act, Adapter, Faulty, UPLOADED,
};

/// The file's content: 300 KB, several chunks of every adapter, no two chunks alike.
fn content() -> Vec<u8> {
    (0..300_000u32).map(|i| (i % 251) as u8).collect()
}

/// The file part of a multipart body the server read: (filename, content type, bytes), as
/// `multer` reads it (the boundary is the body's first line).
async fn file_part(body: &[u8]) -> (Option<String>, Option<String>, Bytes) {
    let first = body.split(|&b| b == b'\r').next().unwrap();
    let boundary = std::str::from_utf8(&first[2..]).unwrap().to_owned();
    let body = Bytes::copy_from_slice(body);
    let stream = futures_lite::stream::once(Ok::<_, std::io::Error>(body));
    let mut multipart = multer::Multipart::new(stream, boundary);
    while let Some(field) = multipart.next_field().await.unwrap() {
        if field.name() == Some("file") {
            let filename = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(ToString::to_string);
            return (filename, content_type, field.bytes().await.unwrap());
        }
    }
    panic!("no file part");
}

/// Every progress call, in order.
type Calls = Arc<Mutex<Vec<(u64, Option<u64>)>>>;

/// `upload` with a progress callback recording its calls.
fn watched(upload: UploadFile) -> (UploadFile, Calls) {
    let calls = Calls::default();
    let record = Arc::clone(&calls);
    let upload = upload.on_progress(move |sent, total| record.lock().unwrap().push((sent, total)));
    (upload, calls)
}

/// Progress went up with every call, by chunks (not byte by byte), to the whole file.
fn assert_progress(calls: &Calls, len: u64, total: Option<u64>) {
    let calls = calls.lock().unwrap();
    assert!(calls.len() >= 2, "{calls:?}");
    assert!(
        calls.len() < 200,
        "one call per chunk, not per byte: {}",
        calls.len()
    );
    assert!(calls.windows(2).all(|w| w[0].0 < w[1].0), "{calls:?}");
    assert!(calls.iter().all(|&(_, t)| t == total), "{calls:?}");
    assert_eq!(calls.last(), Some(&(len, total)));
}

/// Uploads `upload` through `which` to a server answering 200; returns what the server read.
async fn upload_ok(which: Adapter, upload: &UploadFile) -> super::Seen {
    let server = Faulty::start(vec![reply(200, UPLOADED)]).await;
    let (ik, sent) = client(&server.base, which);
    let file = ik.upload(upload).await.unwrap().into_file().unwrap();
    assert_eq!(file.file_id, "f1");
    assert_eq!(sent.load(Ordering::SeqCst), 1);
    let seen = server.seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    seen[0].clone()
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_with_its_length_is_sent_with_content_length(#[case] which: Adapter) {
    let data = content();
    let len = data.len() as u64;
    let source = UploadSource::reader(Cursor::new(data.clone()), Some(len));
    let (upload, calls) = watched(UploadFile::new(source, "photo.jpg"));
    let seen = upload_ok(which, &upload).await;
    assert!(!seen.chunked);
    assert_eq!(seen.length, Some(seen.body.len()));
    let (filename, content_type, bytes) = file_part(&seen.body).await;
    assert_eq!(filename.as_deref(), Some("photo.jpg"));
    assert_eq!(content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(bytes.as_ref(), data.as_slice());
    assert_progress(&calls, len, Some(len));
    // Taken by the one attempt: the source is spent.
    assert!(upload.file.is_spent());
}

/// A reader that gives at most 4 KiB a read, as a pipe may.
struct Trickle(Cursor<Vec<u8>>);

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(4096);
        self.0.read(&mut buf[..n])
    }
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_of_unknown_length_is_sent_chunked(#[case] which: Adapter) {
    let data = content();
    let source = UploadSource::reader(Trickle(Cursor::new(data.clone())), None);
    let (upload, calls) = watched(UploadFile::new(source, "notes.PDF"));
    let seen = upload_ok(which, &upload).await;
    assert!(seen.chunked);
    assert_eq!(seen.length, None);
    let (filename, content_type, bytes) = file_part(&seen.body).await;
    assert_eq!(filename.as_deref(), Some("notes.PDF"));
    assert_eq!(content_type.as_deref(), Some("application/pdf"));
    assert_eq!(bytes.as_ref(), data.as_slice());
    assert_progress(&calls, data.len() as u64, None);
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_fed_by_a_task_arrives_whole(
    #[case] which: Adapter,
    #[values(None, Some(300_000))] len: Option<u64>,
) {
    let data = content();
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(2);
    let chunks: Vec<Bytes> = data.chunks(7_000).map(Bytes::copy_from_slice).collect();
    tokio::spawn(async move {
        for chunk in chunks {
            // The reading thread waits on the stream between chunks.
            tokio::time::sleep(Duration::from_millis(1)).await;
            if tx.send(Ok(chunk)).await.is_err() {
                return;
            }
        }
    });
    let stream = futures_lite::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let (upload, calls) = watched(UploadFile::new(
        UploadSource::stream(stream, len),
        "clip.mp4",
    ));
    let seen = upload_ok(which, &upload).await;
    assert_eq!(seen.chunked, len.is_none());
    let (_, content_type, bytes) = file_part(&seen.body).await;
    assert_eq!(content_type.as_deref(), Some("video/mp4"));
    assert_eq!(bytes.as_ref(), data.as_slice());
    assert_progress(&calls, data.len() as u64, len);
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_that_fails_fails_the_upload_with_its_error(#[case] which: Adapter) {
    let items = vec![
        Ok(Bytes::from_static(b"GIF89a")),
        Err(std::io::Error::other("the camera disconnected")),
    ];
    let source = UploadSource::stream(futures_lite::stream::iter(items), None);
    let server = Faulty::start(vec![reply(200, UPLOADED)]).await;
    let (ik, sent) = client(&server.base, which);
    let err = ik
        .upload(&UploadFile::new(source, "a.gif"))
        .await
        .unwrap_err();
    assert!(chain(&err), "{err}");
    assert_eq!(sent.load(Ordering::SeqCst), 1);
}

/// Whether the stream's error is somewhere in `err`'s chain of sources.
fn chain(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(err);
    while let Some(e) = next {
        if e.to_string().contains("the camera disconnected") {
            return true;
        }
        next = e.source();
    }
    false
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_shot_upload_is_sent_once_whatever_the_answer(#[case] which: Adapter) {
    let limited = Act::Reply {
        status: 429,
        headers: vec![("X-RateLimit-Reset", "10".into())],
        body: r#"{"message": "Too many requests"}"#.into(),
    };
    for (act, status) in [
        (json_error(500), StatusCode::INTERNAL_SERVER_ERROR),
        // A 429 is retried for bytes or a file; not once the reader was taken.
        (limited, StatusCode::TOO_MANY_REQUESTS),
    ] {
        let server = Faulty::start(vec![act, reply(200, UPLOADED)]).await;
        let (ik, sent) = client(&server.base, which);
        let data = content();
        let len = data.len() as u64;
        let source = UploadSource::reader(Cursor::new(data), Some(len));
        let upload = UploadFile::new(source, "a.png");
        let err = ik.upload(&upload).await.unwrap_err();
        // The server's own answer, not a failure to re-read the source.
        assert_eq!(err.status(), Some(status), "{err}");
        assert_eq!(sent.load(Ordering::SeqCst), 1);
        assert_eq!(server.uploads_of("a.png"), 1);

        // Sent again, it fails before anything is sent, saying why.
        let err = ik.upload(&upload).await.unwrap_err();
        assert!(err.to_string().contains("already read"), "{err}");
        assert_eq!(sent.load(Ordering::SeqCst), 1);
        assert_eq!(server.received(), 1);
    }
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_stream_fails_at_the_idle_timeout(#[case] which: Adapter) {
    let server = Faulty::start(vec![reply(200, UPLOADED)]).await;
    let (ik, sent) = counted(&server.base, adapter_with(which, None));
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(1);
    tx.send(Ok(Bytes::from_static(b"GIF89a"))).await.unwrap();
    let stream = futures_lite::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let upload = UploadFile::new(UploadSource::stream(stream, None), "a.gif");
    let started = Instant::now();
    let err = ik
        .call(&upload)
        .idle_timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("(the idle timeout)"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "did not give up"
    );
    assert_eq!(sent.load(Ordering::SeqCst), 1);
    // Ending the stream frees the thread waiting on it (the runtime's shutdown waits for it).
    drop(tx);
}
