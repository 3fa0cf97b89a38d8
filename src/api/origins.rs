//! Origins (beta): where ImageKit fetches the files that are not in the media library — S3
//! and S3-compatible buckets, Cloudinary backups, web folders, a web proxy, Google Cloud
//! Storage, Azure Blob Storage and Akeneo PIM.
//!
//! An origin is one [`OriginRequest`] / [`Origin`] whatever its type: the fields every type
//! has, and the type's own as [`OriginSettings`], a variant per type ImageKit documents with
//! its settings typed ([`S3Settings`], [`WebFolderSettings`], …) and
//! [`OriginSettings::Other`] for a type this SDK does not know yet. The secrets of a request
//! (access keys, private keys, tokens, passwords) are [`Secret`]s, sent as they are and never
//! shown by `Debug`; ImageKit leaves them out of its answers.
//!
//! The operations are the generic ones of [`crud`](super::crud).
//!
//! ```
//! use imagekit::api::origins::{CreateOrigin, OriginRequest, OriginSettings, S3Settings};
//! use imagekit::api::Operation;
//!
//! let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo")?.with_private_key("private_key");
//! let bucket = S3Settings {
//!     prefix: Some("raw-assets".into()),
//!     ..S3Settings::new("product-images", "AKIAEXAMPLE", "wJalrEXAMPLEKEY")
//! };
//! let create = CreateOrigin::new(OriginRequest::new("Product images", OriginSettings::S3(bucket)));
//! // `ik.create_origin(&create).await?` sends it; the request it makes:
//! let request = create.request(ik.api())?;
//! assert_eq!(request.method(), "POST");
//! assert_eq!(request.uri(), "https://api.imagekit.io/v1/accounts/origins");
//! assert!(!format!("{create:?}").contains("wJalrEXAMPLEKEY"));
//! # Ok::<(), imagekit::Error>(())
//! ```

use core::fmt;
use core::ops::{Deref, DerefMut};

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use super::secret_string;
use super::tagged::tagged_enum;

secret_string! {
    /// A secret setting (an access key, a private key, a token, a password): serialized as it
    /// is, shown by `Debug` as `<redacted>`.
    ///
    /// ```
    /// use imagekit::api::origins::Secret;
    /// let key = Secret::from("wJalrEXAMPLEKEY");
    /// assert_eq!(format!("{key:?}"), "<redacted>");
    /// assert_eq!(key.expose(), "wJalrEXAMPLEKEY");
    /// ```
    Secret, debug "<redacted>"
}

/// Settings this version of the SDK does not know, by their API names. Any of them may be a
/// secret, so `Debug` shows their names only.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OtherSettings(pub Map<String, Value>);

impl From<Map<String, Value>> for OtherSettings {
    fn from(settings: Map<String, Value>) -> Self {
        OtherSettings(settings)
    }
}

impl Deref for OtherSettings {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for OtherSettings {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl fmt::Debug for OtherSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.keys().map(|name| (name, Secret(String::new()))))
            .finish()
    }
}

tagged_enum! {
    /// An origin's type and the settings of that type (on the wire: `type` beside them).
    OriginSettings, tag "type" as origin_type, other fields OtherSettings {
        /// `S3`: an Amazon S3 bucket.
        S3(S3Settings) = "S3",
        /// `S3_COMPATIBLE`: a bucket of an S3-compatible store (Wasabi, MinIO, …).
        S3Compatible(S3CompatibleSettings) = "S3_COMPATIBLE",
        /// `CLOUDINARY_BACKUP`: the S3 bucket of a Cloudinary backup.
        CloudinaryBackup(S3Settings) = "CLOUDINARY_BACKUP",
        /// `WEB_FOLDER`: a web server, files under a base URL.
        WebFolder(WebFolderSettings) = "WEB_FOLDER",
        /// `WEB_PROXY`: any public URL.
        WebProxy(WebProxySettings) = "WEB_PROXY",
        /// `GCS`: a Google Cloud Storage bucket.
        Gcs(GcsSettings) = "GCS",
        /// `AZURE_BLOB`: an Azure Blob Storage container.
        AzureBlob(AzureBlobSettings) = "AZURE_BLOB",
        /// `AKENEO_PIM`: an Akeneo PIM instance.
        AkeneoPim(AkeneoPimSettings) = "AKENEO_PIM",
    }
}

/// An Amazon S3 bucket (`S3`) or a Cloudinary backup's bucket (`CLOUDINARY_BACKUP`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct S3Settings {
    /// The bucket's name.
    pub bucket: String,
    /// The path prefix inside the bucket (none: the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Whether ImageKit authenticates with an IAM role instead of keys.
    #[serde(
        default,
        rename = "useIAMRole",
        skip_serializing_if = "Option::is_none"
    )]
    pub use_iam_role: Option<bool>,
    /// The access key (requests only; empty with an IAM role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key: Option<Secret>,
    /// The secret key (requests only; empty with an IAM role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<Secret>,
    /// Settings this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: OtherSettings,
}

