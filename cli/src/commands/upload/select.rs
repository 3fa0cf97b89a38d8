//! Which files `upload` reads, and opening exactly those.
//!
//! Only regular files are uploaded. A FIFO, device or socket given as an argument is an error
//! (and nothing is uploaded); one met in a directory walk is skipped with a warning.
//!
//! A symbolic link given as an argument is followed, since the user named it: a link to a
//! regular file is uploaded under the link's name, a link to a directory is walked. Inside a
//! walk, a link is uploaded when it resolves to a regular file under the walk's root (the
//! directory given, its links resolved), or anywhere with `--follow-symlinks`; other links are
//! skipped with a warning, and links to directories always are (a loop could never end).
//!
//! The names under a walk's root become ImageKit file and folder names, so they must be
//! UTF-8: a file or directory named otherwise is skipped with a warning.
//!
//! A file is opened only when its upload starts, without following a link unless it was
//! chosen through one, and without waiting (opening a FIFO put in its place would wait for a
//! writer). The open handle must be a regular file with the identity (device and inode) the
//! file had when it was chosen, else that upload fails; the upload reads that handle, never
//! the path again. Outside Unix the open follows links and checks only that it is a regular
//! file.

use std::fs::{self, File, FileType, Metadata, OpenOptions};
use std::path::{Path, PathBuf};

/// A regular file chosen for upload, with what it was when chosen.
pub(super) struct Chosen {
    pub(super) path: PathBuf,
    /// Chosen through a symbolic link, which the open follows.
    follow: bool,
    identity: Identity,
}

/// What a path given as an argument is.
pub(super) enum Argument {
    Directory,
    File(Chosen),
}

/// A file found by [`walk`]: its name and its directory relative to the root.
pub(super) struct Found {
    pub(super) file: Chosen,
    pub(super) name: String,
    pub(super) relative: Vec<String>,
}

/// `path` for messages: control characters escaped (`text::safe`), bytes that are not UTF-8 as
/// `\xNN`.
pub(super) fn shown(path: &Path) -> String {
    let mut text = String::new();
    for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
        text.push_str(&crate::text::safe(chunk.valid()));
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02X}"));
        }
    }
    text
}

/// A directory to walk or a regular file (a link to either is followed); anything else, or a
/// path that cannot be read, is an error naming the path.
pub(super) fn argument(path: &Path) -> Result<Argument, String> {
    let cannot = |e: std::io::Error| format!("{}: {e}", shown(path));
    let link = fs::symlink_metadata(path).map_err(cannot)?;
    let follow = link.is_symlink();
    let meta = if follow {
        fs::metadata(path).map_err(cannot)?
    } else {
        link
    };
    if meta.is_dir() {
        Ok(Argument::Directory)
    } else if meta.is_file() {
        Ok(Argument::File(Chosen {
            path: path.to_path_buf(),
            follow,
            identity: identity(&meta),
        }))
    } else {
        Err(format!(
            "{}: {}, not a regular file or a directory",
            shown(path),
            kind(meta.file_type())
        ))
    }
}

/// Every regular file under `root`, in name order, with a warning on stderr for each entry
/// skipped; links as the module docs say (`follow_symlinks`: to regular files anywhere).
pub(super) fn walk(root: &Path, follow_symlinks: bool) -> Result<Vec<Found>, String> {
    let walk = Walk {
        root: fs::canonicalize(root)
            .map_err(|e| format!("cannot read the directory {}: {e}", shown(root)))?,
        given: root,
        follow_symlinks,
    };
    let mut found = Vec::new();
    walk.visit(root, &mut Vec::new(), &mut found)?;
    Ok(found)
}

struct Walk<'a> {
    /// The root with its links resolved, which links must resolve under.
    root: PathBuf,
    /// The root as given, for messages.
    given: &'a Path,
    follow_symlinks: bool,
}

impl Walk<'_> {
    fn visit(
        &self,
        dir: &Path,
        relative: &mut Vec<String>,
        found: &mut Vec<Found>,
    ) -> Result<(), String> {
        let mut entries = fs::read_dir(dir)
            .and_then(|entries| entries.collect::<Result<Vec<_>, _>>())
            .map_err(|e| format!("cannot read the directory {}: {e}", shown(dir)))?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let Ok(name) = entry.file_name().into_string() else {
                skip(&path, "its name is not UTF-8");
                continue;
            };
            // Of the entry itself: a link is not followed here.
            let meta = entry
                .metadata()
                .map_err(|e| format!("cannot read {}: {e}", shown(&path)))?;
            let file = if meta.is_dir() {
                relative.push(name);
                self.visit(&path, relative, found)?;
                relative.pop();
                continue;
            } else if meta.is_file() {
                Chosen {
                    path,
                    follow: false,
                    identity: identity(&meta),
                }
            } else if meta.is_symlink() {
                match self.link(&path) {
                    Ok(file) => file,
                    Err(why) => {
                        skip(&path, &why);
                        continue;
                    }
                }
            } else {
                skip(
                    &path,
                    &format!("{}, not a regular file", kind(meta.file_type())),
                );
                continue;
            };
            found.push(Found {
                file,
                name,
                relative: relative.clone(),
            });
        }
        Ok(())
    }

    /// The regular file the link at `path` resolves to, or why it is skipped.
    fn link(&self, path: &Path) -> Result<Chosen, String> {
        let unreadable = |_| "a link to nothing readable".to_string();
        let target = fs::canonicalize(path).map_err(unreadable)?;
        let meta = fs::metadata(&target).map_err(unreadable)?;
        if meta.is_dir() {
            return Err("a link to a directory".to_string());
        }
        if !meta.is_file() {
            return Err(format!("a link to {}", kind(meta.file_type())));
        }
        if !self.follow_symlinks && !target.starts_with(&self.root) {
            return Err(format!(
                "a link to {}, outside {} (--follow-symlinks uploads it)",
                shown(&target),
                shown(self.given)
            ));
        }
        Ok(Chosen {
            path: path.to_path_buf(),
            follow: true,
            identity: identity(&meta),
        })
    }
}

