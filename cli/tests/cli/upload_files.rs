//! Which files `imagekit upload` reads (Unix): FIFOs, devices, symbolic links in and out of the
//! directory given, and names that are not UTF-8, in directories and files the test makes,
//! against the scripted loopback server. What the server received shows what was uploaded.

use std::ffi::{OsStr, OsString};
use std::fs::{self, OpenOptions};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use crate::loopback::{upload_answer, uploads, write_files};
use crate::support::{account, env_of, run_with_stdin, temp_dir, Output, Server};

/// The `fileName` of every upload the server received, sorted.
fn uploaded_names(server: &Server) -> Vec<String> {
    let mut names: Vec<String> = uploads(server)
        .iter()
        .map(|r| r.form_field("fileName").expect("a fileName field"))
        .collect();
    names.sort();
    names
}

/// The `warning:` lines of stderr.
fn warnings(out: &Output) -> Vec<&str> {
    out.stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs the binary against `server`, failing the test if it has not ended within a minute;
/// `fifo` is then opened for writing and closed, so a binary waiting to read it ends too.
fn run_or_unhang(server: &Server, args: &[&OsStr], fifo: &Path) -> Output {
    let env = account(&server.base);
    let env = env_of(&env);
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|s| {
        s.spawn(|| tx.send(run_with_stdin(&env, args, b"")));
        rx.recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| {
                // O_NONBLOCK: fails at once when nothing is reading, instead of waiting.
                let _ = OpenOptions::new()
                    .write(true)
                    .custom_flags(libc::O_NONBLOCK)
                    .open(fifo);
                panic!("imagekit {args:?} did not end within a minute");
            })
    })
}

/// `upload` of `paths` (and `extra` arguments) against `server`.
fn upload(server: &Server, paths: &[&Path], extra: &[&str]) -> Output {
    let mut args = vec![OsString::from("upload")];
    args.extend(paths.iter().map(|p| p.as_os_str().to_owned()));
    args.extend(extra.iter().map(OsString::from));
    let env = account(&server.base);
    run_with_stdin(&env_of(&env), &args, b"")
}

