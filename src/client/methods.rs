//! The named methods of the clients, one per operation, declared once for both: each is an
//! async method of [`ImageKit`](crate::ImageKit) and, with the `blocking` feature, the same
//! method of [`blocking::ImageKit`](crate::blocking::ImageKit), blocking. Each sends its
//! operation as `send` does; the operations themselves (`api`) know nothing of the clients.

use crate::api::analytics::{GetUsageAnalytics, UsageAnalytics};
use crate::api::cache::{
    GetPurgeFileCacheStatus, PurgeFileCache, PurgeFileCacheStatus, PurgeSubmitted,
};
use crate::api::custom_metadata::{
    CreateCustomMetadataField, CustomMetadataField, DeleteCustomMetadataField,
    ListCustomMetadataFields, UpdateCustomMetadataField,
};
use crate::api::extensions::{
    CreateSavedExtension, DeleteSavedExtension, GetSavedExtension, ListSavedExtensions,
    SavedExtension, UpdateSavedExtension,
};
use crate::api::files::{
    BulkDeleteResult, BulkFileDelete, CopyFile, DeleteFile, GetFileDetails, ListFiles, MoveFile,
    PurgeFailed, RenameFile, RenameResult, UpdateFileDetails,
};
use crate::api::folders::{
    BulkJob, CopyFolder, CreateFolder, DeleteFolder, GetBulkJobStatus, JobStatus, MoveFolder,
    RenameFolder,
};
use crate::api::metadata::{GetFileMetadata, GetRemoteFileUrlMetadata, Metadata};
use crate::api::named::{
    CreateNamedTransformation, DeleteNamedTransformation, GetNamedTransformation,
    ListNamedTransformations, NamedTransformation, UpdateNamedTransformation,
};
use crate::api::origins::{
    CreateOrigin, DeleteOrigin, GetOrigin, ListOrigins, Origin, UpdateOrigin,
};
use crate::api::tags::{AddTags, RemoveAiTags, RemoveTags, TagsResult};
use crate::api::upload::{UploadFile, UploadFileV2, UploadResult};
use crate::api::url_endpoints::{
    CreateUrlEndpoint, DeleteUrlEndpoint, GetUrlEndpoint, ListUrlEndpoints, UpdateUrlEndpoint,
    UrlEndpoint,
};
use crate::api::usage::{GetUsage, Usage};
use crate::api::versions::{
    DeleteFileVersion, GetFileVersion, ListFileVersions, RestoreFileVersion,
};
use crate::api::webhooks::{
    CreateWebhookEndpoint, DeleteWebhookEndpoint, GetWebhookEndpoint, ListWebhookEndpoints,
    UpdateWebhookEndpoint, WebhookEndpoint,
};
use crate::api::{Asset, File, Outcome};

