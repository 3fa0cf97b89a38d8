//! Folders: create and delete them, and the bulk jobs that copy, move and rename them
//! (`/v1/folder`, `/v1/bulkJobs/…`).
//!
//! Copy, move and rename run on ImageKit's side as bulk jobs: the call answers with a
//! [`BulkJob`] id at once, and
//! [`ImageKit::get_bulk_job_status`](crate::ImageKit::get_bulk_job_status) tells how the job is
//! going. A rename asked to purge the CDN cache can end in partial success
//! (the folder renamed, the purge failed): that status is an [`Outcome::Partial`].
//!
//! ```no_run
//! use imagekit::api::folders::{CreateFolder, GetBulkJobStatus, JobState, RenameFolder};
//! use imagekit::api::Outcome;
//!
//! # async fn run(ik: imagekit::ImageKit) -> Result<(), imagekit::Error> {
//! ik.create_folder(&CreateFolder::new("summer", "/product/images/")).await?;
//! let mut rename = RenameFolder::new("/product/images/summer", "summer-2025");
//! rename.purge_cache = Some(true);
//! let job = ik.rename_folder(&rename).await?;
//! match ik.get_bulk_job_status(&GetBulkJobStatus::new(job.job_id)).await? {
//!     Outcome::Complete(status) if status.status == Some(JobState::Completed) => {
//!         println!("renamed")
//!     }
//!     Outcome::Complete(_) => println!("still running"),
//!     Outcome::Partial(status) => println!("renamed, but: {:?}", status.message),
//! }
//! # Ok(())
//! # }
//! ```

use http::Method;
use serde::{Deserialize, Serialize};

use super::{non_empty_id, string_enum, Outcome};
use super::{segment, Empty, Endpoint, Json, JsonBody};
use crate::error::Error;
use crate::retry::Repeat;

/// Parameters of `POST /v1/folder`: creates a folder (and any missing parent folders).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateFolder {
    /// The new folder's name; characters other than letters and digits become `_`.
    pub folder_name: String,
    /// Where to create it: `/` for the root, else a path such as `/product/images/`.
    pub parent_folder_path: String,
}

impl CreateFolder {
    /// A folder `folder_name` in `parent_folder_path`.
    pub fn new(folder_name: impl Into<String>, parent_folder_path: impl Into<String>) -> Self {
        CreateFolder {
            folder_name: folder_name.into(),
            parent_folder_path: parent_folder_path.into(),
        }
    }
}

impl Endpoint for CreateFolder {
    const METHOD: Method = Method::POST;
    const REPEAT: Repeat = Repeat::IfNotSent;
    type Answer = Empty;

    fn path(&self) -> Result<String, Error> {
        Ok("/v1/folder".to_string())
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}

/// Parameters of `DELETE /v1/folder`: deletes a folder and everything in it, for good. The
/// path travels in the JSON body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteFolder {
    /// The folder's full path, e.g. `/folder/to/delete/`.
    pub folder_path: String,
}

impl DeleteFolder {
    /// Deletes the folder at `folder_path`.
    pub fn new(folder_path: impl Into<String>) -> Self {
        DeleteFolder {
            folder_path: folder_path.into(),
        }
    }
}

impl Endpoint for DeleteFolder {
    const METHOD: Method = Method::DELETE;
    type Answer = Empty;

    fn path(&self) -> Result<String, Error> {
        Ok("/v1/folder".to_string())
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}

/// A bulk job ImageKit accepted: its id, for
/// [`get_bulk_job_status`](crate::ImageKit::get_bulk_job_status).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkJob {
    /// The job id (an answer without one is an error).
    #[serde(deserialize_with = "non_empty_id")]
    pub job_id: String,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Parameters of `POST /v1/bulkJobs/copyFolder`: copies a folder into another, as a bulk job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CopyFolder {
    /// The full path of the folder to copy.
    pub source_folder_path: String,
    /// The full path of the folder to copy it into.
    pub destination_path: String,
    /// Copy every version of the files, not only the current one (the API's default: `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_versions: Option<bool>,
}

impl CopyFolder {
    /// Copies `source_folder_path` into `destination_path`.
    pub fn new(source_folder_path: impl Into<String>, destination_path: impl Into<String>) -> Self {
        CopyFolder {
            source_folder_path: source_folder_path.into(),
            destination_path: destination_path.into(),
            include_versions: None,
        }
    }
}

impl Endpoint for CopyFolder {
    const METHOD: Method = Method::POST;
    const REPEAT: Repeat = Repeat::IfNotSent;
    type Answer = Json<BulkJob>;

