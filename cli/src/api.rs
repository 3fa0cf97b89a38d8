//! The commands that call the ImageKit API: files, folders, versions, tags, purges, custom
//! metadata fields, account resources and usage.
//!
//! Each prints a table, or with `--json` one JSON document: the API's answer as the library
//! reads it. A failure prints `error: …` (for an API error: the server's message, the HTTP
//! status and the request id) and exits 1; a partial success (HTTP 207) prints what was done,
//! one `error:` line per item that failed, and exits 1 too.

use std::future::Future;
use std::time::{Duration, Instant};

use clap::{Args, Subcommand, ValueEnum};
use imagekit::api::analytics::GetUsageAnalytics;
use imagekit::api::cache::{GetPurgeFileCacheStatus, PurgeFileCache, PurgeStatus};
use imagekit::api::crud::{Delete, Get, List, Resource};
use imagekit::api::custom_metadata::{
    CreateCustomMetadataField, CustomMetadataField, CustomMetadataFieldType, CustomMetadataRules,
    DeleteCustomMetadataField, ListCustomMetadataFields, UpdateCustomMetadataField,
};
use imagekit::api::extensions::SavedExtension;
use imagekit::api::files::{
    BulkFileDelete, CopyFile, DeleteFile, GetFileDetails, ListAssetType, ListFileType, ListFiles,
    ListSort, MoveFile, RenameFile, UpdateFileDetails,
};
use imagekit::api::folders::{
    BulkJob, CopyFolder, CreateFolder, DeleteFolder, GetBulkJobStatus, JobState, JobStatus,
    MoveFolder, RenameFolder,
};
use imagekit::api::metadata::{GetFileMetadata, GetRemoteFileUrlMetadata};
use imagekit::api::named::NamedTransformation;
use imagekit::api::origins::Origin;
use imagekit::api::tags::{AddTags, RemoveAiTags, RemoveTags, TagsResult};
use imagekit::api::url_endpoints::UrlEndpoint;
use imagekit::api::usage::GetUsage;
use imagekit::api::versions::{
    DeleteFileVersion, GetFileVersion, ListFileVersions, RestoreFileVersion,
};
use imagekit::api::webhooks::WebhookEndpoint;
use imagekit::api::{Asset, File, FileFailure, Outcome};
use imagekit::ImageKit;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use serde_json::{json, Value};

use crate::config::{self, Keys};
use crate::output::{api, to_value, CmdResult, Out};
use crate::table::{self, Table};
use crate::upload::{self, UploadArgs};

