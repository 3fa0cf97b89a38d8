//! `imagekit upload`: files, directories (recursively) and URLs, N at a time, with a progress
//! bar on a terminal and a summary at the end.
//!
//! A directory's files keep their place relative to it: `upload photos --folder /p` puts
//! `photos/a/b.jpg` in `/p/a` (the directory's contents go under the folder, as `rsync photos/`
//! would). Only regular files are uploaded, and symbolic links inside a directory only when
//! they stay in it (see [`select`]). Every input is checked before the first upload: a path that
//! does not exist, or is a FIFO, device or socket, uploads nothing. A file given by a name that
//! is not UTF-8 fails (ImageKit names are text) while the others upload.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use clap::Args;
use imagekit::api::upload::{UploadFile, UploadOptions, UploadResult, UploadSource};
use imagekit::{ImageKit, InputError};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{json, Value};
use tokio::task::JoinSet;

use super::values;
use crate::config;
use crate::interrupt::{Interrupt, GRACE};
use crate::output::{message, print, print_json, to_value, CmdResult, Failure, Out};
use crate::table::Table;
use crate::text;
use select::{Argument, Chosen};

mod select;

#[derive(Args)]
pub(crate) struct UploadArgs {
    /// Files, directories (uploaded recursively) and http(s) URLs. Only regular files are
    /// uploaded: a FIFO, device or socket is refused (inside a directory, skipped with a
    /// warning). A file whose name is not UTF-8 fails (inside a directory, is skipped).
    #[arg(required = true, value_name = "FILE_OR_DIR_OR_URL")]
    sources: Vec<OsString>,
    /// The folder to upload into (a directory's subfolders are kept under it).
    #[arg(long, value_name = "F")]
    folder: Option<String>,
    /// Tags for every file (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "a,b", value_parser = values::tag)]
    tags: Vec<String>,
    /// Keep the file names as they are (a file of the same name is replaced) instead of adding
    /// a unique suffix.
    #[arg(long)]
    no_unique_name: bool,
    /// How many uploads run at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64), value_name = "N")]
    jobs: u16,
    /// Upload what symbolic links inside a directory point to even outside it (links to
    /// directories are still skipped).
    #[arg(long)]
    follow_symlinks: bool,
}

/// One upload to make.
struct Item {
    /// The input as the user sees it: a path or a URL.
    label: String,
    source: Source,
    name: String,
    folder: Option<String>,
}

/// What an upload sends.
enum Source {
    Url(String),
    File(Chosen),
    /// A file that cannot be uploaded, and why: it fails without a request.
    Refused(String),
}

