//! A [`Fixture`]: one recorded exchange as a readable JSON file, read back for replay, with
//! the differences between a fixture's request and the request a replay got.
//!
//! One exchange per file, named `001-post-v1-files.json` (its position, method and path):
//!
//! ```json
//! {
//!   "request": {
//!     "method": "POST",
//!     "uri": "https://api.imagekit.io/v1/files/rename",
//!     "headers": { "authorization": "<redacted>", "content-type": "application/json" },
//!     "body": { "filePath": "/a.jpg", "newFileName": "b.jpg" }
//!   },
//!   "response": {
//!     "status": 200,
//!     "headers": { "content-type": "application/json" },
//!     "body": { "purgeRequestId": "abc" }
//!   }
//! }
//! ```
//!
//! A body is `null` when empty, the JSON itself when it is a JSON object or array that
//! serializes back to the very same bytes, `{"text": "..."}` for other UTF-8 and
//! `{"base64": "..."}` for anything else, so a replayed body is byte for byte the recorded one.
//! A header with several values holds an array of them.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, CONTENT_TYPE};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::request::RecordedRequest;
use super::scrub::{Scrubber, REDACTED};
use crate::transport::multipart::parse_multipart;

/// One recorded exchange: a request and the response it got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fixture {
    /// The request as sent (scrubbed).
    pub request: FixtureRequest,
    /// The response as received (scrubbed).
    pub response: FixtureResponse,
    /// The file this fixture was read from, for messages.
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

/// The request half of a [`Fixture`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixtureRequest {
    /// `GET`, `POST`…
    pub method: String,
    /// The whole URI, kept as text (a scrubbed secret makes it an invalid `http::Uri`).
    pub uri: String,
    /// Header names in lower case. On replay only these headers are checked; a value of
    /// `"<redacted>"` only requires the header to be present.
    #[serde(default)]
    pub headers: BTreeMap<String, HeaderValues>,
    /// The body.
    #[serde(default)]
    pub body: FixtureBody,
}

/// The response half of a [`Fixture`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixtureResponse {
    /// The status code.
    pub status: u16,
    /// Header names in lower case.
    #[serde(default)]
    pub headers: BTreeMap<String, HeaderValues>,
    /// The body.
    #[serde(default)]
    pub body: FixtureBody,
}

/// The values of one header: a string, or an array when the header was repeated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HeaderValues {
    /// The header once.
    One(String),
    /// The header several times, in order.
    Many(Vec<String>),
}

impl HeaderValues {
    /// The values in order.
    pub fn values(&self) -> Vec<&str> {
        match self {
            HeaderValues::One(v) => vec![v.as_str()],
            HeaderValues::Many(vs) => vs.iter().map(String::as_str).collect(),
        }
    }

    pub(super) fn from_vec(mut values: Vec<String>) -> Self {
        if values.len() == 1 {
            HeaderValues::One(values.remove(0))
        } else {
            HeaderValues::Many(values)
        }
    }
}

/// A body in a [`Fixture`]: `null`, inline JSON, `{"text": ...}` or `{"base64": ...}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum FixtureBody {
    /// No bytes.
    #[default]
    Empty,
    /// A JSON object or array whose compact serialization is exactly the body.
    Json(Json),
    /// UTF-8 text.
    Text(String),
    /// Any other bytes (written as base64).
    Binary(Bytes),
}