#[derive(Subcommand)]
pub enum ApiCommand {
    /// Upload files, directories (recursively) and http(s) URLs.
    Upload(UploadArgs),
    /// List and search files and folders.
    Ls(LsArgs),
    /// Show a file's details.
    Get {
        /// The file id.
        id: String,
    },
    /// Change a file's tags, custom coordinates or description.
    Update(UpdateArgs),
    /// Delete files: one id is one delete, several a bulk delete that reports each failure.
    Rm {
        /// File ids.
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Show the metadata (size, format, pHash, EXIF…) of a file or of any URL.
    Metadata {
        /// The file id.
        #[arg(required_unless_present = "url", conflicts_with = "url")]
        id: Option<String>,
        /// A URL served through the account, instead of a file id.
        #[arg(long)]
        url: Option<String>,
    },
    /// Purge a URL from the CDN cache.
    Purge {
        /// The URL to purge (a trailing `*` purges everything under it).
        url: String,
        /// Wait until the purge has completed.
        #[arg(long)]
        wait: bool,
        /// With --wait: give up after this many seconds.
        #[arg(long, default_value_t = 300, requires = "wait", value_name = "SECONDS")]
        timeout: u64,
    },
    /// Show the status of a purge request.
    PurgeStatus {
        /// The purge request id.
        request_id: String,
    },
    /// Copy a file into a folder.
    Copy {
        /// The file's path, e.g. /a/file.jpg.
        src: String,
        /// The folder to copy it into, e.g. /b/.
        dest: String,
        /// Copy every version, not only the current one.
        #[arg(long)]
        include_versions: bool,
    },
    /// Move a file (and its versions) into a folder.
    Move {
        /// The file's path, e.g. /a/file.jpg.
        src: String,
        /// The folder to move it into, e.g. /b/.
        dest: String,
    },
    /// Rename a file (and its versions).
    Rename {
        /// The file's path, e.g. /a/file.jpg.
        path: String,
        /// The new file name.
        new_name: String,
        /// Purge the old URLs from the CDN cache.
        #[arg(long)]
        purge: bool,
    },
    /// List a file's versions.
    Versions {
        /// The file id.
        id: String,
    },
    /// Show, delete or restore one version of a file.
    #[command(subcommand)]
    Version(VersionCommand),
    /// Add or remove tags, or remove AI tags, on several files at once.
    #[command(subcommand)]
    Tags(TagsCommand),
    /// Create, delete, copy, move and rename folders.
    #[command(subcommand)]
    Folder(FolderCommand),
    /// Show the status of a folder copy, move or rename job.
    Job {
        /// The job id.
        id: String,
        /// Wait until the job is no longer pending.
        #[arg(long)]
        wait: bool,
    },
    /// Custom metadata fields.
    #[command(subcommand)]
    Fields(FieldsCommand),
    /// Saved extensions.
    #[command(subcommand)]
    Extensions(ResourceCommand),
    /// Origins (where ImageKit fetches files from).
    #[command(subcommand)]
    Origins(ResourceCommand),
    /// URL endpoints.
    #[command(subcommand)]
    Endpoints(ResourceCommand),
    /// Named transformations.
    #[command(subcommand)]
    Transformations(ResourceCommand),
    /// Webhook endpoints.
    #[command(subcommand)]
    Webhooks(ResourceCommand),
    /// Account usage (bandwidth, storage, processing units) between two dates.
    Usage(DateRange),
    /// Usage analytics between two dates (beta API).
    Analytics(DateRange),
}

#[derive(Args)]
pub struct LsArgs {
    /// Only within this folder, e.g. /products/.
    path: Option<String>,
    /// A search query, e.g. 'createdAt > "7d" AND format = "jpg"'.
    #[arg(long, value_name = "QUERY")]
    search: Option<String>,
    /// What to list.
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    asset_type: Option<LsType>,
    /// Only images or only other files.
    #[arg(long, value_enum)]
    file_type: Option<LsFileType>,
    /// The order: name, created, updated, height, width, size or relevance, prefixed with asc- or
    /// desc- (e.g. desc-created; the API's ASC_NAME spelling works too).
    #[arg(long, value_parser = parse_sort, value_name = "S")]
    sort: Option<ListSort>,
    /// At most this many results (1 to 1000).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1000), value_name = "N")]
    limit: Option<u32>,
    /// Leave out this many results first.
    #[arg(long, value_name = "N")]
    skip: Option<u32>,
}

#[derive(Clone, Copy, ValueEnum)]
enum LsType {
    File,
    Folder,
    All,
    FileVersion,
}

#[derive(Clone, Copy, ValueEnum)]
enum LsFileType {
    All,
    Image,
    NonImage,
}

/// `--sort`: the API's names (`DESC_CREATED`) in any case, `-` for `_`.
fn parse_sort(text: &str) -> Result<ListSort, String> {
    let name = text.trim().to_ascii_uppercase().replace('-', "_");
    match ListSort::from(name.as_str()) {
        ListSort::Other(_) => Err(
            "expected asc- or desc- followed by name, created, updated, height, width, size or \
             relevance (e.g. desc-created)"
                .to_string(),
        ),
        sort => Ok(sort),
    }
}

#[derive(Args)]
pub struct UpdateArgs {
    /// The file id.
    id: String,
    /// Replace the tags (comma-separated).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "a,b",
        conflicts_with = "clear_tags"
    )]
    tags: Option<Vec<String>>,
    /// Remove every tag.
    #[arg(long)]
    clear_tags: bool,
    /// Set the custom coordinates.
    #[arg(long, value_parser = parse_coordinates, value_name = "x,y,w,h")]
    custom_coordinates: Option<String>,
    /// Set the description.
    #[arg(long)]
    description: Option<String>,
}

/// `x,y,w,h`: four whole numbers.
fn parse_coordinates(text: &str) -> Result<String, String> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if parts.len() == 4 && parts.iter().all(|p| p.parse::<u64>().is_ok()) {
        Ok(parts.join(","))
    } else {
        Err("expected four whole numbers x,y,w,h (e.g. 10,10,100,100)".to_string())
    }
}

#[derive(Subcommand)]
pub enum VersionCommand {
    /// Show one version's details.
    Get(VersionArgs),
    /// Delete a version (not the current one).
    Delete(VersionArgs),
    /// Make a version the current one.
    Restore(VersionArgs),
}

#[derive(Args)]
pub struct VersionArgs {
    /// The file id.
    file_id: String,
    /// The version id.
    version_id: String,
}

#[derive(Subcommand)]
pub enum TagsCommand {
    /// Add tags to files.
    Add(TagsArgs),
    /// Remove tags from files.
    Remove(TagsArgs),
    /// Remove AI tags from files.
    RemoveAi(TagsArgs),
}

#[derive(Args)]
pub struct TagsArgs {
    /// File ids.
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
    /// The tags (comma-separated).
    #[arg(long, required = true, value_delimiter = ',', value_name = "a,b")]
    tags: Vec<String>,
}

