//! What the API's answers are made of: files, folders and listings, partial success (HTTP 207),
//! and string enums that keep values this SDK does not know yet.
//!
//! Uses: `operation` (JSON answers) and `error`.

use bytes::Bytes;
use http::{Response, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::operation::{parse_json, Answer};
use crate::error::Error;

/// An id the API answers with, which later calls need: an empty one is an unreadable answer
/// (a missing one already is, as the field has no default).
pub(crate) fn non_empty_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let id = String::deserialize(d)?;
    if id.is_empty() {
        return Err(serde::de::Error::custom("the id is empty"));
    }
    Ok(id)
}

/// A count the API describes as a `number` (sizes, dimensions, lengths): an integer, or a float
/// with no fraction (`3456.0`), as a `u64`; a fraction or a negative number is an unreadable
/// answer rather than a silently rounded one.
pub(crate) fn whole_number<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<u64>, D::Error> {
    let Some(n) = Option::<serde_json::Number>::deserialize(d)? else {
        return Ok(None);
    };
    if let Some(n) = n.as_u64() {
        return Ok(Some(n));
    }
    match n.as_f64() {
        // Below 2^64, so the cast is exact for a float with no fraction.
        Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 18_446_744_073_709_551_616.0 => {
            Ok(Some(f as u64))
        }
        _ => Err(serde::de::Error::custom(format!(
            "{n} is not a whole number of at least 0"
        ))),
    }
}

/// A string enum of the API: the known values as variants, any other as `Other`, so a value
/// ImageKit adds later never breaks decoding.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of the SDK does not know.
            Other(String),
        }

        impl $name {
            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok($name::from(text.as_ref()))
            }
        }
    };
}
pub(crate) use string_enum;

/// A secret string of the API (a key, a token, a password): serialized as it is, read with
/// `expose`, and shown by `Debug` as the given text only.
macro_rules! secret_string {
    ($(#[$meta:meta])* $name:ident, debug $shown:literal) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The secret `value`.
            pub fn new(value: impl Into<String>) -> Self {
                $name(value.into())
            }

            /// The secret itself.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                $name(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $name::new(value)
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str($shown)
            }
        }
    };
}
pub(crate) use secret_string;

string_enum! {
    /// Whether an asset is a file, a file version or a folder.
    AssetType {
        /// `file`
        File = "file",
        /// `file-version`
        FileVersion = "file-version",
        /// `folder`
        Folder = "folder",
    }
}

/// An AI-generated tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AiTag {
    /// The tag.
    pub name: String,
    /// The confidence score.
    #[serde(default)]
    pub confidence: Option<f64>,
    /// Which extension made it (`google-auto-tagging`, `aws-auto-tagging`).
    #[serde(default)]
    pub source: Option<String>,
}

/// A file version's id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    /// The version id.
    #[serde(default)]
    pub id: Option<String>,
    /// The version name.
    #[serde(default)]
    pub name: Option<String>,
}

/// A file or file version in the media library. Fields the API leaves out are `None`; fields
/// it adds later are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct File {
    /// The file id.
    #[serde(default)]
    pub file_id: String,
    /// `file` or `file-version`.
    #[serde(default, rename = "type")]
    pub asset_type: Option<AssetType>,
    /// The file name.
    #[serde(default)]
    pub name: String,
    /// The path to use in URLs, e.g. `/images/file.jpg`.
    #[serde(default)]
    pub file_path: String,
    /// Tags.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// AI-generated tags.
    #[serde(default, rename = "AITags")]
    pub ai_tags: Option<Vec<AiTag>>,
    /// The version.
    #[serde(default)]
    pub version_info: Option<VersionInfo>,
    /// Whether the file is private.
    #[serde(default)]
    pub is_private_file: Option<bool>,
    /// Whether the file is published.
    #[serde(default)]
    pub is_published: Option<bool>,
    /// Custom coordinates (`x,y,width,height`).
    #[serde(default)]
    pub custom_coordinates: Option<String>,
    /// The file's URL.
    #[serde(default)]
    pub url: Option<String>,
    /// The thumbnail's URL.
    #[serde(default)]
    pub thumbnail: Option<String>,
    /// `image` or `non-image`.
    #[serde(default)]
    pub file_type: Option<String>,
    /// The MIME type.
    #[serde(default)]
    pub mime: Option<String>,
    /// Width in pixels.
    #[serde(default, deserialize_with = "whole_number")]
    pub width: Option<u64>,
    /// Height in pixels.
    #[serde(default, deserialize_with = "whole_number")]
    pub height: Option<u64>,
    /// Size in bytes.
    #[serde(default, deserialize_with = "whole_number")]
    pub size: Option<u64>,
    /// Bit rate (video).
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
    /// Whether the image has an alpha channel.
    #[serde(default)]
    pub has_alpha: Option<bool>,
    /// Custom metadata values.
    #[serde(default)]
    pub custom_metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// Embedded (EXIF, IPTC, XMP) metadata.
    #[serde(default)]
    pub embedded_metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// The schema of selected custom metadata fields.
    #[serde(default)]
    pub selected_fields_schema: Option<serde_json::Map<String, serde_json::Value>>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
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

