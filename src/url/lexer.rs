//! JSON syntax for the dynamic options: a [`Lexer`] over the text that reads strings, numbers
//! and literals as it meets them, walks the members of arrays and objects, and skips (still
//! checking) any value. `json` drives it, reading each value straight into its own type.
//!
//! Strings are borrowed from the text; at the first string with escapes, every string with
//! escapes is decoded into one buffer ([`JsonText`]), whose strings are then borrowed in the
//! same way. Numbers are read as written: integers exactly, other numbers correctly rounded
//! (`str::parse::<f64>`).
//!
//! Bad syntax, nesting deeper than [`MAX_DEPTH`], an integer beyond ±2^53 and a number beyond
//! the 64-bit float range end the reading wherever they are, even in an option that is never
//! read.
//!
//! Uses: `error`.

use std::cell::OnceCell;

use super::error::InputError;

/// How deeply arrays and objects may nest (as serde_json's default limit): an overlay in an
/// overlay takes three levels (object, steps, step), so layers nest 40 deep. Walking an array
/// or object recurses, so this also bounds the stack.
pub(crate) const MAX_DEPTH: usize = 128;

/// The largest integer magnitude the rules accept: every JSON parser reads up to 2^53 exactly.
const MAX_INT: u64 = 1 << 53;

/// Reading stops at bad syntax (or, in `json`, at an unknown option): the error boxed, so a
/// result is small.
pub(crate) type Read<T = ()> = Result<T, Box<InputError>>;

/// A JSON text, with its strings that hold escapes decoded when the first one is read.
#[derive(Debug)]
pub(crate) struct JsonText<'s> {
    text: &'s str,
    decoded: OnceCell<Read<Decoded>>,
}

/// The strings of a text that hold escapes, decoded.
#[derive(Debug)]
struct Decoded {
    /// All of them, one after the other.
    strings: String,
    /// Each one, in the order of the text.
    escaped: Vec<Escaped>,
}

/// A string with escapes: where its opening quote is in the text, and where its decoded form is
/// in [`Decoded::strings`].
#[derive(Debug)]
struct Escaped {
    quote: usize,
    from: usize,
    to: usize,
}

impl<'s> JsonText<'s> {
    /// The text, to read with [`JsonText::lexer`].
    pub(crate) fn new(text: &'s str) -> Self {
        JsonText {
            text,
            decoded: OnceCell::new(),
        }
    }

    /// A lexer at the start of the text.
    pub(crate) fn lexer(&self) -> Lexer<'_> {
        Lexer {
            text: self.text,
            json: self,
            pos: 0,
            depth: 0,
        }
    }

    /// The decoded form of the string whose opening quote is at `quote`.
    fn decoded(&self, quote: usize) -> Read<&str> {
        let decoded = self
            .decoded
            .get_or_init(|| self.decode())
            .as_ref()
            .map_err(Clone::clone)?;
        let i = decoded.escaped.binary_search_by_key(&quote, |e| e.quote);
        match i.ok().and_then(|i| decoded.escaped.get(i)) {
            Some(e) => Ok(decoded.strings.get(e.from..e.to).unwrap_or_default()),
            None => Err(self.lexer().error("invalid string")),
        }
    }

    /// Finds every string with an escape (a `"` outside a string opens one; inside, `\` takes
    /// the next character with it) and decodes it.
    fn decode(&self) -> Read<Decoded> {
        let mut decoded = Decoded {
            strings: String::new(),
            escaped: Vec::new(),
        };
        let bytes = self.text.as_bytes();
        let mut i = 0;
        while let Some(open) = bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| b == b'"'))
        {
            let start = i + open;
            let mut end = start + 1;
            let mut escapes = false;
            while let Some(&b) = bytes.get(end) {
                match b {
                    b'"' => break,
                    b'\\' => {
                        escapes = true;
                        end += 2;
                    }
                    _ => end += 1,
                }
            }
            if escapes {
                let from = decoded.strings.len();
                let mut lexer = self.lexer();
                lexer.pos = start;
                lexer.unescape(start + 1, end.min(bytes.len()), &mut decoded.strings)?;
                decoded.escaped.push(Escaped {
                    quote: start,
                    from,
                    to: decoded.strings.len(),
                });
            }
            i = end + 1;
        }
        Ok(decoded)
    }
}

/// A number as written: without a fraction or an exponent, or with one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Int(i64),
    Float(f64),
}

/// A cursor over a [`JsonText`].
#[derive(Debug)]
pub(crate) struct Lexer<'d> {
    text: &'d str,
    json: &'d JsonText<'d>,
    pos: usize,
    /// How many arrays and objects are open.
    depth: usize,
}

