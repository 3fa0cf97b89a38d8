//! Signing with the account's keys, with no request made: the private key keyed once for
//! HMAC-SHA1 and the clock signing reads (`key`), client-side upload parameters and the upload
//! v2 token (`upload`), webhook signatures (`webhook`) and typed webhook events (`events`).
//!
//! Uses: `url::InputError` for refused input, and [`ImageKit`](crate::ImageKit) for the keys and
//! clock of the client-side upload helpers and the webhook secret. Nothing here touches HTTP
//! but `events`, which reads a webhook request's headers. Only `key` is part of every build
//! (signed URLs); `events` comes with the `api` feature (its payloads are API types), the rest
//! with `helpers`.

#[cfg(feature = "api")]
pub mod events;
pub(crate) mod key;
#[cfg(feature = "helpers")]
mod upload;
#[cfg(feature = "helpers")]
mod webhook;

#[cfg(feature = "api")]
pub use events::{webhook_event, WebhookEvent};
pub use key::{Clock, SystemClock};
#[cfg(feature = "api")]
pub(crate) use upload::form_text;
#[cfg(feature = "helpers")]
pub use upload::AuthenticationParameters;
#[cfg(feature = "helpers")]
pub use webhook::{
    sign_legacy_webhook, sign_webhook, verify_legacy_webhook, verify_webhook, WebhookError,
};
