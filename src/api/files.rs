//! Files in the media library: list and search, read and update a file's details, delete one
//! or many, copy, move and rename.
//!
//! ```no_run
//! # async fn run() -> Result<(), imagekit::Error> {
//! use imagekit::api::files::{BulkFileDelete, CopyFile, ListFiles, ListSort, UpdateFileDetails};
//! use imagekit::api::{Asset, Outcome};
//!
//! let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo")?.with_private_key("private_key");
//!
//! // The ten newest images of the last week.
//! let search = ListFiles::new()
//!     .search_query(r#"createdAt > "7d" AND format = "jpg""#)
//!     .sort(ListSort::DescCreated)
//!     .limit(10);
//! for asset in ik.list_files(&search).await? {
//!     if let Asset::File(file) = asset {
//!         println!("{} {}", file.file_id, file.file_path);
//!     }
//! }
//!
//! // Replace the tags and unset the custom coordinates (sent as `null`).
//! let update = UpdateFileDetails::new("598821f949c0a938d57563bd")
//!     .tags(["sale", "summer"])
//!     .clear_custom_coordinates();
//! let file = ik.update_file_details(&update).await?;
//! println!("{:?}", file.tags);
//!
//! ik.copy_file(&CopyFile::new("/a/file.jpg", "/b/")).await?;
//!
//! // A 207 is a partial success that names the files not deleted.
//! let delete = BulkFileDelete::new(["598821f949c0a938d57563bd", "598821f949c0a938d57563be"]);
//! if let Outcome::Partial(result) = ik.bulk_file_delete(&delete).await? {
//!     for failure in &result.errors {
//!         eprintln!("{:?}: {:?}", failure.file_id, failure.error);
//!     }
//! }
//! # Ok(()) }
//! ```

use http::Method;
use serde::{Deserialize, Serialize, Serializer};

use super::extensions::ExtensionConfig;
use super::{segment, Empty, Endpoint, Json, JsonBody};
use super::{string_enum, Asset, File, FileFailure, Outcome, Query};
use crate::error::Error;
use crate::retry::Repeat;

string_enum! {
    /// Which assets [`ListFiles`] returns (the API's default is `file`).
    ListAssetType {
        /// `file`: files only.
        File = "file",
        /// `file-version`: file versions.
        FileVersion = "file-version",
        /// `folder`: folders only.
        Folder = "folder",
        /// `all`: files and folders (no file versions).
        All = "all",
    }
}

string_enum! {
    /// The order of a [`ListFiles`] listing (the API's default is `ASC_CREATED`).
    ListSort {
        /// `ASC_NAME`
        AscName = "ASC_NAME",
        /// `DESC_NAME`
        DescName = "DESC_NAME",
        /// `ASC_CREATED`
        AscCreated = "ASC_CREATED",
        /// `DESC_CREATED`
        DescCreated = "DESC_CREATED",
        /// `ASC_UPDATED`
        AscUpdated = "ASC_UPDATED",
        /// `DESC_UPDATED`
        DescUpdated = "DESC_UPDATED",
        /// `ASC_HEIGHT`
        AscHeight = "ASC_HEIGHT",
        /// `DESC_HEIGHT`
        DescHeight = "DESC_HEIGHT",
        /// `ASC_WIDTH`
        AscWidth = "ASC_WIDTH",
        /// `DESC_WIDTH`
        DescWidth = "DESC_WIDTH",
        /// `ASC_SIZE`
        AscSize = "ASC_SIZE",
        /// `DESC_SIZE`
        DescSize = "DESC_SIZE",
        /// `ASC_RELEVANCE`
        AscRelevance = "ASC_RELEVANCE",
        /// `DESC_RELEVANCE`
        DescRelevance = "DESC_RELEVANCE",
    }
}

string_enum! {
    /// Which kinds of files [`ListFiles`] returns (the API's default is `all`).
    ListFileType {
        /// `all`: every file type.
        All = "all",
        /// `image`: images only.
        Image = "image",
        /// `non-image`: everything else (JS, CSS, video…).
        NonImage = "non-image",
    }
}

