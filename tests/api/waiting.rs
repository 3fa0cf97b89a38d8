//! Waiting for a purge and a bulk job: status calls until the status is final (an unknown one
//! is not), within the deadline of `Polling`, which names the last status when it passes; and
//! submit answers without the id to wait on are errors.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_lite::future::block_on;
use imagekit::api::cache::{PurgeFileCache, PurgeStatus};
use imagekit::api::folders::{JobState, RenameFolder};
use imagekit::api::Outcome;
use imagekit::transport::testing::FakeTransport;
use imagekit::Polling;
use rstest::rstest;
use serde_json::json;

use super::fake_client;

/// A fake answering `statuses` in turn, each as `{"status": …}` with HTTP 200.
fn answering(statuses: &[&str]) -> Arc<FakeTransport> {
    let fake = FakeTransport::new();
    for status in statuses {
        fake.push(Ok(FakeTransport::json(200, &json!({ "status": status }))));
    }
    Arc::new(fake)
}

/// Pauses of 1 ms, doubling up to 4 ms, within `timeout`.
fn quick(timeout: Duration) -> Polling {
    Polling {
        timeout,
        first_pause: Duration::from_millis(1),
        max_pause: Duration::from_millis(4),
    }
}

#[test]
fn a_purge_is_waited_for_through_pending_and_unknown_statuses() {
    let fake = answering(&["Pending", "Queued", "Pending", "Completed"]);
    let ik = fake_client(&fake);
    let done = block_on(ik.wait_for_purge("r1", quick(Duration::from_secs(10)))).unwrap();
    assert_eq!(done.status, Some(PurgeStatus::Completed));
    let requests = fake.requests();
    assert_eq!(requests.len(), 4);
    assert!(requests
        .iter()
        .all(|r| r.uri == "https://api.imagekit.io/v1/files/purge/r1"));
}

#[test]
fn a_purge_pending_past_the_deadline_fails_then_naming_the_last_status() {
    let fake = answering(&["Pending"; 1000]);
    let ik = fake_client(&fake);
    let timeout = Duration::from_millis(300);
    let started = Instant::now();
    let err = block_on(ik.wait_for_purge("r1", quick(timeout))).unwrap_err();
    let took = started.elapsed();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(
        err.to_string(),
        "timed out: purge r1 was not done within 300ms (last status: Pending)"
    );
    // The whole wait, not less: `--timeout 3` must not give up after 1.6 s.
    assert!(took >= timeout, "gave up after {took:?}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(fake.request_count() > 10, "{}", fake.request_count());
}

#[test]
fn a_status_call_that_fails_ends_the_wait_with_its_error() {
    let fake = answering(&["Pending"]);
    fake.push(Ok(FakeTransport::json(
        404,
        &json!({"message": "No request found"}),
    )));
    let ik = fake_client(&fake);
    let err = block_on(ik.wait_for_purge("r1", quick(Duration::from_secs(10)))).unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::NOT_FOUND));
    assert_eq!(fake.request_count(), 2);
}

#[test]
fn waiting_on_an_empty_id_is_refused_before_any_request() {
    let fake = answering(&["Completed"]);
    let ik = fake_client(&fake);
    let err = block_on(ik.wait_for_purge("", Polling::default())).unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    assert_eq!(fake.request_count(), 0);
}

#[rstest]
#[case::missing(json!({}), "missing field `requestId`")]
#[case::empty(json!({"requestId": ""}), "the id is empty")]
fn a_purge_answer_without_its_request_id_is_an_error(
    #[case] answer: serde_json::Value,
    #[case] why: &str,
) {
    let fake = Arc::new(FakeTransport::new().with_response(FakeTransport::json(201, &answer)));
    let ik = fake_client(&fake);
    let err = block_on(ik.purge_file_cache(&PurgeFileCache::new("https://ik.imagekit.io/a.jpg")))
        .unwrap_err();
    assert!(err.is_decode(), "{err}");
    assert!(
        err.to_string().starts_with("unexpected answer (HTTP 201)"),
        "{err}"
    );
    assert!(err.to_string().contains(why), "{err}");
}

#[rstest]
#[case::missing(json!({}), "missing field `jobId`")]
#[case::empty(json!({"jobId": ""}), "the id is empty")]
fn a_bulk_job_answer_without_its_job_id_is_an_error(
    #[case] answer: serde_json::Value,
    #[case] why: &str,
) {
    let fake = Arc::new(FakeTransport::new().with_response(FakeTransport::json(202, &answer)));
    let ik = fake_client(&fake);
    let err = block_on(ik.rename_folder(&RenameFolder::new("/old", "new"))).unwrap_err();
    assert!(err.is_decode(), "{err}");
    assert!(err.to_string().contains(why), "{err}");
}

#[rstest]
#[case::completed("Completed", false)]
#[case::partial_success("Partial success", true)]
fn a_bulk_job_is_waited_for_until_it_is_no_longer_pending(
    #[case] last: &str,
    #[case] partial: bool,
) {
    let fake = FakeTransport::new();
    for status in ["Pending", "Running"] {
        fake.push(Ok(FakeTransport::json(
            200,
            &json!({"jobId": "j1", "status": status}),
        )));
    }
    let status = if partial { 207 } else { 200 };
    fake.push(Ok(FakeTransport::json(
        status,
        &json!({"jobId": "j1", "status": last, "message": "purge failed"}),
    )));
    let fake = Arc::new(fake);
    let ik = fake_client(&fake);
    let done = block_on(ik.wait_for_bulk_job("j1", quick(Duration::from_secs(10)))).unwrap();
    assert_eq!(done.is_partial(), partial);
    let (Outcome::Complete(job) | Outcome::Partial(job)) = done;
    assert_eq!(job.status, Some(JobState::from(last)));
    assert_eq!(fake.request_count(), 3);
    assert_eq!(
        fake.last_request().unwrap().uri,
        "https://api.imagekit.io/v1/bulkJobs/j1"
    );
}
