//! Turns `transforms.toml` into three files in `$OUT_DIR`, included by `src/url/`:
//! - `catalog.rs` (by `catalog`): the perfect-hash table from every accepted transformation name
//!   to its code and render rule, the code-to-rule table, the name table and the value enums;
//! - `transform.rs` (by `transform`): the typed `Transform` enum;
//! - `transform_write.rs` (by `render`): how each `Transform` variant is written.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

use toml::{Table, Value};

/// One `[[transform]]` of the catalog.
struct Entry {
    name: String,
    code: String,
    aliases: Vec<String>,
    lookup: bool,
    value: String,
    enum_name: Option<String>,
    values: Vec<String>,
    render: String,
    status: String,
    doc: String,
}

const KEYS: [&str; 10] = [
    "name", "code", "aliases", "lookup", "value", "enum", "values", "render", "status", "doc",
];

impl Entry {
    /// Reads one `[[transform]]` table; panics (failing the build) naming what is wrong.
    fn read(table: &Table) -> Entry {
        let name = table.get("name").and_then(Value::as_str).unwrap_or("?");
        let fail = |what: &str| -> ! { panic!("transforms.toml: transform {name:?}: {what}") };
        if let Some(key) = table.keys().find(|k| !KEYS.contains(&k.as_str())) {
            fail(&format!("unknown key {key:?}"));
        }
        let text = |key: &str| match table.get(key) {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => fail(&format!("{key} must be a string")),
        };
        let list = |key: &str| match table.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    _ => fail(&format!("{key} must hold strings")),
                })
                .collect(),
            Some(_) => fail(&format!("{key} must be a list")),
        };
        let required = |key: &str| text(key).unwrap_or_else(|| fail(&format!("{key} is missing")));
        Entry {
            name: required("name"),
            code: required("code"),
            aliases: list("aliases"),
            lookup: match table.get("lookup") {
                None => true,
                Some(Value::Boolean(b)) => *b,
                Some(_) => fail("lookup must be a boolean"),
            },
            value: required("value"),
            enum_name: text("enum"),
            values: list("values"),
            render: required("render"),
            status: required("status"),
            doc: text("doc").unwrap_or_default(),
        }
    }
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    for part in snake.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

fn render_variant(render: &str) -> &'static str {
    match render {
        "value" => "Render::Value",
        "flag" => "Render::Flag",
        "flag_or_value" => "Render::FlagOrValue",
        "path" => "Render::Path",
        "list" => "Render::List",
        "raw" => "Render::Raw",
        "marker" => "Render::Value",
        other => panic!("transforms.toml: unknown render {other:?}"),
    }
}

