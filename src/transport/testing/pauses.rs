//! [`RecordedPauses`]: a [`Sleep`](crate::Sleep) for tests that returns at once and keeps every
//! pause the client asked for, so a test of retries neither waits for real nor guesses.

use std::future::{ready, Future};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::timer::Sleep;

/// Pauses between attempts, recorded instead of waited. Clones share the record: hand one to
/// [`ImageKit::with_sleep`](crate::ImageKit::with_sleep) and keep one to read.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
///
/// use imagekit::api::files::GetFileDetails;
/// use imagekit::transport::testing::{FakeTransport, RecordedPauses};
///
/// let fake = Arc::new(FakeTransport::new());
/// for _ in 0..3 {
///     fake.push(Ok(FakeTransport::json(503, &serde_json::json!({"message": "busy"}))));
/// }
/// let pauses = RecordedPauses::default();
/// let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo")?
///     .with_private_key("private_key_test")
///     .with_transport(Arc::clone(&fake))
///     .with_random(|| 0.0)
///     .with_sleep(pauses.clone());
/// let err = futures_lite::future::block_on(ik.get_file_details(&GetFileDetails::new("f1")))
///     .unwrap_err();
/// // Two retries, 0.5 s then 1 s, none waited; the last answer is the error.
/// assert_eq!(pauses.pauses(), [Duration::from_millis(500), Duration::from_secs(1)]);
/// assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
/// assert_eq!(fake.request_count(), 3);
/// # Ok::<(), imagekit::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct RecordedPauses {
    pauses: Arc<Mutex<Vec<Duration>>>,
}

impl RecordedPauses {
    /// Every pause asked for so far, in order.
    pub fn pauses(&self) -> Vec<Duration> {
        self.pauses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Sleep for RecordedPauses {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        self.pauses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(duration);
        Box::pin(ready(()))
    }
}
