//! Property tests: the URL builder on arbitrary JSON options (no panic, a valid URL, signing adds
//! only `ik-t`/`ik-s`, and the signature verifies), the transformation renderer and the name
//! table, query merging, the multipart encoding of uploads (parsed back by `multer`), webhook
//! verification and pHash distance.

use bytes::Bytes;
use futures_lite::future::block_on;
use hmac::{Hmac, Mac};
use imagekit::api::upload::{UploadFile, UploadOptions, UploadSource};
use imagekit::api::Operation;
use imagekit::{
    phash_distance, render_transformation, sign_webhook, transform_code, verify_webhook,
    AnchorPoint, AudioCodec, Crop, CropMode, Flip, Format, ImageKit, InnerAlignment, Layer,
    LayerFocus, LayerMode, Number, Transform, Value, VideoCodec, WebhookError, NAME_TABLE,
};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;
use serde_json::{json, Map, Value as Json};
use sha1::Sha1;

const ENDPOINT: &str = "https://ik.imagekit.io/test_url_endpoint";
const PRIVATE_KEY: &str = "private_key_test";
const NEVER: u64 = 9_999_999_999;

/// `cases` cases, or `PROPTEST_CASES` when set (for a longer run).
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        // No proptest-regressions files beside the tests.
        failure_persistence: None,
        ..Config::default()
    }
}

fn client() -> ImageKit {
    ImageKit::new(ENDPOINT)
        .unwrap()
        .with_private_key(PRIVATE_KEY)
}

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
fn name() -> BoxedStrategy<String> {
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

// ---------------------------------------------------------------------------------------------
// The transformation renderer and the name table.

fn number() -> BoxedStrategy<Number<'static>> {
    prop_oneof![
        3 => any::<i64>().prop_map(Number::Int),
        2 => (-1e6f64..1e6).prop_map(Number::Float),
        1 => select(vec!["iw_div_2", "ih_mul_0.5", "a/b", "x y", "", "-"]).prop_map(Number::Expr),
    ]
    .boxed()
}

fn static_text() -> BoxedStrategy<&'static str> {
    select(vec![
        "",
        "-",
        "red",
        "FF0000",
        "a/b/c.jpg",
        "/x/",
        "Hello World",
        "é日",
        "a,b:c",
        "%20",
        "?#&",
    ])
    .boxed()
}

fn value() -> BoxedStrategy<Value<'static>> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        any::<u64>().prop_map(Value::UInt),
        (-1e6f64..1e6).prop_map(Value::Float),
        static_text().prop_map(Value::Str),
    ];
    prop_oneof![
        5 => leaf.clone(),
        1 => prop::collection::vec(leaf, 0..3).prop_map(Value::List),
    ]
    .boxed()
}