fn main() {
    println!("cargo:rerun-if-changed=transforms.toml");
    println!("cargo:rerun-if-changed=build.rs");
    let text = fs::read_to_string("transforms.toml").expect("read transforms.toml");
    let catalog: Table = text.parse().expect("parse transforms.toml");
    let entries: Vec<Entry> = match catalog.get("transform") {
        Some(Value::Array(tables)) => tables
            .iter()
            .map(|t| Entry::read(t.as_table().expect("transforms.toml: [[transform]] tables")))
            .collect(),
        _ => panic!("transforms.toml: no [[transform]] tables"),
    };

    let mut out = String::new();
    let mut names = phf_codegen::Map::new();
    let mut code_renders = phf_codegen::Map::new();
    let mut seen = BTreeSet::new();
    let mut codes = BTreeSet::new();
    for e in &entries {
        assert!(codes.insert(e.code.clone()), "duplicate code {}", e.code);
        let value = format!(
            "Entry {{ code: {:?}, render: {} }}",
            e.code,
            render_variant(&e.render)
        );
        if e.render != "value" && e.render != "marker" {
            code_renders.entry(e.code.as_str(), render_variant(&e.render));
        }
        let resolvable = e.lookup.then_some(&e.name).into_iter().chain(&e.aliases);
        for name in resolvable {
            assert!(seen.insert(name.clone()), "duplicate name {name}");
            names.entry(name.as_str(), &value);
        }
    }
    writeln!(
        out,
        "/// Every accepted transformation name (snake_case, camelCase and older names) with its \
         code and render rule.\npub(crate) static NAMES: phf::Map<&'static str, Entry> = {};\n",
        names.build()
    )
    .unwrap();

    writeln!(
        out,
        "/// The codes that do not render `code-value` (flags, paths, lists, raw), by code: the rules \
         follow the code, so an unknown name that is itself such a code renders the same way.\n\
         pub(crate) static CODE_RENDERS: phf::Map<&'static str, Render> = {};\n",
        code_renders.build()
    )
    .unwrap();

    // Every (name, code) pair that resolves, for tests and the printed table.
    out.push_str("/// Every accepted name with the code it resolves to, in catalog order.\n");
    out.push_str("pub const NAME_TABLE: &[(&str, &str)] = &[\n");
    for e in &entries {
        for name in e.lookup.then_some(&e.name).into_iter().chain(&e.aliases) {
            writeln!(out, "    ({name:?}, {:?}),", e.code).unwrap();
        }
    }
    out.push_str("];\n\n");

    for e in &entries {
        if let Some(enum_name) = &e.enum_name {
            write_value_enum(&mut out, e, enum_name);
        }
    }
    let (mut transform, mut write) = (String::new(), String::new());
    write_transform(&mut transform, &mut write, &entries);

    let out_dir = env::var("OUT_DIR").unwrap();
    for (name, text) in [
        ("catalog.rs", out),
        ("transform.rs", transform),
        ("transform_write.rs", write),
    ] {
        fs::write(Path::new(&out_dir).join(name), text).expect("write the generated catalog");
    }
}

fn write_value_enum(out: &mut String, e: &Entry, enum_name: &str) {
    writeln!(
        out,
        "/// Values of `{}` (`{}-…`).\n#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum {enum_name} {{",
        e.name, e.code
    )
    .unwrap();
    for v in &e.values {
        writeln!(out, "    /// `{v}`\n    {},", camel(v)).unwrap();
    }
    out.push_str("}\n\n");
    writeln!(
        out,
        "impl {enum_name} {{\n    /// The value as the URL carries it.\n    pub const fn as_str(self) -> &'static str {{\n        match self {{"
    )
    .unwrap();
    for v in &e.values {
        writeln!(out, "            {enum_name}::{} => {v:?},", camel(v)).unwrap();
    }
    out.push_str("        }\n    }\n}\n\n");
    writeln!(
        out,
        "impl core::fmt::Display for {enum_name} {{\n    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {{\n        f.write_str(self.as_str())\n    }}\n}}\n"
    )
    .unwrap();
}

/// The Rust type of a typed variant's value, and the `render` function that writes it.
fn variant_shape(e: &Entry) -> Option<(String, &'static str)> {
    let shape = match e.value.as_str() {
        "number" => ("Number<'a>".to_string(), "number(w, j, {c}, v)"),
        "text" => ("&'a str".to_string(), "text(w, j, {c}, v)"),
        "path" => ("&'a str".to_string(), "path(w, j, {c}, v)"),
        "bool" => ("bool".to_string(), "boolean(w, j, {c}, *v)"),
        "flag" => (String::new(), "flag(w, j, {c})"),
        "optional" => ("Option<Number<'a>>".to_string(), "optional(w, j, {c}, v)"),
        "list" => ("&'a [u32]".to_string(), "list(w, j, {c}, v)"),
        "raw" => ("&'a str".to_string(), "raw(w, j, v)"),
        "enum" => (
            e.enum_name.clone().expect("enum value needs `enum`"),
            "safe_value(w, j, {c}, v.as_str())",
        ),
        "none" => return None,
        other => panic!("transforms.toml: unknown value {other:?} for {}", e.name),
    };
    Some(shape)
}

