//! IsahcTransport against a real HTTP/1.1 server on 127.0.0.1, written here on std::net so the
//! test depends on nothing but isahc and futures-lite's `block_on`; for HTTPS, the same server
//! speaks TLS through rustls (re-exported by tokio-rustls) with a private CA made by rcgen.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_lite::future::block_on;
use imagekit::transport::isahc::IsahcTransport;
use imagekit::transport::{Body, BodySource, Transport, TransportErrorKind};
use isahc::config::Configurable;
use tokio_rustls::rustls;

use crate::support::pki::private_pki;

/// How long a test server waits for its one connection, and for each read or write on it.
const SERVER_WAIT: Duration = Duration::from_secs(30);

/// The request as the server saw it; the body is left on the stream for the handler.
#[derive(Debug)]
struct Head {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn content_length(&self) -> u64 {
        self.header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }
}

/// Serves one connection on a fresh port: reads the request line and headers, answers
/// `Expect: 100-continue`, then hands the head, the body (at most Content-Length bytes) and the
/// stream to `handle`, whose result the returned handle yields. Bounded: gives up after
/// `SERVER_WAIT` without a connection, and every read and write times out.
fn serve<T: Send + 'static>(
    handle: impl FnOnce(Head, &mut dyn Read, &mut TcpStream) -> T + Send + 'static,
) -> (SocketAddr, JoinHandle<io::Result<T>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = thread::spawn(move || {
        let mut stream = accept_within(&listener, SERVER_WAIT)?;
        stream.set_read_timeout(Some(SERVER_WAIT))?;
        stream.set_write_timeout(Some(SERVER_WAIT))?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let head = read_head(&mut reader)?;
        if head
            .header("expect")
            .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
        {
            stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        let mut body = reader.take(head.content_length());
        Ok(handle(head, &mut body, &mut stream))
    });
    (addr, server)
}

fn accept_within(listener: &TcpListener, wait: Duration) -> io::Result<TcpStream> {
    listener.set_nonblocking(true)?;
    let deadline = Instant::now() + wait;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false)?;
                return Ok(stream);
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(e),
        }
    }
}

fn read_head(reader: &mut impl BufRead) -> io::Result<Head> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut words = line.split_whitespace();
    let method = words.next().unwrap_or_default().to_owned();
    let path = words.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    Ok(Head {
        method,
        path,
        headers,
    })
}

fn send(
    transport: &IsahcTransport,
    request: http::Request<Body>,
) -> Result<http::Response<Bytes>, imagekit::transport::TransportError> {
    block_on(transport.send(request))
}

#[test]
fn a_json_request_round_trips() {
    let (addr, server) = serve(|head, body, stream| {
        let mut received = Vec::new();
        body.read_to_end(&mut received).unwrap();
        let reply = format!(
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Echo-Method: {}\r\n\
             X-Echo-Path: {}\r\nX-Echo-Trace: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            head.method,
            head.path,
            head.header("x-trace").unwrap_or("-"),
            received.len(),
        );
        stream.write_all(reply.as_bytes()).unwrap();
        stream.write_all(&received).unwrap();
        head
    });
    let json = r#"{"fileId":"abc","tags":["a","b"]}"#;
    let request = http::Request::post(format!("http://{addr}/v1/files/details?x=1"))
        .header("content-type", "application/json")
        .header("x-trace", "t-42")
        .header("authorization", "Basic c2VjcmV0Og==")
        .body(Body::from(json))
        .unwrap();

    let response = send(&IsahcTransport::new().unwrap(), request).unwrap();

    assert_eq!(response.status(), http::StatusCode::CREATED);
    let h = response.headers();
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(h["x-echo-method"], "POST");
    assert_eq!(h["x-echo-path"], "/v1/files/details?x=1");
    assert_eq!(h["x-echo-trace"], "t-42");
    assert_eq!(response.body(), json.as_bytes());
    let head = server.join().unwrap().unwrap();
    assert_eq!(head.header("content-length"), Some("33"));
    assert_eq!(head.header("authorization"), Some("Basic c2VjcmV0Og=="));
    assert_eq!(head.header("transfer-encoding"), None);
}

