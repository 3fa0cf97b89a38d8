//! An extension's configuration, as ImageKit's `ExtensionConfig` writes it: background
//! removal, auto-tagging (Google or AWS), auto description and AI tasks, each typed, and any
//! extension this SDK does not know kept as it came.
//!
//! Field names are the API's: camelCase for auto-tagging, snake_case inside `remove-bg`'s
//! options and the AI tasks. Every object keeps fields this SDK does not know in `extra`, so
//! what is read is written back unchanged.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::tagged::tagged_enum;

tagged_enum! {
    /// An extension's configuration, by its `name`: what a saved extension holds, and what an
    /// upload's or a file update's `extensions` take (as `serde_json::to_value(&config)`).
    ///
    /// ```
    /// use imagekit::api::extensions::{AutoTagging, ExtensionConfig};
    /// use serde_json::json;
    ///
    /// let config = ExtensionConfig::GoogleAutoTagging(AutoTagging::new(80, 10));
    /// assert_eq!(
    ///     serde_json::to_value(&config)?,
    ///     json!({"name": "google-auto-tagging", "minConfidence": 80, "maxTags": 10}),
    /// );
    ///
    /// // An extension added after this SDK is kept, name and fields.
    /// let newer: ExtensionConfig = serde_json::from_value(json!({"name": "ai-crop", "ratio": "1:1"}))?;
    /// assert_eq!(newer.name(), "ai-crop");
    /// assert_eq!(serde_json::to_value(&newer)?, json!({"name": "ai-crop", "ratio": "1:1"}));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    ExtensionConfig, tag "name" as name, other fields Map<String, Value> {
        /// `remove-bg`: removes the background.
        RemoveBg(RemoveBg) = "remove-bg",
        /// `google-auto-tagging`: tags from Google Cloud Vision.
        GoogleAutoTagging(AutoTagging) = "google-auto-tagging",
        /// `aws-auto-tagging`: tags from AWS Rekognition.
        AwsAutoTagging(AutoTagging) = "aws-auto-tagging",
        /// `ai-auto-description`: a description written by AI.
        AiAutoDescription(AiAutoDescription) = "ai-auto-description",
        /// `ai-tasks`: questions to an AI model whose answers set tags and custom metadata.
        AiTasks(AiTasks) = "ai-tasks",
    }
}

/// `remove-bg`'s configuration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RemoveBg {
    /// Its options (none: the defaults).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<RemoveBgOptions>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How `remove-bg` removes a background (`None`: ImageKit's default).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RemoveBgOptions {
    /// `add_shadow`: add an artificial shadow (car photos only; default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_shadow: Option<bool>,
    /// `semitransparency`: keep semi-transparent regions (car windows only; default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semitransparency: Option<bool>,
    /// `bg_color`: a solid background, a hex code (`81d4fa`) or a color name (`green`); not
    /// with `bg_image_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bg_color: Option<String>,
    /// `bg_image_url`: a background image's URL; not with `bg_color`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bg_image_url: Option<String>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An auto-tagging extension's configuration (Google or AWS, by the variant).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoTagging {
    /// The least confidence (0 to 100) of a tag to keep.
    pub min_confidence: u32,
    /// The most tags to add.
    pub max_tags: u32,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AutoTagging {
    /// At most `max_tags` tags, each with a confidence of at least `min_confidence`.
    pub fn new(min_confidence: u32, max_tags: u32) -> Self {
        AutoTagging {
            min_confidence,
            max_tags,
            extra: Map::new(),
        }
    }
}

/// `ai-auto-description`'s configuration: it has no settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AiAutoDescription {
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `ai-tasks`' configuration: the tasks, in order (1 to 10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AiTasks {
    /// The tasks.
    pub tasks: Vec<AiTask>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AiTasks {
    /// These tasks.
    pub fn new(tasks: impl IntoIterator<Item = AiTask>) -> Self {
        AiTasks {
            tasks: tasks.into_iter().collect(),
            extra: Map::new(),
        }
    }
}