/// `GET /v1/files`: lists and searches files and folders. Every filter is optional; the
/// API's defaults apply to those left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFiles {
    /// `type`: files, file versions, folders or all.
    pub asset_type: Option<ListAssetType>,
    /// `sort`: the order.
    pub sort: Option<ListSort>,
    /// `path`: only within this folder, e.g. `/sales-banner/`.
    pub path: Option<String>,
    /// `searchQuery`: a Lucene-like query, e.g. `createdAt > "7d"` (it overrides `type`).
    pub search_query: Option<String>,
    /// `fileType`: all, images or non-images.
    pub file_type: Option<ListFileType>,
    /// `limit`: at most this many results, 1 to 1000 (the API's default is 1000).
    pub limit: Option<u32>,
    /// `skip`: leave out this many results first.
    pub skip: Option<u32>,
}

impl ListFiles {
    /// A listing with the API's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `type`.
    pub fn asset_type(mut self, asset_type: ListAssetType) -> Self {
        self.asset_type = Some(asset_type);
        self
    }

    /// Sets `sort`.
    pub fn sort(mut self, sort: ListSort) -> Self {
        self.sort = Some(sort);
        self
    }

    /// Sets `path`.
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Sets `searchQuery`.
    pub fn search_query(mut self, query: impl Into<String>) -> Self {
        self.search_query = Some(query.into());
        self
    }

    /// Sets `fileType`.
    pub fn file_type(mut self, file_type: ListFileType) -> Self {
        self.file_type = Some(file_type);
        self
    }

    /// Sets `limit` (1 to 1000).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Sets `skip`.
    pub fn skip(mut self, skip: u32) -> Self {
        self.skip = Some(skip);
        self
    }
}

impl Endpoint for ListFiles {
    const METHOD: Method = Method::GET;
    type Answer = Json<Vec<Asset>>;

    fn path(&self) -> Result<String, Error> {
        Ok(Query::new("/v1/files")
            .opt("type", self.asset_type.as_ref())
            .opt("sort", self.sort.as_ref())
            .opt("path", self.path.as_deref())
            .opt("searchQuery", self.search_query.as_deref())
            .opt("fileType", self.file_type.as_ref())
            .opt("limit", self.limit)
            .opt("skip", self.skip)
            .finish())
    }
}

/// `/v1/files/{file_id}{rest}`, the id encoded as one segment (an empty id is an error).
fn file_path(file_id: &str, rest: &str) -> Result<String, Error> {
    Ok(format!("/v1/files/{}{rest}", segment(file_id)?))
}

/// `GET /v1/files/{fileId}/details`: the details of a file's current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetFileDetails {
    /// The file id.
    pub file_id: String,
}

impl GetFileDetails {
    /// The details of `file_id`.
    pub fn new(file_id: impl Into<String>) -> Self {
        GetFileDetails {
            file_id: file_id.into(),
        }
    }
}

impl Endpoint for GetFileDetails {
    const METHOD: Method = Method::GET;
    type Answer = Json<File>;

    fn path(&self) -> Result<String, Error> {
        file_path(&self.file_id, "/details")
    }
}

/// The AI tags [`UpdateFileDetails`] removes: some by name, or all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AiTagsToRemove {
    /// The tags with these names (sent as an array).
    Tags(Vec<String>),
    /// Every AI tag (sent as `"all"`).
    All,
}

impl Serialize for AiTagsToRemove {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AiTagsToRemove::Tags(tags) => tags.serialize(s),
            AiTagsToRemove::All => s.serialize_str("all"),
        }
    }
}

/// The publication status [`UpdateFileDetails`] sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Publish {
    /// `true` publishes, `false` unpublishes.
    pub is_published: bool,
    /// Whether every version of the file changes too, not only the current one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_file_versions: Option<bool>,
}

/// `PATCH /v1/files/{fileId}/details`: updates a file's current version. Fields left `None`
/// are not sent and stay as they are; `tags` and `custom_coordinates` set to `Some(None)`
/// are sent as `null`, which unsets them.
///
/// The API takes either the detail fields or `publish` in one request, not both.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateFileDetails {
    /// The file id (in the path, not the body).
    #[serde(skip)]
    pub file_id: String,
    /// `removeAITags`: AI tags to remove (before any extension runs).
    #[serde(rename = "removeAITags", skip_serializing_if = "Option::is_none")]
    pub remove_ai_tags: Option<AiTagsToRemove>,
    /// `webhookUrl`: where the final status of the extensions is posted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    /// `extensions`: extensions to run on the file (as
    /// [`UploadOptions::extensions`](crate::api::upload::UploadOptions::extensions)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Vec<ExtensionConfig>>,
    /// `tags`: the new tags; `Some(None)` removes them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Option<Vec<String>>>,
    /// `customCoordinates` (`x,y,width,height`); `Some(None)` unsets them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_coordinates: Option<Option<String>>,
    /// `customMetadata`: values by field name; a `null` value unsets that field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `publish`: publishes or unpublishes the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish: Option<Publish>,
}

