//! Layers (url.md section 5): text, image, video, subtitles and solid colours over a base asset.

use std::borrow::Cow;

use crate::base64;
use crate::catalog::{AnchorPoint, LayerFocus, LayerMode, Transform};
use crate::error::Written;
use crate::escape::{Separator, TrWriter};
use crate::render::{write_at_at, write_scalar, write_steps, Joiner, Steps};
use crate::value::{Number, Value};

/// What a layer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerKind {
    /// `l-text`, the input is the text.
    Text,
    /// `l-image`, the input is a file path.
    Image,
    /// `l-video`, the input is a file path.
    Video,
    /// `l-subtitles`, the input is a file path.
    Subtitle,
    /// `l-image,i-ik_canvas,bg-<color>`, the input is the colour.
    SolidColor,
}

/// How a layer's input is put in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Plain when the input is simple (letters, digits, `-._`, spaces and, for paths, `/`),
    /// else base64.
    #[default]
    Auto,
    /// `i-<input>`.
    Plain,
    /// `ie-<base64 of input>`.
    Base64,
}

/// Position keys in the order the URL carries them.
pub(crate) const POSITION: [(&str, &str); 6] = [
    ("x", "lx"),
    ("y", "ly"),
    ("x_center", "lxc"),
    ("y_center", "lyc"),
    ("anchor_point", "lap"),
    ("focus", "lfo"),
];

/// Timing keys in the order the URL carries them.
pub(crate) const TIMING: [(&str, &str); 3] =
    [("start", "lso"), ("end", "leo"), ("duration", "ldu")];

/// A layer, built with its constructor and chained setters, used as [`Transform::Overlay`].
///
/// ```
/// use imagekit::{Layer, Transform, render_transformation};
/// let inner: &[&[Transform]] = &[&[Transform::FontSize(20.into())]];
/// let layer = Layer::text("Hello").x(10).y_center("bh_div_2").transformation(inner);
/// let steps: &[&[Transform]] = &[&[layer.into()]];
/// assert_eq!(render_transformation(steps).unwrap(), "l-text,i-Hello,lx-10,lyc-bh_div_2,fs-20,l-end");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Layer<'a> {
    pub(crate) kind: LayerKind,
    pub(crate) input: Option<Cow<'a, str>>,
    pub(crate) encoding: Encoding,
    pub(crate) layer_mode: Value<'a>,
    pub(crate) position: [Value<'a>; 6],
    pub(crate) timing: [Value<'a>; 3],
    pub(crate) transformation: Steps<'a>,
}

impl<'a> Layer<'a> {
    /// A layer of `kind` showing `input`; an empty input renders nothing.
    pub fn new(kind: LayerKind, input: impl Into<Cow<'a, str>>) -> Self {
        Layer {
            kind,
            input: Some(input.into()),
            encoding: Encoding::Auto,
            layer_mode: Value::Null,
            position: Default::default(),
            timing: Default::default(),
            transformation: Steps::default(),
        }
    }

    /// A text layer.
    pub fn text(text: impl Into<Cow<'a, str>>) -> Self {
        Self::new(LayerKind::Text, text)
    }

    /// An image layer from a file path in the media library.
    pub fn image(path: impl Into<Cow<'a, str>>) -> Self {
        Self::new(LayerKind::Image, path)
    }

    /// A video layer from a file path.
    pub fn video(path: impl Into<Cow<'a, str>>) -> Self {
        Self::new(LayerKind::Video, path)
    }

    /// A subtitle layer from a file path.
    pub fn subtitle(path: impl Into<Cow<'a, str>>) -> Self {
        Self::new(LayerKind::Subtitle, path)
    }

    /// A solid colour block (`RRGGBB`, `RRGGBBAA` or a colour name).
    pub fn solid_color(color: impl Into<Cow<'a, str>>) -> Self {
        Self::new(LayerKind::SolidColor, color)
    }

    /// How the input is encoded.
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// `lm-`: how the layer blends.
    pub fn layer_mode(mut self, mode: LayerMode) -> Self {
        self.layer_mode = Value::Str(mode.as_str());
        self
    }

    /// `lx-`: distance from the left edge.
    pub fn x(self, v: impl Into<Number<'a>>) -> Self {
        self.at(0, v.into().into())
    }

    /// `ly-`: distance from the top edge.
    pub fn y(self, v: impl Into<Number<'a>>) -> Self {
        self.at(1, v.into().into())
    }

    /// `lxc-`: horizontal centre.
    pub fn x_center(self, v: impl Into<Number<'a>>) -> Self {
        self.at(2, v.into().into())
    }

    /// `lyc-`: vertical centre.
    pub fn y_center(self, v: impl Into<Number<'a>>) -> Self {
        self.at(3, v.into().into())
    }

    /// `lap-`: the anchor point.
    pub fn anchor_point(self, v: AnchorPoint) -> Self {
        self.at(4, Value::Str(v.as_str()))
    }

    /// `lfo-`: where the layer sits.
    pub fn focus(self, v: LayerFocus) -> Self {
        self.at(5, Value::Str(v.as_str()))
    }

    /// `lso-`: when the layer appears (video).
    pub fn start(mut self, v: impl Into<Number<'a>>) -> Self {
        self.timing[0] = v.into().into();
        self
    }

    /// `leo-`: when the layer ends (video).
    pub fn end(mut self, v: impl Into<Number<'a>>) -> Self {
        self.timing[1] = v.into().into();
        self
    }

    /// `ldu-`: how long the layer shows (video).
    pub fn duration(mut self, v: impl Into<Number<'a>>) -> Self {
        self.timing[2] = v.into().into();
        self
    }

    /// The layer's own steps (which may hold further layers).
    pub fn transformation(mut self, steps: impl Into<Steps<'a>>) -> Self {
        self.transformation = steps.into();
        self
    }

    fn at(mut self, i: usize, v: Value<'a>) -> Self {
        self.position[i] = v;
        self
    }
}

impl<'a> From<Layer<'a>> for Transform<'a> {
    fn from(layer: Layer<'a>) -> Self {
        Transform::Overlay(Box::new(layer))
    }
}

