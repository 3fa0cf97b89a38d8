//! Percent-encoding for each part of a URL (path, query, fragment, and values encoded as
//! JavaScript's `encodeURIComponent` does), table-driven; and the writer transformations are
//! rendered through.

use core::fmt;

const PATH: u8 = 1;
const FRAGMENT: u8 = 2;
const FORM: u8 = 4;
const COMPONENT: u8 = 8;

/// Which bytes stay as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Set {
    /// `A-Z a-z 0-9 - . _ ~ ! $ & ' ( ) * + , ; = : @ /`.
    Path,
    /// The path set and `?`.
    Fragment,
    /// `A-Z a-z 0-9 _ . - ~`; a space becomes `+`.
    Form,
    /// `A-Z a-z 0-9 - _ . ! ~ * ' ( )`, as JavaScript's `encodeURIComponent`.
    Component,
    /// `encodeURIComponent` output escaped again for a query value: the form set, space as `%20`.
    ComponentInForm,
}

impl Set {
    fn mask(self) -> u8 {
        match self {
            Set::Path => PATH,
            Set::Fragment => FRAGMENT,
            Set::Form | Set::ComponentInForm => FORM,
            Set::Component => COMPONENT,
        }
    }
}

const fn table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c == b'_' || c == b'~' {
            t[b] = PATH | FRAGMENT | FORM | COMPONENT;
        }
        b += 1;
    }
    let path_only = b"!$&'()*+,;=:@/";
    let mut i = 0;
    while i < path_only.len() {
        t[path_only[i] as usize] |= PATH | FRAGMENT;
        i += 1;
    }
    let component = b"!*'()";
    let mut i = 0;
    while i < component.len() {
        t[component[i] as usize] |= COMPONENT;
        i += 1;
    }
    t[b'?' as usize] |= FRAGMENT;
    t
}

static SAFE: [u8; 256] = table();
const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn is_escape(rest: &[u8]) -> bool {
    rest.len() >= 3 && rest[1].is_ascii_hexdigit() && rest[2].is_ascii_hexdigit()
}

/// Appends `input` to `out`, escaping every byte outside `set` as `%XX` (upper-case hex). With
/// `keep_escapes`, an existing escape (`%` and two hex digits) is copied unchanged.
pub(crate) fn encode(out: &mut String, input: &str, set: Set, keep_escapes: bool) {
    encode_str(out, input, set, keep_escapes, false);
}

/// Path-encodes `input` up to its first `?` or `#` (where the query or fragment starts) and
/// returns how many bytes it consumed.
#[inline]
pub(crate) fn encode_path(out: &mut String, input: &str) -> usize {
    // Most paths need no escaping: one scan and one copy.
    let safe = safe_prefix(input.as_bytes(), PATH);
    let (plain, rest) = input.split_at_checked(safe).unwrap_or((input, ""));
    out.push_str(plain);
    if rest.is_empty() {
        safe
    } else {
        safe + encode_str(out, rest, Set::Path, true, true)
    }
}

/// How many bytes at the start of `input` are in the set `mask`: eight at a time while all are
/// (no branch per byte), then byte by byte.
fn safe_prefix(input: &[u8], mask: u8) -> usize {
    let mut i = 0;
    while let Some(chunk) = input.get(i..i + 8) {
        if chunk
            .iter()
            .fold(mask, |all, &b| all & SAFE[usize::from(b)])
            == 0
        {
            break;
        }
        i += 8;
    }
    i + input[i..]
        .iter()
        .position(|&b| SAFE[usize::from(b)] & mask == 0)
        .unwrap_or(input.len() - i)
}

fn encode_str(out: &mut String, input: &str, set: Set, keep_escapes: bool, stop: bool) -> usize {
    // A run of safe bytes is ASCII that starts and ends on character boundaries, so slicing the
    // `str` copies it with no check.
    encode_with(
        out,
        input.as_bytes(),
        set,
        keep_escapes,
        stop,
        |out, a, b| out.push_str(input.get(a..b).unwrap_or_default()),
    )
}

/// [`encode`] for bytes that need not be UTF-8 (a decoded query value).
pub(crate) fn encode_bytes(out: &mut String, input: &[u8], set: Set) {
    encode_with(out, input, set, false, false, |out, a, b| {
        input[a..b].iter().for_each(|&c| push_ascii(out, c))
    });
}

