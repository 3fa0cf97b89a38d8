//! Shared by the modules of cli.rs: running the binary with only the IMAGEKIT_* variables a
//! test gives, and a scripted HTTP/1.1 server on loopback (std::net, a thread per connection)
//! that answers each request with the test's canned JSON and records what it was sent.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

pub(crate) const PRIVATE_KEY: &str = "private_key_test";

/// Every variable the binary reads; each run removes them all and sets only the test's.
const VARS: [&str; 5] = [
    "IMAGEKIT_PRIVATE_KEY",
    "IMAGEKIT_PUBLIC_KEY",
    "IMAGEKIT_URL_ENDPOINT",
    "IMAGEKIT_BASE_URL",
    "IMAGEKIT_TIMEOUT",
];

pub(crate) struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub(crate) fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// The one line of stdout of a successful run.
    pub(crate) fn line(&self) -> &str {
        assert!(
            self.success(),
            "exit {:?}, stderr: {}",
            self.code,
            self.stderr
        );
        assert!(self.stderr.is_empty(), "stderr: {}", self.stderr);
        assert!(
            self.stdout.ends_with('\n') && self.stdout.lines().count() == 1,
            "stdout is not one line: {:?}",
            self.stdout
        );
        self.stdout.trim_end_matches('\n')
    }

    /// A failed run: non-zero exit, nothing on stdout, an `error:` message on stderr.
    pub(crate) fn assert_error(&self) -> &str {
        assert!(
            !self.success() && self.code.is_some(),
            "expected a failure, got exit {:?} with stdout {:?}",
            self.code,
            self.stdout
        );
        assert_eq!(self.stdout, "", "a failed run printed on stdout");
        assert!(
            self.stderr.starts_with("error:"),
            "stderr does not start with `error:`: {:?}",
            self.stderr
        );
        &self.stderr
    }

    /// A run that exited 0 with nothing on stderr; its stdout.
    pub(crate) fn ok(&self) -> &str {
        assert_eq!(
            self.code,
            Some(0),
            "exit {:?}\nstdout: {}\nstderr: {}",
            self.code,
            self.stdout,
            self.stderr
        );
        assert_eq!(self.stderr, "", "stderr of a successful run");
        &self.stdout
    }

    /// A run that exited 0 and printed one JSON document.
    pub(crate) fn json(&self) -> serde_json::Value {
        let out = self.ok();
        assert_eq!(out.lines().count(), 1, "one line of JSON: {out}");
        serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }

    /// A run that exited 1 with `error:` lines on stderr; its stderr.
    pub(crate) fn failed(&self) -> &str {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit 1\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        assert!(
            self.stderr.starts_with("error: "),
            "stderr does not start with `error: `: {}",
            self.stderr
        );
        &self.stderr
    }

    /// The header of a table on stdout, its columns split on runs of two or more spaces.
    pub(crate) fn header(&self) -> Vec<String> {
        self.rows().into_iter().next().unwrap_or_default()
    }

    /// Every line of stdout split into cells on runs of two or more spaces.
    pub(crate) fn rows(&self) -> Vec<Vec<String>> {
        self.stdout
            .lines()
            .map(|line| {
                line.split("  ")
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    }

    /// Whether stdout has a row with exactly these cells.
    pub(crate) fn has_row(&self, cells: &[&str]) -> bool {
        self.rows().iter().any(|row| row == cells)
    }
}

/// Runs the binary with exactly the IMAGEKIT_* variables in `env`, stdout and stderr piped
/// (so never a terminal), and checks the private key shows up in neither.
pub(crate) fn run(env: &[(&str, &str)], args: &[&str]) -> Output {
    run_with_stdin(env, args, b"")
}

/// The binary with `args` and exactly the IMAGEKIT_* variables in `env`.
fn command(env: &[(&str, &str)], args: &[&OsStr]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_imagekit"));
    for var in VARS {
        cmd.env_remove(var);
    }
    for (name, value) in env {
        assert!(VARS.contains(name), "not an IMAGEKIT_* variable: {name}");
        cmd.env(name, value);
    }
    cmd.args(args);
    cmd
}

/// The binary started as [`run`] starts it, stdin empty, for a test that signals it while it
/// runs; check its output with [`assert_key_hidden`].
pub(crate) fn spawn(env: &[(&str, &str)], args: &[&str]) -> Child {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    command(env, &args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the imagekit binary runs")
}

/// [`run`] with `stdin` fed to the binary. A private key given in `env` or as
/// `--private-key` must show up in neither stdout nor stderr. The arguments need not be UTF-8.
pub(crate) fn run_with_stdin<A: AsRef<OsStr>>(
    env: &[(&str, &str)],
    args: &[A],
    stdin: &[u8],
) -> Output {
    let args: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
    let mut child = command(env, &args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the imagekit binary runs");
    // Fed from another thread: a long batch fills the stdout pipe before stdin is written.
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // The binary may exit without reading stdin (a broken pipe is fine then).
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("the imagekit binary ends");
    writer.join().expect("the stdin writer ends");
    let out = Output {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    };
    assert_key_hidden(env, &args, &out);
    out
}

/// A private key given in `env` or as `--private-key` shows up in neither stdout nor stderr.
pub(crate) fn assert_key_hidden<A: AsRef<OsStr>>(env: &[(&str, &str)], args: &[A], out: &Output) {
    let args: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
    let given_keys = env
        .iter()
        .filter(|(name, _)| *name == "IMAGEKIT_PRIVATE_KEY")
        .map(|(_, value)| *value)
        .chain(
            args.windows(2)
                .filter(|w| w[0] == "--private-key")
                .filter_map(|w| w[1].to_str()),
        );
    for key in given_keys.filter(|k| !k.is_empty()) {
        assert!(
            !out.stdout.contains(key) && !out.stderr.contains(key),
            "the private key was printed by `imagekit {:?}`:\nstdout: {}\nstderr: {}",
            args,
            out.stdout,
            out.stderr
        );
    }
}

/// The environment pointing the binary at `base` with the test key.
pub(crate) fn account(base: &str) -> [(&'static str, String); 2] {
    [
        ("IMAGEKIT_BASE_URL", base.to_string()),
        ("IMAGEKIT_PRIVATE_KEY", PRIVATE_KEY.to_string()),
    ]
}

/// `account(base)` as the `&[(&str, &str)]` that `run` takes.
pub(crate) fn env_of<'a>(vars: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    vars.iter().map(|(n, v)| (*n, v.as_str())).collect()
}

/// A request the server received.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub method: String,
    /// The path and query, as sent.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path without the query.
    pub(crate) fn route(&self) -> &str {
        self.path.split('?').next().unwrap_or_default()
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    /// A text field of a multipart/form-data body.
    pub(crate) fn form_field(&self, name: &str) -> Option<String> {
        let body = String::from_utf8_lossy(&self.body);
        let marker = format!("name=\"{name}\"\r\n\r\n");
        let start = body.find(&marker)? + marker.len();
        let end = body[start..].find("\r\n--")? + start;
        Some(body[start..end].to_string())
    }

    /// The filename of the multipart `file` part, when it is a file.
    pub(crate) fn file_part_name(&self) -> Option<String> {
        let body = String::from_utf8_lossy(&self.body);
        let marker = "name=\"file\"; filename=\"";
        let start = body.find(marker)? + marker.len();
        let end = body[start..].find('"')? + start;
        Some(body[start..end].to_string())
    }
}

/// An answer: status, extra headers and a body (JSON unless said otherwise).
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub(crate) fn json(status: u16, body: serde_json::Value) -> Self {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_string(),
        }
    }

    pub(crate) fn empty(status: u16) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: String::new(),
        }
    }

    /// Adds `x-ik-requestId`.
    pub(crate) fn request_id(mut self, id: &str) -> Self {
        self.headers.push(("x-ik-requestId".into(), id.into()));
        self
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

#[derive(Default)]
struct Counts {
    in_flight: usize,
    max_in_flight: usize,
}

struct State {
    handler: Box<Handler>,
    requests: Mutex<Vec<Request>>,
    counts: Mutex<Counts>,
    changed: Condvar,
    /// Hold each request until this many are in flight (or a while has passed).
    hold_until: usize,
}

/// The scripted server; it lives as long as the test process.
pub(crate) struct Server {
    pub base: String,
    state: Arc<State>,
}

/// The longest a held request waits for the others.
const HOLD_MAX: Duration = Duration::from_millis(800);
/// The shortest a held request is held.
const HOLD_MIN: Duration = Duration::from_millis(150);

impl Server {
    pub(crate) fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        Server::start_holding(0, handler)
    }

    /// A server that holds each request until `n` are in flight at once (or 0.8 s have passed),
    /// and at least 0.15 s: a client that runs `n` at once reaches `n` however the threads are
    /// scheduled, and one that runs more shows more.
    pub(crate) fn start_holding(
        n: usize,
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(State {
            handler: Box::new(handler),
            requests: Mutex::default(),
            counts: Mutex::default(),
            changed: Condvar::new(),
            hold_until: n,
        });
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let state = shared.clone();
                std::thread::spawn(move || serve(stream, &state));
            }
        });
        Server { base, state }
    }

    pub(crate) fn requests(&self) -> Vec<Request> {
        self.state.requests.lock().unwrap().clone()
    }

    /// The most requests that were in flight at once.
    pub(crate) fn max_in_flight(&self) -> usize {
        self.state.counts.lock().unwrap().max_in_flight
    }
}

