//! What the server's text and the settings become on the way to the user: escape sequences,
//! carriage returns and bidi overrides in file names and error messages are shown escaped (the
//! exact value with `--json`), a huge error message is cut, integers stay integers in `--json`,
//! schemes are read in any case, each command reads only the settings it uses, and `--timeout`
//! / `IMAGEKIT_TIMEOUT` bound the wait for a silent server.

use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::{account, env_of, run, Output, Reply, Server, PRIVATE_KEY};

/// A name that would recolour the terminal, set its title, return the cursor to the start of
/// the line and show the rest right to left (`exe.jpg` reads `gpj.exe`).
const HOSTILE: &str = "a\u{1b}[31mred\u{1b}]0;pwned\u{7}\rover\u{202e}gpj.exe\u{2066}\u{200b}";
/// How it is shown outside `--json`.
const SHOWN: &str = r"a\u{1b}[31mred\u{1b}]0;pwned\u{7}\rover\u{202e}gpj.exe\u{2066}\u{200b}";

/// No byte or character of the hostile name reaches the terminal raw.
fn assert_nothing_raw(out: &Output) {
    for text in [&out.stdout, &out.stderr] {
        for c in ['\u{1b}', '\u{7}', '\r', '\u{202e}', '\u{2066}', '\u{200b}'] {
            assert!(!text.contains(c), "{c:?} raw in {text:?}");
        }
    }
}

fn file(name: &str) -> serde_json::Value {
    json!({
        "type": "file",
        "fileId": "f1",
        "name": name,
        "filePath": format!("/{name}"),
        "size": 10,
        "width": 100,
        "height": 68,
        "fileType": "image",
        "createdAt": "2024-01-01T00:00:00Z",
    })
}

/// A server that answers a hostile file name in `ls` and `get`, and hostile error messages to
/// anything else.
fn hostile_server() -> Server {
    Server::start(|r| match (r.method.as_str(), r.route()) {
        ("GET", "/v1/files") => Reply::json(200, json!([file(HOSTILE)])),
        ("GET", "/v1/files/f1/details") => Reply::json(200, file(HOSTILE)),
        _ => Reply::json(400, json!({"message": HOSTILE, "help": HOSTILE})).request_id("req-1"),
    })
}

#[test]
fn server_text_in_tables_and_errors_is_shown_escaped() {
    let server = hostile_server();
    let env = account(&server.base);
    let env = env_of(&env);

    let out = run(&env, &["ls"]);
    out.ok();
    assert_nothing_raw(&out);
    assert!(
        out.has_row(&[
            "file",
            "f1",
            &format!("/{SHOWN}"),
            "10 B",
            "2024-01-01T00:00:00Z"
        ]),
        "{}",
        out.stdout
    );

    let out = run(&env, &["get", "f1"]);
    out.ok();
    assert_nothing_raw(&out);
    assert!(out.has_row(&["name", SHOWN]), "{}", out.stdout);

    for args in [
        &["get", "other"][..],
        &["purge", "https://ik.imagekit.io/demo/a.jpg"],
    ] {
        let out = run(&env, args);
        assert_nothing_raw(&out);
        assert_eq!(
            out.assert_error(),
            format!("error: {SHOWN} (HTTP 400, request id req-1); {SHOWN}\n"),
            "{args:?}"
        );
    }
}