impl FixtureBody {
    /// Classifies `bytes`: JSON only when it serializes back to the same bytes, so
    /// [`to_bytes`](Self::to_bytes) gives back exactly `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        if bytes.is_empty() {
            return FixtureBody::Empty;
        }
        if let Ok(value) = serde_json::from_slice::<Json>(bytes) {
            let container = value.is_object() || value.is_array();
            if container
                && !looks_like_wrapper(&value)
                && serde_json::to_vec(&value).is_ok_and(|v| v == bytes)
            {
                return FixtureBody::Json(value);
            }
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => FixtureBody::Text(text.to_owned()),
            Err(_) => FixtureBody::Binary(Bytes::copy_from_slice(bytes)),
        }
    }

    /// The body's bytes.
    pub fn to_bytes(&self) -> Bytes {
        match self {
            FixtureBody::Empty => Bytes::new(),
            // Serializing a `Value` cannot fail (its keys are strings).
            FixtureBody::Json(v) => serde_json::to_vec(v).map(Bytes::from).unwrap_or_default(),
            FixtureBody::Text(t) => Bytes::from(t.clone()),
            FixtureBody::Binary(b) => b.clone(),
        }
    }

    fn to_value(&self) -> Json {
        match self {
            FixtureBody::Empty => Json::Null,
            FixtureBody::Json(v) => v.clone(),
            FixtureBody::Text(t) => serde_json::json!({ "text": t }),
            FixtureBody::Binary(b) => serde_json::json!({ "base64": crate::base64::standard(b) }),
        }
    }

    fn from_value(value: Json) -> Result<Self, String> {
        if let Some(obj) = value.as_object().filter(|_| looks_like_wrapper(&value)) {
            if let Some(Json::String(t)) = obj.get("text") {
                return Ok(FixtureBody::Text(t.clone()));
            }
            if let Some(Json::String(b)) = obj.get("base64") {
                return crate::base64::decode(b)
                    .map(|b| FixtureBody::Binary(b.into()))
                    .ok_or_else(|| "body: invalid base64".to_owned());
            }
        }
        Ok(match value {
            Json::Null => FixtureBody::Empty,
            other => FixtureBody::Json(other),
        })
    }
}

/// `{"text": "..."}` or `{"base64": "..."}`: a JSON body of that shape is kept as text so that
/// reading it back is not ambiguous.
fn looks_like_wrapper(value: &Json) -> bool {
    value.as_object().is_some_and(|o| {
        o.len() == 1
            && (o.get("text").is_some_and(Json::is_string)
                || o.get("base64").is_some_and(Json::is_string))
    })
}

impl Serialize for FixtureBody {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FixtureBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Json::deserialize(deserializer)?;
        FixtureBody::from_value(value).map_err(serde::de::Error::custom)
    }
}

impl Fixture {
    /// `headers` as a fixture keeps them: scrubbed, redacted or left out by `scrubber`.
    fn scrubbed_headers(
        scrubber: &Scrubber,
        headers: &HeaderMap,
    ) -> BTreeMap<String, HeaderValues> {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in headers {
            if scrubber.omits(name) {
                continue;
            }
            let value = if scrubber.redacts(name) {
                REDACTED.to_owned()
            } else {
                scrubber.scrub_str(&String::from_utf8_lossy(value.as_bytes()))
            };
            map.entry(name.as_str().to_owned()).or_default().push(value);
        }
        map.into_iter()
            .map(|(k, v)| (k, HeaderValues::from_vec(v)))
            .collect()
    }

    /// The exchange of `request` and `response` as a fixture, scrubbed by `scrubber`.
    pub(super) fn scrubbed(
        scrubber: &Scrubber,
        request: &RecordedRequest,
        response: &http::Response<Bytes>,
    ) -> Fixture {
        Fixture {
            request: FixtureRequest {
                method: request.method.as_str().to_owned(),
                uri: scrubber.scrub_str(&request.uri.to_string()),
                headers: Fixture::scrubbed_headers(scrubber, &request.headers),
                body: FixtureBody::from_bytes(&scrubber.scrub_bytes(&request.body)),
            },
            response: FixtureResponse {
                status: response.status().as_u16(),
                headers: Fixture::scrubbed_headers(scrubber, response.headers()),
                body: FixtureBody::from_bytes(&scrubber.scrub_bytes(response.body())),
            },
            source: None,
        }
    }

    /// Reads one fixture file.
    pub fn read(path: impl AsRef<Path>) -> io::Result<Fixture> {
        let path = path.as_ref();
        let text = std::fs::read(path).map_err(|e| with_path(path, e))?;
        let mut fixture: Fixture = serde_json::from_slice(&text)
            .map_err(|e| with_path(path, io::Error::new(io::ErrorKind::InvalidData, e)))?;
        fixture.source = Some(path.to_path_buf());
        Ok(fixture)
    }

