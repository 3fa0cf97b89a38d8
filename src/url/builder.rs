//! Assembles a URL from [`UrlOptions`](super::UrlOptions): endpoint and path or `src`, the
//! transformation in the path or the query, the query parameters, and the signature.
//!
//! Uses: `options`, `render`, `escape`, `value`, `error`, and the signing key.

use std::borrow::Cow;

use super::error::{InputError, Written};
use super::escape::{
    decode_form, encode, encode_bytes, encode_path, push_u64, trim_slashes, Set, TrMode, TrWriter,
};
use super::options::{TransformationPosition, UrlOptions};
use super::render::{estimate_value, write_scalar, write_steps, Joiner};
use super::transform::Steps;
use super::value::Value;
use crate::signing::key::{PrivateKey, NEVER};

/// Checks an endpoint and removes its trailing slashes: `http://` or `https://`, a host, and
/// no whitespace, control character, `?` or `#`.
pub(crate) fn check_endpoint(endpoint: &str) -> Result<&str, InputError> {
    if endpoint.is_empty() {
        return Err(InputError::EndpointEmpty);
    }
    // The scheme is looked for before the trailing slashes go: `https://` has no host.
    let Some(after_scheme) = strip_http(endpoint) else {
        return Err(InputError::EndpointNotHttp);
    };
    if has_bad_char(endpoint) {
        return Err(InputError::EndpointBadChar(endpoint.to_string()));
    }
    if endpoint.contains(['?', '#']) {
        return Err(InputError::EndpointQuery);
    }
    if host_len(after_scheme) == 0 {
        return Err(InputError::EndpointNoHost);
    }
    Ok(endpoint.trim_end_matches('/'))
}

/// What follows `http://` or `https://`.
fn strip_http(s: &str) -> Option<&str> {
    s.strip_prefix("https://").or(s.strip_prefix("http://"))
}

/// The length of the host at the start of what follows the scheme: up to `/`, `?` or `#`.
fn host_len(after_scheme: &str) -> usize {
    after_scheme
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(after_scheme.len())
}

/// Whitespace (Unicode's, as url.md lists it) or a control character (U+0000–U+001F, U+007F).
fn has_bad_char(s: &str) -> bool {
    // The ASCII ones are the controls and the space; only other text needs its characters read.
    s.bytes().any(|b| b <= b' ' || b == 0x7F)
        || (!s.is_ascii() && s.chars().any(char::is_whitespace))
}

/// Splits what follows the path (empty, or starting with `?` or `#`) into (query, fragment).
fn split_query(s: &str) -> (&str, &str) {
    if s.is_empty() {
        return ("", "");
    }
    if let Some(fragment) = s.strip_prefix('#') {
        return ("", fragment);
    }
    let s = s.strip_prefix('?').unwrap_or(s);
    s.split_once('#').unwrap_or((s, ""))
}

/// Builds the URL for `opts`: endpoint, then the path (with a `tr:` segment when the
/// transformation goes in the path) or `src`, then the query, signature and fragment; `now` is
/// read only to sign with expiry.
/// `client_endpoint` is the client's, already checked and trimmed.
#[inline]
pub(crate) fn build(
    opts: &UrlOptions<'_>,
    client_endpoint: &str,
    key: Option<&PrivateKey>,
    now: impl FnOnce() -> u64,
) -> Written<String> {
    let endpoint = match opts.url_endpoint {
        Some(endpoint) => check_endpoint(endpoint)?,
        // A client for API calls only has none.
        None if client_endpoint.is_empty() => return Err(InputError::EndpointEmpty.into()),
        None => client_endpoint,
    };
    let path = trim_slashes(opts.path.unwrap_or_default());
    let is_path = !path.is_empty();
    // (what goes before the encoded part, the rest, the transformation in the query)
    let (base, rest, tr_in_query) = if is_path {
        // A `src` beside the path is checked all the same.
        if let Some(src) = opts.src {
            split_src(src)?;
        }
        let in_query = opts.position == TransformationPosition::Query;
        (endpoint, path, in_query)
    } else {
        match split_src(opts.src.unwrap_or_default())? {
            Some((origin, rest)) => (origin, rest, true),
            None => return Err(InputError::MissingPathOrSrc.into()),
        }
    };
    if opts.signed && key.is_none() {
        return Err(InputError::MissingPrivateKey.into());
    }
    let steps = &opts.transformation;

    let estimate = base.len()
        + 3 * rest.len()
        + steps.estimate_len()
        + opts
            .query
            .iter()
            .map(|(n, v)| 2 + 3 * n.len() + estimate_value(v))
            .sum::<usize>()
        + if opts.signed { 72 } else { 8 };
    let mut out = String::with_capacity(estimate);
    out.push_str(base);
    if is_path {
        out.push('/');
        if !tr_in_query && !steps.is_empty() {
            let mark = out.len();
            out.push_str("tr:");
            let mut w = TrWriter::new(&mut out, TrMode::Path);
            write_steps(&mut w, steps, &mut Joiner::new(None))?;
            if w.finish() {
                out.push('/');
            } else {
                out.truncate(mark);
            }
        }
    }
    let path_len = encode_path(&mut out, rest);
    let tr = (tr_in_query && !steps.is_empty()).then_some(steps);
    let key = key.filter(|_| opts.signed);
    // Most URLs end with the path: the rest is kept out of this function.
    if path_len < rest.len() || !opts.query.is_empty() || tr.is_some() || key.is_some() {
        write_tail(&mut out, &rest[path_len..], opts, tr, endpoint, key, now)?;
    }
    Ok(out)
}