/// Every variant of the generated `Transform`, with arbitrary values.
fn transform() -> BoxedStrategy<Transform<'static>> {
    use Transform as T;
    let n = number;
    let s = static_text;
    let on = || prop::option::of(number());
    let unit = select(vec![
        T::ContrastStretch,
        T::Grayscale,
        T::AiRemoveBackground,
        T::AiRemoveBackgroundExternal,
        T::AiRetouch,
        T::AiUpscale,
        T::AiVariation,
    ]);
    let numbers = (
        select(vec![
            T::Width as fn(Number<'static>) -> Transform<'static>,
            T::Height,
            T::AspectRatio,
            T::X,
            T::Y,
            T::XCenter,
            T::YCenter,
            T::Zoom,
            T::Dpr,
            T::Quality,
            T::Density,
            T::Trim,
            T::Page,
            T::Radius,
            T::Rotation,
            T::Blur,
            T::Opacity,
            T::StartOffset,
            T::EndOffset,
            T::Duration,
            T::FontSize,
            T::Padding,
            T::Alpha,
            T::LineHeight,
        ]),
        n(),
    )
        .prop_map(|(f, v)| f(v));
    let texts = (
        select(vec![
            T::Focus as fn(&'static str) -> Transform<'static>,
            T::Named,
            T::DefaultImage,
            T::Background,
            T::Border,
            T::ColorReplace,
            T::Colorize,
            T::Distort,
            T::AiChangeBackground,
            T::AiEdit,
            T::FontFamily,
            T::FontColor,
            T::Typography,
            T::FontOutline,
            T::FontShadow,
            T::Raw,
        ]),
        s(),
    )
        .prop_map(|(f, v)| f(v));
    let bools = (
        select(vec![
            T::Progressive as fn(bool) -> Transform<'static>,
            T::Lossless,
            T::Metadata,
            T::ColorProfile,
            T::Original,
        ]),
        any::<bool>(),
    )
        .prop_map(|(f, v)| f(v));
    let optional = (
        select(vec![
            T::Sharpen as fn(Option<Number<'static>>) -> Transform<'static>,
            T::UnsharpMask,
            T::Shadow,
            T::Gradient,
            T::AiDropShadow,
        ]),
        on(),
    )
        .prop_map(|(f, v)| f(v));
    let enums = prop_oneof![
        select(vec![
            Crop::Force,
            Crop::AtMax,
            Crop::AtMaxEnlarge,
            Crop::AtLeast,
            Crop::MaintainRatio,
            Crop::MaintainRatioNoEnlarge
        ])
        .prop_map(T::Crop),
        select(vec![
            CropMode::PadResize,
            CropMode::Extract,
            CropMode::PadExtract,
            CropMode::PadResizeNoEnlarge,
            CropMode::PadExtractNoShrink
        ])
        .prop_map(T::CropMode),
        select(vec![
            Format::Auto,
            Format::Webp,
            Format::Jpg,
            Format::Png,
            Format::Avif,
            Format::Orig
        ])
        .prop_map(T::Format),
        select(vec![Flip::H, Flip::V, Flip::HV, Flip::VH]).prop_map(T::Flip),
        select(vec![VideoCodec::None]).prop_map(T::VideoCodec),
        select(vec![AudioCodec::Aac, AudioCodec::Opus, AudioCodec::None]).prop_map(T::AudioCodec),
        select(vec![
            InnerAlignment::Left,
            InnerAlignment::Right,
            InnerAlignment::Center
        ])
        .prop_map(T::InnerAlignment),
        select(vec![&[][..], &[240][..], &[240, 360, 720][..]]).prop_map(T::StreamingResolutions),
    ];
    let layer = (
        select(vec!["text", "image", "video", "subtitle", "solid"]),
        s(),
        prop::option::of(n()),
        prop::option::of(select(vec![
            AnchorPoint::Top,
            AnchorPoint::Center,
            AnchorPoint::BottomRight,
        ])),
        prop::option::of(select(vec![LayerFocus::Center, LayerFocus::Left])),
        prop::option::of(select(vec![
            LayerMode::Multiply,
            LayerMode::Cutter,
            LayerMode::Displace,
        ])),
    )
        .prop_map(|(kind, input, x, anchor, focus, mode)| {
            let mut layer = match kind {
                "text" => Layer::text(input),
                "image" => Layer::image(input),
                "video" => Layer::video(input),
                "subtitle" => Layer::subtitle(input),
                _ => Layer::solid_color(input),
            };
            if let Some(x) = x {
                layer = layer.x(x).duration(x);
            }
            if let Some(a) = anchor {
                layer = layer.anchor_point(a);
            }
            if let Some(f) = focus {
                layer = layer.focus(f);
            }
            if let Some(m) = mode {
                layer = layer.layer_mode(m);
            }
            T::Overlay(Box::new(layer))
        });
    let param = (name(), value()).prop_map(|(name, v)| {
        let name: &'static str = Box::leak(name.into_boxed_str());
        T::Param(name, v)
    });
    prop_oneof![
        1 => unit,
        4 => numbers,
        4 => texts,
        1 => bools,
        2 => optional,
        2 => enums,
        1 => layer,
        3 => param,
    ]
    .boxed()
}

/// Every code of the table, longest first (so `e-grayscale` is found before `e`).
fn codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = NAME_TABLE.iter().map(|(_, c)| *c).collect();
    codes.sort_by_key(|c| std::cmp::Reverse(c.len()));
    codes.dedup();
    codes
}

proptest! {
    #![proptest_config(config(512))]

    /// Every typed `Transform` renders (a `Param` with a list where it takes none may be an
    /// error, never a panic); each non-empty rendering of a typed variant starts with a code of
    /// the table, and a step never renders `::` or a trailing separator.
    #[test]
    fn every_transform_renders(steps in prop::collection::vec(prop::collection::vec(transform(), 0..4), 0..4)) {
        let owned: Vec<Vec<Transform<'static>>> = steps.clone();
        let rendered = render_transformation(owned);
        let typed_only = steps
            .iter()
            .flatten()
            .all(|t| !matches!(t, Transform::Param(..)));
        if typed_only {
            prop_assert!(rendered.is_ok(), "{steps:?}: {rendered:?}");
        }
        let Ok(rendered) = rendered else { return Ok(()) };
        prop_assert!(!rendered.contains("::"), "{rendered}");
        prop_assert!(!rendered.ends_with(':') && !rendered.starts_with(':'), "{rendered}");
        for step in &steps {
            for t in step {
                if matches!(t, Transform::Param(..) | Transform::Raw(_)) {
                    continue;
                }
                let single: Vec<Vec<Transform<'static>>> = vec![vec![t.clone()]];
                let one = render_transformation(single).unwrap();
                if one.is_empty() {
                    continue;
                }
                if matches!(t, Transform::Overlay(_)) {
                    prop_assert!(one.starts_with("l-") && one.ends_with(",l-end"), "{t:?} rendered {one}");
                    continue;
                }
                let starts_with_code = codes().iter().any(|c| {
                    one.strip_prefix(c).is_some_and(|rest| rest.is_empty() || rest.starts_with('-') || rest.starts_with(','))
                });
                prop_assert!(starts_with_code, "{t:?} rendered {one}");
            }
        }
    }

    /// Each name of the table resolves to its code and renders as `code-value` from JSON;
    /// a name outside the table is its own code.
    #[test]
    fn the_name_table_round_trips(
        i in 0..NAME_TABLE.len(),
        value in "[a-zA-Z0-9_.]{1,8}",
        unknown in "[a-zA-Z]{1,10}",
    ) {
        let (name, code) = NAME_TABLE[i];
        prop_assert_eq!(transform_code(name), Some(code));
        let ik = client();
        let url = ik
            .url_from_json(&json!({"path": "/a.jpg", "transformation": [{name: value}], "transformation_position": "query"}))
            .unwrap();
        let parsed = url::Url::parse(&url).unwrap();
        let tr: Vec<String> = parsed.query_pairs().filter(|(n, _)| n == "tr").map(|(_, v)| v.into_owned()).collect();
        let expected = if code == "raw" { value.clone() } else { format!("{code}-{value}") };
        prop_assert_eq!(tr, vec![expected]);
        let rendered = render_transformation(vec![vec![Transform::Param(name, Value::Str(&value))]]).unwrap();
        let expected = if code == "raw" { value.clone() } else { format!("{code}-{value}") };
        prop_assert_eq!(rendered, expected);

        if transform_code(&unknown).is_none() {
            let rendered = render_transformation(vec![vec![Transform::Param(&unknown, Value::Str(&value))]]).unwrap();
            prop_assert_eq!(rendered, format!("{unknown}-{value}"));
        }
    }
}

#[test]
fn the_name_table_has_unique_names_that_all_resolve() {
    let mut names: Vec<&str> = NAME_TABLE.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "a name is listed twice");
    for (name, code) in NAME_TABLE {
        assert_eq!(transform_code(name), Some(*code), "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// Multipart encoding of uploads.

fn upload_options() -> impl Strategy<Value = UploadOptions> {
    (
        prop::option::of(any::<bool>()),
        prop::option::of(prop::collection::vec("[a-zA-Z0-9 _é-]{1,6}", 0..4)),
        prop::option::of("[ -~é日\r\n]{0,12}"),
        prop::option::of(any::<bool>()),
        prop::option::of("[ -~\r\n]{0,12}"),
        prop::option::of("[0-9,]{0,10}"),
    )
        .prop_map(|(unique, tags, folder, private, description, coords)| {
            let mut o = UploadOptions::new();
            if let Some(u) = unique {
                o = o.use_unique_file_name(u);
            }
            if let Some(t) = tags {
                o = o.tags(t);
            }
            if let Some(f) = folder {
                o = o.folder(f);
            }
            if let Some(p) = private {
                o = o.is_private_file(p);
            }
            if let Some(d) = description {
                o = o.description(d);
            }
            if let Some(c) = coords {
                o = o.custom_coordinates(c);
            }
            o
        })
}

/// The text fields an upload should carry, in order.
fn expected_fields(file_name: &str, o: &UploadOptions) -> Vec<(String, String)> {
    let mut fields = vec![("fileName".to_string(), file_name.to_string())];
    let mut push = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            fields.push((name.to_string(), v));
        }
    };
    push(
        "useUniqueFileName",
        o.use_unique_file_name.map(|b| b.to_string()),
    );
    push("tags", o.tags.as_ref().map(|t| t.join(",")));
    push("folder", o.folder.clone());
    push("isPrivateFile", o.is_private_file.map(|b| b.to_string()));
    push("customCoordinates", o.custom_coordinates.clone());
    push("description", o.description.clone());
    fields
}

/// A name or filename as the form writes it in a quoted header parameter (as browsers do).
fn browser_quoted(s: &str) -> String {
    s.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// (name, filename, bytes) of every part, read by `multer`.
fn parse_multipart(content_type: &str, body: Bytes) -> Vec<(String, Option<String>, Bytes)> {
    let boundary = multer::parse_boundary(content_type).unwrap();
    let stream = futures_lite::stream::once(Ok::<_, std::io::Error>(body));
    let mut multipart = multer::Multipart::new(stream, boundary);
    block_on(async {
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await.unwrap() {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let bytes = field.bytes().await.unwrap();
            parts.push((name, file_name, bytes));
        }
        parts
    })
}

proptest! {
    #![proptest_config(config(256))]

    /// The upload's multipart body, parsed back by `multer`, holds the same fields in order and
    /// the file's exact bytes.
    #[test]
    fn multipart_uploads_parse_back(
        data in prop::collection::vec(any::<u8>(), 0..2048),
        boundary_like in any::<bool>(),
        file_name in "[a-zA-Z0-9 ._é日\"-]{1,12}",
        options in upload_options(),
    ) {
        let mut data = data;
        if boundary_like {
            // The body holds what looks like a boundary.
            data.extend_from_slice(b"\r\n--imagekit-\r\n--");
        }
        let ik = client().with_public_key("public_key_test");
        let upload = UploadFile::new(UploadSource::bytes(data.clone()), file_name.clone())
            .options(options.clone());
        let request = Operation::request(&upload, ik.api()).unwrap();
        let content_type = request.headers()[http::header::CONTENT_TYPE].to_str().unwrap().to_string();
        let body = request.body().to_bytes().unwrap();
        let parts = parse_multipart(&content_type, body);

        let (file, texts) = parts.split_last().unwrap();
        prop_assert_eq!(&file.0, "file");
        let quoted = browser_quoted(&file_name);
        prop_assert_eq!(file.1.as_deref(), Some(quoted.as_str()));
        prop_assert_eq!(&file.2[..], &data[..]);
        let texts: Vec<(String, String)> = texts
            .iter()
            .map(|(n, f, b)| {
                assert!(f.is_none(), "text part {n} has a filename");
                (n.clone(), String::from_utf8(b.to_vec()).unwrap())
            })
            .collect();
        prop_assert_eq!(texts, expected_fields(&file_name, &options));
    }
}

// ---------------------------------------------------------------------------------------------
// Webhooks.

const NOW: u64 = 1_700_000_000;

proptest! {
    #![proptest_config(config(256))]

    /// A message signed by `sign_webhook` verifies (within the tolerance).
    #[test]
    fn signed_webhooks_verify(
        secret in "whsec_[A-Za-z0-9+/=]{1,40}",
        id in "[a-zA-Z0-9_]{1,20}",
        timestamp in 1_000_000u64..4_000_000_000,
        skew in -300i64..=300,
        body in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let header = sign_webhook(&secret, &id, timestamp, &body);
        let now = timestamp.saturating_add_signed(skew);
        prop_assert_eq!(verify_webhook(&secret, &id, &timestamp.to_string(), &header, &body, now), Ok(()));
    }

    /// Changing any single byte of the body, the id, the timestamp, the signature header or the
    /// secret makes verification fail.
    #[test]
    fn any_single_byte_change_fails(
        secret in "whsec_[A-Za-z0-9+/=]{1,40}",
        id in "[a-zA-Z0-9_]{1,20}",
        body in prop::collection::vec(any::<u8>(), 1..512),
        which in 0..5usize,
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        ascii in 0x20u8..0x7f,
    ) {
        let timestamp = NOW.to_string();
        let header = sign_webhook(&secret, &id, NOW, &body);
        let (mut secret, mut id, mut timestamp, mut header, mut body) =
            (secret.into_bytes(), id.into_bytes(), timestamp.into_bytes(), header.into_bytes(), body);
        let (target, replacement) = match which {
            0 => (&mut body, byte),
            1 => (&mut id, ascii),
            2 => (&mut timestamp, ascii),
            3 => (&mut header, ascii),
            _ => (&mut secret, ascii),
        };
        let i = at.index(target.len());
        prop_assume!(target[i] != replacement);
        target[i] = replacement;
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        let result = verify_webhook(
            &text(secret),
            &text(id),
            &text(timestamp),
            &text(header),
            &body,
            NOW,
        );
        prop_assert!(result.is_err(), "verified after changing byte {i} of part {which}");
        if which == 0 {
            prop_assert_eq!(result, Err(WebhookError::NoMatchingSignature));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// pHash.

proptest! {
    #![proptest_config(config(1024))]

    /// The distance is the number of differing bits, in either case of hex digits, with or
    /// without leading zeros; it is symmetric, zero on itself and obeys the triangle inequality.
    #[test]
    fn phash_distance_is_the_hamming_distance(a in any::<u64>(), b in any::<u64>(), c in any::<u64>(), upper in any::<bool>()) {
        let hex = |v: u64| if upper { format!("{v:016X}") } else { format!("{v:016x}") };
        let d = |x: u64, y: u64| phash_distance(&hex(x), &hex(y)).unwrap();
        prop_assert_eq!(d(a, b), (a ^ b).count_ones());
        prop_assert_eq!(d(a, b), d(b, a));
        prop_assert_eq!(d(a, a), 0);
        prop_assert!(d(a, c) <= d(a, b) + d(b, c));
        prop_assert_eq!(phash_distance(&format!("{a:x}"), &hex(b)).unwrap(), (a ^ b).count_ones());
    }

    /// Anything but 1 to 16 hex digits is an error, never a panic.
    #[test]
    fn phash_rejects_what_is_not_hex(s in "\\PC{0,20}") {
        let valid = !s.is_empty() && s.len() <= 16 && s.bytes().all(|b| b.is_ascii_hexdigit());
        let result = phash_distance(&s, "0000000000000000");
        prop_assert_eq!(result.is_ok(), valid, "{:?}: {:?}", s, result);
        if valid {
            prop_assert_eq!(result.unwrap(), u64::from_str_radix(&s, 16).unwrap().count_ones());
        }
    }
}
