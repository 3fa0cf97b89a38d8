//! The dynamic options: a JSON object in the official SDKs' snake_case form (`path`, `src`,
//! `url_endpoint`, `transformation`, `transformation_position`, `query_parameters`, `signed`,
//! `expire_seconds`, and `now` to pin the clock), read into [`UrlOptions`] that borrow from it.

use std::borrow::Cow;

use serde_json::{Map, Value as Json};

use super::error::InputError;
use super::options::{TransformationPosition, UrlOptions};
use super::transform::{Encoding, Layer, LayerKind, Transform, POSITION, TIMING};
use super::value::Value;

/// The options of one JSON object and its `now` (unix seconds), when it pins the clock.
pub(crate) fn options(json: &Json) -> Result<(UrlOptions<'_>, Option<u64>), InputError> {
    let obj = json
        .as_object()
        .ok_or(InputError::WrongType("the options", "a JSON object"))?;
    let mut opts = UrlOptions {
        path: string(obj, "path")?,
        src: string(obj, "src")?,
        url_endpoint: string(obj, "url_endpoint")?,
        ..Default::default()
    };
    if let Some(steps) = present(obj, "transformation") {
        opts.transformation = steps_from(steps)?.into();
    }
    opts.position = match present(obj, "transformation_position") {
        None => TransformationPosition::Path,
        Some(Json::String(s)) if s == "path" => TransformationPosition::Path,
        Some(Json::String(s)) if s == "query" => TransformationPosition::Query,
        Some(_) => return Err(InputError::BadPosition),
    };
    if let Some(params) = present(obj, "query_parameters") {
        let params = params
            .as_object()
            .ok_or(InputError::WrongType("query_parameters", "an object"))?;
        let mut query = Vec::with_capacity(params.len());
        for (name, value) in params {
            let value = match value {
                Json::Array(_) | Json::Object(_) => {
                    return Err(InputError::QueryValueNotScalar(name.clone()))
                }
                v => scalar(name, v)?,
            };
            query.push((name.as_str(), value));
        }
        opts.query = Cow::Owned(query);
    }
    opts.signed = match present(obj, "signed") {
        None => false,
        Some(Json::Bool(b)) => *b,
        Some(_) => return Err(InputError::WrongType("signed", "a boolean")),
    };
    if opts.signed {
        opts.expire_seconds = match present(obj, "expire_seconds") {
            None => 0,
            Some(Json::Number(n)) if n.is_u64() => n.as_u64().unwrap_or(0),
            Some(Json::Number(n)) if n.is_i64() => return Err(InputError::NegativeExpiry),
            Some(_) => return Err(InputError::WrongType("expire_seconds", "an integer")),
        };
    }
    let now = match present(obj, "now") {
        None => None,
        Some(Json::Number(n)) if n.is_u64() => n.as_u64(),
        Some(_) => return Err(InputError::WrongType("now", "an integer")),
    };
    Ok((opts, now))
}

/// The value of `key`, with `null` as absent.
fn present<'v>(obj: &'v Map<String, Json>, key: &str) -> Option<&'v Json> {
    obj.get(key).filter(|v| !v.is_null())
}

fn string<'v>(
    obj: &'v Map<String, Json>,
    key: &'static str,
) -> Result<Option<&'v str>, InputError> {
    match present(obj, key) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s)),
        Some(_) => Err(InputError::WrongType(key, "a string")),
    }
}

fn steps_from(json: &Json) -> Result<Vec<Vec<Transform<'_>>>, InputError> {
    let steps = json
        .as_array()
        .ok_or(InputError::WrongType("transformation", "a list of steps"))?;
    steps
        .iter()
        .map(|step| {
            let step = step
                .as_object()
                .ok_or(InputError::WrongType("transformation step", "an object"))?;
            step.iter()
                .map(|(name, value)| entry(name, value))
                .collect()
        })
        .collect()
}