    fn path(&self) -> Result<String, Error> {
        Ok("/v1/bulkJobs/copyFolder".to_string())
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}

/// Parameters of `POST /v1/bulkJobs/moveFolder`: moves a folder into another, as a bulk job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MoveFolder {
    /// The full path of the folder to move.
    pub source_folder_path: String,
    /// The full path of the folder to move it into.
    pub destination_path: String,
}

impl MoveFolder {
    /// Moves `source_folder_path` into `destination_path`.
    pub fn new(source_folder_path: impl Into<String>, destination_path: impl Into<String>) -> Self {
        MoveFolder {
            source_folder_path: source_folder_path.into(),
            destination_path: destination_path.into(),
        }
    }
}

impl Endpoint for MoveFolder {
    const METHOD: Method = Method::POST;
    const REPEAT: Repeat = Repeat::IfNotSent;
    type Answer = Json<BulkJob>;

    fn path(&self) -> Result<String, Error> {
        Ok("/v1/bulkJobs/moveFolder".to_string())
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}

/// Parameters of `POST /v1/bulkJobs/renameFolder`: renames a folder, as a bulk job; what it
/// holds keeps its place under the new path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RenameFolder {
    /// The full path of the folder to rename.
    pub folder_path: String,
    /// The new name; characters other than letters, digits and `-` become `_`.
    pub new_folder_name: String,
    /// Also purge the CDN cache of the old URLs (one purge request, counted against the
    /// monthly quota; the API's default: `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purge_cache: Option<bool>,
}

impl RenameFolder {
    /// Renames the folder at `folder_path` to `new_folder_name`.
    pub fn new(folder_path: impl Into<String>, new_folder_name: impl Into<String>) -> Self {
        RenameFolder {
            folder_path: folder_path.into(),
            new_folder_name: new_folder_name.into(),
            purge_cache: None,
        }
    }
}

impl Endpoint for RenameFolder {
    const METHOD: Method = Method::POST;
    const REPEAT: Repeat = Repeat::IfNotSent;
    type Answer = Json<BulkJob>;

    fn path(&self) -> Result<String, Error> {
        Ok("/v1/bulkJobs/renameFolder".to_string())
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}

string_enum! {
    /// What a bulk job does.
    BulkJobType {
        /// `COPY_FOLDER`
        CopyFolder = "COPY_FOLDER",
        /// `MOVE_FOLDER`
        MoveFolder = "MOVE_FOLDER",
        /// `RENAME_FOLDER`
        RenameFolder = "RENAME_FOLDER",
    }
}

string_enum! {
    /// Where a bulk job is.
    JobState {
        /// `Pending`: still running.
        Pending = "Pending",
        /// `Completed`: done.
        Completed = "Completed",
        /// `Partial success`: a rename whose cache purge failed (HTTP 207).
        PartialSuccess = "Partial success",
    }
}

/// The status of a bulk job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct JobStatus {
    /// The job id.
    #[serde(default)]
    pub job_id: String,
    /// What the job does.
    #[serde(default, rename = "type")]
    pub job_type: Option<BulkJobType>,
    /// Where it is.
    #[serde(default)]
    pub status: Option<JobState>,
    /// The purge request of a rename asked to purge the cache.
    #[serde(default)]
    pub purge_request_id: Option<String>,
    /// What went wrong, on a partial success.
    #[serde(default)]
    pub message: Option<String>,
    /// Where to get help, on a partial success.
    #[serde(default)]
    pub help: Option<String>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Parameters of `GET /v1/bulkJobs/{jobId}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetBulkJobStatus {
    /// The id a copy, move or rename answered with.
    pub job_id: String,
}

impl GetBulkJobStatus {
    /// The status of job `job_id`.
    pub fn new(job_id: impl Into<String>) -> Self {
        GetBulkJobStatus {
            job_id: job_id.into(),
        }
    }
}

impl Endpoint for GetBulkJobStatus {
    const METHOD: Method = Method::GET;
    type Answer = Outcome<JobStatus>;

    fn path(&self) -> Result<String, Error> {
        Ok(format!("/v1/bulkJobs/{}", segment(&self.job_id)?))
    }
}