    /// Reads every `*.json` file of `dir`, in the order of their leading number (then name).
    pub fn read_dir(dir: impl AsRef<Path>) -> io::Result<Vec<Fixture>> {
        let dir = dir.as_ref();
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| with_path(dir, e))? {
            let path = entry.map_err(|e| with_path(dir, e))?.path();
            if path.extension().is_some_and(|e| e == "json") && path.is_file() {
                paths.push(path);
            }
        }
        paths.sort_by_cached_key(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            (digits.parse::<u64>().unwrap_or(u64::MAX), name)
        });
        paths.iter().map(Fixture::read).collect()
    }

    /// Writes this fixture as pretty JSON.
    pub fn write(&self, path: impl AsRef<Path>) -> io::Result<()> {
        let path = path.as_ref();
        let mut text = serde_json::to_string_pretty(self)
            .map_err(|e| with_path(path, io::Error::new(io::ErrorKind::InvalidData, e)))?;
        text.push('\n');
        std::fs::write(path, text).map_err(|e| with_path(path, e))
    }

    /// The file name for the `index`-th exchange (from 1): `001-post-v1-files.json`.
    pub fn file_name(&self, index: usize) -> String {
        let mut slug = String::new();
        for c in uri_path(&self.request.uri).chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
            if slug.len() >= 60 {
                break;
            }
        }
        let slug = slug.trim_end_matches('-');
        let slug = if slug.is_empty() { "root" } else { slug };
        let method = self.request.method.to_ascii_lowercase();
        format!("{index:03}-{method}-{slug}.json")
    }

    /// The recorded response, to answer with.
    pub fn to_response(&self) -> Result<http::Response<Bytes>, String> {
        let mut response = http::Response::new(self.response.body.to_bytes());
        *response.status_mut() = http::StatusCode::from_u16(self.response.status)
            .map_err(|_| format!("invalid status {}", self.response.status))?;
        *response.headers_mut() = header_map(&self.response.headers)?;
        Ok(response)
    }

    /// What differs between this fixture's request and `request`, one precise line each
    /// (`header "content-type": expected "application/json", got "text/plain"`,
    /// `body: at $.name expected "a", got "b"`); empty when the request matches. Only the
    /// headers the fixture records are checked, JSON bodies are compared as JSON and
    /// `multipart/form-data` bodies part by part (their boundaries may differ). Both are
    /// scrubbed as replay scrubs them (the key of the request's `Authorization`, its upload
    /// `signature` and `token` fields, signed URLs' `ik-s`).
    pub fn differences(&self, request: &RecordedRequest) -> Vec<String> {
        self.differences_scrubbed(request, &Scrubber::default())
    }

    /// [`differences`](Self::differences) with both sides scrubbed by `scrubber` and what
    /// `request` gives away, so a fixture recorded before a secret was scrubbed still matches.
    pub(crate) fn differences_scrubbed(
        &self,
        request: &RecordedRequest,
        scrubber: &Scrubber,
    ) -> Vec<String> {
        let scrubber = &scrubber.learning(request);
        let want = &self.request.scrubbed(scrubber);
        let mut out = Vec::new();
        if !want.method.eq_ignore_ascii_case(request.method.as_str()) {
            out.push(format!(
                "method: expected {:?}, got {:?}",
                want.method,
                request.method.as_str()
            ));
        }
        let uri = scrubber.scrub_str(&request.uri.to_string());
        if want.uri != uri {
            let (wp, gp) = (uri_path(&want.uri), uri_path(&uri));
            let what = if wp != gp { "path" } else { "uri" };
            let (w, g) = if wp != gp {
                (wp, gp)
            } else {
                (want.uri.as_str(), uri.as_str())
            };
            out.push(format!("{what}: expected {w:?}, got {g:?}"));
        }

        let want_type = first_value(&want.headers, "content-type");
        let got_type = request
            .headers
            .get(CONTENT_TYPE)
            .map(|v| scrubber.scrub_str(&String::from_utf8_lossy(v.as_bytes())));
        let multipart = want_type.as_deref().is_some_and(is_multipart)
            && got_type.as_deref().is_some_and(is_multipart);

        for (name, values) in &want.headers {
            let name = name.to_ascii_lowercase();
            let got: Vec<String> = request
                .headers
                .get_all(name.as_str())
                .iter()
                .map(|v| scrubber.scrub_str(&String::from_utf8_lossy(v.as_bytes())))
                .collect();
            let want_values = values.values();
            if want_values == [REDACTED] && !got.is_empty() {
                continue;
            }
            if multipart && name == "content-length" {
                continue;
            }
            let equal = if multipart && name == "content-type" {
                got.len() == 1 && without_boundary(want_values[0]) == without_boundary(&got[0])
            } else {
                want_values == got
            };
            if !equal {
                let got_text = match got.len() {
                    0 => "missing".to_owned(),
                    1 => format!("got {:?}", got[0]),
                    _ => format!("got {got:?}"),
                };
                let want_text = match want_values.len() {
                    1 => format!("{:?}", want_values[0]),
                    _ => format!("{want_values:?}"),
                };
                out.push(format!("header {name:?}: expected {want_text}, {got_text}"));
            }
        }

        let got_body = scrubber.scrub_bytes(&request.body);
        match &want.body {
            FixtureBody::Json(expected) => match serde_json::from_slice::<Json>(&got_body) {
                Ok(got) => diff_json("$", expected, &got, &mut out),
                Err(_) => out.push(format!(
                    "body: expected JSON {}, got non-JSON {}",
                    short_json(expected),
                    short_bytes(&got_body)
                )),
            },
            other if multipart => {
                let expected = other.to_bytes();
                diff_multipart(
                    want_type.as_deref().unwrap_or_default(),
                    &expected,
                    got_type.as_deref().unwrap_or_default(),
                    &got_body,
                    &mut out,
                );
            }
            other => diff_bytes("body", &other.to_bytes(), &got_body, &mut out),
        }
        out
    }
}

