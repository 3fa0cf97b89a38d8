//! Waiting for ImageKit's asynchronous work: [`ImageKit::wait_for_purge`] and
//! [`ImageKit::wait_for_bulk_job`] ask for the status with growing pauses until it is final,
//! within a deadline ([`Polling`]).

use core::cell::RefCell;
use std::time::Duration;

use super::ImageKit;
use crate::api::cache::{GetPurgeFileCacheStatus, PurgeFileCacheStatus, PurgeStatus};
use crate::api::folders::{GetBulkJobStatus, JobState, JobStatus};
use crate::api::Outcome;
use crate::error::Error;
use crate::timeouts::within;
use crate::timer::TimerThread;

/// How to wait for asynchronous work: the deadline of the whole wait and the pauses between
/// status calls (the first one, doubling up to the longest).
///
/// A status that is not known to be final (a new status name included) is waited on. When the
/// deadline passes, the wait fails with a timeout error ([`Error::is_timeout`]) naming the last
/// status seen; a status call still running then is dropped.
///
/// ```
/// use std::time::Duration;
/// use imagekit::Polling;
///
/// let polling = Polling::default();
/// assert_eq!(polling.timeout, Duration::from_secs(300));
/// assert_eq!(polling.first_pause, Duration::from_millis(500));
/// assert_eq!(polling.max_pause, Duration::from_secs(5));
/// let brief = Polling::within(Duration::from_secs(30));
/// assert_eq!(brief.timeout, Duration::from_secs(30));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Polling {
    /// The longest the whole wait may take: 5 minutes.
    pub timeout: Duration,
    /// The pause after the first status call: 0.5 s.
    pub first_pause: Duration,
    /// The longest pause; each pause doubles the one before up to it: 5 s.
    pub max_pause: Duration,
}

impl Default for Polling {
    fn default() -> Self {
        Polling {
            timeout: Duration::from_secs(300),
            first_pause: Duration::from_millis(500),
            max_pause: Duration::from_secs(5),
        }
    }
}

impl Polling {
    /// The default pauses, with a deadline of `timeout`.
    pub fn within(timeout: Duration) -> Self {
        Polling {
            timeout,
            ..Polling::default()
        }
    }
}

impl ImageKit {
    /// Waits until purge request `request_id` (from
    /// [`purge_file_cache`](ImageKit::purge_file_cache)) is `Completed`, and returns its last
    /// status.
    ///
    /// ```no_run
    /// use imagekit::api::cache::PurgeFileCache;
    /// use imagekit::Polling;
    ///
    /// # async fn run(ik: &imagekit::ImageKit) -> Result<(), imagekit::Error> {
    /// let url = "https://ik.imagekit.io/your_imagekit_id/default-image.jpg";
    /// let submitted = ik.purge_file_cache(&PurgeFileCache::new(url)).await?;
    /// ik.wait_for_purge(&submitted.request_id, Polling::default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn wait_for_purge(
        &self,
        request_id: &str,
        polling: Polling,
    ) -> Result<PurgeFileCacheStatus, Error> {
        let params = GetPurgeFileCacheStatus::new(request_id);
        self.wait(
            &format!("purge {request_id}"),
            polling,
            || self.get_purge_file_cache_status(&params),
            |answer| {
                (
                    answer.status == Some(PurgeStatus::Completed),
                    status_name(&answer.status),
                )
            },
        )
        .await
    }

    /// Waits until bulk job `job_id` (a folder copy, move or rename) is no longer `Pending`:
    /// `Completed`, or a partial success (a rename whose cache purge failed), and returns its
    /// last status.
    ///
    /// ```no_run
    /// use imagekit::api::folders::RenameFolder;
    /// use imagekit::Polling;
    ///
    /// # async fn run(ik: &imagekit::ImageKit) -> Result<(), imagekit::Error> {
    /// let job = ik.rename_folder(&RenameFolder::new("/old", "new")).await?;
    /// let done = ik.wait_for_bulk_job(&job.job_id, Polling::default()).await?;
    /// if done.is_partial() {
    ///     println!("renamed, but the cache purge failed");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn wait_for_bulk_job(
        &self,
        job_id: &str,
        polling: Polling,
    ) -> Result<Outcome<JobStatus>, Error> {
        let params = GetBulkJobStatus::new(job_id);
        self.wait(
            &format!("job {job_id}"),
            polling,
            || self.get_bulk_job_status(&params),
            |answer| match answer {
                Outcome::Partial(status) => (true, status_name(&status.status)),
                Outcome::Complete(status) => (
                    matches!(
                        status.status,
                        Some(JobState::Completed | JobState::PartialSuccess)
                    ),
                    status_name(&status.status),
                ),
            },
        )
        .await
    }

    /// Calls `check` until `final_status` says its answer is final, pausing as `polling` says,
    /// within its deadline. `final_status` also names the status, for the timeout error.
    async fn wait<T, F>(
        &self,
        what: &str,
        polling: Polling,
        check: impl Fn() -> F,
        final_status: impl Fn(&T) -> (bool, String),
    ) -> Result<T, Error>
    where
        F: std::future::Future<Output = Result<T, Error>>,
    {
        let transport = self.transport()?;
        let timer = transport.timer().unwrap_or(&TimerThread);
        let last = RefCell::new(None);
        let polls = async {
            let mut pause = polling.first_pause;
            loop {
                let answer = check().await?;
                let (done, status) = final_status(&answer);
                if done {
                    return Ok(answer);
                }
                *last.borrow_mut() = Some(status);
                timer.sleep(pause).await;
                pause = (pause * 2).min(polling.max_pause);
            }
        };
        within(timer, Some(polling.timeout), polls, |limit| {
            let last = last.borrow();
            let status = last.as_deref().unwrap_or("no status yet");
            format!("{what} was not done within {limit:?} (last status: {status})")
        })
        .await
    }
}

/// A status as ImageKit spells it, or `none` when the answer had none.
fn status_name<S: core::fmt::Display>(status: &Option<S>) -> String {
    status
        .as_ref()
        .map_or_else(|| "none".to_string(), ToString::to_string)
}
