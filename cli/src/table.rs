//! Readable output: aligned columns under a header, and `FIELD VALUE` tables for one object.
//!
//! Cells are made safe ([`text::safe`]: a file name with a newline or an escape sequence shows
//! them escaped, and cannot break the layout or reach the terminal), and lines never end in
//! padding.

use std::fmt::Write as _;

use serde_json::Value;

use crate::text;

/// Rows of text under a header, printed with each column as wide as its widest cell.
pub(crate) struct Table {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column names.
    pub(crate) fn new(header: &[&'static str]) -> Self {
        Table {
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    /// A two-column `FIELD VALUE` table, for one object.
    pub(crate) fn fields() -> Self {
        Table::new(&["FIELD", "VALUE"])
    }

    /// Adds a row; missing cells are empty, extra ones are dropped.
    pub(crate) fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let mut row: Vec<String> = cells.into_iter().map(|c| text::safe(&c.into())).collect();
        row.resize(self.header.len(), String::new());
        self.rows.push(row);
    }

    /// Adds a `FIELD VALUE` row when the value is there.
    pub(crate) fn field(&mut self, name: &str, value: Option<impl ToString>) {
        if let Some(value) = value {
            self.row([name.to_string(), value.to_string()]);
        }
    }

    /// The table as text, one line per row after the header, each ending in `\n`.
    pub(crate) fn render(&self) -> String {
        self.render_with(&self.widths(), true)
    }

    /// Each column's width: its widest cell, or its name.
    pub(crate) fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        widths
    }

    /// The rows (after the header when `header`) with columns at least `widths` wide: how a
    /// table printed in parts keeps the columns of its first part.
    pub(crate) fn render_with(&self, widths: &[usize], header: bool) -> String {
        let names: Vec<String> = self.header.iter().map(|h| h.to_string()).collect();
        let mut out = String::new();
        for row in std::iter::once(&names).filter(|_| header).chain(&self.rows) {
            let mut line = String::new();
            for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                let _ = write!(line, "{cell:<width$}");
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// A list of strings as one cell: `a, b, c`.
pub(crate) fn join(items: &[String]) -> String {
    items.join(", ")
}

/// A JSON value as one cell: strings as they are, lists of scalars joined with `, `, anything
/// else as compact JSON.
pub(crate) fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        Value::Array(items) if items.iter().all(|v| !v.is_array() && !v.is_object()) => {
            items.iter().map(cell).collect::<Vec<_>>().join(", ")
        }
        _ => value.to_string(),
    }
}

/// A `FIELD VALUE` table of a JSON object's fields, in their order, leaving out nulls and the
/// fields named in `hide` (shown as `(hidden; see --json)`).
pub(crate) fn object(value: &Value, hide: &[&str]) -> Table {
    let mut table = Table::fields();
    match value {
        Value::Object(map) => {
            for (name, value) in map {
                if value.is_null() {
                    continue;
                }
                let shown = if hide.contains(&name.as_str()) {
                    "(hidden; see --json)".to_string()
                } else {
                    cell(value)
                };
                table.row([name.clone(), shown]);
            }
        }
        other => table.row(["value".to_string(), cell(other)]),
    }
    table
}

/// A size in bytes as people read it: `512 B`, `7.6 KiB`, `1.8 GiB`.
pub(crate) fn bytes(size: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if size < 1024 {
        return format!("{size} B");
    }
    let mut value = size as f64 / 1024.0;
    let mut unit = UNITS[0];
    for next in &UNITS[1..] {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = next;
    }
    format!("{value:.1} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_and_lines_have_no_trailing_spaces() {
        let mut t = Table::new(&["ID", "NAME", "SIZE"]);
        t.row(["1", "a.jpg", "3"]);
        t.row(["22", "long-name.jpg", ""]);
        assert_eq!(
            t.render(),
            "ID  NAME           SIZE\n1   a.jpg          3\n22  long-name.jpg\n"
        );
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        let mut t = Table::new(&["NAME"]);
        t.row(["a\nb\x1b[31mc\r"]);
        assert_eq!(t.render(), "NAME\na\\nb\\u{1b}[31mc\\r\n");
    }

    #[test]
    fn json_cells() {
        assert_eq!(cell(&serde_json::json!(["a", 1, true])), "a, 1, true");
        assert_eq!(cell(&serde_json::json!({"a": 1})), r#"{"a":1}"#);
        assert_eq!(cell(&serde_json::json!("x")), "x");
    }

    #[test]
    fn sizes() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(7749), "7.6 KiB");
        assert_eq!(bytes(1878758298), "1.7 GiB");
    }
}
