//! The ImageKit API: one module per resource. Each operation is a parameters type that
//! describes its request in an [`Endpoint`] impl, which makes it an [`Operation`] (request
//! built with no I/O, answer parsed into a type), plus a method on
//! [`ImageKit`](crate::ImageKit) that sends it. [`Endpoint`] says how to add one.
//!
//! Shared here: the file and folder types most operations return, string enums that keep
//! values this SDK does not know yet, partial success (HTTP 207), and the query builder.

pub mod analytics;
pub mod cache;
pub mod crud;
pub mod custom_metadata;
pub mod extensions;
pub mod files;
pub mod folders;
pub mod metadata;
pub mod named;
pub mod origins;
pub mod tags;
pub mod upload;
pub mod url_endpoints;
pub mod usage;
pub mod versions;
pub mod webhooks;

mod model;
mod operation;
mod tagged;

pub use crate::error::request_id;
pub(crate) use model::{non_empty_id, secret_string, string_enum, whole_number};
pub use model::{AiTag, Asset, AssetType, File, FileFailure, Folder, Outcome, VersionInfo};
pub(crate) use operation::Query;
pub use operation::{
    parse_empty, parse_json, segment, Answer, Api, Empty, Endpoint, Host, Json, JsonBody,
    Operation, API_BASE, UPLOAD_BASE,
};
