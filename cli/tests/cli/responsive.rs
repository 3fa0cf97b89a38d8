//! `imagekit responsive` against `@imagekit/javascript` 5.5.1's `getResponsiveImageAttributes`
//! with `transformationPosition: "path"` (and `--tr` as a `raw` step): each expected line is
//! what the JS SDK printed for the same options. Then signed candidates, which it lacks.

use rstest::rstest;

use crate::support::run;

#[rstest]
#[case(&["--width","400"], r#"{"src":"https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 1x, https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg 2x","width":400}"#)]
#[case(&["--tr","w-300,h-200:rt-90","--width","600"], r#"{"src":"https://ik.imagekit.io/demo/tr:w-300,h-200:rt-90:w-1200,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-300,h-200:rt-90:w-640,c-at_max/a.jpg 1x, https://ik.imagekit.io/demo/tr:w-300,h-200:rt-90:w-1200,c-at_max/a.jpg 2x","width":600}"#)]
#[case(&["--sizes","(max-width: 600px) 100vw, 50vw","--device-breakpoints","1920,640","--image-breakpoints","320,16"], r#"{"src":"https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-320,c-at_max/a.jpg 320w, https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg 1920w","sizes":"(max-width: 600px) 100vw, 50vw"}"#)]
#[case(&[], r#"{"src":"https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg","srcSet":"https://ik.imagekit.io/demo/tr:w-640,c-at_max/a.jpg 640w, https://ik.imagekit.io/demo/tr:w-750,c-at_max/a.jpg 750w, https://ik.imagekit.io/demo/tr:w-828,c-at_max/a.jpg 828w, https://ik.imagekit.io/demo/tr:w-1080,c-at_max/a.jpg 1080w, https://ik.imagekit.io/demo/tr:w-1200,c-at_max/a.jpg 1200w, https://ik.imagekit.io/demo/tr:w-1920,c-at_max/a.jpg 1920w, https://ik.imagekit.io/demo/tr:w-2048,c-at_max/a.jpg 2048w, https://ik.imagekit.io/demo/tr:w-3840,c-at_max/a.jpg 3840w","sizes":"100vw"}"#)]
fn the_attributes_are_the_js_sdks(#[case] flags: &[&str], #[case] want: &str) {
    let mut args = vec!["responsive", "/a.jpg"];
    args.extend_from_slice(flags);
    let out = run(&[], &args);
    let got: serde_json::Value = serde_json::from_str(out.line()).unwrap();
    let want: serde_json::Value = serde_json::from_str(want).unwrap();
    assert_eq!(got, want);
}

#[test]
fn signed_candidates_are_all_signed() {
    let env = [("IMAGEKIT_PRIVATE_KEY", "private_key_test")];
    let out = run(
        &env,
        &[
            "responsive",
            "/a.jpg",
            "--width",
            "400",
            "--signed",
            "--expire",
            "60",
        ],
    );
    let got: serde_json::Value = serde_json::from_str(out.line()).unwrap();
    let set = got["srcSet"].as_str().unwrap();
    let candidates: Vec<&str> = set.split(", ").collect();
    assert_eq!(candidates.len(), 2, "{set}");
    for candidate in candidates {
        assert!(candidate.contains("c-at_max/a.jpg?ik-t="), "{candidate}");
        assert!(candidate.contains("&ik-s="), "{candidate}");
    }
    assert!(got["src"].as_str().unwrap().contains("&ik-s="));
}

#[test]
fn bad_breakpoints_are_refused() {
    let out = run(
        &[],
        &["responsive", "/a.jpg", "--device-breakpoints", "640,abc"],
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("abc"), "{}", out.stderr);
}
