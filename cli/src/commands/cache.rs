//! The CDN cache: `purge` (optionally waiting for it) and `purge-status`.

use std::time::Duration;

use imagekit::api::cache::{GetPurgeFileCacheStatus, PurgeFileCache, PurgeStatus};
use imagekit::ImageKit;
use serde_json::{json, Value};

use super::wait::{poll, unless_interrupted};
use crate::output::{api, to_value, CmdResult, Out};

/// `purge`: submits the purge and, with `--wait`, polls its status until it is no longer pending.
pub(super) async fn purge(
    ik: &ImageKit,
    url: String,
    wait: bool,
    timeout: u64,
    out: Out,
) -> CmdResult {
    let submitted = api(ik.purge_file_cache(&PurgeFileCache::new(url)).await)?;
    if !wait {
        return out.object(&submitted, &[]);
    }
    let id = submitted.request_id.clone();
    let what = format!("purge {id}");
    let waiting = poll(
        &what,
        Duration::from_secs(timeout),
        || {
            let params = GetPurgeFileCacheStatus::new(id.clone());
            async move { ik.get_purge_file_cache_status(&params).await }
        },
        |s| s.status.as_ref() != Some(&PurgeStatus::Pending),
    );
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
