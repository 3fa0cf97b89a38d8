//! How long a call may wait: [`Timeouts`] (connect 10 s, each attempt 60 s, a streamed upload
//! 60 s without progress, optionally the whole call), and [`attempt`], which sends one request
//! through a transport within them. The limits are kept by the SDK's own timers, so they hold
//! for every transport, yours included; the connect timeout is the one a transport keeps.

use std::future::Future;
use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Poll, Waker};
use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::timer::{first, Sleep};
use crate::transport::{Body, BodySource, Transport, TransportError};

/// How long a call may wait, and for what. The defaults are ImageKit's own SDKs' 60 s per
/// request, with a connect timeout, and an idle timeout rather than a total one for streamed
/// uploads, so a 500 MB upload on a slow link succeeds while a dead peer is found within a
/// minute.
///
/// Set them for a client with [`ImageKit::with_timeouts`](crate::ImageKit::with_timeouts), or
/// for one call with [`ImageKit::call`](crate::ImageKit::call). `None` means no limit.
///
/// ```
/// use std::time::Duration;
/// use imagekit::Timeouts;
///
/// let defaults = Timeouts::default();
/// assert_eq!(defaults.connect, Some(Duration::from_secs(10)));
/// assert_eq!(defaults.attempt, Some(Duration::from_secs(60)));
/// assert_eq!(defaults.idle, Some(Duration::from_secs(60)));
/// assert_eq!(defaults.total, None);
///
/// // Give up on a call after 20 s, whatever the retries.
/// let patient = Timeouts { total: Some(Duration::from_secs(20)), ..Timeouts::default() };
/// # let _ = patient;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Making a connection (TCP and TLS): 10 s. Kept by the transport the client makes itself
    /// (the `hyper` feature's); a transport you pass in keeps its own setting.
    pub connect: Option<Duration>,
    /// One attempt, from sending the request to the last byte of the answer: 60 s. For a
    /// streamed body, the wait for the answer once the whole body has been read.
    pub attempt: Option<Duration>,
    /// A streamed body (an upload from a file or another source): the longest time without
    /// reading more of it while it is sent, 60 s.
    pub idle: Option<Duration>,
    /// The whole call, every attempt and pause between them included: no limit by default. A
    /// pause that would end past it is not taken: the call fails with the last failure.
    pub total: Option<Duration>,
}

/// The connect timeout of [`Timeouts::default`].
pub(crate) const DEFAULT_CONNECT: Duration = Duration::from_secs(10);

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Some(DEFAULT_CONNECT),
            attempt: Some(Duration::from_secs(60)),
            idle: Some(Duration::from_secs(60)),
            total: None,
        }
    }
}

impl Timeouts {
    /// No limit at all (a transport you pass in may still have its own).
    pub fn none() -> Self {
        Timeouts {
            connect: None,
            attempt: None,
            idle: None,
            total: None,
        }
    }
}

/// Sends `request` once through `transport` within `timeouts`' attempt and idle limits, timed
/// by `timer`. A request whose limit passes is dropped (its connection with it) and fails with
/// a [`TransportErrorKind::Timeout`](crate::transport::TransportErrorKind::Timeout) error that
/// names the limit.
pub(crate) async fn attempt(
    transport: &dyn Transport,
    request: http::Request<Body>,
    timeouts: &Timeouts,
    timer: &dyn Sleep,
) -> Result<http::Response<Bytes>, TransportError> {
    let streamed = request.body().source().cloned();
    match (streamed, timeouts.idle) {
        (Some(source), Some(idle)) => {
            let progress = Arc::new(Progress::new(source.len()));
            let (parts, _) = request.into_parts();
            let body = Body::stream(Watched {
                source,
                progress: Arc::clone(&progress),
            });
            let request = http::Request::from_parts(parts, body);
            let watch = watch(&progress, idle, timeouts.attempt, timer);
            first(transport.send(request), watch).await
        }
        _ => {
            within(timer, timeouts.attempt, transport.send(request), |limit| {
                format!("no whole answer within {limit:?} (the attempt timeout)")
            })
            .await
        }
    }
}