fn write_transform(out: &mut String, write: &mut String, entries: &[Entry]) {
    out.push_str(
        "/// One transformation entry, typed: one variant per current ImageKit parameter.\n\
         ///\n\
         /// Names and codes come from `transforms.toml`. [`Transform::Overlay`] adds a layer and\n\
         /// [`Transform::Param`] carries any (name, value) pair, looked up by name like the\n\
         /// official SDKs do (unknown names pass through verbatim).\n\
         ///\n\
         /// ```\n\
         /// use imagekit::{Crop, Transform};\n\
         /// let step = [Transform::width(300), Transform::Crop(Crop::AtMax), Transform::Grayscale];\n\
         /// assert_eq!(imagekit::render_transformation(&step).unwrap(), \"w-300,c-at_max,e-grayscale\");\n\
         /// ```\n\
         #[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\n#[repr(u8)]\npub enum Transform<'a> {\n",
    );
    let mut arms = String::new();
    let mut int_arms = String::new();
    let mut constructors = String::new();
    for e in entries.iter().filter(|e| e.status == "current") {
        let Some((ty, part)) = variant_shape(e) else {
            continue;
        };
        let variant = camel(&e.name);
        let names: Vec<String> = e
            .lookup
            .then_some(&e.name)
            .into_iter()
            .chain(&e.aliases)
            .map(|n| format!("`{n}`"))
            .collect();
        writeln!(
            out,
            "    /// `{}`: {}\n    ///\n    /// Dynamic names: {}.",
            e.code,
            e.doc
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('[', "\\[")
                .replace(']', "\\]"),
            names.join(", ")
        )
        .unwrap();
        let binding = if ty.is_empty() {
            writeln!(out, "    {variant},").unwrap();
            String::new()
        } else {
            writeln!(out, "    {variant}({ty}),").unwrap();
            "(v)".to_string()
        };
        match e.value.as_str() {
            "number" => writeln!(
                constructors,
                "    /// [`Transform::{variant}`] from any number or expression, without `.into()`:\n    /// `Transform::{name}(300)`, `Transform::{name}(0.5)`, `Transform::{name}(\"iw_div_2\")`.\n    #[inline]\n    pub fn {name}(value: impl Into<Number<'a>>) -> Self {{\n        Transform::{variant}(value.into())\n    }}",
                name = e.name
            )
            .unwrap(),
            "optional" => writeln!(
                constructors,
                "    /// [`Transform::{variant}`] with a value, without `.into()`: `Transform::{name}(10)`\n    /// (`Transform::{variant}(None)` has none).\n    #[inline]\n    pub fn {name}(value: impl Into<Number<'a>>) -> Self {{\n        Transform::{variant}(Some(value.into()))\n    }}",
                name = e.name
            )
            .unwrap(),
            _ => {}
        }
        if e.value == "number" {
            writeln!(
                int_arms,
                "            Transform::{variant}(Number::Int(i)) => Some(({:?}, *i)),",
                e.code
            )
            .unwrap();
        }
        let call = part.replace("{c}", &format!("{:?}", e.code));
        writeln!(arms, "            Transform::{variant}{binding} => {call},").unwrap();
    }
    out.push_str(
        "    /// A layer: text, image, video, subtitles or a solid colour, with its own steps.\n    Overlay(Box<Layer<'a>>),\n\
         \x20   /// Any (name, value) entry, rendered by the rules of its name (unknown names pass through).\n    Param(&'a str, Value<'a>),\n}\n\n",
    );
    writeln!(
        out,
        "/// Numeric entries from plain numbers: `Transform::width(300)` is\n/// `Transform::Width(300.into())`.\nimpl<'a> Transform<'a> {{\n{constructors}}}\n"
    )
    .unwrap();
    writeln!(
        out,
        "impl Transform<'_> {{\n    /// The code and value of a numeric entry holding an integer, the most common entry.\n    #[inline(always)]\n    pub(crate) fn int_entry(&self) -> Option<(&'static str, i64)> {{\n        match self {{\n{int_arms}            _ => None,\n        }}\n    }}\n}}"
    )
    .unwrap();
    writeln!(
        write,
        "impl Transform<'_> {{\n    /// Writes this entry (and the separator before it).\n    pub(crate) fn write(&self, w: &mut TrWriter<'_>, j: &mut Joiner) -> Written {{\n        match self {{\n{arms}            Transform::Overlay(l) => layer(w, j, l),\n            Transform::Param(name, value) => param(w, j, name, value),\n        }}\n    }}\n}}"
    )
    .unwrap();
}
