//! `tags add|remove|remove-ai` on many files at once, and the cleaning of every `--tags` list.

use clap::{Args, Subcommand};
use imagekit::api::tags::{AddTags, RemoveAiTags, RemoveTags, TagsResult};
use imagekit::api::Outcome;
use imagekit::ImageKit;

use super::bulk::{report_bulk, Failures};
use crate::output::{api, CmdResult, Out};

#[derive(Subcommand)]
pub(crate) enum TagsCommand {
    /// Add tags to files.
    Add(TagsArgs),
    /// Remove tags from files.
    Remove(TagsArgs),
    /// Remove AI tags from files.
    RemoveAi(TagsArgs),
}

#[derive(Args)]
pub(crate) struct TagsArgs {
    /// File ids.
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
    /// The tags (comma-separated).
    #[arg(long, required = true, value_delimiter = ',', value_name = "a,b")]
    tags: Vec<String>,
}

/// The largest batch the bulk tag operations take.
const TAGS_BATCH: usize = 50;

/// `tags add|remove|remove-ai`, in batches of `TAGS_BATCH` files.
pub(super) async fn run(ik: &ImageKit, command: TagsCommand, out: Out) -> CmdResult {
    let (args, verb) = match &command {
        TagsCommand::Add(a) => (a, "tagged"),
        TagsCommand::Remove(a) => (a, "untagged"),
        TagsCommand::RemoveAi(a) => (a, "AI tags removed"),
    };
    let tags = clean_list(args.tags.clone());
    if tags.is_empty() {
        return Err("--tags names no tag".to_string().into());
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

/// Comma-separated values trimmed, empty ones left out.
pub(super) fn clean_list(items: Vec<String>) -> Vec<String> {
    items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}