#[test]
fn an_empty_post_says_content_length_zero_and_a_get_sends_no_body() {
    for (method, expected) in [("POST", Some("0")), ("GET", None)] {
        let (addr, server) = serve(|head, _, stream| {
            stream
                .write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
                .unwrap();
            head
        });
        let request = http::Request::builder()
            .method(method)
            .uri(format!("http://{addr}/v1/purge"))
            .body(Body::empty())
            .unwrap();
        let response = send(&IsahcTransport::new().unwrap(), request).unwrap();
        assert_eq!(response.status(), http::StatusCode::NO_CONTENT);
        assert!(response.body().is_empty());
        let head = server.join().unwrap().unwrap();
        assert_eq!(head.method, method);
        assert_eq!(head.header("content-length"), expected, "{method}");
        assert_eq!(head.header("transfer-encoding"), None, "{method}");
    }
}

/// `len` deterministic bytes, made as they are read.
struct Generated {
    len: u64,
}

struct GeneratedReader {
    pos: u64,
    len: u64,
}

fn byte_at(pos: u64) -> u8 {
    (pos.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as u8
}

impl BodySource for Generated {
    fn len(&self) -> Option<u64> {
        Some(self.len)
    }

    fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        Ok(Box::new(GeneratedReader {
            pos: 0,
            len: self.len,
        }))
    }
}

impl Read for GeneratedReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min((self.len - self.pos) as usize);
        for (i, b) in buf[..n].iter_mut().enumerate() {
            *b = byte_at(self.pos + i as u64);
        }
        self.pos += n as u64;
        Ok(n)
    }
}

/// FNV-1a, 64 bits.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// The process's peak resident set, in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn a_100_mb_body_streams_without_being_held_in_memory() {
    const LEN: u64 = 100 * 1024 * 1024;
    let (addr, server) = serve(|head, body, stream| {
        let mut count = 0u64;
        let mut sum = Fnv::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = body.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            count += n as u64;
            sum.update(&buf[..n]);
        }
        let reply = format!("{count} {:016x}", sum.0);
        let head_text = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            reply.len()
        );
        stream.write_all(head_text.as_bytes()).unwrap();
        stream.write_all(reply.as_bytes()).unwrap();
        (head, count, sum.0)
    });
    let mut expected = Fnv::new();
    let mut reader = Generated { len: LEN }.open().unwrap();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        expected.update(&buf[..n]);
    }
    drop(buf);

    let before = peak_rss_kib();
    let started = Instant::now();
    let request = http::Request::post(format!("http://{addr}/api/v1/files/upload"))
        .header("content-type", "application/octet-stream")
        .body(Body::stream(Generated { len: LEN }))
        .unwrap();
    let response = send(&IsahcTransport::new().unwrap(), request).unwrap();
    let elapsed = started.elapsed();
    let after = peak_rss_kib();

    assert_eq!(response.status(), http::StatusCode::OK);
    let (head, count, sum) = server.join().unwrap().unwrap();
    assert_eq!(head.header("content-length"), Some("104857600"));
    assert_eq!(head.header("transfer-encoding"), None);
    assert_eq!(count, LEN);
    assert_eq!(sum, expected.0);
    assert_eq!(
        response.body(),
        format!("{LEN} {:016x}", expected.0).as_bytes()
    );
    let grown = after.saturating_sub(before);
    eprintln!(
        "100 MB streamed in {elapsed:?}: peak RSS {before} KiB before, {after} KiB after, \
         +{grown} KiB"
    );
    assert!(grown < 64 * 1024, "peak RSS grew by {grown} KiB");
}

#[test]
fn a_slow_server_times_out() {
    let (addr, server) = serve(|_, body, stream| {
        io::copy(body, &mut io::sink()).unwrap();
        thread::sleep(Duration::from_secs(2));
        // The client is gone by now: the write may fail.
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
    });
    let request = http::Request::get(format!("http://{addr}/v1/files"))
        .header("authorization", "Basic c2VjcmV0LWtleTo=")
        .body(Body::empty())
        .unwrap();
    let transport = IsahcTransport::new()
        .unwrap()
        .timeout(Duration::from_millis(200));

    let started = Instant::now();
    let error = send(&transport, request).unwrap_err();
    let elapsed = started.elapsed();

    assert_eq!(error.kind(), TransportErrorKind::Timeout, "{error:?}");
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    assert!(!format!("{error} {error:?}").contains("c2VjcmV0"));
    eprintln!("timeout after {elapsed:?}: {error}");
    server.join().unwrap().unwrap();
}

