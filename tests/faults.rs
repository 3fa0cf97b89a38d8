//! Fault injection end to end: a raw loopback server of this file's own (tokio TCP, one request
//! per connection, `Connection: close`) misbehaves on purpose, and real operations
//! (`list_files`, `upload`, `bulk_file_delete`) go through the real adapters (hyper; isahc and
//! reqwest with their features) with a short retry policy and a real sleep. Each test checks the outcome
//! a user sees, how many requests the client sent and the server received, that an upload never
//! reached the server twice, and prints a row of the fault table (`--nocapture`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;
use imagekit::api::files::{BulkFileDelete, ListFiles};
use imagekit::api::upload::{UploadFile, UploadResult, UploadSource};
use imagekit::api::Outcome;
use imagekit::transport::{async_trait, Body, Transport, TransportError, TransportErrorKind};
use imagekit::{Error, ImageKit, RetryPolicy};
use rstest::rstest;
use rstest_reuse::{self, apply, template};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The adapters the cases run through (tests/support/).
// The path is what rustc takes anyway; rustfmt needs it to find the files.
#[path = "support"]
mod support {
    pub(crate) mod adapters;
}
use support::adapters::Adapter;

/// The cases of a test that runs through every adapter this build has: hyper always, isahc and
/// reqwest with their features (`#[apply(each_adapter)]`).
#[template]
#[rstest]
#[case::hyper(Adapter::Hyper)]
#[cfg_attr(feature = "isahc", case::isahc(Adapter::Isahc))]
#[cfg_attr(feature = "reqwest", case::reqwest(Adapter::Reqwest))]
fn each_adapter(#[case] which: Adapter) {}

// Cancellation, odd rate-limit waits, timeouts and one-shot upload sources, in tests/faults/.
// The path is what rustc takes anyway; rustfmt needs it to find the files.
#[path = "faults/cancel.rs"]
mod cancel;
#[path = "faults/rate_limits.rs"]
mod rate_limits;
#[path = "faults/timeouts.rs"]
mod timeouts;
#[path = "faults/upload_sources.rs"]
mod upload_sources;

/// How long the adapter waits for a whole answer (the stalled-server cases hit it).
const ADAPTER_TIMEOUT: Duration = Duration::from_millis(400);

/// The longest answer the adapters read here (the endless and huge answers pass it).
const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// What the server does with the n-th request (the last entry again once the script runs out).
#[derive(Debug, Clone)]
enum Act {
    /// A whole answer.
    Reply {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// Headers announcing `announced` bytes, `sent` bytes of them, then a clean close (FIN).
    Truncate { announced: usize, sent: String },
    /// Headers announcing a long body, a few bytes of it, then a TCP reset (RST).
    ResetMidBody,
    /// Reads the request and never answers (the connection stays open).
    Stall,
    /// A chunked `200` whose body never ends (64 KiB chunks until the client hangs up).
    Endless,
}

fn reply(status: u16, body: &str) -> Act {
    Act::Reply {
        status,
        headers: vec![("Content-Type", "application/json".into())],
        body: body.to_owned(),
    }
}

fn json_error(status: u16) -> Act {
    reply(status, r#"{"message": "scripted failure", "help": "none"}"#)
}

/// A request the server read whole.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    /// `Content-Length`, when sent, and whether the body came chunked.
    length: Option<usize>,
    chunked: bool,
    body: Vec<u8>,
}

/// The misbehaving server: its base URL and what it received.
struct Faulty {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Faulty {
    async fn start(script: Vec<Act>) -> Faulty {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&seen);
        let script = Arc::new(script);
        tokio::spawn(tokio::time::timeout(Duration::from_secs(60), async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let shared = Arc::clone(&shared);
                let script = Arc::clone(&script);
                tokio::spawn(async move {
                    let _ = serve(stream, &shared, &script).await;
                });
            }
        }));
        Faulty { base, seen }
    }

    /// Requests received (read whole).
    fn received(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    /// Upload requests received for `file_name`.
    fn uploads_of(&self, file_name: &str) -> usize {
        let marker = format!("name=\"fileName\"\r\n\r\n{file_name}\r\n");
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path.starts_with("/api/v1/files/upload"))
            .filter(|s| String::from_utf8_lossy(&s.body).contains(&marker))
            .count()
    }
}

