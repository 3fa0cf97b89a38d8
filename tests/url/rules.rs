//! The rules of url.md through the typed API, one case each (the JSON form is covered by the
//! vectors).

use imagekit::{
    AnchorPoint, Crop, Encoding, Format, ImageKit, InputError, Layer, LayerFocus, LayerMode,
    Number, Transform, TransformationPosition, UrlOptions, Value,
};
use rstest::rstest;

const ENDPOINT: &str = "https://ik.imagekit.io/test_url_endpoint";

fn ik() -> ImageKit {
    ImageKit::new(ENDPOINT)
        .unwrap()
        .with_private_key("private_key_test")
}

/// The transformation segment of the URL for `steps` ("" when there is none).
fn tr(steps: &[&[Transform<'_>]]) -> String {
    let url = ik()
        .url(&UrlOptions::path("/a.jpg").transformation(steps))
        .unwrap();
    let rest = url
        .strip_prefix(ENDPOINT)
        .unwrap()
        .strip_suffix("/a.jpg")
        .unwrap();
    rest.strip_prefix("/tr:").unwrap_or(rest).to_string()
}

#[rstest]
#[case(Transform::Width(300.into()), "w-300")]
#[case(Transform::Width(Number::Float(0.5)), "w-0.5")]
#[case(Transform::Quality(Number::Float(100.0)), "q-100.0")]
#[case(Transform::Zoom(Number::Float(1e-5)), "z-0.00001")]
#[case(Transform::Rotation((-90).into()), "rt--90")]
#[case(Transform::Width("iw_div_2".into()), "w-iw_div_2")]
#[case(Transform::Dpr("auto".into()), "dpr-auto")]
#[case(Transform::Trim(true.into()), "t-true")]
#[case(
    Transform::Crop(Crop::MaintainRatioNoEnlarge),
    "c-maintain_ratio_no_enlarge"
)]
#[case(Transform::Format(Format::Avif), "f-avif")]
#[case(Transform::Progressive(false), "pr-false")]
#[case(Transform::Grayscale, "e-grayscale")]
#[case(Transform::AiRemoveBackground, "e-bgremove")]
#[case(Transform::Sharpen(None), "e-sharpen")]
#[case(Transform::Sharpen(Some(10.into())), "e-sharpen-10")]
#[case(Transform::UnsharpMask(Some("2-2-0.8-0.024".into())), "e-usm-2-2-0.8-0.024")]
#[case(
    Transform::DefaultImage("/folder/sub/file.jpg/"),
    "di-folder@@sub@@file.jpg"
)]
#[case(Transform::FontFamily("/fonts/My Font.ttf"), "ff-fonts@@My%20Font.ttf")]
#[case(Transform::StreamingResolutions(&[240, 360, 1080]), "sr-240_360_1080")]
#[case(Transform::Raw("l-text,i-Hi,l-end"), "l-text,i-Hi,l-end")]
#[case(Transform::Named("a?b"), "n-a%3Fb")]
#[case(Transform::Background("-"), "bg")]
#[case(Transform::Param("effectGray", Value::Bool(true)), "e-grayscale")]
#[case(Transform::Param("e-bgremove", Value::Bool(true)), "e-bgremove")]
#[case(Transform::Param("sharpen", Value::Bool(false)), "")]
#[case(Transform::Param("grayscale", Value::Str("true")), "e-grayscale-true")]
#[case(Transform::Param("streamingResolutions", Value::List(vec![Value::Int(240), Value::Str("360")])), "sr-240_360")]
#[case(Transform::Param("width", Value::Null), "")]
#[case(Transform::Param("width", Value::Str("")), "")]
#[case(Transform::Param("x", Value::UInt(u64::MAX)), "x-18446744073709551615")]
#[case(Transform::Param("default_image", Value::Str("//")), "")]
#[case(Transform::Rotation(Number::Float(-0.0)), "rt-0.0")]
fn one_entry_renders_by_the_rules(#[case] t: Transform<'static>, #[case] want: &str) {
    let step = [t];
    assert_eq!(tr(&[&step]), want);
}

