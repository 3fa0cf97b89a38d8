//! Reads a `multipart/form-data` body back into its parts (RFC 7578 / RFC 2046), for tests.

use core::fmt;

use bytes::Bytes;

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartPart {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// The `filename` of its `Content-Disposition`, for a file.
    pub filename: Option<String>,
    /// Its `Content-Type`, when given.
    pub content_type: Option<String>,
    /// All its headers in order, names in lower case.
    pub headers: Vec<(String, String)>,
    /// Its bytes.
    pub data: Bytes,
}

impl MultipartPart {
    /// The data as text, when it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.data).ok()
    }
}

/// Why a body is not well-formed `multipart/form-data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartError {
    message: String,
}

impl MultipartError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        MultipartError {
            message: message.into(),
        }
    }
}

impl fmt::Display for MultipartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed multipart body: {}", self.message)
    }
}

impl std::error::Error for MultipartError {}

/// Splits `params` (`a=1; b="x;y"`) into lower-case names and values, quotes and
/// backslash escapes removed.
fn parse_params(params: &str) -> Result<Vec<(String, String)>, MultipartError> {
    let mut out = Vec::new();
    let mut chars = params.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ';') {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(out);
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ';' {
                break;
            }
            name.push(c);
            chars.next();
        }
        let name = name.trim().to_ascii_lowercase();
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                chars.next();
            }
            if chars.peek() == Some(&'"') {
                chars.next();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c) => value.push(c),
                            None => return Err(MultipartError::new("unterminated quoted value")),
                        },
                        Some(c) => value.push(c),
                        None => return Err(MultipartError::new("unterminated quoted value")),
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == ';' {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
                value = value.trim().to_owned();
            }
        }
        out.push((name, value));
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// Parses a `multipart/form-data` `body` sent with `content_type` (RFC 7578 / RFC 2046).
pub(crate) fn parse_multipart(
    content_type: &str,
    body: &[u8],
) -> Result<Vec<MultipartPart>, MultipartError> {
    let (media, params) = content_type.split_once(';').unwrap_or((content_type, ""));
    if !media.trim().eq_ignore_ascii_case("multipart/form-data") {
        return Err(MultipartError::new(format!(
            "Content-Type is {content_type:?}, not multipart/form-data"
        )));
    }
    let boundary = parse_params(params)?
        .into_iter()
        .find(|(k, _)| k == "boundary")
        .map(|(_, v)| v)
        .filter(|b| !b.is_empty() && b.len() <= 70)
        .ok_or_else(|| MultipartError::new("no valid boundary in the Content-Type header"))?;
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\r\n--{boundary}");

    // The first delimiter starts the body or a line after a preamble.
    let mut pos = if body.starts_with(delimiter.as_bytes()) {
        delimiter.len()
    } else {
        find(body, next_delimiter.as_bytes(), 0)
            .map(|i| i + next_delimiter.len())
            .ok_or_else(|| MultipartError::new(format!("no delimiter {delimiter:?}")))?
    };

    let mut parts = Vec::new();
    loop {
        let rest = &body[pos..];
        if rest.starts_with(b"--") {
            return Ok(parts); // the closing delimiter; an epilogue may follow
        }
        let padding = rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if !rest[padding..].starts_with(b"\r\n") {
            return Err(MultipartError::new(format!(
                "delimiter {} not followed by CRLF",
                parts.len() + 1
            )));
        }
        pos += padding + 2;

        let (header_block, data_start) = if body[pos..].starts_with(b"\r\n") {
            (&body[pos..pos], pos + 2)
        } else {
            let end = find(body, b"\r\n\r\n", pos).ok_or_else(|| {
                MultipartError::new(format!("part {}: headers never end", parts.len() + 1))
            })?;
            (&body[pos..end], end + 4)
        };
        let data_end = find(body, next_delimiter.as_bytes(), data_start).ok_or_else(|| {
            MultipartError::new(format!(
                "part {}: no delimiter after its data (truncated body?)",
                parts.len() + 1
            ))
        })?;
        parts.push(parse_part(
            parts.len() + 1,
            header_block,
            &body[data_start..data_end],
        )?);
        pos = data_end + next_delimiter.len();
    }
}

fn parse_part(
    index: usize,
    header_block: &[u8],
    data: &[u8],
) -> Result<MultipartPart, MultipartError> {
    let err = |m: String| MultipartError::new(format!("part {index}: {m}"));
    let text = std::str::from_utf8(header_block)
        .map_err(|_| err("its headers are not UTF-8".to_owned()))?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        if line.starts_with([' ', '\t']) {
            // An obsolete folded line continues the previous header.
            let last = headers
                .last_mut()
                .ok_or_else(|| err(format!("header line {line:?} continues nothing")))?;
            last.1.push(' ');
            last.1.push_str(line.trim());
            continue;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| err(format!("header line {line:?} has no colon")))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let disposition = headers
        .iter()
        .find(|(k, _)| k == "content-disposition")
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| err("no Content-Disposition header".to_owned()))?;
    let (kind, params) = disposition.split_once(';').unwrap_or((disposition, ""));
    if !kind.trim().eq_ignore_ascii_case("form-data") {
        return Err(err(format!(
            "Content-Disposition {disposition:?} is not form-data"
        )));
    }
    let params = parse_params(params).map_err(|e| err(e.message))?;
    let param = |key: &str| {
        params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let name = param("name").ok_or_else(|| err("Content-Disposition has no name".to_owned()))?;
    let content_type = headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map(|(_, v)| v.clone());
    Ok(MultipartPart {
        name,
        filename: param("filename"),
        content_type,
        headers,
        data: Bytes::copy_from_slice(data),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(boundary: &str, body: &[u8]) -> Result<Vec<MultipartPart>, MultipartError> {
        parse_multipart(&format!("multipart/form-data; boundary={boundary}"), body)
    }

    #[test]
    fn quoted_parameters_keep_semicolons_and_escapes() {
        let p = parse_params(r#" name="a;b"; filename="x\"y.jpg"; z=1 "#).unwrap();
        assert_eq!(
            p,
            [
                ("name".into(), "a;b".into()),
                ("filename".into(), "x\"y.jpg".into()),
                ("z".into(), "1".into())
            ]
        );
    }

    #[test]
    fn malformed_bodies_are_errors() {
        let ok = b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n";
        assert_eq!(parts("b", ok).unwrap().len(), 1);
        for bad in [
            &b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"[..],
            b"--b\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b--",
            b"--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b--",
            b"--b\r\nContent-Disposition: form-data; name=\"a\"",
            b"--bx\r\n",
            b"",
        ] {
            assert!(
                parts("b", bad).is_err(),
                "{:?}",
                bad.escape_ascii().to_string()
            );
        }
        assert!(parse_multipart("text/plain", ok).is_err());
        assert!(parse_multipart("multipart/form-data", ok).is_err());
    }

    #[test]
    fn a_preamble_and_an_empty_part_parse() {
        let body = b"junk\r\n--b\r\nContent-Disposition: form-data; name=e\r\n\r\n\r\n--b--";
        let p = parts("b", body).unwrap();
        assert_eq!(p[0].name, "e");
        assert!(p[0].data.is_empty());
    }
}
