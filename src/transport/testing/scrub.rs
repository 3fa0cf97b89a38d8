//! The [`Scrubber`] a [`Recording`](super::Recording) keeps fixtures with: secrets replaced
//! with `<redacted>` as they are and percent-encoded, headers redacted or left out.

use bytes::Bytes;
use http::header::{HeaderName, AUTHORIZATION};

use crate::url::{encode, Set};

/// What a scrubbed secret or a redacted header value is replaced with.
pub const REDACTED: &str = "<redacted>";

/// Replaces secrets with `<redacted>` and redacts or drops headers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scrubber {
    /// Each secret and its percent-encoded form, longest first.
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

    pub(crate) fn add_secret(&mut self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        let mut encoded = String::new();
        encode(&mut encoded, secret, Set::ComponentInForm, false);
        for s in [secret.to_owned(), encoded] {
            if !self.secrets.contains(&s) {
                self.secrets.push(s);
            }
        }
        self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }

    pub(crate) fn scrub_str(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in &self.secrets {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), REDACTED);
            }
        }
        text
    }

    pub(crate) fn scrub_bytes(&self, bytes: &Bytes) -> Bytes {
        let mut out: Option<Vec<u8>> = None;
        for secret in &self.secrets {
            let current = out.as_deref().unwrap_or(bytes);
            if let Some(replaced) = replace_all(current, secret.as_bytes(), REDACTED.as_bytes()) {
                out = Some(replaced);
            }
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

/// `haystack` with every `needle` replaced, or `None` when there is none.
fn replace_all(haystack: &[u8], needle: &[u8], with: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut found = false;
    let mut i = 0;
    while i + needle.len() <= haystack.len() {
        if &haystack[i..i + needle.len()] == needle {
            out.extend_from_slice(&haystack[start..i]);
            out.extend_from_slice(with);
            i += needle.len();
            start = i;
            found = true;
        } else {
            i += 1;
        }
    }
    found.then(|| {
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
    }
}
