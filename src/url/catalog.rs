//! The transformation catalog generated from `transforms.toml` by `build.rs`: every name
//! ImageKit's SDKs accept with its code and render rule, and the value enums (crop modes,
//! formats…), and how names are found in them.
//!
//! Uses: `name_hash`.

use super::name_hash::name_hash;

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

/// A name table made by `build.rs`: open addressing over `slots` (a power of two, at most half
/// full), each 0 for an empty slot or 1 + the index of its (name, value) in `entries`; a name's
/// slot is the first empty one from its [`name_hash`] on.
pub(crate) struct Table<V: 'static> {
    slots: &'static [u16],
    entries: &'static [(&'static str, V)],
}

impl<V: Copy> Table<V> {
    /// The value of `name`: probes from its hash until the name or an empty slot.
    pub(crate) fn get(&self, name: &str) -> Option<V> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut at = name_hash(name) as usize & mask;
        loop {
            let slot = self.slots.get(at)?.checked_sub(1)?;
            match self.entries.get(usize::from(slot))? {
                (key, value) if *key == name => return Some(*value),
                _ => at = (at + 1) & mask,
            }
        }
    }
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
    NAMES.get(name)
}

/// How an unknown name renders when it is itself a code (`e-bgremove: true` is a flag).
pub(crate) fn render_of_code(code: &str) -> Render {
    CODE_RENDERS.get(code).unwrap_or(Render::Value)
}

/// Whether a name takes a list (its code is `sr`), as [`lookup`] or, for a name the table does
/// not know, [`render_of_code`] says.
pub(crate) fn takes_list(name: &str) -> bool {
    lookup(name).map_or_else(|| render_of_code(name), |e| e.render) == Render::List
}