#[test]
fn a_fifo_argument_is_refused_before_any_upload() {
    let server = Server::start(upload_answer);
    let dir = temp_dir("upload-fifo-arg");
    write_files(&dir, &["a.jpg"]);
    let fifo = dir.join("pipe.jpg");
    mkfifo(&fifo);
    let a = dir.join("a.jpg");
    let out = run_or_unhang(
        &server,
        &["upload".as_ref(), a.as_os_str(), fifo.as_os_str()],
        &fifo,
    );
    let stderr = out.assert_error();
    assert_eq!(
        stderr,
        format!(
            "error: {}: a FIFO (named pipe), not a regular file or a directory\n",
            fifo.display()
        )
    );
    assert!(server.requests().is_empty());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_fifo_in_a_directory_is_skipped_with_a_warning_and_the_rest_uploads() {
    let server = Server::start(upload_answer);
    let dir = temp_dir("upload-fifo-dir");
    write_files(&dir, &["a.jpg", "sub/b.jpg"]);
    let fifo = dir.join("sub/pipe.jpg");
    mkfifo(&fifo);
    // A link to it is not waited on either, even when links are followed.
    symlink("pipe.jpg", dir.join("sub/to-pipe.jpg")).unwrap();
    let out = run_or_unhang(
        &server,
        &[
            "upload".as_ref(),
            dir.as_os_str(),
            "--follow-symlinks".as_ref(),
        ],
        &fifo,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        warnings(&out),
        [
            format!(
                "warning: skipping {}: a FIFO (named pipe), not a regular file",
                fifo.display()
            ),
            format!(
                "warning: skipping {}: a link to a FIFO (named pipe)",
                dir.join("sub/to-pipe.jpg").display()
            ),
        ]
    );
    assert!(
        out.stdout.ends_with("uploaded 2, failed 0\n"),
        "{}",
        out.stdout
    );
    assert_eq!(uploaded_names(&server), ["a.jpg", "b.jpg"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn dev_zero_is_refused_as_a_character_device() {
    let server = Server::start(upload_answer);
    let dir = temp_dir("upload-dev-zero");
    write_files(&dir, &["a.jpg"]);
    let out = upload(&server, &[&dir.join("a.jpg"), Path::new("/dev/zero")], &[]);
    assert_eq!(
        out.assert_error(),
        "error: /dev/zero: a character device, not a regular file or a directory\n"
    );
    assert!(server.requests().is_empty());
    fs::remove_dir_all(&dir).unwrap();
}

/// `photos/` with a file, a link to it, links out of `photos/` (relative and absolute) and a
/// link to a directory; `outside/` beside it. Returns the root of both.
fn photos_with_links(name: &str) -> PathBuf {
    let root = temp_dir(name);
    write_files(
        &root,
        &["photos/own.jpg", "outside/secret.txt", "outside/passwd"],
    );
    fs::write(root.join("outside/secret.txt"), b"the secret").unwrap();
    let photos = root.join("photos");
    symlink("own.jpg", photos.join("same.jpg")).unwrap();
    symlink("../outside/secret.txt", photos.join("cat.jpg")).unwrap();
    fs::create_dir(photos.join("sub")).unwrap();
    symlink(root.join("outside/passwd"), photos.join("sub/dog.jpg")).unwrap();
    symlink("..", photos.join("sub/loop")).unwrap();
    root
}

#[test]
fn links_out_of_the_directory_are_skipped_with_a_warning() {
    let server = Server::start(upload_answer);
    let root = photos_with_links("upload-links-out");
    let photos = root.join("photos");
    let out = upload(&server, &[&photos], &[]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let outside = |link: &str, target: &str| {
        format!(
            "warning: skipping {}: a link to {}, outside {} (--follow-symlinks uploads it)",
            photos.join(link).display(),
            root.canonicalize().unwrap().join(target).display(),
            photos.display()
        )
    };
    assert_eq!(
        warnings(&out),
        [
            outside("cat.jpg", "outside/secret.txt"),
            outside("sub/dog.jpg", "outside/passwd"),
            format!(
                "warning: skipping {}: a link to a directory",
                photos.join("sub/loop").display()
            ),
        ]
    );
    // A link that stays inside is uploaded, under its own name.
    assert_eq!(uploaded_names(&server), ["own.jpg", "same.jpg"]);
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn follow_symlinks_uploads_links_to_files_anywhere_but_not_to_directories() {
    let server = Server::start(upload_answer);
    let root = photos_with_links("upload-links-followed");
    let photos = root.join("photos");
    let out = upload(&server, &[&photos], &["--follow-symlinks"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        warnings(&out),
        [format!(
            "warning: skipping {}: a link to a directory",
            photos.join("sub/loop").display()
        )]
    );
    assert_eq!(
        uploaded_names(&server),
        ["cat.jpg", "dog.jpg", "own.jpg", "same.jpg"]
    );
    let cat = uploads(&server)
        .into_iter()
        .find(|r| r.form_field("fileName").as_deref() == Some("cat.jpg"))
        .unwrap();
    let body = String::from_utf8_lossy(&cat.body).into_owned();
    assert!(body.contains("\r\n\r\nthe secret\r\n"), "{body}");
    assert_eq!(cat.form_field("folder"), None);
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_link_given_as_an_argument_is_uploaded_under_its_name_wherever_it_points() {
    let server = Server::start(upload_answer);
    let root = photos_with_links("upload-link-arg");
    let out = upload(&server, &[&root.join("photos/cat.jpg")], &[]);
    assert!(
        out.ok().ends_with("uploaded 1, failed 0\n"),
        "{}",
        out.stdout
    );
    assert_eq!(uploaded_names(&server), ["cat.jpg"]);
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn names_that_are_not_utf8_are_skipped_in_a_directory() {
    let server = Server::start(upload_answer);
    let dir = temp_dir("upload-not-utf8-dir");
    write_files(&dir, &["a.jpg"]);
    let bad_file = dir.join(OsStr::from_bytes(b"bad\xffname.jpg"));
    let bad_dir = dir.join(OsStr::from_bytes(b"dir\xfe"));
    fs::write(&bad_file, b"abc").unwrap();
    fs::create_dir(&bad_dir).unwrap();
    fs::write(bad_dir.join("c.jpg"), b"abc").unwrap();
    let out = upload(&server, &[&dir], &[]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        warnings(&out),
        [
            format!(
                "warning: skipping {}/bad\\xFFname.jpg: its name is not UTF-8",
                dir.display()
            ),
            format!(
                "warning: skipping {}/dir\\xFE: its name is not UTF-8",
                dir.display()
            ),
        ]
    );
    assert_eq!(uploaded_names(&server), ["a.jpg"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_argument_whose_name_is_not_utf8_fails_alone() {
    let server = Server::start(upload_answer);
    let dir = temp_dir("upload-not-utf8-arg");
    write_files(&dir, &["a.jpg", "b.jpg"]);
    let bad = dir.join(OsStr::from_bytes(b"bad\xffname.jpg"));
    fs::write(&bad, b"abc").unwrap();
    let out = upload(
        &server,
        &[&dir.join("a.jpg"), &bad, &dir.join("b.jpg")],
        &[],
    );
    let stderr = out.failed();
    assert_eq!(
        stderr,
        format!(
            "error: {}/bad\\xFFname.jpg: the request cannot be built: its name is not UTF-8\n\
             error: 1 of 3 uploads failed\n",
            dir.display()
        )
    );
    assert!(
        out.stdout.ends_with("uploaded 2, failed 1\n"),
        "{}",
        out.stdout
    );
    assert_eq!(uploaded_names(&server), ["a.jpg", "b.jpg"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_path_that_is_not_utf8_is_named_in_the_error() {
    let server = Server::start(upload_answer);
    let missing = Path::new(OsStr::from_bytes(b"/nonexistent/imagekit/bad\xff.jpg"));
    let out = upload(&server, &[missing], &[]);
    assert_eq!(
        out.assert_error(),
        "error: /nonexistent/imagekit/bad\\xFF.jpg: No such file or directory (os error 2)\n"
    );
    assert!(server.requests().is_empty());
}
