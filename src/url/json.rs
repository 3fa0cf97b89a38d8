//! The dynamic options: a JSON object in the official SDKs' snake_case form (`path`, `src`,
//! `url_endpoint`, `transformation`, `transformation_position`, `query_parameters`, `signed`,
//! `expire_seconds`, and `now` to pin the clock), read from the nodes of `tokens` into
//! [`UrlOptions`] that borrow its strings.
//!
//! A repeated name means its last value, at the name's first position; only that value is
//! checked. Transformation entries are kept as (name, value) pairs: `render` looks names up.
//!
//! Uses: `tokens`, `options`, `transform`, `value`, `catalog` and `error`.

use std::borrow::Cow;
use std::collections::HashMap;

use super::catalog::takes_list;
use super::error::InputError;
use super::options::{TransformationPosition, UrlOptions};
use super::tokens::{Items, Members, Node};
use super::transform::{Encoding, Layer, LayerKind, Steps, Transform, POSITION, TIMING};
use super::value::{write_float, Value};

/// The options, in the order of [`Opt`].
const OPTIONS: [&str; 9] = [
    "path",
    "src",
    "url_endpoint",
    "transformation",
    "transformation_position",
    "query_parameters",
    "signed",
    "expire_seconds",
    "now",
];

/// The index of each option in [`OPTIONS`].
#[derive(Clone, Copy)]
enum Opt {
    Path,
    Src,
    Endpoint,
    Transformation,
    Position,
    Query,
    Signed,
    Expire,
    Now,
}

/// The options of one JSON object and its `now` (unix seconds), when it pins the clock.
pub(crate) fn options<'d>(root: Node<'d>) -> Result<(UrlOptions<'d>, Option<u64>), InputError> {
    let Node::Object(members) = root else {
        return Err(InputError::WrongType("the options", "a JSON object"));
    };
    let values = named(members, &OPTIONS, |name| {
        InputError::UnknownOption(name.to_string())
    })?;
    let get = |opt: Opt| values[opt as usize];
    let mut opts = UrlOptions {
        path: string(get(Opt::Path), "path")?,
        src: string(get(Opt::Src), "src")?,
        url_endpoint: string(get(Opt::Endpoint), "url_endpoint")?,
        ..Default::default()
    };
    if let Some(steps) = get(Opt::Transformation) {
        opts.transformation = steps_from(steps)?;
    }
    opts.position = match get(Opt::Position) {
        None => TransformationPosition::Path,
        Some(Node::Str("path")) => TransformationPosition::Path,
        Some(Node::Str("query")) => TransformationPosition::Query,
        Some(_) => return Err(InputError::BadPosition),
    };
    if let Some(params) = get(Opt::Query) {
        let Node::Object(params) = params else {
            return Err(InputError::WrongType("query_parameters", "an object"));
        };
        let query = last_wins(params)
            .into_iter()
            .map(|(name, value)| match value {
                Node::Array(_) | Node::Object(_) => {
                    Err(InputError::QueryValueNotScalar(name.to_string()))
                }
                v => Ok((name, scalar(v))),
            })
            .collect::<Result<_, _>>()?;
        opts.query = Cow::Owned(query);
    }
    opts.signed = match get(Opt::Signed) {
        None => false,
        Some(Node::Bool(b)) => b,
        Some(_) => return Err(InputError::WrongType("signed", "a boolean")),
    };
    if opts.signed {
        opts.expire_seconds = match get(Opt::Expire) {
            None => 0,
            Some(Node::Int(n)) => u64::try_from(n).map_err(|_| InputError::NegativeExpiry)?,
            Some(_) => return Err(InputError::WrongType("expire_seconds", "an integer")),
        };
    }
    let now = match get(Opt::Now) {
        None => None,
        Some(Node::Int(n)) => {
            Some(u64::try_from(n).map_err(|_| InputError::WrongType("now", "a positive integer"))?)
        }
        Some(_) => return Err(InputError::WrongType("now", "an integer")),
    };
    Ok((opts, now))
}