fn skip(path: &Path, why: &str) {
    eprintln!("warning: skipping {}: {why}", shown(path));
}

impl Chosen {
    /// The file, opened without waiting, checked to be the regular file chosen; else what is
    /// wrong with it.
    pub(super) fn open(&self) -> Result<File, String> {
        let file = open_options(self.follow).open(&self.path).map_err(|e| {
            match fs::symlink_metadata(&self.path) {
                Ok(now) if now.is_symlink() && !self.follow => {
                    "it was replaced by a symbolic link since it was chosen".to_string()
                }
                _ => format!("cannot open it: {e}"),
            }
        })?;
        let meta = file
            .metadata()
            .map_err(|e| format!("cannot read it: {e}"))?;
        if !meta.is_file() {
            return Err(format!(
                "it is now {}, not a regular file",
                kind(meta.file_type())
            ));
        }
        if identity(&meta) != self.identity {
            return Err("it was replaced by another file since it was chosen".to_string());
        }
        Ok(file)
    }
}

/// What tells one file from another: its device and inode.
#[cfg(unix)]
#[derive(PartialEq)]
struct Identity(u64, u64);

#[cfg(unix)]
fn identity(meta: &Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    Identity(meta.dev(), meta.ino())
}

/// Read-only; `O_NONBLOCK` so a FIFO does not wait for a writer (reads of a regular file
/// ignore it); `O_NOFOLLOW` unless the file was chosen through a link.
#[cfg(unix)]
fn open_options(follow: bool) -> OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
    let mut options = OpenOptions::new();
    options.read(true).custom_flags(libc::O_NONBLOCK | nofollow);
    options
}

/// What a file that is neither regular nor a directory is.
#[cfg(unix)]
fn kind(kind: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

/// No identity is checked outside Unix.
#[cfg(not(unix))]
#[derive(PartialEq)]
struct Identity;

#[cfg(not(unix))]
fn identity(_: &Metadata) -> Identity {
    Identity
}

#[cfg(not(unix))]
fn open_options(_: bool) -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true);
    options
}

#[cfg(not(unix))]
fn kind(kind: FileType) -> &'static str {
    if kind.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("imagekit-select-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_file_swapped_for_a_link_or_a_fifo_after_the_walk_is_refused() {
        let dir = scratch("swap");
        fs::write(dir.join("a.jpg"), b"abc").unwrap();
        fs::write(dir.join("elsewhere.txt"), b"secret").unwrap();
        let found = walk(&dir, false).unwrap();
        let file = &found.iter().find(|f| f.name == "a.jpg").unwrap().file;
        fs::remove_file(dir.join("a.jpg")).unwrap();
        std::os::unix::fs::symlink(dir.join("elsewhere.txt"), dir.join("a.jpg")).unwrap();
        let err = file.open().unwrap_err();
        assert_eq!(
            err,
            "it was replaced by a symbolic link since it was chosen"
        );
        // A FIFO in its place is refused without waiting for a writer.
        fs::remove_file(dir.join("a.jpg")).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(dir.join("a.jpg"))
            .status()
            .unwrap();
        assert!(status.success());
        let err = file.open().unwrap_err();
        assert_eq!(err, "it is now a FIFO (named pipe), not a regular file");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_swapped_for_another_file_or_a_link_retargeted_is_refused() {
        let dir = scratch("retarget");
        fs::write(dir.join("a.jpg"), b"abc").unwrap();
        fs::write(dir.join("b.jpg"), b"abc").unwrap();
        std::os::unix::fs::symlink("b.jpg", dir.join("link.jpg")).unwrap();
        let found = walk(&dir, false).unwrap();
        let names: Vec<&str> = found.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a.jpg", "b.jpg", "link.jpg"]);
        // Each opens while it is still the file chosen.
        for f in &found {
            f.file.open().unwrap();
        }
        fs::rename(dir.join("b.jpg"), dir.join("a.jpg")).unwrap();
        fs::write(dir.join("b.jpg"), b"abc").unwrap();
        // a.jpg is now the old b.jpg, b.jpg a new file, and the link resolves to the new one.
        for f in &found {
            let err = f.file.open().unwrap_err();
            assert_eq!(err, "it was replaced by another file since it was chosen");
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn shown_escapes_bytes_that_are_not_utf8_and_control_characters() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"d\xffir/a\nb\xc3\xa9"));
        assert_eq!(shown(path), "d\\xFFir/a\\nbé");
    }
}