#[test]
fn a_connection_closed_mid_response_is_io() {
    let (addr, server) = serve(|_, body, stream| {
        io::copy(body, &mut io::sink()).unwrap();
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"partial\":")
            .unwrap();
        stream.flush().unwrap();
        // Dropping the stream (and the server's clone of it) closes the connection.
    });
    let request = http::Request::get(format!("http://{addr}/v1/files"))
        .body(Body::empty())
        .unwrap();

    let error = send(&IsahcTransport::new().unwrap(), request).unwrap_err();

    assert_eq!(error.kind(), TransportErrorKind::Io, "{error:?}");
    assert!(!error.to_string().contains("unknown"), "{error}");
    eprintln!("closed mid-response: {error}");
    server.join().unwrap().unwrap();
}

/// A body whose reader fails after `ok` bytes.
struct Failing {
    ok: u64,
}

impl BodySource for Failing {
    fn len(&self) -> Option<u64> {
        Some(1024 * 1024)
    }

    fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        let generated = GeneratedReader {
            pos: 0,
            len: self.ok,
        };
        let failure = FailRead(Some(io::Error::other("disk on fire")));
        Ok(Box::new(generated.chain(failure)))
    }
}

struct FailRead(Option<io::Error>);

impl Read for FailRead {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(self.0.take().unwrap_or_else(|| io::ErrorKind::Other.into()))
    }
}

#[test]
fn a_body_source_failing_mid_stream_is_io_with_its_cause() {
    let (addr, server) = serve(|_, body, _| io::copy(body, &mut io::sink()));
    let request = http::Request::put(format!("http://{addr}/upload"))
        .body(Body::stream(Failing { ok: 300 * 1024 }))
        .unwrap();

    let error = send(&IsahcTransport::new().unwrap(), request).unwrap_err();

    assert_eq!(error.kind(), TransportErrorKind::Io, "{error:?}");
    assert!(error.to_string().contains("disk on fire"), "{error}");
    eprintln!("body source failed: {error}");
    // The server saw the connection end short of Content-Length.
    let _ = server.join().unwrap();
}

#[test]
fn nothing_listening_is_connect() {
    // Bind and drop to find a port that nothing listens on.
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let request = http::Request::post(format!("http://{addr}/api/v1/files/upload"))
        .header("authorization", "Basic c2VjcmV0LWtleTo=")
        .body(Body::from("{}"))
        .unwrap();

    let error = send(&IsahcTransport::new().unwrap(), request).unwrap_err();

    assert_eq!(error.kind(), TransportErrorKind::Connect, "{error:?}");
    assert!(!format!("{error} {error:?}").contains("c2VjcmV0"));
    eprintln!("nothing listening: {error}");
}

/// How long a TLS test server waits for its one connection, and for each read or write on it.
const TLS_SERVER_WAIT: Duration = Duration::from_secs(5);

