//! Renders transformation steps into a [`TrWriter`]: entries by their render rule, the
//! separators between entries and steps, and layers from `l-…` to `l-end`.
//!
//! Uses: `transform` (what is rendered), `catalog` (name lookup and render rules), `escape`,
//! `value` and `error`.

use super::catalog::{lookup, render_of_code, Render};
use super::error::{InputError, Written};
use super::escape::{trim_slashes, Separator, TrMode, TrWriter};
use super::transform::{Encoding, Layer, LayerKind, Steps, Transform, POSITION, TIMING};
use super::value::{write_float, Number, Value};
use crate::base64;

include!(concat!(env!("OUT_DIR"), "/transform_write.rs"));

pub(crate) fn estimate_value(v: &Value<'_>) -> usize {
    match v {
        Value::Str(s) => 3 * s.len(),
        Value::List(items) => items.iter().map(|i| 1 + estimate_value(i)).sum(),
        _ => 24,
    }
}

/// Puts `,` between the entries of a step and `:` between steps that render something.
pub(crate) struct Joiner {
    /// What goes before the next entry.
    next: Option<Separator>,
    /// Whether an entry has been written.
    any: bool,
}

impl Joiner {
    /// `lead` goes before the first entry of all (`,` where the steps continue a layer).
    pub(crate) fn new(lead: Option<Separator>) -> Self {
        Joiner {
            next: lead,
            any: false,
        }
    }

    #[inline(always)]
    pub(crate) fn entry(&mut self, w: &mut TrWriter<'_>) {
        if let Some(sep) = self.next {
            w.push_separator(sep);
        }
        self.next = Some(Separator::Entry);
        self.any = true;
    }

    fn next_step(&mut self) {
        if self.any {
            self.next = Some(Separator::Step);
        }
    }
}

/// Renders a transformation to the string ImageKit reads, unescaped, as a check or for display.
///
/// ```
/// use imagekit::Transform;
/// let steps = [[Transform::height(300), Transform::width(400)], [Transform::rotation(90), Transform::Grayscale]];
/// assert_eq!(imagekit::render_transformation(&steps).unwrap(), "h-300,w-400:rt-90,e-grayscale");
/// ```
pub fn render_transformation<'a>(steps: impl Into<Steps<'a>>) -> Result<String, crate::Error> {
    let steps = steps.into();
    let mut out = String::with_capacity(steps.estimate_len());
    let mut w = TrWriter::new(&mut out, TrMode::Verbatim);
    write_steps(&mut w, &steps, &mut Joiner::new(None))?;
    Ok(out)
}

pub(crate) fn write_steps(w: &mut TrWriter<'_>, steps: &Steps<'_>, j: &mut Joiner) -> Written {
    steps.try_each(|step| {
        j.next_step();
        for t in step {
            match t.int_entry() {
                // Integers are written here, in the loop, saving a call per entry.
                Some((code, i)) => int_entry(w, j, code, i),
                None => t.write(w, j)?,
            }
        }
        Ok(())
    })
}

// The writers of the typed variants, called by the generated `Transform::write`. The common
// cases (enum values, flags; integers in `write_steps`) are written directly, without the
// dynamic rules.

/// A number that is not an integer (integers never get here: [`write_steps`] writes them with
/// [`int_entry`], found by the generated `Transform::int_entry`).
pub(crate) fn number(
    w: &mut TrWriter<'_>,
    j: &mut Joiner,
    code: &'static str,
    n: &Number<'_>,
) -> Written {
    typed(w, j, code, Render::Value, &(*n).into())
}

/// `code-i`.
#[inline(always)]
fn int_entry(w: &mut TrWriter<'_>, j: &mut Joiner, code: &'static str, i: i64) {
    j.entry(w);
    w.push_safe(code);
    w.push_dash_int(i);
}

pub(crate) fn safe_value(
    w: &mut TrWriter<'_>,
    j: &mut Joiner,
    code: &'static str,
    value: &'static str,
) -> Written {
    j.entry(w);
    w.push_safe(code);
    w.push_safe_char('-');
    w.push_safe(value);
    Ok(())
}

pub(crate) fn text(w: &mut TrWriter<'_>, j: &mut Joiner, code: &'static str, s: &str) -> Written {
    typed(w, j, code, Render::Value, &Value::Str(s))
}

pub(crate) fn path(w: &mut TrWriter<'_>, j: &mut Joiner, code: &'static str, s: &str) -> Written {
    typed(w, j, code, Render::Path, &Value::Str(s))
}

pub(crate) fn boolean(
    w: &mut TrWriter<'_>,
    j: &mut Joiner,
    code: &'static str,
    b: bool,
) -> Written {
    j.entry(w);
    w.push_safe(code);
    w.push_safe(if b { "-true" } else { "-false" });
    Ok(())
}

pub(crate) fn flag(w: &mut TrWriter<'_>, j: &mut Joiner, code: &'static str) -> Written {
    j.entry(w);
    w.push_safe(code);
    Ok(())
}

pub(crate) fn optional(
    w: &mut TrWriter<'_>,
    j: &mut Joiner,
    code: &'static str,
    n: &Option<Number<'_>>,
) -> Written {
    match n {
        None => flag(w, j, code),
        Some(n) => typed(w, j, code, Render::FlagOrValue, &(*n).into()),
    }
}

pub(crate) fn list(
    w: &mut TrWriter<'_>,
    j: &mut Joiner,
    code: &'static str,
    items: &[u32],
) -> Written {
    if !items.is_empty() {
        j.entry(w);
        w.push_safe(code);
        w.push_safe_char('-');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                w.push_safe_char('_');
            }
            w.push_int(i64::from(*item));
        }
    }
    Ok(())
}