/// Answers requests on one connection until the client closes it.
fn serve(stream: TcpStream, state: &State) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    while let Some(request) = read_request(&mut reader) {
        {
            let mut counts = state.counts.lock().unwrap();
            counts.in_flight += 1;
            counts.max_in_flight = counts.max_in_flight.max(counts.in_flight);
            state.changed.notify_all();
            // Held until enough are in flight (or a while: the last few of a run never are),
            // and for a moment in any case, so that a client sending more at once shows it.
            if state.hold_until > 0 {
                let arrived = Instant::now();
                let mut seen_enough = false;
                loop {
                    seen_enough |= counts.in_flight >= state.hold_until;
                    let waited = arrived.elapsed();
                    if (seen_enough && waited >= HOLD_MIN) || waited >= HOLD_MAX {
                        break;
                    }
                    let limit = if seen_enough { HOLD_MIN } else { HOLD_MAX };
                    counts = state
                        .changed
                        .wait_timeout(counts, limit.saturating_sub(waited))
                        .unwrap()
                        .0;
                }
            }
        }
        state.requests.lock().unwrap().push(request.clone());
        let reply = (state.handler)(&request);
        // Counted out before the answer is written: the client may send its next request as
        // soon as it reads this one's answer.
        state.counts.lock().unwrap().in_flight -= 1;
        if write_reply(&mut writer, &reply).is_err() {
            return;
        }
    }
}

/// Reads one HTTP/1.1 request (Content-Length or chunked body); `None` at the end of input.
pub(crate) fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _): &&(String, String)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if let Some(len) = header("content-length") {
        body.resize(len.parse().ok()?, 0);
        reader.read_exact(&mut body).ok()?;
    } else if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

fn write_reply(writer: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} Scripted\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if reply.status != 204 {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    head.push_str("\r\n");
    writer.write_all(head.as_bytes())?;
    writer.write_all(reply.body.as_bytes())?;
    writer.flush()
}

/// A fresh empty directory under the target directory's tmp, for one test.
pub(crate) fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
