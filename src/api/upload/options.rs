//! The options of an upload ([`UploadOptions`]) and the types they are made of: response
//! fields, the pre- and post-transformations, and the upload's own string enums.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::extensions::ExtensionConfig;
use crate::api::string_enum;

string_enum! {
    /// A field the upload answer should include (`responseFields`).
    ResponseField {
        /// `tags`
        Tags = "tags",
        /// `customCoordinates`
        CustomCoordinates = "customCoordinates",
        /// `isPrivateFile`
        IsPrivateFile = "isPrivateFile",
        /// `embeddedMetadata`
        EmbeddedMetadata = "embeddedMetadata",
        /// `isPublished`
        IsPublished = "isPublished",
        /// `customMetadata`
        CustomMetadata = "customMetadata",
        /// `metadata`
        Metadata = "metadata",
        /// `selectedFieldsSchema`
        SelectedFieldsSchema = "selectedFieldsSchema",
    }
}

string_enum! {
    /// The kind of a [`PostTransformation`].
    PostTransformationType {
        /// `transformation`: a transformed version (a transformation string is required).
        Transformation = "transformation",
        /// `gif-to-video`: an animated GIF as MP4.
        GifToVideo = "gif-to-video",
        /// `thumbnail`: a thumbnail image.
        Thumbnail = "thumbnail",
        /// `abs`: adaptive bitrate streaming (representations and protocol required).
        Abs = "abs",
    }
}

string_enum! {
    /// The streaming protocol of an adaptive bitrate streaming post-transformation.
    StreamingProtocol {
        /// `hls`
        Hls = "hls",
        /// `dash`
        Dash = "dash",
    }
}

/// One transformation made right after the upload, ready for delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostTransformation {
    /// Its kind.
    #[serde(rename = "type")]
    pub kind: PostTransformationType,
    /// The transformation string (`w-200,h-200`; for `abs`, the representations, e.g.
    /// `sr-240_360_480`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The protocol (`abs` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<StreamingProtocol>,
}

impl PostTransformation {
    fn of(kind: PostTransformationType, value: Option<String>) -> Self {
        PostTransformation {
            kind,
            value,
            protocol: None,
        }
    }

    /// `{"type": "transformation", "value": value}`.
    pub fn transformation(value: impl Into<String>) -> Self {
        Self::of(PostTransformationType::Transformation, Some(value.into()))
    }

    /// `{"type": "gif-to-video"}`, with a transformation of the video when given.
    pub fn gif_to_video(value: Option<&str>) -> Self {
        Self::of(
            PostTransformationType::GifToVideo,
            value.map(str::to_string),
        )
    }

    /// `{"type": "thumbnail"}`, with a transformation of the thumbnail when given.
    pub fn thumbnail(value: Option<&str>) -> Self {
        Self::of(PostTransformationType::Thumbnail, value.map(str::to_string))
    }

    /// `{"type": "abs", "value": representations, "protocol": protocol}`.
    pub fn abs(representations: impl Into<String>, protocol: StreamingProtocol) -> Self {
        PostTransformation {
            protocol: Some(protocol),
            ..Self::of(PostTransformationType::Abs, Some(representations.into()))
        }
    }
}

/// The upload's `transformation`: what to apply before storing the file (`pre`) and which
/// versions to make right after (`post`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadTransformation {
    /// A transformation string applied before the file is stored (`w-300,h-300,q-80`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre: Option<String>,
    /// Transformations made after the upload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<Vec<PostTransformation>>,
}

impl UploadTransformation {
    /// Neither `pre` nor `post`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `pre`.
    pub fn pre(mut self, pre: impl Into<String>) -> Self {
        self.pre = Some(pre.into());
        self
    }

    /// Sets `post`.
    pub fn post(mut self, post: impl IntoIterator<Item = PostTransformation>) -> Self {
        self.post = Some(post.into_iter().collect());
        self
    }
}

