//! Files: `ls`, `get`, `update`, `rm`, `metadata`, `copy`, `move` and `rename`, and the
//! `FIELD VALUE` table of a file's details (which `version get` shows too).

use clap::{Args, ValueEnum};
use imagekit::api::files::{
    BulkDeleteResult, BulkFileDelete, CopyFile, DeleteFile, GetFileDetails, ListAssetType,
    ListFileType, ListFiles, ListSort, MoveFile, RenameFile, UpdateFileDetails,
};
use imagekit::api::metadata::{GetFileMetadata, GetRemoteFileUrlMetadata};
use imagekit::api::{Asset, File, Outcome};
use imagekit::{FileStream, ImageKit};

use super::bulk::{report_bulk, Failures};
use super::values;
use crate::interrupt::{Interrupt, GRACE};
use crate::output::{api, json_text, message, print_part, CmdResult, Out};
use crate::table::{self, Table};

#[derive(Args)]
pub(crate) struct LsArgs {
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
    /// Every result, fetched a page of 1,000 at a time and printed as it comes (give --sort
    /// for an order that stays put while pages are fetched).
    #[arg(long, conflicts_with = "limit")]
    all: bool,
    /// With --all: at most this many results in all.
    #[arg(long, requires = "all", value_name = "N")]
    max: Option<u64>,
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
pub(crate) struct UpdateArgs {
    /// The file id.
    #[arg(value_parser = values::id)]
    id: String,
    /// Replace the tags (comma-separated; --clear-tags removes them all).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "a,b",
        value_parser = values::tag,
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

/// `ls`.
pub(super) async fn ls(ik: &ImageKit, args: LsArgs, out: Out) -> CmdResult {
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
    if args.all {
        let mut stream = ik.list_all_files(list);
        if let Some(max) = args.max {
            stream = stream.max_items(max);
        }
        return ls_all(stream, out).await;
    }
    let assets = api(ik.list_files(&list).await)?;
    out.show(&assets, || {
        let mut t = Table::new(&LS_COLUMNS);
        for asset in &assets {
            t.row(asset_row(asset));
        }
        t
    })
}

/// The columns of `ls`.
const LS_COLUMNS: [&str; 5] = ["TYPE", "ID", "PATH", "SIZE", "CREATED"];

/// A file or folder as a row of `ls`.
fn asset_row(asset: &Asset) -> [String; 5] {
    match asset {
        Asset::File(f) => [
            f.asset_type
                .as_ref()
                .map_or("file".to_string(), |t| t.to_string()),
            f.file_id.clone(),
            f.file_path.clone(),
            f.size.map(table::bytes).unwrap_or_default(),
            f.created_at.clone().unwrap_or_default(),
        ],
        Asset::Folder(d) => [
            "folder".to_string(),
            d.folder_id.clone(),
            d.folder_path.clone(),
            String::new(),
            d.created_at.clone().unwrap_or_default(),
        ],
    }
}

/// How many results `ls --all` prints at once (and holds at most).
const PRINT_BATCH: usize = 1000;

/// `ls --all`: the results printed a batch at a time as pages arrive, so memory stays bounded
/// however many there are: a table keeps the column widths of its first batch; `--json` writes
/// one JSON array, closed even when a page fails (the error follows on stderr).
async fn ls_all(mut stream: FileStream, out: Out) -> CmdResult {
    let mut widths = None;
    let mut printed = 0usize;
    loop {
        let mut batch = Vec::with_capacity(PRINT_BATCH);
        let mut failure = None;
        while batch.len() < PRINT_BATCH {
            match stream.next().await {
                Some(Ok(asset)) => batch.push(asset),
                Some(Err(e)) => {
                    failure = Some(message(&e));
                    break;
                }
                None => break,
            }
        }
        let last = failure.is_some() || batch.len() < PRINT_BATCH;
        let mut text = String::new();
        if out.json {
            for asset in &batch {
                text.push(if printed == 0 { '[' } else { ',' });
                text.push_str(&json_text(asset)?);
                printed += 1;
            }
            if last {
                text.push_str(if printed == 0 { "[]\n" } else { "]\n" });
            }
        } else {
            let mut t = Table::new(&LS_COLUMNS);
            for asset in &batch {
                t.row(asset_row(asset));
            }
            let header = widths.is_none();
            let columns = widths.get_or_insert_with(|| t.widths());
            text = t.render_with(columns, header);
        }
        let reader_gone = !print_part(&text)?;
        if let Some(failure) = failure {
            return Err(failure.into());
        }
        // `ls --all | head`: no more pages for a reader that has gone.
        if last || reader_gone {
            return Ok(());
        }
    }
}

/// `get`.
pub(super) async fn get(ik: &ImageKit, id: String, out: Out) -> CmdResult {
    let file = api(ik.get_file_details(&GetFileDetails::new(id)).await)?;
    out.show(&file, || file_table(&file))
}

/// A file's details as a `FIELD VALUE` table (embedded and custom metadata: see --json).
pub(super) fn file_table(f: &File) -> Table {
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

/// `update`: fails before any request when no change is given.
pub(super) async fn update(ik: &ImageKit, args: UpdateArgs, out: Out) -> CmdResult {
    let mut update = UpdateFileDetails::new(args.id);
    let mut changed = false;
    if let Some(tags) = args.tags {
        update = update.tags(tags);
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
                .to_string()
                .into(),
        );
    }
    let file = api(ik.update_file_details(&update).await)?;
    out.show(&file, || file_table(&file))
}

/// The largest batch the bulk delete takes.
const DELETE_BATCH: usize = 100;

/// `rm`: one id is one delete, more are bulk deletes of `DELETE_BATCH` ids each. After Ctrl-C
/// or SIGTERM no batch is sent, the one in flight gets the grace period, and the report says
/// which ids were sent with no answer and which were not sent.
pub(super) async fn rm(ik: &ImageKit, ids: Vec<String>, out: Out) -> CmdResult {
    let mut interrupt = Interrupt::install(GRACE, None)?;
    let mut done = Vec::new();
    let mut failed = Failures::default();
    let mut answered = 0;
    let mut unanswered: &[String] = &[];
    for batch in ids.chunks(DELETE_BATCH) {
        if interrupt.signalled() {
            break;
        }
        let Some(result) = interrupt.run(delete(ik, batch, ids.len() > 1)).await else {
            unanswered = batch;
            break;
        };
        let result = api(result)?;
        done.extend(result.successfully_deleted_file_ids);
        failed.extend(&result.errors)?;
        answered += batch.len();
    }
    if interrupt.signalled() {
        failed.interrupted(unanswered, &ids[answered + unanswered.len()..]);
    }
    report_bulk(out, "successfullyDeletedFileIds", done, failed, "deleted")
}

/// Deletes the files of `batch`: with a bulk delete, or else with one delete of its only id.
async fn delete(
    ik: &ImageKit,
    batch: &[String],
    bulk: bool,
) -> Result<BulkDeleteResult, imagekit::Error> {
    if let (false, [id]) = (bulk, batch) {
        ik.delete_file(&DeleteFile::new(id.clone())).await?;
        return Ok(BulkDeleteResult {
            successfully_deleted_file_ids: batch.to_vec(),
            ..BulkDeleteResult::default()
        });
    }
    match ik
        .bulk_file_delete(&BulkFileDelete::new(batch.to_vec()))
        .await?
    {
        Outcome::Complete(r) | Outcome::Partial(r) => Ok(r),
    }
}

/// `metadata`: of a file by id, or of any URL with `--url`.
pub(super) async fn metadata(
    ik: &ImageKit,
    id: Option<String>,
    url: Option<String>,
    out: Out,
) -> CmdResult {
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

/// `copy`.
pub(super) async fn copy(
    ik: &ImageKit,
    src: String,
    dest: String,
    include_versions: bool,
    out: Out,
) -> CmdResult {
    let mut copy = CopyFile::new(src, dest);
    if include_versions {
        copy = copy.include_file_versions(true);
    }
    api(ik.copy_file(&copy).await)?;
    out.done("copied")
}

/// `move` (a keyword, hence the function's name).
pub(super) async fn move_file(ik: &ImageKit, src: String, dest: String, out: Out) -> CmdResult {
    api(ik.move_file(&MoveFile::new(src, dest)).await)?;
    out.done("moved")
}

/// `rename`: with `--purge`, a failed purge is a partial success.
pub(super) async fn rename(
    ik: &ImageKit,
    path: String,
    new_name: String,
    purge: bool,
    out: Out,
) -> CmdResult {
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
            )
            .into())
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
}