/// Writes what follows the path: the query (the URL's own, then the options' parameters, then
/// `tr`), the signature (`key` given)
/// and the fragment.
#[inline(never)]
fn write_tail(
    out: &mut String,
    after_path: &str,
    opts: &UrlOptions<'_>,
    tr: Option<&Steps<'_>>,
    endpoint: &str,
    key: Option<&PrivateKey>,
    now: impl FnOnce() -> u64,
) -> Written {
    let (query, fragment) = split_query(after_path);
    let has_query = if query.is_empty() && opts.query.is_empty() && tr.is_none() {
        false
    } else {
        write_query(out, query, &opts.query, tr, opts.signed)?
    };
    if let Some(key) = key {
        let expiry = match opts.expire_seconds {
            0 => None,
            s => Some(now().saturating_add(s)),
        };
        sign(out, endpoint, key, expiry, has_query);
    }
    if !fragment.is_empty() {
        out.push('#');
        encode(out, fragment, Set::Fragment, true);
    }
    Ok(())
}

/// Checks a `src` URL and splits it into its origin (`https://host`) and the rest (path, query,
/// fragment), its slashes trimmed; `None` when nothing is left. Kept out of `build`, where most
/// URLs have no `src`.
#[inline(never)]
fn split_src(src: &str) -> Result<Option<(&str, &str)>, InputError> {
    let src = trim_slashes(src);
    if src.is_empty() {
        return Ok(None);
    }
    let Some(after_scheme) = strip_http(src) else {
        // `https://` with its slashes trimmed: a scheme with no host.
        return Err(match src {
            "http:" | "https:" => InputError::SrcNoHost,
            _ => InputError::SrcNotHttp,
        });
    };
    let (host, _) = after_scheme.split_at(host_len(after_scheme));
    if host.is_empty() {
        return Err(InputError::SrcNoHost);
    }
    if has_bad_char(host) {
        return Err(InputError::SrcHostBadChar(host.to_string()));
    }
    Ok(Some(
        src.split_at(src.len() - after_scheme.len() + host.len()),
    ))
}

/// Appends `ik-t` (with an `expiry`) and `ik-s`: the HMAC-SHA1 of the URL after the endpoint,
/// with the expiry digits appended (`9999999999` when the URL never expires).
#[inline(never)]
fn sign(out: &mut String, endpoint: &str, key: &PrivateKey, expiry: Option<u64>, has_query: bool) {
    let url_len = out.len();
    push_u64(out, expiry.unwrap_or(NEVER));
    let signed_part = out
        .strip_prefix(endpoint)
        .and_then(|r| r.strip_prefix('/'))
        .unwrap_or(out);
    let signature = key.sha1_hex(&[signed_part.as_bytes()]);
    // The expiry digits just signed stay as the value of `ik-t`, or go.
    if expiry.is_some() {
        out.insert_str(url_len, if has_query { "&ik-t=" } else { "?ik-t=" });
        out.push('&');
    } else {
        out.truncate(url_len);
        out.push(if has_query { '&' } else { '?' });
    }
    out.push_str("ik-s=");
    out.push_str(core::str::from_utf8(&signature).unwrap_or_default());
}

