//! Account usage between two dates: bandwidth, storage, video processing and extension units.
//!
//! ```
//! use imagekit::api::usage::GetUsage;
//! use imagekit::api::Operation;
//!
//! let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo")?.with_private_key("private_key");
//! let usage = GetUsage::new("2024-01-01", "2024-02-01");
//! // `ik.get_usage(&usage).await?` sends it; the request it makes:
//! let request = usage.request(ik.api())?;
//! assert_eq!(
//!     request.uri(),
//!     "https://api.imagekit.io/v1/accounts/usage?startDate=2024-01-01&endDate=2024-02-01"
//! );
//! # Ok::<(), imagekit::Error>(())
//! ```

use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Endpoint, Json, Query};
use crate::error::Error;

/// `GET /v1/accounts/usage`: the account's usage from `start_date` (included) to `end_date`
/// (excluded), under 90 days apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetUsage {
    /// The first day, `YYYY-MM-DD`.
    pub start_date: String,
    /// The day after the last, `YYYY-MM-DD`.
    pub end_date: String,
}

impl GetUsage {
    /// Usage from `start_date` to `end_date` (excluded), both `YYYY-MM-DD`.
    pub fn new(start_date: impl Into<String>, end_date: impl Into<String>) -> Self {
        GetUsage {
            start_date: start_date.into(),
            end_date: end_date.into(),
        }
    }
}

/// The account's usage over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// Bandwidth used, in bytes.
    #[serde(default)]
    pub bandwidth_bytes: Option<u64>,
    /// Storage used by the media library, in bytes.
    #[serde(default)]
    pub media_library_storage_bytes: Option<u64>,
    /// Video processing units used.
    #[serde(default)]
    pub video_processing_units_count: Option<u64>,
    /// Extension units used.
    #[serde(default)]
    pub extension_units_count: Option<u64>,
    /// Storage used by the original cache, in bytes.
    #[serde(default)]
    pub original_cache_storage_bytes: Option<u64>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Endpoint for GetUsage {
    const METHOD: Method = Method::GET;
    type Answer = Json<Usage>;

    fn path(&self) -> Result<String, Error> {
        Ok(Query::new("/v1/accounts/usage")
            .opt("startDate", Some(&self.start_date))
            .opt("endDate", Some(&self.end_date))
            .finish())
    }
}