impl S3Settings {
    /// `bucket`, read with `access_key` and `secret_key`.
    pub fn new(
        bucket: impl Into<String>,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        S3Settings {
            bucket: bucket.into(),
            prefix: None,
            use_iam_role: None,
            access_key: Some(Secret::new(access_key)),
            secret_key: Some(Secret::new(secret_key)),
            extra: OtherSettings::default(),
        }
    }

    /// `bucket`, read with an IAM role (the keys sent empty, as the API asks).
    pub fn iam_role(bucket: impl Into<String>) -> Self {
        S3Settings {
            use_iam_role: Some(true),
            ..S3Settings::new(bucket, "", "")
        }
    }
}

/// A bucket of an S3-compatible store (`S3_COMPATIBLE`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct S3CompatibleSettings {
    /// The bucket's name.
    pub bucket: String,
    /// The path prefix inside the bucket (none: the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// The access key (requests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key: Option<Secret>,
    /// The secret key (requests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<Secret>,
    /// The store's endpoint, e.g. `https://s3.eu-central-1.wasabisys.com`.
    pub endpoint: String,
    /// Whether to use path-style URLs (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_force_path_style: Option<bool>,
    /// Settings this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: OtherSettings,
}

impl S3CompatibleSettings {
    /// `bucket` of the store at `endpoint`, read with `access_key` and `secret_key`.
    pub fn new(
        bucket: impl Into<String>,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
        endpoint: impl Into<String>,
    ) -> Self {
        S3CompatibleSettings {
            bucket: bucket.into(),
            prefix: None,
            access_key: Some(Secret::new(access_key)),
            secret_key: Some(Secret::new(secret_key)),
            endpoint: endpoint.into(),
            s3_force_path_style: None,
            extra: OtherSettings::default(),
        }
    }
}

/// A web server serving the files under a base URL (`WEB_FOLDER`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebFolderSettings {
    /// The root URL of the files.
    pub base_url: String,
    /// Whether the `Host` header is forwarded to the server (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forward_host_header_to_origin: Option<bool>,
    /// Settings this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: OtherSettings,
}

impl WebFolderSettings {
    /// The files under `base_url`.
    pub fn new(base_url: impl Into<String>) -> Self {
        WebFolderSettings {
            base_url: base_url.into(),
            forward_host_header_to_origin: None,
            extra: OtherSettings::default(),
        }
    }
}

/// A proxy to any public URL (`WEB_PROXY`): it has no settings of its own.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WebProxySettings {
    /// Settings this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: OtherSettings,
}

/// A Google Cloud Storage bucket, read with a service account (`GCS`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GcsSettings {
    /// The bucket's name.
    pub bucket: String,
    /// The path prefix inside the bucket (none: the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// The service account's email.
    pub client_email: String,
    /// The service account's private key (requests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<Secret>,
    /// Settings this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: OtherSettings,
}

impl GcsSettings {
    /// `bucket`, read as the service account `client_email` with `private_key`.
    pub fn new(
        bucket: impl Into<String>,
        client_email: impl Into<String>,
        private_key: impl Into<String>,
    ) -> Self {
        GcsSettings {
            bucket: bucket.into(),
            prefix: None,
            client_email: client_email.into(),
            private_key: Some(Secret::new(private_key)),
            extra: OtherSettings::default(),
        }
    }
}

/// An Azure Blob Storage container, read with a SAS token (`AZURE_BLOB`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AzureBlobSettings {
    /// The container's name.
    pub container: String,
    /// The path prefix inside the container (none: the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// The storage account's name.
    pub account_name: String,
    /// The SAS token (requests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sas_token: Option<Secret>,
    /// Settings this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: OtherSettings,
}

impl AzureBlobSettings {
    /// `container` of the account `account_name`, read with `sas_token`.
    pub fn new(
        container: impl Into<String>,
        account_name: impl Into<String>,
        sas_token: impl Into<String>,
    ) -> Self {
        AzureBlobSettings {
            container: container.into(),
            prefix: None,
            account_name: account_name.into(),
            sas_token: Some(Secret::new(sas_token)),
            extra: OtherSettings::default(),
        }
    }
}

/// An Akeneo PIM instance, read with an API client and user (`AKENEO_PIM`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AkeneoPimSettings {
    /// The instance's base URL.
    pub base_url: String,
    /// The API client's id (requests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The API client's secret (requests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
    /// The API user's name (requests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The API user's password (requests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// Settings this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: OtherSettings,
}

impl AkeneoPimSettings {
    /// The instance at `base_url`, read with the API client `client_id` / `client_secret` as
    /// the user `username` / `password`.
    pub fn new(
        base_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        AkeneoPimSettings {
            base_url: base_url.into(),
            client_id: Some(client_id.into()),
            client_secret: Some(Secret::new(client_secret)),
            username: Some(username.into()),
            password: Some(Secret::new(password)),
            extra: OtherSettings::default(),
        }
    }
}