impl UpdateFileDetails {
    /// An update of `file_id` that changes nothing yet.
    pub fn new(file_id: impl Into<String>) -> Self {
        UpdateFileDetails {
            file_id: file_id.into(),
            remove_ai_tags: None,
            webhook_url: None,
            extensions: None,
            tags: None,
            custom_coordinates: None,
            custom_metadata: None,
            description: None,
            publish: None,
        }
    }

    /// Removes these AI tags.
    pub fn remove_ai_tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.remove_ai_tags = Some(AiTagsToRemove::Tags(
            tags.into_iter().map(Into::into).collect(),
        ));
        self
    }

    /// Removes every AI tag.
    pub fn remove_all_ai_tags(mut self) -> Self {
        self.remove_ai_tags = Some(AiTagsToRemove::All);
        self
    }

    /// Sets `webhookUrl`.
    pub fn webhook_url(mut self, url: impl Into<String>) -> Self {
        self.webhook_url = Some(url.into());
        self
    }

    /// Sets `extensions`.
    pub fn extensions(mut self, extensions: impl IntoIterator<Item = ExtensionConfig>) -> Self {
        self.extensions = Some(extensions.into_iter().collect());
        self
    }

    /// Replaces the tags.
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.tags = Some(Some(tags.into_iter().map(Into::into).collect()));
        self
    }

    /// Removes every tag (sends `"tags": null`).
    pub fn clear_tags(mut self) -> Self {
        self.tags = Some(None);
        self
    }

    /// Sets the custom coordinates (`x,y,width,height`).
    pub fn custom_coordinates(mut self, coordinates: impl Into<String>) -> Self {
        self.custom_coordinates = Some(Some(coordinates.into()));
        self
    }

    /// Unsets the custom coordinates (sends `"customCoordinates": null`).
    pub fn clear_custom_coordinates(mut self) -> Self {
        self.custom_coordinates = Some(None);
        self
    }

    /// Sets `customMetadata`.
    pub fn custom_metadata(mut self, values: serde_json::Map<String, serde_json::Value>) -> Self {
        self.custom_metadata = Some(values);
        self
    }

    /// Sets `description`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Publishes (`true`) or unpublishes (`false`) the file, and its other versions too when
    /// `include_file_versions` is given and `true`.
    pub fn publish(mut self, is_published: bool, include_file_versions: Option<bool>) -> Self {
        self.publish = Some(Publish {
            is_published,
            include_file_versions,
        });
        self
    }
}

impl Endpoint for UpdateFileDetails {
    const METHOD: Method = Method::PATCH;
    /// The updated file; the status of the extensions started is in
    /// `extra["extensionStatus"]`.
    type Answer = Json<File>;

    fn path(&self) -> Result<String, Error> {
        file_path(&self.file_id, "/details")
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}

/// `DELETE /v1/files/{fileId}`: deletes a file and all its versions (cached URLs stay until
/// purged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteFile {
    /// The file id.
    pub file_id: String,
}

impl DeleteFile {
    /// Deletes `file_id`.
    pub fn new(file_id: impl Into<String>) -> Self {
        DeleteFile {
            file_id: file_id.into(),
        }
    }
}

impl Endpoint for DeleteFile {
    const METHOD: Method = Method::DELETE;
    type Answer = Empty;

    fn path(&self) -> Result<String, Error> {
        file_path(&self.file_id, "")
    }
}

/// `POST /v1/files/batch/deleteByFileIds`: deletes up to 100 files at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkFileDelete {
    /// The ids of the files to delete.
    pub file_ids: Vec<String>,
}

impl BulkFileDelete {
    /// Deletes the files `file_ids`.
    pub fn new<S: Into<String>>(file_ids: impl IntoIterator<Item = S>) -> Self {
        BulkFileDelete {
            file_ids: file_ids.into_iter().map(Into::into).collect(),
        }
    }
}

