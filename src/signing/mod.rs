//! Signing with the account's keys, with no request made: the private key keyed once for
//! HMAC-SHA1 and the clock signing reads (`key`), client-side upload parameters and the upload
//! v2 token (`upload`), and webhook signatures (`webhook`).
//!
//! Uses: `url::InputError` for refused input, and [`ImageKit`](crate::ImageKit) for the keys and
//! clock of the client-side upload helpers. Nothing here touches HTTP.

pub(crate) mod key;
mod upload;
mod webhook;

pub use key::{Clock, SystemClock};
pub(crate) use upload::form_text;
pub use upload::AuthenticationParameters;
pub use webhook::{
    sign_legacy_webhook, sign_webhook, verify_legacy_webhook, verify_webhook, WebhookError,
};