#[test]
fn json_keeps_the_exact_value_and_no_raw_escape() {
    let server = hostile_server();
    let env = account(&server.base);
    let out = run(&env_of(&env), &["get", "f1", "--json"]);
    assert_nothing_raw(&out);
    assert_eq!(out.json()["name"], HOSTILE);
    assert!(
        out.stdout.contains(
            r#""name":"a\u001b[31mred\u001b]0;pwned\u0007\rover\u202egpj.exe\u2066\u200b""#
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn a_huge_error_message_is_cut_with_its_length() {
    let message = "x".repeat(10 << 20);
    let server = Server::start(move |_| {
        Reply::json(400, json!({ "message": message })).request_id("req-big")
    });
    let env = account(&server.base);
    let out = run(&env_of(&env), &["ls"]);
    let stderr = out.assert_error();
    assert!(stderr.len() < 2048, "{} bytes on stderr", stderr.len());
    // The line is the message and its status; the status and request id stay in view.
    let suffix = " (HTTP 400, request id req-big)";
    let all = (10 << 20) + suffix.len();
    assert!(
        stderr.contains(&format!("xxx … ({all} characters in all) … xxx")),
        "{stderr}"
    );
    assert!(stderr.ends_with(&format!("x{suffix}\n")), "{stderr}");
}

#[test]
fn json_writes_integers_as_integers() {
    let server = Server::start(|r| match r.route() {
        "/v1/files" => Reply::json(200, json!([file("a.jpg")])),
        _ => Reply::json(200, file("a.jpg")),
    });
    let env = account(&server.base);
    for args in [&["get", "f1", "--json"][..], &["ls", "--json"]] {
        let out = run(&env_of(&env), args);
        let text = out.ok();
        assert!(
            text.contains(r#""width":100,"height":68,"size":10,"#),
            "{args:?}: {text}"
        );
        assert!(!text.contains(".0"), "{args:?}: {text}");
    }
}

#[test]
fn a_scheme_in_capitals_is_a_complete_url() {
    // `url` reads neither the base URL nor the timeout: bad ones change nothing.
    let env = [
        ("IMAGEKIT_BASE_URL", "not a url"),
        ("IMAGEKIT_TIMEOUT", "soon"),
    ];
    for (given, expected) in [
        ("HTTP://x.com/a.jpg", "http://x.com/a.jpg"),
        ("hTTpS://x.com/a.jpg", "https://x.com/a.jpg"),
        ("http://x.com/a.jpg", "http://x.com/a.jpg"),
    ] {
        assert_eq!(run(&env, &["url", given]).line(), expected, "{given}");
    }
    assert_eq!(
        run(&env, &["url", "HTTPS://x.com/a.jpg", "--tr", "w-100"]).line(),
        "https://x.com/a.jpg?tr=w-100"
    );
    // The endpoint's scheme too.
    let env = [("IMAGEKIT_URL_ENDPOINT", "HTTPS://ik.imagekit.io/demo")];
    assert_eq!(
        run(&env, &["url", "/a.jpg"]).line(),
        "https://ik.imagekit.io/demo/a.jpg"
    );
}

#[test]
fn the_signing_helpers_do_not_read_the_url_endpoint() {
    let env = [
        ("IMAGEKIT_URL_ENDPOINT", "not a url"),
        ("IMAGEKIT_PRIVATE_KEY", PRIVATE_KEY),
    ];
    let params = run(&env, &["auth-params"]).json();
    assert_eq!(params["signature"].as_str().map(str::len), Some(40));
    let out = run(&env, &["phash", "f06830ca9f1e3e90", "f06830ca9f1e3e90"]);
    assert_eq!(out.line(), "0");
}

#[test]
fn api_commands_do_not_read_the_url_endpoint() {
    let server = Server::start(|_| Reply::json(200, json!([file("a.jpg")])));
    // The base URL's scheme in capitals works as well.
    let base = server.base.replacen("http://", "HTTP://", 1);
    let mut env = account(&base).to_vec();
    env.push(("IMAGEKIT_URL_ENDPOINT", "ik.imagekit.io/no-scheme".into()));
    let out = run(&env_of(&env), &["ls"]);
    assert!(out.has_row(&["file", "f1", "/a.jpg", "10 B", "2024-01-01T00:00:00Z"]));
    out.ok();
    assert_eq!(server.requests().len(), 1);
}

/// A server that accepts connections, reads nothing and never answers; its connection count.
fn silent_server() -> (String, Arc<Mutex<Vec<TcpStream>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let held = Arc::new(Mutex::new(Vec::new()));
    let keep = Arc::clone(&held);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            keep.lock().unwrap().push(stream);
        }
    });
    (base, held)
}

#[test]
fn timeout_bounds_the_wait_for_a_silent_server() {
    // A purge is not sent again after a timeout (it may have run): one attempt of 1 s.
    let (base, held) = silent_server();
    let env = account(&base);
    let start = Instant::now();
    let out = run(
        &env_of(&env),
        &[
            "purge",
            "https://ik.imagekit.io/demo/a.jpg",
            "--timeout",
            "1",
        ],
    );
    let took = start.elapsed();
    let err = out.assert_error();
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(10),
        "{took:?}"
    );
    assert!(err.contains("within 1s (the attempt timeout)"), "{err}");
    assert!(err.contains("--timeout (or IMAGEKIT_TIMEOUT)"), "{err}");
    assert_eq!(held.lock().unwrap().len(), 1);

    // A read is: three attempts of 1 s each, with short pauses between them.
    let (base, held) = silent_server();
    let mut env = account(&base).to_vec();
    env.push(("IMAGEKIT_TIMEOUT", "1".into()));
    let start = Instant::now();
    let out = run(&env_of(&env), &["ls"]);
    let took = start.elapsed();
    let err = out.assert_error();
    assert!(
        took >= Duration::from_secs(3) && took < Duration::from_secs(20),
        "{took:?}"
    );
    assert!(err.contains("within 1s (the attempt timeout)"), "{err}");
    assert_eq!(held.lock().unwrap().len(), 3);
}

#[test]
fn bad_timeouts_are_refused_before_any_request() {
    let server = Server::start(|_| Reply::json(200, json!([])));
    let env = account(&server.base);
    for bad in ["0", "-1", "1.5", "abc", "86401", "99999999999999999999"] {
        let out = run(&env_of(&env), &["ls", "--timeout", bad]);
        let err = out.assert_error();
        assert!(
            err.contains(&format!(
                "--timeout (or IMAGEKIT_TIMEOUT) {bad:?} is not a whole number"
            )),
            "{bad}: {err}"
        );
        let mut with_var = env.to_vec();
        with_var.push(("IMAGEKIT_TIMEOUT", bad.into()));
        run(&env_of(&with_var), &["ls"]).assert_error();
    }
    assert!(server.requests().is_empty());
    // The largest one is taken.
    run(&env_of(&env), &["ls", "--timeout", "86400"]).ok();
}