/// The values of an object whose names must be among `names`, in their order, `null` as
/// absent; another name is the error `unknown` makes.
fn named<'d, const N: usize>(
    members: Members<'d>,
    names: &[&str; N],
    unknown: impl Fn(&str) -> InputError,
) -> Result<[Option<Node<'d>>; N], InputError> {
    let mut values = [None; N];
    for (name, value) in members {
        let i = names
            .iter()
            .position(|n| *n == name)
            .ok_or_else(|| unknown(name))?;
        values[i] = Some(value).filter(|v| !matches!(v, Node::Null));
    }
    Ok(values)
}

/// Past this many names, [`last_wins`] finds repeated names through a hash map instead of a
/// scan, so a hostile object with many names takes linear time.
const SCAN: usize = 16;

/// An object's members in order, each name once: at its first position, with its last value.
fn last_wins(members: Members<'_>) -> Vec<(&str, Node<'_>)> {
    let mut out: Vec<(&str, Node<'_>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (name, value) in members {
        let earlier = if out.len() <= SCAN {
            out.iter().position(|(n, _)| *n == name)
        } else {
            if index.is_empty() {
                index.extend(out.iter().enumerate().map(|(i, (n, _))| (*n, i)));
            }
            index.get(name).copied()
        };
        match earlier.and_then(|i| out.get_mut(i)) {
            Some(slot) => slot.1 = value,
            None => {
                if !index.is_empty() {
                    index.insert(name, out.len());
                }
                out.push((name, value));
            }
        }
    }
    out
}

fn string<'d>(value: Option<Node<'d>>, key: &'static str) -> Result<Option<&'d str>, InputError> {
    match value {
        None => Ok(None),
        Some(Node::Str(s)) => Ok(Some(s)),
        Some(_) => Err(InputError::WrongType(key, "a string")),
    }
}