impl<'d> Lexer<'d> {
    /// The first byte of the next value (whitespace skipped), without reading it.
    #[inline]
    pub(crate) fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.text.as_bytes().get(self.pos) {
            self.pos += 1;
        }
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Checks that only whitespace is left.
    pub(crate) fn end(&mut self) -> Read {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("unexpected text after the value")),
        }
    }

    /// An invalid-JSON error at the current position.
    pub(crate) fn error(&self, problem: &str) -> Box<InputError> {
        let before = self.text.get(..self.pos).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Box::new(InputError::InvalidJson(format!(
            "{problem} at line {line} column {column}"
        )))
    }

    /// Skips the next value, checking it as it is read.
    pub(crate) fn skip(&mut self) -> Read {
        match self.peek() {
            Some(b'{') => self.members(|lexer, _| lexer.skip()),
            Some(b'[') => self.items(Self::skip),
            Some(b'"') => self.string().map(drop),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            _ => self.literal().map(drop),
        }
    }

    /// Reads an object, calling `member` with each name (in order, repeated names included)
    /// when the lexer is at its value, which `member` must read.
    pub(crate) fn members(&mut self, mut member: impl FnMut(&mut Self, &'d str) -> Read) -> Read {
        self.open(b'{', b'}', |lexer| {
            if lexer.peek() != Some(b'"') {
                return Err(lexer.error("expected a name in quotes"));
            }
            let name = lexer.string()?;
            if lexer.peek() != Some(b':') {
                return Err(lexer.error("expected :"));
            }
            lexer.pos += 1;
            member(lexer, name)
        })
    }

    /// Reads an array, calling `item` when the lexer is at each value, which `item` must read.
    pub(crate) fn items(&mut self, item: impl FnMut(&mut Self) -> Read) -> Read {
        self.open(b'[', b']', item)
    }

    /// An array or object: its `open` byte (the lexer is at it), `each` of its members
    /// separated by `,`, and its `close` byte.
    fn open(&mut self, open: u8, close: u8, mut each: impl FnMut(&mut Self) -> Read) -> Read {
        if self.peek() != Some(open) {
            return Err(self.error("expected an array or an object"));
        }
        if self.depth == MAX_DEPTH {
            return Err(self.error("arrays and objects nested too deeply"));
        }
        self.pos += 1;
        self.depth += 1;
        if self.peek() == Some(close) {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            each(self)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b) if b == close => break,
                _ if close == b'}' => return Err(self.error("expected , or }")),
                _ => return Err(self.error("expected , or ]")),
            }
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(())
    }

    /// `null`, `true` or `false` (the lexer is at its first byte, after
    /// [`peek`](Lexer::peek)): `None` or the boolean.
    #[inline]
    pub(crate) fn literal(&mut self) -> Read<Option<bool>> {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        let (value, len) = if rest.starts_with("null") {
            (None, 4)
        } else if rest.starts_with("true") {
            (Some(true), 4)
        } else if rest.starts_with("false") {
            (Some(false), 5)
        } else {
            return Err(self.error("expected a value"));
        };
        self.pos += len;
        Ok(value)
    }

    /// A string (the lexer is at its opening quote, after [`peek`](Lexer::peek)).
    #[inline]
    pub(crate) fn string(&mut self) -> Read<&'d str> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut i = start + 1;
        let mut escapes = false;
        loop {
            i += plain_prefix(bytes.get(i..).unwrap_or_default());
            match bytes.get(i) {
                Some(b'"') => break,
                Some(b'\\') => {
                    escapes = true;
                    i += 2;
                }
                Some(0..=0x1F) => {
                    self.pos = i;
                    return Err(self.error("control character in a string"));
                }
                Some(_) => i += 1,
                None => {
                    self.pos = bytes.len();
                    return Err(self.error("unterminated string"));
                }
            }
        }
        self.pos = i + 1;
        if escapes {
            return self.json.decoded(start);
        }
        // Both ends are ASCII, so on character boundaries.
        Ok(self.text.get(start + 1..i).unwrap_or_default())
    }

    /// Decodes the string between `from` and `to` (its quotes excluded) into `out`.
    fn unescape(&mut self, from: usize, to: usize, out: &mut String) -> Read {
        let mut run = from;
        let mut i = from;
        while i < to {
            if self.text.as_bytes().get(i) != Some(&b'\\') {
                i += 1;
                continue;
            }
            out.push_str(self.text.get(run..i).unwrap_or_default());
            self.pos = i;
            let (c, len) = self.escape()?;
            out.push(c);
            i += len;
            run = i;
        }
        out.push_str(self.text.get(run..to).unwrap_or_default());
        Ok(())
    }

    /// The escape at the current position: the character and how many bytes it takes.
    fn escape(&self) -> Read<(char, usize)> {
        let c = match self.text.as_bytes().get(self.pos + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(),
            _ => return Err(self.error("invalid escape")),
        };
        Ok((c, 2))
    }

    /// `\uXXXX`, or a surrogate pair of two.
    fn unicode_escape(&self) -> Read<(char, usize)> {
        let unit = |at: usize| {
            let hex = self.text.get(at..at + 4)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(hex, 16).ok()
        };
        let Some(first) = unit(self.pos + 2) else {
            return Err(self.error("invalid \\u escape"));
        };
        if let Some(c) = char::from_u32(first) {
            return Ok((c, 6));
        }
        // A surrogate: a high one followed by `\u` and a low one make one character.
        let low = (first < 0xDC00 && self.text.get(self.pos + 6..self.pos + 8) == Some("\\u"))
            .then(|| unit(self.pos + 8))
            .flatten()
            .filter(|low| (0xDC00..0xE000).contains(low));
        match low
            .and_then(|low| char::from_u32(0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)))
        {
            Some(c) => Ok((c, 12)),
            None => Err(self.error("lone surrogate in a \\u escape")),
        }
    }

    /// A number (the lexer is at its first byte, after [`peek`](Lexer::peek)): JSON's
    /// grammar, with an integer's value read as its digits are.
    #[inline]
    pub(crate) fn number(&mut self) -> Read<Number> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let negative = bytes.get(start) == Some(&b'-');
        let mut i = start + usize::from(negative);
        // Saturates: anything beyond 2^53 is refused below.
        let mut n = 0u64;
        match bytes.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while let Some(&d @ b'0'..=b'9') = bytes.get(i) {
                    n = n.saturating_mul(10).saturating_add(u64::from(d - b'0'));
                    i += 1;
                }
            }
            _ => return Err(self.error("invalid number")),
        }
        if let Some(b'.' | b'e' | b'E') = bytes.get(i) {
            return self.float(start, i);
        }
        self.pos = i;
        match i64::try_from(n) {
            Ok(n) if n.unsigned_abs() <= MAX_INT => Ok(Number::Int(if negative { -n } else { n })),
            _ => Err(Box::new(InputError::IntegerOutOfRange(
                self.text.get(start..i).unwrap_or_default().to_string(),
            ))),
        }
    }

    /// The rest of a number from `i`, where its integer part (from `start`) ends and a
    /// fraction or an exponent begins: its value correctly rounded.
    fn float(&mut self, start: usize, mut i: usize) -> Read<Number> {
        let bytes = self.text.as_bytes();
        let digits = |mut i: usize| {
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            i
        };
        if bytes.get(i) == Some(&b'.') {
            i = self.need_digits(i + 1, digits)?;
        }
        if let Some(b'e' | b'E') = bytes.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            i = self.need_digits(i, digits)?;
        }
        self.pos = i;
        let text = self.text.get(start..i).unwrap_or_default();
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Number::Float(f)),
            _ => Err(Box::new(InputError::FloatOutOfRange(text.to_string()))),
        }
    }

    /// Where the digits from `i` end; an error when there is none.
    fn need_digits(&mut self, i: usize, digits: impl Fn(usize) -> usize) -> Read<usize> {
        let end = digits(i);
        if end == i {
            self.pos = i;
            return Err(self.error("invalid number"));
        }
        Ok(end)
    }
}