impl Item {
    /// The upload to make, opening its file now (so only the files being sent are open), or
    /// why it cannot be made.
    fn upload(&self, options: &UploadOptions) -> Result<UploadFile, imagekit::Error> {
        let refused = |why| imagekit::Error::from(InputError::InvalidRequest(why));
        let source = match &self.source {
            Source::Url(url) => UploadSource::Url(url.clone()),
            Source::File(file) => UploadSource::open_file(file.open().map_err(refused)?),
            Source::Refused(why) => return Err(refused(why.clone())),
        };
        let mut upload = UploadFile::new(source, self.name.clone()).options(options.clone());
        if let Some(folder) = &self.folder {
            upload.options.folder = Some(folder.clone());
        }
        Ok(upload)
    }
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

/// The uploads the inputs stand for, or why one of them cannot be uploaded.
fn collect(args: &UploadArgs) -> Result<Vec<Item>, String> {
    let folder = args.folder.as_deref().filter(|f| !f.is_empty());
    let mut items = Vec::new();
    for source in &args.sources {
        if let Some(url) = source.to_str().filter(|s| is_url(s)) {
            items.push(Item {
                label: url.to_string(),
                source: Source::Url(url.to_string()),
                name: url_file_name(url),
                folder: folder.map(str::to_string),
            });
            continue;
        }
        let path = Path::new(source);
        match select::argument(path)? {
            Argument::Directory => {
                for found in select::walk(path, args.follow_symlinks)? {
                    items.push(Item {
                        label: select::shown(&found.file.path),
                        name: found.name,
                        source: Source::File(found.file),
                        folder: join_folder(folder, &found.relative),
                    });
                }
            }
            Argument::File(file) => {
                let name = path.file_name().and_then(OsStr::to_str);
                items.push(Item {
                    label: select::shown(path),
                    name: name.unwrap_or_default().to_string(),
                    source: match name {
                        Some(_) => Source::File(file),
                        None => Source::Refused("its name is not UTF-8".to_string()),
                    },
                    folder: folder.map(str::to_string),
                });
            }
        }
    }
    Ok(items)
}

pub(super) async fn run(ik: &ImageKit, args: UploadArgs, out: Out) -> CmdResult {
    let items = collect(&args)?;
    let mut options = UploadOptions::new();
    if !args.tags.is_empty() {
        options = options.tags(args.tags.clone());
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
    let mut interrupt = Interrupt::install(GRACE, Some(&bar))?;
    let mut running = JoinSet::new();
    let mut next = 0;
    loop {
        while next < items.len() && running.len() < jobs && !interrupt.signalled() {
            let upload = items[next].upload(&options);
            let ik = ik.clone();
            let index = next;
            running.spawn(async move {
                let result = match upload {
                    Ok(upload) => ik.upload(&upload).await,
                    Err(e) => Err(e),
                };
                (index, result)
            });
            next += 1;
        }
        // Nothing running: all done, or a signal stopped new uploads; or given up on.
        let Some(Some(joined)) = interrupt.run(running.join_next()).await else {
            break;
        };
        let (index, result) = joined.map_err(|e| format!("an upload task failed: {e}"))?;
        bar.inc(1);
        bar.set_message(text::safe(&items[index].label));
        results[index] = Some(result);
    }
    // The uploads still in flight once given up on.
    running.abort_all();
    bar.finish_and_clear();

    let mut uploaded = Vec::new();
    let mut failed = Vec::new();
    let mut stopped = Vec::new();
    for (index, (item, result)) in items.iter().zip(results).enumerate() {
        match result {
            Some(Ok(result)) => uploaded.push((item, result)),
            Some(Err(e)) => failed.push((item, e)),
            None if index < next => stopped.push(item.label.as_str()),
            // Not started: items[next..].
            None => {}
        }
    }
    let not_started: Vec<&str> = items[next..].iter().map(|i| i.label.as_str()).collect();
    let interrupted = interrupt.signalled();

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
        let mut doc = json!({"uploaded": done, "failed": errors});
        if interrupted {
            doc["interrupted"] = json!(true);
            doc["aborted"] = json!(stopped);
            doc["notStarted"] = json!(not_started);
        }
        print_json(&doc)?;
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
        for label in &stopped {
            t.row([*label, "", "interrupted: may or may not be on ImageKit"]);
        }
        for label in &not_started {
            t.row([*label, "", "not started"]);
        }
        let mut text = String::new();
        if !uploaded.is_empty() || !stopped.is_empty() || !not_started.is_empty() {
            text.push_str(&t.render());
        }
        let summary = format!("uploaded {}, failed {}", uploaded.len(), failed.len());
        text.push_str(&if interrupted {
            format!(
                "interrupted: {summary}, in flight when stopped {}, not started {}\n",
                stopped.len(),
                not_started.len()
            )
        } else {
            format!("{summary}\n")
        });
        print(&text)?;
    }

    for (item, e) in &failed {
        eprintln!(
            "error: {}: {}",
            text::safe(&item.label),
            text::safe(&message(e))
        );
    }
    if interrupted {
        let mut message = format!("not started: {}", not_started.len());
        if !stopped.is_empty() {
            message = format!(
                "stopped in flight: {} (may or may not be on ImageKit); {message}",
                stopped.len()
            );
        }
        Err(Failure::Interrupted(message))
    } else if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("{} of {} uploads failed", failed.len(), items.len()).into())
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