fn steps_from(value: Node<'_>) -> Result<Steps<'_>, InputError> {
    let Node::Array(steps) = value else {
        return Err(InputError::WrongType("transformation", "a list of steps"));
    };
    let steps = steps
        .map(|step| {
            let Node::Object(step) = step else {
                return Err(InputError::WrongType("transformation step", "an object"));
            };
            last_wins(step)
                .into_iter()
                .map(|(name, value)| entry(name, value))
                .collect()
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(steps.into())
}

fn entry<'d>(name: &'d str, value: Node<'d>) -> Result<Transform<'d>, InputError> {
    match value {
        Node::Object(layer) if name == "overlay" => Ok(layer_from(layer)?.into()),
        Node::Object(_) => Err(InputError::ObjectValue(name.to_string())),
        Node::Array(items) => Ok(Transform::Param(name, list(name, items)?)),
        v => Ok(Transform::Param(name, scalar(v))),
    }
}

/// A list value. `render` checks the elements of the lists it writes; an object cannot be a
/// [`Value`], so it is refused here with the error `render` would give.
fn list<'d>(name: &str, items: Items<'d>) -> Result<Value<'d>, InputError> {
    items
        .map(|item| match item {
            Node::Object(_) if takes_list(name) => Err(InputError::ListElement("an object")),
            Node::Object(_) => Err(InputError::ArrayValue(name.to_string())),
            // Refused by `render` as a list in a list; its elements do not matter.
            Node::Array(_) => Ok(Value::List(Vec::new())),
            v => Ok(scalar(v)),
        })
        .collect::<Result<_, _>>()
        .map(Value::List)
}

/// A JSON scalar (not an array or object) as a [`Value`].
fn scalar(v: Node<'_>) -> Value<'_> {
    match v {
        Node::Bool(b) => Value::Bool(b),
        Node::Int(n) => Value::Int(n),
        Node::Float(f) => Value::Float(f),
        Node::Str(s) => Value::Str(s),
        Node::Null | Node::Array(_) | Node::Object(_) => Value::Null,
    }
}

/// The keys of an overlay, in the order of [`Key`].
const LAYER_KEYS: [&str; 9] = [
    "type",
    "text",
    "input",
    "color",
    "encoding",
    "layer_mode",
    "position",
    "timing",
    "transformation",
];

/// The index of each overlay key in [`LAYER_KEYS`].
#[derive(Clone, Copy)]
enum Key {
    Type,
    Text,
    Input,
    Color,
    Encoding,
    LayerMode,
    Position,
    Timing,
    Transformation,
}

fn layer_from(members: Members<'_>) -> Result<Layer<'_>, InputError> {
    let values = named(members, &LAYER_KEYS, |key| {
        InputError::UnknownOverlayKey(key.to_string(), "")
    })?;
    let get = |key: Key| values[key as usize];
    let (kind, input_key) = match get(Key::Type) {
        None => return Err(InputError::OverlayWithoutType),
        Some(Node::Str("text")) => (LayerKind::Text, Key::Text),
        Some(Node::Str("image")) => (LayerKind::Image, Key::Input),
        Some(Node::Str("video")) => (LayerKind::Video, Key::Input),
        Some(Node::Str("subtitle")) => (LayerKind::Subtitle, Key::Input),
        Some(Node::Str("solid_color" | "solidColor")) => (LayerKind::SolidColor, Key::Color),
        Some(Node::Str(t)) => return Err(InputError::UnknownOverlayType(t.to_string())),
        Some(_) => return Err(InputError::WrongType("overlay type", "a string")),
    };
    let encoding = match get(Key::Encoding) {
        None => Encoding::Auto,
        Some(Node::Str("auto")) => Encoding::Auto,
        Some(Node::Str("plain")) => Encoding::Plain,
        Some(Node::Str("base64")) => Encoding::Base64,
        Some(Node::Str(e)) => return Err(InputError::UnknownOverlayEncoding(e.to_string())),
        Some(_) => return Err(InputError::WrongType("overlay encoding", "a string")),
    };
    // Every input key is checked, whether or not this type uses it.
    let mut input = None;
    for key in [Key::Text, Key::Input, Key::Color] {
        let value = layer_value(get(key), LAYER_KEYS[key as usize])?;
        if key as usize == input_key as usize {
            input = value;
        }
    }
    let mut layer = Layer::new(kind, "").encoding(encoding);
    layer.input = input.map(|v| match v {
        Value::Str(s) => Cow::Borrowed(s),
        number => Cow::Owned(number_text(&number)),
    });
    layer.layer_mode = layer_value(get(Key::LayerMode), "layer_mode")?.unwrap_or_default();
    fill(
        get(Key::Position),
        "position",
        &POSITION,
        &mut layer.position,
    )?;
    fill(get(Key::Timing), "timing", &TIMING, &mut layer.timing)?;
    if let Some(steps) = get(Key::Transformation) {
        layer.transformation = steps_from(steps)?;
    }
    Ok(layer)
}

/// The value of an overlay's `text`, `input`, `color` or `layer_mode`: a string or a number.
fn layer_value<'d>(
    value: Option<Node<'d>>,
    key: &'static str,
) -> Result<Option<Value<'d>>, InputError> {
    match value {
        None => Ok(None),
        Some(v @ (Node::Str(_) | Node::Int(_) | Node::Float(_))) => Ok(Some(scalar(v))),
        Some(other) => Err(InputError::OverlayValue(key, other.kind())),
    }
}

/// A number as the URL writes it.
fn number_text(v: &Value<'_>) -> String {
    let mut s = String::new();
    match v {
        Value::Float(f) => {
            let _ = write_float(&mut s, *f);
        }
        Value::Int(n) => s = n.to_string(),
        _ => {}
    }
    s
}

/// Reads an overlay's `position` or `timing` (the `place`) into `slots`, one per known key.
fn fill<'d>(
    value: Option<Node<'d>>,
    place: &'static str,
    keys: &[(&'static str, &str)],
    slots: &mut [Value<'d>],
) -> Result<(), InputError> {
    let Some(value) = value else {
        return Ok(());
    };
    let Node::Object(members) = value else {
        return Err(InputError::OverlayPlaceNotObject(place));
    };
    for (name, value) in members {
        let (i, key) = keys
            .iter()
            .enumerate()
            .find_map(|(i, (k, _))| (*k == name).then_some((i, *k)))
            .ok_or_else(|| InputError::UnknownOverlayKey(name.to_string(), place))?;
        if let Some(slot) = slots.get_mut(i) {
            *slot = match value {
                Node::Null | Node::Str(_) | Node::Int(_) | Node::Float(_) => scalar(value),
                other => return Err(InputError::OverlayPlaceValue(place, key, other.kind())),
            };
        }
    }
    Ok(())
}
