//! `imagekit upload`: files, directories (recursively) and URLs, N at a time, with a progress
//! bar on a terminal and a summary at the end.
//!
//! A directory's files keep their place relative to it: `upload photos --folder /p` puts
//! `photos/a/b.jpg` in `/p/a` (the directory's contents go under the folder, as `rsync photos/`
//! would). Symbolic links to files are followed; links to directories are skipped (a loop could
//! never end). Every input is checked before the first upload: a path that does not exist
//! uploads nothing.

use std::fs;
use std::path::{Path, PathBuf};

use clap::Args;
use imagekit::api::upload::{UploadFile, UploadOptions, UploadResult, UploadSource};
use imagekit::ImageKit;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{json, Value};
use tokio::task::JoinSet;

use super::tags::clean_list;
use crate::config;
use crate::output::{message, print, print_json, to_value, CmdResult, Out};
use crate::table::Table;
use crate::text;

#[derive(Args)]
pub(crate) struct UploadArgs {
    /// Files, directories (uploaded recursively) and http(s) URLs.
    #[arg(required = true, value_name = "FILE_OR_DIR_OR_URL")]
    sources: Vec<String>,
    /// The folder to upload into (a directory's subfolders are kept under it).
    #[arg(long, value_name = "F")]
    folder: Option<String>,
    /// Tags for every file (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "a,b")]
    tags: Vec<String>,
    /// Keep the file names as they are (a file of the same name is replaced) instead of adding
    /// a unique suffix.
    #[arg(long)]
    no_unique_name: bool,
    /// How many uploads run at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64), value_name = "N")]
    jobs: u16,
}

/// One upload to make.
struct Item {
    /// The input as the user sees it: a path or a URL.
    label: String,
    source: UploadSource,
    name: String,
    folder: Option<String>,
}

fn is_url(text: &str) -> bool {
    config::http_url(text).is_some()
}

/// The last segment of a URL's path, without query or fragment (`file` when there is none).
fn url_file_name(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.split(['?', '#']).next().unwrap_or("");
    match path.split_once('/') {
        Some((_, path)) => path
            .rsplit('/')
            .find(|s| !s.is_empty())
            .unwrap_or("file")
            .to_string(),
        None => "file".to_string(),
    }
}

/// `base` and a relative directory joined with `/`; `None` for the root with no `--folder`.
fn join_folder(base: Option<&str>, relative: &[String]) -> Option<String> {
    if relative.is_empty() {
        return base.map(str::to_string);
    }
    let base = base.unwrap_or("").trim_end_matches('/');
    Some(format!("{base}/{}", relative.join("/")))
}

/// Every file under `dir`, in name order, with its directory relative to the walk's root.
fn walk(
    dir: &Path,
    relative: &mut Vec<String>,
    found: &mut Vec<(PathBuf, Vec<String>)>,
) -> Result<(), String> {
    let mut entries = fs::read_dir(dir)
        .and_then(|entries| entries.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("cannot read the directory {}: {e}", dir.display()))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if kind.is_dir() {
            relative.push(entry.file_name().to_string_lossy().into_owned());
            walk(&path, relative, found)?;
            relative.pop();
        } else if kind.is_file() {
            found.push((path, relative.clone()));
        } else if kind.is_symlink() {
            match fs::metadata(&path) {
                Ok(target) if target.is_file() => found.push((path, relative.clone())),
                Ok(target) if target.is_dir() => eprintln!(
                    "warning: skipping {}: a link to a directory",
                    text::safe(&path.display().to_string())
                ),
                _ => eprintln!(
                    "warning: skipping {}: a link to nothing readable",
                    text::safe(&path.display().to_string())
                ),
            }
        }
    }
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string())
}

/// The uploads the inputs stand for, or why one of them cannot be read.
fn collect(args: &UploadArgs) -> Result<Vec<Item>, String> {
    let folder = args.folder.as_deref().filter(|f| !f.is_empty());
    let mut items = Vec::new();
    for source in &args.sources {
        if is_url(source) {
            items.push(Item {
                label: source.clone(),
                source: UploadSource::Url(source.clone()),
                name: url_file_name(source),
                folder: folder.map(str::to_string),
            });
            continue;
        }
        let path = PathBuf::from(source);
        let meta = fs::metadata(&path).map_err(|e| format!("{source}: {e}"))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(&path, &mut Vec::new(), &mut found)?;
            for (file, relative) in found {
                items.push(Item {
                    label: file.display().to_string(),
                    name: file_name(&file),
                    source: UploadSource::File(file),
                    folder: join_folder(folder, &relative),
                });
            }
        } else {
            items.push(Item {
                label: source.clone(),
                name: file_name(&path),
                source: UploadSource::File(path),
                folder: folder.map(str::to_string),
            });
        }
    }
    Ok(items)
}

