//! The typed transformation: the generated [`Transform`] enum (one variant per current
//! ImageKit parameter, from `transforms.toml`), the [`Steps`] that hold it, and the [`Layer`]
//! an overlay entry carries. Types only: `render` writes them into a URL.
//!
//! Uses: `catalog` (the value enums) and `value`.

use std::borrow::Cow;

use super::catalog::{
    AnchorPoint, AudioCodec, Crop, CropMode, Flip, Format, InnerAlignment, LayerFocus, LayerMode,
    VideoCodec,
};
use super::value::{Number, Value};

include!(concat!(env!("OUT_DIR"), "/transform.rs"));

/// The steps of a transformation: borrowed (no allocation) or owned. What
/// [`UrlOptions::transformation`](crate::UrlOptions::transformation) and
/// [`render_transformation`](crate::render_transformation) take, made from the usual forms:
///
/// ```
/// use imagekit::{render_transformation, Steps, Transform};
///
/// // One step: a slice or an array of entries.
/// assert_eq!(render_transformation(&[Transform::width(300), Transform::height(200)]).unwrap(), "w-300,h-200");
/// // Steps of the same length: arrays of arrays, or arrays of references to arrays.
/// assert_eq!(render_transformation(&[[Transform::width(300)], [Transform::rotation(90)]]).unwrap(), "w-300:rt-90");
/// assert_eq!(render_transformation(&[&[Transform::width(300)]]).unwrap(), "w-300");
/// // Steps of different lengths: a slice of slices (borrowed) or vectors (owned).
/// let steps: &[&[Transform]] = &[&[Transform::width(300)], &[Transform::rotation(90), Transform::Grayscale]];
/// assert_eq!(render_transformation(steps).unwrap(), "w-300:rt-90,e-grayscale");
/// let owned = vec![vec![Transform::width(300)], vec![Transform::rotation(90), Transform::Grayscale]];
/// assert_eq!(Steps::from(owned).len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Steps<'a> {
    /// Steps the caller keeps.
    Borrowed(&'a [&'a [Transform<'a>]]),
    /// One step the caller keeps.
    One(&'a [Transform<'a>]),
    /// Steps of the same length the caller keeps, end to end: `(entries, entries per step)`.
    Even(&'a [Transform<'a>], usize),
    /// Steps built at run time (the dynamic JSON options, `Vec`s of entries).
    Owned(OwnedSteps<'a>),
}

/// Steps built at run time, end to end in one list: one allocation for the entries of every
/// step, and none more for a single step. Made from `Vec`s of entries:
///
/// ```
/// use imagekit::{render_transformation, OwnedSteps, Transform};
/// let steps = OwnedSteps::from(vec![vec![Transform::width(300)], vec![], vec![Transform::rotation(90)]]);
/// assert_eq!(steps.len(), 3);
/// assert_eq!(render_transformation(steps).unwrap(), "w-300:rt-90");
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OwnedSteps<'a> {
    entries: Vec<Transform<'a>>,
    /// Where each step but the last ends in `entries`.
    ends: Vec<usize>,
    /// How many steps there are: `ends.len() + 1`, or 0.
    count: usize,
}

impl<'a> OwnedSteps<'a> {
    /// How many steps there are.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when there is no step.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Room for `entries` entries, in steps.
    pub(crate) fn with_capacity(entries: usize) -> Self {
        OwnedSteps {
            entries: Vec::with_capacity(entries),
            ..OwnedSteps::default()
        }
    }

    /// Starts a new step: the entries pushed from now on are its own.
    pub(crate) fn start_step(&mut self) {
        if self.count > 0 {
            self.ends.push(self.entries.len());
        }
        self.count += 1;
    }

    /// The entries; those pushed since [`start_step`](OwnedSteps::start_step) are the last
    /// step's.
    pub(crate) fn entries_mut(&mut self) -> &mut Vec<Transform<'a>> {
        &mut self.entries
    }

    /// Step `i`, if there is one.
    fn step(&self, i: usize) -> Option<&[Transform<'a>]> {
        if i >= self.count {
            return None;
        }
        let start = match i.checked_sub(1) {
            None => 0,
            Some(before) => *self.ends.get(before)?,
        };
        let end = self.ends.get(i).copied().unwrap_or(self.entries.len());
        self.entries.get(start..end)
    }

    /// Calls `f` with each step in order, stopping at its first error.
    fn try_each<E>(&self, mut f: impl FnMut(&[Transform<'a>]) -> Result<(), E>) -> Result<(), E> {
        if self.count == 0 {
            return Ok(());
        }
        let mut start = 0;
        for &end in &self.ends {
            f(self.entries.get(start..end).unwrap_or_default())?;
            start = end;
        }
        f(self.entries.get(start..).unwrap_or_default())
    }
}

impl<'a> From<Vec<Vec<Transform<'a>>>> for OwnedSteps<'a> {
    fn from(steps: Vec<Vec<Transform<'a>>>) -> Self {
        let mut owned = OwnedSteps {
            entries: Vec::with_capacity(steps.iter().map(Vec::len).sum()),
            ends: Vec::with_capacity(steps.len().saturating_sub(1)),
            count: 0,
        };
        for step in steps {
            owned.start_step();
            owned.entries.extend(step);
        }
        owned
    }
}