/// What [`BulkFileDelete`] did: the files deleted and, on a partial success (207), those that
/// were not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct BulkDeleteResult {
    /// The ids of the files deleted.
    #[serde(default)]
    pub successfully_deleted_file_ids: Vec<String>,
    /// The files not deleted (only on a partial success).
    #[serde(default)]
    pub errors: Vec<FileFailure>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Endpoint for BulkFileDelete {
    const METHOD: Method = Method::POST;
    type Answer = Outcome<BulkDeleteResult>;

    fn path(&self) -> Result<String, Error> {
        Ok("/v1/files/batch/deleteByFileIds".to_string())
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}

/// `POST /v1/files/copy`: copies a file into a folder. A file of the same name there gets the
/// copy (and its versions, with `include_file_versions`) appended to its version history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CopyFile {
    /// The full path of the file, e.g. `/path/to/file.jpg`.
    pub source_file_path: String,
    /// The folder to copy it into, e.g. `/folder/to/copy/into/`.
    pub destination_path: String,
    /// Copy every version, not only the current one (the API's default is `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_file_versions: Option<bool>,
}

impl CopyFile {
    /// Copies `source_file_path` into the folder `destination_path`.
    pub fn new(source_file_path: impl Into<String>, destination_path: impl Into<String>) -> Self {
        CopyFile {
            source_file_path: source_file_path.into(),
            destination_path: destination_path.into(),
            include_file_versions: None,
        }
    }

    /// Sets `includeFileVersions`.
    pub fn include_file_versions(mut self, include: bool) -> Self {
        self.include_file_versions = Some(include);
        self
    }
}

impl Endpoint for CopyFile {
    const METHOD: Method = Method::POST;
    const REPEAT: Repeat = Repeat::IfNotSent;
    type Answer = Empty;

    fn path(&self) -> Result<String, Error> {
        Ok("/v1/files/copy".to_string())
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}

/// `POST /v1/files/move`: moves a file and all its versions into a folder. A file of the same
/// name there gets them appended to its version history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MoveFile {
    /// The full path of the file, e.g. `/path/to/file.jpg`.
    pub source_file_path: String,
    /// The folder to move it into, e.g. `/folder/to/move/into/`.
    pub destination_path: String,
}

impl MoveFile {
    /// Moves `source_file_path` into the folder `destination_path`.
    pub fn new(source_file_path: impl Into<String>, destination_path: impl Into<String>) -> Self {
        MoveFile {
            source_file_path: source_file_path.into(),
            destination_path: destination_path.into(),
        }
    }
}

impl Endpoint for MoveFile {
    const METHOD: Method = Method::POST;
    const REPEAT: Repeat = Repeat::IfNotSent;
    type Answer = Empty;

    fn path(&self) -> Result<String, Error> {
        Ok("/v1/files/move".to_string())
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}

/// `PUT /v1/files/rename`: renames a file and all its versions. The old URLs stop working,
/// but what the CDN cached under them stays until purged (`purge_cache`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RenameFile {
    /// The full path of the file, e.g. `/path/to/file.jpg`.
    pub file_path: String,
    /// The new name; characters other than letters, digits, `.`, `_` and `-` become `_`.
    pub new_file_name: String,
    /// Purge the old URLs (with a wildcard) from the CDN; counts against the purge quota.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purge_cache: Option<bool>,
}

impl RenameFile {
    /// Renames the file at `file_path` to `new_file_name`.
    pub fn new(file_path: impl Into<String>, new_file_name: impl Into<String>) -> Self {
        RenameFile {
            file_path: file_path.into(),
            new_file_name: new_file_name.into(),
            purge_cache: None,
        }
    }

    /// Sets `purgeCache`.
    pub fn purge_cache(mut self, purge: bool) -> Self {
        self.purge_cache = Some(purge);
        self
    }
}

/// A rename done (and, with `purge_cache`, its purge requested).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RenameResult {
    /// The purge request's id, to check its status; only when `purge_cache` was `true`.
    #[serde(default)]
    pub purge_request_id: Option<String>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A rename done whose purge failed (HTTP 207, e.g. the purge quota was exceeded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PurgeFailed {
    /// Why, e.g. `PURGE_FAILED`.
    #[serde(default)]
    pub reason: Option<String>,
    /// What happened.
    #[serde(default)]
    pub message: Option<String>,
    /// Where to get help.
    #[serde(default)]
    pub help: Option<String>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Endpoint for RenameFile {
    const METHOD: Method = Method::PUT;
    const REPEAT: Repeat = Repeat::IfNotSent;
    type Answer = Outcome<RenameResult, PurgeFailed>;

    fn path(&self) -> Result<String, Error> {
        Ok("/v1/files/rename".to_string())
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}
