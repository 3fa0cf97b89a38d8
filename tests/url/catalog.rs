//! The generated catalog against its source: every name and alias of `transforms.toml` resolves
//! to its code, every name the official SDKs accept (`../shared/reference/names.json`, when it is
//! beside the checkout) resolves, and nothing else does.

use std::collections::BTreeMap;

use imagekit::{transform_code, ImageKit, Transform, Value, NAME_TABLE};

/// (name, code, aliases, lookup) of every entry, read as plain TOML values.
fn entries() -> Vec<(String, String, Vec<String>, bool)> {
    let catalog: toml::Table = include_str!("../../transforms.toml").parse().unwrap();
    let text = |v: &toml::Value| v.as_str().unwrap().to_string();
    catalog["transform"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let aliases = e.get("aliases").and_then(|a| a.as_array());
            (
                text(&e["name"]),
                text(&e["code"]),
                aliases.into_iter().flatten().map(text).collect(),
                e.get("lookup").and_then(|l| l.as_bool()).unwrap_or(true),
            )
        })
        .collect()
}

#[test]
fn every_name_and_alias_of_the_toml_resolves_to_its_code() {
    let mut checked = 0;
    for (name, code, aliases, lookup) in entries() {
        for n in lookup.then_some(&name).into_iter().chain(&aliases) {
            assert_eq!(transform_code(n), Some(code.as_str()), "name {n}");
            checked += 1;
        }
        if !lookup {
            assert_eq!(transform_code(&name), None, "{name} must pass through");
        }
    }
    assert_eq!(checked, NAME_TABLE.len());
}

#[test]
fn the_toml_has_every_code_of_the_reference_catalog() {
    let codes: Vec<String> = entries().into_iter().map(|e| e.1).collect();
    assert_eq!(
        codes.len(),
        113,
        "current parameters, layer codes and legacy overlay codes"
    );
    for code in [
        "w",
        "e-grayscale",
        "l-text",
        "l-end",
        "lxc",
        "oi",
        "otia",
        "raw",
        "sr",
    ] {
        assert!(codes.iter().any(|c| c == code), "{code}");
    }
}

#[test]
fn every_official_sdk_name_resolves_and_no_other() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/reference/names.json"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} is not beside this checkout");
        return;
    };
    let names: BTreeMap<String, String> = serde_json::from_str(&text).unwrap();
    for (name, code) in &names {
        assert_eq!(transform_code(name), Some(code.as_str()), "name {name}");
    }
    for (name, _) in NAME_TABLE {
        assert!(
            names.contains_key(*name),
            "{name} resolves but no official SDK accepts it"
        );
    }
}

#[test]
fn unknown_and_differently_cased_names_pass_through() {
    let ik = ImageKit::new("https://ik.imagekit.io/demo").unwrap();
    let steps: &[&[Transform<'_>]] = &[&[
        Transform::Param("fake_key", Value::Int(10)),
        Transform::Param("Width", Value::Int(100)),
        Transform::Param("overlayImage", Value::Str("logo.png")),
    ]];
    let url = ik
        .url(&imagekit::UrlOptions::path("/a.jpg").transformation(steps))
        .unwrap();
    assert_eq!(
        url,
        "https://ik.imagekit.io/demo/tr:fake_key-10,Width-100,overlayImage-logo.png/a.jpg"
    );
}

/// Prints the generated name table (`cargo test --test catalog -- --nocapture`), so a change to
/// transforms.toml can be reviewed as a table.
#[test]
fn print_the_name_table() {
    for (name, code) in NAME_TABLE {
        println!("{name:40} {code}");
    }
    assert!(NAME_TABLE
        .iter()
        .any(|(n, c)| *n == "effect_gray" && *c == "e-grayscale"));
}