impl Default for Steps<'_> {
    fn default() -> Self {
        Steps::Borrowed(&[])
    }
}

impl<'a> From<&'a [&'a [Transform<'a>]]> for Steps<'a> {
    fn from(steps: &'a [&'a [Transform<'a>]]) -> Self {
        Steps::Borrowed(steps)
    }
}

impl<'a, const N: usize> From<&'a [&'a [Transform<'a>]; N]> for Steps<'a> {
    fn from(steps: &'a [&'a [Transform<'a>]; N]) -> Self {
        Steps::Borrowed(steps)
    }
}

impl<'a> From<&'a [Transform<'a>]> for Steps<'a> {
    fn from(step: &'a [Transform<'a>]) -> Self {
        Steps::One(step)
    }
}

impl<'a, const M: usize> From<&'a [Transform<'a>; M]> for Steps<'a> {
    fn from(step: &'a [Transform<'a>; M]) -> Self {
        Steps::One(step)
    }
}

impl<'a, const M: usize, const N: usize> From<&'a [[Transform<'a>; M]; N]> for Steps<'a> {
    fn from(steps: &'a [[Transform<'a>; M]; N]) -> Self {
        Steps::Even(steps.as_flattened(), M)
    }
}

/// References to separate arrays cannot be borrowed as one slice: the entries are copied into
/// one list (a slice of slices, `&[&[Transform]]`, borrows them instead).
impl<'a, const M: usize, const N: usize> From<&'a [&'a [Transform<'a>; M]; N]> for Steps<'a> {
    fn from(steps: &'a [&'a [Transform<'a>; M]; N]) -> Self {
        let mut owned = OwnedSteps::with_capacity(M * N);
        for step in steps {
            owned.start_step();
            owned.entries.extend_from_slice(*step);
        }
        Steps::Owned(owned)
    }
}

impl<'a> From<Vec<Vec<Transform<'a>>>> for Steps<'a> {
    fn from(steps: Vec<Vec<Transform<'a>>>) -> Self {
        Steps::Owned(steps.into())
    }
}

impl<'a> From<Vec<Transform<'a>>> for Steps<'a> {
    fn from(step: Vec<Transform<'a>>) -> Self {
        Steps::Owned(OwnedSteps {
            entries: step,
            ends: Vec::new(),
            count: 1,
        })
    }
}

impl<'a> From<OwnedSteps<'a>> for Steps<'a> {
    fn from(steps: OwnedSteps<'a>) -> Self {
        Steps::Owned(steps)
    }
}

impl<'a> Steps<'a> {
    /// How many steps there are.
    pub fn len(&self) -> usize {
        match self {
            Steps::Borrowed(s) => s.len(),
            Steps::One(_) => 1,
            Steps::Even(entries, per_step) => entries.len().checked_div(*per_step).unwrap_or(0),
            Steps::Owned(s) => s.count,
        }
    }

    /// True when there is no step.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Step `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&[Transform<'a>]> {
        match self {
            Steps::Borrowed(s) => s.get(i).copied(),
            Steps::One(step) => (i == 0).then_some(*step),
            // `max(1)`: steps of no entry have no entries to chunk (and `chunks(0)` panics).
            Steps::Even(entries, per_step) => entries.chunks((*per_step).max(1)).nth(i),
            Steps::Owned(s) => s.step(i),
        }
    }

    /// Calls `f` with each step in order, stopping at its first error: one match on the
    /// variant for all the steps, where a loop over [`get`](Steps::get) matches at each step.
    #[inline(always)]
    pub(crate) fn try_each<E>(
        &self,
        mut f: impl FnMut(&[Transform<'a>]) -> Result<(), E>,
    ) -> Result<(), E> {
        match self {
            Steps::Borrowed(steps) => steps.iter().try_for_each(|step| f(step)),
            Steps::One(step) => f(step),
            Steps::Even(entries, per_step) => entries.chunks((*per_step).max(1)).try_for_each(f),
            Steps::Owned(steps) => steps.try_each(f),
        }
    }

    /// Room for the steps when their values are short (a code with a number or a short text takes
    /// at most 40 bytes), so most URLs are allocated once; long texts and layers grow the string
    /// as they are written. Only counts entries: looking into each one costs more than a rare
    /// reallocation.
    #[inline(always)]
    pub(crate) fn estimate_len(&self) -> usize {
        let mut entries = 0;
        let Ok(()) = self.try_each(|step| {
            entries += step.len();
            Ok::<(), core::convert::Infallible>(())
        });
        40 * entries
    }
}

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
/// let inner = [Transform::font_size(20)];
/// let layer = Layer::text("Hello").x(10).y_center("bh_div_2").transformation(&inner);
/// assert_eq!(render_transformation(&[Transform::from(layer)]).unwrap(), "l-text,i-Hello,lx-10,lyc-bh_div_2,fs-20,l-end");
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
