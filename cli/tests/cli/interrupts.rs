//! Ctrl-C (SIGINT) and SIGTERM sent to a running `imagekit`, against a scripted server that
//! holds requests so that they are in flight: `upload` and `rm` start nothing new, give what is
//! in flight 5 s (a second signal gives up on it at once) and report what was done and what was
//! not; `purge --wait` and `job --wait` stop waiting and say how to check later; all exit 130.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::{
    account, assert_key_hidden, env_of, spawn, temp_dir, Output, Reply, Request, Server,
};

/// The longest a test waits for the binary or the server: far more than any of it takes.
const LIMIT: Duration = Duration::from_secs(20);

/// What the binary prints on the first signal when it gives the work in flight time to finish.
const NOTICE: &str =
    "stopping: nothing new starts; the work in flight has 5 s to finish (Ctrl-C again stops it now)\n";

/// The binary running in the background against a server, its stderr read as it comes.
struct Running {
    child: Child,
    base: String,
    args: Vec<String>,
    stdout: Option<JoinHandle<String>>,
    stderr: Receiver<String>,
    /// The lines of stderr taken so far.
    seen: String,
}

impl Running {
    fn start(server: &Server, args: &[&str]) -> Running {
        let env = account(&server.base);
        let mut child = spawn(&env_of(&env), args);
        let mut out = child.stdout.take().unwrap();
        let stdout = std::thread::spawn(move || {
            let mut text = String::new();
            out.read_to_string(&mut text).expect("stdout is UTF-8");
            text
        });
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let (lines, stderr) = mpsc::channel();
        std::thread::spawn(move || loop {
            let mut line = String::new();
            if err.read_line(&mut line).expect("stderr is UTF-8") == 0 || lines.send(line).is_err()
            {
                return;
            }
        });
        Running {
            child,
            base: server.base.clone(),
            args: args.iter().map(|a| a.to_string()).collect(),
            stdout: Some(stdout),
            stderr,
            seen: String::new(),
        }
    }

    /// Sends `signal` (INT or TERM) with kill(1).
    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args(["-s", signal, &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -s {signal} failed");
    }

    /// The next line of stderr, newline included.
    fn stderr_line(&mut self) -> String {
        let line = self
            .stderr
            .recv_timeout(LIMIT)
            .unwrap_or_else(|e| panic!("no line on stderr ({e}); so far: {:?}", self.seen));
        self.seen.push_str(&line);
        line
    }

    /// Waits for the exit and returns what the binary printed, stderr taken so far included.
    fn finish(&mut self) -> Output {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(start.elapsed() < LIMIT, "imagekit did not exit");
            std::thread::sleep(Duration::from_millis(10));
        };
        let stdout = self.stdout.take().unwrap().join().unwrap();
        let mut stderr = std::mem::take(&mut self.seen);
        stderr.extend(self.stderr.iter());
        let out = Output {
            code: status.code(),
            stdout,
            stderr,
        };
        let env = account(&self.base);
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        assert_key_hidden(&env_of(&env), &args, &out);
        out
    }
}

