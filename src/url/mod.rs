//! URL generation: options in, one `String` out, with no I/O and no HTTP types.
//!
//! Data flows one way through these modules:
//! - [`UrlOptions`] (`options`), or the official SDKs' JSON options (`json`, read through the
//!   small JSON lexer of `lexer`), name the asset, the transformation and the query;
//! - a transformation is [`Steps`] of typed [`Transform`] entries and [`Layer`]s (`transform`),
//!   whose names and codes come from the generated `catalog`;
//! - `render` writes entries through the escaping writer of `escape` (numbers and texts are
//!   [`Value`]s from `value`);
//! - `builder` puts endpoint, path or `src`, transformation, query and signature together,
//!   signing with the key of [`crate::signing`].
//!
//! Bad input is an [`InputError`] (`error`), never a panic or a wrong URL.

mod builder;
mod catalog;
mod error;
mod escape;
mod json;
mod lexer;
mod options;
mod render;
mod responsive;
mod transform;
mod value;

pub(crate) use builder::{build, check_endpoint};
pub use catalog::{
    transform_code, AnchorPoint, AudioCodec, Crop, CropMode, Flip, Format, InnerAlignment,
    LayerFocus, LayerMode, VideoCodec, NAME_TABLE,
};
pub use error::InputError;
#[cfg(feature = "api")]
pub(crate) use escape::{decode_form, encode, Set};
pub(crate) use json::with_options as with_json_options;
pub(crate) use lexer::JsonText;
pub use options::{TransformationPosition, UrlOptions};
pub use render::render_transformation;
pub(crate) use responsive::attributes as responsive_attributes;
pub use responsive::{
    Responsive, ResponsiveImage, DEFAULT_DEVICE_BREAKPOINTS, DEFAULT_IMAGE_BREAKPOINTS,
};
pub use transform::{Encoding, Layer, LayerKind, OwnedSteps, Steps, Transform};
pub use value::{Number, Value};