pub(crate) fn raw(w: &mut TrWriter<'_>, j: &mut Joiner, s: &str) -> Written {
    typed(w, j, "raw", Render::Raw, &Value::Str(s))
}

fn typed(
    w: &mut TrWriter<'_>,
    j: &mut Joiner,
    code: &'static str,
    render: Render,
    value: &Value<'_>,
) -> Written {
    write_entry(w, j, code, Code::Catalog(code), render, value)
}

/// A dynamic (name, value) entry: the name looked up, unknown names written verbatim.
pub(crate) fn param(
    w: &mut TrWriter<'_>,
    j: &mut Joiner,
    name: &str,
    value: &Value<'_>,
) -> Written {
    if name.is_empty() {
        return Err(InputError::EmptyName("a transformation step").into());
    }
    let (code, render) = match (lookup(name), value) {
        // The common case of the JSON options, written as a typed integer is.
        (Some(e), Value::Int(i)) if e.render == Render::Value => {
            int_entry(w, j, e.code, *i);
            return Ok(());
        }
        (Some(e), _) => (Code::Catalog(e.code), e.render),
        (None, _) => (Code::Name(name), render_of_code(name)),
    };
    write_entry(w, j, name, code, render, value)
}

/// An entry's code: from the catalog (written as it is) or an unknown name (escaped).
#[derive(Clone, Copy)]
enum Code<'c> {
    Catalog(&'static str),
    Name(&'c str),
}

impl Code<'_> {
    fn write(self, w: &mut TrWriter<'_>) {
        match self {
            Code::Catalog(code) => w.push_safe(code),
            Code::Name(name) => w.push(name),
        }
    }
}

/// One entry by its render rule (`code-value`, a bare flag, a path with `@@` for inner slashes,
/// a `_`-joined list, or the raw value); `name` is for error messages. A blank value (`null`,
/// `""`, `[]`, a path of slashes only) drops the entry, once the value is known to be allowed.
fn write_entry(
    w: &mut TrWriter<'_>,
    j: &mut Joiner,
    name: &str,
    code: Code<'_>,
    render: Render,
    value: &Value<'_>,
) -> Written {
    let trimmed;
    let value = match (render, value) {
        (Render::List, Value::List(items)) => {
            if let Some(bad) = items.iter().find_map(not_list_element) {
                return Err(InputError::ListElement(bad).into());
            }
            value
        }
        (_, Value::List(_)) => return Err(InputError::ArrayValue(name.to_string()).into()),
        (Render::Path, Value::Str(s)) => {
            trimmed = Value::Str(trim_slashes(s));
            &trimmed
        }
        _ => value,
    };
    if value.is_blank() {
        return Ok(());
    }
    match (render, value) {
        (Render::Raw, v) => {
            j.entry(w);
            return write_scalar(w, name, v);
        }
        (_, Value::Str("-")) => {
            j.entry(w);
            code.write(w);
            return Ok(());
        }
        (Render::Flag | Render::FlagOrValue, Value::Bool(b)) => {
            if *b {
                j.entry(w);
                code.write(w);
            }
            return Ok(());
        }
        _ => {}
    }
    j.entry(w);
    code.write(w);
    w.push_safe_char('-');
    match (render, value) {
        (Render::Path, Value::Str(s)) => {
            write_at_at(w, s);
            Ok(())
        }
        (_, Value::List(items)) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    w.push_safe_char('_');
                }
                write_scalar(w, name, item)?;
            }
            Ok(())
        }
        _ => write_scalar(w, name, value),
    }
}

/// What a list element is when it may not be one (only strings and numbers may).
fn not_list_element(item: &Value<'_>) -> Option<&'static str> {
    match item {
        Value::Null => Some("null"),
        Value::Bool(true) => Some("true"),
        Value::Bool(false) => Some("false"),
        Value::List(_) => Some("a list"),
        Value::Int(_) | Value::UInt(_) | Value::Float(_) | Value::Str(_) => None,
    }
}

/// A file path with each `/` written as `@@`.
pub(crate) fn write_at_at(w: &mut TrWriter<'_>, path: &str) {
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            w.push("@@");
        }
        w.push(segment);
    }
}

/// A scalar as text: booleans `true`/`false`, numbers as [`write_float`] and integers print, strings as they are.
pub(crate) fn write_scalar(w: &mut TrWriter<'_>, name: &str, v: &Value<'_>) -> Written {
    match v {
        Value::Null => {}
        Value::Bool(b) => w.push_safe(if *b { "true" } else { "false" }),
        Value::Int(i) => w.push_int(*i),
        Value::UInt(u) => w.push_u64(*u),
        Value::Float(f) if f.is_finite() => {
            let _ = write_float(w, *f);
        }
        Value::Float(_) => return Err(InputError::NonFiniteNumber(name.to_string()).into()),
        Value::Str(s) => w.push(s),
        Value::List(_) => return Err(InputError::ArrayValue(name.to_string()).into()),
    }
    Ok(())
}

fn is_simple(s: &str, path: bool) -> bool {
    s.bytes().all(|b| {
        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b' ') || (path && b == b'/')
    })
}

/// Writes one layer, from `l-…` to `l-end`; a layer with no input writes nothing, but is
/// checked whole all the same (into a scratch string), so an error never hides in it.
pub(crate) fn layer(w: &mut TrWriter<'_>, j: &mut Joiner, layer: &Layer<'_>) -> Written {
    let Some(input) = layer.input.as_deref().filter(|s| !s.is_empty()) else {
        let mut scratch = String::new();
        return layer_rest(&mut TrWriter::new(&mut scratch, TrMode::Verbatim), layer);
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
    layer_rest(w, layer)
}

/// What follows a layer's input: its values, its steps and `l-end`.
fn layer_rest(w: &mut TrWriter<'_>, layer: &Layer<'_>) -> Written {
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