#[derive(Subcommand)]
pub enum FolderCommand {
    /// Create a folder, e.g. /products/summer (the last part is the new folder's name).
    Create {
        /// The new folder's path.
        path: String,
    },
    /// Delete a folder with everything in it.
    Delete {
        /// The folder's path.
        path: String,
    },
    /// Copy a folder into another (a bulk job).
    Copy {
        /// The folder to copy.
        src: String,
        /// The folder to copy it into.
        dest: String,
        /// Copy every file version, not only the current ones.
        #[arg(long)]
        include_versions: bool,
        /// Wait until the job is no longer pending.
        #[arg(long)]
        wait: bool,
    },
    /// Move a folder into another (a bulk job).
    Move {
        /// The folder to move.
        src: String,
        /// The folder to move it into.
        dest: String,
        /// Wait until the job is no longer pending.
        #[arg(long)]
        wait: bool,
    },
    /// Rename a folder (a bulk job).
    Rename {
        /// The folder's path.
        path: String,
        /// The new name.
        new_name: String,
        /// Purge the old URLs from the CDN cache.
        #[arg(long)]
        purge: bool,
        /// Wait until the job is no longer pending.
        #[arg(long)]
        wait: bool,
    },
}

#[derive(Subcommand)]
pub enum FieldsCommand {
    /// List the custom metadata fields.
    List {
        /// Include deleted fields.
        #[arg(long)]
        include_deleted: bool,
        /// Only the fields that apply at this folder path.
        #[arg(long, value_name = "PATH")]
        folder: Option<String>,
    },
    /// Create a field.
    Create {
        /// The API name (the key in an asset's customMetadata).
        name: String,
        /// The label shown in the media library (default: the name).
        #[arg(long)]
        label: Option<String>,
        /// The type of its values.
        #[arg(long = "type", value_enum, value_name = "TYPE")]
        field_type: FieldType,
        /// The rules as JSON, e.g. '{"minValue": 1, "maxValue": 10, "isValueRequired": false}'.
        #[arg(long, value_parser = parse_rules, value_name = "JSON")]
        rules: Option<Box<CustomMetadataRules>>,
    },
    /// Change a field's label or rules.
    Update {
        /// The field id.
        id: String,
        /// A new label.
        #[arg(long)]
        label: Option<String>,
        /// New rules as JSON.
        #[arg(long, value_parser = parse_rules, value_name = "JSON")]
        rules: Option<Box<CustomMetadataRules>>,
    },
    /// Delete a field.
    Delete {
        /// The field id.
        id: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FieldType {
    Text,
    Textarea,
    Number,
    Date,
    Boolean,
    SingleSelect,
    MultiSelect,
}

impl FieldType {
    fn api(self) -> CustomMetadataFieldType {
        match self {
            FieldType::Text => CustomMetadataFieldType::Text,
            FieldType::Textarea => CustomMetadataFieldType::Textarea,
            FieldType::Number => CustomMetadataFieldType::Number,
            FieldType::Date => CustomMetadataFieldType::Date,
            FieldType::Boolean => CustomMetadataFieldType::Boolean,
            FieldType::SingleSelect => CustomMetadataFieldType::SingleSelect,
            FieldType::MultiSelect => CustomMetadataFieldType::MultiSelect,
        }
    }
}

/// `--rules`, boxed: the rules are large next to every other command's arguments.
fn parse_rules(text: &str) -> Result<Box<CustomMetadataRules>, String> {
    serde_json::from_str(text).map_err(|e| format!("not the JSON of the rules: {e}"))
}

/// list / get / delete of an account resource.
#[derive(Subcommand)]
pub enum ResourceCommand {
    /// List them all.
    List,
    /// Show one.
    Get {
        /// The id.
        id: String,
    },
    /// Delete one.
    Delete {
        /// The id.
        id: String,
    },
}

#[derive(Args)]
pub struct DateRange {
    /// The first day, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    start: String,
    /// The last day, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    end: String,
}

/// Runs an API command on a Tokio runtime (the library's hyper transport needs one).
pub fn run(command: ApiCommand, keys: &Keys, json: bool) -> CmdResult {
    let ik = config::api_client(keys)?;
    let runtime = config::runtime()?;
    let out = Out { json };
    runtime.block_on(dispatch(command, &ik, out))
}

async fn dispatch(command: ApiCommand, ik: &ImageKit, out: Out) -> CmdResult {
    match command {
        ApiCommand::Upload(args) => upload::run(ik, args, out).await,
        ApiCommand::Ls(args) => ls(ik, args, out).await,
        ApiCommand::Get { id } => {
            let file = api(ik.get_file_details(&GetFileDetails::new(id)).await)?;
            out.show(&file, || file_table(&file))
        }
        ApiCommand::Update(args) => update(ik, args, out).await,
        ApiCommand::Rm { ids } => rm(ik, ids, out).await,
        ApiCommand::Metadata { id, url } => {
            let metadata = match (id, url) {
                (_, Some(url)) => {
                    ik.get_remote_file_url_metadata(&GetRemoteFileUrlMetadata::new(url))
                        .await
                }
                (Some(id), None) => ik.get_file_metadata(&GetFileMetadata::new(id)).await,
                (None, None) => unreachable!("clap requires an id or --url"),
            };
            out.object(&api(metadata)?, &["exif"])
        }
        ApiCommand::Purge { url, wait, timeout } => purge(ik, url, wait, timeout, out).await,
        ApiCommand::PurgeStatus { request_id } => {
            let status = api(ik
                .get_purge_file_cache_status(&GetPurgeFileCacheStatus::new(request_id))
                .await)?;
            out.object(&status, &[])
        }
        ApiCommand::Copy {
            src,
            dest,
            include_versions,
        } => {
            let mut copy = CopyFile::new(src, dest);
            if include_versions {
                copy = copy.include_file_versions(true);
            }
            api(ik.copy_file(&copy).await)?;
            out.done("copied")
        }
        ApiCommand::Move { src, dest } => {
            api(ik.move_file(&MoveFile::new(src, dest)).await)?;
            out.done("moved")
        }
        ApiCommand::Rename {
            path,
            new_name,
            purge,
        } => {
            let mut rename = RenameFile::new(path, new_name);
            if purge {
                rename = rename.purge_cache(true);
            }
            match api(ik.rename_file(&rename).await)? {
                Outcome::Complete(done) => {
                    if out.json || done.purge_request_id.is_some() {
                        out.object(&done, &[])
                    } else {
                        out.done("renamed")
                    }
                }
                Outcome::Partial(failed) => {
                    out.object(&failed, &[])?;
                    Err(format!(
                        "renamed, but the purge failed: {}",
                        failed.message.as_deref().unwrap_or("no message")
                    ))
                }
            }
        }
        ApiCommand::Versions { id } => {
            let versions = api(ik.list_file_versions(&ListFileVersions::new(id)).await)?;
            out.show(&versions, || versions_table(&versions))
        }
        ApiCommand::Version(command) => version(ik, command, out).await,
        ApiCommand::Tags(command) => tags(ik, command, out).await,
        ApiCommand::Folder(command) => folder(ik, command, out).await,
        ApiCommand::Job { id, wait } => job(ik, id, wait, out).await,
        ApiCommand::Fields(command) => fields(ik, command, out).await,
        ApiCommand::Extensions(command) => resource::<SavedExtension>(ik, command, out).await,
        ApiCommand::Origins(command) => resource::<Origin>(ik, command, out).await,
        ApiCommand::Endpoints(command) => resource::<UrlEndpoint>(ik, command, out).await,
        ApiCommand::Transformations(command) => {
            resource::<NamedTransformation>(ik, command, out).await
        }
        ApiCommand::Webhooks(command) => resource::<WebhookEndpoint>(ik, command, out).await,
        ApiCommand::Usage(range) => {
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
                    t.field(name, bytes.map(|b| table::bytes(b as f64)));
                }
                t
            })
        }
        ApiCommand::Analytics(range) => {
            let analytics = api(ik
                .get_usage_analytics(&GetUsageAnalytics::new(range.start, range.end))
                .await)?;
            out.object(&analytics, &[])
        }
    }
}

