//! URL generation benches. The `url/*` names are compared with ImageKit's official SDKs
//! (`benches/official/run.sh` times the same cases in `@imagekit/nodejs`); `url_from_json_str/*`
//! builds the same URLs from JSON text (the goal: within 3× of `url/*`).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use hmac::{Hmac, Mac};
use imagekit::{ImageKit, Layer, Transform, TransformationPosition, UrlOptions};
use sha1::Sha1;

const ENDPOINT: &str = "https://ik.imagekit.io/test_url_endpoint";

fn client() -> ImageKit {
    ImageKit::new(ENDPOINT)
        .unwrap()
        .with_private_key("private_key_test")
}

/// `/default-image.jpg` with `[{height: 300, width: 400}]`, signed, expiring in 300 s.
fn signed_options<'a>(steps: &'a [&'a [Transform<'a>]]) -> UrlOptions<'a> {
    UrlOptions::path("/default-image.jpg")
        .transformation(steps)
        .signed(true)
        .expire_seconds(300)
}

/// The cases of the `url` group as the official SDKs' JSON options, in the same order.
const JSON_CASES: [&str; 5] = [
    r#"{"path": "/default-image.jpg", "transformation": [{"height": 300, "width": 400}]}"#,
    r#"{"path": "/default-image.jpg", "transformation": [{"height": 300, "width": 400}], "signed": true, "expire_seconds": 300}"#,
    r#"{"src": "https://ik.imagekit.io/test_url_endpoint/default-image.jpg", "transformation": [{"height": 300, "width": 400}], "transformation_position": "query"}"#,
    r#"{"path": "/default-image.jpg", "transformation": [{"width": 400, "height": 300}, {"rotation": 90}, {"sharpen": true}, {"quality": 80, "format": "webp"}, {"radius": 20, "background": "FF0000"}]}"#,
    r#"{"path": "/default-image.jpg", "transformation": [{"overlay": {"type": "text", "text": "Hello World", "transformation": [{"fontSize": 20, "fontColor": "FF0000"}]}}]}"#,
];

fn url(c: &mut Criterion) {
    let ik = client();
    // As in benches/official/bench.mjs, each case's options are built once and every iteration
    // builds the URL from them (`black_box` keeps the compiler from seeing their values).
    let two: &[&[Transform<'_>]] =
        &[&[Transform::Height(300.into()), Transform::Width(400.into())]];
    let chain: &[&[Transform<'_>]] = &[
        &[Transform::Width(400.into()), Transform::Height(300.into())],
        &[Transform::Rotation(90.into())],
        &[Transform::Sharpen(None)],
        &[
            Transform::Quality(80.into()),
            Transform::Format(imagekit::Format::Webp),
        ],
        &[
            Transform::Radius(20.into()),
            Transform::Background("FF0000"),
        ],
    ];
    let inner: &[&[Transform<'_>]] = &[&[
        Transform::FontSize(20.into()),
        Transform::FontColor("FF0000"),
    ]];
    let layer: &[&[Transform<'_>]] = &[&[Layer::text("Hello World").transformation(inner).into()]];
    let cases = [
        (
            "unsigned_path",
            UrlOptions::path("/default-image.jpg").transformation(two),
        ),
        ("signed_expiring", signed_options(two)),
        (
            "query_src",
            UrlOptions::src("https://ik.imagekit.io/test_url_endpoint/default-image.jpg")
                .transformation(two)
                .position(TransformationPosition::Query),
        ),
        (
            "chain_5_steps",
            UrlOptions::path("/default-image.jpg").transformation(chain),
        ),
        (
            "layer_text",
            UrlOptions::path("/default-image.jpg").transformation(layer),
        ),
    ];
    let mut g = c.benchmark_group("url");
    for (name, opts) in &cases {
        g.bench_function(*name, |b| b.iter(|| ik.url(black_box(opts)).unwrap()));
    }
    g.finish();

    // The same cases as JSON text (names looked up in the table), read and built per iteration.
    let mut g = c.benchmark_group("url_from_json_str");
    for ((name, opts), json) in cases.iter().zip(JSON_CASES) {
        let pinned = json.replacen('{', r#"{"now": 1700000000, "#, 1);
        let typed = ik.url_at(opts, 1_700_000_000).ok();
        assert_eq!(ik.url_from_json_str(&pinned).ok(), typed, "{name}");
        g.bench_function(*name, |b| {
            b.iter(|| ik.url_from_json_str(black_box(json)).unwrap())
        });
    }
    g.finish();

    // What signed_expiring adds to unsigned_path, measured apart: the same URL signed at a fixed
    // time (no clock read), and the clock read itself.
    let signed = signed_options(two);
    c.bench_function("sign/signed_fixed_time", |b| {
        b.iter(|| ik.url_at(black_box(&signed), 1_700_000_000).unwrap())
    });
    c.bench_function("sign/system_clock", |b| {
        b.iter(|| imagekit::Clock::now_unix(&imagekit::SystemClock))
    });

    // The signing target: signed cost <= 1.3 x (unsigned cost + one HMAC-SHA1 of the same string).
    let keyed = Hmac::<Sha1>::new_from_slice(b"private_key_test").unwrap();
    c.bench_function("sign/hmac_sha1_of_url", |b| {
        b.iter(|| {
            let mut mac = keyed.clone();
            mac.update(black_box(b"tr:h-300,w-400/default-image.jpg"));
            mac.update(black_box(b"1700000300"));
            mac.finalize().into_bytes()
        })
    });
}

criterion_group!(benches, url);
criterion_main!(benches);