/// The loop of the encoders; with `stop`, it ends at the first `?` or `#` and returns where.
fn encode_with(
    out: &mut String,
    input: &[u8],
    set: Set,
    keep_escapes: bool,
    stop: bool,
    push_run: impl Fn(&mut String, usize, usize),
) -> usize {
    let mask = set.mask();
    let mut i = 0;
    while i < input.len() {
        let start = i;
        i += safe_prefix(&input[i..], mask);
        if i > start {
            push_run(out, start, i);
        }
        if i == input.len() {
            break;
        }
        let b = input[i];
        if stop && (b == b'?' || b == b'#') {
            return i;
        }
        if keep_escapes && b == b'%' && is_escape(&input[i..]) {
            out.push('%');
            push_ascii(out, input[i + 1]);
            push_ascii(out, input[i + 2]);
            i += 3;
        } else if b == b' ' && set == Set::Form {
            out.push('+');
            i += 1;
        } else {
            out.push('%');
            push_ascii(out, HEX[usize::from(b >> 4)]);
            push_ascii(out, HEX[usize::from(b & 15)]);
            i += 1;
        }
    }
    input.len()
}

/// Decodes a form-encoded query name or value to bytes (`+` is a space, `%XX` a byte). Borrows
/// when there is nothing to decode.
pub(crate) fn decode_form(input: &str) -> std::borrow::Cow<'_, [u8]> {
    let bytes = input.as_bytes();
    if !bytes.iter().any(|&b| b == b'+' || b == b'%') {
        return bytes.into();
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if is_escape(&bytes[i..]) => {
                let hi = (bytes[i + 1] as char).to_digit(16).unwrap_or(0) as u8;
                let lo = (bytes[i + 2] as char).to_digit(16).unwrap_or(0) as u8;
                out.push(hi << 4 | lo);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    out.into()
}

/// `s` without its leading and trailing `/` (a byte loop: cheaper than a `char` pattern here).
pub(crate) fn trim_slashes(s: &str) -> &str {
    let bytes = s.as_bytes();
    let start = bytes.iter().position(|&b| b != b'/').unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b'/')
        .map_or(start, |i| i + 1);
    s.get(start..end).unwrap_or_default()
}

/// Appends one ASCII byte. The mask tells the compiler the char is one byte long, which makes
/// `String::push` a plain store (a byte from a table would otherwise take the UTF-8 path).
#[inline(always)]
fn push_ascii(out: &mut String, b: u8) {
    out.push(char::from(b & 0x7F));
}

/// The decimal pairs `00` to `99`: integers print two digits per division.
const PAIRS: &[u8; 200] = b"00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/// `-0` to `-999`, one after the other: `-0-1-2…-999`.
const SMALL_DIGITS: [u8; 3890] = {
    let mut t = [0u8; 3890];
    let mut n = 0;
    let mut at = 0;
    while n < 1000 {
        t[at] = b'-';
        at += 1;
        if n >= 100 {
            t[at] = b'0' + (n / 100) as u8;
            at += 1;
        }
        if n >= 10 {
            t[at] = b'0' + (n / 10 % 10) as u8;
            at += 1;
        }
        t[at] = b'0' + (n % 10) as u8;
        at += 1;
        n += 1;
    }
    t
};

/// `SMALL[n]` is `-` and `n` in decimal, for `n` under 1000: the `-value` of an entry, or,
/// without its first byte, the number alone.
static SMALL: [&str; 1000] = {
    let mut t = [""; 1000];
    let mut n = 0;
    let mut at = 0;
    while n < 1000 {
        let len = 2 + (n >= 10) as usize + (n >= 100) as usize;
        let (_, rest) = SMALL_DIGITS.split_at(at);
        let (digits, _) = rest.split_at(len);
        t[n] = match core::str::from_utf8(digits) {
            Ok(s) => s,
            Err(_) => panic!("digits are ASCII"),
        };
        at += len;
        n += 1;
    }
    t
};

/// Appends `n` in decimal.
#[inline(always)]
pub(crate) fn push_u64(out: &mut String, n: u64) {
    // Most values (sizes, angles, qualities) are under 1000: one copy from the table.
    match SMALL.get(n as usize) {
        Some(dash_digits) if n < 1000 => out.push_str(dash_digits.get(1..).unwrap_or_default()),
        _ => push_long_u64(out, n),
    }
}

/// Appends a string of at most four bytes with stores of a known size (no memcpy call).
#[inline(always)]
fn push_short(out: &mut String, s: &str) {
    match s.len() {
        2 => out.push_str(s.get(..2).unwrap_or_default()),
        3 => out.push_str(s.get(..3).unwrap_or_default()),
        4 => out.push_str(s.get(..4).unwrap_or_default()),
        _ => out.push_str(s),
    }
}

