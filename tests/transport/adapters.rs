//! The adapters on Tokio (HyperTransport; ReqwestTransport with the `reqwest` feature) against
//! real servers on 127.0.0.1 started by each test, every case through each adapter: a JSON
//! round trip, a 100 MB streamed upload in bounded memory, a timeout, a connection cut
//! mid-response, a refused connection, and HTTPS with a private CA made at test time (through
//! HyperTransport's TLS configuration, and through a user's own reqwest client).

use std::io::{self, Read};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use imagekit::transport::hyper::HyperTransport;
use imagekit::transport::{
    Body, BodySource, Transport, TransportErrorKind, DEFAULT_MAX_RESPONSE_BYTES,
};
use rstest::rstest;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::support::adapters::{adapter, every_adapter, Adapter};
use crate::support::pki::private_pki;
use crate::support::server::{serve, serve_with};

/// The adapters on Tokio this build has: each case runs through all of them.
fn adapters() -> Vec<Adapter> {
    let mut all = every_adapter();
    all.retain(|&which| which != Adapter::Isahc);
    all
}

/// `which` with its defaults and `timeout`.
fn transport(which: Adapter, timeout: Duration) -> Arc<dyn Transport> {
    adapter(which, Some(timeout), DEFAULT_MAX_RESPONSE_BYTES)
}

fn json_response(status: StatusCode, value: &Value) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("x-ik-requestid", "req-42")
        .body(Full::new(Bytes::from(value.to_string())))
        .unwrap()
}

/// Echoes the method, path, query, a few headers and the body as JSON, with status 201.
async fn echo(request: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    json_response(
        StatusCode::CREATED,
        &json!({
            "method": parts.method.as_str(),
            "path": parts.uri.path(),
            "query": parts.uri.query(),
            "x-test": header("x-test"),
            "authorization": header("authorization"),
            "content-type": header("content-type"),
            "content-length": header("content-length"),
            "transfer-encoding": header("transfer-encoding"),
            "body": String::from_utf8(body.to_vec()).unwrap(),
        }),
    )
}

#[rstest]
#[case::post(
    Method::POST,
    "/api/v1/files/upload",
    r#"{"fileName":"a.jpg","tags":["x","y"]}"#
)]
#[case::patch(Method::PATCH, "/v1/files/abc/details", r#"{"tags":null}"#)]
#[case::delete_with_a_body(Method::DELETE, "/v1/folder", r#"{"folderPath":"/a/b"}"#)]
#[case::get(Method::GET, "/v1/files", "")]
#[tokio::test]
async fn a_json_request_round_trips(
    #[case] method: Method,
    #[case] path: &str,
    #[case] body: &'static str,
) {
    let addr = serve(echo).await;
    for which in adapters() {
        let transport = transport(which, Duration::from_secs(5));
        let request = Request::builder()
            .method(method.clone())
            .uri(format!("http://{addr}{path}?skip=0&limit=2"))
            .header("content-type", "application/json")
            .header("authorization", "Basic cHJpdmF0ZV9rZXk6")
            .header("x-test", "echo me")
            .body(if body.is_empty() {
                Body::empty()
            } else {
                Body::from(body)
            })
            .unwrap();
        let response = transport.send(request).await.unwrap();

        assert_eq!(response.status(), StatusCode::CREATED, "{which:?}");
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.headers()["x-ik-requestid"], "req-42");
        let echoed: Value = serde_json::from_slice(response.body()).unwrap();
        let expected_length = (!body.is_empty()).then(|| body.len().to_string());
        assert_eq!(
            echoed,
            json!({
                "method": method.as_str(),
                "path": path,
                "query": "skip=0&limit=2",
                "x-test": "echo me",
                "authorization": "Basic cHJpdmF0ZV9rZXk6",
                "content-type": "application/json",
                "content-length": expected_length,
                "transfer-encoding": null,
                "body": body,
            }),
            "{which:?}"
        );
        assert_eq!(
            response.headers()["content-length"],
            response.body().len().to_string().as_str()
        );
    }
}

