//! The CDN cache: purge a file's cached copies (asynchronous on ImageKit's side) and follow the
//! purge request until it completes.
//!
//! ```no_run
//! use imagekit::api::cache::{GetPurgeFileCacheStatus, PurgeFileCache, PurgeStatus};
//!
//! # async fn run() -> Result<(), imagekit::Error> {
//! let ik = imagekit::ImageKit::new("https://ik.imagekit.io/your_imagekit_id")?
//!     .with_private_key("private_key_...");
//! let submitted = ik
//!     .purge_file_cache(&PurgeFileCache::new("https://ik.imagekit.io/your_imagekit_id/default-image.jpg"))
//!     .await?;
//! let state = ik
//!     .get_purge_file_cache_status(&GetPurgeFileCacheStatus::new(submitted.request_id))
//!     .await?;
//! if state.status == Some(PurgeStatus::Completed) {
//!     println!("purged");
//! }
//! # Ok(())
//! # }
//! ```

use http::Method;
use serde::{Deserialize, Serialize};

use super::{non_empty_id, string_enum};
use super::{segment, Endpoint, Json, JsonBody};
use crate::error::Error;
use crate::retry::Repeat;

/// `POST /v1/files/purge`: purges the CDN and ImageKit's internal cache of a file's URL. The
/// purge runs asynchronously; follow it with [`GetPurgeFileCacheStatus`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeFileCache {
    /// The full URL to purge.
    pub url: String,
}

impl PurgeFileCache {
    /// Purges `url`.
    pub fn new(url: impl Into<String>) -> Self {
        PurgeFileCache { url: url.into() }
    }
}

/// A purge request accepted (HTTP 201).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PurgeSubmitted {
    /// The id to ask for the purge's status with (an answer without one is an error).
    #[serde(deserialize_with = "non_empty_id")]
    pub request_id: String,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Endpoint for PurgeFileCache {
    const METHOD: Method = Method::POST;
    const REPEAT: Repeat = Repeat::IfNotSent;
    type Answer = Json<PurgeSubmitted>;

    fn path(&self) -> Result<String, Error> {
        Ok("/v1/files/purge".to_string())
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}

string_enum! {
    /// Where a purge request is.
    PurgeStatus {
        /// `Pending`: not done yet.
        Pending = "Pending",
        /// `Completed`: the cache is purged.
        Completed = "Completed",
    }
}

/// `GET /v1/files/purge/{requestId}`: the status of a purge request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetPurgeFileCacheStatus {
    /// The purge request's id, from [`PurgeSubmitted::request_id`].
    pub request_id: String,
}

impl GetPurgeFileCacheStatus {
    /// The status of purge request `request_id`.
    pub fn new(request_id: impl Into<String>) -> Self {
        GetPurgeFileCacheStatus {
            request_id: request_id.into(),
        }
    }
}

/// The status of a purge request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PurgeFileCacheStatus {
    /// `Pending` or `Completed`.
    #[serde(default)]
    pub status: Option<PurgeStatus>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Endpoint for GetPurgeFileCacheStatus {
    const METHOD: Method = Method::GET;
    type Answer = Json<PurgeFileCacheStatus>;

    fn path(&self) -> Result<String, Error> {
        Ok(format!("/v1/files/purge/{}", segment(&self.request_id)?))
    }
}
