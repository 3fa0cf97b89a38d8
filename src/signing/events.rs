//! Typed webhook events: a request as a web framework hands it over (its headers and body
//! bytes, or an [`http::Request`]) verified with the scheme its headers name and read into a
//! [`WebhookEvent`] (`payloads`: the shapes).
//!
//! The scheme: a `webhook-signature` header is Standard Webhooks (with `webhook-id` and
//! `webhook-timestamp`, see [`verify_webhook`]); otherwise an `x-ik-signature` header is
//! ImageKit's legacy scheme (see [`verify_legacy_webhook`]); neither is
//! [`WebhookError::MissingSignature`]. Both accept a message sent at most five minutes before
//! or after now. Nothing is read from the body before its signature checks out.
//!
//! ```
//! use http::HeaderMap;
//! use imagekit::{sign_webhook, webhook_event, WebhookEvent};
//!
//! // What ImageKit posts (signed here as ImageKit would).
//! let secret = "whsec_dGVzdHNlY3JldA==";
//! let body = br#"{"type":"file.deleted","id":"evt_1","created_at":"2025-01-01T00:00:00.000Z","data":{"fileId":"f_1"}}"#;
//! let mut headers = HeaderMap::new();
//! headers.insert("webhook-id", "msg_1".parse()?);
//! headers.insert("webhook-timestamp", "1700000000".parse()?);
//! headers.insert("webhook-signature", sign_webhook(secret, "msg_1", 1_700_000_000, body).parse()?);
//!
//! match webhook_event(secret, &headers, body, 1_700_000_010)? {
//!     WebhookEvent::FileDeleted(event) => assert_eq!(event.data.file_id, "f_1"),
//!     WebhookEvent::VideoTransformationReady(ready) => {
//!         println!("ready: {:?}", ready.event.data.transformation.output);
//!     }
//!     // A type this version does not know yet arrives as `Unknown`, its JSON kept.
//!     other => println!("{} {:?}", other.type_name(), other.id()),
//! }
//!
//! // A changed body is refused.
//! assert!(webhook_event(secret, &headers, b"{}", 1_700_000_010).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! In a web framework, give the client the secret once and hand it each request. With axum
//! (whose `axum::http` is the `http` crate, and whose `Bytes` derefs to `[u8]`):
//!
//! ```
//! # // Stand-ins for the three axum items the handler names, at the same paths, so the
//! # // handler compiles without axum.
//! # mod axum {
//! #     pub use http;
//! #     pub mod body { pub use bytes::Bytes; }
//! #     pub mod extract { pub struct State<T>(pub T); }
//! # }
//! use axum::{body::Bytes, extract::State, http::HeaderMap, http::StatusCode};
//! use imagekit::{ImageKit, WebhookEvent};
//!
//! // let ik = ImageKit::from_env()?;   // IMAGEKIT_WEBHOOK_SECRET, or .with_webhook_secret(…)
//! // Router::new().route("/imagekit/webhook", post(webhook)).with_state(ik)
//! async fn webhook(State(ik): State<ImageKit>, headers: HeaderMap, body: Bytes) -> StatusCode {
//!     match ik.webhook_event(&headers, &body) {
//!         Ok(WebhookEvent::VideoTransformationReady(ready)) => {
//!             println!("{} is ready", ready.event.request.url);
//!             StatusCode::NO_CONTENT
//!         }
//!         Ok(_) => StatusCode::NO_CONTENT,
//!         Err(err) => {
//!             eprintln!("refused a webhook: {err}");
//!             StatusCode::BAD_REQUEST
//!         }
//!     }
//! }
//! ```
//!
//! Uses: `webhook` (the signatures), `api` (the payload types and the event type names) and
//! the client (its webhook secret and clock).

use http::{HeaderMap, Request};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::webhook::{verify_legacy_webhook, verify_webhook, WebhookError};
use crate::api::upload::UploadedFile;
use crate::api::webhooks::WebhookEventType;
use crate::api::{File, Folder};
use crate::client::ImageKit;

