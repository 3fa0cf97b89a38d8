//! 429s whose `X-RateLimit-Reset` / `Retry-After` are odd (negative, huge, fractional, not a
//! number, HTTP dates past and future) through the real adapters, with the default retry policy
//! (three attempts, 0.5 s doubling backoff, waits capped at 8 s), no jitter, a fixed clock and
//! [`RecordedPauses`]: the pauses the client took are asserted, none is waited.
//!
//! The policy (api.md, "Retries"): on a 429 wait `X-RateLimit-Reset` milliseconds, else
//! `Retry-After` (seconds or an HTTP date), capped at `max_delay`; a value that cannot be read
//! falls back to the backoff.

use std::sync::atomic::Ordering;
use std::time::Duration;

use imagekit::api::files::ListFiles;
use imagekit::transport::testing::RecordedPauses;
use imagekit::{ImageKit, RateLimit};
use rstest::rstest;
use rstest_reuse::apply;

use super::support::adapters::every_adapter;
use super::{adapter, counted, each_adapter, Act, Adapter, Faulty};

/// The fixed clock: Tue, 14 Nov 2023 22:13:20 GMT.
const NOW: u64 = 1_700_000_000;

/// The default policy's backoff without jitter: 0.5 s, then 1 s.
const BACKOFF: [Duration; 2] = [Duration::from_millis(500), Duration::from_secs(1)];

/// The default policy's cap on any wait.
const CAP: Duration = Duration::from_secs(8);

fn both(wait: Duration) -> [Duration; 2] {
    [wait, wait]
}

/// A 429 with `headers` (besides the content type).
fn limited(headers: &[(&'static str, &str)]) -> Act {
    let mut all = vec![("Content-Type", "application/json".to_owned())];
    all.extend(headers.iter().map(|(n, v)| (*n, (*v).to_owned())));
    Act::Reply {
        status: 429,
        headers: all,
        body: r#"{"message": "Too many requests"}"#.into(),
    }
}

#[rstest]
#[case::reset_ms("X-RateLimit-Reset", "1500", both(Duration::from_millis(1500)))]
#[case::reset_zero("X-RateLimit-Reset", "0", both(Duration::ZERO))]
#[case::reset_negative("X-RateLimit-Reset", "-1500", BACKOFF)]
#[case::reset_not_a_number("X-RateLimit-Reset", "soon", BACKOFF)]
#[case::reset_empty("X-RateLimit-Reset", "", BACKOFF)]
// Milliseconds with a fraction are not an integer: unreadable, so the backoff (see the report).
#[case::reset_fractional("X-RateLimit-Reset", "1500.5", BACKOFF)]
#[case::reset_u64_max("X-RateLimit-Reset", "18446744073709551615", both(CAP))]
// Past u64: still a wait far longer than the cap, so the cap, not the (shorter) backoff.
#[case::reset_huge("X-RateLimit-Reset", "99999999999999999999", both(CAP))]
#[case::retry_after_seconds("Retry-After", "3", both(Duration::from_secs(3)))]
#[case::retry_after_negative("Retry-After", "-3", BACKOFF)]
#[case::retry_after_fractional("Retry-After", "1.5", BACKOFF)]
#[case::retry_after_not_a_number("Retry-After", "later", BACKOFF)]
#[case::retry_after_long("Retry-After", "86400", both(CAP))]
#[case::retry_after_huge("Retry-After", "99999999999999999999", both(CAP))]
#[case::retry_after_date_past("Retry-After", "Tue, 14 Nov 2023 19:26:40 GMT", both(Duration::ZERO))]
#[case::retry_after_date_future(
    "Retry-After",
    "Tue, 14 Nov 2023 22:13:25 GMT",
    both(Duration::from_secs(5))
)]
#[case::retry_after_date_far("Retry-After", "Wed, 15 Nov 2023 22:13:20 GMT", both(CAP))]
#[case::retry_after_bad_date("Retry-After", "Tue, 31 Feb 2023 25:61:00 GMT", BACKOFF)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_with_an_odd_wait(
    #[case] name: &'static str,
    #[case] value: &str,
    #[case] pauses: [Duration; 2],
) {
    for which in every_adapter() {
        let (taken, attempts, err) = list_limited(which, vec![limited(&[(name, value)])]).await;
        let label = format!("{name}: {value:?} ({which:?})");
        assert_eq!(taken, pauses, "{label}");
        assert_eq!(attempts, 3, "{label}");
        assert!(err.is_rate_limited(), "{label}: {err}");
        assert_eq!(err.message(), Some("Too many requests"), "{label}");
        let reset_ms = (name == "X-RateLimit-Reset")
            .then(|| value.parse::<u64>().ok())
            .flatten();
        assert_eq!(
            err.rate_limit().and_then(|r| r.reset_ms),
            reset_ms,
            "{label}"
        );
    }
}

