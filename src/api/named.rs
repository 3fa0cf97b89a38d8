//! Named transformations: short, reusable names for transformation strings, used in URLs as
//! `tr:n-<name>` (`/v1/named-transformations`). Newer than ImageKit's OpenAPI file; the shapes are those ImageKit's API answers.
//!
//! Renaming, disabling or deleting one that an upload pre- or post-transformation still
//! references fails with a 409: an [`Error`](crate::Error) whose [`is_conflict`](crate::Error::is_conflict) is true.
//!
//! The create / list / get / update / delete shape is shared with webhook endpoints through the
//! generic operations of [`crud`](super::crud).
//!
//! ```
//! use imagekit::api::named::{
//!     CreateNamedTransformation, DeleteNamedTransformation, UpdateNamedTransformation,
//! };
//!
//! async fn example(ik: &imagekit::ImageKit) -> Result<(), imagekit::Error> {
//!     let thumb = ik
//!         .create_named_transformation(&CreateNamedTransformation::new("thumb", "w-300,h-200"))
//!         .await?;
//!     ik.update_named_transformation(&UpdateNamedTransformation::new(&thumb.id).enabled(false))
//!         .await?;
//!     match ik
//!         .delete_named_transformation(&DeleteNamedTransformation::new(&thumb.id))
//!         .await
//!     {
//!         Err(e) if e.is_conflict() => println!("still in use: {:?}", e.message()),
//!         other => other?,
//!     }
//!     Ok(())
//! }
//! ```

use serde::{Deserialize, Serialize};

use super::crud::{Create, Update};

/// A named transformation. Fields the API leaves out are empty or `None`; fields it adds later
/// are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedTransformation {
    /// The id.
    #[serde(default)]
    pub id: String,
    /// The name, used in URLs as `tr:n-<name>`.
    #[serde(default)]
    pub name: String,
    /// The transformation string it stands for, e.g. `w-300,h-200`.
    #[serde(default)]
    pub transformation: String,
    /// Whether it is enabled (a disabled one fails at delivery).
    #[serde(default)]
    pub enabled: Option<bool>,
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

/// The body of [`CreateNamedTransformation`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewNamedTransformation {
    /// The name (letters, digits and `_`; unique in the account).
    pub name: String,
    /// The transformation string, e.g. `w-300,h-200`.
    pub transformation: String,
    /// Whether it is enabled (the API's default: enabled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// The body of [`UpdateNamedTransformation`]: only the fields given change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedTransformationChanges {
    /// A new name (a 409 while something references the old one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new transformation string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transformation: Option<String>,
    /// Enables or disables it (disabling: a 409 while something references it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

super::crud::crud_resource!(
    NamedTransformation, "named transformation", "/v1/named-transformations",
    create: NewNamedTransformation, update: NamedTransformationChanges, PATCH;
    ListNamedTransformations, CreateNamedTransformation, GetNamedTransformation, UpdateNamedTransformation, DeleteNamedTransformation
);

impl Create<NamedTransformation> {
    /// Creates `name` standing for `transformation` (e.g. `w-300,h-200`).
    pub fn new(name: impl Into<String>, transformation: impl Into<String>) -> Self {
        Create {
            body: NewNamedTransformation {
                name: name.into(),
                transformation: transformation.into(),
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

impl Update<NamedTransformation> {
    /// An update of the named transformation `id` that changes nothing yet: chain the setters.
    pub fn new(id: impl Into<String>) -> Self {
        Update {
            id: id.into(),
            body: NamedTransformationChanges::default(),
        }
    }

    /// Renames it.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.body.name = Some(name.into());
        self
    }

    /// Changes the transformation string.
    pub fn transformation(mut self, transformation: impl Into<String>) -> Self {
        self.body.transformation = Some(transformation.into());
        self
    }

    /// Enables or disables it.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.body.enabled = Some(enabled);
        self
    }
}