mod payloads;
pub use payloads::{
    Event, FailedTransformation, FailureReason, FileDeleted, FileVersionDeleted, FolderDeleted,
    PostTransformRequest, PostTransformSuccess, PreTransformRequest, TransformationError,
    UploadTransformFailure, VideoAsset, VideoMetadata, VideoOptions, VideoOutput, VideoReady,
    VideoRequest, VideoTimings, VideoTransformation, VideoTransformationData,
    VideoTransformationType,
};

/// Declares [`WebhookEvent`] with one variant per known event type, named as in
/// [`WebhookEventType`], and reads a body's JSON into the variant its `type` names.
macro_rules! webhook_events {
    ($($(#[$doc:meta])* $variant:ident($payload:ty),)+) => {
        /// A verified webhook event: one variant per event type ImageKit documents, with its
        /// payload typed, and [`Unknown`](WebhookEvent::Unknown) for a type this version of the
        /// SDK does not know, so a new event type never fails a handler.
        ///
        /// Made by [`webhook_event`] and [`ImageKit::webhook_event`].
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum WebhookEvent {
            $($(#[$doc])* $variant($payload),)+
            /// An event type this version of the SDK does not know: its name and the whole
            /// body as JSON.
            Unknown {
                /// The event's `type`.
                type_name: String,
                /// The whole body.
                raw: Value,
            },
        }

        impl WebhookEvent {
            /// The event's `type`, e.g. `file.created`.
            pub fn type_name(&self) -> &str {
                match self {
                    $(WebhookEvent::$variant(_) => WebhookEventType::$variant.as_str(),)+
                    WebhookEvent::Unknown { type_name, .. } => type_name,
                }
            }

            /// The event's id (`None` only for an unknown event without a string `id`).
            pub fn id(&self) -> Option<&str> {
                match self {
                    $(WebhookEvent::$variant(event) => Some(Envelope::id(event)),)+
                    WebhookEvent::Unknown { raw, .. } => raw.get("id").and_then(Value::as_str),
                }
            }

            /// The event a body's JSON object holds, by its `type`.
            fn from_object(type_name: String, object: Value) -> Result<Self, WebhookError> {
                match WebhookEventType::from(type_name.as_str()) {
                    $(WebhookEventType::$variant => decode(&type_name, object).map(WebhookEvent::$variant),)+
                    _ => Ok(WebhookEvent::Unknown { type_name, raw: object }),
                }
            }
        }
    };
}

webhook_events! {
    /// `file.created`: a file was uploaded or copied.
    FileCreated(Event<File>),
    /// `file.updated`: a file's details changed.
    FileUpdated(Event<File>),
    /// `file.deleted`: a file was deleted.
    FileDeleted(Event<FileDeleted>),
    /// `file-version.created`: a new version of a file.
    FileVersionCreated(Event<File>),
    /// `file-version.deleted`: a file version was deleted.
    FileVersionDeleted(Event<FileVersionDeleted>),
    /// `folder.created`: a folder was created, explicitly, by a copy or move, or by an upload
    /// into a path that did not exist (one event per folder).
    FolderCreated(Event<Folder>),
    /// `folder.updated`: a folder's custom metadata changed or it was renamed (one event per
    /// folder of the renamed tree).
    FolderUpdated(Event<Folder>),
    /// `folder.deleted`: a folder was deleted, or moved (then `folder.created` follows for the
    /// new id).
    FolderDeleted(Event<FolderDeleted>),
    /// `upload.pre-transform.success`: the upload's pre-transformation was applied and the file
    /// stored.
    UploadPreTransformSuccess(Event<UploadedFile, PreTransformRequest>),
    /// `upload.pre-transform.error`: the upload's pre-transformation failed.
    UploadPreTransformError(Event<UploadTransformFailure, PreTransformRequest>),
    /// `upload.post-transform.success`: one post-transformation of an upload is ready.
    UploadPostTransformSuccess(Event<PostTransformSuccess, PostTransformRequest>),
    /// `upload.post-transform.error`: one post-transformation of an upload failed (the file
    /// stays).
    UploadPostTransformError(Event<UploadTransformFailure, PostTransformRequest>),
    /// `video.transformation.accepted`: a video transformation was queued.
    VideoTransformationAccepted(Event<VideoTransformationData, VideoRequest>),
    /// `video.transformation.ready`: a transformed video can be served.
    VideoTransformationReady(VideoReady),
    /// `video.transformation.error`: a video transformation failed.
    VideoTransformationError(Event<VideoTransformationData, VideoRequest>),
}

/// What every known event has beside its payload.
trait Envelope {
    fn id(&self) -> &str;
}

impl<D, R> Envelope for Event<D, R> {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Envelope for VideoReady {
    fn id(&self) -> &str {
        &self.event.id
    }
}

/// A known event's JSON object as its type (all but `type`, which chose it), or why it does
/// not fit.
fn decode<T: DeserializeOwned>(type_name: &str, mut object: Value) -> Result<T, WebhookError> {
    if let Some(fields) = object.as_object_mut() {
        fields.remove("type");
    }
    serde_json::from_value(object).map_err(|e| WebhookError::BadPayload {
        event_type: type_name.to_string(),
        reason: e.to_string(),
    })
}

impl WebhookEvent {
    /// Reads a body that is **already verified** (or comes from a source you trust) into an
    /// event, with no signature check. [`webhook_event`] verifies, then calls this.
    ///
    /// The body must be a JSON object with a string `type`
    /// ([`WebhookError::NotAnEvent`] otherwise). A type this version of the SDK does not know
    /// is [`Unknown`](WebhookEvent::Unknown); a known type whose payload does not have its
    /// documented shape is [`WebhookError::BadPayload`], naming the type: a message ImageKit
    /// signed that does not read is a real problem, not one to skip quietly.
    ///
    /// ```
    /// use imagekit::{WebhookError, WebhookEvent};
    ///
    /// let event = WebhookEvent::parse_unverified(br#"{"type":"asset.teleported","id":"evt_9"}"#)?;
    /// assert_eq!(event.type_name(), "asset.teleported");
    /// assert_eq!(event.id(), Some("evt_9"));
    ///
    /// let err = WebhookEvent::parse_unverified(br#"{"type":"file.deleted","id":"evt_1","data":{}}"#);
    /// assert!(matches!(err, Err(WebhookError::BadPayload { event_type, .. }) if event_type == "file.deleted"));
    /// # Ok::<(), WebhookError>(())
    /// ```
    pub fn parse_unverified(body: &[u8]) -> Result<Self, WebhookError> {
        let not_an_event = |reason: &str| WebhookError::NotAnEvent(reason.to_string());
        let value: Value =
            serde_json::from_slice(body).map_err(|e| not_an_event(&e.to_string()))?;
        let object = value
            .as_object()
            .ok_or_else(|| not_an_event("the body is not a JSON object"))?;
        let type_name = match object.get("type") {
            Some(Value::String(name)) if !name.is_empty() => name.clone(),
            _ => return Err(not_an_event("the body has no string `type`")),
        };
        WebhookEvent::from_object(type_name, value)
    }
}

/// Verifies a webhook request and reads its event: the headers and raw body bytes as received,
/// the webhook secret (`whsec_…`, as the dashboard shows it) and the current unix time in
/// seconds. The scheme is the one the headers name (see the [module docs](crate::events));
/// the event is as [`WebhookEvent::parse_unverified`] reads it.
///
/// [`ImageKit::webhook_event`] does the same with the client's secret and clock.
///
/// ```
/// use http::HeaderMap;
/// use imagekit::{sign_legacy_webhook, webhook_event, WebhookError, WebhookEvent};
///
/// let body = br#"{"type":"folder.deleted","id":"evt_2","created_at":"2025-01-01T00:00:00.000Z","data":{"folderId":"d_1"}}"#;
/// let mut headers = HeaderMap::new();
/// headers.insert("x-ik-signature", sign_legacy_webhook("whsec_x", 1_700_000_000_000, body).parse()?);
/// let event = webhook_event("whsec_x", &headers, body, 1_700_000_000)?;
/// assert!(matches!(event, WebhookEvent::FolderDeleted(e) if e.data.folder_id == "d_1"));
///
/// assert_eq!(webhook_event("whsec_y", &headers, body, 1_700_000_000), Err(WebhookError::NoMatchingSignature));
/// assert_eq!(webhook_event("whsec_x", &HeaderMap::new(), body, 1_700_000_000), Err(WebhookError::MissingSignature));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn webhook_event(
    secret: &str,
    headers: &HeaderMap,
    body: &[u8],
    now_unix: u64,
) -> Result<WebhookEvent, WebhookError> {
    verify(secret, headers, body, now_unix)?;
    WebhookEvent::parse_unverified(body)
}

/// Checks the signature of the scheme the headers name.
fn verify(
    secret: &str,
    headers: &HeaderMap,
    body: &[u8],
    now_unix: u64,
) -> Result<(), WebhookError> {
    if let Some(signature) = header(headers, "webhook-signature")? {
        // A missing id or timestamp is empty here, and refused by name there.
        let id = header(headers, "webhook-id")?.unwrap_or_default();
        let timestamp = header(headers, "webhook-timestamp")?.unwrap_or_default();
        verify_webhook(secret, id, timestamp, signature, body, now_unix)
    } else if let Some(signature) = header(headers, "x-ik-signature")? {
        verify_legacy_webhook(secret, signature, body, now_unix.saturating_mul(1000))
    } else {
        Err(WebhookError::MissingSignature)
    }
}

/// A header's value as text, when present.
fn header<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<Option<&'h str>, WebhookError> {
    headers
        .get(name)
        .map(|value| {
            value
                .to_str()
                .map_err(|_| WebhookError::Malformed("a webhook header is not visible ASCII"))
        })
        .transpose()
}

impl ImageKit {
    /// Verifies a webhook request with the client's webhook secret
    /// ([`with_webhook_secret`](ImageKit::with_webhook_secret), `IMAGEKIT_WEBHOOK_SECRET`)
    /// and clock, and reads its event, as [`webhook_event`] does. Without a secret it fails
    /// with [`WebhookError::MissingSecret`].
    ///
    /// ```
    /// use http::HeaderMap;
    /// use imagekit::{sign_webhook, ImageKit, WebhookError, WebhookEvent};
    ///
    /// let ik = ImageKit::builder()
    ///     .webhook_secret("whsec_dGVzdHNlY3JldA==")
    ///     .clock(|| 1_700_000_000)
    ///     .build()?;
    /// let body = br#"{"type":"file.deleted","id":"evt_1","data":{"fileId":"f_1"}}"#;
    /// let mut headers = HeaderMap::new();
    /// headers.insert("webhook-id", "msg_1".parse()?);
    /// headers.insert("webhook-timestamp", "1700000000".parse()?);
    /// let signature = sign_webhook("whsec_dGVzdHNlY3JldA==", "msg_1", 1_700_000_000, body);
    /// headers.insert("webhook-signature", signature.parse()?);
    /// assert!(matches!(ik.webhook_event(&headers, body)?, WebhookEvent::FileDeleted(_)));
    ///
    /// let without = ImageKit::builder().build()?;
    /// assert_eq!(without.webhook_event(&headers, body), Err(WebhookError::MissingSecret));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn webhook_event(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<WebhookEvent, WebhookError> {
        let secret = self.webhook_secret().ok_or(WebhookError::MissingSecret)?;
        webhook_event(secret, headers, body, self.now())
    }

    /// [`webhook_event`](ImageKit::webhook_event) on a whole request, for frameworks that hand
    /// over an [`http::Request`] with its body read (`Vec<u8>`, `Bytes`, `String`…).
    ///
    /// ```
    /// use imagekit::{sign_legacy_webhook, ImageKit, WebhookEvent};
    ///
    /// let ik = ImageKit::builder().webhook_secret("whsec_x").clock(|| 1_700_000_000).build()?;
    /// let body = r#"{"type":"folder.deleted","id":"evt_2","data":{"folderId":"d_1"}}"#;
    /// let request = http::Request::post("/imagekit/webhook")
    ///     .header("x-ik-signature", sign_legacy_webhook("whsec_x", 1_700_000_000_000, body.as_bytes()))
    ///     .body(body.to_string())?;
    /// assert!(matches!(ik.webhook_event_from_request(&request)?, WebhookEvent::FolderDeleted(_)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn webhook_event_from_request<B: AsRef<[u8]>>(
        &self,
        request: &Request<B>,
    ) -> Result<WebhookEvent, WebhookError> {
        self.webhook_event(request.headers(), request.body().as_ref())
    }
}
