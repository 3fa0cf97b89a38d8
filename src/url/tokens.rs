//! A small JSON reader for the dynamic options: the text becomes one flat list of tokens (a
//! container knows where its tokens end, so a value is skipped in one step), walked as
//! [`Node`]s. Strings are borrowed from the text, or decoded into one buffer when they hold
//! escapes; numbers are read as written: integers exactly, other numbers correctly rounded
//! (`str::parse::<f64>`).
//!
//! The whole text is read before any option is: bad syntax, nesting deeper than
//! [`MAX_DEPTH`], an integer beyond ±2^53 and a number beyond the 64-bit float range are errors
//! wherever they are, even in an option that is never read. The reader does not recurse, so no
//! input can overflow the stack.
//!
//! Uses: `error`.

use super::error::InputError;

/// How deeply arrays and objects may nest (as serde_json's default limit): an overlay in an
/// overlay takes three levels (object, steps, step), so layers nest 40 deep.
pub(crate) const MAX_DEPTH: usize = 128;

/// The largest integer magnitude the rules accept: every JSON parser reads up to 2^53 exactly.
const MAX_INT: u64 = 1 << 53;

/// One JSON value; a container is followed by its own tokens (an object's as name and value
/// in turn).
#[derive(Debug, Clone, Copy)]
enum Token<'s> {
    Null,
    Bool(bool),
    /// A number written without a fraction or an exponent.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A string with no escape, as it is in the text.
    Str(&'s str),
    /// A string with escapes: where it is in the decoded buffer.
    Decoded(usize, usize),
    /// An array, with the index just past its last token.
    Array(usize),
    /// An object, with the index just past its last token.
    Object(usize),
}

/// A JSON text read whole.
#[derive(Debug)]
pub(crate) struct Doc<'s> {
    tokens: Vec<Token<'s>>,
    decoded: String,
}

/// A value of a [`Doc`], with its strings and the members of its containers.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Node<'d> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'d str),
    Array(Items<'d>),
    Object(Members<'d>),
}

impl Node<'_> {
    /// What the value is, for error messages: `null`, `true`, `a number`, `a list`…
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(true) => "true",
            Node::Bool(false) => "false",
            Node::Int(_) | Node::Float(_) => "a number",
            Node::Str(_) => "a string",
            Node::Array(_) => "a list",
            Node::Object(_) => "an object",
        }
    }
}

/// The values of an array, in order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Items<'d> {
    doc: &'d Doc<'d>,
    at: usize,
    end: usize,
}

impl<'d> Iterator for Items<'d> {
    type Item = Node<'d>;

    fn next(&mut self) -> Option<Node<'d>> {
        if self.at >= self.end {
            return None;
        }
        let node = self.doc.node(self.at);
        self.at = self.doc.after(self.at);
        Some(node)
    }
}

/// The (name, value) members of an object, in order, repeated names included.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Members<'d>(Items<'d>);

impl<'d> Iterator for Members<'d> {
    type Item = (&'d str, Node<'d>);

    fn next(&mut self) -> Option<(&'d str, Node<'d>)> {
        let name = match self.0.next()? {
            Node::Str(name) => name,
            // The reader puts a string before every value of an object.
            _ => "",
        };
        Some((name, self.0.next()?))
    }
}

impl<'d> Doc<'d> {
    /// Reads `text`, which must hold one JSON value (and whitespace around it).
    pub(crate) fn parse(text: &'d str) -> Result<Self, InputError> {
        Reader {
            text,
            pos: 0,
            tokens: Vec::with_capacity(text.len() / 6 + 2),
            decoded: String::new(),
        }
        .read()
    }