#[test]
fn empty_steps_are_dropped_and_slashes_trimmed_in_the_path() {
    let steps: &[&[Transform<'_>]] = &[
        &[Transform::Raw("/w-100")],
        &[],
        &[Transform::Param("width", Value::Null)],
        &[Transform::Raw("h-50/")],
    ];
    assert_eq!(tr(steps), "w-100:h-50");
    let only_slash: &[&[Transform<'_>]] = &[&[Transform::Raw("/")]];
    assert_eq!(
        ik().url(&UrlOptions::path("/a.jpg").transformation(only_slash))
            .unwrap(),
        format!("{ENDPOINT}/a.jpg")
    );
}

#[test]
fn owned_steps_render_as_borrowed_ones() {
    let borrowed: &[&[Transform<'_>]] = &[&[Transform::Width(1.into())], &[Transform::Grayscale]];
    let owned = vec![vec![Transform::Width(1.into())], vec![Transform::Grayscale]];
    let a = ik()
        .url(&UrlOptions::path("/a.jpg").transformation(borrowed))
        .unwrap();
    let b = ik()
        .url(&UrlOptions::path("/a.jpg").transformation(owned))
        .unwrap();
    assert_eq!(a, b);
}

#[rstest]
#[case(Number::Float(f64::NAN))]
#[case(Number::Float(f64::INFINITY))]
fn a_number_that_cannot_render_is_a_typed_error(#[case] n: Number<'static>) {
    let step = [Transform::Width(n)];
    let err = ik()
        .url(&UrlOptions::path("/a.jpg").transformation(&[&step[..]][..]))
        .unwrap_err();
    assert_eq!(
        err.input_error(),
        Some(&InputError::NonFiniteNumber("w".into()))
    );
}

#[rstest]
#[case(UrlOptions::path("///"), InputError::MissingPathOrSrc)]
#[case(UrlOptions::src("images/a.jpg"), InputError::SrcNotHttp)]
#[case(UrlOptions::path("/a.jpg").url_endpoint(""), InputError::EndpointEmpty)]
#[case(UrlOptions::path("/a.jpg").url_endpoint("ik.imagekit.io/x"), InputError::EndpointNotHttp)]
#[case(UrlOptions::path("/a.jpg").url_endpoint("https:///x"), InputError::EndpointNoHost)]
#[case(UrlOptions::path("/a.jpg").url_endpoint("https://x.io/a\u{3000}b"), InputError::EndpointBadChar("https://x.io/a\u{3000}b".into()))]
#[case(UrlOptions::path("/a.jpg").url_endpoint("https://x.io/#a"), InputError::EndpointQuery)]
#[case(UrlOptions::path("/a.jpg").with_src("https://"), InputError::SrcNoHost)]
#[case(UrlOptions::path("/a.jpg").url_endpoint("https://"), InputError::EndpointNoHost)]
#[case(UrlOptions::path("/a.jpg").url_endpoint("http:///"), InputError::EndpointNoHost)]
#[case(UrlOptions::src("https://a\u{7f}b.io/a.jpg"), InputError::SrcHostBadChar("a\u{7f}b.io".into()))]
#[case(UrlOptions::src("http://?a"), InputError::SrcNoHost)]
fn bad_input_is_refused(#[case] opts: UrlOptions<'static>, #[case] want: InputError) {
    assert_eq!(ik().url(&opts).unwrap_err().input_error(), Some(&want));
}

#[rstest]
#[case(
    Transform::Param("", Value::Null),
    InputError::EmptyName("a transformation step")
)]
#[case(Transform::Param("width", Value::List(vec![])), InputError::ArrayValue("width".into()))]
#[case(Transform::Param("raw", Value::List(vec![])), InputError::ArrayValue("raw".into()))]
#[case(Transform::Param("sr", Value::List(vec![Value::Int(1), Value::Null])), InputError::ListElement("null"))]
#[case(Transform::Param("streaming_resolutions", Value::List(vec![Value::Bool(false)])), InputError::ListElement("false"))]
#[case(Transform::Param("sr", Value::List(vec![Value::List(vec![])])), InputError::ListElement("a list"))]
#[case(Layer::text("").transformation(vec![vec![Transform::Param("", Value::Int(1))]]).into(), InputError::EmptyName("a transformation step"))]
fn bad_entries_are_refused(#[case] t: Transform<'static>, #[case] want: InputError) {
    let step = [t];
    let err = ik()
        .url(&UrlOptions::path("/a.jpg").transformation(&[&step[..]][..]))
        .unwrap_err();
    assert_eq!(err.input_error(), Some(&want));
}

#[test]
fn an_empty_query_parameter_name_is_refused_whatever_its_value() {
    let params = [("", Value::Null)];
    let err = ik()
        .url(&UrlOptions::path("/a.jpg").query_parameters(&params))
        .unwrap_err();
    assert_eq!(
        err.input_error(),
        Some(&InputError::EmptyName("query_parameters"))
    );
}

#[test]
fn a_list_as_query_value_is_refused() {
    let params = [("v", Value::List(vec![Value::Int(1)]))];
    let err = ik()
        .url(&UrlOptions::path("/a.jpg").query_parameters(&params))
        .unwrap_err();
    assert_eq!(
        err.input_error(),
        Some(&InputError::QueryValueNotScalar("v".into()))
    );
}

#[test]
fn a_bad_client_endpoint_is_refused_at_construction() {
    assert!(ImageKit::new("").unwrap_err().is_invalid_input());
    assert!(ImageKit::new("ftp://x").is_err());
    assert!(ImageKit::new("https://ik.imagekit.io/demo\n").is_err());
    assert!(ImageKit::new("https://ik.imagekit.io/demo?v=1").is_err());
}

#[rstest]
#[case(UrlOptions::path("/a.jpg").url_endpoint("https://cdn.example.com/x///"), "https://cdn.example.com/x/a.jpg")]
#[case(
    UrlOptions::path("///a//b.jpg///"),
    "https://ik.imagekit.io/test_url_endpoint/a//b.jpg"
)]
#[case(
    UrlOptions::path("/summer sale/café.jpg"),
    "https://ik.imagekit.io/test_url_endpoint/summer%20sale/caf%C3%A9.jpg"
)]
#[case(
    UrlOptions::path("/100%25 done.jpg"),
    "https://ik.imagekit.io/test_url_endpoint/100%25%20done.jpg"
)]
#[case(
    UrlOptions::path("/a.jpg?#"),
    "https://ik.imagekit.io/test_url_endpoint/a.jpg"
)]
#[case(
    UrlOptions::path("/a b.jpg#frag ment?x"),
    "https://ik.imagekit.io/test_url_endpoint/a%20b.jpg#frag%20ment?x"
)]
#[case(
    UrlOptions::path("/a.jpg?a=1&b=2&a=3&e=&f"),
    "https://ik.imagekit.io/test_url_endpoint/a.jpg?a=3&b=2"
)]
#[case(UrlOptions::path("/").with_src("https://x.example.com/p/a b.jpg?q=a+b%20c"), "https://x.example.com/p/a%20b.jpg?q=a+b+c")]
fn paths_queries_and_fragments_are_assembled(
    #[case] opts: UrlOptions<'static>,
    #[case] want: &str,
) {
    assert_eq!(ik().url(&opts).unwrap(), want);
}

