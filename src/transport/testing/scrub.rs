//! The [`Scrubber`] a [`Recording`](super::Recording) keeps fixtures with (and a replaying
//! [`FakeTransport`](super::FakeTransport) compares requests with): secrets replaced with
//! `<redacted>` in every form they travel in, signed URLs' `ik-s` values too, headers redacted
//! or left out. Besides the secrets it is given, it learns the private key from a request's
//! HTTP Basic `Authorization` header and the key-derived `signature` and `token` fields from an
//! upload's form.

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, AUTHORIZATION};

use super::request::RecordedRequest;
use crate::url::{encode, Set};

/// What a scrubbed secret or a redacted header value is replaced with.
pub const REDACTED: &str = "<redacted>";

/// The form fields of an upload made with the private key: v1's `signature` (HMAC of `token`
/// and `expire`) and `token`, v2's `token` (a JWT signed with the key).
const DERIVED_FIELDS: [&str; 2] = ["signature", "token"];

/// Replaces secrets with `<redacted>` and redacts or drops headers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scrubber {
    /// Each form of each secret (see [`forms`]), longest first.
    secrets: Vec<String>,
    pub(super) redact: Vec<HeaderName>,
    pub(super) omit: Vec<HeaderName>,
}

impl Scrubber {
    pub(super) fn recording() -> Self {
        Scrubber {
            redact: vec![AUTHORIZATION],
            ..Scrubber::default()
        }
    }

    /// Scrubs `secret` from now on, in each of its [`forms`]. An empty one is ignored.
    pub(crate) fn add_secret(&mut self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        for form in forms(secret) {
            if !form.is_empty() && !self.secrets.contains(&form) {
                self.secrets.push(form);
            }
        }
        self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }

    /// This scrubber and what `request` gives away: the private key of its HTTP Basic
    /// `Authorization` header, and the [`DERIVED_FIELDS`] of its `multipart/form-data` body.
    pub(super) fn learning(&self, request: &RecordedRequest) -> Scrubber {
        let mut learned = self.clone();
        if let Some(key) = basic_auth_key(&request.headers) {
            learned.add_secret(&key);
        }
        for part in request.multipart_parts().unwrap_or_default() {
            if DERIVED_FIELDS.contains(&part.name.as_str()) {
                learned.add_secret(&String::from_utf8_lossy(&part.data));
            }
        }
        learned
    }

    pub(crate) fn scrub_str(&self, text: &str) -> String {
        let scrubbed = self.scrub_bytes(&Bytes::copy_from_slice(text.as_bytes()));
        // Only whole UTF-8 sequences (the secrets, hex digits) were replaced, by ASCII.
        String::from_utf8_lossy(&scrubbed).into_owned()
    }

    pub(crate) fn scrub_bytes(&self, bytes: &Bytes) -> Bytes {
        let mut out: Option<Vec<u8>> = None;
        for secret in &self.secrets {
            let needle = secret.as_bytes();
            let current = out.as_deref().unwrap_or(bytes);
            let next = |from: usize| {
                find(current, from, |at| current[at..].starts_with(needle))
                    .map(|at| (at, at + needle.len()))
            };
            if let Some(replaced) = replace_spans(current, next) {
                out = Some(replaced);
            }
        }
        let current = out.as_deref().unwrap_or(bytes);
        if let Some(replaced) = replace_spans(current, |from| signature_value(current, from)) {
            out = Some(replaced);
        }
        out.map(Bytes::from).unwrap_or_else(|| bytes.clone())
    }

    /// Whether header `name` is left out of fixtures.
    pub(super) fn omits(&self, name: &HeaderName) -> bool {
        self.omit.contains(name)
    }

    /// Whether header `name` is kept as `"<redacted>"`.
    pub(super) fn redacts(&self, name: &HeaderName) -> bool {
        self.redact.contains(name)
    }
}

/// The forms `secret` travels in: as it is, JSON-escaped (with `/` as is and as `\/`), in
/// base64 (standard and URL-safe, alone and as HTTP Basic's `secret:`, without padding), and
/// each of those percent-encoded (upper- and lower-case hex, `%20` and `+` for a space) and
/// percent-encoded twice (inside a URL inside a query).
fn forms(secret: &str) -> Vec<String> {
    let json = serde_json::Value::from(secret).to_string();
    let json = json[1..json.len() - 1].to_owned();
    let mut plain = vec![secret.to_owned(), json.replace('/', "\\/"), json];
    for bytes in [secret.to_owned(), format!("{secret}:")] {
        let bytes = bytes.as_bytes();
        plain.push(
            crate::base64::standard(bytes)
                .trim_end_matches('=')
                .to_owned(),
        );
        plain.push(crate::base64::url_safe(bytes));
    }
    let mut all = plain.clone();
    for form in &plain {
        let mut upper = String::new();
        encode(&mut upper, form, Set::ComponentInForm, false);
        let mut plus = String::new();
        encode(&mut plus, form, Set::Form, false);
        let mut twice = String::new();
        encode(&mut twice, &upper, Set::ComponentInForm, false);
        for encoded in [upper, plus, twice] {
            all.push(lower_hex(&encoded));
            all.push(encoded);
        }
    }
    all
}