/// [`push_u64`] for four digits and more.
#[inline(never)]
fn push_long_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    while n >= 100 {
        let pair = 2 * (n % 100) as usize;
        n /= 100;
        i -= 2;
        digits[i] = PAIRS[pair];
        digits[i + 1] = PAIRS[pair + 1];
    }
    let pair = 2 * n as usize;
    i -= 1;
    digits[i] = PAIRS[pair + 1];
    if n >= 10 {
        i -= 1;
        digits[i] = PAIRS[pair];
    }
    for &d in &digits[i..] {
        push_ascii(out, d);
    }
}

/// The two separators of a transformation string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Separator {
    /// `,` between the entries of a step.
    Entry,
    /// `:` between steps.
    Step,
}

/// How the transformation string is escaped while it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TrMode {
    /// No escaping: the string as ImageKit reads it.
    Verbatim,
    /// In the path: path set, escapes kept, leading and trailing `/` trimmed.
    Path,
    /// In the `tr` query parameter: form set, escapes kept.
    Query,
}

/// Writes the transformation string straight into the URL, escaping as it goes, so no
/// intermediate string is built.
pub(crate) struct TrWriter<'o> {
    out: &'o mut String,
    mode: TrMode,
    start: usize,
}

impl<'o> TrWriter<'o> {
    pub(crate) fn new(out: &'o mut String, mode: TrMode) -> Self {
        let start = out.len();
        TrWriter { out, mode, start }
    }

    /// Writes text that may need escaping.
    pub(crate) fn push(&mut self, s: &str) {
        match self.mode {
            TrMode::Verbatim => self.out.push_str(s),
            TrMode::Path => {
                let s = if self.out.len() == self.start {
                    s.trim_start_matches('/')
                } else {
                    s
                };
                encode(self.out, s, Set::Path, true);
            }
            TrMode::Query => encode(self.out, s, Set::Form, true),
        }
    }

    /// Writes text that every mode keeps as it is: a catalog code, digits, `-`.
    #[inline(always)]
    pub(crate) fn push_safe(&mut self, s: &str) {
        debug_assert!(
            s.bytes().all(|b| SAFE[b as usize] & FORM != 0),
            "{s:?} is not safe"
        );
        // Most codes are one or two bytes: storing them beats a memcpy call.
        match *s.as_bytes() {
            [a] => push_ascii(self.out, a),
            [a, b] => {
                push_ascii(self.out, a);
                push_ascii(self.out, b);
            }
            _ => self.out.push_str(s),
        }
    }

    /// Writes one character that every mode keeps as it is (`-`, `_`).
    #[inline(always)]
    pub(crate) fn push_safe_char(&mut self, c: char) {
        debug_assert!(
            c.is_ascii_alphanumeric() || "-_.~".contains(c),
            "{c:?} is not safe"
        );
        self.out.push(c);
    }

    /// Writes the `,` between entries or the `:` between steps.
    #[inline(always)]
    pub(crate) fn push_separator(&mut self, sep: Separator) {
        match (self.mode, sep) {
            (TrMode::Query, Separator::Entry) => self.out.push_str("%2C"),
            (TrMode::Query, Separator::Step) => self.out.push_str("%3A"),
            (_, Separator::Entry) => self.out.push(','),
            (_, Separator::Step) => self.out.push(':'),
        }
    }

    /// Writes an integer.
    #[inline(always)]
    pub(crate) fn push_int(&mut self, n: i64) {
        if n < 0 {
            self.out.push('-');
        }
        self.push_u64(n.unsigned_abs());
    }

    /// Writes `-` and an integer: the value part of a `code-value` entry.
    #[inline(always)]
    pub(crate) fn push_dash_int(&mut self, n: i64) {
        match SMALL.get(n as usize) {
            Some(dash_digits) if (0..1000).contains(&n) => push_short(self.out, dash_digits),
            _ => {
                self.out.push('-');
                self.push_int(n);
            }
        }
    }

    /// Writes an unsigned integer.
    #[inline(always)]
    pub(crate) fn push_u64(&mut self, n: u64) {
        push_u64(self.out, n);
    }

