//! The commands, one module per group, and the clap enum and dispatch of those that call the
//! ImageKit API: files, folders, versions, tags, purges, custom metadata fields, account
//! resources and usage. (`url`, `auth-params` and `phash` make no request; main runs them.)
//!
//! Each API command prints a table, or with `--json` one JSON document: the API's answer as the
//! library reads it. A failure prints `error: …` (for an API error: the server's message, the
//! HTTP status and the request id) and exits 1; a partial success (HTTP 207) prints what was
//! done, one `error:` line per item that failed, and exits 1 too. Ctrl-C or SIGTERM during
//! `upload`, `rm` or a `--wait` prints what was done and what was not, and exits 130.

mod bulk;
mod cache;
mod fields;
mod files;
mod folders;
mod resources;
pub(crate) mod responsive;
mod tags;
mod upload;
pub(crate) mod url;
mod usage;
mod values;
mod versions;
mod wait;

use std::time::Duration;

use clap::Subcommand;
use imagekit::api::extensions::SavedExtension;
use imagekit::api::named::NamedTransformation;
use imagekit::api::origins::Origin;
use imagekit::api::url_endpoints::UrlEndpoint;
use imagekit::api::webhooks::WebhookEndpoint;
use imagekit::{ImageKit, Polling};

use crate::config::{self, Keys};
use crate::output::{CmdResult, Out};

#[derive(Subcommand)]
pub(crate) enum ApiCommand {
    /// Upload files, directories (recursively) and http(s) URLs.
    Upload(upload::UploadArgs),
    /// List and search files and folders.
    Ls(files::LsArgs),
    /// Show a file's details.
    Get {
        /// The file id.
        #[arg(value_parser = values::id)]
        id: String,
    },
    /// Change a file's tags, custom coordinates or description.
    Update(files::UpdateArgs),
    /// Delete files: one id is one delete, several a bulk delete that reports each failure.
    Rm {
        /// File ids.
        #[arg(required = true, value_name = "ID", value_parser = values::id)]
        ids: Vec<String>,
    },
    /// Show the metadata (size, format, pHash, EXIF…) of a file or of any URL.
    Metadata {
        /// The file id.
        #[arg(required_unless_present = "url", conflicts_with = "url", value_parser = values::id)]
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
        /// With --wait: give up waiting after this many seconds (default: --timeout when given,
        /// else 300).
        #[arg(long, requires = "wait", value_name = "SECONDS")]
        wait_timeout: Option<u64>,
    },
    /// Show the status of a purge request.
    PurgeStatus {
        /// The purge request id.
        #[arg(value_parser = values::id)]
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
        #[arg(value_parser = values::id)]
        id: String,
    },
    /// Show, delete or restore one version of a file.
    #[command(subcommand)]
    Version(versions::VersionCommand),
    /// Add or remove tags, or remove AI tags, on several files at once.
    #[command(subcommand)]
    Tags(tags::TagsCommand),
    /// Create, delete, copy, move and rename folders.
    #[command(subcommand)]
    Folder(folders::FolderCommand),
    /// Show the status of a folder copy, move or rename job.
    Job {
        /// The job id.
        #[arg(value_parser = values::id)]
        id: String,
        /// Wait until the job is no longer pending.
        #[arg(long)]
        wait: bool,
    },
    /// Custom metadata fields.
    #[command(subcommand)]
    Fields(fields::FieldsCommand),
    /// Saved extensions.
    #[command(subcommand)]
    Extensions(resources::ResourceCommand),
    /// Origins (where ImageKit fetches files from).
    #[command(subcommand)]
    Origins(resources::ResourceCommand),
    /// URL endpoints.
    #[command(subcommand)]
    Endpoints(resources::ResourceCommand),
    /// Named transformations.
    #[command(subcommand)]
    Transformations(resources::ResourceCommand),
    /// Webhook endpoints.
    #[command(subcommand)]
    Webhooks(resources::ResourceCommand),
    /// Account usage (bandwidth, storage, processing units) between two dates.
    Usage(usage::DateRange),
    /// Usage analytics between two dates (beta API).
    Analytics(usage::DateRange),
}

/// Runs an API command on a Tokio runtime (the library's hyper transport needs one).
pub(crate) fn run(command: ApiCommand, keys: &Keys, json: bool) -> CmdResult {
    let timeout = config::timeout(keys)?;
    let ik = config::api_client(keys, timeout)?;
    let runtime = config::runtime()?;
    let out = Out { json };
    runtime.block_on(dispatch(command, &ik, out, timeout))
}

/// Runs `command`; `timeout` is the global `--timeout`, when given, which also bounds each
/// `--wait` as a whole (unless `purge --wait-timeout` is given).
async fn dispatch(
    command: ApiCommand,
    ik: &ImageKit,
    out: Out,
    timeout: Option<Duration>,
) -> CmdResult {
    let waits = timeout.map_or_else(Polling::default, Polling::within);
    match command {
        ApiCommand::Upload(args) => upload::run(ik, args, out).await,
        ApiCommand::Ls(args) => files::ls(ik, args, out).await,
        ApiCommand::Get { id } => files::get(ik, id, out).await,
        ApiCommand::Update(args) => files::update(ik, args, out).await,
        ApiCommand::Rm { ids } => files::rm(ik, ids, out).await,
        ApiCommand::Metadata { id, url } => files::metadata(ik, id, url, out).await,
        ApiCommand::Purge {
            url,
            wait,
            wait_timeout,
        } => {
            let polling = wait_timeout.map_or(waits, |s| Polling::within(Duration::from_secs(s)));
            cache::purge(ik, url, wait.then_some(polling), out).await
        }
        ApiCommand::PurgeStatus { request_id } => cache::status(ik, request_id, out).await,
        ApiCommand::Copy {
            src,
            dest,
            include_versions,
        } => files::copy(ik, src, dest, include_versions, out).await,
        ApiCommand::Move { src, dest } => files::move_file(ik, src, dest, out).await,
        ApiCommand::Rename {
            path,
            new_name,
            purge,
        } => files::rename(ik, path, new_name, purge, out).await,
        ApiCommand::Versions { id } => versions::list(ik, id, out).await,
        ApiCommand::Version(command) => versions::run(ik, command, out).await,
        ApiCommand::Tags(command) => tags::run(ik, command, out).await,
        ApiCommand::Folder(command) => folders::run(ik, command, waits, out).await,
        ApiCommand::Job { id, wait } => folders::job(ik, id, wait.then_some(waits), out).await,
        ApiCommand::Fields(command) => fields::run(ik, command, out).await,
        ApiCommand::Extensions(command) => resources::run::<SavedExtension>(ik, command, out).await,
        ApiCommand::Origins(command) => resources::run::<Origin>(ik, command, out).await,
        ApiCommand::Endpoints(command) => resources::run::<UrlEndpoint>(ik, command, out).await,
        ApiCommand::Transformations(command) => {
            resources::run::<NamedTransformation>(ik, command, out).await
        }
        ApiCommand::Webhooks(command) => resources::run::<WebhookEndpoint>(ik, command, out).await,
        ApiCommand::Usage(range) => usage::usage(ik, range, out).await,
        ApiCommand::Analytics(range) => usage::analytics(ik, range, out).await,
    }
}
