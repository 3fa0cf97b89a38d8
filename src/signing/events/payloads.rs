//! What webhook events carry: the envelope every event shares ([`Event`]) and the payloads and
//! request details of the events whose payload is not an API type already (files, folders and
//! uploaded files are [`File`](crate::api::File), [`Folder`](crate::api::Folder) and
//! [`UploadedFile`](crate::api::upload::UploadedFile)).
//!
//! The names on the wire are ImageKit's: the envelope, `request`, video options and timings are
//! snake_case (`created_at`, `x_request_id`), file payloads camelCase (`fileId`). What says what
//! happened is required: the event's `id` and `data`, the ids of what was deleted, a failure's
//! reason, a video transformation's source and kind. Other fields ImageKit leaves out are empty
//! or `None`; fields it adds later are kept in `extra`. Numbers are `f64`, as ImageKit sends
//! `15.023` where its SDKs' types say integer.
//!
//! Uses: `api` for the shared types and `string_enum`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::upload::PostTransformation;
use crate::api::{non_empty_id, string_enum};

/// What every event has: its id, when it happened, its payload (`data`) and, for upload and
/// video events, what asked for it (`request`; file and folder events come without one, and
/// their `request` is `null`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Event<D, R = Value> {
    /// The event's unique id: the same event delivered twice has the same id.
    #[serde(deserialize_with = "non_empty_id")]
    pub id: String,
    /// When it happened (ISO 8601).
    #[serde(default)]
    pub created_at: String,
    /// What happened.
    pub data: D,
    /// What asked for it: the upload or the video URL requested.
    #[serde(default)]
    pub request: R,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The payload of `file.deleted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileDeleted {
    /// The deleted file's id.
    #[serde(deserialize_with = "non_empty_id")]
    pub file_id: String,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The payload of `file-version.deleted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileVersionDeleted {
    /// The file's id.
    #[serde(deserialize_with = "non_empty_id")]
    pub file_id: String,
    /// The deleted version's id.
    #[serde(deserialize_with = "non_empty_id")]
    pub version_id: String,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The payload of `folder.deleted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderDeleted {
    /// The deleted folder's id.
    #[serde(deserialize_with = "non_empty_id")]
    pub folder_id: String,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `request` of `upload.pre-transform.*`: the upload that asked for the pre-transformation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PreTransformRequest {
    /// The requested transformation, e.g. `rt-90`.
    #[serde(default)]
    pub transformation: String,
    /// The upload request's id.
    #[serde(default)]
    pub x_request_id: String,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `request` of `upload.post-transform.*`: the post-transformation the upload asked for.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PostTransformRequest {
    /// The requested post-transformation, as the upload gave it.
    #[serde(default)]
    pub transformation: Option<PostTransformation>,
    /// The upload request's id.
    #[serde(default)]
    pub x_request_id: String,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The payload of `upload.post-transform.success`: the post-transformation is ready.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostTransformSuccess {
    /// The uploaded file's id.
    #[serde(default)]
    pub file_id: String,
    /// The file name.
    #[serde(default)]
    pub name: String,
    /// The URL of the transformed version.
    #[serde(default)]
    pub url: String,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The payload of `upload.pre-transform.error` and `upload.post-transform.error`: the
/// transformation failed (the uploaded file stays).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadTransformFailure {
    /// The uploaded file's id (post-transformations).
    #[serde(default)]
    pub file_id: Option<String>,
    /// The file name.
    #[serde(default)]
    pub name: String,
    /// The file's path.
    #[serde(default)]
    pub path: String,
    /// The URL of the transformation that failed (post-transformations).
    #[serde(default)]
    pub url: Option<String>,
    /// Why it failed.
    pub transformation: FailedTransformation,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A transformation that failed: `{"error": {"reason": …}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailedTransformation {
    /// Why.
    pub error: TransformationError,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Why a transformation failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransformationError {
    /// The reason.
    pub reason: FailureReason,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

string_enum! {
    /// The reason a transformation failed.
    FailureReason {
        /// `encoding_failed`: encoding the result failed.
        EncodingFailed = "encoding_failed",
        /// `download_failed`: the source could not be downloaded (check the origin and the
        /// URL endpoint's settings).
        DownloadFailed = "download_failed",
        /// `internal_server_error`: an error on ImageKit's side.
        InternalServerError = "internal_server_error",
    }
}

/// The `request` of `video.transformation.*`: the video URL requested.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VideoRequest {
    /// The URL requested, with its transformation.
    #[serde(default)]
    pub url: String,
    /// The request's id.
    #[serde(default)]
    pub x_request_id: String,
    /// The requester's `User-Agent`.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The payload of `video.transformation.accepted`, `.ready` and `.error`: the source video
/// and the transformation (with its output when ready, its error when failed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoTransformationData {
    /// The source video.
    pub asset: VideoAsset,
    /// The transformation.
    pub transformation: VideoTransformation,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The source video of a video transformation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VideoAsset {
    /// Its URL.
    #[serde(default)]
    pub url: String,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

string_enum! {
    /// The kind of a video transformation.
    VideoTransformationType {
        /// `video-transformation`: resizing, format conversion and the like.
        VideoTransformation = "video-transformation",
        /// `gif-to-video`: an animated GIF as a video.
        GifToVideo = "gif-to-video",
        /// `video-thumbnail`: an image from the video.
        VideoThumbnail = "video-thumbnail",
    }
}

/// A video transformation: its kind and options, and its output (ready) or error (failed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoTransformation {
    /// Its kind.
    #[serde(rename = "type")]
    pub kind: VideoTransformationType,
    /// The options it was asked with.
    #[serde(default)]
    pub options: Option<VideoOptions>,
    /// The result (`video.transformation.ready`).
    #[serde(default)]
    pub output: Option<VideoOutput>,
    /// Why it failed (`video.transformation.error`).
    #[serde(default)]
    pub error: Option<TransformationError>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The options of a video transformation, as ImageKit read them from the URL.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VideoOptions {
    /// `aac` or `opus`.
    #[serde(default)]
    pub audio_codec: Option<String>,
    /// Whether the video is rotated by its metadata.
    #[serde(default)]
    pub auto_rotate: Option<bool>,
    /// The output format: `mp4`, `webm`, or `jpg`, `png`, `webp` for a thumbnail.
    #[serde(default)]
    pub format: Option<String>,
    /// The quality.
    #[serde(default)]
    pub quality: Option<f64>,
    /// `HLS` or `DASH` (adaptive bitrate streaming).
    #[serde(default)]
    pub stream_protocol: Option<String>,
    /// The representations of adaptive bitrate streaming.
    #[serde(default)]
    pub variants: Option<Vec<String>>,
    /// `h264`, `vp9` or `av1`.
    #[serde(default)]
    pub video_codec: Option<String>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The transformed video.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VideoOutput {
    /// Its URL.
    #[serde(default)]
    pub url: String,
    /// Its duration, size and bitrate.
    #[serde(default)]
    pub video_metadata: Option<VideoMetadata>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The duration, size and bitrate of a transformed video.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VideoMetadata {
    /// Duration in seconds.
    #[serde(default)]
    pub duration: Option<f64>,
    /// Width in pixels.
    #[serde(default)]
    pub width: Option<f64>,
    /// Height in pixels.
    #[serde(default)]
    pub height: Option<f64>,
    /// Bitrate in bits per second.
    #[serde(default)]
    pub bitrate: Option<f64>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How long a video transformation took.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VideoTimings {
    /// Downloading the source, in milliseconds.
    #[serde(default)]
    pub download_duration: Option<f64>,
    /// Encoding, in milliseconds.
    #[serde(default)]
    pub encoding_duration: Option<f64>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `video.transformation.ready`: the envelope, payload and request of the other video events,
/// and how long the transformation took.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct VideoReady {
    /// The event.
    #[serde(flatten)]
    pub event: Event<VideoTransformationData, VideoRequest>,
    /// How long it took.
    #[serde(default)]
    pub timings: Option<VideoTimings>,
}