/// One 64-bit word of the deterministic test data (splitmix64 of its index).
fn word(index: u64) -> u64 {
    let mut z = index.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Counts bytes and folds them, 8 at a time, into a checksum, whatever the chunking.
#[derive(Default)]
struct Checksum {
    count: u64,
    hash: u64,
    pending: [u8; 8],
    pending_len: usize,
}

impl Checksum {
    fn fold(&mut self, word: u64) {
        self.hash = (self.hash ^ word)
            .wrapping_mul(0x0000_0100_0000_01B3)
            .rotate_left(7);
    }

    fn update(&mut self, mut data: &[u8]) {
        self.count += data.len() as u64;
        if self.pending_len > 0 {
            let take = (8 - self.pending_len).min(data.len());
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(&data[..take]);
            self.pending_len += take;
            data = &data[take..];
            if self.pending_len < 8 {
                return;
            }
            self.fold(u64::from_le_bytes(self.pending));
            self.pending_len = 0;
        }
        let mut words = data.chunks_exact(8);
        for w in &mut words {
            self.fold(u64::from_le_bytes(w.try_into().unwrap()));
        }
        let rest = words.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.pending_len = rest.len();
    }

    fn finish(mut self) -> (u64, u64) {
        if self.pending_len > 0 {
            self.pending[self.pending_len..].fill(0);
            self.fold(u64::from_le_bytes(self.pending));
        }
        (self.count, self.hash)
    }
}

/// The checksum of the first `len` bytes of the test data, computed word by word.
fn expected_checksum(len: u64) -> (u64, u64) {
    let mut sum = Checksum::default();
    for index in 0..len / 8 {
        sum.fold(word(index));
    }
    let tail = (len % 8) as usize;
    if tail > 0 {
        sum.update(&word(len / 8).to_le_bytes()[..tail]);
    }
    sum.count = len;
    sum.finish()
}

/// `len` bytes of deterministic data, generated as they are read; the length is announced or not.
struct Generated {
    len: u64,
    announce: bool,
    opened: Arc<std::sync::atomic::AtomicUsize>,
}

impl Generated {
    fn new(len: u64, announce: bool) -> Self {
        Generated {
            len,
            announce,
            opened: Arc::default(),
        }
    }
}

impl BodySource for Generated {
    fn len(&self) -> Option<u64> {
        self.announce.then_some(self.len)
    }

    fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        self.opened
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(Box::new(GeneratedReader {
            pos: 0,
            len: self.len,
        }))
    }
}

struct GeneratedReader {
    pos: u64,
    len: u64,
}

impl Read for GeneratedReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = 0;
        while n < buf.len() && self.pos < self.len {
            let offset = (self.pos % 8) as usize;
            let bytes = word(self.pos / 8).to_le_bytes();
            let take = (8 - offset)
                .min(buf.len() - n)
                .min((self.len - self.pos) as usize);
            buf[n..n + take].copy_from_slice(&bytes[offset..offset + take]);
            n += take;
            self.pos += take as u64;
        }
        Ok(n)
    }
}

/// Counts the request body and checksums it frame by frame, storing nothing; answers
/// `{count, checksum, content-length, transfer-encoding}`.
async fn count(request: Request<Incoming>) -> Response<Full<Bytes>> {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let content_length = header("content-length");
    let transfer_encoding = header("transfer-encoding");
    let mut body = request.into_body();
    let mut sum = Checksum::default();
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            sum.update(&data);
        }
    }
    let (count, checksum) = sum.finish();
    json_response(
        StatusCode::OK,
        &json!({
            "count": count,
            "checksum": checksum.to_string(),
            "content-length": content_length,
            "transfer-encoding": transfer_encoding,
        }),
    )
}

