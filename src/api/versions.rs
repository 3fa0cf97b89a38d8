//! File versions: list the versions of a file, read one, delete a non-current one, and restore
//! one as the current version.
//!
//! ```no_run
//! use imagekit::api::versions::{ListFileVersions, RestoreFileVersion};
//!
//! # async fn run() -> Result<(), imagekit::Error> {
//! let ik = imagekit::ImageKit::new("https://ik.imagekit.io/your_imagekit_id")?
//!     .with_private_key("private_key_...");
//! let versions = ik.list_file_versions(&ListFileVersions::new("598821f949c0a938d57563bd")).await?;
//! for version in &versions {
//!     println!("{:?} {}", version.version_info, version.url.as_deref().unwrap_or(""));
//! }
//! let current = ik
//!     .restore_file_version(&RestoreFileVersion::new("598821f949c0a938d57563bd", "598821f949c0a938d57563be"))
//!     .await?;
//! assert_eq!(current.file_id, "598821f949c0a938d57563bd");
//! # Ok(())
//! # }
//! ```

use http::Method;

use super::File;
use super::{segment, Empty, Endpoint, Json};
use crate::error::Error;

/// `/v1/files/{fileId}/versions`, then `/{versionId}` when there is one, then `suffix`; each id
/// encoded as one path segment, an empty one refused.
fn versions_path(file_id: &str, version_id: Option<&str>, suffix: &str) -> Result<String, Error> {
    let mut path = format!("/v1/files/{}/versions", segment(file_id)?);
    if let Some(version_id) = version_id {
        path.push('/');
        path.push_str(&segment(version_id)?);
    }
    path.push_str(suffix);
    Ok(path)
}

/// `GET /v1/files/{fileId}/versions`: every version of a file, the current one included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFileVersions {
    /// The file id.
    pub file_id: String,
}

impl ListFileVersions {
    /// The versions of file `file_id`.
    pub fn new(file_id: impl Into<String>) -> Self {
        ListFileVersions {
            file_id: file_id.into(),
        }
    }
}

impl Endpoint for ListFileVersions {
    const METHOD: Method = Method::GET;
    type Answer = Json<Vec<File>>;

    fn path(&self) -> Result<String, Error> {
        versions_path(&self.file_id, None, "")
    }
}

/// Declares a parameters type naming one version of one file, and its constructor.
macro_rules! version_params {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            /// The file id.
            pub file_id: String,
            /// The version id.
            pub version_id: String,
        }

        impl $name {
            /// Version `version_id` of file `file_id`.
            pub fn new(file_id: impl Into<String>, version_id: impl Into<String>) -> Self {
                $name {
                    file_id: file_id.into(),
                    version_id: version_id.into(),
                }
            }

            /// The version's path followed by `suffix`.
            fn version_path(&self, suffix: &str) -> Result<String, Error> {
                versions_path(&self.file_id, Some(&self.version_id), suffix)
            }
        }
    };
}

version_params! {
    /// `GET /v1/files/{fileId}/versions/{versionId}`: the details of one version of a file.
    GetFileVersion
}

version_params! {
    /// `DELETE /v1/files/{fileId}/versions/{versionId}`: deletes a non-current version for good
    /// (to delete every version, delete the file).
    DeleteFileVersion
}

version_params! {
    /// `PUT /v1/files/{fileId}/versions/{versionId}/restore`: makes a version the current one.
    RestoreFileVersion
}

impl Endpoint for GetFileVersion {
    const METHOD: Method = Method::GET;
    type Answer = Json<File>;

    fn path(&self) -> Result<String, Error> {
        self.version_path("")
    }
}

impl Endpoint for DeleteFileVersion {
    const METHOD: Method = Method::DELETE;
    type Answer = Empty;

    fn path(&self) -> Result<String, Error> {
        self.version_path("")
    }
}

impl Endpoint for RestoreFileVersion {
    const METHOD: Method = Method::PUT;
    type Answer = Json<File>;

    fn path(&self) -> Result<String, Error> {
        self.version_path("/restore")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_encode_each_id_and_refuse_empty_ones() {
        assert_eq!(
            versions_path("a b", Some("v/1"), "/restore").unwrap(),
            "/v1/files/a%20b/versions/v%2F1/restore"
        );
        assert_eq!(
            versions_path("f", None, "").unwrap(),
            "/v1/files/f/versions"
        );
        assert!(versions_path("", None, "").is_err());
        assert!(versions_path("f", Some(""), "").is_err());
    }
}
