//! The dynamic options: a JSON object in the official SDKs' snake_case form (`path`, `src`,
//! `url_endpoint`, `transformation`, `transformation_position`, `query_parameters`, `signed`,
//! `expire_seconds`, and `now` to pin the clock), read in one pass from the `lexer` straight into
//! [`UrlOptions`] that borrow the text's strings. Transformation entries are kept as (name,
//! value) pairs: `render` looks names up.
//!
//! A repeated name means its last value, at the name's first position. Every value is read, and
//! what is wrong with it (a wrong type, an unknown overlay key…) is kept with it as a
//! [`Checked`] error, which stands only if no later value of the same name replaces it. Bad JSON
//! and an unknown option end the reading at once.
//!
//! Uses: `lexer`, `options`, `transform`, `value`, `catalog` and `error`.

use std::borrow::Cow;
use std::collections::HashMap;

use super::catalog::takes_list;
use super::error::InputError;
use super::lexer::{JsonText, Lexer, Number, Read};
use super::options::{TransformationPosition, UrlOptions};
use super::transform::{
    Encoding, Layer, LayerKind, OwnedSteps, Steps, Transform, POSITION, TIMING,
};
use super::value::{write_float, Value};

/// A value read whole, or what is wrong with it.
type Checked<T> = Result<T, Box<InputError>>;

/// Calls `build` with the options of a JSON text and its `now` (unix seconds), when it pins
/// the clock. The options are made in place and lent, not returned: they are large, and moving
/// them out through the readers' results cost more than reading a short text.
pub(crate) fn with_options<'d, R>(
    json: &'d JsonText<'_>,
    build: impl FnOnce(&UrlOptions<'d>, Option<u64>) -> Result<R, crate::Error>,
) -> Result<R, crate::Error> {
    read_options(&mut json.lexer(), build)
}

fn read_options<'d, R>(
    lexer: &mut Lexer<'d>,
    build: impl FnOnce(&UrlOptions<'d>, Option<u64>) -> Result<R, crate::Error>,
) -> Result<R, crate::Error> {
    if lexer.peek() != Some(b'{') {
        lexer.skip()?;
        lexer.end()?;
        return Err(InputError::WrongType("the options", "a JSON object").into());
    }
    let (mut path, mut src, mut endpoint) = (Ok(None), Ok(None), Ok(None));
    let mut steps = Ok(Steps::default());
    let mut position = Ok(TransformationPosition::Path);
    let mut query = Ok(None);
    let (mut signed, mut expire, mut now) = (Ok(false), Ok(0), Ok(None));
    lexer.members(|lexer, name| {
        match name {
            "path" => path = string(lexer, "path")?,
            "src" => src = string(lexer, "src")?,
            "url_endpoint" => endpoint = string(lexer, "url_endpoint")?,
            "transformation" => steps = steps_of(lexer)?,
            "transformation_position" => position = position_of(lexer)?,
            "query_parameters" => query = query_of(lexer)?,
            "signed" => signed = signed_of(lexer)?,
            "expire_seconds" => expire = expire_of(lexer)?,
            "now" => now = now_of(lexer)?,
            _ => return Err(InputError::UnknownOption(name.to_string()).into()),
        }
        Ok(())
    })?;
    lexer.end()?;
    let signed = signed?;
    let opts = UrlOptions {
        path: path?,
        src: src?,
        url_endpoint: endpoint?,
        transformation: steps?,
        position: position?,
        query: query?.map_or(Cow::Borrowed(&[][..]), Cow::Owned),
        signed,
        // Read only when signed.
        expire_seconds: if signed { expire? } else { 0 },
    };
    build(&opts, now?)
}

/// A value as the rules see most values: an array or object is skipped, only its kind kept.
#[derive(Debug, Clone, Copy)]
enum Any<'d> {
    Null,
    Bool(bool),
    Number(Number),
    Str(&'d str),
    List,
    Object,
}

fn any<'d>(lexer: &mut Lexer<'d>) -> Read<Any<'d>> {
    Ok(match lexer.peek() {
        Some(b'"') => Any::Str(lexer.string()?),
        Some(b'-' | b'0'..=b'9') => Any::Number(lexer.number()?),
        Some(b'[') => {
            lexer.skip()?;
            Any::List
        }
        Some(b'{') => {
            lexer.skip()?;
            Any::Object
        }
        _ => match lexer.literal()? {
            None => Any::Null,
            Some(b) => Any::Bool(b),
        },
    })
}

