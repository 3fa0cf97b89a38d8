//! The CDN cache: `purge` (optionally waiting for it) and `purge-status`.

use imagekit::api::cache::{GetPurgeFileCacheStatus, PurgeFileCache};
use imagekit::{ImageKit, Polling};
use serde_json::{json, Value};

use super::wait::{unless_interrupted, with_spinner};
use crate::output::{api, to_value, CmdResult, Out};

/// `purge`: submits the purge and, with `--wait` (`wait`: how), waits until it has completed.
pub(super) async fn purge(
    ik: &ImageKit,
    url: String,
    wait: Option<Polling>,
    out: Out,
) -> CmdResult {
    let submitted = api(ik.purge_file_cache(&PurgeFileCache::new(url)).await)?;
    let Some(polling) = wait else {
        return out.object(&submitted, &[]);
    };
    let id = submitted.request_id.clone();
    let what = format!("purge {id}");
    let waiting = with_spinner(&what, ik.wait_for_purge(&id, polling));
    let status =
        unless_interrupted(waiting, out, ("requestId", &id), "imagekit purge-status").await?;
    let mut value = serde_json::Map::new();
    value.insert("requestId".to_string(), json!(id));
    if let Value::Object(fields) = to_value(&status)? {
        value.extend(fields);
    }
    out.object(&value, &[])
}

/// `purge-status`.
pub(super) async fn status(ik: &ImageKit, request_id: String, out: Out) -> CmdResult {
    let status = api(ik
        .get_purge_file_cache_status(&GetPurgeFileCacheStatus::new(request_id))
        .await)?;
    out.object(&status, &[])
}
