//! What an operation on many files (`rm`, `tags`) reports: the ids it handled, the files the API
//! answered as failed, one `error:` line for each of those, and exit 1 if there is any; after
//! Ctrl-C or SIGTERM also the ids sent with no answer and those not sent, and exit 130.

use imagekit::api::FileFailure;
use serde_json::{json, Value};

use crate::output::{to_value, CmdResult, Failure, Out};
use crate::table::{self, Table};
use crate::text;

/// The items a bulk operation could not handle: as the API wrote them, and as (id, reason); and
/// if a signal stopped it, the ids sent with no answer and those not sent.
#[derive(Default)]
pub(super) struct Failures {
    json: Vec<Value>,
    text: Vec<(String, String)>,
    interrupted: Option<(Vec<String>, Vec<String>)>,
}

impl Failures {
    /// Adds the files the API answered as failed; the reason is their `error`, else `message`.
    pub(super) fn extend(&mut self, errors: &[FileFailure]) -> CmdResult {
        for f in errors {
            let reason = f
                .error
                .clone()
                .or_else(|| f.extra.get("message").map(table::cell));
            self.json.push(to_value(f)?);
            self.text.push((
                f.file_id.clone().unwrap_or_else(|| "(no id)".to_string()),
                reason.unwrap_or_else(|| "no reason given".to_string()),
            ));
        }
        Ok(())
    }

    /// Marks the operation as stopped by a signal: `unanswered` were sent but their answer did
    /// not come, `unsent` were not sent.
    pub(super) fn interrupted(&mut self, unanswered: &[String], unsent: &[String]) {
        self.interrupted = Some((unanswered.to_vec(), unsent.to_vec()));
    }
}

/// What a bulk operation did: `{<done_field>: [...], "errors": [...]}` as JSON, or a
/// `FILE ID  STATUS` table; one `error:` line on stderr per failure, and exit 1 if any.
pub(super) fn report_bulk(
    out: Out,
    done_field: &str,
    done: Vec<String>,
    failed: Failures,
    verb: &str,
) -> CmdResult {
    let mut value = serde_json::Map::new();
    value.insert(done_field.to_string(), json!(done));
    if !failed.json.is_empty() {
        value.insert("errors".to_string(), Value::Array(failed.json));
    }
    if let Some((unanswered, unsent)) = &failed.interrupted {
        value.insert("interrupted".to_string(), json!(true));
        value.insert("aborted".to_string(), json!(unanswered));
        value.insert("notStarted".to_string(), json!(unsent));
    }
    out.show(&value, || {
        let mut t = Table::new(&["FILE ID", "STATUS"]);
        for id in &done {
            t.row([id.as_str(), verb]);
        }
        for (id, reason) in &failed.text {
            t.row([id.clone(), format!("failed: {reason}")]);
        }
        if let Some((unanswered, unsent)) = &failed.interrupted {
            for id in unanswered {
                t.row([id.clone(), format!("interrupted: may or may not be {verb}")]);
            }
            for id in unsent {
                t.row([id.as_str(), "not started"]);
            }
        }
        t
    })?;
    for (id, reason) in &failed.text {
        eprintln!("error: {}: {}", text::safe(id), text::safe(reason));
    }
    if let Some((unanswered, unsent)) = &failed.interrupted {
        let mut message = format!("not sent: {}", unsent.len());
        if !unanswered.is_empty() {
            message = format!(
                "sent with no answer: {} (may or may not be {verb}; check with `imagekit get ID`); \
                 {message}",
                unanswered.len()
            );
        }
        return Err(Failure::Interrupted(message));
    }
    if failed.text.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} of {} files failed",
        failed.text.len(),
        failed.text.len() + done.len()
    )
    .into())
}