pub(super) async fn run(ik: &ImageKit, args: UploadArgs, out: Out) -> CmdResult {
    let items = collect(&args)?;
    let mut options = UploadOptions::new();
    let tags = clean_list(args.tags.clone());
    if !tags.is_empty() {
        options = options.tags(tags);
    }
    if args.no_unique_name {
        options = options.use_unique_file_name(false);
    }

    // Drawn only when stderr is a terminal: indicatif hides the bar otherwise, so piped
    // output carries no control characters.
    let bar = ProgressBar::with_draw_target(Some(items.len() as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} uploaded {wide_msg}")
            .unwrap()
            .progress_chars("=> "),
    );
    bar.tick();

    let jobs = usize::from(args.jobs);
    let mut results: Vec<Option<Result<UploadResult, imagekit::Error>>> = Vec::new();
    results.resize_with(items.len(), || None);
    let mut running = JoinSet::new();
    let mut next = 0;
    while next < items.len() || !running.is_empty() {
        while next < items.len() && running.len() < jobs {
            let item = &items[next];
            let mut upload =
                UploadFile::new(item.source.clone(), item.name.clone()).options(options.clone());
            if let Some(folder) = &item.folder {
                upload.options.folder = Some(folder.clone());
            }
            let ik = ik.clone();
            let index = next;
            running.spawn(async move { (index, ik.upload(&upload).await) });
            next += 1;
        }
        if let Some(joined) = running.join_next().await {
            let (index, result) = joined.map_err(|e| format!("an upload task failed: {e}"))?;
            bar.inc(1);
            bar.set_message(text::safe(&items[index].label));
            results[index] = Some(result);
        }
    }
    bar.finish_and_clear();

    let mut uploaded = Vec::new();
    let mut failed = Vec::new();
    for (item, result) in items.iter().zip(results) {
        match result.expect("every upload was joined") {
            Ok(result) => uploaded.push((item, result)),
            Err(e) => failed.push((item, e)),
        }
    }

    if out.json {
        let mut done = Vec::new();
        for (item, result) in &uploaded {
            let (key, value) = match result {
                UploadResult::Uploaded(file) => ("file", to_value(&**file)?),
                UploadResult::Queued(queued) => ("queued", to_value(queued)?),
            };
            done.push(json!({"source": item.label, key: value}));
        }
        let errors: Vec<Value> = failed
            .iter()
            .map(|(item, e)| {
                json!({
                    "source": item.label,
                    "error": e.to_string(),
                    "message": e.message(),
                    "status": e.status().map(|s| s.as_u16()),
                    "requestId": e.request_id(),
                })
            })
            .collect();
        print_json(&json!({"uploaded": done, "failed": errors}))?;
    } else {
        let mut t = Table::new(&["SOURCE", "FILE ID", "PATH"]);
        for (item, result) in &uploaded {
            match result {
                UploadResult::Uploaded(file) => t.row([
                    item.label.clone(),
                    file.file_id.clone(),
                    file.file_path.clone(),
                ]),
                UploadResult::Queued(queued) => t.row([
                    item.label.clone(),
                    String::new(),
                    format!(
                        "queued: {}",
                        queued.message.as_deref().unwrap_or("processing")
                    ),
                ]),
            }
        }
        let mut text = String::new();
        if !uploaded.is_empty() {
            text.push_str(&t.render());
        }
        text.push_str(&format!(
            "uploaded {}, failed {}\n",
            uploaded.len(),
            failed.len()
        ));
        print(&text)?;
    }

    for (item, e) in &failed {
        eprintln!(
            "error: {}: {}",
            text::safe(&item.label),
            text::safe(&message(e))
        );
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} of {} uploads failed",
            failed.len(),
            items.len()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_names() {
        assert_eq!(url_file_name("https://example.com/a/b.jpg?x=1"), "b.jpg");
        assert_eq!(url_file_name("https://example.com/a/b/#frag"), "b");
        assert_eq!(url_file_name("https://example.com"), "file");
        assert!(is_url("HTTPS://x/y") && !is_url("./https"));
    }

    #[test]
    fn folders() {
        assert_eq!(join_folder(None, &[]), None);
        assert_eq!(join_folder(Some("/p"), &[]).as_deref(), Some("/p"));
        let rel = vec!["a".to_string(), "b".to_string()];
        assert_eq!(join_folder(Some("/p/"), &rel).as_deref(), Some("/p/a/b"));
        assert_eq!(join_folder(None, &rel).as_deref(), Some("/a/b"));
    }
}