impl Drop for Running {
    /// A test that failed half way leaves no binary running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until `ready` says so.
fn wait_until(what: &str, ready: impl Fn() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < LIMIT, "still waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Holds requests until the test opens it (or a minute has passed: no server thread waits for
/// ever).
#[derive(Clone, Default)]
struct Gate(Arc<(Mutex<bool>, Condvar)>);

impl Gate {
    fn open(&self) {
        *self.0 .0.lock().unwrap() = true;
        self.0 .1.notify_all();
    }

    fn pass(&self) {
        let (open, changed) = &*self.0;
        let _ = changed
            .wait_timeout_while(open.lock().unwrap(), Duration::from_secs(60), |open| !*open)
            .unwrap();
    }
}

/// The files of the upload tests, in the order the upload takes them.
const FILES: [&str; 10] = [
    "a.jpg",
    "b-bad.jpg",
    "c.jpg",
    "d.jpg",
    "e.jpg",
    "f.jpg",
    "g.jpg",
    "h.jpg",
    "i.jpg",
    "j.jpg",
];

/// A directory of [`FILES`], their paths, and a server for them: `a.jpg` is uploaded and
/// `b-bad.jpg` answered 400 at once, the others once `gate` opens. With `--jobs 3` the first five
/// are sent (a, b and c, then d and e in the slots a and b leave) and three of them held.
fn upload_setup(name: &str, gate: &Gate) -> (Server, String, Vec<String>) {
    let dir = temp_dir(name);
    for file in FILES {
        fs::write(dir.join(file), b"abc").unwrap();
    }
    let gate = gate.clone();
    let server = Server::start(move |request: &Request| {
        assert_eq!(request.route(), "/api/v1/files/upload", "{request:?}");
        let name = request.form_field("fileName").expect("a fileName field");
        match name.as_str() {
            "b-bad.jpg" => return Reply::json(400, json!({"message": "Bad file."})),
            "a.jpg" => {}
            _ => gate.pass(),
        }
        Reply::json(
            200,
            json!({"fileId": format!("id-{name}"), "name": name, "filePath": format!("/{name}")}),
        )
    });
    let labels = FILES
        .iter()
        .map(|f| dir.join(f).display().to_string())
        .collect();
    (server, dir.display().to_string(), labels)
}

/// The file names the server was sent, in name order.
fn uploaded_names(server: &Server) -> Vec<String> {
    let mut names: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.form_field("fileName").unwrap())
        .collect();
    names.sort();
    names
}

/// Waits for the five uploads of [`upload_setup`] to reach the server.
fn wait_for_five(server: &Server) {
    wait_until("five uploads", || server.requests().len() == 5);
}

#[test]
fn upload_on_sigint_starts_nothing_new_lets_those_in_flight_finish_and_reports() {
    let gate = Gate::default();
    let (server, dir, labels) = upload_setup("sigint-finish", &gate);
    let mut running = Running::start(&server, &["upload", "--jobs", "3", &dir]);
    wait_for_five(&server);
    running.signal("INT");
    assert_eq!(running.stderr_line(), NOTICE);
    gate.open();
    let out = running.finish();

    assert_eq!(out.code, Some(130), "stderr: {}", out.stderr);
    assert_eq!(out.header(), ["SOURCE", "FILE ID", "PATH"]);
    for i in [0, 2, 3, 4] {
        let name = FILES[i];
        let row = [
            labels[i].as_str(),
            &format!("id-{name}"),
            &format!("/{name}"),
        ];
        assert!(out.has_row(&row), "{name} uploaded: {}", out.stdout);
    }
    for label in &labels[5..] {
        assert!(out.has_row(&[label, "not started"]), "{}", out.stdout);
    }
    // The header, four uploads, five not started and the summary.
    assert_eq!(out.stdout.lines().count(), 11, "{}", out.stdout);
    assert_eq!(
        out.stdout.lines().last(),
        Some("interrupted: uploaded 4, failed 1, in flight when stopped 0, not started 5")
    );
    assert_eq!(
        out.stderr,
        format!(
            "{NOTICE}error: {}: Bad file. (HTTP 400)\nerror: interrupted: not started: 5\n",
            labels[1]
        )
    );
    assert_eq!(uploaded_names(&server), FILES[..5]);
}

#[test]
fn a_second_sigterm_gives_up_at_once_on_the_uploads_in_flight() {
    let gate = Gate::default();
    let (server, dir, labels) = upload_setup("sigterm-twice", &gate);
    let mut running = Running::start(&server, &["upload", "--jobs", "3", &dir, "--json"]);
    wait_for_five(&server);
    running.signal("TERM");
    assert_eq!(running.stderr_line(), NOTICE);
    let second = Instant::now();
    running.signal("TERM");
    let out = running.finish();
    // Well within the 5 s the first signal gave.
    assert!(second.elapsed() < Duration::from_secs(4));
    gate.open();

    assert_eq!(out.code, Some(130), "stderr: {}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).expect("one JSON document");
    assert_eq!(doc["uploaded"].as_array().unwrap().len(), 1, "{doc}");
    assert_eq!(doc["uploaded"][0]["source"], labels[0]);
    assert_eq!(doc["uploaded"][0]["file"]["fileId"], "id-a.jpg");
    assert_eq!(doc["failed"].as_array().unwrap().len(), 1, "{doc}");
    assert_eq!(doc["failed"][0]["source"], labels[1]);
    assert_eq!(doc["failed"][0]["status"], 400);
    assert_eq!(doc["interrupted"], true);
    assert_eq!(doc["aborted"], json!(labels[2..5]));
    assert_eq!(doc["notStarted"], json!(labels[5..]));
    assert!(
        out.stderr.ends_with(
            "error: interrupted: stopped in flight: 3 (may or may not be on ImageKit); not \
             started: 5\n"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(uploaded_names(&server), FILES[..5]);
}

#[test]
fn uploads_still_in_flight_after_the_grace_period_are_given_up_on() {
    let gate = Gate::default();
    let (server, dir, labels) = upload_setup("sigint-grace", &gate);
    let mut running = Running::start(&server, &["upload", "--jobs", "3", &dir]);
    wait_for_five(&server);
    running.signal("INT");
    assert_eq!(running.stderr_line(), NOTICE);
    let out = running.finish();
    gate.open();

    assert_eq!(out.code, Some(130), "stderr: {}", out.stderr);
    for label in &labels[2..5] {
        let row = [label.as_str(), "interrupted: may or may not be on ImageKit"];
        assert!(out.has_row(&row), "{}", out.stdout);
    }
    assert_eq!(
        out.stdout.lines().last(),
        Some("interrupted: uploaded 1, failed 1, in flight when stopped 3, not started 5")
    );
    assert_eq!(uploaded_names(&server), FILES[..5]);
}

/// A server for bulk deletes that deletes every id it is sent, once `gate` opens.
fn delete_server(gate: &Gate) -> Server {
    let gate = gate.clone();
    Server::start(move |request| {
        assert_eq!(
            (request.method.as_str(), request.route()),
            ("POST", "/v1/files/batch/deleteByFileIds")
        );
        gate.pass();
        Reply::json(
            200,
            json!({"successfullyDeletedFileIds": request.json()["fileIds"]}),
        )
    })
}

#[test]
fn rm_on_sigint_finishes_the_batch_in_flight_and_sends_no_other() {
    let gate = Gate::default();
    let server = delete_server(&gate);
    // Two bulk deletes: 100 ids, then 1.
    let ids: Vec<String> = (0..101).map(|i| format!("f{i:03}")).collect();
    let mut args = vec!["rm"];
    args.extend(ids.iter().map(String::as_str));
    let mut running = Running::start(&server, &args);
    wait_until("the first bulk delete", || server.requests().len() == 1);
    running.signal("INT");
    assert_eq!(running.stderr_line(), NOTICE);
    gate.open();
    let out = running.finish();

    assert_eq!(out.code, Some(130), "stderr: {}", out.stderr);
    assert_eq!(out.header(), ["FILE ID", "STATUS"]);
    assert!(out.has_row(&["f000", "deleted"]) && out.has_row(&["f099", "deleted"]));
    assert!(out.has_row(&["f100", "not started"]), "{}", out.stdout);
    assert_eq!(
        out.stderr,
        format!("{NOTICE}error: interrupted: not sent: 1\n")
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].json()["fileIds"], json!(ids[..100]));
}

#[test]
fn rm_given_up_on_says_the_outcome_is_unknown() {
    let gate = Gate::default();
    let server = delete_server(&gate);
    let mut running = Running::start(&server, &["rm", "id1", "id2", "--json"]);
    wait_until("the bulk delete", || server.requests().len() == 1);
    running.signal("INT");
    assert_eq!(running.stderr_line(), NOTICE);
    running.signal("INT");
    let out = running.finish();
    gate.open();

    assert_eq!(out.code, Some(130), "stderr: {}", out.stderr);
    assert_eq!(
        serde_json::from_str::<Value>(&out.stdout).expect("one JSON document"),
        json!({
            "successfullyDeletedFileIds": [],
            "interrupted": true,
            "aborted": ["id1", "id2"],
            "notStarted": [],
        })
    );
    assert!(
        out.stderr.ends_with(
            "error: interrupted: sent with no answer: 2 (may or may not be deleted; check with \
             `imagekit get ID`); not sent: 0\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn purge_wait_on_sigint_stops_waiting_and_prints_the_request_id() {
    let server = Server::start(|r| match (r.method.as_str(), r.route()) {
        ("POST", "/v1/files/purge") => Reply::json(201, json!({"requestId": "purge-1"})),
        ("GET", "/v1/files/purge/purge-1") => Reply::json(200, json!({"status": "Pending"})),
        other => panic!("unexpected {other:?}"),
    });
    let url = "https://ik.imagekit.io/demo/a.jpg";
    let mut running = Running::start(&server, &["purge", url, "--wait", "--json"]);
    wait_until("a status check", || server.requests().len() >= 2);
    running.signal("INT");
    let out = running.finish();

    assert_eq!(out.code, Some(130), "stderr: {}", out.stderr);
    assert_eq!(
        serde_json::from_str::<Value>(&out.stdout).expect("one JSON document"),
        json!({"requestId": "purge-1", "interrupted": true})
    );
    assert_eq!(
        out.stderr,
        "error: interrupted: stopped waiting before purge-1 completed; check on it with \
         `imagekit purge-status purge-1`\n"
    );
}

#[test]
fn job_wait_on_sigterm_stops_waiting_and_prints_the_job_id() {
    let server = Server::start(|r| {
        assert_eq!(r.route(), "/v1/bulkJobs/job-1");
        Reply::json(
            200,
            json!({"jobId": "job-1", "type": "COPY_FOLDER", "status": "Pending"}),
        )
    });
    let mut running = Running::start(&server, &["job", "job-1", "--wait"]);
    wait_until("a status check", || !server.requests().is_empty());
    running.signal("TERM");
    let out = running.finish();

    assert_eq!(out.code, Some(130), "stderr: {}", out.stderr);
    assert!(out.has_row(&["jobId", "job-1"]), "{}", out.stdout);
    assert!(out.has_row(&["interrupted", "true"]), "{}", out.stdout);
    assert!(
        out.stderr
            .ends_with("check on it with `imagekit job job-1`\n"),
        "{}",
        out.stderr
    );
}