/// A folder in the media library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Folder {
    /// The folder id.
    #[serde(default)]
    pub folder_id: String,
    /// The folder name.
    #[serde(default)]
    pub name: String,
    /// The path, e.g. `/images/folder`.
    #[serde(default)]
    pub folder_path: String,
    /// Custom metadata values.
    #[serde(default)]
    pub custom_metadata: Option<serde_json::Map<String, serde_json::Value>>,
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

/// One entry of a listing: a file (or file version) or a folder, by its `type`.
// Almost every entry is a file: boxing it would add an allocation per entry to save space only
// on folders.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Asset {
    /// A file or file version.
    File(File),
    /// A folder.
    Folder(Folder),
}

impl<'de> Deserialize<'de> for Asset {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        let is_folder = value.get("type").and_then(|t| t.as_str()) == Some("folder");
        let asset = if is_folder {
            serde_json::from_value(value).map(Asset::Folder)
        } else {
            serde_json::from_value(value).map(Asset::File)
        };
        asset.map_err(serde::de::Error::custom)
    }
}

/// A file a bulk operation could not handle, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct FileFailure {
    /// The file id.
    #[serde(default)]
    pub file_id: Option<String>,
    /// Why it failed.
    #[serde(default)]
    pub error: Option<String>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A success, or a partial success (HTTP 207) with what failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<T, P = T> {
    /// Everything succeeded.
    Complete(T),
    /// Some of it failed (HTTP 207); the value says what.
    Partial(P),
}

impl<T, P> Outcome<T, P> {
    /// True for a partial success.
    pub fn is_partial(&self) -> bool {
        matches!(self, Outcome::Partial(_))
    }
}

/// An [`Endpoint`](super::Endpoint)'s answer that may be a partial success: a success answer
/// read as `T`, a 207 as `P`, anything else as an [`Error`].
impl<T: DeserializeOwned, P: DeserializeOwned> Answer for Outcome<T, P> {
    type Output = Self;

    fn read(response: Response<Bytes>) -> Result<Self, Error> {
        if response.status() == StatusCode::MULTI_STATUS {
            let partial = serde_json::from_slice(response.body())
                .map_err(|e| Error::decode(&response, &e))?;
            return Ok(Outcome::Partial(partial));
        }
        parse_json(response).map(Outcome::Complete)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_enum_values_are_kept() {
        let t: AssetType = serde_json::from_str(r#""file-version""#).unwrap();
        assert_eq!(t, AssetType::FileVersion);
        let t: AssetType = serde_json::from_str(r#""hologram""#).unwrap();
        assert_eq!(t, AssetType::Other("hologram".into()));
        assert_eq!(serde_json::to_string(&t).unwrap(), r#""hologram""#);
    }

    #[test]
    fn a_listing_holds_files_and_folders_and_keeps_unknown_fields() {
        let list: Vec<Asset> = serde_json::from_str(
            r#"[{"type": "file", "fileId": "f1", "name": "a.jpg", "filePath": "/a.jpg", "AITags": null, "newField": 1},
                {"type": "folder", "folderId": "d1", "name": "x", "folderPath": "/x"}]"#,
        )
        .unwrap();
        let Asset::File(file) = &list[0] else {
            panic!("{list:?}")
        };
        assert_eq!(file.file_id, "f1");
        assert_eq!(file.ai_tags, None);
        assert_eq!(file.extra["newField"], 1);
        assert!(matches!(&list[1], Asset::Folder(f) if f.folder_path == "/x"));
    }

    #[test]
    fn a_207_is_a_partial_outcome() {
        let answer = |status| {
            Response::builder()
                .status(status)
                .body(Bytes::from_static(br#"{"n": 1}"#))
                .unwrap()
        };
        let full = Outcome::<serde_json::Value>::read(answer(200)).unwrap();
        assert!(!full.is_partial());
        let partial = Outcome::<serde_json::Value>::read(answer(207)).unwrap();
        assert!(partial.is_partial());
        assert!(Outcome::<serde_json::Value>::read(answer(400)).is_err());
    }
}