    /// Writes `s` escaped as `encodeURIComponent` would, then escaped for the URL part, in one
    /// pass: the path set holds every component-safe byte, and both URL encodings keep the
    /// component escapes.
    pub(crate) fn push_component(&mut self, s: &str) {
        let set = match self.mode {
            TrMode::Verbatim | TrMode::Path => Set::Component,
            TrMode::Query => Set::ComponentInForm,
        };
        encode(self.out, s, set, false);
    }

    /// Ends the string (trimming trailing `/` in path mode); returns whether anything was written.
    pub(crate) fn finish(self) -> bool {
        if self.mode == TrMode::Path {
            while self.out.len() > self.start && self.out.ends_with('/') {
                self.out.pop();
            }
        }
        self.out.len() > self.start
    }
}

impl fmt::Write for TrWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn enc(s: &str, set: Set, keep: bool) -> String {
        let mut out = String::new();
        encode(&mut out, s, set, keep);
        out
    }

    #[rstest]
    #[case("/a b/é.jpg", "/a%20b/%C3%A9.jpg")]
    #[case("keep!$&'()*+,;=:@~", "keep!$&'()*+,;=:@~")]
    #[case("[1]{x}|^`\"<>\\", "%5B1%5D%7Bx%7D%7C%5E%60%22%3C%3E%5C")]
    #[case("100%25 50% %zz", "100%25%2050%25%20%25zz")]
    #[case("a?b#c", "a%3Fb%23c")]
    fn path_encoding_keeps_the_path_set_and_escapes(#[case] input: &str, #[case] want: &str) {
        assert_eq!(enc(input, Set::Path, true), want);
    }

    #[test]
    fn form_encoding_turns_space_into_plus_and_escapes_the_rest() {
        assert_eq!(
            enc("na me/:?&=~*'", Set::Form, false),
            "na+me%2F%3A%3F%26%3D~%2A%27"
        );
        assert_eq!(enc("a%20b", Set::Form, false), "a%2520b");
        assert_eq!(enc("a%20b", Set::Form, true), "a%20b");
    }

    #[test]
    fn component_encoding_matches_encode_uri_component() {
        assert_eq!(
            enc("50% off! (today) *only* @/", Set::Component, false),
            "50%25%20off!%20(today)%20*only*%20%40%2F"
        );
    }

    #[test]
    fn fragment_keeps_question_mark() {
        assert_eq!(
            enc("frag ment?x=1/é", Set::Fragment, true),
            "frag%20ment?x=1/%C3%A9"
        );
    }

    #[test]
    fn trim_slashes_trims_both_ends_only() {
        assert_eq!(trim_slashes("//a//b//"), "a//b");
        assert_eq!(trim_slashes("///"), "");
        assert_eq!(trim_slashes(""), "");
        assert_eq!(trim_slashes("é/"), "é");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_escaped() {
        let mut out = String::new();
        encode_bytes(&mut out, b"a b\xFF~", Set::Form);
        assert_eq!(out, "a+b%FF~");
    }

    #[test]
    fn integers_print_in_decimal() {
        let mut out = String::new();
        for n in [
            0,
            7,
            10,
            99,
            100,
            999,
            1000,
            9999,
            10_000,
            10_001,
            1_700_000_300,
            u64::MAX,
        ] {
            out.clear();
            push_u64(&mut out, n);
            assert_eq!(out, n.to_string());
        }
        out.clear();
        let mut w = TrWriter::new(&mut out, TrMode::Query);
        w.push_int(i64::MIN);
        w.push_int(-5);
        assert_eq!(out, "-9223372036854775808-5");
    }

    #[test]
    fn the_small_number_table_holds_every_number_under_1000() {
        let mut out = String::new();
        for n in 0..1000u64 {
            out.clear();
            push_u64(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn entry_values_are_a_dash_and_the_number() {
        for n in [0, 7, 42, 999, 1000, 123_456, -1, -1000, i64::MIN, i64::MAX] {
            let mut out = String::new();
            TrWriter::new(&mut out, TrMode::Path).push_dash_int(n);
            assert_eq!(out, format!("-{n}"));
        }
    }

    #[test]
    fn form_decoding_reads_plus_and_escapes_as_bytes() {
        assert_eq!(&*decode_form("a+b%20c%7E%zz%FF"), b"a b c~%zz\xFF");
        assert!(matches!(
            decode_form("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn path_writer_trims_slashes_at_both_ends() {
        let mut out = String::from("x/");
        let mut w = TrWriter::new(&mut out, TrMode::Path);
        w.push("//");
        w.push("/w-1/");
        w.push("/");
        assert!(w.finish());
        assert_eq!(out, "x/w-1");
    }
}