impl FixtureRequest {
    /// This request with its URI, header values and body scrubbed by `scrubber`.
    fn scrubbed(&self, scrubber: &Scrubber) -> FixtureRequest {
        let mut out = self.clone();
        out.uri = scrubber.scrub_str(&out.uri);
        out.body = FixtureBody::from_bytes(&scrubber.scrub_bytes(&out.body.to_bytes()));
        for values in out.headers.values_mut() {
            let scrubbed = values.values().into_iter().map(|v| scrubber.scrub_str(v));
            *values = HeaderValues::from_vec(scrubbed.collect());
        }
        out
    }
}

pub(super) fn with_path(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// The path of a URI kept as text (without scheme, authority, query or fragment).
fn uri_path(uri: &str) -> &str {
    let rest = match uri.find("://") {
        Some(i) => {
            let after = &uri[i + 3..];
            match after.find('/') {
                Some(j) => &after[j..],
                None => "",
            }
        }
        None => uri,
    };
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

fn first_value(headers: &BTreeMap<String, HeaderValues>, name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v.values().first().map(|s| (*s).to_owned()))
}

fn is_multipart(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("multipart/form-data"))
}

fn without_boundary(content_type: &str) -> String {
    content_type
        .split(';')
        .map(str::trim)
        .filter(|p| {
            !p.get(..9)
                .is_some_and(|k| k.eq_ignore_ascii_case("boundary="))
        })
        .collect::<Vec<_>>()
        .join("; ")
        .to_ascii_lowercase()
}

fn header_map(headers: &BTreeMap<String, HeaderValues>) -> Result<HeaderMap, String> {
    let mut map = HeaderMap::new();
    for (name, values) in headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("invalid header name {name:?}"))?;
        for value in values.values() {
            let value = http::HeaderValue::from_str(value)
                .map_err(|_| format!("invalid value {value:?} of header {name:?}"))?;
            map.append(name.clone(), value);
        }
    }
    Ok(map)
}

const MAX_DIFFERENCES: usize = 20;

fn short(text: String) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        text
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

fn short_json(value: &Json) -> String {
    short(value.to_string())
}

fn short_bytes(bytes: &[u8]) -> String {
    short(format!("\"{}\"", bytes.escape_ascii()))
}

fn json_path(parent: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        format!("{parent}.{key}")
    } else {
        format!("{parent}[{}]", Json::from(key))
    }
}

/// Pushes each difference between `want` and `got` at `path` (`$.a.b[2]`).
fn diff_json(path: &str, want: &Json, got: &Json, out: &mut Vec<String>) {
    if out.len() >= MAX_DIFFERENCES {
        return;
    }
    match (want, got) {
        (Json::Object(w), Json::Object(g)) => {
            for (key, wv) in w {
                let p = json_path(path, key);
                match g.get(key) {
                    Some(gv) => diff_json(&p, wv, gv, out),
                    None => out.push(format!("body: at {p} expected {}, missing", short_json(wv))),
                }
            }
            for (key, gv) in g {
                if !w.contains_key(key) {
                    let p = json_path(path, key);
                    out.push(format!("body: at {p} unexpected {}", short_json(gv)));
                }
            }
        }
        (Json::Array(w), Json::Array(g)) => {
            if w.len() != g.len() {
                out.push(format!(
                    "body: at {path} expected {} items, got {}",
                    w.len(),
                    g.len()
                ));
            }
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                diff_json(&format!("{path}[{i}]"), wv, gv, out);
            }
        }
        _ if want != got => out.push(format!(
            "body: at {path} expected {}, got {}",
            short_json(want),
            short_json(got)
        )),
        _ => {}
    }
}