tagged_enum! {
    /// One AI task, by its `type`.
    // A configuration holds at most 10 tasks: boxing `YesNo`, the largest, would only make
    // them harder to build.
    #[allow(clippy::large_enum_variant)]
    AiTask, tag "type" as task_type, other fields Map<String, Value> {
        /// `select_tags`: adds the tags of a vocabulary that match.
        SelectTags(SelectTags) = "select_tags",
        /// `select_metadata`: sets a custom metadata field to the values that match.
        SelectMetadata(SelectMetadata) = "select_metadata",
        /// `yes_no`: asks a yes/no question and acts on the answer.
        YesNo(YesNo) = "yes_no",
    }
}

/// A `select_tags` task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectTags {
    /// The question or instruction (1 to 2000 characters).
    pub instruction: String,
    /// The tags to choose from (1 to 30; at most 500 characters in all, no `%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocabulary: Option<Vec<String>>,
    /// The fewest tags to choose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_selections: Option<u32>,
    /// The most tags to choose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_selections: Option<u32>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SelectTags {
    /// Tags chosen by `instruction`, from any vocabulary.
    pub fn new(instruction: impl Into<String>) -> Self {
        SelectTags {
            instruction: instruction.into(),
            vocabulary: None,
            min_selections: None,
            max_selections: None,
            extra: Map::new(),
        }
    }
}

/// A `select_metadata` task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectMetadata {
    /// The question or instruction (1 to 2000 characters).
    pub instruction: String,
    /// The custom metadata field to set (it must exist).
    pub field: String,
    /// The values to choose from (strings, numbers or booleans, of the field's type; none:
    /// a select field's own options).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocabulary: Option<Vec<Value>>,
    /// The fewest values to choose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_selections: Option<u32>,
    /// The most values to choose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_selections: Option<u32>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SelectMetadata {
    /// Sets `field` as `instruction` says.
    pub fn new(instruction: impl Into<String>, field: impl Into<String>) -> Self {
        SelectMetadata {
            instruction: instruction.into(),
            field: field.into(),
            vocabulary: None,
            min_selections: None,
            max_selections: None,
            extra: Map::new(),
        }
    }
}

/// A `yes_no` task: a question, and what to do on each answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YesNo {
    /// The yes/no question (1 to 2000 characters).
    pub instruction: String,
    /// What to do on "yes".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_yes: Option<AiTaskAction>,
    /// What to do on "no".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_no: Option<AiTaskAction>,
    /// What to do when the model cannot tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_unknown: Option<AiTaskAction>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl YesNo {
    /// The question `instruction`, with no actions yet.
    pub fn new(instruction: impl Into<String>) -> Self {
        YesNo {
            instruction: instruction.into(),
            on_yes: None,
            on_no: None,
            on_unknown: None,
            extra: Map::new(),
        }
    }
}

/// What a `yes_no` task does on one answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AiTaskAction {
    /// Tags to add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_tags: Option<Vec<String>>,
    /// Tags to remove.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remove_tags: Option<Vec<String>>,
    /// Custom metadata fields to set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_metadata: Option<Vec<SetMetadata>>,
    /// Custom metadata fields to remove.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unset_metadata: Option<Vec<UnsetMetadata>>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A custom metadata field to set, and its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetMetadata {
    /// The field's name.
    pub field: String,
    /// The value, of the field's type: a string, a number, a boolean or a list of them.
    pub value: Value,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SetMetadata {
    /// Sets `field` to `value`.
    pub fn new(field: impl Into<String>, value: impl Into<Value>) -> Self {
        SetMetadata {
            field: field.into(),
            value: value.into(),
            extra: Map::new(),
        }
    }
}

/// A custom metadata field to remove.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnsetMetadata {
    /// The field's name.
    pub field: String,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UnsetMetadata {
    /// Removes `field`.
    pub fn new(field: impl Into<String>) -> Self {
        UnsetMetadata {
            field: field.into(),
            extra: Map::new(),
        }
    }
}
