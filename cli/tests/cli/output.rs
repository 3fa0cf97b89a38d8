//! What the binary does when its output cannot be written or its input is hostile: a closed
//! pipe ends it quietly (exit 0, as for `imagekit ls | head`), a full disk is an error and exit
//! 1, and `url --jsonl` answers every input line with exactly one line, however long the line
//! or whatever its values hold.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use crate::support::run_with_stdin;

const ACCOUNT: &[(&str, &str)] = &[
    ("IMAGEKIT_PRIVATE_KEY", "private_key_test"),
    ("IMAGEKIT_URL_ENDPOINT", "https://ik.imagekit.io/demo"),
];

fn imagekit(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_imagekit"));
    cmd.args(args).env_remove("IMAGEKIT_BASE_URL");
    for (name, value) in ACCOUNT {
        cmd.env(name, value);
    }
    cmd
}

#[test]
fn a_reader_that_goes_away_ends_the_program_quietly() {
    // `url --jsonl | head -1`: read one line, then close the pipe while input keeps coming.
    let mut child = imagekit(&["url", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        for _ in 0..200_000 {
            if stdin.write_all(b"{\"path\": \"/a.jpg\"}\n").is_err() {
                return; // The program has ended.
            }
        }
    });
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "https://ik.imagekit.io/demo/a.jpg\n");
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");

    // One URL and the signing helpers into a pipe closed before they write.
    for args in [
        &["url", "/a.jpg"][..],
        &["auth-params"],
        &["phash", "f06830ca9f1e3e90", "f06830ca9f1e3e90"],
    ] {
        let mut child = imagekit(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn a_full_disk_is_an_error_message_and_exit_1() {
    for args in [
        &["url", "/a.jpg"][..],
        &["auth-params"],
        &["url", "--jsonl"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = imagekit(args)
            .stdin(Stdio::from(std::fs::File::open("/dev/null").unwrap()))
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        // `url --jsonl` with no input writes nothing, so nothing fails.
        let expected = if args == ["url", "--jsonl"] { 0 } else { 1 };
        assert_eq!(out.status.code(), Some(expected), "{args:?}");
        if expected == 1 {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.starts_with("error: writing stdout"),
                "{args:?}: {stderr}"
            );
            assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn a_line_too_long_gets_one_error_line_and_the_stream_goes_on() {
    let mut stdin = b"{\"path\": \"/a.jpg\"}\n{\"path\": \"/".to_vec();
    stdin.extend(std::iter::repeat_n(b'x', 2 << 20));
    stdin.extend_from_slice(b".jpg\"}\n{\"path\": \"/b.jpg\"}\n");
    let out = run_with_stdin(ACCOUNT, &["url", "--jsonl"], &stdin);
    assert!(out.success(), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "https://ik.imagekit.io/demo/a.jpg",
            "error: the line is longer than 1048576 bytes",
            "https://ik.imagekit.io/demo/b.jpg",
        ]
    );
}

#[test]
fn a_value_that_would_break_a_line_gets_one_error_line() {
    let stdin = concat!(
        r#"{"path": "/a.jpg", "url_endpoint": "https://x.io/a\nb"}"#,
        "\n",
        r#"{"path": "/a.jpg", "url_endpoint": "https://x.io/a\rb"}"#,
        "\n",
        r#"{"src": "https://x.io/a\u001b]0;title\u0007.jpg"}"#,
        "\n",
        r#"{"path": "/b.jpg"}"#,
        "\n",
    );
    let out = run_with_stdin(ACCOUNT, &["url", "--jsonl"], stdin.as_bytes());
    assert!(out.success(), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.split('\n').collect();
    assert_eq!(lines.len(), 5, "{:?}", out.stdout);
    for line in &lines[..2] {
        assert!(line.starts_with("error: "), "{line:?}");
        assert!(!line.contains(char::is_control), "{line:?}");
    }
    // Control characters in a path or src are percent-encoded, as in any URL.
    assert_eq!(lines[2], "https://x.io/a%1B%5D0;title%07.jpg");
    assert_eq!(lines[3], "https://ik.imagekit.io/demo/b.jpg");
    assert_eq!(lines[4], "");
}
