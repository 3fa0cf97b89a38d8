//! Responsive image attributes against `@imagekit/javascript` 5.5.1's
//! `getResponsiveImageAttributes` (`transformationPosition: "path"`): each expected value is the
//! JS SDK's output for the same options, as it printed it. Then what the JS SDK lacks: signed
//! candidates, all as of one instant.

use imagekit::{ImageKit, Responsive, Transform, UrlOptions};
use rstest::rstest;

fn ik() -> ImageKit {
    ImageKit::new("https://ik.imagekit.io/demo")
        .unwrap()
        .with_private_key("private_key_test")
}

#[rstest]
#[case::defaults(Responsive { ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-750,c-at_max/a.jpg 750w, https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg 828w, https://ik.imagekit.io/demo/tr:w-1080,c-at_max/a.jpg 1080w, https://ik.imagekit.io/demo/tr:w-1200,c-at_max/a.jpg 1200w, https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg 1920w, https://ik.imagekit.io/demo/tr:w-2048,c-at_max/a.jpg 2048w, https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg 3840w","sizes":"100vw"}"#)]
#[case::width_only(Responsive { width: Some(400), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 1x, https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg 2x","width":400}"#)]
#[case::width_past_every_breakpoint(Responsive { width: Some(5000), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg 1x","width":5000}"#)]
#[case::width_zero(Responsive { width: Some(0), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-16,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-16,c-at_max/a.jpg 1x","width":0}"#)]
#[case::sizes_with_two_vw(Responsive { sizes: Some("(max-width: 600px) 100vw, 50vw"), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-384,c-at_max/a.jpg 384w, https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-750,c-at_max/a.jpg 750w, https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg 828w, https://ik.imagekit.io/demo/tr:w-1080,c-at_max/a.jpg 1080w, https://ik.imagekit.io/demo/tr:w-1200,c-at_max/a.jpg 1200w, https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg 1920w, https://ik.imagekit.io/demo/tr:w-2048,c-at_max/a.jpg 2048w, https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg 3840w","sizes":"(max-width: 600px) 100vw, 50vw"}"#)]
#[case::sizes_33vw(Responsive { sizes: Some("33vw"), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-256,c-at_max/a.jpg 256w, https://ik.imagekit.io/demo/tr:w-384,c-at_max/a.jpg 384w, https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-750,c-at_max/a.jpg 750w, https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg 828w, https://ik.imagekit.io/demo/tr:w-1080,c-at_max/a.jpg 1080w, https://ik.imagekit.io/demo/tr:w-1200,c-at_max/a.jpg 1200w, https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg 1920w, https://ik.imagekit.io/demo/tr:w-2048,c-at_max/a.jpg 2048w, https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg 3840w","sizes":"33vw"}"#)]
#[case::sizes_after_a_tab(Responsive { sizes: Some("\t50vw"), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-384,c-at_max/a.jpg 384w, https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-750,c-at_max/a.jpg 750w, https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg 828w, https://ik.imagekit.io/demo/tr:w-1080,c-at_max/a.jpg 1080w, https://ik.imagekit.io/demo/tr:w-1200,c-at_max/a.jpg 1200w, https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg 1920w, https://ik.imagekit.io/demo/tr:w-2048,c-at_max/a.jpg 2048w, https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg 3840w","sizes":"\t50vw"}"#)]
#[case::sizes_over_100vw(Responsive { sizes: Some("1000vw 150vw"), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-1080,c-at_max/a.jpg 1080w, https://ik.imagekit.io/demo/tr:w-1200,c-at_max/a.jpg 1200w, https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg 1920w, https://ik.imagekit.io/demo/tr:w-2048,c-at_max/a.jpg 2048w, https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg 3840w","sizes":"1000vw 150vw"}"#)]
#[case::sizes_without_vw(Responsive { sizes: Some("100px"), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-16,c-at_max/a.jpg 16w, https://ik.imagekit.io/demo/tr:w-32,c-at_max/a.jpg 32w, https://ik.imagekit.io/demo/tr:w-48,c-at_max/a.jpg 48w, https://ik.imagekit.io/demo/tr:w-64,c-at_max/a.jpg 64w, https://ik.imagekit.io/demo/tr:w-96,c-at_max/a.jpg 96w, https://ik.imagekit.io/demo/tr:w-128,c-at_max/a.jpg 128w, https://ik.imagekit.io/demo/tr:w-256,c-at_max/a.jpg 256w, https://ik.imagekit.io/demo/tr:w-384,c-at_max/a.jpg 384w, https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-750,c-at_max/a.jpg 750w, https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg 828w, https://ik.imagekit.io/demo/tr:w-1080,c-at_max/a.jpg 1080w, https://ik.imagekit.io/demo/tr:w-1200,c-at_max/a.jpg 1200w, https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg 1920w, https://ik.imagekit.io/demo/tr:w-2048,c-at_max/a.jpg 2048w, https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg 3840w","sizes":"100px"}"#)]
#[case::sizes_calc(Responsive { sizes: Some("calc(100vw - 10px)"), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-16,c-at_max/a.jpg 16w, https://ik.imagekit.io/demo/tr:w-32,c-at_max/a.jpg 32w, https://ik.imagekit.io/demo/tr:w-48,c-at_max/a.jpg 48w, https://ik.imagekit.io/demo/tr:w-64,c-at_max/a.jpg 64w, https://ik.imagekit.io/demo/tr:w-96,c-at_max/a.jpg 96w, https://ik.imagekit.io/demo/tr:w-128,c-at_max/a.jpg 128w, https://ik.imagekit.io/demo/tr:w-256,c-at_max/a.jpg 256w, https://ik.imagekit.io/demo/tr:w-384,c-at_max/a.jpg 384w, https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-750,c-at_max/a.jpg 750w, https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg 828w, https://ik.imagekit.io/demo/tr:w-1080,c-at_max/a.jpg 1080w, https://ik.imagekit.io/demo/tr:w-1200,c-at_max/a.jpg 1200w, https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg 1920w, https://ik.imagekit.io/demo/tr:w-2048,c-at_max/a.jpg 2048w, https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg 3840w","sizes":"calc(100vw - 10px)"}"#)]
#[case::sizes_zero_vw(Responsive { sizes: Some("0vw"), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-16,c-at_max/a.jpg 16w, https://ik.imagekit.io/demo/tr:w-32,c-at_max/a.jpg 32w, https://ik.imagekit.io/demo/tr:w-48,c-at_max/a.jpg 48w, https://ik.imagekit.io/demo/tr:w-64,c-at_max/a.jpg 64w, https://ik.imagekit.io/demo/tr:w-96,c-at_max/a.jpg 96w, https://ik.imagekit.io/demo/tr:w-128,c-at_max/a.jpg 128w, https://ik.imagekit.io/demo/tr:w-256,c-at_max/a.jpg 256w, https://ik.imagekit.io/demo/tr:w-384,c-at_max/a.jpg 384w, https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-750,c-at_max/a.jpg 750w, https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg 828w, https://ik.imagekit.io/demo/tr:w-1080,c-at_max/a.jpg 1080w, https://ik.imagekit.io/demo/tr:w-1200,c-at_max/a.jpg 1200w, https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg 1920w, https://ik.imagekit.io/demo/tr:w-2048,c-at_max/a.jpg 2048w, https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg 3840w","sizes":"0vw"}"#)]
#[case::sizes_empty(Responsive { sizes: Some(""), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-750,c-at_max/a.jpg 750w, https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg 828w, https://ik.imagekit.io/demo/tr:w-1080,c-at_max/a.jpg 1080w, https://ik.imagekit.io/demo/tr:w-1200,c-at_max/a.jpg 1200w, https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg 1920w, https://ik.imagekit.io/demo/tr:w-2048,c-at_max/a.jpg 2048w, https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg 3840w"}"#)]
#[case::sizes_empty_with_width(Responsive { width: Some(300), sizes: Some(""), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-384,c-at_max/a.jpg 1x, https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 2x","width":300}"#)]
#[case::sizes_wins_over_width(Responsive { width: Some(300), sizes: Some("50vw"), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-384,c-at_max/a.jpg 384w, https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-750,c-at_max/a.jpg 750w, https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg 828w, https://ik.imagekit.io/demo/tr:w-1080,c-at_max/a.jpg 1080w, https://ik.imagekit.io/demo/tr:w-1200,c-at_max/a.jpg 1200w, https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg 1920w, https://ik.imagekit.io/demo/tr:w-2048,c-at_max/a.jpg 2048w, https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg 3840w","sizes":"50vw","width":300}"#)]
#[case::unsorted_breakpoints(Responsive { width: Some(100), device_breakpoints: Some(&[1200, 640]), image_breakpoints: Some(&[64, 16]), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 1x","width":100}"#)]
#[case::unsorted_breakpoints_with_sizes(Responsive { sizes: Some("50vw"), device_breakpoints: Some(&[1920, 750, 640]), image_breakpoints: Some(&[320, 16]), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-320,c-at_max/a.jpg 320w, https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-750,c-at_max/a.jpg 750w, https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg 1920w","sizes":"50vw"}"#)]
#[case::repeated_breakpoints(Responsive { sizes: Some("10vw"), device_breakpoints: Some(&[640, 640]), image_breakpoints: Some(&[640]), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w","sizes":"10vw"}"#)]
#[case::no_breakpoints(Responsive { device_breakpoints: Some(&[]), image_breakpoints: Some(&[]), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:c-at_max/a.jpg","sizes":"100vw"}"#)]
#[case::no_breakpoints_with_width(Responsive { width: Some(300), device_breakpoints: Some(&[]), image_breakpoints: Some(&[]), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:c-at_max/a.jpg 1x","width":300}"#)]
#[case::no_device_breakpoints_with_vw(Responsive { sizes: Some("50vw"), device_breakpoints: Some(&[]), ..Responsive::default() }, "", r#"{"src":"https://ik.imagekit.io/demo/tr:c-at_max/a.jpg","sizes":"50vw"}"#)]
#[case::with_a_raw_transformation(Responsive { width: Some(600), ..Responsive::default() }, "w-300,h-200:rt-90", r#"{"src":"https://ik.imagekit.io/demo/tr:w-300,h-200:rt-90:w-1200,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-300,h-200:rt-90:w-640,c-at_max/a.jpg 1x, https://ik.imagekit.io/demo/tr:w-300,h-200:rt-90:w-1200,c-at_max/a.jpg 2x","width":600}"#)]
fn the_attributes_are_the_js_sdks(
    #[case] responsive: Responsive<'static>,
    #[case] raw: &str,
    #[case] want: &str,
) {
    let step = [Transform::Raw(raw)];
    let mut opts = UrlOptions::path("/a.jpg");
    if !raw.is_empty() {
        opts = opts.transformation(&step);
    }
    let got = ik().responsive_image(&opts, &responsive).unwrap();
    let want: serde_json::Value = serde_json::from_str(want).unwrap();
    assert_eq!(serde_json::to_value(&got).unwrap(), want);
}

