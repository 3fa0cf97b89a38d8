//! Cancellation: dropping a call's future aborts it cleanly. A loopback server of this module's
//! own (small receive buffer, reads the body slowly, never answers) sees a streamed upload or a
//! read start; the test drops the call's future; then the server must see its one connection
//! end (FIN or reset) before the whole body, no second request may arrive well past the retry
//! backoff, and the upload's body source must not be read on after the drop (beyond what was
//! already in flight) nor opened again.

use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use imagekit::api::files::ListFiles;
use imagekit::api::upload::{UploadFile, UploadResult, UploadSource};
use imagekit::api::{Api, Operation};
use imagekit::transport::{Body, BodySource};
use imagekit::{Error, ImageKit, Repeat, RetryPolicy};
use rstest::rstest;
use rstest_reuse::apply;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpSocket, TcpStream};

use super::{adapter_with, big_file, counted, each_adapter, Adapter};

/// The file uploaded: far more than the socket buffers between client and server hold (4 MiB
/// of send buffer at most here), so the upload is mid-body when it is dropped.
const FILE_LEN: u64 = 32 << 20;

/// How much of the body the server reads before the test drops the call.
const PART: u64 = 512 << 10;

/// The server reads this much at a time, then pauses [`PACE`] (about 8 MB/s).
const SLICE: usize = 16 << 10;
const PACE: Duration = Duration::from_millis(2);

/// What a streamed body may read ahead of the connection: hyper's 4 queued chunks of 64 KiB and
/// the one being read, isahc's 256 KiB buffer and the read filling it; with room to spare.
const READ_AHEAD: u64 = 1 << 20;

/// How long after the end a stray retry would have arrived: the backoff here is 20 ms, then
/// 40 ms.
const SETTLE: Duration = Duration::from_millis(1500);

/// One connection as the server saw it.
#[derive(Debug, Clone, Default)]
struct Conn {
    /// The request line, once the head was read whole.
    request: Option<String>,
    /// The `Content-Length` announced.
    announced: Option<u64>,
    /// Body bytes read.
    body: u64,
    /// How it ended: `Ok(())` for a FIN, `Err` for a reset or another read error.
    end: Option<Result<(), String>>,
}

/// The slow sink: its base URL and its connections.
struct Slow {
    base: String,
    conns: Arc<Mutex<Vec<Conn>>>,
}

impl Slow {
    async fn start() -> Slow {
        let socket = TcpSocket::new_v4().unwrap();
        // Accepted sockets inherit it: little is buffered on the server's side.
        socket.set_recv_buffer_size(64 << 10).unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let listener = socket.listen(16).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let conns = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&conns);
        tokio::spawn(tokio::time::timeout(Duration::from_secs(60), async move {
            while let Ok((stream, _)) = listener.accept().await {
                let index = {
                    let mut conns = shared.lock().unwrap();
                    conns.push(Conn::default());
                    conns.len() - 1
                };
                let conns = Arc::clone(&shared);
                tokio::spawn(async move {
                    let end = sink(stream, &conns, index).await;
                    conns.lock().unwrap()[index].end = Some(end.map_err(|e| e.to_string()));
                });
            }
        }));
        Slow { base, conns }
    }

    fn conns(&self) -> Vec<Conn> {
        self.conns.lock().unwrap().clone()
    }

    /// Waits (up to `limit`) until `cond` holds for the first connection.
    async fn first_conn(&self, limit: Duration, cond: impl Fn(&Conn) -> bool) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            if self.conns().first().is_some_and(&cond) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

/// Reads the head, then the body slowly, until the client closes; never answers.
async fn sink(stream: TcpStream, conns: &Mutex<Vec<Conn>>, index: usize) -> io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut request = String::new();
    if reader.read_line(&mut request).await? == 0 {
        return Ok(());
    }
    let mut announced = None;
    let mut expect = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => announced = value.trim().parse().ok(),
                "expect" => expect = value.trim().eq_ignore_ascii_case("100-continue"),
                _ => {}
            }
        }
    }
    {
        let mut conns = conns.lock().unwrap();
        conns[index].request = Some(request.trim_end().to_owned());
        conns[index].announced = announced;
    }
    if expect {
        reader
            .get_mut()
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .await?;
    }
    let mut slice = vec![0; SLICE];
    loop {
        let n = reader.read(&mut slice).await?;
        if n == 0 {
            return Ok(());
        }
        conns.lock().unwrap()[index].body += n as u64;
        tokio::time::sleep(PACE).await;
    }
}

/// A client on `base` through `which` (with the adapter's `timeout`): three attempts 20 ms apart
/// (doubling), a real sleep; and the count of attempts it sends.
fn client(base: &str, which: Adapter, timeout: Option<Duration>) -> (ImageKit, Arc<AtomicUsize>) {
    let (ik, sent) = counted(base, adapter_with(which, timeout));
    let ik = ik
        .with_retry_policy(RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(100),
            jitter: 0.0,
        })
        .with_sleep(tokio::time::sleep);
    (ik, sent)
}

/// Bytes read from a body source, and how many times it was opened.
#[derive(Debug, Clone, Default)]
struct Reads {
    bytes: Arc<AtomicU64>,
    opens: Arc<AtomicUsize>,
}

impl Reads {
    fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::SeqCst)
    }
}

/// An upload whose streamed body (the multipart body the SDK builds, the file in it) counts
/// what is read of it; otherwise `UploadFile` itself (its request, answer and repeat).
struct CountedUpload {
    upload: UploadFile,
    reads: Reads,
}

impl Operation for CountedUpload {
    type Output = UploadResult;