impl<'d> Any<'d> {
    /// A scalar as a [`Value`] (an array or object, which callers refuse, as `Null`).
    fn value(self) -> Value<'d> {
        match self {
            Any::Bool(b) => Value::Bool(b),
            Any::Number(Number::Int(n)) => Value::Int(n),
            Any::Number(Number::Float(f)) => Value::Float(f),
            Any::Str(s) => Value::Str(s),
            Any::Null | Any::List | Any::Object => Value::Null,
        }
    }

    /// What the value is, for error messages: `null`, `true`, `a list`…
    fn kind(self) -> &'static str {
        match self {
            Any::Null => "null",
            Any::Bool(true) => "true",
            Any::Bool(false) => "false",
            Any::Number(_) => "a number",
            Any::Str(_) => "a string",
            Any::List => "a list",
            Any::Object => "an object",
        }
    }
}

/// A string, or `null` (absent).
fn string<'d>(lexer: &mut Lexer<'d>, key: &'static str) -> Read<Checked<Option<&'d str>>> {
    Ok(match any(lexer)? {
        Any::Null => Ok(None),
        Any::Str(s) => Ok(Some(s)),
        _ => Err(InputError::WrongType(key, "a string").into()),
    })
}

fn position_of(lexer: &mut Lexer<'_>) -> Read<Checked<TransformationPosition>> {
    Ok(match any(lexer)? {
        Any::Null | Any::Str("path") => Ok(TransformationPosition::Path),
        Any::Str("query") => Ok(TransformationPosition::Query),
        _ => Err(InputError::BadPosition.into()),
    })
}

fn signed_of(lexer: &mut Lexer<'_>) -> Read<Checked<bool>> {
    Ok(match any(lexer)? {
        Any::Null => Ok(false),
        Any::Bool(b) => Ok(b),
        _ => Err(InputError::WrongType("signed", "a boolean").into()),
    })
}

fn expire_of(lexer: &mut Lexer<'_>) -> Read<Checked<u64>> {
    Ok(match any(lexer)? {
        Any::Null => Ok(0),
        Any::Number(Number::Int(n)) => {
            u64::try_from(n).map_err(|_| InputError::NegativeExpiry.into())
        }
        _ => Err(InputError::WrongType("expire_seconds", "an integer").into()),
    })
}

fn now_of(lexer: &mut Lexer<'_>) -> Read<Checked<Option<u64>>> {
    Ok(match any(lexer)? {
        Any::Null => Ok(None),
        Any::Number(Number::Int(n)) => u64::try_from(n)
            .map(Some)
            .map_err(|_| InputError::WrongType("now", "a non-negative integer").into()),
        _ => Err(InputError::WrongType("now", "an integer").into()),
    })
}

/// The query parameters, in order.
type Params<'d> = Vec<(&'d str, Value<'d>)>;

fn query_of<'d>(lexer: &mut Lexer<'d>) -> Read<Checked<Option<Params<'d>>>> {
    if lexer.peek() != Some(b'{') {
        return Ok(match any(lexer)? {
            Any::Null => Ok(None),
            _ => Err(InputError::WrongType("query_parameters", "an object").into()),
        });
    }
    let mut params = Vec::new();
    let read = ordered(
        lexer,
        "query_parameters",
        &mut params,
        |param: &(&'d str, Value<'d>)| param.0,
        |name| (name, Value::Null),
        |lexer, name| {
            Ok(match any(lexer)? {
                Any::List | Any::Object => {
                    Err(InputError::QueryValueNotScalar(name.to_string()).into())
                }
                v => Ok((name, v.value())),
            })
        },
    )?;
    Ok(read.map(|()| Some(params)))
}

/// Objects with more names than this find a repeated name with a hash map instead of a scan,
/// so a hostile object with many names takes linear time.
const SCAN: usize = 16;

/// Reads an object whose members stay in order, each name once, onto the end of `items` (from
/// `base`, where the object's items begin): a repeated name gives its last value at its first
/// position, and only that value's error stands. `item` reads a name's value, `name_of` gives an
/// item's name back and `placeholder` holds the place of a value that is wrong. An empty name
/// is an error (naming `place`), whatever its value.
fn ordered<'d, T>(
    lexer: &mut Lexer<'d>,
    place: &'static str,
    items: &mut Vec<T>,
    name_of: impl Fn(&T) -> &'d str,
    placeholder: impl Fn(&'d str) -> T,
    mut item: impl FnMut(&mut Lexer<'d>, &'d str) -> Read<Checked<T>>,
) -> Read<Checked<()>> {
    let base = items.len();
    // The places whose value is wrong, with the error.
    let mut wrong: Vec<(usize, Box<InputError>)> = Vec::new();
    let mut empty_name = false;
    // Each name's place, once there are more than `SCAN`.
    let mut index: Option<HashMap<&'d str, usize>> = None;
    lexer.members(|lexer, name| {
        empty_name |= name.is_empty();
        let value = item(lexer, name)?;
        let own = items.get(base..).unwrap_or_default();
        let earlier = match &mut index {
            None if own.len() <= SCAN => own.iter().position(|t| name_of(t) == name),
            index => index
                .get_or_insert_with(|| {
                    let places = own.iter().enumerate();
                    places.map(|(i, t)| (name_of(t), i)).collect()
                })
                .get(name)
                .copied(),
        };
        let (value, error) = match value {
            Ok(value) => (value, None),
            Err(e) => (placeholder(name), Some(e)),
        };
        let at = match earlier.and_then(|i| Some(i).zip(items.get_mut(base + i))) {
            Some((i, slot)) => {
                *slot = value;
                wrong.retain(|(w, _)| *w != i);
                i
            }
            None => {
                let at = items.len() - base;
                if let Some(index) = &mut index {
                    index.insert(name, at);
                }
                items.push(value);
                at
            }
        };
        if let Some(e) = error {
            wrong.push((at, e));
        }
        Ok(())
    })?;
    Ok(match wrong.into_iter().next() {
        _ if empty_name => Err(InputError::EmptyName(place).into()),
        Some((_, e)) => Err(e),
        None => Ok(()),
    })
}