async fn ls(ik: &ImageKit, args: LsArgs, out: Out) -> CmdResult {
    let mut list = ListFiles::new();
    list.path = args.path;
    list.search_query = args.search;
    list.sort = args.sort;
    list.limit = args.limit;
    list.skip = args.skip;
    list.asset_type = args.asset_type.map(|t| match t {
        LsType::File => ListAssetType::File,
        LsType::Folder => ListAssetType::Folder,
        LsType::All => ListAssetType::All,
        LsType::FileVersion => ListAssetType::FileVersion,
    });
    list.file_type = args.file_type.map(|t| match t {
        LsFileType::All => ListFileType::All,
        LsFileType::Image => ListFileType::Image,
        LsFileType::NonImage => ListFileType::NonImage,
    });
    let assets = api(ik.list_files(&list).await)?;
    out.show(&assets, || {
        let mut t = Table::new(&["TYPE", "ID", "PATH", "SIZE", "CREATED"]);
        for asset in &assets {
            match asset {
                Asset::File(f) => t.row([
                    f.asset_type
                        .as_ref()
                        .map_or("file".to_string(), |t| t.to_string()),
                    f.file_id.clone(),
                    f.file_path.clone(),
                    f.size.map(table::bytes).unwrap_or_default(),
                    f.created_at.clone().unwrap_or_default(),
                ]),
                Asset::Folder(d) => t.row([
                    "folder".to_string(),
                    d.folder_id.clone(),
                    d.folder_path.clone(),
                    String::new(),
                    d.created_at.clone().unwrap_or_default(),
                ]),
            }
        }
        t
    })
}