/// Declares, for each `name(Operation) -> Output;` with its doc comment, the async method
/// `ImageKit::name(&self, params: &Operation) -> Result<Output, Error>` and, with the
/// `blocking` feature, the blocking `blocking::ImageKit::name` of the same signature.
macro_rules! client_methods {
    ($($(#[$attr:meta])* $name:ident($op:ty) -> $out:ty;)*) => {
        impl $crate::ImageKit {
            $(
                $(#[$attr])*
                pub async fn $name(&self, params: &$op) -> Result<$out, $crate::Error> {
                    self.send(params).await
                }
            )*
        }

        #[cfg(feature = "blocking")]
        impl $crate::blocking::ImageKit {
            $(
                $(#[$attr])*
                pub fn $name(&self, params: &$op) -> Result<$out, $crate::Error> {
                    self.send(params)
                }
            )*
        }
    };
}

/// The five methods of a resource with create, list, get, update and delete, documented with
/// its noun; each links to its operation, which names the HTTP method and path.
macro_rules! crud_methods {
    (
        $resource:ty, $noun:literal;
        $list_fn:ident($list:ident), $create_fn:ident($create:ident), $get_fn:ident($get:ident),
        $update_fn:ident($update:ident), $delete_fn:ident($delete:ident)
    ) => {
        client_methods! {
            #[doc = concat!("Lists the ", $noun, "s ([`", stringify!($list), "`]).")]
            $list_fn($list) -> Vec<$resource>;
            #[doc = concat!("Creates a ", $noun, " ([`", stringify!($create), "`]); not retried once sent.")]
            $create_fn($create) -> $resource;
            #[doc = concat!("Reads a ", $noun, " ([`", stringify!($get), "`]).")]
            $get_fn($get) -> $resource;
            #[doc = concat!("Changes a ", $noun, " ([`", stringify!($update), "`]).")]
            $update_fn($update) -> $resource;
            #[doc = concat!("Deletes a ", $noun, " ([`", stringify!($delete), "`]).")]
            $delete_fn($delete) -> ();
        }
    };
}

client_methods! {
    // api::analytics
    /// The account's usage analytics between two days (`GET /v1/accounts/usage-analytics`,
    /// beta).
    get_usage_analytics(GetUsageAnalytics) -> UsageAnalytics;

    // api::cache
    /// Purges the cache of a URL (`POST /v1/files/purge`, 201). Retried only when the request
    /// provably did not run.
    purge_file_cache(PurgeFileCache) -> PurgeSubmitted;

    /// The status of a purge request (`GET /v1/files/purge/{requestId}`).
    get_purge_file_cache_status(GetPurgeFileCacheStatus) -> PurgeFileCacheStatus;

    // api::custom_metadata
    /// Creates a custom metadata field (`POST /v1/customMetadataFields`, 201). Not retried
    /// once sent.
    create_custom_metadata_field(CreateCustomMetadataField) -> CustomMetadataField;

    /// The custom metadata fields (`GET /v1/customMetadataFields`).
    list_custom_metadata_fields(ListCustomMetadataFields) -> Vec<CustomMetadataField>;

    /// Updates a custom metadata field's label, description or rules
    /// (`PATCH /v1/customMetadataFields/{id}`).
    update_custom_metadata_field(UpdateCustomMetadataField) -> CustomMetadataField;

    /// Deletes a custom metadata field (`DELETE /v1/customMetadataFields/{id}`, 204).
    delete_custom_metadata_field(DeleteCustomMetadataField) -> ();

    // api::files
    /// `GET /v1/files`: lists and searches files and folders.
    list_files(ListFiles) -> Vec<Asset>;

    /// `GET /v1/files/{fileId}/details`: a file's details.
    get_file_details(GetFileDetails) -> File;

    /// `PATCH /v1/files/{fileId}/details`: updates a file's details; returns the file.
    update_file_details(UpdateFileDetails) -> File;

    /// `DELETE /v1/files/{fileId}`: deletes a file and its versions.
    delete_file(DeleteFile) -> ();

    /// `POST /v1/files/batch/deleteByFileIds`: deletes files; a partial success (207) says
    /// which were not deleted.
    bulk_file_delete(BulkFileDelete) -> Outcome<BulkDeleteResult>;

    /// `POST /v1/files/copy`: copies a file into a folder.
    copy_file(CopyFile) -> ();

    /// `POST /v1/files/move`: moves a file into a folder.
    move_file(MoveFile) -> ();

    /// `PUT /v1/files/rename`: renames a file; a partial success (207) means the rename was
    /// done but the purge it asked for was not.
    rename_file(RenameFile) -> Outcome<RenameResult, PurgeFailed>;

    // api::folders
    /// The status of a bulk job (`GET /v1/bulkJobs/{jobId}`): complete (200), or partial (207)
    /// for a rename whose cache purge failed.
    get_bulk_job_status(GetBulkJobStatus) -> Outcome<JobStatus>;

    /// Creates a folder (`POST /v1/folder`, 201). Not retried once sent.
    create_folder(CreateFolder) -> ();

    /// Deletes a folder and its contents (`DELETE /v1/folder`, 204).
    delete_folder(DeleteFolder) -> ();

    /// Starts copying a folder (`POST /v1/bulkJobs/copyFolder`). Not retried once sent.
    copy_folder(CopyFolder) -> BulkJob;

    /// Starts moving a folder (`POST /v1/bulkJobs/moveFolder`). Not retried once sent.
    move_folder(MoveFolder) -> BulkJob;

    /// Starts renaming a folder (`POST /v1/bulkJobs/renameFolder`, 202). Not retried once sent.
    rename_folder(RenameFolder) -> BulkJob;

    // api::metadata
    /// The metadata of a file in the media library (`GET /v1/files/{fileId}/metadata`).
    get_file_metadata(GetFileMetadata) -> Metadata;

    /// The metadata of a file at a URL your ImageKit account serves (`GET /v1/metadata?url=`).
    get_remote_file_url_metadata(GetRemoteFileUrlMetadata) -> Metadata;

    // api::tags
    /// Adds tags to up to 50 files (`POST /v1/files/addTags`); a 207 is an
    /// [`Outcome::Partial`] listing the files not updated.
    add_tags(AddTags) -> Outcome<TagsResult>;

    /// Removes tags from up to 50 files (`POST /v1/files/removeTags`); a 207 is an
    /// [`Outcome::Partial`] listing the files not updated.
    remove_tags(RemoveTags) -> Outcome<TagsResult>;

    /// Removes AI tags from up to 50 files (`POST /v1/files/removeAITags`); a 207 is an
    /// [`Outcome::Partial`] listing the files not updated.
    remove_ai_tags(RemoveAiTags) -> Outcome<TagsResult>;

    // api::upload
    /// Uploads a file (`POST /api/v1/files/upload`): see [`UploadFile`].
    upload(UploadFile) -> UploadResult;

    /// Uploads a file with upload API v2 (`POST /api/v2/files/upload`): see
    /// [`UploadFileV2`].
    upload_v2(UploadFileV2) -> UploadResult;

    // api::usage
    /// The account's usage between two dates: `GET /v1/accounts/usage`.
    get_usage(GetUsage) -> Usage;

    // api::versions
    /// Every version of a file (`GET /v1/files/{fileId}/versions`), the current one with type
    /// `file`, the others `file-version`.
    list_file_versions(ListFileVersions) -> Vec<File>;

    /// One version of a file (`GET /v1/files/{fileId}/versions/{versionId}`).
    get_file_version(GetFileVersion) -> File;

    /// Deletes a non-current version of a file
    /// (`DELETE /v1/files/{fileId}/versions/{versionId}`, 204).
    delete_file_version(DeleteFileVersion) -> ();

    /// Makes a version the current one and returns the file as it now is
    /// (`PUT /v1/files/{fileId}/versions/{versionId}/restore`).
    restore_file_version(RestoreFileVersion) -> File;
}

crud_methods!(
    NamedTransformation, "named transformation";
    list_named_transformations(ListNamedTransformations),
    create_named_transformation(CreateNamedTransformation),
    get_named_transformation(GetNamedTransformation),
    update_named_transformation(UpdateNamedTransformation),
    delete_named_transformation(DeleteNamedTransformation)
);

crud_methods!(
    WebhookEndpoint, "webhook endpoint";
    list_webhook_endpoints(ListWebhookEndpoints),
    create_webhook_endpoint(CreateWebhookEndpoint),
    get_webhook_endpoint(GetWebhookEndpoint),
    update_webhook_endpoint(UpdateWebhookEndpoint),
    delete_webhook_endpoint(DeleteWebhookEndpoint)
);

crud_methods!(
    Origin, "origin";
    list_origins(ListOrigins),
    create_origin(CreateOrigin),
    get_origin(GetOrigin),
    update_origin(UpdateOrigin),
    delete_origin(DeleteOrigin)
);

crud_methods!(
    UrlEndpoint, "URL endpoint";
    list_url_endpoints(ListUrlEndpoints),
    create_url_endpoint(CreateUrlEndpoint),
    get_url_endpoint(GetUrlEndpoint),
    update_url_endpoint(UpdateUrlEndpoint),
    delete_url_endpoint(DeleteUrlEndpoint)
);

crud_methods!(
    SavedExtension, "saved extension";
    list_saved_extensions(ListSavedExtensions),
    create_saved_extension(CreateSavedExtension),
    get_saved_extension(GetSavedExtension),
    update_saved_extension(UpdateSavedExtension),
    delete_saved_extension(DeleteSavedExtension)
);
