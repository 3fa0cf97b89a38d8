//! The transformation catalog generated from `transforms.toml` by `build.rs`: every name
//! ImageKit's SDKs accept with its code and render rule, and the value enums (crop modes,
//! formats…). Data only; it uses no other module.

/// How a (name, value) entry renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Render {
    /// `code-value`.
    Value,
    /// `true` gives the bare code, `false` drops the entry.
    Flag,
    /// As `Flag` for booleans; any other value renders `code-value`.
    FlagOrValue,
    /// A file path: slashes trimmed, inner `/` as `@@`.
    Path,
    /// A list joined with `_`.
    List,
    /// The value verbatim, with no code.
    Raw,
}

/// What a name resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) code: &'static str,
    pub(crate) render: Render,
}

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// The code of a transformation name, or `None` for a name ImageKit's SDKs do not know (which
/// then passes through verbatim). Names are case-sensitive.
///
/// ```
/// assert_eq!(imagekit::transform_code("aspectRatio"), Some("ar"));
/// assert_eq!(imagekit::transform_code("effect_gray"), Some("e-grayscale"));
/// assert_eq!(imagekit::transform_code("Width"), None);
/// ```
pub fn transform_code(name: &str) -> Option<&'static str> {
    lookup(name).map(|e| e.code)
}

pub(crate) fn lookup(name: &str) -> Option<Entry> {
    NAMES.get(name).copied()
}

/// How an unknown name renders when it is itself a code (`e-bgremove: true` is a flag).
pub(crate) fn render_of_code(code: &str) -> Render {
    CODE_RENDERS.get(code).copied().unwrap_or(Render::Value)
}

/// Whether a name takes a list (its code is `sr`), as [`lookup`] or, for a name the table does
/// not know, [`render_of_code`] says.
pub(crate) fn takes_list(name: &str) -> bool {
    lookup(name).map_or_else(|| render_of_code(name), |e| e.render) == Render::List
}