/// A query parameter's value before it is written.
enum QueryValue<'v> {
    /// Decoded from the existing query.
    Bytes(Cow<'v, [u8]>),
    /// From `query_parameters`.
    Value(&'v Value<'v>),
}

/// Writes the query: the parameters already in the path or `src` first, then the options'
/// parameters (a name given again replaces the earlier value in place; `Null` adds nothing),
/// then `tr` when the transformation goes in the query. Returns whether the URL has a query.
fn write_query(
    out: &mut String,
    existing: &str,
    params: &[(&str, Value<'_>)],
    tr: Option<&Steps<'_>>,
    signed: bool,
) -> Written<bool> {
    let query_start = out.len();
    if existing.is_empty() && params.is_empty() {
        write_tr(out, tr, query_start)?;
        return Ok(out.len() > query_start);
    }
    let mut list: Vec<(Cow<'_, [u8]>, QueryValue<'_>)> = Vec::new();
    fn upsert<'v>(
        list: &mut Vec<(Cow<'v, [u8]>, QueryValue<'v>)>,
        name: Cow<'v, [u8]>,
        value: QueryValue<'v>,
    ) {
        match list.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => list.push((name, value)),
        }
    }
    for pair in existing.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode_form(value);
        if !value.is_empty() {
            upsert(&mut list, decode_form(name), QueryValue::Bytes(value));
        }
    }
    for (name, value) in params {
        if name.is_empty() {
            return Err(InputError::EmptyName("query_parameters").into());
        }
        match value {
            Value::Null => {}
            Value::List(_) => return Err(InputError::QueryValueNotScalar(name.to_string()).into()),
            Value::Float(f) if !f.is_finite() => {
                return Err(InputError::NonFiniteNumber(name.to_string()).into())
            }
            v => upsert(
                &mut list,
                Cow::Borrowed(name.as_bytes()),
                QueryValue::Value(v),
            ),
        }
    }
    if signed {
        list.retain(|(n, _)| **n != *b"ik-t" && **n != *b"ik-s");
    }
    let tr_slot = tr.and_then(|_| list.iter().position(|(n, _)| **n == *b"tr"));

    for (i, (name, value)) in list.iter().enumerate() {
        if Some(i) == tr_slot && write_tr(out, tr, query_start)? {
            continue;
        }
        out.push(if out.len() == query_start { '?' } else { '&' });
        encode_bytes(out, name, Set::Form);
        out.push('=');
        match value {
            QueryValue::Bytes(b) => encode_bytes(out, b, Set::Form),
            QueryValue::Value(Value::Str(s)) => encode(out, s, Set::Form, false),
            QueryValue::Value(v) => {
                // Numbers and booleans: only digits, signs, dots and letters (checked finite above).
                write_scalar(&mut TrWriter::new(out, TrMode::Query), "", v)?;
            }
        }
    }
    if tr_slot.is_none() {
        write_tr(out, tr, query_start)?;
    }
    Ok(out.len() > query_start)
}

/// Writes `tr=<steps>` as the next query parameter; writes nothing when the steps render nothing.
fn write_tr(out: &mut String, tr: Option<&Steps<'_>>, query_start: usize) -> Written<bool> {
    let Some(steps) = tr else {
        return Ok(false);
    };
    let mark = out.len();
    out.push(if mark == query_start { '?' } else { '&' });
    out.push_str("tr=");
    let mut w = TrWriter::new(out, TrMode::Query);
    write_steps(&mut w, steps, &mut Joiner::new(None))?;
    if w.finish() {
        Ok(true)
    } else {
        out.truncate(mark);
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_query_finds_query_and_fragment() {
        assert_eq!(split_query(""), ("", ""));
        assert_eq!(split_query("?v=1#x"), ("v=1", "x"));
        assert_eq!(split_query("#f?x=1"), ("", "f?x=1"));
        assert_eq!(split_query("?#"), ("", ""));
    }
}
