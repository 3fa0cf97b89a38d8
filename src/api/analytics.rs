//! Usage analytics (beta): CDN traffic, cache, errors, extension and video processing figures
//! of the account between two days (`GET /v1/accounts/usage-analytics`). Not in the OpenAPI
//! file; the shape is the one ImageKit's API answers. Both days count, as UTC calendar days (`YYYY-MM-DD`).
//!
//! ```
//! use imagekit::api::analytics::GetUsageAnalytics;
//!
//! async fn example(ik: &imagekit::ImageKit) -> Result<(), imagekit::Error> {
//!     let analytics = ik
//!         .get_usage_analytics(&GetUsageAnalytics::new("2025-01-01", "2025-01-31"))
//!         .await?;
//!     println!("{:?} requests, {:?} bytes", analytics.request_count, analytics.bandwidth_bytes);
//!     if let Some(countries) = &analytics.country {
//!         for entry in &countries.by_requests {
//!             println!("{}: {:?}", entry.name, entry.request_count);
//!         }
//!     }
//!     Ok(())
//! }
//! ```

use http::Method;
use serde::{Deserialize, Serialize};

use super::{Endpoint, Json, Query};
use crate::error::Error;

/// `GET /v1/accounts/usage-analytics`: the account's analytics from `start_date` to `end_date`
/// (`YYYY-MM-DD`, both included, under 90 days apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetUsageAnalytics {
    /// The first day, `YYYY-MM-DD` (UTC).
    pub start_date: String,
    /// The last day, `YYYY-MM-DD` (UTC).
    pub end_date: String,
}

impl GetUsageAnalytics {
    /// The analytics from `start_date` to `end_date` (`YYYY-MM-DD`).
    pub fn new(start_date: impl Into<String>, end_date: impl Into<String>) -> Self {
        GetUsageAnalytics {
            start_date: start_date.into(),
            end_date: end_date.into(),
        }
    }
}

impl Endpoint for GetUsageAnalytics {
    const METHOD: Method = Method::GET;
    type Answer = Json<UsageAnalytics>;

    fn path(&self) -> Result<String, Error> {
        Ok(Query::new("/v1/accounts/usage-analytics")
            .opt("startDate", Some(&self.start_date))
            .opt("endDate", Some(&self.end_date))
            .finish())
    }
}

/// The account's analytics for a date range. Figures the API leaves out are `None` or empty;
/// parts it adds later are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageAnalytics {
    /// The first day covered.
    #[serde(default)]
    pub start_date: Option<String>,
    /// The last day covered.
    #[serde(default)]
    pub end_date: Option<String>,
    /// When the figures were computed (ISO 8601; they are cached for a few minutes).
    #[serde(default)]
    pub generated_at: Option<String>,
    /// Requests in the range.
    #[serde(default)]
    pub request_count: Option<u64>,
    /// Bandwidth in the range, in bytes.
    #[serde(default)]
    pub bandwidth_bytes: Option<u64>,
    /// CDN cache hits, misses and errors.
    #[serde(default)]
    pub cache: Option<CacheCounts>,
    /// Requests by HTTP status code (`name` is the code).
    #[serde(default)]
    pub status_codes: Vec<RequestCount>,
    /// Requests by origin error reason (failed origin fetches, not client statuses).
    #[serde(default)]
    pub error_reasons: Vec<RequestCount>,
    /// Raw operation counts per extension (not billable units).
    #[serde(default)]
    pub extensions: Vec<ExtensionOperations>,
    /// Raw video transcode output seconds by resolution and codec (not billable units).
    #[serde(default)]
    pub video_processing: Vec<VideoProcessing>,
    /// The URLs that answered 404 most.
    #[serde(default, rename = "top404Assets")]
    pub top_404_assets: Vec<RequestCount>,
    /// Traffic by browser.
    #[serde(default)]
    pub browser: Option<Ranking>,
    /// Traffic by country (entries carry the ISO `code`).
    #[serde(default)]
    pub country: Option<Ranking>,
    /// Traffic by device and operating system.
    #[serde(default)]
    pub device: Option<Ranking>,
    /// Traffic by response `Content-Type`.
    #[serde(default)]
    pub format: Option<Ranking>,
    /// The top image assets.
    #[serde(default)]
    pub top_images: Option<Ranking>,
    /// The top image transformation strings.
    #[serde(default)]
    pub top_image_transforms: Option<Ranking>,
    /// The top assets that are neither images nor videos.
    #[serde(default)]
    pub top_other_assets: Option<Ranking>,
    /// The top HTTP referrers.
    #[serde(default)]
    pub top_referrers: Option<Ranking>,
    /// The top user agents.
    #[serde(default)]
    pub top_user_agents: Option<Ranking>,
    /// The top video assets.
    #[serde(default)]
    pub top_videos: Option<Ranking>,
    /// The top video transformation strings.
    #[serde(default)]
    pub top_video_transforms: Option<Ranking>,
    /// Traffic by URL endpoint (`Default` for traffic matching no named endpoint).
    #[serde(default)]
    pub url_endpoints: Option<Ranking>,
    /// Parts this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// CDN cache counts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheCounts {
    /// Requests served from cache (revalidated hits included).
    #[serde(default)]
    pub hit_count: Option<u64>,
    /// Requests fetched from the origin.
    #[serde(default)]
    pub miss_count: Option<u64>,
    /// Requests where the cache failed or was over capacity.
    #[serde(default)]
    pub error_count: Option<u64>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A name (status code, error reason, URL) and how many requests it had.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestCount {
    /// What is counted.
    #[serde(default)]
    pub name: String,
    /// The requests.
    #[serde(default)]
    pub request_count: Option<u64>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// How many times an extension ran.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtensionOperations {
    /// The extension.
    #[serde(default)]
    pub name: String,
    /// How many times it ran.
    #[serde(default)]
    pub operation_count: Option<u64>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Video transcode output for one codec and resolution.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VideoProcessing {
    /// The output codec (`h264`, `av1`…).
    #[serde(default)]
    pub codec: String,
    /// The output resolution tier (`SD`, `HD`, `4K`…).
    #[serde(default)]
    pub resolution: String,
    /// The output duration, in seconds.
    #[serde(default)]
    pub duration_seconds: Option<f64>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A ranked breakdown of traffic: the top entries by bandwidth and by requests.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ranking {
    /// The top entries by bandwidth.
    #[serde(default)]
    pub by_bandwidth: Vec<RankedEntry>,
    /// The top entries by request count.
    #[serde(default)]
    pub by_requests: Vec<RankedEntry>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One entry of a [`Ranking`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RankedEntry {
    /// What it is (browser, country, URL, transformation string, MIME type…).
    #[serde(default)]
    pub name: String,
    /// The ISO country code (country breakdowns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Its requests.
    #[serde(default)]
    pub request_count: Option<u64>,
    /// Its bandwidth, in bytes.
    #[serde(default)]
    pub bandwidth_bytes: Option<u64>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}