/// `encoded` (every `%` starting an escape) with lower-case hex digits in its escapes.
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut digits = 0;
    for c in encoded.chars() {
        if c == '%' {
            digits = 2;
            out.push(c);
        } else if digits > 0 {
            digits -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The private key of an HTTP Basic `Authorization` header (`Basic base64(key:)`).
fn basic_auth_key(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(crate::base64::decode(token.trim())?).ok()?;
    decoded.strip_suffix(':').map(str::to_owned)
}

/// The first position from `from` where `matches` holds.
fn find(haystack: &[u8], from: usize, matches: impl Fn(usize) -> bool) -> Option<usize> {
    (from..haystack.len()).find(|&at| matches(at))
}

/// The span of the next signature of a signed URL from `from`: the hex digits after `ik-s=`
/// (any case), also when the URL is the value of a query parameter (`ik-s%3D`, `ik-s%253D`…).
fn signature_value(text: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut at = from;
    loop {
        let name = find(text, at, |i| {
            text.get(i..i + 4)
                .is_some_and(|n| n.eq_ignore_ascii_case(b"ik-s"))
        })?;
        let rest = &text[name + 4..];
        let separator = if rest.starts_with(b"=") {
            Some(1)
        } else if rest.starts_with(b"%") {
            let twenty_fives = rest[1..].chunks(2).take_while(|c| *c == b"25").count();
            let hex = 1 + 2 * twenty_fives;
            rest.get(hex..hex + 2)
                .filter(|h| h.eq_ignore_ascii_case(b"3d"))
                .map(|_| hex + 2)
        } else {
            None
        };
        if let Some(separator) = separator {
            let start = name + 4 + separator;
            let digits = text[start..]
                .iter()
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
            if digits > 0 {
                return Some((start, start + digits));
            }
        }
        at = name + 4;
    }
}

/// `haystack` with each span `next(from)` finds (searching on after each) replaced with
/// [`REDACTED`], or `None` when there is none.
fn replace_spans(
    haystack: &[u8],
    next: impl Fn(usize) -> Option<(usize, usize)>,
) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some((from, to)) = next(start) {
        out.extend_from_slice(&haystack[start..from]);
        out.extend_from_slice(REDACTED.as_bytes());
        start = to;
    }
    (start > 0).then(|| {
        out.extend_from_slice(&haystack[start..]);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubbing_replaces_raw_and_percent_encoded_secrets() {
        let mut s = Scrubber::default();
        s.add_secret("pk/1+x=");
        assert_eq!(
            s.scrub_str("a=pk/1+x=&b=pk%2F1%2Bx%3D"),
            "a=<redacted>&b=<redacted>"
        );
        assert_eq!(
            s.scrub_bytes(&Bytes::from_static(b"pk/1+x=pk/1+x=")),
            Bytes::from_static(b"<redacted><redacted>")
        );
        assert_eq!(s.scrub_str("b=pk%2f1%2bx%3d"), "b=<redacted>");
    }

    #[test]
    fn every_form_of_a_nasty_key_is_scrubbed() {
        let key = r#"k/"y\+%41 z"#;
        let mut s = Scrubber::default();
        s.add_secret(key);
        let json = serde_json::json!({ "k": key }).to_string();
        let mut encoded = String::new();
        encode(&mut encoded, key, Set::ComponentInForm, false);
        let basic = crate::base64::standard(format!("{key}:").as_bytes());
        for text in [
            key.to_owned(),
            json.clone(),
            json.replace('/', "\\/"),
            encoded.clone(),
            encoded.to_ascii_lowercase(),
            encoded.replace("%20", "+"),
            encoded.replace('%', "%25"),
            format!("Basic {basic}"),
            crate::base64::standard(key.as_bytes()),
        ] {
            let scrubbed = s.scrub_str(&text);
            assert!(scrubbed.contains(REDACTED), "{text} -> {scrubbed}");
            for form in forms(key) {
                assert!(
                    !scrubbed.contains(&form),
                    "{text} -> {scrubbed} holds {form}"
                );
            }
        }
    }

    #[test]
    fn signatures_of_signed_urls_are_scrubbed_however_encoded() {
        let s = Scrubber::default();
        for (text, want) in [
            (
                "/a.jpg?ik-t=1&ik-s=0aF9&x=1",
                "/a.jpg?ik-t=1&ik-s=<redacted>&x=1",
            ),
            (
                "?url=a.jpg%3FIK-S%3d0af9%26x",
                "?url=a.jpg%3FIK-S%3d<redacted>%26x",
            ),
            ("?u=a%253Fik-s%25253D0af9", "?u=a%253Fik-s%25253D<redacted>"),
            ("ik-s ik-s= ik-s=zz", "ik-s ik-s= ik-s=zz"),
        ] {
            assert_eq!(s.scrub_str(text), want);
        }
    }

    #[test]
    fn a_request_gives_away_its_basic_key_and_signed_upload_fields() {
        let body = "--b\r\nContent-Disposition: form-data; name=\"signature\"\r\n\r\nsig-1\r\n\
                    --b\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\njwt.a.b\r\n--b--\r\n";
        let request = http::Request::post("https://upload.imagekit.io/api/v2/files/upload")
            .header("authorization", "Basic cGsvMTo=")
            .header("content-type", "multipart/form-data; boundary=b")
            .body(crate::transport::Body::from(body.to_owned()))
            .unwrap();
        let request = RecordedRequest::read(&request).unwrap();
        let learned = Scrubber::default().learning(&request);
        assert_eq!(
            learned.scrub_str("pk/1 sig-1 jwt.a.b"),
            "<redacted> <redacted> <redacted>"
        );
    }
}