/// A file removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    /// Writes `contents` to a new file under Cargo's temporary directory for integration tests,
    /// named after this process and a count so that concurrent tests and runs do not collide.
    fn new(name: &str, contents: &[u8]) -> Self {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let count = COUNT.fetch_add(1, Ordering::Relaxed);
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "imagekit-isahc-{}-{count}-{name}",
            std::process::id()
        ));
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Serves one HTTPS connection on a fresh port: completes the TLS handshake, reads the request
/// line and headers (a GET's: no body), hands the head and the TLS stream to `handle`, then
/// closes the TLS session. The handle yields `handle`'s result, or the I/O error that ended the
/// connection first (a failed handshake included). Bounded: gives up after `TLS_SERVER_WAIT`
/// without a connection, and every read and write times out.
fn serve_tls<T: Send + 'static>(
    config: Arc<rustls::ServerConfig>,
    handle: impl FnOnce(Head, &mut dyn Write) -> T + Send + 'static,
) -> (SocketAddr, JoinHandle<io::Result<T>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = thread::spawn(move || {
        let stream = accept_within(&listener, TLS_SERVER_WAIT)?;
        stream.set_read_timeout(Some(TLS_SERVER_WAIT))?;
        stream.set_write_timeout(Some(TLS_SERVER_WAIT))?;
        let connection = rustls::ServerConnection::new(config).map_err(io::Error::other)?;
        let mut tls = rustls::StreamOwned::new(connection, stream);
        // The first read drives the handshake.
        let head = read_head(&mut BufReader::new(&mut tls))?;
        let result = handle(head, &mut tls);
        tls.conn.send_close_notify();
        tls.flush()?;
        Ok(result)
    });
    (addr, server)
}

/// Answers 200 with a text naming the request's path.
fn hello(head: Head, stream: &mut dyn Write) -> Head {
    let text = format!("hello over TLS at {}", head.path);
    let reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{text}",
        text.len()
    );
    stream.write_all(reply.as_bytes()).unwrap();
    head
}

#[test]
fn https_with_a_private_ca_file_works_and_the_default_roots_refuse_it() {
    const AUTHORIZATION: &str = "Basic dGxzLXNlY3JldDo=";
    let pki = private_pki();
    let ca_file = TempFile::new("ca.pem", pki.ca_pem.as_bytes());
    // isahc 2's TLS options: a trust store of the CA's PEM file, which curl's rustls backend
    // loads as CURLOPT_CAINFO (in place of the platform verifier the default store asks for).
    let tls = isahc::tls::TlsConfig::builder()
        .trust_store(isahc::tls::TrustStore::from_file(&ca_file.0))
        .build();
    let client = isahc::HttpClient::builder()
        .tls_config(tls)
        .build()
        .unwrap();
    let private = IsahcTransport::with_client(client).timeout(Duration::from_secs(5));

    for host in ["localhost", "127.0.0.1"] {
        let (addr, server) = serve_tls(pki.server.clone(), hello);
        let request = http::Request::get(format!("https://{host}:{}/v1/files", addr.port()))
            .header("authorization", AUTHORIZATION)
            .body(Body::empty())
            .unwrap();
        let started = Instant::now();
        let response = send(&private, request).unwrap_or_else(|e| panic!("{host}: {e:?}"));
        eprintln!(
            "HTTPS to {host} with the private CA: {:?}",
            started.elapsed()
        );

        assert_eq!(response.status(), http::StatusCode::OK, "{host}");
        assert_eq!(response.version(), http::Version::HTTP_11, "{host}");
        assert_eq!(response.headers()["content-type"], "text/plain", "{host}");
        assert_eq!(
            &response.body()[..],
            b"hello over TLS at /v1/files",
            "{host}"
        );
        let head = server.join().unwrap().unwrap();
        assert_eq!(head.method, "GET");
        assert_eq!(head.header("authorization"), Some(AUTHORIZATION));
    }

    // isahc's default trust (the platform's roots) does not know the private CA.
    let (addr, server) = serve_tls(pki.server.clone(), hello);
    let request = http::Request::get(format!("https://localhost:{}/v1/files", addr.port()))
        .header("authorization", AUTHORIZATION)
        .body(Body::empty())
        .unwrap();
    let public = IsahcTransport::new()
        .unwrap()
        .timeout(Duration::from_secs(5));
    let started = Instant::now();
    let error = send(&public, request).unwrap_err();
    let elapsed = started.elapsed();
    eprintln!(
        "HTTPS with the default roots after {elapsed:?}: {:?}: {error}",
        error.kind()
    );
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    let text = format!("{error} {error:?}");
    assert!(!text.contains(AUTHORIZATION), "{text}");
    assert!(!text.contains("dGxzLXNlY3JldDo"), "{text}");
    // The handshake failed: the server never saw the request, and so neither did anyone else.
    let refused = server.join().unwrap().unwrap_err();
    eprintln!("the server saw: {refused}");
}
