//! Folders: `folder create|delete|copy|move|rename`, and `job`, the status of the bulk jobs that
//! copy, move and rename start.

use clap::Subcommand;
use imagekit::api::folders::{
    BulkJob, CopyFolder, CreateFolder, DeleteFolder, GetBulkJobStatus, MoveFolder, RenameFolder,
};
use imagekit::api::Outcome;
use imagekit::{ImageKit, Polling};

use super::wait::{unless_interrupted, with_spinner};
use crate::output::{api, CmdResult, Out};

#[derive(Subcommand)]
pub(crate) enum FolderCommand {
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

/// `folder …`; copy, move and rename start a job, shown or, with `--wait`, waited for as
/// `waits` says.
pub(super) async fn run(
    ik: &ImageKit,
    command: FolderCommand,
    waits: Polling,
    out: Out,
) -> CmdResult {
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
        job(ik, started.job_id, Some(waits), out).await
    } else {
        show_job(&started, out)
    }
}

fn show_job(started: &BulkJob, out: Out) -> CmdResult {
    out.object(started, &[])
}

/// `job`: a bulk job's status; with `--wait` (`wait`: how), once it is no longer pending.
pub(super) async fn job(ik: &ImageKit, id: String, wait: Option<Polling>, out: Out) -> CmdResult {
    let outcome = if let Some(polling) = wait {
        let what = format!("job {id}");
        let waiting = with_spinner(&what, ik.wait_for_bulk_job(&id, polling));
        unless_interrupted(waiting, out, ("jobId", &id), "imagekit job").await?
    } else {
        api(ik
            .get_bulk_job_status(&GetBulkJobStatus::new(id.clone()))
            .await)?
    };
    match outcome {
        Outcome::Complete(status) => out.object(&status, &[]),
        Outcome::Partial(status) => {
            out.object(&status, &[])?;
            Err(format!(
                "job {id} partly failed: {}",
                status.message.as_deref().unwrap_or("no message")
            )
            .into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