async fn serve(stream: TcpStream, seen: &Mutex<Vec<Seen>>, script: &[Act]) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let Some(request) = read_request(&mut reader).await? else {
        return Ok(());
    };
    let act = {
        let mut seen = seen.lock().unwrap();
        seen.push(request);
        script[(seen.len() - 1).min(script.len() - 1)].clone()
    };
    let mut stream = reader.into_inner();
    match act {
        Act::Reply {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} Scripted\r\nConnection: close\r\n");
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(body.as_bytes()).await?;
            stream.shutdown().await?;
        }
        Act::Truncate { announced, sent } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n\
                 Content-Length: {announced}\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(sent.as_bytes()).await?;
            stream.flush().await?;
            stream.shutdown().await?;
        }
        Act::ResetMidBody => {
            let head = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n\
                        Content-Length: 5000\r\n\r\n[{\"type\": \"file\", ";
            stream.write_all(head.as_bytes()).await?;
            stream.flush().await?;
            tokio::time::sleep(Duration::from_millis(30)).await;
            // A zero linger makes the close a reset (it does not block: nothing is left to send).
            #[allow(deprecated)]
            stream.set_linger(Some(Duration::ZERO))?;
            drop(stream);
        }
        Act::Stall => {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        Act::Endless => {
            let head = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n\
                        Transfer-Encoding: chunked\r\n\r\n";
            stream.write_all(head.as_bytes()).await?;
            let chunk = format!("10000\r\n{}\r\n", "[".repeat(0x10000));
            // Bounded too: the test's limit is reached long before (1 MiB), 4 GiB at most.
            for _ in 0..65_536 {
                if stream.write_all(chunk.as_bytes()).await.is_err() {
                    break;
                }
            }
        }
    }
    Ok(())
}

async fn read_request(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<Seen>> {
    let mut line = String::new();
    if reader.read_line(&mut line).await? == 0 {
        return Ok(None);
    }
    let path = line
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let mut length = None;
    let mut chunked = false;
    let mut expect = false;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        match name.as_str() {
            "content-length" => length = value.parse::<usize>().ok(),
            "transfer-encoding" => chunked = value.contains("chunked"),
            "expect" => expect = value.eq_ignore_ascii_case("100-continue"),
            _ => {}
        }
    }
    if expect {
        reader
            .get_mut()
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .await?;
    }
    let mut body = Vec::new();
    if let Some(len) = length {
        body.resize(len, 0);
        reader.read_exact(&mut body).await?;
    } else if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).await?;
            let size = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                .unwrap_or(0);
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).await?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
    Ok(Some(Seen {
        path,
        length,
        chunked,
        body,
    }))
}

/// Counts the attempts the SDK hands the adapter.
struct Counting {
    inner: Arc<dyn Transport>,
    sent: Arc<AtomicUsize>,
}

#[async_trait]
impl Transport for Counting {
    async fn send(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        self.sent.fetch_add(1, Ordering::SeqCst);
        self.inner.send(request).await
    }

    fn timer(&self) -> Option<&dyn imagekit::Sleep> {
        self.inner.timer()
    }
}

fn adapter(which: Adapter) -> Arc<dyn Transport> {
    adapter_with(which, Some(ADAPTER_TIMEOUT))
}

/// The adapter, reading answers up to [`MAX_RESPONSE_BYTES`], with a timeout of its own when
/// `timeout` is given (otherwise only the client's timeouts, or a drop, end a call).
fn adapter_with(which: Adapter, timeout: Option<Duration>) -> Arc<dyn Transport> {
    support::adapters::adapter(which, timeout, MAX_RESPONSE_BYTES)
}

/// A client with the test key on `base` through `inner`, and the count of attempts it hands
/// `inner`; each test adds its retry policy and sleep.
fn counted(base: &str, inner: Arc<dyn Transport>) -> (ImageKit, Arc<AtomicUsize>) {
    let sent = Arc::new(AtomicUsize::new(0));
    let ik = ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key("private_key_test")
        .with_base_url(base)
        .with_transport(Counting {
            inner,
            sent: Arc::clone(&sent),
        });
    (ik, sent)
}

