//! Custom metadata fields: the typed fields whose values assets carry in `customMetadata`
//! (`/v1/customMetadataFields`).
//!
//! A field has an API `name` (the key in an asset's `customMetadata`), a `label` shown in the
//! media library, an optional `description` (a hint shown beside it), and a
//! [`CustomMetadataSchema`]: its [`CustomMetadataFieldType`] and the [`CustomMetadataRules`]
//! its values follow. The type is fixed at creation; an update changes the label, the
//! description and the rules only.
//!
//! ```no_run
//! use imagekit::api::custom_metadata::{
//!     CreateCustomMetadataField, CustomMetadataFieldType, CustomMetadataRules,
//!     ListCustomMetadataFields, UpdateCustomMetadataField,
//! };
//!
//! # async fn run(ik: imagekit::ImageKit) -> Result<(), imagekit::Error> {
//! let number = CustomMetadataFieldType::Number;
//! let mut price = CreateCustomMetadataField::new("price", "Price", number);
//! price.schema.rules.min_value = Some(1000.into());
//! price.schema.rules.max_value = Some(3000.into());
//! price.description = Some("The retail price, in cents".into());
//! let field = ik.create_custom_metadata_field(&price).await?;
//!
//! let mut update = UpdateCustomMetadataField::new(&field.id);
//! update.schema = Some(CustomMetadataRules {
//!     max_value: Some(5000.into()),
//!     ..Default::default()
//! });
//! ik.update_custom_metadata_field(&update).await?;
//!
//! for field in ik.list_custom_metadata_fields(&ListCustomMetadataFields::new()).await? {
//!     println!("{} ({}): {:?}", field.name, field.schema.field_type, field.schema.rules);
//! }
//! # Ok(())
//! # }
//! ```

use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{segment, Empty, Endpoint, Json, JsonBody};
use super::{string_enum, Query};
use crate::error::Error;
use crate::retry::Repeat;

const FIELDS: &str = "/v1/customMetadataFields";

/// `/v1/customMetadataFields/{id}`; an empty id is refused.
fn field_path(id: &str) -> Result<String, Error> {
    Ok(format!("{FIELDS}/{}", segment(id)?))
}

string_enum! {
    /// The type of a custom metadata field's values.
    CustomMetadataFieldType {
        /// `Text`
        Text = "Text",
        /// `Textarea`
        Textarea = "Textarea",
        /// `Number`
        Number = "Number",
        /// `Date` (values in ISO 8601)
        Date = "Date",
        /// `Boolean`
        Boolean = "Boolean",
        /// `SingleSelect`: one of `selectOptions`
        SingleSelect = "SingleSelect",
        /// `MultiSelect`: some of `selectOptions`
        MultiSelect = "MultiSelect",
    }
}

/// The rules a custom metadata field's values follow. Values whose JSON type depends on the
/// field's type (a number or an ISO 8601 date, a string, a number or a boolean) are
/// [`serde_json::Value`]s. Absent rules are left out of requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CustomMetadataRules {
    /// The allowed values (strings, numbers, booleans) of a `SingleSelect` or `MultiSelect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select_options: Option<Vec<Value>>,
    /// The default value, of the field's type (a list for `MultiSelect`); required when
    /// `is_value_required` is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Value>,
    /// Whether every asset must have a value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_value_required: Option<bool>,
    /// The least value of a `Number` (a number) or a `Date` (an ISO 8601 string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<Value>,
    /// The greatest value of a `Number` (a number) or a `Date` (an ISO 8601 string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<Value>,
    /// The shortest `Text` or `Textarea` value.
    #[serde(
        default,
        deserialize_with = "super::whole_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_length: Option<u64>,
    /// The longest `Text` or `Textarea` value.
    #[serde(
        default,
        deserialize_with = "super::whole_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_length: Option<u64>,
}

/// A custom metadata field's schema: its type and the rules its values follow (on the wire,
/// one object: `{"type": …, "minValue": …, …}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomMetadataSchema {
    /// The type of the values.
    #[serde(rename = "type")]
    pub field_type: CustomMetadataFieldType,
    /// The rules.
    #[serde(flatten)]
    pub rules: CustomMetadataRules,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, Value>,
}