/// Both headers: a readable `X-RateLimit-Reset` wins; an unreadable one gives way to
/// `Retry-After`; two unreadable ones fall back to the backoff.
#[rstest]
#[case::reset_wins("700", "3", both(Duration::from_millis(700)))]
#[case::bad_reset_then_retry_after("-700", "3", both(Duration::from_secs(3)))]
#[case::bad_reset_then_date("soon", "Tue, 14 Nov 2023 22:13:25 GMT", both(Duration::from_secs(5)))]
#[case::both_unreadable("soon", "later", BACKOFF)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_with_both_headers(
    #[case] reset: &str,
    #[case] retry_after: &str,
    #[case] pauses: [Duration; 2],
) {
    for which in every_adapter() {
        let act = limited(&[
            ("X-RateLimit-Limit", "10"),
            ("X-RateLimit-Reset", reset),
            ("X-RateLimit-Interval", "1000"),
            ("Retry-After", retry_after),
        ]);
        let (taken, attempts, err) = list_limited(which, vec![act]).await;
        let label = format!("{reset:?} / {retry_after:?} ({which:?})");
        assert_eq!(taken, pauses, "{label}");
        assert_eq!(attempts, 3, "{label}");
        assert!(err.is_rate_limited(), "{label}: {err}");
        assert_eq!(
            err.rate_limit(),
            Some(RateLimit {
                limit: Some(10),
                reset_ms: reset.parse().ok(),
                interval_ms: Some(1000),
            }),
            "{label}"
        );
    }
}

/// A 429 that clears: the call succeeds after the one pause asked for.
#[apply(each_adapter)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_then_200_pauses_once(#[case] which: Adapter) {
    let server = Faulty::start(vec![
        limited(&[("X-RateLimit-Reset", "99999999999999999999")]),
        super::reply(200, super::LISTED),
    ])
    .await;
    let (ik, pauses, sent) = recorded_client(&server.base, which);
    assert_eq!(ik.list_files(&ListFiles::new()).await.unwrap().len(), 1);
    assert_eq!(pauses.pauses(), [CAP]);
    assert_eq!(sent.load(Ordering::SeqCst), 2);
    assert_eq!(server.received(), 2);
}

/// A client on `base` through `which` with the default retry policy, no jitter, the clock at
/// [`NOW`] and recorded pauses; and the count of attempts it sends.
fn recorded_client(
    base: &str,
    which: Adapter,
) -> (
    ImageKit,
    RecordedPauses,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    let pauses = RecordedPauses::default();
    let (ik, sent) = counted(base, adapter(which));
    let ik = ik
        .with_random(|| 0.0)
        .with_clock(|| NOW)
        .with_sleep(pauses.clone());
    (ik, pauses, sent)
}

/// Lists files from a server acting `acts` (all 429s): the pauses taken, the attempts the
/// server received (checked equal to those sent) and the error.
async fn list_limited(which: Adapter, acts: Vec<Act>) -> (Vec<Duration>, usize, imagekit::Error) {
    let server = Faulty::start(acts).await;
    let (ik, pauses, sent) = recorded_client(&server.base, which);
    let err = ik.list_files(&ListFiles::new()).await.unwrap_err();
    assert_eq!(sent.load(Ordering::SeqCst), server.received());
    (pauses.pauses(), server.received(), err)
}