/// How many bytes at the start of `bytes` a string holds as they are: up to a `"`, a `\\` or a
/// control character. Eight bytes at a time while eight are left (most strings are short, and
/// their text goes on after them).
fn plain_prefix(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte that is zero, exact up to the first such byte (a borrow may mark
    // the bytes after it).
    let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Below 0x20 (ASCII only, as `!w` drops bytes with the high bit), `"` or `\\`.
        let stop = (w.wrapping_sub(ONES * 0x20) & !w & HIGH)
            | zero(w ^ (ONES * u64::from(b'"')))
            | zero(w ^ (ONES * u64::from(b'\\')));
        if stop != 0 {
            return i + stop.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    let rest = bytes.get(i..).unwrap_or_default();
    i + rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of `text` back as compact text, to compare, or the error.
    fn read(text: &str) -> Result<String, String> {
        let json = JsonText::new(text);
        let mut lexer = json.lexer();
        let shown = show(&mut lexer).map_err(|e| e.to_string())?;
        lexer.end().map_err(|e| e.to_string())?;
        Ok(shown)
    }

    fn show(lexer: &mut Lexer<'_>) -> Read<String> {
        Ok(match lexer.peek() {
            Some(b'{') => {
                let mut members = Vec::new();
                lexer.members(|lexer, name| {
                    members.push(format!("{name:?}:{}", show(lexer)?));
                    Ok(())
                })?;
                format!("{{{}}}", members.join(","))
            }
            Some(b'[') => {
                let mut items = Vec::new();
                lexer.items(|lexer| {
                    items.push(show(lexer)?);
                    Ok(())
                })?;
                format!("[{}]", items.join(","))
            }
            Some(b'"') => format!("{:?}", lexer.string()?),
            Some(b'-' | b'0'..=b'9') => match lexer.number()? {
                Number::Int(n) => format!("i{n}"),
                Number::Float(f) => format!("f{f:?}"),
            },
            _ => format!("{:?}", lexer.literal()?),
        })
    }

    #[test]
    fn reads_values_in_order_with_repeated_names() {
        assert_eq!(
            read(r#" {"a": [1, -2.5, "x", {}, []], "b": {"c": null}, "a": true} "#).unwrap(),
            r#"{"a":[i1,f-2.5,"x",{},[]],"b":{"c":None},"a":Some(true)}"#
        );
        assert_eq!(read("[[],[[]],{}]").unwrap(), "[[],[[]],{}]");
    }

    #[test]
    fn decodes_escapes() {
        assert_eq!(
            read(r#"["a\"b\\c\/d\n\u00e9\ud83d\ude00", "plain", "\u0000", {"k\u0065y": "\\"}]"#)
                .unwrap(),
            format!(
                "[{:?},\"plain\",{:?},{{\"key\":{:?}}}]",
                "a\"b\\c/d\né\u{1F600}", "\0", "\\"
            )
        );
        for bad in [
            r#""\ud83d""#,
            r#""\ude00x""#,
            r#""\u12""#,
            r#""\x""#,
            "\"a\nb\"",
            "\"a\\",
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn plain_prefix_stops_where_a_byte_at_a_time_does() {
        let stops = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
        let mut bytes: Vec<u8> = (0..=255u8).cycle().take(600).collect();
        // A deterministic shuffle, so every byte stands at every offset of a word.
        for i in 0..bytes.len() {
            let j = (i * 7919 + 13) % bytes.len();
            bytes.swap(i, j);
        }
        for start in 0..bytes.len() {
            let rest = &bytes[start..];
            for len in [0, 1, 7, 8, 9, 17, rest.len()] {
                let part = &rest[..len.min(rest.len())];
                let naive = part.iter().position(|&b| stops(b)).unwrap_or(part.len());
                assert_eq!(plain_prefix(part), naive, "{part:?}");
            }
        }
        assert_eq!(
            plain_prefix("é日😀 plain text, long enough\\".as_bytes()),
            33
        );
    }

    #[test]
    fn reads_numbers_as_written() {
        assert_eq!(read("1e-30").unwrap(), "f1e-30");
        assert_eq!(read("-0").unwrap(), "i0");
        assert_eq!(read("-0.0").unwrap(), "f-0.0");
        assert_eq!(read("9007199254740992").unwrap(), "i9007199254740992");
        assert_eq!(read("-9007199254740992").unwrap(), "i-9007199254740992");
        assert_eq!(read("1E+2").unwrap(), "f100.0");
        for out_of_range in [
            "9007199254740993",
            "-9007199254740993",
            "18446744073709551616",
        ] {
            assert_eq!(
                read(out_of_range).unwrap_err(),
                format!("integer {out_of_range} is outside -2^53..2^53 (JSON parsers disagree on such numbers; write it as a string)")
            );
        }
        assert!(read("1e400").unwrap_err().contains("64-bit float"));
        for bad in ["01", "1.", ".5", "-", "1e", "+1", "1e+", "0x1"] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_syntax_says_where() {
        assert_eq!(
            read("{\"a\" 1}").unwrap_err(),
            "the options are not JSON: expected : at line 1 column 6"
        );
        assert_eq!(
            read("[1,\n 2 x]").unwrap_err(),
            "the options are not JSON: expected , or ] at line 2 column 4"
        );
        for bad in [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{1:2}",
            "nul",
            "[1] [2]",
            "\"abc",
        ] {
            assert!(read(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(100_000);
        assert!(read(&deep).unwrap_err().contains("nested too deeply"));
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(read(&ok).is_ok());
        let over = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(read(&over).is_err());
    }
}
