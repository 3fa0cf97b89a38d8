//! The URL builder on arbitrary options in the official SDKs' JSON shape, and query merging.

use hmac::{Hmac, Mac};
use imagekit::NAME_TABLE;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Value as Json};
use sha1::Sha1;

use super::{client, config, ENDPOINT, NEVER, PRIVATE_KEY};

// ---------------------------------------------------------------------------------------------
// Generators of options in the official SDKs' JSON shape.

/// Short texts with the characters that matter to URLs, and some non-ASCII.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-zA-Z0-9_.-]{0,8}",
        3 => "[ -~]{0,12}",
        1 => "[a-z/%?#&=+:, é日\u{1F600}\u{0}\t]{0,10}",
        1 => select(vec!["-", "", "/", "//", "%2F", "%zz", "a/b/", "?", "#", "true"])
            .prop_map(String::from),
    ]
    .boxed()
}

fn scalar() -> BoxedStrategy<Json> {
    prop_oneof![
        1 => Just(Json::Null),
        2 => any::<bool>().prop_map(Json::Bool),
        2 => (-1000i64..1000).prop_map(Json::from),
        1 => any::<i64>().prop_map(Json::from),
        1 => any::<u64>().prop_map(Json::from),
        2 => (-1e4f64..1e4).prop_map(Json::from),
        1 => any::<f64>().prop_map(Json::from),
        1 => select(vec![1e-7, 1e21, 0.1, 15.5, 5e-324, f64::MAX]).prop_map(Json::from),
        5 => text().prop_map(Json::String),
    ]
    .boxed()
}

/// A transformation name: one of the table's, a special one, or a random one.
pub(crate) fn name() -> BoxedStrategy<String> {
    let known: Vec<&'static str> = NAME_TABLE.iter().map(|(n, _)| *n).collect();
    prop_oneof![
        6 => select(known).prop_map(String::from),
        1 => select(vec!["raw", "overlay", "streaming_resolutions", "tr", "e-bgremove"])
            .prop_map(String::from),
        2 => "[a-zA-Z_-]{1,8}",
    ]
    .boxed()
}

fn entry_value() -> BoxedStrategy<Json> {
    prop_oneof![
        8 => scalar(),
        2 => prop::collection::vec(scalar(), 0..4).prop_map(Json::Array),
        // Not allowed: a nested list or an object (other than an overlay).
        1 => prop::collection::vec(prop::collection::vec(scalar(), 0..2).prop_map(Json::Array), 1..2)
            .prop_map(Json::Array),
        1 => Just(json!({"a": 1})),
    ]
    .boxed()
}

/// Steps: a list of objects (sometimes not), with overlays down to `depth` levels.
fn steps(depth: u32) -> BoxedStrategy<Json> {
    let entry = if depth == 0 {
        (name(), entry_value()).boxed()
    } else {
        prop_oneof![
            6 => (name(), entry_value()),
            1 => overlay(depth - 1).prop_map(|o| ("overlay".to_string(), o)),
        ]
        .boxed()
    };
    let step = prop::collection::vec(entry, 0..5)
        .prop_map(|entries| Json::Object(entries.into_iter().collect::<Map<String, Json>>()));
    prop_oneof![
        12 => prop::collection::vec(step, 0..4).prop_map(Json::Array),
        1 => scalar(),
        1 => prop::collection::vec(scalar(), 1..3).prop_map(Json::Array),
    ]
    .boxed()
}

fn optional(
    key: &'static str,
    value: BoxedStrategy<Json>,
) -> BoxedStrategy<Option<(String, Json)>> {
    prop::option::weighted(0.5, value.prop_map(move |v| (key.to_string(), v))).boxed()
}

fn object(fields: Vec<BoxedStrategy<Option<(String, Json)>>>) -> BoxedStrategy<Json> {
    fields
        .prop_map(|fields| Json::Object(fields.into_iter().flatten().collect()))
        .boxed()
}