    fn request(&self, api: &Api) -> Result<http::Request<Body>, Error> {
        let (parts, body) = self.upload.request(api)?.into_parts();
        assert!(body.as_bytes().is_none(), "a file upload is streamed");
        let source = CountingSource {
            body,
            reads: self.reads.clone(),
        };
        Ok(http::Request::from_parts(parts, Body::stream(source)))
    }

    fn parse(&self, response: http::Response<Bytes>) -> Result<UploadResult, Error> {
        self.upload.parse(response)
    }

    fn repeat(&self) -> Repeat {
        self.upload.repeat()
    }
}

struct CountingSource {
    body: Body,
    reads: Reads,
}

impl BodySource for CountingSource {
    fn len(&self) -> Option<u64> {
        self.body.len()
    }

    fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        self.reads.opens.fetch_add(1, Ordering::SeqCst);
        Ok(Box::new(CountingReader {
            inner: self.body.reader()?,
            bytes: Arc::clone(&self.reads.bytes),
        }))
    }
}

struct CountingReader {
    inner: Box<dyn Read + Send>,
    bytes: Arc<AtomicU64>,
}

impl Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::SeqCst);
        Ok(n)
    }
}

#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_a_streamed_upload_stops_it_and_never_resends_it(#[case] which: Adapter) {
    let path = big_file(FILE_LEN);
    let server = Slow::start().await;
    let (ik, sent) = client(&server.base, which, None);
    let reads = Reads::default();
    let op = CountedUpload {
        upload: UploadFile::new(UploadSource::file(&path), "big.bin"),
        reads: reads.clone(),
    };
    tokio::select! {
        out = ik.send(&op) => panic!("the upload ended before it was dropped: {out:?}"),
        part = server.first_conn(Duration::from_secs(20), |c| c.body >= PART) => {
            assert!(part, "the server never got {PART} bytes of the body: {:?}", server.conns());
        }
    }
    // The call's future is dropped here.
    let dropped = Instant::now();
    let read_at_drop = reads.bytes();

    let ended = server
        .first_conn(Duration::from_secs(20), |c| c.end.is_some())
        .await;
    let closed_after = dropped.elapsed();
    let conn = server.conns().remove(0);
    assert!(
        ended,
        "the connection is still open 20 s after the drop: {conn:?}"
    );
    let read_at_end = reads.bytes();
    tokio::time::sleep(SETTLE).await;

    let conns = server.conns();
    assert_eq!(conns.len(), 1, "a request after the drop: {conns:?}");
    assert_eq!(sent.load(Ordering::SeqCst), 1);
    assert_eq!(
        reads.opens.load(Ordering::SeqCst),
        1,
        "the body was opened again"
    );
    let conn = &conns[0];
    assert!(conn
        .request
        .as_deref()
        .is_some_and(|r| r.starts_with("POST /api/v1/files/upload ")));
    let announced = conn.announced.expect("a Content-Length");
    assert!(announced > FILE_LEN, "{conn:?}");
    assert!(
        conn.body < announced,
        "the whole body arrived, so nothing was aborted: {conn:?}"
    );
    assert!(
        read_at_end <= read_at_drop + READ_AHEAD,
        "the body source was read on after the drop: {read_at_drop} bytes then {read_at_end}"
    );
    assert_eq!(
        reads.bytes(),
        read_at_end,
        "the body source was read after the connection ended"
    );
    assert!(read_at_end < announced);
    eprintln!(
        "CANCEL | upload {which:?} | server read {} of {announced} bytes, end {:?} {closed_after:?} \
         after the drop | source read {read_at_drop} at the drop, {read_at_end} at the end",
        conn.body, conn.end
    );
    std::fs::remove_file(&path).unwrap();
}

/// A read to a server that never answers, dropped: hyper (and reqwest, on hyper) closes the
/// connection at once. isahc cannot: it learns of the drop only in curl's header, read and
/// write callbacks, and none runs while the server is silent (its progress callback never
/// aborts), so the transfer lives on until the server speaks or closes, or until the adapter's
/// timeout, as here (2 s). None sends the request again.
#[rstest]
#[case::hyper(Adapter::Hyper, None)]
#[cfg_attr(feature = "reqwest", case::reqwest(Adapter::Reqwest, None))]
#[cfg_attr(
    feature = "isahc",
    case::isahc_until_its_timeout(Adapter::Isahc, Some(Duration::from_secs(2)))
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_a_waiting_read_closes_its_connection_and_never_retries(
    #[case] which: Adapter,
    #[case] timeout: Option<Duration>,
) {
    let server = Slow::start().await;
    let (ik, sent) = client(&server.base, which, timeout);
    let list = ListFiles::new();
    tokio::select! {
        out = ik.list_files(&list) => panic!("the read ended before it was dropped: {out:?}"),
        seen = server.first_conn(Duration::from_secs(10), |c| c.request.is_some()) => {
            assert!(seen, "the request never reached the server");
        }
    }
    let dropped = Instant::now();
    let ended = server
        .first_conn(Duration::from_secs(5), |c| c.end.is_some())
        .await;
    let closed_after = dropped.elapsed();
    let conn = server.conns().remove(0);
    assert!(
        ended,
        "the connection is still open 5 s after the drop: {conn:?}"
    );
    tokio::time::sleep(SETTLE).await;
    let conns = server.conns();
    assert_eq!(conns.len(), 1, "a request after the drop: {conns:?}");
    assert_eq!(sent.load(Ordering::SeqCst), 1);
    assert!(conns[0]
        .request
        .as_deref()
        .is_some_and(|r| r.starts_with("GET /v1/files")));
    eprintln!(
        "CANCEL | list_files {which:?} (timeout {timeout:?}) | end {:?} {closed_after:?} after \
         the drop",
        conn.end
    );
}
