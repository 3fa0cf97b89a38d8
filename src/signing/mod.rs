//! Signing with the account's keys, with no request made: the private key keyed once for
//! HMAC-SHA1 and the clock signing reads (`key`), client-side upload parameters and the upload
//! v2 token (`upload`), and webhook signatures (`webhook`).
//!
//! Uses: `url::InputError` for refused input, and [`ImageKit`](crate::ImageKit) for the keys and
//! clock of the client-side upload helpers. Nothing here touches HTTP. Only `key` is part of
//! every build (signed URLs); the rest comes with the `helpers` feature.

pub(crate) mod key;
#[cfg(feature = "helpers")]
mod upload;
#[cfg(feature = "helpers")]
mod webhook;

pub use key::{Clock, SystemClock};
#[cfg(feature = "api")]
pub(crate) use upload::form_text;
#[cfg(feature = "helpers")]
pub use upload::AuthenticationParameters;
#[cfg(feature = "helpers")]
pub use webhook::{
    sign_legacy_webhook, sign_webhook, verify_legacy_webhook, verify_webhook, WebhookError,
};