fn is_simple(s: &str, path: bool) -> bool {
    s.bytes().all(|b| {
        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b' ') || (path && b == b'/')
    })
}

/// Writes one layer, from `l-…` to `l-end`; a layer with no input writes nothing.
pub(crate) fn write(w: &mut TrWriter<'_>, j: &mut Joiner, layer: &Layer<'_>) -> Written {
    let Some(input) = layer.input.as_deref().filter(|s| !s.is_empty()) else {
        return Ok(());
    };
    j.entry(w);
    let open = match layer.kind {
        LayerKind::Text => "l-text",
        LayerKind::Image | LayerKind::SolidColor => "l-image",
        LayerKind::Video => "l-video",
        LayerKind::Subtitle => "l-subtitles",
    };
    w.push_safe(open);
    w.push_separator(Separator::Entry);
    let is_path = !matches!(layer.kind, LayerKind::Text | LayerKind::SolidColor);
    let input = if is_path {
        let input = input.strip_prefix('/').unwrap_or(input);
        input.strip_suffix('/').unwrap_or(input)
    } else {
        input
    };
    let plain = match layer.encoding {
        Encoding::Auto => is_simple(input, is_path),
        Encoding::Plain => true,
        Encoding::Base64 => false,
    };
    match (layer.kind, plain) {
        (LayerKind::SolidColor, _) => {
            w.push_safe("i-ik_canvas");
            w.push_separator(Separator::Entry);
            w.push_safe("bg-");
            w.push(input);
        }
        (_, false) => {
            w.push_safe("ie-");
            w.push_component(&base64::standard(input.as_bytes()));
        }
        (LayerKind::Text, true) => {
            w.push_safe("i-");
            w.push_component(input);
        }
        (_, true) => {
            w.push_safe("i-");
            write_at_at(w, input);
        }
    }
    let params = [("layer_mode", "lm")].iter().zip([&layer.layer_mode]);
    let position = POSITION.iter().zip(&layer.position);
    let timing = TIMING.iter().zip(&layer.timing);
    for ((name, code), value) in params.chain(position).chain(timing) {
        if !value.is_blank() {
            w.push_separator(Separator::Entry);
            w.push_safe(code);
            w.push_safe_char('-');
            write_scalar(w, name, value)?;
        }
    }
    write_steps(
        w,
        &layer.transformation,
        &mut Joiner::new(Some(Separator::Entry)),
    )?;
    w.push_separator(Separator::Entry);
    w.push_safe("l-end");
    Ok(())
}
