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

use bytes::Bytes;
use http::{Method, Request, Response};
use serde::{Deserialize, Serialize};

use super::string_enum;
use super::{parse_json, segment, Api, Host, Operation};
use crate::error::Error;
use crate::retry::Repeat;
use crate::transport::Body;

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
    /// The id to ask for the purge's status with.
    #[serde(default)]
    pub request_id: String,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Operation for PurgeFileCache {
    type Output = PurgeSubmitted;

    fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
        api.json(Method::POST, Host::Api, "/v1/files/purge", self)
    }

    fn parse(&self, response: Response<Bytes>) -> Result<Self::Output, Error> {
        parse_json(response)
    }

    fn repeat(&self) -> Repeat {
        Repeat::IfNotSent
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

impl Operation for GetPurgeFileCacheStatus {
    type Output = PurgeFileCacheStatus;

    fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
        let path = format!("/v1/files/purge/{}", segment(&self.request_id)?);
        api.empty(Method::GET, Host::Api, &path)
    }

    fn parse(&self, response: Response<Bytes>) -> Result<Self::Output, Error> {
        parse_json(response)
    }
}

impl crate::ImageKit {
    /// Purges the cache of a URL (`POST /v1/files/purge`, 201). Retried only when the request
    /// provably did not run.
    pub async fn purge_file_cache(&self, params: &PurgeFileCache) -> Result<PurgeSubmitted, Error> {
        self.send(params).await
    }

    /// The status of a purge request (`GET /v1/files/purge/{requestId}`).
    pub async fn get_purge_file_cache_status(
        &self,
        params: &GetPurgeFileCacheStatus,
    ) -> Result<PurgeFileCacheStatus, Error> {
        self.send(params).await
    }
}