/// The process's peak resident set size so far, in KiB (`VmHWM`).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/self/status");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_mb_upload_streams_in_bounded_memory() {
    const LEN: u64 = 100 * 1024 * 1024;
    let expected = expected_checksum(LEN);
    let addr = serve(count).await;
    for which in adapters() {
        let transport = transport(which, Duration::from_secs(100));
        let source = Generated::new(LEN, true);
        let opened = source.opened.clone();
        let body = Body::stream(source);

        let before = peak_rss_kib();
        let started = Instant::now();
        let request = Request::post(format!("http://{addr}/api/v1/files/upload"))
            .header("content-type", "application/octet-stream")
            .body(body)
            .unwrap();
        let response = transport.send(request).await.unwrap();
        let elapsed = started.elapsed();
        let after = peak_rss_kib();

        assert_eq!(response.status(), StatusCode::OK, "{which:?}");
        let answer: Value = serde_json::from_slice(response.body()).unwrap();
        assert_eq!(answer["count"], LEN, "{which:?}");
        assert_eq!(answer["checksum"], expected.1.to_string(), "{which:?}");
        assert_eq!(answer["content-length"], LEN.to_string(), "{which:?}");
        assert_eq!(answer["transfer-encoding"], Value::Null, "{which:?}");
        assert_eq!(opened.load(std::sync::atomic::Ordering::SeqCst), 1);
        let grew_kib = after.saturating_sub(before);
        eprintln!(
            "100 MB streamed upload, {which:?}: {:.2?}, peak RSS (VmHWM) {} KiB before, {} KiB \
         after, +{} KiB",
            elapsed, before, after, grew_kib
        );
        assert!(
            grew_kib < 64 * 1024,
            "{which:?}: the peak RSS grew by {grew_kib} KiB while streaming 100 MB"
        );
    }
}

#[rstest]
#[case::known_length(300_003, true)]
#[case::unknown_length_is_chunked(300_003, false)]
#[case::one_chunk_exactly(64 * 1024, true)]
#[case::empty_stream(0, false)]
#[tokio::test]
async fn a_small_stream_arrives_whole(#[case] len: u64, #[case] announce: bool) {
    let addr = serve(count).await;
    for which in adapters() {
        let transport = transport(which, Duration::from_secs(5));
        let request = Request::put(format!("http://{addr}/upload"))
            .body(Body::stream(Generated::new(len, announce)))
            .unwrap();
        let response = transport.send(request).await.unwrap();
        let answer: Value = serde_json::from_slice(response.body()).unwrap();
        assert_eq!(answer["count"], len, "{which:?}");
        assert_eq!(
            answer["checksum"],
            expected_checksum(len).1.to_string(),
            "{which:?}"
        );
        if announce {
            assert_eq!(answer["content-length"], len.to_string(), "{which:?}");
        } else {
            assert_eq!(answer["content-length"], Value::Null, "{which:?}");
            assert_eq!(answer["transfer-encoding"], "chunked", "{which:?}");
        }
    }
}

/// A source that fails: to open, or after some bytes, or gives fewer bytes than it announced.
struct Broken {
    open_fails: bool,
    len: Option<u64>,
    gives: u64,
}

impl BodySource for Broken {
    fn len(&self) -> Option<u64> {
        self.len
    }

    fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        if self.open_fails {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such file"));
        }
        let good = GeneratedReader {
            pos: 0,
            len: self.gives,
        };
        let fails = self.len.is_none();
        Ok(Box::new(good.chain(FailingReader(fails))))
    }
}

struct FailingReader(bool);

impl Read for FailingReader {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        if self.0 {
            Err(io::Error::other("disk went away"))
        } else {
            Ok(0)
        }
    }
}