#[test]
fn query_parameters_replace_in_place_and_the_transformation_comes_last() {
    let steps: &[&[Transform<'_>]] = &[&[Transform::Width(300.into())]];
    let params = [
        ("b", Value::Str("3")),
        ("c", Value::Int(4)),
        ("n", Value::Null),
        ("f", Value::Float(2.0)),
        ("ok", Value::Bool(true)),
        ("na me", Value::Str("v/a:l")),
    ];
    let opts = UrlOptions::src("https://images.example.com/x.jpg?a=1&b=2&tr=old")
        .transformation(steps)
        .query_parameters(&params);
    assert_eq!(
        ik().url(&opts).unwrap(),
        "https://images.example.com/x.jpg?a=1&b=3&tr=w-300&c=4&f=2.0&ok=true&na+me=v%2Fa%3Al"
    );
    let path_position = UrlOptions::path("/a.jpg")
        .transformation(steps)
        .query_parameters(&[("tr", Value::Str("w-5"))]);
    assert_eq!(
        ik().url(&path_position).unwrap(),
        format!("{ENDPOINT}/tr:w-300/a.jpg?tr=w-5")
    );
    let query = UrlOptions::path("/a.jpg")
        .transformation(steps)
        .position(TransformationPosition::Query);
    assert_eq!(
        ik().url(&query).unwrap(),
        format!("{ENDPOINT}/a.jpg?tr=w-300")
    );
}

#[test]
fn signing_matches_the_check_value_and_expires_from_the_clock() {
    let steps: &[&[Transform<'_>]] = &[&[Transform::Width(100.into())]];
    let opts = UrlOptions::path("/a.jpg")
        .transformation(steps)
        .signed(true);
    assert_eq!(
        ik().url(&opts).unwrap(),
        format!("{ENDPOINT}/tr:w-100/a.jpg?ik-s=8a4d81e190528110e6835304625acb9df2fa38a0")
    );
    let w300: &[&[Transform<'_>]] = &[&[Transform::Width(300.into())]];
    let expiring = UrlOptions::path("/a b.jpg")
        .transformation(w300)
        .signed(true)
        .expire_seconds(60);
    let want = format!(
        "{ENDPOINT}/tr:w-300/a%20b.jpg?ik-t=1700000060&ik-s=05477206f08f2c872ac7fcde73b182c70df6ae32"
    );
    assert_eq!(ik().url_at(&expiring, 1_700_000_000).unwrap(), want);
    assert_eq!(
        ik().with_clock(|| 1_700_000_000).url(&expiring).unwrap(),
        want
    );
}

#[test]
fn signing_drops_given_ik_params_and_signs_a_foreign_src_whole() {
    let params = [
        ("ik-t", Value::Str("123")),
        ("a", Value::Str("1")),
        ("ik-s", Value::Str("abc")),
    ];
    let opts = UrlOptions::path("/a.jpg?ik-s=old")
        .query_parameters(&params)
        .signed(true)
        .expire_seconds(60);
    assert_eq!(
        ik().url_at(&opts, 1_700_000_000).unwrap(),
        format!(
            "{ENDPOINT}/a.jpg?a=1&ik-t=1700000060&ik-s=be6d71240a729ec95f2e07b166c20e680bf13505"
        )
    );
    let foreign = UrlOptions::src("https://images.example.com/x.jpg").signed(true);
    assert_eq!(
        ik().url(&foreign).unwrap(),
        "https://images.example.com/x.jpg?ik-s=2e07322f99a957677940f395a6fda63ad63584b5"
    );
}

#[test]
fn signing_without_a_private_key_is_refused() {
    let ik = ImageKit::new(ENDPOINT).unwrap();
    let err = ik
        .url(&UrlOptions::path("/a.jpg").signed(true))
        .unwrap_err();
    assert_eq!(err.input_error(), Some(&InputError::MissingPrivateKey));
}

#[test]
fn debug_never_shows_the_private_key() {
    let shown = format!("{:?}", ik());
    assert!(!shown.contains("private_key_test"), "{shown}");
    assert!(shown.contains("<redacted>"));
}

#[rstest]
#[case(Layer::text("Minimal Text"), "l-text,i-Minimal%20Text,l-end")]
#[case(Layer::text("Grüße, Welt!"), "l-text,ie-R3LDvMOfZSwgV2VsdCE%3D,l-end")]
#[case(Layer::text("50% off!").encoding(Encoding::Plain), "l-text,i-50%25%20off!,l-end")]
#[case(
    Layer::image("/my logos/brand 1.png"),
    "l-image,i-my%20logos@@brand%201.png,l-end"
)]
#[case(Layer::image("//double/x.png//"), "l-image,i-@@double@@x.png@@,l-end")]
#[case(Layer::image("/a/b.png").encoding(Encoding::Base64), "l-image,ie-YS9iLnBuZw%3D%3D,l-end")]
#[case(Layer::subtitle("/subs/en.srt"), "l-subtitles,i-subs@@en.srt,l-end")]
#[case(Layer::solid_color("FF0000").x(5), "l-image,i-ik_canvas,bg-FF0000,lx-5,l-end")]
#[case(Layer::text(""), "")]
#[case(
    Layer::video("/clips/intro.mp4")
        .duration(5).end(10).start(2)
        .focus(LayerFocus::Center).anchor_point(AnchorPoint::TopLeft)
        .y_center(20).x_center(10).y(5).x(4)
        .layer_mode(LayerMode::Multiply),
    "l-video,i-clips@@intro.mp4,lm-multiply,lx-4,ly-5,lxc-10,lyc-20,lap-top_left,lfo-center,lso-2,leo-10,ldu-5,l-end"
)]
#[case(Layer::image("logo.png").x(0).start(0), "l-image,i-logo.png,lx-0,lso-0,l-end")]
fn layers_render_in_order(#[case] layer: Layer<'static>, #[case] want: &str) {
    let step = [Transform::from(layer)];
    assert_eq!(tr(&[&step]), want);
}

#[test]
fn nested_layers_recurse_and_escape_once_in_the_query() {
    let inner: &[&[Transform<'_>]] = &[&[Transform::FontSize(20.into())]];
    let outer_steps = [
        vec![Transform::Width(200.into()), Transform::Height(50.into())],
        vec![Layer::text("Inner").transformation(inner).into()],
    ];
    let steps: &[&[Transform<'_>]] = &[&[Layer::solid_color("FF000080")
        .transformation(outer_steps.to_vec())
        .into()]];
    assert_eq!(
        tr(steps),
        "l-image,i-ik_canvas,bg-FF000080,w-200,h-50:l-text,i-Inner,fs-20,l-end,l-end"
    );
    let query = ik()
        .url(
            &UrlOptions::path("/a.jpg")
                .transformation(steps)
                .position(TransformationPosition::Query),
        )
        .unwrap();
    assert_eq!(
        query,
        format!("{ENDPOINT}/a.jpg?tr=l-image%2Ci-ik_canvas%2Cbg-FF000080%2Cw-200%2Ch-50%3Al-text%2Ci-Inner%2Cfs-20%2Cl-end%2Cl-end")
    );
}
