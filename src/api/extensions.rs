//! Saved extensions: an extension's configuration (background removal, auto-tagging, auto
//! description, AI tasks) saved under a name, to be referenced by id in uploads and file
//! updates. At most 100 per account.
//!
//! The configuration is an [`ExtensionConfig`]: a variant per extension ImageKit documents,
//! its settings typed, and [`ExtensionConfig::Other`] for one this SDK does not know yet (kept
//! as it came, so it is written back unchanged).
//!
//! The operations are the [`Resource`](super::crud::Resource) shape shared with origins:
//! [`ListSavedExtensions`], [`CreateSavedExtension`], [`GetSavedExtension`],
//! [`UpdateSavedExtension`] (`PATCH`: only the fields given) and [`DeleteSavedExtension`].
//!
//! ```
//! use imagekit::api::extensions::{
//!     AiTask, AiTaskAction, AiTasks, CreateSavedExtension, ExtensionConfig, SavedExtensionRequest,
//!     SelectTags, YesNo,
//! };
//! use imagekit::api::Operation;
//!
//! let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo")?.with_private_key("private_key");
//! let luxury = YesNo {
//!     on_yes: Some(AiTaskAction { add_tags: Some(vec!["luxury".into()]), ..Default::default() }),
//!     ..YesNo::new("Is this a luxury item?")
//! };
//! let clothing = SelectTags {
//!     vocabulary: Some(vec!["shirt".into(), "dress".into(), "jacket".into()]),
//!     ..SelectTags::new("Which clothing items are visible?")
//! };
//! let create = CreateSavedExtension::new(SavedExtensionRequest::new(
//!     "Fashion",
//!     "Tags clothing and luxury items",
//!     ExtensionConfig::AiTasks(AiTasks::new([AiTask::SelectTags(clothing), AiTask::YesNo(luxury)])),
//! ));
//! // `ik.create_saved_extension(&create).await?` sends it; the request it makes:
//! let request = create.request(ik.api())?;
//! assert_eq!(request.method(), "POST");
//! assert_eq!(request.uri(), "https://api.imagekit.io/v1/saved-extensions");
//! # Ok::<(), imagekit::Error>(())
//! ```

mod config;

pub use config::{
    AiAutoDescription, AiTask, AiTaskAction, AiTasks, AutoTagging, ExtensionConfig, RemoveBg,
    RemoveBgOptions, SelectMetadata, SelectTags, SetMetadata, UnsetMetadata, YesNo,
};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A saved extension as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedExtension {
    /// Its id, to reference it in uploads and file updates.
    #[serde(default)]
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The extension's configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<ExtensionConfig>,
    /// When it was created (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When it was last updated (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A saved extension to create.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedExtensionRequest {
    /// Its name (not empty).
    pub name: String,
    /// What it does (not empty).
    pub description: String,
    /// The extension's configuration.
    pub config: ExtensionConfig,
}

impl SavedExtensionRequest {
    /// A saved extension named `name`, described as `description`, configured as `config`.
    pub fn new(
        name: impl Into<String>,
        description: impl Into<String>,
        config: ExtensionConfig,
    ) -> Self {
        SavedExtensionRequest {
            name: name.into(),
            description: description.into(),
            config,
        }
    }
}

/// Changes to a saved extension: only the fields given are sent and changed.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SavedExtensionUpdate {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A new configuration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<ExtensionConfig>,
}

impl SavedExtensionUpdate {
    /// No changes yet.
    pub fn new() -> Self {
        SavedExtensionUpdate::default()
    }

    /// Renames it.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Describes it anew.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Replaces its configuration.
    pub fn config(mut self, config: ExtensionConfig) -> Self {
        self.config = Some(config);
        self
    }
}

super::crud::crud_resource!(
    SavedExtension, "saved extension", "/v1/saved-extensions",
    create: SavedExtensionRequest, update: SavedExtensionUpdate, PATCH;
    ListSavedExtensions, CreateSavedExtension, GetSavedExtension, UpdateSavedExtension, DeleteSavedExtension
);

super::crud::body_constructors!(SavedExtension);