impl CustomMetadataSchema {
    /// A schema of `field_type` with no rules.
    pub fn new(field_type: CustomMetadataFieldType) -> Self {
        CustomMetadataSchema {
            field_type,
            rules: CustomMetadataRules::default(),
            extra: serde_json::Map::new(),
        }
    }
}

/// A custom metadata field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomMetadataField {
    /// The field id, to update or delete it.
    pub id: String,
    /// The API name: the key of its value in an asset's `customMetadata`.
    pub name: String,
    /// The label shown in the media library.
    pub label: String,
    /// The type and rules of its values.
    pub schema: CustomMetadataSchema,
    /// The hint shown to the users setting its value in the media library (present only when
    /// one is set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, Value>,
}

/// Parameters of `POST /v1/customMetadataFields`: creates a field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCustomMetadataField {
    /// The API name, unique among all fields, deleted ones included.
    pub name: String,
    /// The label, unique among the fields not deleted.
    pub label: String,
    /// The type and rules.
    pub schema: CustomMetadataSchema,
    /// A hint shown to the users setting its value in the media library (up to 500
    /// characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl CreateCustomMetadataField {
    /// A field `name` labelled `label` of `field_type`, with no rules (set them in
    /// `schema.rules`).
    pub fn new(
        name: impl Into<String>,
        label: impl Into<String>,
        field_type: CustomMetadataFieldType,
    ) -> Self {
        CreateCustomMetadataField {
            name: name.into(),
            label: label.into(),
            schema: CustomMetadataSchema::new(field_type),
            description: None,
        }
    }
}

impl Endpoint for CreateCustomMetadataField {
    const METHOD: Method = Method::POST;
    const REPEAT: Repeat = Repeat::IfNotSent;
    type Answer = Json<CustomMetadataField>;

    fn path(&self) -> Result<String, Error> {
        Ok(FIELDS.to_string())
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}

/// Parameters of `GET /v1/customMetadataFields`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListCustomMetadataFields {
    /// Include deleted fields (the API's default: `false`).
    pub include_deleted: Option<bool>,
    /// Only the fields that apply at this folder path (with the Path policy feature).
    pub folder_path: Option<String>,
}

impl ListCustomMetadataFields {
    /// All fields not deleted.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Endpoint for ListCustomMetadataFields {
    const METHOD: Method = Method::GET;
    type Answer = Json<Vec<CustomMetadataField>>;

    fn path(&self) -> Result<String, Error> {
        Ok(Query::new(FIELDS)
            .opt("includeDeleted", self.include_deleted)
            .opt("folderPath", self.folder_path.as_deref())
            .finish())
    }
}

/// Parameters of `PATCH /v1/customMetadataFields/{id}`: changes the label, the description,
/// the rules, or several (at least one is needed; the type cannot change).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCustomMetadataField {
    /// The field id.
    #[serde(skip)]
    pub id: String,
    /// A new label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A new description (up to 500 characters); an empty one clears it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New rules, checked against the field's type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<CustomMetadataRules>,
}

impl UpdateCustomMetadataField {
    /// An update of field `id` that changes nothing yet: set `label`, `description`,
    /// `schema` or several.
    pub fn new(id: impl Into<String>) -> Self {
        UpdateCustomMetadataField {
            id: id.into(),
            label: None,
            description: None,
            schema: None,
        }
    }
}

impl Endpoint for UpdateCustomMetadataField {
    const METHOD: Method = Method::PATCH;
    type Answer = Json<CustomMetadataField>;

    fn path(&self) -> Result<String, Error> {
        field_path(&self.id)
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}

/// Parameters of `DELETE /v1/customMetadataFields/{id}`. A deleted field's name stays taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteCustomMetadataField {
    /// The field id.
    pub id: String,
}

impl DeleteCustomMetadataField {
    /// Deletes field `id`.
    pub fn new(id: impl Into<String>) -> Self {
        DeleteCustomMetadataField { id: id.into() }
    }
}

impl Endpoint for DeleteCustomMetadataField {
    const METHOD: Method = Method::DELETE;
    type Answer = Empty;

    fn path(&self) -> Result<String, Error> {
        field_path(&self.id)
    }
}
