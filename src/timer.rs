//! Timers for deadlines and for the pauses between attempts: the [`Sleep`] trait, the runtime's
//! own timer where the transport has one (Tokio's, for
//! [`HyperTransport`](crate::transport::hyper::HyperTransport)), and [`TimerThread`], one
//! shared thread that serves every timer of the process for transports without a runtime.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

/// Waits for a while: what the SDK asks of a timer, for a deadline or for a pause between
/// attempts. Any `Fn(Duration) -> impl Future` is one, so `tokio::time::sleep` can be passed as
/// it is; tests pass [`RecordedPauses`](crate::transport::testing::RecordedPauses).
pub trait Sleep: Send + Sync {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

impl<F, Fut> Sleep for F
where
    F: Fn(Duration) -> Fut + Send + Sync,
    Fut: Future<Output = ()> + Send + 'static,
{
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(self(duration))
    }
}

/// A [`Sleep`] that works under any executor: one background thread, started on first use,
/// wakes every waiting timer of the process at its deadline. A timer costs an entry in a map,
/// not a thread, and a timer dropped early (an answer came first) leaves nothing behind.
///
/// ```
/// use std::time::{Duration, Instant};
/// use imagekit::{Sleep, TimerThread};
///
/// let start = Instant::now();
/// futures_lite::future::block_on(TimerThread.sleep(Duration::from_millis(20)));
/// assert!(start.elapsed() >= Duration::from_millis(20));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct TimerThread;

/// The old name of [`TimerThread`], which no longer spends a thread per timer.
#[deprecated(
    since = "0.2.0",
    note = "renamed `TimerThread`; one thread serves every timer"
)]
pub type ThreadSleep = TimerThread;

impl Sleep for TimerThread {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        // A duration too long for an Instant is as good as never.
        let deadline = Instant::now().checked_add(duration);
        Box::pin(Timer {
            deadline,
            entry: None,
        })
    }
}

/// The timers waiting, by deadline (and a number that tells timers of one instant apart).
struct Timers {
    next: u64,
    waiting: BTreeMap<(Instant, u64), Waker>,
}

struct Wheel {
    timers: Mutex<Timers>,
    changed: Condvar,
}

impl Wheel {
    fn lock(&self) -> MutexGuard<'_, Timers> {
        self.timers.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The process's wheel, its thread started on first use.
    fn get() -> &'static Wheel {
        static WHEEL: Wheel = Wheel {
            timers: Mutex::new(Timers {
                next: 0,
                waiting: BTreeMap::new(),
            }),
            changed: Condvar::new(),
        };
        static STARTED: Once = Once::new();
        STARTED.call_once(|| {
            std::thread::Builder::new()
                .name("imagekit-timer".into())
                .spawn(|| WHEEL.run())
                // Only fails when the OS has no thread left to give, as an allocation can.
                .expect("imagekit could not start its timer thread");
        });
        &WHEEL
    }

    /// Wakes each timer at its deadline, sleeping until the earliest one (or a new one).
    fn run(&self) {
        let mut timers = self.lock();
        loop {
            let now = Instant::now();
            let mut due = Vec::new();
            while let Some(entry) = timers.waiting.first_entry() {
                if entry.key().0 > now {
                    break;
                }
                due.push(entry.remove());
            }
            if !due.is_empty() {
                drop(timers);
                due.into_iter().for_each(Waker::wake);
                timers = self.lock();
                continue;
            }
            timers = match timers.waiting.keys().next() {
                Some(&(at, _)) => {
                    let wait = at.saturating_duration_since(now);
                    self.changed
                        .wait_timeout(timers, wait)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
                None => self.changed.wait(timers).unwrap_or_else(|e| e.into_inner()),
            };
        }
    }
}

/// One wait of [`TimerThread`]: registered with the wheel while pending, removed when dropped.
struct Timer {
    deadline: Option<Instant>,
    entry: Option<(Instant, u64)>,
}

impl Future for Timer {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let Some(deadline) = self.deadline else {
            return Poll::Pending;
        };
        if Instant::now() >= deadline {
            self.deregister();
            return Poll::Ready(());
        }
        let wheel = Wheel::get();
        let mut timers = wheel.lock();
        let key = match self.entry {
            Some(key) => key,
            None => {
                timers.next += 1;
                let key = (deadline, timers.next);
                self.entry = Some(key);
                key
            }
        };
        let earliest = timers
            .waiting
            .keys()
            .next()
            .is_none_or(|first| key < *first);
        timers.waiting.insert(key, cx.waker().clone());
        drop(timers);
        if earliest {
            wheel.changed.notify_one();
        }
        Poll::Pending
    }
}

impl Timer {
    fn deregister(&mut self) {
        if let Some(key) = self.entry.take() {
            Wheel::get().lock().waiting.remove(&key);
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.deregister();
    }
}

/// Tokio's timer, for transports on Tokio (needs a runtime with its time driver).
#[cfg(any(feature = "hyper", feature = "reqwest"))]
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokioSleep;

#[cfg(any(feature = "hyper", feature = "reqwest"))]
impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Runs `work` and `limit` together and returns the output of the first to finish (the other
/// is dropped): `limit` is typically a timer that then yields a timeout error.
pub(crate) async fn first<T>(work: impl Future<Output = T>, limit: impl Future<Output = T>) -> T {
    let mut work = std::pin::pin!(work);
    let mut limit = std::pin::pin!(limit);
    core::future::poll_fn(|cx| {
        if let Poll::Ready(out) = work.as_mut().poll(cx) {
            return Poll::Ready(out);
        }
        limit.as_mut().poll(cx)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_lite::future::block_on;

    #[test]
    fn timers_wake_their_tasks_in_deadline_order_whatever_the_order_they_start() {
        let order = std::sync::Arc::new(Mutex::new(Vec::new()));
        let threads: Vec<_> = [60u64, 20, 40]
            .into_iter()
            .map(|ms| {
                let order = order.clone();
                std::thread::spawn(move || {
                    block_on(TimerThread.sleep(Duration::from_millis(ms)));
                    order.lock().unwrap().push(ms);
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(*order.lock().unwrap(), [20, 40, 60]);
    }

    #[test]
    fn a_race_ends_with_the_first_to_finish() {
        let timeout = |ms| async move {
            TimerThread.sleep(Duration::from_millis(ms)).await;
            None
        };
        assert_eq!(block_on(first(async { Some(7) }, timeout(5_000))), Some(7));
        let late = first(async { core::future::pending().await }, timeout(10));
        assert_eq!(block_on(late), None::<u8>);
    }

    #[test]
    fn a_timer_dropped_before_its_deadline_leaves_nothing_behind() {
        let mut timer = Timer {
            deadline: Some(Instant::now() + Duration::from_secs(60)),
            entry: None,
        };
        let mut cx = Context::from_waker(Waker::noop());
        assert!(Pin::new(&mut timer).poll(&mut cx).is_pending());
        let key = timer.entry.expect("registered");
        assert!(Wheel::get().lock().waiting.contains_key(&key));
        drop(timer);
        assert!(!Wheel::get().lock().waiting.contains_key(&key));
    }

    #[test]
    fn a_wait_too_long_for_the_clock_never_ends() {
        let never = async {
            TimerThread.sleep(Duration::MAX).await;
            "never"
        };
        let soon = async {
            TimerThread.sleep(Duration::from_millis(5)).await;
            "soon"
        };
        assert_eq!(block_on(first(never, soon)), "soon");
    }
}
