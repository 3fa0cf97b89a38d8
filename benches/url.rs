//! URL generation benches. The `url/*` names are compared with ImageKit's official SDKs
//! (`benches/official/run.sh` times the same cases in `@imagekit/nodejs`).

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
    UrlOptions::path(black_box("/default-image.jpg"))
        .transformation(steps)
        .signed(true)
        .expire_seconds(300)
}

fn url(c: &mut Criterion) {
    let ik = client();
    let mut g = c.benchmark_group("url");
    g.bench_function("unsigned_path", |b| {
        b.iter(|| {
            let steps: &[&[Transform]] =
                &[&[Transform::Height(300.into()), Transform::Width(400.into())]];
            ik.url(&UrlOptions::path(black_box("/default-image.jpg")).transformation(steps))
                .unwrap()
        })
    });
    g.bench_function("signed_expiring", |b| {
        b.iter(|| {
            let steps: &[&[Transform]] =
                &[&[Transform::Height(300.into()), Transform::Width(400.into())]];
            ik.url(&signed_options(steps)).unwrap()
        })
    });
    g.bench_function("query_src", |b| {
        b.iter(|| {
            let steps: &[&[Transform]] =
                &[&[Transform::Height(300.into()), Transform::Width(400.into())]];
            let opts = UrlOptions::src(black_box(
                "https://ik.imagekit.io/test_url_endpoint/default-image.jpg",
            ))
            .transformation(steps)
            .position(TransformationPosition::Query);
            ik.url(&opts).unwrap()
        })
    });
    g.bench_function("chain_5_steps", |b| {
        b.iter(|| {
            let steps: &[&[Transform]] = &[
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
            ik.url(&UrlOptions::path(black_box("/default-image.jpg")).transformation(steps))
                .unwrap()
        })
    });
    g.bench_function("layer_text", |b| {
        b.iter(|| {
            let inner: &[&[Transform]] = &[&[
                Transform::FontSize(20.into()),
                Transform::FontColor("FF0000"),
            ]];
            let layer = Layer::text(black_box("Hello World")).transformation(inner);
            let steps: &[&[Transform]] = &[&[layer.into()]];
            ik.url(&UrlOptions::path("/default-image.jpg").transformation(steps))
                .unwrap()
        })
    });
    g.finish();

    // What signed_expiring adds to unsigned_path, measured apart: the same URL signed at a fixed
    // time (no clock read), and the clock read itself.
    c.bench_function("sign/signed_fixed_time", |b| {
        b.iter(|| {
            let steps: &[&[Transform]] =
                &[&[Transform::Height(300.into()), Transform::Width(400.into())]];
            ik.url_at(&signed_options(steps), 1_700_000_000).unwrap()
        })
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
