//! Waiting for a purge or a folder job to finish: polling with a growing pause and a spinner on
//! a terminal, up to a timeout.

use std::future::Future;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::output::message;
use crate::text;

/// Calls `check` until `finished` says so, sleeping between calls (0.5 s, doubling up to 5 s)
/// with a spinner on a terminal; fails after `timeout`.
pub(super) async fn poll<T, F, Fut>(
    what: &str,
    timeout: Duration,
    mut check: F,
    finished: impl Fn(&T) -> bool,
) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, imagekit::Error>>,
{
    let start = Instant::now();
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    spinner.set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").unwrap());
    spinner.set_message(format!("waiting for {}", text::safe(what)));
    spinner.enable_steady_tick(Duration::from_millis(120));
    let mut pause = Duration::from_millis(500);
    let result = loop {
        let value = match check().await {
            Ok(value) => value,
            Err(e) => break Err(message(&e)),
        };
        if finished(&value) {
            break Ok(value);
        }
        if start.elapsed() + pause > timeout {
            break Err(format!(
                "{what} is still pending after {} s",
                timeout.as_secs()
            ));
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(5));
    };
    spinner.finish_and_clear();
    result
}