fn steps_of<'d>(lexer: &mut Lexer<'d>) -> Read<Checked<Steps<'d>>> {
    if lexer.peek() != Some(b'[') {
        return Ok(match any(lexer)? {
            Any::Null => Ok(Steps::default()),
            _ => Err(InputError::WrongType("transformation", "a list of steps").into()),
        });
    }
    // Most transformations have a few entries: room for them at once saves growing the list.
    let mut steps = OwnedSteps::with_capacity(8);
    let mut wrong = None;
    lexer.items(|lexer| {
        steps.start_step();
        let step = if lexer.peek() == Some(b'{') {
            ordered(
                lexer,
                "a transformation step",
                steps.entries_mut(),
                entry_name,
                |name| Transform::Param(name, Value::Null),
                entry,
            )?
        } else {
            lexer.skip()?;
            Err(InputError::WrongType("transformation step", "an object").into())
        };
        if let Err(e) = step {
            wrong.get_or_insert(e);
        }
        Ok(())
    })?;
    Ok(match wrong {
        Some(e) => Err(e),
        None => Ok(steps.into()),
    })
}

/// The name of an entry the options hold.
fn entry_name<'d>(t: &Transform<'d>) -> &'d str {
    match t {
        Transform::Param(name, _) => name,
        Transform::Overlay(_) => "overlay",
        _ => "",
    }
}

fn entry<'d>(lexer: &mut Lexer<'d>, name: &'d str) -> Read<Checked<Transform<'d>>> {
    Ok(match lexer.peek() {
        Some(b'{') if name == "overlay" => layer(lexer)?.map(Transform::from),
        Some(b'[') => list(lexer, name)?.map(|list| Transform::Param(name, list)),
        _ => match any(lexer)? {
            Any::Object => Err(InputError::ObjectValue(name.to_string()).into()),
            v => Ok(Transform::Param(name, v.value())),
        },
    })
}

/// A list value. `render` checks the elements of the lists it writes; an object cannot be a
/// [`Value`], so it is refused here with the error `render` would give.
fn list<'d>(lexer: &mut Lexer<'d>, name: &str) -> Read<Checked<Value<'d>>> {
    let mut items = Vec::new();
    let mut wrong = None;
    lexer.items(|lexer| {
        match any(lexer)? {
            Any::Object => {
                wrong.get_or_insert_with(|| match takes_list(name) {
                    true => InputError::ListElement("an object"),
                    false => InputError::ArrayValue(name.to_string()),
                });
            }
            // Refused by `render` as a list in a list; its elements do not matter.
            Any::List => items.push(Value::List(Vec::new())),
            v => items.push(v.value()),
        }
        Ok(())
    })?;
    Ok(match wrong {
        Some(e) => Err(e.into()),
        None => Ok(Value::List(items)),
    })
}

