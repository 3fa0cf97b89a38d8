//! Ctrl-C and SIGTERM during work worth reporting on (`upload`, `rm`, `purge --wait`, `job
//! --wait`): the first signal stops new work from starting and gives the work in flight a grace
//! period to finish; a second signal, or the end of the grace period, gives up on it. The
//! command then reports what was done and what was not, and exits 130.
//!
//! The signals are caught from [`Interrupt::install`] on; before it, and in the other commands,
//! they end the process as usual.

use std::future::{poll_fn, Future};
use std::io;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use indicatif::ProgressBar;
use tokio::time::Sleep;

/// How long the work in flight may go on after the first signal.
pub(crate) const GRACE: Duration = Duration::from_secs(5);

/// The signals that stop the work: SIGINT (Ctrl-C) and SIGTERM.
#[cfg(unix)]
type Caught = tokio::signal::unix::Signal;
/// The signal that stops the work: Ctrl-C.
#[cfg(windows)]
type Caught = tokio::signal::windows::CtrlC;

/// Catches SIGINT and SIGTERM from now on.
#[cfg(unix)]
fn catch() -> io::Result<Vec<Caught>> {
    use tokio::signal::unix::{signal, SignalKind};
    Ok(vec![
        signal(SignalKind::interrupt())?,
        signal(SignalKind::terminate())?,
    ])
}

/// Catches Ctrl-C from now on.
#[cfg(windows)]
fn catch() -> io::Result<Vec<Caught>> {
    Ok(vec![tokio::signal::windows::ctrl_c()?])
}

/// Where a command stands with the signals.
enum State {
    /// No signal yet.
    Working,
    /// A signal came: nothing new starts, and the work in flight may finish until the timer
    /// fires.
    Stopping(Pin<Box<Sleep>>),
    /// The grace period is over, or a second signal came: nothing is waited for any more.
    GivenUp,
}

/// The signals caught for one command, and what they have done so far.
pub(crate) struct Interrupt {
    caught: Vec<Caught>,
    grace: Duration,
    state: State,
    /// The progress bar the notice of the first signal is printed above, if any.
    bar: Option<ProgressBar>,
}

impl Interrupt {
    /// Catches the signals from now on; after the first, the work in flight gets `grace` (none:
    /// it is given up on at once).
    pub(crate) fn install(grace: Duration, bar: Option<&ProgressBar>) -> Result<Self, String> {
        let caught = catch().map_err(|e| format!("cannot catch Ctrl-C: {e}"))?;
        Ok(Interrupt {
            caught,
            grace,
            state: State::Working,
            bar: bar.cloned(),
        })
    }

    /// Whether a signal has come: start nothing new.
    pub(crate) fn signalled(&mut self) -> bool {
        // Takes in a signal that came while nothing was awaited.
        let _ = self.poll_given_up(&mut Context::from_waker(Waker::noop()));
        !matches!(self.state, State::Working)
    }

    /// `work`'s output, or `None` once it is given up on: after a first signal it may still
    /// finish within the grace period, unless a second signal comes.
    pub(crate) async fn run<T>(&mut self, work: impl Future<Output = T>) -> Option<T> {
        let mut work = pin!(work);
        poll_fn(|cx| match work.as_mut().poll(cx) {
            Poll::Ready(value) => Poll::Ready(Some(value)),
            Poll::Pending => self.poll_given_up(cx).map(|()| None),
        })
        .await
    }

    /// Moves on with each signal and the end of the grace period; ready once given up.
    fn poll_given_up(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            let signal = self.caught.iter_mut().any(|c| c.poll_recv(cx).is_ready());
            let next = match &mut self.state {
                State::Working if !signal => return Poll::Pending,
                State::Working if self.grace.is_zero() => State::GivenUp,
                State::Working => {
                    self.notice();
                    State::Stopping(Box::pin(tokio::time::sleep(self.grace)))
                }
                State::Stopping(timer) => {
                    if !signal && timer.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    State::GivenUp
                }
                State::GivenUp => return Poll::Ready(()),
            };
            self.state = next;
        }
    }

    /// Says on stderr what happens now, above the progress bar if there is one.
    fn notice(&self) {
        let text = format!(
            "stopping: nothing new starts; the work in flight has {} s to finish (Ctrl-C again \
             stops it now)",
            self.grace.as_secs()
        );
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }
}