fn diff_bytes(what: &str, want: &[u8], got: &[u8], out: &mut Vec<String>) {
    if want == got {
        return;
    }
    let at = want
        .iter()
        .zip(got)
        .position(|(a, b)| a != b)
        .unwrap_or(want.len().min(got.len()));
    let from = at.saturating_sub(16);
    let snippet = |b: &[u8]| short_bytes(&b[from.min(b.len())..(at + 32).min(b.len())]);
    out.push(format!(
        "{what}: expected {} bytes, got {}; first difference at byte {at}: expected {}, got {}",
        want.len(),
        got.len(),
        snippet(want),
        snippet(got)
    ));
}

fn diff_multipart(want_type: &str, want: &[u8], got_type: &str, got: &[u8], out: &mut Vec<String>) {
    let parse = |ty: &str, body: &[u8]| parse_multipart(ty, body);
    let (w, g) = match (parse(want_type, want), parse(got_type, got)) {
        (Ok(w), Ok(g)) => (w, g),
        (Err(e), _) => return out.push(format!("body: the fixture's multipart body: {e}")),
        (_, Err(e)) => return out.push(format!("body: {e}")),
    };
    if w.len() != g.len() {
        out.push(format!(
            "body: expected {} multipart parts, got {}",
            w.len(),
            g.len()
        ));
    }
    for (i, (wp, gp)) in w.iter().zip(&g).enumerate() {
        let label = format!("body: part {} ({:?})", i + 1, wp.name);
        if wp.name != gp.name {
            out.push(format!(
                "{label}: name expected {:?}, got {:?}",
                wp.name, gp.name
            ));
        }
        if wp.filename != gp.filename {
            out.push(format!(
                "{label}: filename expected {:?}, got {:?}",
                wp.filename, gp.filename
            ));
        }
        if wp.content_type != gp.content_type {
            out.push(format!(
                "{label}: content type expected {:?}, got {:?}",
                wp.content_type, gp.content_type
            ));
        }
        diff_bytes(&format!("{label}: data"), &wp.data, &gp.data, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_json_only_when_lossless() {
        assert!(matches!(
            FixtureBody::from_bytes(br#"{"a":1}"#),
            FixtureBody::Json(_)
        ));
        assert!(matches!(
            FixtureBody::from_bytes(br#"{ "a": 1 }"#),
            FixtureBody::Text(_)
        ));
        assert!(matches!(
            FixtureBody::from_bytes(br#"{"text":"x"}"#),
            FixtureBody::Text(_)
        ));
        assert!(matches!(
            FixtureBody::from_bytes(b"1"),
            FixtureBody::Text(_)
        ));
        assert!(matches!(
            FixtureBody::from_bytes(&[0xff, 0]),
            FixtureBody::Binary(_)
        ));
        for body in [
            FixtureBody::from_bytes(br#"{"text":"x"}"#),
            FixtureBody::from_bytes(&[0xff, 0]),
            FixtureBody::from_bytes(br#"[1,{"b":null}]"#),
            FixtureBody::Empty,
        ] {
            let text = serde_json::to_string(&body).unwrap();
            assert_eq!(serde_json::from_str::<FixtureBody>(&text).unwrap(), body);
        }
    }

    #[test]
    fn file_names_slug_the_path() {
        let mut f = Fixture {
            request: FixtureRequest {
                method: "POST".into(),
                uri: "https://upload.imagekit.io/api/v1/files/upload?x=1".into(),
                headers: BTreeMap::new(),
                body: FixtureBody::Empty,
            },
            response: FixtureResponse {
                status: 200,
                headers: BTreeMap::new(),
                body: FixtureBody::Empty,
            },
            source: None,
        };
        assert_eq!(f.file_name(1), "001-post-api-v1-files-upload.json");
        f.request.uri = "https://api.imagekit.io".into();
        f.request.method = "GET".into();
        assert_eq!(f.file_name(12), "012-get-root.json");
    }
}
