//! api.md's retry policy over real HTTP: the hyper adapter against a loopback server that
//! answers from a script and counts what it receives.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::Full;
use imagekit::api::{parse_json, Api, Host, Operation};
use imagekit::transport::hyper::HyperTransport;
use imagekit::transport::Body;
use imagekit::{Error, ImageKit, Repeat, RetryPolicy};

use crate::support::op::Op;
use crate::support::server::serve;

/// Serves the scripted (status, headers) answers in turn (the last one again when the script
/// runs out) and counts the requests.
async fn scripted(
    script: &'static [(u16, &'static [(&'static str, &'static str)])],
) -> (String, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let addr = serve(move |_request| {
        let n = seen.fetch_add(1, Ordering::SeqCst);
        let (status, headers) = script[n.min(script.len() - 1)];
        async move {
            let mut response = Response::builder()
                .status(status)
                .header("content-type", "application/json");
            for (name, value) in headers {
                response = response.header(*name, *value);
            }
            let body = if status < 300 {
                r#"{"ok": true}"#
            } else {
                r#"{"message": "scripted"}"#
            };
            response
                .body(Full::new(Bytes::from_static(body.as_bytes())))
                .unwrap()
        }
    })
    .await;
    (format!("http://{addr}"), count)
}

fn client(base: &str) -> ImageKit {
    ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key("private_key_test")
        .with_base_url(base)
        .with_transport(HyperTransport::new().timeout(Duration::from_secs(5)))
        .with_retry_policy(RetryPolicy {
            base_delay: Duration::from_millis(10),
            ..Default::default()
        })
        .with_sleep(tokio::time::sleep)
}

#[tokio::test]
async fn two_503s_then_200_succeed_on_the_third_request() {
    let (base, count) = scripted(&[(503, &[]), (503, &[]), (200, &[])]).await;
    let out = client(&base).send(&Op(Repeat::Safe)).await.unwrap();
    assert_eq!(out["ok"], true);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_429_with_a_reset_of_200_ms_waits_about_that() {
    let (base, count) = scripted(&[(429, &[("X-RateLimit-Reset", "200")]), (200, &[])]).await;
    let start = Instant::now();
    client(&base).send(&Op(Repeat::Safe)).await.unwrap();
    let waited = start.elapsed();
    assert_eq!(count.load(Ordering::SeqCst), 2);
    assert!(waited >= Duration::from_millis(200), "{waited:?}");
    assert!(waited < Duration::from_millis(1500), "{waited:?}");
}

#[tokio::test]
async fn an_upload_answered_500_is_sent_once() {
    let (base, count) = scripted(&[(500, &[]), (200, &[])]).await;
    let err = client(&base)
        .send(&Op(Repeat::IfNotSent))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_409_is_not_retried() {
    let (base, count) = scripted(&[(409, &[]), (200, &[])]).await;
    let err = client(&base).send(&Op(Repeat::Safe)).await.unwrap_err();
    assert!(err.is_conflict());
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_client_side_signed_upload_is_never_retried() {
    let (base, count) = scripted(&[(429, &[("X-RateLimit-Reset", "10")]), (200, &[])]).await;
    let err = client(&base).send(&Op(Repeat::Never)).await.unwrap_err();
    assert!(err.is_rate_limited());
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

/// A streamed upload body, as from a file.
struct Numbers;

impl imagekit::transport::BodySource for Numbers {
    fn len(&self) -> Option<u64> {
        Some(100_000)
    }

    fn open(&self) -> std::io::Result<Box<dyn std::io::Read + Send>> {
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        Ok(Box::new(std::io::Cursor::new(bytes)))
    }
}

/// A PUT of a streamed body that may repeat.
struct Put;

impl Operation for Put {
    type Output = serde_json::Value;

    fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
        Ok(api
            .builder(Method::PUT, Host::Api, "/v1/stream")?
            .body(Body::stream(Numbers))
            .unwrap())
    }

    fn parse(&self, response: Response<Bytes>) -> Result<Self::Output, Error> {
        parse_json(response)
    }
}

#[tokio::test]
async fn a_streamed_body_is_opened_again_and_sent_whole_on_retry() {
    use http_body_util::BodyExt;
    let lengths = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = Arc::clone(&lengths);
    let addr = serve(move |request: Request<hyper::body::Incoming>| {
        let seen = Arc::clone(&seen);
        async move {
            let body = request.into_body().collect().await.unwrap().to_bytes();
            let n = {
                let mut lengths = seen.lock().unwrap();
                lengths.push(body.len());
                lengths.len()
            };
            let status = if n == 1 { 503 } else { 200 };
            Response::builder()
                .status(status)
                .body(Full::new(Bytes::from_static(b"{}")))
                .unwrap()
        }
    })
    .await;
    client(&format!("http://{addr}")).send(&Put).await.unwrap();
    assert_eq!(*lengths.lock().unwrap(), [100_000, 100_000]);
}
