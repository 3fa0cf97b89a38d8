//! Account usage: `usage` and `analytics` between two dates.

use clap::Args;
use imagekit::api::analytics::GetUsageAnalytics;
use imagekit::api::usage::GetUsage;
use imagekit::ImageKit;

use crate::output::{api, to_value, CmdResult, Out};
use crate::table;

#[derive(Args)]
pub(crate) struct DateRange {
    /// The first day, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    start: String,
    /// The last day, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    end: String,
}

/// `usage`: the answer, with the byte counts also in KiB, MiB, GiB….
pub(super) async fn usage(ik: &ImageKit, range: DateRange, out: Out) -> CmdResult {
    let usage = api(ik.get_usage(&GetUsage::new(range.start, range.end)).await)?;
    let value = to_value(&usage)?;
    out.show(&value, || {
        let mut t = table::object(&value, &[]);
        // Byte counts also in units people read.
        for (name, bytes) in [
            ("bandwidth", usage.bandwidth_bytes),
            ("mediaLibraryStorage", usage.media_library_storage_bytes),
            ("originalCacheStorage", usage.original_cache_storage_bytes),
        ] {
            t.field(name, bytes.map(table::bytes));
        }
        t
    })
}

/// `analytics`.
pub(super) async fn analytics(ik: &ImageKit, range: DateRange, out: Out) -> CmdResult {
    let analytics = api(ik
        .get_usage_analytics(&GetUsageAnalytics::new(range.start, range.end))
        .await)?;
    out.object(&analytics, &[])
}