/// The optional parameters of an upload, v1 and v2 alike. Those left `None` are not sent, and
/// the API's defaults apply.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadOptions {
    /// `useUniqueFileName`: add a unique suffix to the name (the API's default is `true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_unique_file_name: Option<bool>,
    /// `tags`, sent comma-joined (so a tag cannot hold a comma; `%` is not allowed either).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// `folder`: where to store the file (the API's default is `/`); missing folders are
    /// made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folder: Option<String>,
    /// `isPrivateFile`: reachable only through signed URLs or named transformations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_private_file: Option<bool>,
    /// `isPublished`: `false` uploads a draft (enterprise plans).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_published: Option<bool>,
    /// `customCoordinates`: an area of interest, `x,y,width,height`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_coordinates: Option<String>,
    /// `responseFields`: extra fields the answer should include, sent comma-joined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_fields: Option<Vec<ResponseField>>,
    /// `extensions`: extensions to run on the file, sent as JSON text. An extension this SDK
    /// has no variant for is sent as given: `serde_json::from_value(json!({"name": …}))`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Vec<ExtensionConfig>>,
    /// `webhookUrl`: where the final status of the extensions is posted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    /// `overwriteFile`: `false` (with `useUniqueFileName` `false`) refuses to replace a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overwrite_file: Option<bool>,
    /// `overwriteAITags`: `false` keeps a replaced file's AI tags.
    #[serde(rename = "overwriteAITags", skip_serializing_if = "Option::is_none")]
    pub overwrite_ai_tags: Option<bool>,
    /// `overwriteTags`: `false` keeps a replaced file's tags when none are sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overwrite_tags: Option<bool>,
    /// `overwriteCustomMetadata`: `false` keeps a replaced file's custom metadata when none
    /// is sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overwrite_custom_metadata: Option<bool>,
    /// `customMetadata`: values of existing custom metadata fields, sent as JSON text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_metadata: Option<Map<String, Value>>,
    /// `transformation`: pre- and post-transformations, sent as JSON text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transformation: Option<UploadTransformation>,
    /// `checks`: server-side checks the upload must pass (`"file.size" < "1mb"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checks: Option<String>,
    /// `description`: a description of the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl UploadOptions {
    /// No options: the API's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `useUniqueFileName`.
    pub fn use_unique_file_name(mut self, unique: bool) -> Self {
        self.use_unique_file_name = Some(unique);
        self
    }

    /// Sets `tags`.
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// Sets `folder`.
    pub fn folder(mut self, folder: impl Into<String>) -> Self {
        self.folder = Some(folder.into());
        self
    }

    /// Sets `isPrivateFile`.
    pub fn is_private_file(mut self, private: bool) -> Self {
        self.is_private_file = Some(private);
        self
    }

    /// Sets `isPublished`.
    pub fn is_published(mut self, published: bool) -> Self {
        self.is_published = Some(published);
        self
    }

    /// Sets `customCoordinates` (`x,y,width,height`).
    pub fn custom_coordinates(mut self, coordinates: impl Into<String>) -> Self {
        self.custom_coordinates = Some(coordinates.into());
        self
    }

    /// Sets `responseFields`.
    pub fn response_fields(mut self, fields: impl IntoIterator<Item = ResponseField>) -> Self {
        self.response_fields = Some(fields.into_iter().collect());
        self
    }

    /// Sets `extensions`.
    ///
    /// ```
    /// use imagekit::api::extensions::{AutoTagging, ExtensionConfig, RemoveBg};
    /// use imagekit::api::upload::UploadOptions;
    ///
    /// let options = UploadOptions::default().extensions([
    ///     ExtensionConfig::RemoveBg(RemoveBg::default()),
    ///     ExtensionConfig::GoogleAutoTagging(AutoTagging::new(80, 10)),
    /// ]);
    /// assert_eq!(options.extensions.unwrap().len(), 2);
    /// ```
    pub fn extensions(mut self, extensions: impl IntoIterator<Item = ExtensionConfig>) -> Self {
        self.extensions = Some(extensions.into_iter().collect());
        self
    }

    /// Sets `webhookUrl`.
    pub fn webhook_url(mut self, url: impl Into<String>) -> Self {
        self.webhook_url = Some(url.into());
        self
    }

    /// Sets `overwriteFile`.
    pub fn overwrite_file(mut self, overwrite: bool) -> Self {
        self.overwrite_file = Some(overwrite);
        self
    }

    /// Sets `overwriteAITags`.
    pub fn overwrite_ai_tags(mut self, overwrite: bool) -> Self {
        self.overwrite_ai_tags = Some(overwrite);
        self
    }

    /// Sets `overwriteTags`.
    pub fn overwrite_tags(mut self, overwrite: bool) -> Self {
        self.overwrite_tags = Some(overwrite);
        self
    }

    /// Sets `overwriteCustomMetadata`.
    pub fn overwrite_custom_metadata(mut self, overwrite: bool) -> Self {
        self.overwrite_custom_metadata = Some(overwrite);
        self
    }

    /// Sets `customMetadata`.
    pub fn custom_metadata(mut self, values: Map<String, Value>) -> Self {
        self.custom_metadata = Some(values);
        self
    }

    /// Sets `transformation`.
    pub fn transformation(mut self, transformation: UploadTransformation) -> Self {
        self.transformation = Some(transformation);
        self
    }

    /// Sets `checks`.
    pub fn checks(mut self, checks: impl Into<String>) -> Self {
        self.checks = Some(checks.into());
        self
    }

    /// Sets `description`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}
