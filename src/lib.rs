//! # imagekit
//!
//! ImageKit.io for Rust: URL generation with transformations and signing, byte for byte the URLs
//! of ImageKit's own SDKs; every operation of ImageKit's API ([`api`], run by [`ImageKit::send`]
//! through a [`transport`] with retries); the signing helpers (client-side upload parameters,
//! the upload v2 JWT, webhook verification) and pHash distance.
//!
//! ```
//! use imagekit::{ImageKit, Transform, UrlOptions};
//!
//! let ik = ImageKit::new("https://ik.imagekit.io/your_imagekit_id")?
//!     .with_private_key("private_key_test");
//! let steps: &[&[Transform]] = &[&[Transform::Height(300.into()), Transform::Width(400.into())]];
//! let url = ik.url(&UrlOptions::path("/default-image.jpg").transformation(steps))?;
//! assert_eq!(url, "https://ik.imagekit.io/your_imagekit_id/tr:h-300,w-400/default-image.jpg");
//!
//! let signed = ik.url(&UrlOptions::path("/a.jpg").signed(true))?;
//! assert!(signed.contains("?ik-s="));
//! # Ok::<(), imagekit::Error>(())
//! ```
//!
//! The same options in the official SDKs' JSON form (snake_case names, any transformation
//! name of theirs) go through [`ImageKit::url_from_json`]. API calls are values too:
//!
//! ```no_run
//! use imagekit::api::files::ListFiles;
//!
//! async fn newest(ik: &imagekit::ImageKit) -> Result<(), imagekit::Error> {
//!     let files = ik.list_files(&ListFiles::new().limit(10)).await?;
//!     println!("{} assets", files.len());
//!     Ok(())
//! }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
mod auth;
mod base64;
mod catalog;
mod client;
mod error;
mod escape;
mod json;
mod layer;
pub mod operation;
mod phash;
mod render;
mod retry;
mod sign;
pub mod transport;
mod url;
mod value;
mod webhook;

pub use auth::AuthenticationParameters;
pub use catalog::{
    transform_code, AnchorPoint, AudioCodec, Crop, CropMode, Flip, Format, InnerAlignment,
    LayerFocus, LayerMode, Transform, VideoCodec, NAME_TABLE,
};
pub use client::ImageKit;
pub use error::{Error, InputError, RateLimit};
pub use layer::{Encoding, Layer, LayerKind};
pub use phash::phash_distance;
pub use render::{render_transformation, Steps};
pub use retry::{Repeat, RetryPolicy, Sleep, ThreadSleep};
pub use sign::{Clock, SystemClock};
pub use url::{TransformationPosition, UrlOptions};
pub use value::{Number, Value};
/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use webhook::{
    sign_legacy_webhook, sign_webhook, verify_legacy_webhook, verify_webhook, WebhookError,
};
