//! File metadata: dimensions, size, format, pHash, EXIF and, for videos, codecs and duration,
//! of a file in the media library or of any URL served through your ImageKit account.
//!
//! ```no_run
//! use imagekit::api::metadata::{GetFileMetadata, GetRemoteFileUrlMetadata};
//!
//! # async fn run() -> Result<(), imagekit::Error> {
//! let ik = imagekit::ImageKit::new("https://ik.imagekit.io/your_imagekit_id")?
//!     .with_private_key("private_key_...");
//! let a = ik.get_file_metadata(&GetFileMetadata::new("598821f949c0a938d57563bd")).await?;
//! let b = ik
//!     .get_remote_file_url_metadata(&GetRemoteFileUrlMetadata::new(
//!         "https://ik.imagekit.io/your_imagekit_id/default-image.jpg",
//!     ))
//!     .await?;
//! if let (Some(a), Some(b)) = (&a.p_hash, &b.p_hash) {
//!     println!("distance {}", imagekit::phash_distance(a, b)?);
//! }
//! # Ok(())
//! # }
//! ```

use http::Method;
use serde::{Deserialize, Serialize};

use super::{segment, Endpoint, Json, Query};
use crate::error::Error;

/// The metadata of an image or a video. Fields the API leaves out are `None`; fields it adds
/// later are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// Height in pixels.
    #[serde(default)]
    pub height: Option<i64>,
    /// Width in pixels.
    #[serde(default)]
    pub width: Option<i64>,
    /// Size in bytes.
    #[serde(default)]
    pub size: Option<i64>,
    /// The format (`jpg`, `mp4`…).
    #[serde(default)]
    pub format: Option<String>,
    /// Whether the image has a color profile.
    #[serde(default)]
    pub has_color_profile: Option<bool>,
    /// The quality indicator of the image.
    #[serde(default)]
    pub quality: Option<i64>,
    /// The density in DPI.
    #[serde(default)]
    pub density: Option<i64>,
    /// Whether the image has transparent areas.
    #[serde(default)]
    pub has_transparency: Option<bool>,
    /// The perceptual hash (16 hex digits), for
    /// [`phash_distance`](crate::phash_distance).
    #[serde(default)]
    pub p_hash: Option<String>,
    /// Bit rate in kbps (video).
    #[serde(default)]
    pub bit_rate: Option<i64>,
    /// Duration in seconds (video).
    #[serde(default)]
    pub duration: Option<i64>,
    /// Audio codec (video).
    #[serde(default)]
    pub audio_codec: Option<String>,
    /// Video codec (video).
    #[serde(default)]
    pub video_codec: Option<String>,
    /// EXIF data.
    #[serde(default)]
    pub exif: Option<Exif>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// An image's EXIF data by section. Each section maps EXIF tag names (`Make`, `FNumber`,
/// `GPSLatitude`…) to their values as the API writes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Exif {
    /// IFD0: camera make and model, orientation, resolution, software…
    #[serde(default)]
    pub image: Option<serde_json::Map<String, serde_json::Value>>,
    /// IFD1: the embedded thumbnail's compression, resolution, offset and length.
    #[serde(default)]
    pub thumbnail: Option<serde_json::Map<String, serde_json::Value>>,
    /// The EXIF sub-IFD: exposure, aperture, ISO, dates, focal length…
    #[serde(default)]
    pub exif: Option<serde_json::Map<String, serde_json::Value>>,
    /// GPS position and time.
    #[serde(default)]
    pub gps: Option<serde_json::Map<String, serde_json::Value>>,
    /// Interoperability index and version.
    #[serde(default)]
    pub interoperability: Option<serde_json::Map<String, serde_json::Value>>,
    /// The maker's own notes.
    #[serde(default)]
    pub makernote: Option<serde_json::Map<String, serde_json::Value>>,
    /// Sections this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `GET /v1/files/{fileId}/metadata`: the metadata of a file in the media library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetFileMetadata {
    /// The file id.
    pub file_id: String,
}

impl GetFileMetadata {
    /// The metadata of file `file_id`.
    pub fn new(file_id: impl Into<String>) -> Self {
        GetFileMetadata {
            file_id: file_id.into(),
        }
    }
}

impl Endpoint for GetFileMetadata {
    const METHOD: Method = Method::GET;
    type Answer = Json<Metadata>;

    fn path(&self) -> Result<String, Error> {
        Ok(format!("/v1/files/{}/metadata", segment(&self.file_id)?))
    }
}

/// `GET /v1/metadata?url=`: the metadata of a file at a URL your ImageKit account serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetRemoteFileUrlMetadata {
    /// The file's full URL.
    pub url: String,
}

impl GetRemoteFileUrlMetadata {
    /// The metadata of the file at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        GetRemoteFileUrlMetadata { url: url.into() }
    }
}

impl Endpoint for GetRemoteFileUrlMetadata {
    const METHOD: Method = Method::GET;
    type Answer = Json<Metadata>;

    fn path(&self) -> Result<String, Error> {
        Ok(Query::new("/v1/metadata")
            .opt("url", Some(&self.url))
            .finish())
    }
}