/// An `overlay` object of the newer SDKs (sometimes with an unknown type or key).
fn overlay(depth: u32) -> BoxedStrategy<Json> {
    let kind = select(vec![
        "text",
        "image",
        "video",
        "subtitle",
        "solid_color",
        "solidColor",
        "bogus",
    ])
    .prop_map(Json::from)
    .boxed();
    let encoding = select(vec!["auto", "plain", "base64", "other"])
        .prop_map(Json::from)
        .boxed();
    let position = object(vec![
        optional("x", scalar()),
        optional("y", scalar()),
        optional("x_center", scalar()),
        optional("y_center", scalar()),
        optional("anchor_point", scalar()),
        optional("focus", scalar()),
    ]);
    let timing = object(vec![
        optional("start", scalar()),
        optional("end", scalar()),
        optional("duration", scalar()),
    ]);
    let mut fields = vec![
        prop::option::weighted(0.95, kind.prop_map(|v| ("type".to_string(), v))).boxed(),
        optional("text", scalar()),
        optional("input", scalar()),
        optional("color", scalar()),
        optional("encoding", encoding),
        optional("layer_mode", scalar()),
        optional("position", position),
        optional("timing", timing),
        prop::option::weighted(0.03, Just(("unknown".to_string(), json!(1)))).boxed(),
    ];
    if depth > 0 {
        fields.push(optional("transformation", steps(depth)));
    }
    object(fields)
}

fn query_parameters() -> BoxedStrategy<Json> {
    let name = prop_oneof![
        4 => "[a-z]{1,4}",
        1 => "[ -~]{1,6}",
        1 => select(vec!["tr", "ik-t", "ik-s", "v", "ik-attachment"]).prop_map(String::from),
    ];
    prop::collection::vec((name, scalar()), 0..4)
        .prop_map(|pairs| Json::Object(pairs.into_iter().collect()))
        .boxed()
}

/// A path (sometimes with a query and a fragment) or a `src`.
fn path() -> BoxedStrategy<Json> {
    prop_oneof![
        4 => "/?[a-z0-9_./ -]{1,12}",
        2 => text(),
        1 => ("[a-z/]{1,6}", "[a-z=&+%?0-9]{0,10}", "[a-z#?/ ]{0,5}")
            .prop_map(|(p, q, f)| format!("/{p}.jpg?{q}#{f}")),
    ]
    .prop_map(Json::String)
    .boxed()
}

fn src() -> BoxedStrategy<Json> {
    prop_oneof![
        3 => (select(vec![ENDPOINT, "https://other.example.com/x", "http://h"]), "[a-z0-9/ ._%-]{0,10}", "[a-z=&0-9]{0,8}")
            .prop_map(|(base, p, q)| format!("{base}/{p}?{q}")),
        1 => text(),
    ]
    .prop_map(Json::String)
    .boxed()
}

/// Options in the official SDKs' JSON shape, mostly well formed, sometimes not.
fn options() -> BoxedStrategy<Json> {
    let position = prop_oneof![
        4 => select(vec!["path", "query"]).prop_map(Json::from),
        1 => scalar(),
    ]
    .boxed();
    let endpoint = prop_oneof![
        4 => select(vec![
            "https://ik.imagekit.io/other/",
            "http://localhost:8080",
            "https://ik.imagekit.io/test_url_endpoint",
        ])
        .prop_map(Json::from),
        1 => text().prop_map(Json::String),
    ]
    .boxed();
    let signed = prop_oneof![8 => any::<bool>().prop_map(Json::Bool), 1 => scalar()].boxed();
    let expire = prop_oneof![
        4 => (0u64..100_000).prop_map(Json::from),
        1 => any::<u64>().prop_map(Json::from),
        1 => scalar(),
    ]
    .boxed();
    let now = prop_oneof![
        4 => (0u64..4_000_000_000).prop_map(Json::from),
        1 => any::<u64>().prop_map(Json::from),
        1 => scalar(),
    ]
    .boxed();
    object(vec![
        prop::option::weighted(0.9, path().prop_map(|v| ("path".to_string(), v))).boxed(),
        optional("src", src()),
        prop::option::weighted(0.2, endpoint.prop_map(|v| ("url_endpoint".to_string(), v))).boxed(),
        prop::option::weighted(
            0.8,
            steps(2).prop_map(|v| ("transformation".to_string(), v)),
        )
        .boxed(),
        optional("transformation_position", position),
        optional("query_parameters", query_parameters()),
        optional("signed", signed),
        optional("expire_seconds", expire),
        optional("now", now),
    ])
}