fn entry<'v>(name: &'v str, value: &'v Json) -> Result<Transform<'v>, InputError> {
    match value {
        Json::Object(layer) if name == "overlay" => Ok(layer_from(layer)?.into()),
        Json::Object(_) => Err(InputError::ObjectValue(name.to_string())),
        Json::Array(items) => {
            let items = items
                .iter()
                .map(|item| match item {
                    Json::Array(_) | Json::Object(_) => {
                        Err(InputError::NestedList(name.to_string()))
                    }
                    v => scalar(name, v),
                })
                .collect::<Result<_, _>>()?;
            Ok(Transform::Param(name, Value::List(items)))
        }
        v => Ok(Transform::Param(name, scalar(name, v)?)),
    }
}

/// A JSON scalar (not an array or object) as a [`Value`].
fn scalar<'v>(name: &str, v: &'v Json) -> Result<Value<'v>, InputError> {
    Ok(match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Value::Int(i),
            (None, Some(u), _) => Value::UInt(u),
            (_, _, Some(f)) => Value::Float(f),
            _ => return Err(InputError::NonFiniteNumber(name.to_string())),
        },
        Json::String(s) => Value::Str(s),
        Json::Array(_) => return Err(InputError::ArrayValue(name.to_string())),
        Json::Object(_) => return Err(InputError::ObjectValue(name.to_string())),
    })
}

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

fn layer_from(obj: &Map<String, Json>) -> Result<Layer<'_>, InputError> {
    if let Some(key) = obj.keys().find(|k| !LAYER_KEYS.contains(&k.as_str())) {
        return Err(InputError::UnknownOverlayKey(key.clone(), ""));
    }
    let (kind, input_key) = match present(obj, "type") {
        None => return Err(InputError::OverlayWithoutType),
        Some(Json::String(t)) => match t.as_str() {
            "text" => (LayerKind::Text, "text"),
            "image" => (LayerKind::Image, "input"),
            "video" => (LayerKind::Video, "input"),
            "subtitle" => (LayerKind::Subtitle, "input"),
            "solid_color" | "solidColor" => (LayerKind::SolidColor, "color"),
            _ => return Err(InputError::UnknownOverlayType(t.clone())),
        },
        Some(other) => return Err(InputError::UnknownOverlayType(other.to_string())),
    };
    let encoding = match present(obj, "encoding") {
        None => Encoding::Auto,
        Some(Json::String(e)) if e == "auto" => Encoding::Auto,
        Some(Json::String(e)) if e == "plain" => Encoding::Plain,
        Some(Json::String(e)) if e == "base64" => Encoding::Base64,
        Some(Json::String(e)) => return Err(InputError::UnknownOverlayEncoding(e.clone())),
        Some(other) => return Err(InputError::UnknownOverlayEncoding(other.to_string())),
    };
    let input = match present(obj, input_key) {
        None => None,
        Some(Json::String(s)) => Some(Cow::Borrowed(s.as_str())),
        Some(Json::Array(_) | Json::Object(_)) => {
            return Err(InputError::WrongType("an overlay input", "a string"))
        }
        Some(other) => Some(Cow::Owned(other.to_string())),
    };
    let mut layer = Layer::new(kind, "").encoding(encoding);
    layer.input = input;
    layer.layer_mode = match present(obj, "layer_mode") {
        None => Value::Null,
        Some(v) => scalar("layer_mode", v)?,
    };
    fill(obj, "position", " position", &POSITION, &mut layer.position)?;
    fill(obj, "timing", " timing", &TIMING, &mut layer.timing)?;
    if let Some(steps) = present(obj, "transformation") {
        layer.transformation = steps_from(steps)?.into();
    }
    Ok(layer)
}

/// Reads the object at `key` into `slots`, one per known key.
fn fill<'v>(
    obj: &'v Map<String, Json>,
    key: &str,
    place: &'static str,
    keys: &[(&str, &str)],
    slots: &mut [Value<'v>],
) -> Result<(), InputError> {
    let Some(json) = present(obj, key) else {
        return Ok(());
    };
    let map = json.as_object().ok_or(InputError::WrongType(
        "overlay position and timing",
        "objects",
    ))?;
    for (name, value) in map {
        let i = keys
            .iter()
            .position(|(k, _)| k == name)
            .ok_or_else(|| InputError::UnknownOverlayKey(name.clone(), place))?;
        slots[i] = scalar(name, value)?;
    }
    Ok(())
}