#[test]
fn signed_candidates_are_signed_as_of_one_instant() {
    // A clock that moves on at each reading: one reading for all candidates gives one `ik-t`.
    let ticks = std::sync::atomic::AtomicU64::new(1_700_000_000);
    let ik = ik().with_clock(move || ticks.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
    let opts = UrlOptions::path("/a.jpg").signed(true).expire_seconds(300);
    let img = ik
        .responsive_image(
            &opts,
            &Responsive {
                width: Some(400),
                ..Responsive::default()
            },
        )
        .unwrap();
    let set = img.src_set.unwrap();
    let urls: Vec<&str> = set
        .split(", ")
        .map(|c| c.rsplit_once(' ').unwrap().0)
        .collect();
    assert_eq!(urls.len(), 2);
    for (url, width) in urls.iter().zip(["640", "828"]) {
        let unsigned = format!("https://ik.imagekit.io/demo/tr:w-{width},c-at_max/a.jpg");
        let want = ik
            .url_at(
                &UrlOptions::path("/a.jpg")
                    .transformation(&[
                        Transform::width(width.parse::<u32>().unwrap()),
                        Transform::Crop(imagekit::Crop::AtMax),
                    ])
                    .signed(true)
                    .expire_seconds(300),
                1_700_000_000,
            )
            .unwrap();
        assert!(want.starts_with(&unsigned), "{want}");
        assert_eq!(*url, want);
        assert!(url.contains("ik-t=1700000300&ik-s="), "{url}");
    }
    assert_eq!(img.src, urls[1]);
}
