//! # imagekit
//!
//! ImageKit.io for Rust: URL generation with transformations and signing, byte for byte the URLs
//! of ImageKit's `url(options)` SDK line ([`from_official_sdks`] maps the official SDKs' names
//! to ours and says where the newest ones differ); every operation of ImageKit's API ([`api`],
//! run by [`ImageKit::send`] through a [`transport`] with retries); the signing helpers
//! (client-side upload parameters, the upload v2 JWT, webhook verification and typed webhook
//! events) and pHash distance.
//!
//! ```
//! use imagekit::{ImageKit, Transform, UrlOptions};
//!
//! let ik = ImageKit::new("https://ik.imagekit.io/your_imagekit_id")?
//!     .with_private_key("private_key_test");
//! let steps = [Transform::height(300), Transform::width(400)];
//! let url = ik.url(&UrlOptions::path("/default-image.jpg").transformation(&steps))?;
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
//!
//! ## Layout
//!
//! Data flows one way: options → request value → transport → response → typed result.
//! - `url`: URL generation, its types re-exported here ([`UrlOptions`], [`Transform`], [`Layer`]…):
//!   pure string building, no I/O, no HTTP types.
//! - `signing`: the private key's HMAC state and [`Clock`], client-side upload parameters, the
//!   upload v2 token and webhook signatures, re-exported here; typed webhook events
//!   ([`events`], [`webhook_event`]).
//! - [`api`]: every operation as a value ([`api::Operation`]) plus the model types.
//! - [`transport`]: the [`Transport`](transport::Transport) trait, request bodies, the hyper,
//!   isahc and reqwest adapters and, with `test-util`, the fake and recording transports.
//! - The client ([`ImageKit`]), [`Error`] and the retry policy ([`RetryPolicy`]) tie them together.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
// The crate docs link to the API side, which a URL-only build leaves out.
#![cfg_attr(not(feature = "api"), allow(rustdoc::broken_intra_doc_links))]

#[cfg(feature = "api")]
pub mod api;
mod base64;
#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
mod error;
mod phash;
#[cfg(feature = "api")]
mod retry;
mod signing;
#[cfg(feature = "api")]
mod timeouts;
#[cfg(feature = "api")]
mod timer;
#[cfg(feature = "api")]
pub mod transport;
mod url;

#[cfg(feature = "api")]
pub use client::{Call, FileStream, Polling};
pub use client::{ImageKit, ImageKitBuilder};
pub use error::Error;
#[cfg(feature = "api")]
pub use error::RateLimit;
pub use phash::phash_distance;
#[cfg(feature = "api")]
pub use retry::{Repeat, RetryPolicy};
#[cfg(feature = "api")]
pub use signing::{events, webhook_event, WebhookEvent};
#[cfg(feature = "helpers")]
pub use signing::{
    sign_legacy_webhook, sign_webhook, verify_legacy_webhook, verify_webhook,
    AuthenticationParameters, WebhookError,
};
pub use signing::{Clock, SystemClock};
#[cfg(feature = "api")]
pub use timeouts::Timeouts;
#[cfg(feature = "api")]
#[allow(deprecated)]
pub use timer::{Sleep, ThreadSleep, TimerThread};
pub use url::{
    render_transformation, transform_code, AnchorPoint, AudioCodec, Crop, CropMode, Encoding, Flip,
    Format, InnerAlignment, InputError, Layer, LayerFocus, LayerKind, LayerMode, Number,
    OwnedSteps, Responsive, ResponsiveImage, Steps, Transform, TransformationPosition, UrlOptions,
    Value, VideoCodec, DEFAULT_DEVICE_BREAKPOINTS, DEFAULT_IMAGE_BREAKPOINTS, NAME_TABLE,
};

/// The operation plumbing under its old path: use [`api::Operation`] and its neighbours.
#[cfg(feature = "api")]
#[deprecated(
    since = "0.2.0",
    note = "moved to `imagekit::api` (Operation, Api, Host, segment, parse_json, parse_empty)"
)]
pub mod operation {
    pub use crate::api::{
        parse_empty, parse_json, segment, Api, Host, Operation, API_BASE, UPLOAD_BASE,
    };
}

#[cfg(feature = "api")]
#[doc = include_str!("docs/from_official_sdks.md")]
pub mod from_official_sdks {}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
