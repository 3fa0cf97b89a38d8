//! Timeouts end to end: loopback servers of this module's own accept and never answer, answer
//! the headers and stall, drip one byte a second, or stop reading an upload (which the script
//! server of `faults.rs`, reading each request whole, cannot), and real operations go through
//! every adapter (hyper; isahc and reqwest with their features) with no adapter timeout, on
//! the client's own timers.
//! Each case checks the typed error a user sees, that it names the limit that fired, and how
//! many requests reached the server; `--nocapture` prints how long each took to give up.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use imagekit::api::files::ListFiles;
use imagekit::api::upload::{UploadFile, UploadSource};
use imagekit::{Error, ImageKit, RetryPolicy, Timeouts};
use rstest::rstest;
use rstest_reuse::apply;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpSocket, TcpStream};

use super::{adapter_with, big_file, counted, each_adapter, Adapter};

/// What the server does once it has read a request's head.
#[derive(Debug, Clone, Copy)]
enum Behaviour {
    /// Reads nothing more and never answers (the connection stays open).
    Silent,
    /// Reads the body, answers the headers of a 100-byte body, one byte of it, then nothing.
    StallAfterHeaders,
    /// Reads the body, answers the headers of a 1,000-byte body and sends a byte a second.
    Drip,
    /// Reads `chunk` bytes of the body every `every`, then answers 200 with an upload result.
    ReadSlowly { chunk: usize, every: Duration },
}

/// A misbehaving server: its base URL and how many requests' heads it read.
struct Server {
    base: String,
    requests: Arc<AtomicUsize>,
}

