//! The transformation renderer on every typed `Transform`, and the name table.

use imagekit::{
    render_transformation, transform_code, AnchorPoint, AudioCodec, Crop, CropMode, Flip, Format,
    InnerAlignment, Layer, LayerFocus, LayerMode, Number, Transform, Value, VideoCodec, NAME_TABLE,
};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::json;

use super::urls::name;
use super::{client, config};

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