// ---------------------------------------------------------------------------------------------
// Helpers on built URLs.

/// (base, query, fragment) of a URL as built: the fragment starts at the first `#`, the query
/// at the first `?` before it (the builder escapes both in the path).
fn split(url: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (url, None),
    };
    match rest.split_once('?') {
        Some((b, q)) => (b, Some(q), fragment),
        None => (rest, None, fragment),
    }
}

/// The URL without its `ik-t` and `ik-s` parameters (and without a `?` left empty); also
/// returns their values.
fn without_signature(url: &str) -> (String, Option<String>, Option<String>) {
    let (base, query, fragment) = split(url);
    let mut t = None;
    let mut s = None;
    let mut kept = Vec::new();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("ik-t", v)) => t = Some(v.to_string()),
            Some(("ik-s", v)) => s = Some(v.to_string()),
            _ => kept.push(pair),
        }
    }
    let mut out = base.to_string();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    (out, t, s)
}

fn hmac_sha1_hex(key: &str, message: &str) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The endpoint a URL of these options is built under.
fn endpoint_of(opts: &Json) -> String {
    opts.get("url_endpoint")
        .and_then(Json::as_str)
        .unwrap_or(ENDPOINT)
        .trim_end_matches('/')
        .to_string()
}

fn with(opts: &Json, key: &str, value: Json) -> Json {
    let mut opts = opts.clone();
    opts.as_object_mut().unwrap().insert(key.to_string(), value);
    opts
}

// ---------------------------------------------------------------------------------------------
// The URL builder.

proptest! {
    #![proptest_config(config(512))]

    /// Any options: an error or a URL the WHATWG parser accepts, never a panic.
    #[test]
    fn url_from_json_never_panics_and_builds_valid_urls(opts in options()) {
        if let Ok(url) = client().url_from_json(&opts) {
            let parsed = url::Url::parse(&url);
            prop_assert!(parsed.is_ok(), "{url} from {opts}: {parsed:?}");
            prop_assert!(!url.contains(' '), "{url}");
        }
    }

    /// Unsigned and signed URLs of the same options differ only by `ik-t` and `ik-s`, and the
    /// signature is the HMAC-SHA1 of the URL after the endpoint, plus the expiry.
    #[test]
    fn signing_adds_only_ik_t_and_ik_s_and_verifies(
        opts in options(),
        expire in prop_oneof![Just(0u64), 1u64..100_000],
        now in 0u64..4_000_000_000,
    ) {
        let unsigned_opts = with(&opts, "signed", json!(false));
        let mut signed_opts = with(&opts, "signed", json!(true));
        signed_opts = with(&signed_opts, "expire_seconds", json!(expire));
        signed_opts = with(&signed_opts, "now", json!(now));
        let ik = client();
        let (Ok(unsigned), Ok(signed)) =
            (ik.url_from_json(&unsigned_opts), ik.url_from_json(&signed_opts))
        else {
            return Ok(());
        };
        // Existing ik-t/ik-s are removed by signing, so compare both without them.
        let (unsigned_rest, _, _) = without_signature(&unsigned);
        let (signed_rest, t, s) = without_signature(&signed);
        prop_assert_eq!(&unsigned_rest, &signed_rest, "{} vs {}", unsigned, signed);
        prop_assert!(url::Url::parse(&signed).is_ok(), "{}", signed);

        // Our own check of the signature.
        let expiry = if expire > 0 { now + expire } else { NEVER };
        let expected_t = (expire > 0).then(|| expiry.to_string());
        prop_assert_eq!(t, expected_t, "{}", signed);
        let Some(s) = s else {
            return Err(TestCaseError::fail(format!("no ik-s in {signed}")));
        };
        let (base, _, _) = split(&signed_rest);
        let query = split(&signed_rest).1;
        let unfragmented = match query {
            Some(q) => format!("{base}?{q}"),
            None => base.to_string(),
        };
        let prefix = format!("{}/", endpoint_of(&opts));
        let to_sign = unfragmented.strip_prefix(&prefix).unwrap_or(&unfragmented);
        prop_assert_eq!(s, hmac_sha1_hex(PRIVATE_KEY, &format!("{to_sign}{expiry}")), "{}", signed);
    }

    /// A signed URL whose path or query changes no longer verifies by the same check.
    #[test]
    fn a_changed_signed_url_fails_the_check(file in "[a-z]{1,8}", other in "[a-z]{1,8}") {
        prop_assume!(file != other);
        let ik = client();
        let url = ik
            .url_from_json(&json!({"path": format!("/{file}.jpg"), "signed": true}))
            .unwrap();
        let (_, _, s) = without_signature(&url);
        let forged = format!("{other}.jpg{NEVER}");
        prop_assert_ne!(s.unwrap(), hmac_sha1_hex(PRIVATE_KEY, &forged));
    }
}