    /// The value the text holds.
    pub(crate) fn root(&'d self) -> Node<'d> {
        self.node(0)
    }

    fn node(&'d self, i: usize) -> Node<'d> {
        match self.tokens.get(i) {
            None | Some(Token::Null) => Node::Null,
            Some(Token::Bool(b)) => Node::Bool(*b),
            Some(Token::Int(n)) => Node::Int(*n),
            Some(Token::Float(f)) => Node::Float(*f),
            Some(Token::Str(s)) => Node::Str(s),
            Some(Token::Decoded(a, b)) => Node::Str(self.decoded.get(*a..*b).unwrap_or_default()),
            Some(Token::Array(end)) => Node::Array(self.items(i, *end)),
            Some(Token::Object(end)) => Node::Object(Members(self.items(i, *end))),
        }
    }

    fn items(&'d self, container: usize, end: usize) -> Items<'d> {
        Items {
            doc: self,
            at: container + 1,
            end,
        }
    }

    /// The index of the token after the value at `i` (and after its members).
    fn after(&self, i: usize) -> usize {
        match self.tokens.get(i) {
            Some(Token::Array(end) | Token::Object(end)) => *end,
            _ => i + 1,
        }
    }
}

/// Reads tokens from the text, one value after the other, keeping the open containers on a
/// fixed stack instead of recursing.
struct Reader<'s> {
    text: &'s str,
    pos: usize,
    tokens: Vec<Token<'s>>,
    decoded: String,
}

impl<'s> Reader<'s> {
    fn read(mut self) -> Result<Doc<'s>, InputError> {
        // The open containers' token indexes, innermost last.
        let mut open = [0usize; MAX_DEPTH];
        let mut depth = 0;
        'value: loop {
            self.skip_whitespace();
            match self.peek() {
                Some(open_byte @ (b'{' | b'[')) => {
                    if depth == MAX_DEPTH {
                        return Err(self.error("arrays and objects nested too deeply"));
                    }
                    self.pos += 1;
                    let at = self.tokens.len();
                    let is_object = open_byte == b'{';
                    self.tokens.push(if is_object {
                        Token::Object(at + 1)
                    } else {
                        Token::Array(at + 1)
                    });
                    self.skip_whitespace();
                    let close = if is_object { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        // Empty: its end is already right.
                        self.pos += 1;
                    } else {
                        open[depth] = at;
                        depth += 1;
                        if is_object {
                            self.name()?;
                        }
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    let token = self.string()?;
                    self.tokens.push(token);
                }
                Some(b'-' | b'0'..=b'9') => {
                    let token = self.number()?;
                    self.tokens.push(token);
                }
                _ => {
                    let token = self.literal()?;
                    self.tokens.push(token);
                }
            }
            // A value is complete: the next member, or the end of containers, or of the text.
            loop {
                self.skip_whitespace();
                let Some(container) = depth.checked_sub(1).and_then(|d| open.get(d)) else {
                    if self.pos < self.text.len() {
                        return Err(self.error("unexpected text after the value"));
                    }
                    return Ok(Doc {
                        tokens: self.tokens,
                        decoded: self.decoded,
                    });
                };
                let end = self.tokens.len();
                match (self.peek(), self.tokens.get_mut(*container)) {
                    (Some(b','), Some(Token::Object(_))) => {
                        self.pos += 1;
                        self.skip_whitespace();
                        self.name()?;
                        continue 'value;
                    }
                    (Some(b','), _) => {
                        self.pos += 1;
                        continue 'value;
                    }
                    (Some(b'}'), Some(Token::Object(e))) | (Some(b']'), Some(Token::Array(e))) => {
                        *e = end;
                        self.pos += 1;
                        depth -= 1;
                    }
                    (_, Some(Token::Object(_))) => return Err(self.error("expected , or }")),
                    _ => return Err(self.error("expected , or ]")),
                }
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// An invalid-JSON error at the current position.
    fn error(&self, problem: &str) -> InputError {
        let before = self.text.get(..self.pos).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        InputError::InvalidJson(format!("{problem} at line {line} column {column}"))
    }

    /// A member's name and the `:` after it.
    fn name(&mut self) -> Result<(), InputError> {
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a name in quotes"));
        }
        let name = self.string()?;
        self.tokens.push(name);
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.error("expected :"));
        }
        self.pos += 1;
        Ok(())
    }

    fn literal(&mut self) -> Result<Token<'s>, InputError> {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        let (token, len) = if rest.starts_with("null") {
            (Token::Null, 4)
        } else if rest.starts_with("true") {
            (Token::Bool(true), 4)
        } else if rest.starts_with("false") {
            (Token::Bool(false), 5)
        } else {
            return Err(self.error("expected a value"));
        };
        self.pos += len;
        Ok(token)
    }

    /// A string, at its opening quote.
    fn string(&mut self) -> Result<Token<'s>, InputError> {
        let bytes = self.text.as_bytes();
        let start = self.pos + 1;
        let mut i = start;
        loop {
            match bytes.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    // Both ends are ASCII, so on character boundaries.
                    return Ok(Token::Str(self.text.get(start..i).unwrap_or_default()));
                }
                Some(b'\\') => return self.escaped(start, i),
                Some(0..=0x1F) => {
                    self.pos = i;
                    return Err(self.error("control character in a string"));
                }
                Some(_) => i += 1,
                None => {
                    self.pos = i;
                    return Err(self.error("unterminated string"));
                }
            }
        }
    }

    /// The rest of a string from its first escape at `i`, decoded into the buffer.
    fn escaped(&mut self, start: usize, mut i: usize) -> Result<Token<'s>, InputError> {
        let bytes = self.text.as_bytes();
        let from = self.decoded.len();
        let mut run = start;
        loop {
            match bytes.get(i) {
                Some(b'"') => {
                    self.decoded
                        .push_str(self.text.get(run..i).unwrap_or_default());
                    self.pos = i + 1;
                    return Ok(Token::Decoded(from, self.decoded.len()));
                }
                Some(b'\\') => {
                    self.decoded
                        .push_str(self.text.get(run..i).unwrap_or_default());
                    self.pos = i;
                    let (c, len) = self.escape()?;
                    self.decoded.push(c);
                    i += len;
                    run = i;
                }
                Some(0..=0x1F) => {
                    self.pos = i;
                    return Err(self.error("control character in a string"));
                }
                Some(_) => i += 1,
                None => {
                    self.pos = i;
                    return Err(self.error("unterminated string"));
                }
            }
        }
    }

    /// The escape at the current position: the character and how many bytes it takes.
    fn escape(&self) -> Result<(char, usize), InputError> {
        let bytes = self.text.as_bytes();
        let c = match bytes.get(self.pos + 1) {
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
    fn unicode_escape(&self) -> Result<(char, usize), InputError> {
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

    /// A number, at its first byte: JSON's grammar, then its value.
    fn number(&mut self) -> Result<Token<'s>, InputError> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let digits = |mut i: usize| {
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            i
        };
        let mut i = start + usize::from(bytes.get(start) == Some(&b'-'));
        i = match bytes.get(i) {
            Some(b'0') => i + 1,
            Some(b'1'..=b'9') => digits(i),
            _ => return Err(self.error("invalid number")),
        };
        let int_end = i;
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
        if i > int_end {
            return match text.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(Token::Float(f)),
                _ => Err(InputError::FloatOutOfRange(text.to_string())),
            };
        }
        // 2^53 has 16 digits, and JSON has no leading zeros.
        let magnitude = text.trim_start_matches('-');
        let n = if magnitude.len() <= 16 {
            magnitude
                .bytes()
                .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'))
        } else {
            u64::MAX
        };
        match i64::try_from(n) {
            Ok(n) if n.unsigned_abs() <= MAX_INT => {
                Ok(Token::Int(if text.starts_with('-') { -n } else { n }))
            }
            _ => Err(InputError::IntegerOutOfRange(text.to_string())),
        }
    }

    /// Where the digits from `i` end; an error when there is none.
    fn need_digits(
        &mut self,
        i: usize,
        digits: impl Fn(usize) -> usize,
    ) -> Result<usize, InputError> {
        let end = digits(i);
        if end == i {
            self.pos = i;
            return Err(self.error("invalid number"));
        }
        Ok(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<String, String> {
        let doc = Doc::parse(text).map_err(|e| e.to_string())?;
        Ok(show(doc.root()))
    }

    /// The value back as compact text, to compare.
    fn show(node: Node<'_>) -> String {
        match node {
            Node::Null => "null".into(),
            Node::Bool(b) => b.to_string(),
            Node::Int(n) => format!("i{n}"),
            Node::Float(f) => format!("f{f:?}"),
            Node::Str(s) => format!("{s:?}"),
            Node::Array(items) => format!("[{}]", items.map(show).collect::<Vec<_>>().join(",")),
            Node::Object(members) => format!(
                "{{{}}}",
                members
                    .map(|(k, v)| format!("{k:?}:{}", show(v)))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }

    #[test]
    fn reads_values_in_order_with_repeated_names() {
        assert_eq!(
            read(r#" {"a": [1, -2.5, "x", {}, []], "b": {"c": null}, "a": true} "#).unwrap(),
            r#"{"a":[i1,f-2.5,"x",{},[]],"b":{"c":null},"a":true}"#
        );
        assert_eq!(read("[[],[[]],{}]").unwrap(), "[[],[[]],{}]");
    }

    #[test]
    fn decodes_escapes() {
        assert_eq!(
            read(r#"["a\"b\\c\/d\n\u00e9\ud83d\ude00", "\u0000"]"#).unwrap(),
            format!("[{:?},{:?}]", "a\"b\\c/d\né\u{1F600}", "\0")
        );
        for bad in [
            r#""\ud83d""#,
            r#""\ude00x""#,
            r#""\u12""#,
            r#""\x""#,
            "\"a\nb\"",
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
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
    fn nesting_is_bounded_without_recursion() {
        let deep = "[".repeat(100_000);
        assert!(read(&deep).unwrap_err().contains("nested too deeply"));
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(read(&ok).is_ok());
        let over = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(read(&over).is_err());
    }
}