/// Runs `work`, or once `limit` (if any) has passed on `timer`, drops it and fails with a
/// timeout error that `what` describes from the limit.
pub(crate) async fn within<T, E: From<TransportError>>(
    timer: &dyn Sleep,
    limit: Option<Duration>,
    work: impl Future<Output = Result<T, E>>,
    what: impl FnOnce(Duration) -> String,
) -> Result<T, E> {
    let Some(limit) = limit else {
        return work.await;
    };
    let late = async {
        timer.sleep(limit).await;
        Err(TransportError::timeout(what(limit)).into())
    };
    first(work, late).await
}

/// Fails once the body has not been read for `idle`, or, once it has been read whole, when no
/// answer has come `attempt` later.
async fn watch(
    progress: &Progress,
    idle: Duration,
    attempt: Option<Duration>,
    timer: &dyn Sleep,
) -> Result<http::Response<Bytes>, TransportError> {
    loop {
        let (since, limit, sent) = match (progress.sent_at(), attempt) {
            (Some(sent), Some(limit)) => (sent, limit, true),
            (Some(_), None) => return core::future::pending().await,
            (None, _) => (progress.last_read(), idle, false),
        };
        let left = limit.saturating_sub(since.elapsed());
        if left.is_zero() {
            return Err(TransportError::timeout(if sent {
                format!("no answer within {limit:?} after the body was sent (the attempt timeout)")
            } else {
                format!("the body made no progress for {limit:?} (the idle timeout)")
            }));
        }
        if sent {
            timer.sleep(left).await;
        } else {
            // The end of the body starts the attempt timeout: it wakes this wait.
            first(timer.sleep(left), progress.sent()).await;
        }
    }
}

/// When a streamed body was last read from, and when it was read whole.
struct Progress {
    start: Instant,
    len: Option<u64>,
    /// Nanoseconds from `start` to the last read.
    last_read: AtomicU64,
    /// Nanoseconds from `start` to the end of the body, plus one (0: not yet).
    sent: AtomicU64,
    /// The task waiting for the end of the body.
    waiting: Mutex<Option<Waker>>,
}

impl Progress {
    fn new(len: Option<u64>) -> Self {
        Progress {
            start: Instant::now(),
            len,
            last_read: AtomicU64::new(0),
            sent: AtomicU64::new(0),
            waiting: Mutex::new(None),
        }
    }

    fn nanos(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX - 1)
    }

    fn last_read(&self) -> Instant {
        self.start + Duration::from_nanos(self.last_read.load(Ordering::Relaxed))
    }

    fn sent_at(&self) -> Option<Instant> {
        match self.sent.load(Ordering::Acquire) {
            0 => None,
            n => Some(self.start + Duration::from_nanos(n - 1)),
        }
    }

    /// A read of `n` bytes, `total` read so far; `end` when the source said it has no more.
    fn read(&self, end: bool, total: u64) {
        let now = self.nanos();
        self.last_read.store(now, Ordering::Relaxed);
        if (end || self.len == Some(total)) && self.sent_at().is_none() {
            self.sent.store(now + 1, Ordering::Release);
            if let Some(waker) = self.lock().take() {
                waker.wake();
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<Waker>> {
        self.waiting.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Completes once the body has been read whole.
    async fn sent(&self) {
        core::future::poll_fn(|cx| {
            if self.sent_at().is_some() {
                return Poll::Ready(());
            }
            *self.lock() = Some(cx.waker().clone());
            // Read again: the end may have come between the first look and the waker's storing.
            match self.sent_at() {
                Some(_) => Poll::Ready(()),
                None => Poll::Pending,
            }
        })
        .await
    }
}

/// A streamed body whose reads are reported to a [`Progress`].
struct Watched {
    source: Arc<dyn BodySource>,
    progress: Arc<Progress>,
}

impl BodySource for Watched {
    fn len(&self) -> Option<u64> {
        self.source.len()
    }

    fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        Ok(Box::new(WatchedReader {
            inner: self.source.open()?,
            progress: Arc::clone(&self.progress),
            total: 0,
        }))
    }
}

struct WatchedReader {
    inner: Box<dyn Read + Send>,
    progress: Arc<Progress>,
    total: u64,
}

impl Read for WatchedReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.total += n as u64;
        self.progress.read(n == 0 && !buf.is_empty(), self.total);
        Ok(n)
    }
}