// ---------------------------------------------------------------------------------------------
// Query merging.

/// A query parameter value of `query_parameters` as the builder writes it.
fn query_text(v: &Json) -> Option<String> {
    match v {
        Json::Null => None,
        Json::String(s) => Some(s.clone()),
        Json::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

fn form(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn query_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-c]{1,2}",
        1 => "[ -~é]{1,4}".prop_filter("reserved", |n| !["tr", "ik-t", "ik-s"].contains(&n.as_str())),
    ]
}

fn query_value() -> impl Strategy<Value = Json> {
    prop_oneof![
        1 => Just(Json::Null),
        1 => any::<bool>().prop_map(Json::Bool),
        1 => (-100i64..100).prop_map(Json::from),
        4 => "[ -~é日]{0,6}".prop_map(Json::String),
    ]
}

proptest! {
    #![proptest_config(config(512))]

    /// The query is the existing parameters (decoded, empty ones dropped, the last of a name at
    /// its first position), then `query_parameters` replacing in place or appending (`null`
    /// adds nothing), as url.md 2.6 says.
    #[test]
    fn query_parameters_merge_with_the_existing_query(
        existing in prop::collection::vec((query_name(), "[ -~é]{0,5}"), 0..6),
        params in prop::collection::vec((query_name(), query_value()), 0..6),
        position in select(vec!["path", "query"]),
    ) {
        let existing_query: Vec<String> =
            existing.iter().map(|(n, v)| format!("{}={}", form(n), form(v))).collect();
        let path = format!("/a.jpg?{}", existing_query.join("&"));
        let params: Map<String, Json> = params.into_iter().collect();
        let opts = json!({
            "path": path,
            "query_parameters": params,
            "transformation": [{"width": 100}],
            "transformation_position": position,
        });
        let url = client().url_from_json(&opts).unwrap();

        let mut model: Vec<(String, String)> = Vec::new();
        let mut upsert = |name: &str, value: String| {
            match model.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = value,
                None => model.push((name.to_string(), value)),
            }
        };
        for (n, v) in &existing {
            if !v.is_empty() {
                upsert(n, v.clone());
            }
        }
        for (n, v) in &params {
            if let Some(v) = query_text(v) {
                upsert(n, v);
            }
        }
        if position == "query" {
            upsert("tr", "w-100".to_string());
        }
        let parsed = url::Url::parse(&url).unwrap();
        let got: Vec<(String, String)> =
            parsed.query_pairs().map(|(n, v)| (n.into_owned(), v.into_owned())).collect();
        prop_assert_eq!(got, model, "{}", url);
        let expected_path = if position == "path" {
            "/test_url_endpoint/tr:w-100/a.jpg"
        } else {
            "/test_url_endpoint/a.jpg"
        };
        prop_assert_eq!(parsed.path(), expected_path);
    }
}
