//! Waiting for a purge or a folder job to finish: the library's waits (growing pauses, unknown
//! statuses not taken as done, a deadline) with a spinner on a terminal.

use std::future::Future;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::table;

/// Runs `wait` with a spinner saying what it waits for, drawn only when stderr is a terminal.
pub(super) async fn with_spinner<T>(
    what: &str,
    wait: impl Future<Output = Result<T, imagekit::Error>>,
) -> Result<T, String> {
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    spinner.set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").unwrap());
    spinner.set_message(format!("waiting for {}", table::clean(what)));
    spinner.enable_steady_tick(Duration::from_millis(120));
    let result = wait.await;
    spinner.finish_and_clear();
    result.map_err(|e| e.to_string())
}