/// A client on `base` through `which`, three attempts 5 ms apart (doubling), a real sleep; and
/// the count of attempts it sends.
fn client(base: &str, which: Adapter) -> (ImageKit, Arc<AtomicUsize>) {
    let (ik, sent) = counted(base, adapter(which));
    let ik = ik
        .with_retry_policy(RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(200),
            jitter: 0.0,
        })
        .with_sleep(tokio::time::sleep);
    (ik, sent)
}

/// A sparse file of `len` bytes (zeros, nothing written to disk), new for each call.
fn big_file(len: u64) -> std::path::PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let name = format!("imagekit-faults-{}-{n}.bin", std::process::id());
    let path = std::env::temp_dir().join(name);
    std::fs::File::create(&path).unwrap().set_len(len).unwrap();
    path
}

fn upload_op(name: &str) -> UploadFile {
    UploadFile::new(UploadSource::bytes(&b"\x89PNG fake image"[..]), name)
}

const UPLOADED: &str = r#"{"fileId": "f1", "name": "a.png", "filePath": "/a.png",
    "url": "https://ik.imagekit.io/demo/a.png", "size": 15, "fileType": "image"}"#;

const LISTED: &str = r#"[{"type": "file", "fileId": "f1", "name": "a.png", "filePath": "/a.png"}]"#;

/// One row of the fault table.
fn row(fault: &str, which: Adapter, outcome: &str, sent: usize, received: usize) {
    eprintln!(
        "FAULT | {fault:<38} | {which:<5?} | {outcome:<44} | sent {sent} | received {received}"
    );
}

/// A short description of an error for the table.
fn describe(e: &Error) -> String {
    let kind = match e.transport_error().map(TransportError::kind) {
        Some(kind) => format!("transport {kind:?}"),
        None if e.is_decode() => format!("decode, status {}", e.status().unwrap().as_u16()),
        None => format!("status {}", e.status().map_or(0, |s| s.as_u16())),
    };
    format!("Err({kind})")
}

/// Asserts that `err` is a transport error of kind `Io` (a connection cut mid-answer).
fn assert_io(err: &Error) {
    assert_eq!(
        err.transport_error().map(TransportError::kind),
        Some(TransportErrorKind::Io),
        "{err}"
    );
}

/// A port nothing listens on.
async fn refused_base() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// Lists files from a server acting `acts`; the call must fail after `attempts` requests, all
/// seen by the server. Prints its row of the fault table and returns the error.
async fn list_fails(
    which: Adapter,
    acts: Vec<Act>,
    label: &str,
    attempts: usize,
) -> imagekit::Error {
    let server = Faulty::start(acts).await;
    let (ik, sent) = client(&server.base, which);
    let err = ik.list_files(&ListFiles::new()).await.unwrap_err();
    assert_eq!(sent.load(Ordering::SeqCst), attempts, "{label}");
    assert_eq!(server.received(), attempts, "{label}");
    row(label, which, &describe(&err), attempts, attempts);
    err
}