#[rstest]
#[case::cannot_open(Broken { open_fails: true, len: Some(10), gives: 0 }, "could not open the request body")]
#[case::read_fails(Broken { open_fails: false, len: None, gives: 200_000 }, "disk went away")]
#[case::shorter_than_announced(Broken { open_fails: false, len: Some(500_000), gives: 200_000 }, "ended after 200000 of its 500000 bytes")]
#[tokio::test]
async fn a_failing_body_source_is_another_error(#[case] source: Broken, #[case] message: &str) {
    let addr = serve(count).await;
    let body = Body::stream(source);
    for which in adapters() {
        let transport = transport(which, Duration::from_secs(5));
        let request = Request::post(format!("http://{addr}/upload"))
            .body(body.clone())
            .unwrap();
        let error = transport.send(request).await.unwrap_err();
        assert_eq!(
            error.kind(),
            TransportErrorKind::Other,
            "{which:?}: {error}"
        );
        assert!(error.to_string().contains(message), "{which:?}: {error}");
    }
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let addr = serve(|_| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        Response::new(Full::new(Bytes::from_static(b"late")))
    })
    .await;
    for which in adapters() {
        let transport = transport(which, Duration::from_millis(200));
        let started = Instant::now();
        let request = Request::get(format!("http://{addr}/slow"))
            .header("authorization", "Basic c2VjcmV0X2tleTo=")
            .body(Body::empty())
            .unwrap();
        let error = transport.send(request).await.unwrap_err();
        let elapsed = started.elapsed();
        assert_eq!(
            error.kind(),
            TransportErrorKind::Timeout,
            "{which:?}: {error}"
        );
        assert!(
            elapsed < Duration::from_secs(1),
            "{which:?} took {elapsed:?}"
        );
        assert!(!format!("{error} {error:?}").contains("c2VjcmV0X2tleTo"));
    }
}

#[tokio::test]
async fn a_slow_body_times_out_too() {
    for which in adapters() {
        // The headers come at once; the body never ends.
        let addr = raw_server(
            b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
            Duration::from_secs(5),
        )
        .await;
        let transport = transport(which, Duration::from_millis(200));
        let started = Instant::now();
        let request = Request::get(format!("http://{addr}/"))
            .body(Body::empty())
            .unwrap();
        let error = transport.send(request).await.unwrap_err();
        assert_eq!(
            error.kind(),
            TransportErrorKind::Timeout,
            "{which:?}: {error}"
        );
        assert!(started.elapsed() < Duration::from_secs(1), "{which:?}");
    }
}

/// Accepts one connection, reads the request head, writes `answer`, waits `linger`, closes.
async fn raw_server(answer: &'static [u8], linger: Duration) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(tokio::time::timeout(Duration::from_secs(10), async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buf).await.unwrap();
            if n == 0 {
                return;
            }
            head.extend_from_slice(&buf[..n]);
        }
        stream.write_all(answer).await.unwrap();
        stream.flush().await.unwrap();
        tokio::time::sleep(linger).await;
        drop(stream);
    }));
    addr
}

#[rstest]
#[case::body_cut_short(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/json\r\n\r\n{\"fileId\":")]
#[case::no_answer_at_all(b"")]
#[case::headers_cut_short(b"HTTP/1.1 200 OK\r\nContent-Len")]
#[tokio::test]
async fn a_connection_closed_mid_response_is_an_io_error(#[case] answer: &'static [u8]) {
    for which in adapters() {
        let addr = raw_server(answer, Duration::ZERO).await;
        let transport = transport(which, Duration::from_secs(5));
        let request = Request::get(format!("http://{addr}/v1/files/abc/details"))
            .body(Body::empty())
            .unwrap();
        let error = transport.send(request).await.unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::Io, "{which:?}: {error}");
    }
}

#[tokio::test]
async fn a_port_with_nothing_listening_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    for which in adapters() {
        let transport = transport(which, Duration::from_secs(5));
        let request = Request::post(format!("http://{addr}/api/v1/files/upload?name=private"))
            .header("authorization", "Basic c2VjcmV0X2tleTo=")
            .body(Body::from("{}"))
            .unwrap();
        let error = transport.send(request).await.unwrap_err();
        assert_eq!(
            error.kind(),
            TransportErrorKind::Connect,
            "{which:?}: {error}"
        );
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("c2VjcmV0X2tleTo"), "{which:?}: {shown}");
        assert!(!shown.contains("private"), "{which:?}: {shown}");
    }
}

