//! Webhook endpoints: where ImageKit posts events of the account (`/v1/accounts/webhooks`, at
//! most 3 per account). Newer than ImageKit's OpenAPI file; the shapes are those ImageKit's API answers.
//!
//! Each endpoint has a signing secret (`whsec_…`) that ImageKit generates; it is a
//! [`WebhookSecret`], whose `Debug` never shows it. Pass [`WebhookSecret::expose`] to
//! [`verify_webhook`](crate::verify_webhook) to check the events the endpoint receives.
//!
//! The operations are the generic ones of [`crud`](super::crud), shared with named
//! transformations.
//!
//! ```
//! use imagekit::api::webhooks::{CreateWebhookEndpoint, UpdateWebhookEndpoint, WebhookEventType};
//!
//! async fn example(ik: &imagekit::ImageKit) -> Result<(), imagekit::Error> {
//!     let created = ik
//!         .create_webhook_endpoint(&CreateWebhookEndpoint::new(
//!             "https://example.com/imagekit/webhooks",
//!             vec![WebhookEventType::VideoTransformationReady, WebhookEventType::FileCreated],
//!         ))
//!         .await?;
//!     let secret = created.secret.as_ref().map(|s| s.expose().to_string());
//!     // Store `secret` to verify incoming events; `{created:?}` shows it redacted.
//!     # let _ = secret;
//!     ik.update_webhook_endpoint(&UpdateWebhookEndpoint::new(&created.id).enabled(false))
//!         .await?;
//!     Ok(())
//! }
//! ```

use serde::{Deserialize, Serialize};

use super::crud::{Create, Update};
use super::{secret_string, string_enum};

string_enum! {
    /// An event a webhook endpoint can subscribe to.
    WebhookEventType {
        /// `video.transformation.accepted`
        VideoTransformationAccepted = "video.transformation.accepted",
        /// `video.transformation.ready`
        VideoTransformationReady = "video.transformation.ready",
        /// `video.transformation.error`
        VideoTransformationError = "video.transformation.error",
        /// `upload.pre-transform.success`
        UploadPreTransformSuccess = "upload.pre-transform.success",
        /// `upload.pre-transform.error`
        UploadPreTransformError = "upload.pre-transform.error",
        /// `upload.post-transform.success`
        UploadPostTransformSuccess = "upload.post-transform.success",
        /// `upload.post-transform.error`
        UploadPostTransformError = "upload.post-transform.error",
        /// `file.created`
        FileCreated = "file.created",
        /// `file.updated`
        FileUpdated = "file.updated",
        /// `file.deleted`
        FileDeleted = "file.deleted",
        /// `file-version.created`
        FileVersionCreated = "file-version.created",
        /// `file-version.deleted`
        FileVersionDeleted = "file-version.deleted",
        /// `folder.created`
        FolderCreated = "folder.created",
        /// `folder.updated`
        FolderUpdated = "folder.updated",
        /// `folder.deleted`
        FolderDeleted = "folder.deleted",
    }
}

secret_string! {
    /// A webhook signing secret (`whsec_…`). `Debug` shows `WebhookSecret(<redacted>)`; read it
    /// with [`expose`](Self::expose), e.g. for [`verify_webhook`](crate::verify_webhook).
    WebhookSecret, debug "WebhookSecret(<redacted>)"
}

/// A webhook endpoint. Fields the API leaves out are empty or `None`; fields it adds later are
/// kept in `extra`. `Debug` never shows the secret.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEndpoint {
    /// The id.
    #[serde(default)]
    pub id: String,
    /// The URL ImageKit posts events to.
    #[serde(default)]
    pub endpoint: String,
    /// The events it is subscribed to.
    #[serde(default)]
    pub events: Vec<WebhookEventType>,
    /// Whether events are sent to it.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// The signing secret ImageKit generated (it cannot be set or changed).
    #[serde(default)]
    pub secret: Option<WebhookSecret>,
    /// When it was created (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it was last updated (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The body of [`CreateWebhookEndpoint`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewWebhookEndpoint {
    /// The URL to post events to (`http` or `https`; unique in the account).
    pub endpoint: String,
    /// The events to subscribe to.
    pub events: Vec<WebhookEventType>,
    /// Whether events are sent to it (the API's default: enabled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// The body of [`UpdateWebhookEndpoint`]: only the fields given change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEndpointChanges {
    /// A new URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The events, replacing the current list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<WebhookEventType>>,
    /// Enables or disables it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

super::crud::crud_resource!(
    WebhookEndpoint, "webhook endpoint", "/v1/accounts/webhooks",
    create: NewWebhookEndpoint, update: WebhookEndpointChanges, PATCH;
    ListWebhookEndpoints, CreateWebhookEndpoint, GetWebhookEndpoint, UpdateWebhookEndpoint, DeleteWebhookEndpoint
);

impl Create<WebhookEndpoint> {
    /// Creates an endpoint at `endpoint` subscribed to `events`.
    pub fn new(endpoint: impl Into<String>, events: Vec<WebhookEventType>) -> Self {
        Create {
            body: NewWebhookEndpoint {
                endpoint: endpoint.into(),
                events,
                enabled: None,
            },
        }
    }

    /// Creates it enabled or disabled.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.body.enabled = Some(enabled);
        self
    }
}

impl Update<WebhookEndpoint> {
    /// An update of the webhook endpoint `id` that changes nothing yet: chain the setters.
    pub fn new(id: impl Into<String>) -> Self {
        Update {
            id: id.into(),
            body: WebhookEndpointChanges::default(),
        }
    }

    /// Moves it to another URL.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.body.endpoint = Some(endpoint.into());
        self
    }

    /// Replaces the events it is subscribed to.
    pub fn events(mut self, events: Vec<WebhookEventType>) -> Self {
        self.body.events = Some(events);
        self
    }

    /// Enables or disables it.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.body.enabled = Some(enabled);
        self
    }
}
