//! URL generation without the network: the public vectors, url.md's rules one by one, the JSON
//! options as text, the transformation catalog against transforms.toml, and the client configured from the
//! environment. The modules are in tests/url/.

#[path = "url/catalog.rs"]
mod catalog;
#[path = "url/env.rs"]
mod env;
#[path = "url/json.rs"]
mod json;
#[path = "url/responsive.rs"]
mod responsive;
#[path = "url/rules.rs"]
mod rules;
#[path = "url/typed.rs"]
mod typed;
#[path = "url/vectors.rs"]
mod vectors;