/// An origin as the API returns it (secrets left out). A field this version of the SDK does
/// not know is kept in its settings' `extra` (or `fields`), and written back.
///
/// ```
/// use imagekit::api::origins::{Origin, OriginSettings};
/// use serde_json::json;
///
/// let answer = json!({"id": "o1", "type": "WEB_FOLDER", "name": "Assets", "includeCanonicalHeader": false,
///     "baseUrl": "https://images.example.com/assets", "forwardHostHeaderToOrigin": true});
/// let origin: Origin = serde_json::from_value(answer.clone())?;
/// assert_eq!(origin.settings.origin_type(), "WEB_FOLDER");
/// let OriginSettings::WebFolder(folder) = &origin.settings else { unreachable!() };
/// assert_eq!(folder.base_url, "https://images.example.com/assets");
/// assert_eq!(serde_json::to_value(&origin)?, answer);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Origin {
    /// The origin id.
    #[serde(default)]
    pub id: String,
    /// Its display name.
    #[serde(default)]
    pub name: String,
    /// Whether a `Link: <…>; rel="canonical"` header is sent with the files it serves.
    #[serde(default)]
    pub include_canonical_header: bool,
    /// The base URL of that canonical header.
    #[serde(default)]
    pub base_url_for_canonical_header: Option<String>,
    /// Its type and the settings of that type.
    #[serde(flatten)]
    pub settings: OriginSettings,
}

impl Serialize for Origin {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        write_origin(
            &mut map,
            &self.name,
            Some(self.include_canonical_header),
            &self.base_url_for_canonical_header,
            &self.settings,
        )?;
        map.end()
    }
}

/// An origin to create, or to replace one with: the fields every type has, and its type with
/// that type's settings.
///
/// `Debug` shows no secret: a [`Secret`] shows as `<redacted>`, and a setting this SDK does
/// not know by its name only.
///
/// ```
/// use imagekit::api::origins::{AkeneoPimSettings, OriginRequest, OriginSettings};
/// let request = OriginRequest::new(
///     "PIM",
///     OriginSettings::AkeneoPim(AkeneoPimSettings::new(
///         "https://akeneo.example.com", "client", "client-secret", "user", "hunter2",
///     )),
/// );
/// let shown = format!("{request:?}");
/// assert!(shown.contains("username: Some(\"user\")"));
/// assert!(!shown.contains("hunter2") && !shown.contains("client-secret"));
/// let sent = serde_json::to_value(&request)?;
/// assert_eq!(sent["type"], "AKENEO_PIM");
/// assert_eq!(sent["password"], "hunter2");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OriginRequest {
    /// Its display name (letters, digits and spaces; 1 to 100 characters).
    pub name: String,
    /// Whether to send a `Link: <…>; rel="canonical"` header with the files it serves.
    pub include_canonical_header: Option<bool>,
    /// The base URL of that canonical header.
    pub base_url_for_canonical_header: Option<String>,
    /// Its type and the settings of that type.
    pub settings: OriginSettings,
}

impl OriginRequest {
    /// An origin named `name` with `settings`.
    pub fn new(name: impl Into<String>, settings: OriginSettings) -> Self {
        OriginRequest {
            name: name.into(),
            include_canonical_header: None,
            base_url_for_canonical_header: None,
            settings,
        }
    }

    /// Whether to send a canonical header, and with which base URL (`None`: the default).
    pub fn canonical_header(mut self, include: bool, base_url: Option<String>) -> Self {
        self.include_canonical_header = Some(include);
        self.base_url_for_canonical_header = base_url;
        self
    }
}

impl Serialize for OriginRequest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        write_origin(
            &mut map,
            &self.name,
            self.include_canonical_header,
            &self.base_url_for_canonical_header,
            &self.settings,
        )?;
        map.end()
    }
}

/// Writes an origin's fields but its id, as the API orders them: `type`, `name`, the
/// canonical header's fields (those given), then the type's settings.
fn write_origin<M: SerializeMap>(
    map: &mut M,
    name: &str,
    include_canonical_header: Option<bool>,
    base_url_for_canonical_header: &Option<String>,
    settings: &OriginSettings,
) -> Result<(), M::Error> {
    map.serialize_entry("type", settings.origin_type())?;
    map.serialize_entry("name", name)?;
    if let Some(include) = include_canonical_header {
        map.serialize_entry("includeCanonicalHeader", &include)?;
    }
    if let Some(base_url) = base_url_for_canonical_header {
        map.serialize_entry("baseUrlForCanonicalHeader", base_url)?;
    }
    settings.serialize_fields(map)
}

super::crud::crud_resource!(
    Origin, "origin", "/v1/accounts/origins",
    create: OriginRequest, update: OriginRequest, PUT;
    ListOrigins, CreateOrigin, GetOrigin, UpdateOrigin, DeleteOrigin
);

super::crud::body_constructors!(Origin);