/// A file's details as a `FIELD VALUE` table (embedded and custom metadata: see --json).
fn file_table(f: &File) -> Table {
    let mut t = Table::fields();
    t.field("fileId", Some(&f.file_id));
    t.field("type", f.asset_type.as_ref());
    t.field("name", Some(&f.name));
    t.field("filePath", Some(&f.file_path));
    t.field("url", f.url.as_ref());
    t.field("thumbnail", f.thumbnail.as_ref());
    t.field("fileType", f.file_type.as_ref());
    t.field("mime", f.mime.as_ref());
    t.field("size", f.size.map(table::bytes));
    if let (Some(w), Some(h)) = (f.width, f.height) {
        t.field("dimensions", Some(format!("{w}x{h}")));
    }
    t.field("duration", f.duration);
    t.field("tags", f.tags.as_deref().map(table::join));
    t.field(
        "AITags",
        f.ai_tags.as_ref().map(|tags| {
            let names: Vec<String> = tags.iter().map(|t| t.name.clone()).collect();
            table::join(&names)
        }),
    );
    t.field("customCoordinates", f.custom_coordinates.as_ref());
    t.field("description", f.description.as_ref());
    t.field("isPrivateFile", f.is_private_file);
    t.field("isPublished", f.is_published);
    if let Some(v) = &f.version_info {
        let version = [v.id.as_deref(), v.name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        t.field("version", Some(version));
    }
    t.field("createdAt", f.created_at.as_ref());
    t.field("updatedAt", f.updated_at.as_ref());
    t
}

fn versions_table(versions: &[File]) -> Table {
    let mut t = Table::new(&["VERSION ID", "VERSION", "TYPE", "PATH", "SIZE", "CREATED"]);
    for f in versions {
        let info = f.version_info.as_ref();
        t.row([
            info.and_then(|v| v.id.clone()).unwrap_or_default(),
            info.and_then(|v| v.name.clone()).unwrap_or_default(),
            f.asset_type
                .as_ref()
                .map(|t| t.to_string())
                .unwrap_or_default(),
            f.file_path.clone(),
            f.size.map(table::bytes).unwrap_or_default(),
            f.created_at.clone().unwrap_or_default(),
        ]);
    }
    t
}

async fn update(ik: &ImageKit, args: UpdateArgs, out: Out) -> CmdResult {
    let mut update = UpdateFileDetails::new(args.id);
    let mut changed = false;
    if let Some(tags) = args.tags {
        update = update.tags(clean_list(tags));
        changed = true;
    }
    if args.clear_tags {
        update = update.clear_tags();
        changed = true;
    }
    if let Some(coordinates) = args.custom_coordinates {
        update = update.custom_coordinates(coordinates);
        changed = true;
    }
    if let Some(description) = args.description {
        update = update.description(description);
        changed = true;
    }
    if !changed {
        return Err(
            "nothing to update: give --tags, --clear-tags, --custom-coordinates or --description"
                .to_string(),
        );
    }
    let file = api(ik.update_file_details(&update).await)?;
    out.show(&file, || file_table(&file))
}

/// Comma-separated values trimmed, empty ones left out.
pub fn clean_list(items: Vec<String>) -> Vec<String> {
    items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The largest batch the bulk delete takes.
const DELETE_BATCH: usize = 100;
/// The largest batch the bulk tag operations take.
const TAGS_BATCH: usize = 50;

async fn rm(ik: &ImageKit, ids: Vec<String>, out: Out) -> CmdResult {
    if let [id] = &ids[..] {
        api(ik.delete_file(&DeleteFile::new(id.clone())).await)?;
        let done = vec![id.clone()];
        return report_bulk(
            out,
            "successfullyDeletedFileIds",
            done,
            Failures::default(),
            "deleted",
        );
    }
    let mut done = Vec::new();
    let mut failed = Failures::default();
    for batch in ids.chunks(DELETE_BATCH) {
        let result = match api(ik
            .bulk_file_delete(&BulkFileDelete::new(batch.to_vec()))
            .await)?
        {
            Outcome::Complete(r) | Outcome::Partial(r) => r,
        };
        done.extend(result.successfully_deleted_file_ids);
        failed.extend(&result.errors)?;
    }
    report_bulk(out, "successfullyDeletedFileIds", done, failed, "deleted")
}

/// The items a bulk operation could not handle: as the API wrote them, and as (id, reason).
#[derive(Default)]
struct Failures {
    json: Vec<Value>,
    text: Vec<(String, String)>,
}

impl Failures {
    /// Adds the files the API answered as failed; the reason is their `error`, else `message`.
    fn extend(&mut self, errors: &[FileFailure]) -> CmdResult {
        for f in errors {
            let reason = f
                .error
                .clone()
                .or_else(|| f.extra.get("message").map(table::cell));
            self.json.push(to_value(f)?);
            self.text.push((
                f.file_id.clone().unwrap_or_else(|| "(no id)".to_string()),
                reason.unwrap_or_else(|| "no reason given".to_string()),
            ));
        }
        Ok(())
    }
}

/// What a bulk operation did: `{<done_field>: [...], "errors": [...]}` as JSON, or a
/// `FILE ID  STATUS` table; one `error:` line on stderr per failure, and exit 1 if any.
fn report_bulk(
    out: Out,
    done_field: &str,
    done: Vec<String>,
    failed: Failures,
    verb: &str,
) -> CmdResult {
    let mut value = serde_json::Map::new();
    value.insert(done_field.to_string(), json!(done));
    if !failed.json.is_empty() {
        value.insert("errors".to_string(), Value::Array(failed.json));
    }
    out.show(&value, || {
        let mut t = Table::new(&["FILE ID", "STATUS"]);
        for id in &done {
            t.row([id.as_str(), verb]);
        }
        for (id, reason) in &failed.text {
            t.row([id.clone(), format!("failed: {reason}")]);
        }
        t
    })?;
    if failed.text.is_empty() {
        return Ok(());
    }
    for (id, reason) in &failed.text {
        eprintln!("error: {}: {}", table::clean(id), table::clean(reason));
    }
    Err(format!(
        "{} of {} files failed",
        failed.text.len(),
        failed.text.len() + done.len()
    ))
}

async fn purge(ik: &ImageKit, url: String, wait: bool, timeout: u64, out: Out) -> CmdResult {
    let submitted = api(ik.purge_file_cache(&PurgeFileCache::new(url)).await)?;
    if !wait {
        return out.object(&submitted, &[]);
    }
    let id = submitted.request_id.clone();
    let status = poll(
        &format!("purge {id}"),
        Duration::from_secs(timeout),
        || {
            let params = GetPurgeFileCacheStatus::new(id.clone());
            async move { ik.get_purge_file_cache_status(&params).await }
        },
        |s| s.status.as_ref() != Some(&PurgeStatus::Pending),
    )
    .await?;
    let mut value = serde_json::Map::new();
    value.insert("requestId".to_string(), json!(id));
    if let Value::Object(fields) = to_value(&status)? {
        value.extend(fields);
    }
    out.object(&value, &[])
}

/// Calls `check` until `finished` says so, sleeping between calls (0.5 s, doubling up to 5 s)
/// with a spinner on a terminal; fails after `timeout`.
async fn poll<T, F, Fut>(
    what: &str,
    timeout: Duration,
    mut check: F,
    finished: impl Fn(&T) -> bool,
) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, imagekit::Error>>,
{
    let start = Instant::now();
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    spinner.set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").unwrap());
    spinner.set_message(format!("waiting for {}", table::clean(what)));
    spinner.enable_steady_tick(Duration::from_millis(120));
    let mut pause = Duration::from_millis(500);
    let result = loop {
        let value = match check().await {
            Ok(value) => value,
            Err(e) => break Err(e.to_string()),
        };
        if finished(&value) {
            break Ok(value);
        }
        if start.elapsed() + pause > timeout {
            break Err(format!(
                "{what} is still pending after {} s",
                timeout.as_secs()
            ));
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(5));
    };
    spinner.finish_and_clear();
    result
}

async fn version(ik: &ImageKit, command: VersionCommand, out: Out) -> CmdResult {
    match command {
        VersionCommand::Get(v) => {
            let file = api(ik
                .get_file_version(&GetFileVersion::new(v.file_id, v.version_id))
                .await)?;
            out.show(&file, || file_table(&file))
        }
        VersionCommand::Delete(v) => {
            api(ik
                .delete_file_version(&DeleteFileVersion::new(v.file_id, v.version_id))
                .await)?;
            out.done("deleted")
        }
        VersionCommand::Restore(v) => {
            let file = api(ik
                .restore_file_version(&RestoreFileVersion::new(v.file_id, v.version_id))
                .await)?;
            out.show(&file, || file_table(&file))
        }
    }
}

async fn tags(ik: &ImageKit, command: TagsCommand, out: Out) -> CmdResult {
    let (args, verb) = match &command {
        TagsCommand::Add(a) => (a, "tagged"),
        TagsCommand::Remove(a) => (a, "untagged"),
        TagsCommand::RemoveAi(a) => (a, "AI tags removed"),
    };
    let tags = clean_list(args.tags.clone());
    if tags.is_empty() {
        return Err("--tags names no tag".to_string());
    }
    let mut done = Vec::new();
    let mut failed = Failures::default();
    for batch in args.ids.chunks(TAGS_BATCH) {
        let ids = batch.to_vec();
        let outcome = match command {
            TagsCommand::Add(_) => ik.add_tags(&AddTags::new(ids, tags.clone())).await,
            TagsCommand::Remove(_) => ik.remove_tags(&RemoveTags::new(ids, tags.clone())).await,
            TagsCommand::RemoveAi(_) => {
                ik.remove_ai_tags(&RemoveAiTags::new(ids, tags.clone()))
                    .await
            }
        };
        let result: TagsResult = match api(outcome)? {
            Outcome::Complete(r) | Outcome::Partial(r) => r,
        };
        done.extend(result.successfully_updated_file_ids);
        failed.extend(&result.errors)?;
    }
    report_bulk(out, "successfullyUpdatedFileIds", done, failed, verb)
}

/// `/a/b/c` as parent `/a/b` and name `c`.
fn split_folder(path: &str) -> Result<(String, String), String> {
    let trimmed = path.trim_end_matches('/');
    let (parent, name) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
    if name.is_empty() {
        return Err(format!("{path:?} names no folder"));
    }
    let parent = if parent.is_empty() { "/" } else { parent };
    Ok((parent.to_string(), name.to_string()))
}

async fn folder(ik: &ImageKit, command: FolderCommand, out: Out) -> CmdResult {
    let (started, wait) = match command {
        FolderCommand::Create { path } => {
            let (parent, name) = split_folder(&path)?;
            api(ik.create_folder(&CreateFolder::new(name, parent)).await)?;
            return out.done("created");
        }
        FolderCommand::Delete { path } => {
            api(ik.delete_folder(&DeleteFolder::new(path)).await)?;
            return out.done("deleted");
        }
        FolderCommand::Copy {
            src,
            dest,
            include_versions,
            wait,
        } => {
            let mut copy = CopyFolder::new(src, dest);
            if include_versions {
                copy.include_versions = Some(true);
            }
            (api(ik.copy_folder(&copy).await)?, wait)
        }
        FolderCommand::Move { src, dest, wait } => (
            api(ik.move_folder(&MoveFolder::new(src, dest)).await)?,
            wait,
        ),
        FolderCommand::Rename {
            path,
            new_name,
            purge,
            wait,
        } => {
            let mut rename = RenameFolder::new(path, new_name);
            if purge {
                rename.purge_cache = Some(true);
            }
            (api(ik.rename_folder(&rename).await)?, wait)
        }
    };
    if wait {
        job(ik, started.job_id, true, out).await
    } else {
        show_job(&started, out)
    }
}

fn show_job(started: &BulkJob, out: Out) -> CmdResult {
    out.object(started, &[])
}

async fn job(ik: &ImageKit, id: String, wait: bool, out: Out) -> CmdResult {
    let get = || {
        let params = GetBulkJobStatus::new(id.clone());
        async move { ik.get_bulk_job_status(&params).await }
    };
    let outcome = if wait {
        let pending = |o: &Outcome<JobStatus>| matches!(o, Outcome::Complete(s) if s.status == Some(JobState::Pending));
        poll(&format!("job {id}"), Duration::from_secs(300), get, |o| {
            !pending(o)
        })
        .await?
    } else {
        api(get().await)?
    };
    match outcome {
        Outcome::Complete(status) => out.object(&status, &[]),
        Outcome::Partial(status) => {
            out.object(&status, &[])?;
            Err(format!(
                "job {id} partly failed: {}",
                status.message.as_deref().unwrap_or("no message")
            ))
        }
    }
}

async fn fields(ik: &ImageKit, command: FieldsCommand, out: Out) -> CmdResult {
    match command {
        FieldsCommand::List {
            include_deleted,
            folder,
        } => {
            let mut list = ListCustomMetadataFields::new();
            list.include_deleted = include_deleted.then_some(true);
            list.folder_path = folder;
            let fields = api(ik.list_custom_metadata_fields(&list).await)?;
            out.show(&fields, || {
                let mut t = Table::new(&["ID", "NAME", "LABEL", "TYPE", "RULES"]);
                for f in &fields {
                    t.row(field_row(f));
                }
                t
            })
        }
        FieldsCommand::Create {
            name,
            label,
            field_type,
            rules,
        } => {
            let label = label.unwrap_or_else(|| name.clone());
            let mut create = CreateCustomMetadataField::new(name, label, field_type.api());
            if let Some(rules) = rules {
                create.schema.rules = *rules;
            }
            let field = api(ik.create_custom_metadata_field(&create).await)?;
            out.object(&field, &[])
        }
        FieldsCommand::Update { id, label, rules } => {
            if label.is_none() && rules.is_none() {
                return Err("nothing to update: give --label or --rules".to_string());
            }
            let mut update = UpdateCustomMetadataField::new(id);
            update.label = label;
            update.schema = rules.map(|r| *r);
            let field = api(ik.update_custom_metadata_field(&update).await)?;
            out.object(&field, &[])
        }
        FieldsCommand::Delete { id } => {
            api(ik
                .delete_custom_metadata_field(&DeleteCustomMetadataField::new(id))
                .await)?;
            out.done("deleted")
        }
    }
}

fn field_row(f: &CustomMetadataField) -> Vec<String> {
    let rules = serde_json::to_value(&f.schema.rules)
        .ok()
        .filter(|v| v.as_object().is_some_and(|m| !m.is_empty()))
        .map(|v| v.to_string())
        .unwrap_or_default();
    vec![
        f.id.clone(),
        f.name.clone(),
        f.label.clone(),
        f.schema.field_type.to_string(),
        rules,
    ]
}

/// An account resource the CLI lists, shows and deletes.
trait Listed: Resource + Serialize {
    /// The list table's header.
    const HEADER: &'static [&'static str];
    /// Fields the `get` table leaves out (secrets), shown with --json.
    const HIDE: &'static [&'static str] = &[];
    /// One row of the list table.
    fn row(&self) -> Vec<String>;
}

