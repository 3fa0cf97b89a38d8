//! The client's send loop with a scripted transport: retries, pauses asked for, what is never
//! repeated, timeouts and error decoding. (The adapters repeat these over real loopback HTTP.)

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use futures_lite::future::block_on;
use http::{Request, Response};
use imagekit::transport::testing::RecordedPauses;
use imagekit::transport::{async_trait, Body, Transport, TransportError, TransportErrorKind};
use imagekit::{ImageKit, Repeat};

use crate::support::op::Op;

type Answer = Result<Response<Bytes>, TransportError>;

/// Answers from a script, counts requests; an empty script never answers.
#[derive(Clone, Default)]
struct Script {
    answers: Arc<Mutex<VecDeque<Answer>>>,
    sent: Arc<Mutex<Vec<Request<Body>>>>,
}

impl Script {
    fn new(answers: Vec<Answer>) -> Self {
        Script {
            answers: Arc::new(Mutex::new(answers.into())),
            ..Default::default()
        }
    }

    fn count(&self) -> usize {
        self.sent.lock().unwrap().len()
    }
}

#[async_trait]
impl Transport for Script {
    async fn send(&self, request: Request<Body>) -> Answer {
        self.sent.lock().unwrap().push(request);
        let next = self.answers.lock().unwrap().pop_front();
        match next {
            Some(answer) => answer,
            None => std::future::pending().await,
        }
    }
}

fn answer(status: u16, headers: &[(&str, &str)], body: &'static str) -> Answer {
    let mut b = Response::builder().status(status);
    for (n, v) in headers {
        b = b.header(*n, *v);
    }
    Ok(b.body(Bytes::from_static(body.as_bytes())).unwrap())
}

/// A client on `script` whose pauses are recorded and not waited.
fn client(script: &Script) -> (ImageKit, RecordedPauses) {
    let pauses = RecordedPauses::default();
    let ik = ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key("private_key_test")
        .with_base_url("http://127.0.0.1:9")
        .with_transport(script.clone())
        .with_random(|| 0.0)
        .with_sleep(pauses.clone());
    (ik, pauses)
}

#[test]
fn two_503s_then_success_takes_three_requests_with_growing_pauses() {
    let script = Script::new(vec![
        answer(503, &[], "busy"),
        answer(503, &[], "busy"),
        answer(200, &[], r#"{"ok": true}"#),
    ]);
    let (ik, pauses) = client(&script);
    let out = block_on(ik.send(&Op(Repeat::Safe))).unwrap();
    assert_eq!(out["ok"], true);
    assert_eq!(script.count(), 3);
    assert_eq!(
        pauses.pauses(),
        [Duration::from_millis(500), Duration::from_secs(1)]
    );
    let request = &script.sent.lock().unwrap()[0];
    assert_eq!(request.uri(), "http://127.0.0.1:9/v1/files");
    assert_eq!(
        request.headers()["authorization"],
        "Basic cHJpdmF0ZV9rZXlfdGVzdDo="
    );
}

#[test]
fn a_429_waits_the_reset_the_server_gives() {
    let script = Script::new(vec![
        answer(
            429,
            &[("X-RateLimit-Reset", "200")],
            r#"{"message": "slow down"}"#,
        ),
        answer(200, &[], "{}"),
    ]);
    let (ik, pauses) = client(&script);
    block_on(ik.send(&Op(Repeat::Safe))).unwrap();
    assert_eq!(pauses.pauses(), [Duration::from_millis(200)]);
}

#[test]
fn an_upload_answered_500_is_sent_once_and_the_error_kept() {
    let script = Script::new(vec![answer(
        500,
        &[("x-ik-requestId", "req-9")],
        r#"{"message": "Internal error", "help": "Try later"}"#,
    )]);
    let (ik, _) = client(&script);
    let err = block_on(ik.send(&Op(Repeat::IfNotSent))).unwrap_err();
    assert_eq!(script.count(), 1);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.message(), Some("Internal error"));
    assert_eq!(err.help(), Some("Try later"));
    assert_eq!(err.request_id(), Some("req-9"));
}

#[test]
fn an_upload_whose_connection_failed_is_sent_again() {
    let script = Script::new(vec![
        Err(TransportError::connect("refused")),
        answer(200, &[], "{}"),
    ]);
    let (ik, _) = client(&script);
    block_on(ik.send(&Op(Repeat::IfNotSent))).unwrap();
    assert_eq!(script.count(), 2);
}

