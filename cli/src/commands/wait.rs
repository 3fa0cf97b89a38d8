//! Waiting for a purge or a folder job to finish: the library's waits (growing pauses, unknown
//! statuses not taken as done, a deadline) with a spinner on a terminal, until Ctrl-C or
//! SIGTERM.

use std::future::Future;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use crate::interrupt::Interrupt;
use crate::output::{Failure, Out};
use crate::text;

/// A spinner drawn while it lives, only when stderr is a terminal; cleared when dropped, also
/// when the wait it shows is dropped unfinished.
struct Spinner(ProgressBar);

impl Drop for Spinner {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// Runs `wait` with a spinner saying what it waits for.
pub(super) async fn with_spinner<T>(
    what: &str,
    wait: impl Future<Output = Result<T, imagekit::Error>>,
) -> Result<T, String> {
    let spinner = Spinner(ProgressBar::with_draw_target(
        None,
        ProgressDrawTarget::stderr(),
    ));
    spinner
        .0
        .set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").unwrap());
    spinner
        .0
        .set_message(format!("waiting for {}", text::safe(what)));
    spinner.0.enable_steady_tick(Duration::from_millis(120));
    wait.await.map_err(|e| e.to_string())
}

/// `waiting` (a [`with_spinner`]) until Ctrl-C or SIGTERM: then `{<key>: <id>, "interrupted":
/// true}` is printed, and the command ends with exit 130 naming the command that checks on it.
pub(super) async fn unless_interrupted<T>(
    waiting: impl Future<Output = Result<T, String>>,
    out: Out,
    (key, id): (&str, &str),
    check: &str,
) -> Result<T, Failure> {
    let Some(result) = Interrupt::install(Duration::ZERO, None)?.run(waiting).await else {
        out.object(&json!({key: id, "interrupted": true}), &[])?;
        return Err(Failure::Interrupted(format!(
            "stopped waiting before {id} completed; check on it with `{check} {id}`"
        )));
    };
    Ok(result?)
}
