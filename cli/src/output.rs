//! Where results go: a table or one JSON document on stdout, and the message of the final
//! `error:` line. Writing to a closed pipe (`imagekit ls | head`) is not an error.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use crate::table::{self, Table};
use crate::text;

/// What a command returns: `Err` holds the message of the final `error:` line (a command with
/// per-item failures prints one `error:` line for each before it).
pub(crate) type CmdResult = Result<(), Failure>;

/// Why a command failed, which sets the exit status. A `String` error is a [`Failure::Error`],
/// so `?` on a `Result<_, String>` works in a command.
pub(crate) enum Failure {
    /// Exit 1, after `error: <message>`.
    Error(String),
    /// Stopped by Ctrl-C or SIGTERM once what was done is printed: exit 130, after
    /// `error: interrupted: <message>`.
    Interrupted(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Error(message)
    }
}

/// Where results go: a table or one JSON document on stdout.
#[derive(Clone, Copy)]
pub(crate) struct Out {
    pub json: bool,
}

impl Out {
    /// Prints `value` as JSON, or the table `table` makes.
    pub(crate) fn show<T: Serialize + ?Sized>(
        &self,
        value: &T,
        table: impl FnOnce() -> Table,
    ) -> CmdResult {
        if self.json {
            print_json(value)
        } else {
            print(&table().render())
        }
    }

    /// Prints one object as JSON or as a `FIELD VALUE` table, `hide` naming fields the table
    /// leaves out.
    pub(crate) fn object<T: Serialize>(&self, value: &T, hide: &[&str]) -> CmdResult {
        let value = to_value(value)?;
        self.show(&value, || table::object(&value, hide))
    }

    /// For an operation the API answers with no body: `{}` as JSON, or `message`.
    pub(crate) fn done(&self, message: &str) -> CmdResult {
        if self.json {
            print("{}\n")
        } else {
            print(&format!("{message}\n"))
        }
    }
}

/// `value` as a JSON value, to print or to build on.
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| format!("cannot write the answer as JSON: {e}"))
}

/// Prints compact JSON and a newline.
pub(crate) fn print_json<T: Serialize + ?Sized>(value: &T) -> CmdResult {
    print(&format!("{}\n", json_text(value)?))
}

/// `value` as compact JSON, safe on a terminal (see [`EscapeHidden`]).
pub(crate) fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    let mut json = Vec::new();
    value
        .serialize(&mut serde_json::Serializer::with_formatter(
            &mut json,
            EscapeHidden,
        ))
        .map_err(|e| format!("cannot write the answer as JSON: {e}"))?;
    // serde_json writes UTF-8.
    Ok(String::from_utf8_lossy(&json).into_owned())
}

/// Compact JSON whose strings also escape, as `\uXXXX`, the characters a terminal would act on
/// or hide ([`text::hidden`]: DEL, C1 controls, bidi and zero-width characters…), which
/// serde_json writes raw: the values stay exact, and the output stays safe on a terminal.
struct EscapeHidden;

impl serde_json::ser::Formatter for EscapeHidden {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if text::hidden(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                for unit in c.encode_utf16(&mut [0; 2]) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// Writes to stdout; a closed pipe (`imagekit ls | head`) is not an error.
pub(crate) fn print(text: &str) -> CmdResult {
    print_part(text).map(drop)
}

/// [`print`] for output that goes on: whether stdout still takes more (false once its reader
/// has gone, so the command can stop fetching what nobody reads).
pub(crate) fn print_part(text: &str) -> Result<bool, Failure> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(format!("writing stdout: {e}").into()),
    }
}

/// An API call's error as the final `error:` line: for an error answer the library writes
/// `<message> (HTTP <status>, request id <id>)` and ImageKit's help after a `;`.
pub(crate) fn api<T>(result: Result<T, imagekit::Error>) -> Result<T, String> {
    result.map_err(|e| message(&e))
}

/// The text of an API call's error; a timeout (the attempt or idle limit, the only ones the
/// CLI changes) also says how to set it.
pub(crate) fn message(e: &imagekit::Error) -> String {
    if e.is_timeout() {
        format!("{e}; --timeout (or IMAGEKIT_TIMEOUT) sets the limit")
    } else {
        e.to_string()
    }
}
