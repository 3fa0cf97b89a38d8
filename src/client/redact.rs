//! What the request log line shows of a URI: [`LoggedUri`] leaves out a query that may carry a
//! secret (a signed URL's `ik-s`, a signature, a token…) and any user info before the host.

use core::fmt;

/// Names that mark a query as secret-bearing, matched in lower case after percent-decoding, so
/// a signed URL given as the value of another parameter (`?url=…%3Fik-s%3D…`) is caught too.
const SECRET_MARKERS: [&str; 6] = [
    "ik-s",
    "signature",
    "token",
    "secret",
    "password",
    "private",
];

/// A URI as the request log line writes it: the scheme, host and path, and the query unless it
/// names one of [`SECRET_MARKERS`] (then `?<redacted>`). User info (`user:pass@`) is left out.
pub(super) struct LoggedUri<'a>(pub(super) &'a http::Uri);

impl fmt::Display for LoggedUri<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let uri = self.0;
        if let (Some(scheme), Some(authority)) = (uri.scheme(), uri.authority()) {
            let host_and_port = authority
                .as_str()
                .rsplit_once('@')
                .map_or(authority.as_str(), |(_, rest)| rest);
            write!(f, "{scheme}://{host_and_port}")?;
        }
        f.write_str(uri.path())?;
        match uri.query() {
            None => Ok(()),
            Some(query) if holds_secret(query) => f.write_str("?<redacted>"),
            Some(query) => write!(f, "?{query}"),
        }
    }
}

/// Whether `query`, percent-decoded as many times as it takes (a URL inside a parameter inside
/// a parameter…), names a secret-bearing parameter, in any case.
fn holds_secret(query: &str) -> bool {
    let mut text = query.to_ascii_lowercase();
    loop {
        if SECRET_MARKERS.iter().any(|m| text.contains(m)) {
            return true;
        }
        let decoded = crate::url::decode_form(&text);
        if decoded.len() == text.len() {
            // Nothing was decoded: every form has been looked at.
            return false;
        }
        text = String::from_utf8_lossy(&decoded).to_ascii_lowercase();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logged(uri: &str) -> String {
        LoggedUri(&uri.parse().unwrap()).to_string()
    }

    #[test]
    fn queries_naming_a_secret_are_left_out_in_every_encoding() {
        for uri in [
            "https://api.imagekit.io/v1/metadata?url=https://ik.imagekit.io/d/a.jpg?ik-s=abc123",
            "https://api.imagekit.io/v1/metadata?url=https%3A%2F%2Fik.imagekit.io%2Fa.jpg%3Fik-t%3D1%26ik-s%3Dabc",
            "https://api.imagekit.io/v1/metadata?url=https%253A%252F%252Fik.io%252Fa.jpg%253FIK-S%253Dabc",
            "https://api.imagekit.io/v1/metadata?url=a.jpg%3F%49%4B%2D%53%3Dabc",
            "https://api.imagekit.io/v1/x?Token=abc",
            "https://api.imagekit.io/v1/x?a=1&signature=abc",
        ] {
            let shown = logged(uri);
            assert!(shown.ends_with("?<redacted>"), "{uri} -> {shown}");
            assert!(!shown.contains("abc"), "{uri} -> {shown}");
        }
    }

    #[test]
    fn other_queries_and_paths_are_shown_and_user_info_is_not() {
        assert_eq!(
            logged("https://api.imagekit.io/v1/files?limit=1&searchQuery=name%3D%22a%22"),
            "https://api.imagekit.io/v1/files?limit=1&searchQuery=name%3D%22a%22"
        );
        assert_eq!(
            logged("http://user:pass@127.0.0.1:4010/v1/files"),
            "http://127.0.0.1:4010/v1/files"
        );
        assert_eq!(logged("/v1/files?ik-s=1"), "/v1/files?<redacted>");
    }
}
