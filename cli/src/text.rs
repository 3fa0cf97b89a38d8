//! Text that reaches a terminal outside `--json`: table cells, `error:` and `warning:` lines,
//! spinner messages. Much of it comes from the server (file names, error messages), so
//! control characters and the invisible format characters that reorder or hide text (bidi
//! overrides, zero-width characters) are shown escaped as Rust writes them (`\u{1b}`, `\n`),
//! and a text too long to read is cut with a note of its full length.

use std::fmt::Write as _;

/// The longest text shown whole, in characters.
const MAX_CHARS: usize = 1000;
/// How much of a longer text is shown: its first and its last characters.
const HEAD_CHARS: usize = 600;
const TAIL_CHARS: usize = 300;

/// `text` as a terminal may show it: every character [`hidden`] escaped, and a text over
/// [`MAX_CHARS`] characters cut to its start and end (an error line's status and request id
/// come last) around `… (N characters in all) …`.
pub(crate) fn safe(text: &str) -> String {
    // Most text is short printable ASCII, which needs neither: checked a byte at a time.
    if text.len() <= MAX_CHARS && text.bytes().all(|b| matches!(b, b' '..=b'~')) {
        return text.to_string();
    }
    let count = text.chars().count();
    if count <= MAX_CHARS {
        return escape(text);
    }
    let head: String = text.chars().take(HEAD_CHARS).collect();
    let tail: String = text.chars().skip(count - TAIL_CHARS).collect();
    format!(
        "{} … ({count} characters in all) … {}",
        escape(&head),
        escape(&tail)
    )
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether a terminal would act on `c` or show nothing for it instead of showing a character:
/// control characters (C0, DEL, C1), line and paragraph separators, and the format characters
/// that change how the text around them reads (soft hyphen, Arabic letter mark, Mongolian vowel
/// separator, zero-width characters and directional marks, bidi embeddings, overrides and
/// isolates, invisible operators, the byte order mark, interlinear annotations, tag characters).
pub(crate) fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_format_characters_are_shown_escaped() {
        assert_eq!(
            safe("a\x1b[31mb\x1b]0;title\x07c\rd\ne\u{9b}"),
            r"a\u{1b}[31mb\u{1b}]0;title\u{7}c\rd\ne\u{9b}"
        );
        assert_eq!(
            safe("invoice\u{202e}gpj.exe\u{2066}\u{200b}\u{feff}"),
            r"invoice\u{202e}gpj.exe\u{2066}\u{200b}\u{feff}"
        );
        // Ordinary text, other scripts and combining marks stay as they are.
        let plain = "C:\\photos\\été 'x' \"y\" e\u{301} 東京 עברית";
        assert_eq!(safe(plain), plain);
    }

    #[test]
    fn long_text_is_cut_to_its_start_and_end_with_its_length() {
        let text = format!("{}{}", "a".repeat(5000), "b".repeat(400));
        let shown = safe(&text);
        let expected = format!(
            "{} … (5400 characters in all) … {}",
            "a".repeat(HEAD_CHARS),
            "b".repeat(TAIL_CHARS)
        );
        assert_eq!(shown, expected);
        let exact = "x".repeat(MAX_CHARS);
        assert_eq!(safe(&exact), exact);
        // Cut by characters, never inside one.
        let wide = "é".repeat(MAX_CHARS + 1);
        assert!(safe(&wide).contains("(1001 characters in all)"));
    }
}