#[tokio::test]
async fn a_url_without_a_host_is_another_error() {
    for which in adapters() {
        let transport = adapter(which, None, DEFAULT_MAX_RESPONSE_BYTES);
        let request = Request::get("/relative/only").body(Body::empty()).unwrap();
        let error = transport.send(request).await.unwrap_err();
        assert_eq!(
            error.kind(),
            TransportErrorKind::Other,
            "{which:?}: {error}"
        );
    }
}

/// Greets over TLS, naming the path and the `x-service` header when there is one.
async fn hello(request: Request<Incoming>) -> Response<Full<Bytes>> {
    let mut text = format!("hello over TLS at {}", request.uri().path());
    if let Some(service) = request.headers().get("x-service") {
        text.push_str(&format!(" from {}", service.to_str().unwrap()));
    }
    Response::new(Full::new(Bytes::from(text)))
}

/// A rustls configuration trusting only the CA in `ca_pem`.
fn private_ca_config(ca_pem: &str) -> rustls::ClientConfig {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(ca_pem.as_bytes()).unwrap())
        .unwrap();
    // rustls 0.23.48 deprecates the ring provider (no post-quantum key exchange); it is the
    // backend this crate ships, so the test server uses it too.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth()
}

#[rstest]
#[case::by_name("localhost")]
#[case::by_address("127.0.0.1")]
#[tokio::test]
async fn https_with_a_private_ca_works_and_the_default_roots_refuse_it(#[case] host: &str) {
    let pki = private_pki();
    let addr = serve_with(
        hello,
        Some(tokio_rustls::TlsAcceptor::from(pki.server.clone())),
    )
    .await;
    let url = format!("https://{host}:{}/v1/files", addr.port());

    let mut config = private_ca_config(&pki.ca_pem);
    // hyper-rustls refuses a configuration with ALPN already set; the transport clears it.
    config.alpn_protocols = vec![b"h2".to_vec()];
    let private = HyperTransport::with_tls_config(config).timeout(Duration::from_secs(5));
    let request = Request::get(&url).body(Body::empty()).unwrap();
    let response = private.send(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.version(), http::Version::HTTP_11);
    assert_eq!(&response.body()[..], b"hello over TLS at /v1/files");

    for which in adapters() {
        let public = transport(which, Duration::from_secs(5));
        let request = Request::get(&url).body(Body::empty()).unwrap();
        let error = public.send(request).await.unwrap_err();
        // An untrusted certificate is reported as such, and not as a failure to retry.
        assert_eq!(
            error.kind(),
            TransportErrorKind::Other,
            "{which:?}: {error}"
        );
        assert!(
            error.to_string().contains("certificate"),
            "{which:?}: {error}"
        );
    }
}

/// A service's own reqwest client, as it configured it: its TLS (a private CA) and its default
/// headers are the ones each request goes out with.
#[cfg(feature = "reqwest")]
#[tokio::test]
async fn a_services_own_reqwest_client_is_used_as_configured() {
    use imagekit::transport::reqwest::ReqwestTransport;

    let pki = private_pki();
    let addr = serve_with(
        hello,
        Some(tokio_rustls::TlsAcceptor::from(pki.server.clone())),
    )
    .await;
    let mut headers = http::HeaderMap::new();
    headers.insert("x-service", http::HeaderValue::from_static("billing"));
    let key = http::HeaderValue::from_static("Basic c2VjcmV0X2tleTo=");
    headers.insert("proxy-authorization", key);
    let client = reqwest::Client::builder()
        .tls_backend_preconfigured(private_ca_config(&pki.ca_pem))
        .default_headers(headers)
        .build()
        .unwrap();
    let transport = ReqwestTransport::from_client(client).timeout(Duration::from_secs(5));
    // The client's Debug shows its default headers; the transport's leaves the client out.
    let shown = format!("{transport:?}");
    assert!(!shown.contains("c2VjcmV0X2tleTo"), "{shown}");
    let url = format!("https://localhost:{}/v1/files", addr.port());
    let request = Request::get(&url).body(Body::empty()).unwrap();
    let response = transport.send(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        &response.body()[..],
        b"hello over TLS at /v1/files from billing"
    );
}