fn layer<'d>(lexer: &mut Lexer<'d>) -> Read<Checked<Layer<'d>>> {
    let mut kind = Ok(None);
    // `text`, `input`, `color`: every one is checked, whether or not the type uses it.
    let mut inputs = [Ok(None), Ok(None), Ok(None)];
    let mut encoding = Ok(Encoding::Auto);
    let mut layer_mode = Ok(None);
    let mut position = Ok(Default::default());
    let mut timing = Ok(Default::default());
    let mut steps = Ok(Steps::default());
    let mut unknown = None;
    lexer.members(|lexer, name| {
        match name {
            "type" => kind = layer_type(lexer)?,
            "text" => inputs[0] = layer_value(lexer, "text")?,
            "input" => inputs[1] = layer_value(lexer, "input")?,
            "color" => inputs[2] = layer_value(lexer, "color")?,
            "encoding" => encoding = encoding_of(lexer)?,
            "layer_mode" => layer_mode = layer_value(lexer, "layer_mode")?,
            "position" => position = place(lexer, "position", &POSITION)?,
            "timing" => timing = place(lexer, "timing", &TIMING)?,
            "transformation" => steps = steps_of(lexer)?,
            _ => {
                lexer.skip()?;
                unknown.get_or_insert_with(|| InputError::UnknownOverlayKey(name.to_string(), ""));
            }
        }
        Ok(())
    })?;
    let checked = || {
        if let Some(e) = unknown {
            return Err(e.into());
        }
        let Some((kind, input)) = kind? else {
            return Err(InputError::OverlayWithoutType.into());
        };
        let [text, path, color] = inputs;
        let inputs = [text?, path?, color?];
        let mut layer = Layer::new(kind, "").encoding(encoding?);
        layer.input = inputs.into_iter().nth(input).flatten().map(|v| match v {
            Value::Str(s) => Cow::Borrowed(s),
            number => Cow::Owned(number_text(&number)),
        });
        layer.layer_mode = layer_mode?.unwrap_or_default();
        layer.position = position?;
        layer.timing = timing?;
        layer.transformation = steps?;
        Ok(layer)
    };
    Ok(checked())
}

/// The layer's kind and which of `text`, `input` and `color` is its input.
fn layer_type(lexer: &mut Lexer<'_>) -> Read<Checked<Option<(LayerKind, usize)>>> {
    Ok(match any(lexer)? {
        Any::Null => Ok(None),
        Any::Str("text") => Ok(Some((LayerKind::Text, 0))),
        Any::Str("image") => Ok(Some((LayerKind::Image, 1))),
        Any::Str("video") => Ok(Some((LayerKind::Video, 1))),
        Any::Str("subtitle") => Ok(Some((LayerKind::Subtitle, 1))),
        Any::Str("solid_color" | "solidColor") => Ok(Some((LayerKind::SolidColor, 2))),
        Any::Str(t) => Err(InputError::UnknownOverlayType(t.to_string()).into()),
        _ => Err(InputError::WrongType("overlay type", "a string").into()),
    })
}

fn encoding_of(lexer: &mut Lexer<'_>) -> Read<Checked<Encoding>> {
    Ok(match any(lexer)? {
        Any::Null | Any::Str("auto") => Ok(Encoding::Auto),
        Any::Str("plain") => Ok(Encoding::Plain),
        Any::Str("base64") => Ok(Encoding::Base64),
        Any::Str(e) => Err(InputError::UnknownOverlayEncoding(e.to_string()).into()),
        _ => Err(InputError::WrongType("overlay encoding", "a string").into()),
    })
}

/// The value of an overlay's `text`, `input`, `color` or `layer_mode`: a string or a number.
fn layer_value<'d>(lexer: &mut Lexer<'d>, key: &'static str) -> Read<Checked<Option<Value<'d>>>> {
    Ok(match any(lexer)? {
        Any::Null => Ok(None),
        v @ (Any::Str(_) | Any::Number(_)) => Ok(Some(v.value())),
        v => Err(InputError::OverlayValue(key, v.kind()).into()),
    })
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

/// An overlay's `position` or `timing` (the `place`): one value per known key.
fn place<'d, const N: usize>(
    lexer: &mut Lexer<'d>,
    place: &'static str,
    keys: &[(&'static str, &str); N],
) -> Read<Checked<[Value<'d>; N]>> {
    if lexer.peek() != Some(b'{') {
        return Ok(match any(lexer)? {
            Any::Null => Ok(core::array::from_fn(|_| Value::Null)),
            _ => Err(InputError::OverlayPlaceNotObject(place).into()),
        });
    }
    let mut values: [Checked<Value<'d>>; N] = core::array::from_fn(|_| Ok(Value::Null));
    let mut unknown = None;
    lexer.members(|lexer, name| {
        let value = any(lexer)?;
        match keys
            .iter()
            .zip(values.iter_mut())
            .find(|((k, _), _)| *k == name)
        {
            Some(((key, _), slot)) => {
                *slot = match value {
                    Any::Null | Any::Str(_) | Any::Number(_) => Ok(value.value()),
                    v => Err(InputError::OverlayPlaceValue(place, key, v.kind()).into()),
                }
            }
            None => {
                unknown
                    .get_or_insert_with(|| InputError::UnknownOverlayKey(name.to_string(), place));
            }
        }
        Ok(())
    })?;
    if let Some(e) = unknown {
        return Ok(Err(e.into()));
    }
    let mut out = core::array::from_fn(|_| Value::Null);
    for (out, value) in out.iter_mut().zip(values) {
        match value {
            Ok(v) => *out = v,
            Err(e) => return Ok(Err(e)),
        }
    }
    Ok(Ok(out))
}