impl Server {
    async fn start(behaviour: Behaviour) -> Server {
        // A fixed receive buffer: the kernel would otherwise grow it up to `tcp_rmem`'s maximum
        // (32 MiB on some machines), and how much of an upload sits unread in buffers after
        // the client has read its file whole would depend on the machine.
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(256 << 10).unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let listener = socket.listen(64).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&requests);
        tokio::spawn(tokio::time::timeout(Duration::from_secs(60), async move {
            while let Ok((stream, _)) = listener.accept().await {
                let counted = Arc::clone(&counted);
                tokio::spawn(tokio::time::timeout(Duration::from_secs(60), async move {
                    let _ = serve(stream, behaviour, &counted).await;
                }));
            }
        }));
        Server { base, requests }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

async fn serve(
    stream: TcpStream,
    behaviour: Behaviour,
    requests: &AtomicUsize,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut length = 0usize;
    let mut expects = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
            expects |= name.eq_ignore_ascii_case("expect");
        }
        if line == "\r\n" {
            break;
        }
    }
    requests.fetch_add(1, Ordering::SeqCst);
    let forever = Duration::from_secs(3600);
    if expects && !matches!(behaviour, Behaviour::Silent) {
        // curl waits a second for this before it sends a large body.
        reader
            .get_mut()
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .await?;
    }
    match behaviour {
        Behaviour::Silent => tokio::time::sleep(forever).await,
        Behaviour::StallAfterHeaders => {
            discard(&mut reader, length).await?;
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[";
            reader.get_mut().write_all(head.as_bytes()).await?;
            tokio::time::sleep(forever).await;
        }
        Behaviour::Drip => {
            discard(&mut reader, length).await?;
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
            reader.get_mut().write_all(head.as_bytes()).await?;
            loop {
                reader.get_mut().write_all(b" ").await?;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        Behaviour::ReadSlowly { chunk, every } => {
            let mut left = length;
            let mut buf = vec![0; chunk];
            while left > 0 {
                let want = left.min(chunk);
                reader.read_exact(&mut buf[..want]).await?;
                left -= want;
                tokio::time::sleep(every).await;
            }
            let body = r#"{"fileId": "f1", "name": "big.bin", "filePath": "/big.bin", "size": 1}"#;
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            reader.get_mut().write_all(answer.as_bytes()).await?;
        }
    }
    Ok(())
}

async fn discard(reader: &mut BufReader<TcpStream>, length: usize) -> std::io::Result<()> {
    let mut body = reader.take(length as u64);
    tokio::io::copy(&mut body, &mut tokio::io::sink()).await?;
    Ok(())
}

/// A client on `server` through `which` with `timeouts`, three attempts 10 ms apart, and the
/// client's own timers (no sleep injected).
fn client(server: &Server, which: Adapter, timeouts: Timeouts) -> ImageKit {
    counted(&server.base, adapter_with(which, None))
        .0
        .with_timeouts(timeouts)
        .with_retry_policy(RetryPolicy {
            base_delay: Duration::from_millis(10),
            jitter: 0.0,
            ..RetryPolicy::default()
        })
}

fn limits(attempt: u64, idle: u64) -> Timeouts {
    Timeouts {
        attempt: Some(Duration::from_millis(attempt)),
        idle: Some(Duration::from_millis(idle)),
        ..Timeouts::default()
    }
}

fn upload_of(path: std::path::PathBuf) -> UploadFile {
    UploadFile::new(UploadSource::file(path), "big.bin")
}

/// The error's text, checked to be a timeout naming `limit`.
fn assert_timed_out(err: &Error, limit: &str) {
    assert!(err.is_timeout(), "not a timeout: {err:?}");
    assert!(
        err.to_string().contains(limit),
        "{limit:?} not named in: {err}"
    );
}

fn report(fault: &str, which: Adapter, started: Instant, err: &Error, requests: usize) {
    eprintln!(
        "TIMEOUT | {fault:<34} | {which:<5?} | gave up after {:>6.2?} | {requests} request(s) | {err}",
        started.elapsed()
    );
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_server_fails_each_attempt_at_the_attempt_timeout(#[case] which: Adapter) {
    let server = Server::start(Behaviour::Silent).await;
    let ik = client(&server, which, limits(300, 300));
    let started = Instant::now();
    let err = ik.list_files(&ListFiles::new()).await.unwrap_err();
    report(
        "silent server: list_files",
        which,
        started,
        &err,
        server.requests(),
    );
    assert_timed_out(&err, "300ms (the attempt timeout)");
    // A read is retried after a timeout: three attempts, as the policy says.
    assert_eq!(server.requests(), 3);
    let started = Instant::now();
    let err = ik.upload(&upload_of(big_file(1 << 20))).await.unwrap_err();
    report(
        "silent server: upload",
        which,
        started,
        &err,
        server.requests() - 3,
    );
    assert!(err.is_timeout(), "{err:?}");
    // An upload is not repeated after a timeout: it may have run.
    assert_eq!(server.requests(), 4);
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_then_silence_or_a_drip_fail_at_the_attempt_timeout(#[case] which: Adapter) {
    for (fault, behaviour) in [
        (
            "headers then stall: list_files",
            Behaviour::StallAfterHeaders,
        ),
        ("drip 1 byte/s: list_files", Behaviour::Drip),
    ] {
        let server = Server::start(behaviour).await;
        let ik =
            client(&server, which, limits(1_500, 1_500)).with_retry_policy(RetryPolicy::none());
        let started = Instant::now();
        let err = ik.list_files(&ListFiles::new()).await.unwrap_err();
        report(fault, which, started, &err, server.requests());
        assert_timed_out(&err, "1.5s (the attempt timeout)");
        assert_eq!(server.requests(), 1);
    }
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_the_server_stops_reading_fails_at_the_idle_timeout(#[case] which: Adapter) {
    // 32 MiB: more than the socket buffers on both sides and the adapters' own buffers hold.
    let server = Server::start(Behaviour::Silent).await;
    let ik = client(&server, which, limits(60_000, 400));
    let started = Instant::now();
    let err = ik.upload(&upload_of(big_file(32 << 20))).await.unwrap_err();
    report(
        "upload not read: 32 MiB",
        which,
        started,
        &err,
        server.requests(),
    );
    assert_timed_out(&err, "no progress for 400ms (the idle timeout)");
    assert_eq!(server.requests(), 1);
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_upload_that_keeps_moving_outlasts_the_attempt_timeout(#[case] which: Adapter) {
    // 64 MiB read 1 MiB each 50 ms: over 3 s in all, never idle for 500 ms. Once the file is
    // read whole, what the socket buffers still hold (the client's send buffer, at most 4 MiB
    // by default, and the server's fixed 256 KiB) drains well within the attempt timeout of 2 s.
    let slow = Behaviour::ReadSlowly {
        chunk: 1 << 20,
        every: Duration::from_millis(50),
    };
    let server = Server::start(slow).await;
    let ik = client(&server, which, limits(2_000, 500));
    let started = Instant::now();
    let result = ik.upload(&upload_of(big_file(64 << 20))).await;
    let took = started.elapsed();
    let uploaded = result.unwrap_or_else(|e| panic!("{which:?}: {e}"));
    assert_eq!(uploaded.file().map(|f| f.file_id.as_str()), Some("f1"));
    assert!(
        took > Duration::from_millis(2_000),
        "not slower than the attempt timeout: {took:?}"
    );
    eprintln!("TIMEOUT | slow upload 64 MiB succeeded      | {which:<5?} | took {took:.2?}");
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_read_whole_but_never_answered_fails_at_the_attempt_timeout(
    #[case] which: Adapter,
) {
    let server = Server::start(Behaviour::StallAfterHeaders).await;
    let ik = client(&server, which, limits(400, 60_000));
    let started = Instant::now();
    let err = ik.upload(&upload_of(big_file(1 << 20))).await.unwrap_err();
    report(
        "upload read, no answer",
        which,
        started,
        &err,
        server.requests(),
    );
    assert_timed_out(&err, "400ms after the body was sent (the attempt timeout)");
    assert_eq!(server.requests(), 1);
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_total_deadline_cuts_the_retries_short(#[case] which: Adapter) {
    let server = Server::start(Behaviour::Silent).await;
    let timeouts = Timeouts {
        total: Some(Duration::from_millis(700)),
        ..limits(300, 300)
    };
    let ik = client(&server, which, timeouts).with_retry_policy(RetryPolicy {
        max_retries: 10,
        base_delay: Duration::from_millis(10),
        jitter: 0.0,
        ..RetryPolicy::default()
    });
    let started = Instant::now();
    let err = ik.list_files(&ListFiles::new()).await.unwrap_err();
    report(
        "silent server, 700 ms in all",
        which,
        started,
        &err,
        server.requests(),
    );
    assert!(err.is_timeout(), "{err:?}");
    // Attempts start at about 0, 310 and 620 ms; the third is cut at 700 ms.
    assert!(
        (2..=3).contains(&server.requests()),
        "{} requests",
        server.requests()
    );
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_call_can_have_its_own_timeout_and_retries(#[case] which: Adapter) {
    let server = Server::start(Behaviour::Silent).await;
    let ik = client(&server, which, Timeouts::default());
    let op = ListFiles::new();
    let err = ik
        .call(&op)
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .send()
        .await
        .unwrap_err();
    assert_timed_out(&err, "200ms (the attempt timeout)");
    assert_eq!(server.requests(), 1);
    // The client itself is unchanged.
    assert_eq!(ik.timeouts(), Timeouts::default());
}

/// Threads of this process, from /proc.
fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").map_or(0, Iterator::count)
}

/// Peak resident memory of this process in KiB, from /proc.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Hundreds of calls rather than a thousand: each takes two descriptors here
/// (client and server), and the libcurl isahc builds fails to connect any socket whose
/// descriptor number is past about 1,024 ("Could not connect to server"; alone, 562 of 1,000
/// isahc calls connected), so the isahc tests running beside this one must stay under that.
#[rstest]
#[case(Adapter::Hyper, 300)]
#[cfg_attr(feature = "reqwest", case(Adapter::Reqwest, 300))]
#[cfg_attr(feature = "isahc", case(Adapter::Isahc, 100))]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_calls_waiting_on_their_timeouts_take_no_thread_each(
    #[case] which: Adapter,
    #[case] count: usize,
) {
    static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _alone = ONE_AT_A_TIME.lock().await;
    let server = Server::start(Behaviour::Silent).await;
    let ik = client(&server, which, limits(1_500, 1_500)).with_retry_policy(RetryPolicy::none());
    let before = threads();
    let calls: Vec<_> = (0..count)
        .map(|_| {
            let ik = ik.clone();
            tokio::spawn(async move { ik.list_files(&ListFiles::new()).await })
        })
        .collect();
    let mut during = threads();
    let mut errors = std::collections::BTreeMap::<String, usize>::new();
    for call in calls {
        let mut call = std::pin::pin!(call);
        let outcome = loop {
            tokio::select! {
                outcome = &mut call => break outcome,
                () = tokio::time::sleep(Duration::from_millis(20)) => during = during.max(threads()),
            }
        };
        let err = outcome.unwrap().unwrap_err();
        let kind = if err.is_timeout() {
            "timeout".to_string()
        } else {
            err.to_string()
        };
        *errors.entry(kind).or_default() += 1;
    }
    eprintln!(
        "TIMEOUT | {count} concurrent calls, 1.5 s limit | {which:<5?} | threads {before} before, at most {during} during | peak RSS {} KiB | {} requests seen | {errors:?}",
        peak_rss_kib(),
        server.requests()
    );
    assert_eq!(errors.get("timeout"), Some(&count), "{errors:?}");
    // A thread per timer would be hundreds more (tests running beside this one have a few).
    assert!(during < 100, "{before} threads before, {during} during");
}
