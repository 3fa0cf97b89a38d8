//! What an operation on many files (`rm`, `tags`) reports: the ids it handled, the files the API
//! answered as failed, one `error:` line for each of those, and exit 1 if there is any.

use imagekit::api::FileFailure;
use serde_json::{json, Value};

use crate::output::{to_value, CmdResult, Out};
use crate::table::{self, Table};
use crate::text;

/// The items a bulk operation could not handle: as the API wrote them, and as (id, reason).
#[derive(Default)]
pub(super) struct Failures {
    json: Vec<Value>,
    text: Vec<(String, String)>,
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
    out.show(&value, || {
        let mut t = Table::new(&["FILE ID", "STATUS"]);
        for id in &done {
            t.row([id.as_str(), verb]);
        }
        for (id, reason) in &failed.text {
            t.row([id.clone(), format!("failed: {reason}")]);
        }
        t
    })?;
    if failed.text.is_empty() {
        return Ok(());
    }
    for (id, reason) in &failed.text {
        eprintln!("error: {}: {}", text::safe(id), text::safe(reason));
    }
    Err(format!(
        "{} of {} files failed",
        failed.text.len(),
        failed.text.len() + done.len()
    ))
}
