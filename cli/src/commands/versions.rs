//! File versions: `versions` lists them, `version get|delete|restore` handles one.

use clap::{Args, Subcommand};
use imagekit::api::versions::{
    DeleteFileVersion, GetFileVersion, ListFileVersions, RestoreFileVersion,
};
use imagekit::api::File;
use imagekit::ImageKit;

use super::files::file_table;
use super::values;
use crate::output::{api, CmdResult, Out};
use crate::table::{self, Table};

#[derive(Subcommand)]
pub(crate) enum VersionCommand {
    /// Show one version's details.
    Get(VersionArgs),
    /// Delete a version (not the current one).
    Delete(VersionArgs),
    /// Make a version the current one.
    Restore(VersionArgs),
}

#[derive(Args)]
pub(crate) struct VersionArgs {
    /// The file id.
    #[arg(value_parser = values::id)]
    file_id: String,
    /// The version id.
    #[arg(value_parser = values::id)]
    version_id: String,
}

/// `versions`: a table of the file's versions.
pub(super) async fn list(ik: &ImageKit, id: String, out: Out) -> CmdResult {
    let versions = api(ik.list_file_versions(&ListFileVersions::new(id)).await)?;
    out.show(&versions, || versions_table(&versions))
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

/// `version get|delete|restore`.
pub(super) async fn run(ik: &ImageKit, command: VersionCommand, out: Out) -> CmdResult {
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