impl Listed for SavedExtension {
    const HEADER: &'static [&'static str] = &["ID", "NAME", "DESCRIPTION"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            self.description.clone().unwrap_or_default(),
        ]
    }
}

impl Listed for Origin {
    const HEADER: &'static [&'static str] = &["ID", "TYPE", "NAME"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.origin_type.to_string(),
            self.name.clone(),
        ]
    }
}

impl Listed for UrlEndpoint {
    const HEADER: &'static [&'static str] = &["ID", "URL PREFIX", "ORIGINS", "DESCRIPTION"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.url_prefix.clone(),
            table::join(&self.origins),
            self.description.clone(),
        ]
    }
}

impl Listed for NamedTransformation {
    const HEADER: &'static [&'static str] = &["ID", "NAME", "ENABLED", "TRANSFORMATION"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            self.enabled.map(|e| e.to_string()).unwrap_or_default(),
            self.transformation.clone(),
        ]
    }
}

impl Listed for WebhookEndpoint {
    const HEADER: &'static [&'static str] = &["ID", "ENDPOINT", "ENABLED", "EVENTS"];
    const HIDE: &'static [&'static str] = &["secret"];
    fn row(&self) -> Vec<String> {
        let events: Vec<String> = self.events.iter().map(|e| e.to_string()).collect();
        vec![
            self.id.clone(),
            self.endpoint.clone(),
            self.enabled.map(|e| e.to_string()).unwrap_or_default(),
            table::join(&events),
        ]
    }
}

