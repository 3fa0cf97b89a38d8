//! `imagekit upload DIR` against a loopback server of this file's own (std::net, one request per
//! connection) that fails some uploads in different ways in one run: a 500, a connection cut
//! mid-response, a 200 whose body is not JSON. Every other file must upload, each failure be
//! reported, each file be sent exactly once, and the run exit non-zero.

use std::collections::BTreeMap;
use std::io::{BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{self, account, env_of, run, temp_dir};

/// The `fileName` field of a multipart body.
fn file_name(body: &[u8]) -> Option<String> {
    let body = String::from_utf8_lossy(body);
    let marker = "name=\"fileName\"\r\n\r\n";
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find("\r\n")? + start;
    Some(body[start..end].to_string())
}

fn write_answer(stream: &mut TcpStream, status: u16, body: &str) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status} Scripted\r\nConnection: close\r\nContent-Type: application/json\r\n\
         x-ik-requestId: req-{status}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

/// Answers one upload by the file's name: `*-500*` a 500, `*-cut*` headers and part of the
/// body then a closed connection, `*-html*` a 200 that is not JSON, anything else the file.
fn answer(mut stream: TcpStream, sent: &Mutex<BTreeMap<String, usize>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let Some(support::Request { path, body, .. }) = support::read_request(&mut reader) else {
        return Ok(());
    };
    assert_eq!(path, "/api/v1/files/upload");
    let name = file_name(&body).expect("a fileName field");
    *sent.lock().unwrap().entry(name.clone()).or_default() += 1;
    if name.contains("-500") {
        write_answer(
            &mut stream,
            500,
            r#"{"message": "We encountered an internal error.", "help": "Try again"}"#,
        )
    } else if name.contains("-cut") {
        stream.write_all(
            b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n\
              Content-Length: 400\r\n\r\n{\"fileId\": \"id-",
        )?;
        stream.flush()?;
        stream.shutdown(Shutdown::Both)
    } else if name.contains("-html") {
        write_answer(&mut stream, 200, "<html><body>Upstream busy</body></html>")
    } else {
        let file = serde_json::json!({
            "fileId": format!("id-{name}"),
            "name": name,
            "filePath": format!("/{name}"),
            "url": format!("https://ik.imagekit.io/demo/{name}"),
            "size": 3,
            "fileType": "non-image",
        });
        write_answer(&mut stream, 200, &file.to_string())
    }
}

/// Starts the server; returns its base URL and the count of uploads per file name.
fn start() -> (String, Arc<Mutex<BTreeMap<String, usize>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let sent = Arc::new(Mutex::new(BTreeMap::new()));
    let shared = Arc::clone(&sent);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let sent = Arc::clone(&shared);
            std::thread::spawn(move || {
                let _ = answer(stream, &sent);
            });
        }
    });
    (base, sent)
}

const FILES: [&str; 8] = [
    "a.jpg",
    "b-500.jpg",
    "c.jpg",
    "d-cut.jpg",
    "e.jpg",
    "f-html.jpg",
    "g.jpg",
    "sub/h.jpg",
];
const FAILING: [&str; 3] = ["b-500.jpg", "d-cut.jpg", "f-html.jpg"];

fn upload_dir_with_failures(jobs: &str) {
    let (base, sent) = start();
    let dir = temp_dir(&format!("faults-jobs{jobs}"));
    for file in FILES {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b"abc").unwrap();
    }
    let env = account(&base);
    let out = run(
        &env_of(&env),
        &["upload", dir.to_str().unwrap(), "--jobs", jobs],
    );

    let stderr = out.failed();
    for (file, what) in [
        ("b-500.jpg", "HTTP 500"),
        ("d-cut.jpg", "connection failed"),
        ("f-html.jpg", "unexpected answer (HTTP 200"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("the failure of {file} is not reported: {stderr}"));
        assert!(line.starts_with("error: "), "{line}");
        assert!(line.contains(what), "{file}: want {what:?} in {line}");
        eprintln!("FAULT | cli upload --jobs {jobs} | {file} | {line}");
    }
    assert!(stderr.contains("3 of 8 uploads failed"), "{stderr}");
    assert!(
        out.stdout.ends_with("uploaded 5, failed 3\n"),
        "{}",
        out.stdout
    );
    for file in FILES {
        let name = file.rsplit('/').next().unwrap();
        if !FAILING.contains(&name) {
            assert!(
                out.stdout.contains(&format!("id-{name}")),
                "{name} not uploaded: {}",
                out.stdout
            );
        }
    }

    // Each file sent exactly once: none of the failures is retried (api.md: an upload is
    // retried only when it provably did not run), and no other file is skipped.
    let sent = sent.lock().unwrap().clone();
    let want: BTreeMap<String, usize> = FILES
        .iter()
        .map(|f| (f.rsplit('/').next().unwrap().to_string(), 1))
        .collect();
    assert_eq!(sent, want);
    eprintln!(
        "FAULT | cli upload --jobs {jobs} | exit {:?} | requests {}",
        out.code,
        sent.values().sum::<usize>()
    );
}

#[test]
fn upload_dir_with_several_failure_kinds_uploads_the_rest_and_fails() {
    upload_dir_with_failures("1");
}

#[test]
fn upload_dir_with_several_failure_kinds_in_parallel_uploads_the_rest_and_fails() {
    upload_dir_with_failures("4");
}