/// Uploads `a.png` to a server acting `acts`; the upload must fail after exactly one request,
/// seen once by the server. Prints its row of the fault table and returns the error.
async fn upload_once(which: Adapter, acts: Vec<Act>, label: &str) -> imagekit::Error {
    let server = Faulty::start(acts).await;
    let (ik, sent) = client(&server.base, which);
    let err = ik.upload(&upload_op("a.png")).await.unwrap_err();
    assert_eq!(sent.load(Ordering::SeqCst), 1, "{label}");
    assert_eq!(server.uploads_of("a.png"), 1, "{label}");
    row(label, which, &describe(&err), 1, 1);
    err
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_refused_is_a_connect_error_after_three_attempts(#[case] which: Adapter) {
    let base = refused_base().await;
    let (ik, sent) = client(&base, which);
    let err = ik.list_files(&ListFiles::new()).await.unwrap_err();
    assert!(err.is_connect(), "{err}");
    assert_eq!(sent.load(Ordering::SeqCst), 3);
    row("refused: list_files", which, &describe(&err), 3, 0);

    // An upload that provably did not run is retried too (and reached no server).
    let (ik, sent) = client(&base, which);
    let err = ik.upload(&upload_op("a.png")).await.unwrap_err();
    assert!(err.is_connect(), "{err}");
    assert_eq!(sent.load(Ordering::SeqCst), 3);
    row("refused: upload", which, &describe(&err), 3, 0);
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_mid_body_is_retried_for_a_read_and_not_for_an_upload(#[case] which: Adapter) {
    let server = Faulty::start(vec![Act::ResetMidBody, reply(200, LISTED)]).await;
    let (ik, sent) = client(&server.base, which);
    let files = ik.list_files(&ListFiles::new()).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(sent.load(Ordering::SeqCst), 2);
    assert_eq!(server.received(), 2);
    row(
        "reset mid-body, then 200: list_files",
        which,
        "Ok(1 asset)",
        2,
        2,
    );

    let err = upload_once(
        which,
        vec![Act::ResetMidBody, reply(200, UPLOADED)],
        "reset mid-body: upload",
    )
    .await;
    assert_io(&err);
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_server_times_out(#[case] which: Adapter) {
    let err = list_fails(which, vec![Act::Stall], "stalled server: list_files", 3).await;
    assert!(err.is_timeout(), "{err}");

    let err = upload_once(which, vec![Act::Stall], "stalled server: upload").await;
    assert!(err.is_timeout(), "{err}");
}

/// An answer past the adapter's limit, streamed without end or announced as 10 MB, fails at
/// once with `TooLarge` (not retried: the server would only send it again).
#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_or_huge_answer_stops_at_the_limit(#[case] which: Adapter) {
    let too_large = Some(TransportErrorKind::TooLarge);
    let err = list_fails(which, vec![Act::Endless], "endless body: list_files", 1).await;
    assert_eq!(
        err.transport_error().map(TransportError::kind),
        too_large,
        "{err}"
    );
    assert!(err.to_string().contains("1048576 bytes"), "{err}");

    // Exactly at the limit is read whole.
    let at_limit = format!("[{}]", " ".repeat(MAX_RESPONSE_BYTES - 2));
    let server = Faulty::start(vec![reply(200, &at_limit)]).await;
    let (ik, _) = client(&server.base, which);
    assert!(ik.list_files(&ListFiles::new()).await.unwrap().is_empty());

    let huge = reply(500, &"x".repeat(10 << 20));
    let err = list_fails(which, vec![huge], "10 MB error body: list_files", 1).await;
    assert_eq!(
        err.transport_error().map(TransportError::kind),
        too_large,
        "{err}"
    );
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_storm_honours_the_reset_and_gives_up_rate_limited(#[case] which: Adapter) {
    let limited = Act::Reply {
        status: 429,
        headers: vec![
            ("Content-Type", "application/json".into()),
            ("X-RateLimit-Limit", "10".into()),
            ("X-RateLimit-Reset", "40".into()),
            ("X-RateLimit-Interval", "1000".into()),
        ],
        body: r#"{"message": "Too many requests"}"#.into(),
    };
    let server = Faulty::start(vec![limited.clone()]).await;
    let (ik, sent) = client(&server.base, which);
    let start = std::time::Instant::now();
    let err = ik.list_files(&ListFiles::new()).await.unwrap_err();
    let waited = start.elapsed();
    assert!(err.is_rate_limited(), "{err}");
    assert_eq!(err.rate_limit().unwrap().reset_ms, Some(40));
    assert_eq!(err.message(), Some("Too many requests"));
    assert_eq!(sent.load(Ordering::SeqCst), 3);
    assert_eq!(server.received(), 3);
    // Two pauses of the asked 40 ms, not the 5 ms backoff.
    assert!(waited >= Duration::from_millis(80), "{waited:?}");
    row(
        "429 storm (reset 40 ms): list_files",
        which,
        &describe(&err),
        3,
        3,
    );

    // A 429 means the upload did not run: it is retried, and lands once.
    let server = Faulty::start(vec![limited.clone(), limited, reply(200, UPLOADED)]).await;
    let (ik, sent) = client(&server.base, which);
    let out = ik.upload(&upload_op("a.png")).await.unwrap();
    assert!(matches!(out, UploadResult::Uploaded(ref f) if f.file_id == "f1"));
    assert_eq!(sent.load(Ordering::SeqCst), 3);
    assert_eq!(server.received(), 3);
    row(
        "429, 429, 200: upload",
        which,
        "Ok(uploaded once, 2 refused 429)",
        3,
        3,
    );
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5xx_burst_is_ridden_out_by_reads_and_not_by_uploads(#[case] which: Adapter) {
    let server = Faulty::start(vec![json_error(503), json_error(502), reply(200, LISTED)]).await;
    let (ik, sent) = client(&server.base, which);
    assert_eq!(ik.list_files(&ListFiles::new()).await.unwrap().len(), 1);
    assert_eq!(sent.load(Ordering::SeqCst), 3);
    assert_eq!(server.received(), 3);
    row("503, 502, 200: list_files", which, "Ok(1 asset)", 3, 3);

    let err = list_fails(which, vec![json_error(500)], "500 x3: list_files", 3).await;
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(err.message(), Some("scripted failure"));

    let err = upload_once(
        which,
        vec![json_error(503), reply(200, UPLOADED)],
        "503, 200: upload",
    )
    .await;
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_truncated_body_is_an_io_error(#[case] which: Adapter) {
    let cut = Act::Truncate {
        announced: 300,
        sent: r#"[{"type": "file", "fileId": "f1""#.into(),
    };
    let err = list_fails(which, vec![cut.clone()], "truncated body x3: list_files", 3).await;
    assert_io(&err);

    let err = upload_once(
        which,
        vec![cut, reply(200, UPLOADED)],
        "truncated body: upload",
    )
    .await;
    assert_io(&err);
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_is_not_json_is_a_decode_error(#[case] which: Adapter) {
    let html = "<html><body>Bad gateway</body></html>";
    let err = list_fails(
        which,
        vec![reply(200, html)],
        "200 with HTML: list_files",
        1,
    )
    .await;
    assert!(err.is_decode(), "{err}");
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert!(err.to_string().contains("<html>"), "{err}");

    // A 502 from a proxy in front: retried (the status says so), then a decode error.
    let err = list_fails(
        which,
        vec![reply(502, html)],
        "502 with HTML x3: list_files",
        3,
    )
    .await;
    assert!(err.is_decode(), "{err}");
    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));

    let err = upload_once(
        which,
        vec![reply(200, "not json"), reply(200, UPLOADED)],
        "200 not JSON: upload",
    )
    .await;
    assert!(err.is_decode(), "{err}");
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_207_is_a_partial_outcome_naming_the_failures(#[case] which: Adapter) {
    let partial = r#"{"successfullyDeletedFileIds": ["f1"],
        "errors": [{"fileId": "f2", "error": "File not found"}]}"#;
    let server = Faulty::start(vec![reply(207, partial)]).await;
    let (ik, sent) = client(&server.base, which);
    let out = ik
        .bulk_file_delete(&BulkFileDelete::new(["f1", "f2"]))
        .await
        .unwrap();
    let Outcome::Partial(result) = out else {
        panic!("a 207 must be a partial outcome: {out:?}");
    };
    assert_eq!(result.successfully_deleted_file_ids, ["f1"]);
    assert_eq!(result.errors.len(), 1);
    assert_eq!(result.errors[0].file_id.as_deref(), Some("f2"));
    assert_eq!(result.errors[0].error.as_deref(), Some("File not found"));
    assert_eq!(sent.load(Ordering::SeqCst), 1);
    assert_eq!(server.received(), 1);
    row(
        "207 (1 of 2 failed): bulk_file_delete",
        which,
        "Ok(Partial: f2 failed)",
        1,
        1,
    );

    // A 207 whose body is not the expected JSON is a decode error keeping the status.
    let server = Faulty::start(vec![reply(207, "<partial>")]).await;
    let (ik, sent) = client(&server.base, which);
    let err = ik
        .bulk_file_delete(&BulkFileDelete::new(["f1", "f2"]))
        .await
        .unwrap_err();
    assert!(err.is_decode(), "{err}");
    assert_eq!(err.status(), Some(StatusCode::MULTI_STATUS));
    assert_eq!(sent.load(Ordering::SeqCst), 1);
    row(
        "207 not JSON: bulk_file_delete",
        which,
        &describe(&err),
        1,
        1,
    );
}