#[test]
fn a_409_is_not_retried() {
    let script = Script::new(vec![answer(409, &[], r#"{"message": "in use"}"#)]);
    let (ik, _) = client(&script);
    let err = block_on(ik.send(&Op(Repeat::Safe))).unwrap_err();
    assert!(err.is_conflict());
    assert_eq!(script.count(), 1);
}

#[test]
fn a_client_side_signed_upload_is_never_retried() {
    let script = Script::new(vec![
        Err(TransportError::connect("refused")),
        answer(200, &[], "{}"),
    ]);
    let (ik, _) = client(&script);
    let err = block_on(ik.send(&Op(Repeat::Never))).unwrap_err();
    assert!(err.is_connect());
    assert_eq!(script.count(), 1);
}

#[test]
fn an_attempt_that_takes_too_long_times_out_and_is_retried() {
    let script = Script::new(vec![]);
    let ik = ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key("k")
        .with_transport(script.clone())
        .with_timeout(Duration::from_millis(20))
        .with_retry_policy(imagekit::RetryPolicy {
            base_delay: Duration::from_millis(1),
            ..Default::default()
        });
    let err = block_on(ik.send(&Op(Repeat::Safe))).unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(
        err.transport_error().map(TransportError::kind),
        Some(TransportErrorKind::Timeout)
    );
    assert_eq!(script.count(), 3);
}

#[test]
fn without_a_transport_or_a_key_nothing_is_sent() {
    let ik = ImageKit::new("https://ik.imagekit.io/demo").unwrap();
    let err = block_on(ik.send(&Op(Repeat::Safe))).unwrap_err();
    assert!(err.is_invalid_input());
    let script = Script::new(vec![]);
    let keyless = ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_transport(script.clone());
    assert!(block_on(keyless.send(&Op(Repeat::Safe)))
        .unwrap_err()
        .is_invalid_input());
    assert_eq!(script.count(), 0);
}

#[test]
fn send_with_response_keeps_the_status_headers_and_request_id_around_the_result() {
    let script = Script::new(vec![answer(
        201,
        &[("x-ik-requestId", "req-9"), ("X-RateLimit-Limit", "10")],
        r#"{"ok": true}"#,
    )]);
    let (ik, _) = client(&script);
    let answer = block_on(ik.send_with_response(&Op(Repeat::Safe))).unwrap();
    assert_eq!(answer.status(), 201);
    assert_eq!(imagekit::api::request_id(answer.headers()), Some("req-9"));
    let limit = imagekit::RateLimit::from_headers(answer.headers()).unwrap();
    assert_eq!(limit.limit, Some(10));
    assert_eq!(answer.into_body()["ok"], true);
    assert_eq!(script.count(), 1);
}

#[test]
fn one_call_sends_its_own_headers_and_retries_without_changing_the_client() {
    use http::{HeaderName, HeaderValue};

    let script = Script::new(vec![
        answer(503, &[], "busy"),
        answer(503, &[], "busy"),
        answer(200, &[], r#"{"ok": true}"#),
    ]);
    let (ik, pauses) = client(&script);
    let op = Op(Repeat::Safe);
    let err = block_on(
        ik.call(&op)
            .max_retries(1)
            .header(
                HeaderName::from_static("x-trace"),
                HeaderValue::from_static("a"),
            )
            .header(
                HeaderName::from_static("x-trace"),
                HeaderValue::from_static("b"),
            )
            .header(
                http::header::USER_AGENT,
                HeaderValue::from_static("my-app/1"),
            )
            .send(),
    )
    .unwrap_err();
    // One retry for this call, then its last answer.
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(pauses.pauses(), [Duration::from_millis(500)]);
    {
        let sent = script.sent.lock().unwrap();
        assert_eq!(sent.len(), 2);
        for request in sent.iter() {
            let traces: Vec<_> = request.headers().get_all("x-trace").iter().collect();
            assert_eq!(traces, ["a", "b"]);
            // The call's value replaces the operation's, not added beside it.
            let agents: Vec<_> = request.headers().get_all("user-agent").iter().collect();
            assert_eq!(agents, ["my-app/1"]);
            assert!(request.headers().contains_key("authorization"));
        }
    }
    // The client is unchanged: a plain send carries none of the call's headers.
    assert!(block_on(ik.send(&op)).is_ok());
    assert_eq!(script.count(), 3);
    let plain = &script.sent.lock().unwrap()[2];
    assert!(!plain.headers().contains_key("x-trace"));
}