async fn resource<R: Listed>(ik: &ImageKit, command: ResourceCommand, out: Out) -> CmdResult {
    match command {
        ResourceCommand::List => {
            let items = api(ik.send(&List::<R>::new()).await)?;
            out.show(&items, || {
                let mut t = Table::new(R::HEADER);
                for item in &items {
                    t.row(item.row());
                }
                t
            })
        }
        ResourceCommand::Get { id } => {
            let item = api(ik.send(&Get::<R>::new(id)).await)?;
            out.object(&item, R::HIDE)
        }
        ResourceCommand::Delete { id } => {
            api(ik.send(&Delete::<R>::new(id)).await)?;
            out.done("deleted")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_names() {
        assert_eq!(parse_sort("desc-created").unwrap(), ListSort::DescCreated);
        assert_eq!(parse_sort("ASC_NAME").unwrap(), ListSort::AscName);
        assert!(parse_sort("sideways").is_err());
    }

    #[test]
    fn coordinates() {
        assert_eq!(parse_coordinates("10, 20,30,40").unwrap(), "10,20,30,40");
        assert!(parse_coordinates("1,2,3").is_err());
        assert!(parse_coordinates("a,b,c,d").is_err());
    }

    #[test]
    fn folder_paths() {
        assert_eq!(
            split_folder("/a/b/c/").unwrap(),
            ("/a/b".to_string(), "c".to_string())
        );
        assert_eq!(
            split_folder("new").unwrap(),
            ("/".to_string(), "new".to_string())
        );
        assert_eq!(
            split_folder("/top").unwrap(),
            ("/".to_string(), "top".to_string())
        );
        assert!(split_folder("/").is_err());
    }
}
