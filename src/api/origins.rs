//! Origins (beta): where ImageKit fetches the files that are not in the media library — S3
//! and S3-compatible buckets, Cloudinary backups, web folders, a web proxy, Google Cloud
//! Storage, Azure Blob Storage and Akeneo PIM.
//!
//! An origin is one [`OriginRequest`] / [`Origin`] whatever its [`OriginType`]: the fields
//! every type has are typed, the type's own fields (`bucket`, `accessKey`, `baseUrl`, …) are a
//! map, which the constructors ([`OriginRequest::s3`], [`OriginRequest::web_folder`], …) fill.
//! The secrets of a request never show in its `Debug` output.
//!
//! The operations are the generic ones of [`crud`](super::crud).
//!
//! ```
//! use imagekit::api::origins::{CreateOrigin, OriginRequest};
//! use imagekit::api::Operation;
//!
//! let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo")?.with_private_key("private_key");
//! let create = CreateOrigin::new(
//!     OriginRequest::s3("Product images", "product-images", "AKIAEXAMPLE", "wJalrEXAMPLEKEY")
//!         .prefix("raw-assets"),
//! );
//! // `ik.create_origin(&create).await?` sends it; the request it makes:
//! let request = create.request(ik.api())?;
//! assert_eq!(request.method(), "POST");
//! assert_eq!(request.uri(), "https://api.imagekit.io/v1/accounts/origins");
//! assert!(!format!("{create:?}").contains("wJalrEXAMPLEKEY"));
//! # Ok::<(), imagekit::Error>(())
//! ```

use core::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::string_enum;

// ---------------------------------------------------------------------------------------------
// Origins.

string_enum! {
    /// The kind of an origin.
    OriginType {
        /// `S3`: an Amazon S3 bucket.
        S3 = "S3",
        /// `S3_COMPATIBLE`: a bucket of an S3-compatible store (Wasabi, MinIO, …).
        S3Compatible = "S3_COMPATIBLE",
        /// `CLOUDINARY_BACKUP`: the S3 bucket of a Cloudinary backup.
        CloudinaryBackup = "CLOUDINARY_BACKUP",
        /// `WEB_FOLDER`: a web server, files under a base URL.
        WebFolder = "WEB_FOLDER",
        /// `WEB_PROXY`: any public URL.
        WebProxy = "WEB_PROXY",
        /// `GCS`: a Google Cloud Storage bucket.
        Gcs = "GCS",
        /// `AZURE_BLOB`: an Azure Blob Storage container.
        AzureBlob = "AZURE_BLOB",
        /// `AKENEO_PIM`: an Akeneo PIM instance.
        AkeneoPim = "AKENEO_PIM",
    }
}

/// An origin as the API returns it (secrets left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Origin {
    /// The origin id.
    #[serde(default)]
    pub id: String,
    /// Its kind.
    #[serde(rename = "type")]
    pub origin_type: OriginType,
    /// Its display name.
    #[serde(default)]
    pub name: String,
    /// Whether a `Link: <…>; rel="canonical"` header is sent with the files it serves.
    #[serde(default)]
    pub include_canonical_header: bool,
    /// The base URL of that canonical header.
    #[serde(default)]
    pub base_url_for_canonical_header: Option<String>,
    /// The fields of its type (`bucket`, `prefix`, `useIAMRole`, `endpoint`,
    /// `s3ForcePathStyle`, `baseUrl`, `forwardHostHeaderToOrigin`, `clientEmail`, `container`,
    /// `accountName`, …) and any field this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An origin to create, or to replace one with: the fields every type has, and the type's own
/// in [`settings`](Self::settings). The constructors take each type's required fields.
///
/// `Debug` shows the values of the known non-secret settings only (`accessKey`, `secretKey`,
/// `privateKey`, `sasToken`, `clientSecret`, `password` and any unknown setting are redacted).
///
/// ```
/// use imagekit::api::origins::OriginRequest;
/// let request = OriginRequest::akeneo_pim(
///     "PIM", "https://akeneo.example.com", "client", "client-secret", "user", "hunter2",
/// );
/// let shown = format!("{request:?}");
/// assert!(shown.contains("\"username\": String(\"user\")"));
/// assert!(!shown.contains("hunter2") && !shown.contains("client-secret"));
/// ```
#[derive(Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OriginRequest {
    /// Its display name (letters, digits and spaces; 1 to 100 characters).
    pub name: String,
    /// Its kind.
    #[serde(rename = "type")]
    pub origin_type: OriginType,
    /// Whether to send a `Link: <…>; rel="canonical"` header with the files it serves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_canonical_header: Option<bool>,
    /// The base URL of that canonical header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url_for_canonical_header: Option<String>,
    /// The fields of its type, by their API names (`bucket`, `accessKey`, `baseUrl`, …).
    #[serde(flatten)]
    pub settings: Map<String, Value>,
}

/// The settings whose values `Debug` shows; every other one may be a secret.
const SHOWN_SETTINGS: &[&str] = &[
    "bucket",
    "prefix",
    "useIAMRole",
    "endpoint",
    "s3ForcePathStyle",
    "baseUrl",
    "forwardHostHeaderToOrigin",
    "clientEmail",
    "container",
    "accountName",
    "clientId",
    "username",
];

impl fmt::Debug for OriginRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Settings<'a>(&'a Map<String, Value>);
        impl fmt::Debug for Settings<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(name, value)| {
                        let shown: &dyn fmt::Debug = if SHOWN_SETTINGS.contains(&name.as_str()) {
                            value
                        } else {
                            &"<redacted>"
                        };
                        (name, shown)
                    }))
                    .finish()
            }
        }
        f.debug_struct("OriginRequest")
            .field("name", &self.name)
            .field("origin_type", &self.origin_type)
            .field("include_canonical_header", &self.include_canonical_header)
            .field(
                "base_url_for_canonical_header",
                &self.base_url_for_canonical_header,
            )
            .field("settings", &Settings(&self.settings))
            .finish()
    }
}

impl OriginRequest {
    /// An origin of `origin_type` named `name`, with no settings yet (add them with
    /// [`set`](Self::set)).
    pub fn new(origin_type: OriginType, name: impl Into<String>) -> Self {
        OriginRequest {
            name: name.into(),
            origin_type,
            include_canonical_header: None,
            base_url_for_canonical_header: None,
            settings: Map::new(),
        }
    }

    /// An Amazon S3 bucket. To authenticate with an IAM role instead of keys, pass empty keys
    /// and `.set("useIAMRole", true)`.
    pub fn s3(
        name: impl Into<String>,
        bucket: impl Into<String>,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        OriginRequest::new(OriginType::S3, name).with_keys(bucket, access_key, secret_key)
    }

    /// A bucket of an S3-compatible store at `endpoint` (path-style URLs with
    /// `.set("s3ForcePathStyle", true)`).
    pub fn s3_compatible(
        name: impl Into<String>,
        bucket: impl Into<String>,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
        endpoint: impl Into<String>,
    ) -> Self {
        OriginRequest::new(OriginType::S3Compatible, name)
            .with_keys(bucket, access_key, secret_key)
            .set("endpoint", endpoint.into())
    }

    /// The S3 bucket of a Cloudinary backup.
    pub fn cloudinary_backup(
        name: impl Into<String>,
        bucket: impl Into<String>,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        OriginRequest::new(OriginType::CloudinaryBackup, name)
            .with_keys(bucket, access_key, secret_key)
    }

    /// A web server serving the files under `base_url` (the `Host` header forwarded with
    /// `.set("forwardHostHeaderToOrigin", true)`).
    pub fn web_folder(name: impl Into<String>, base_url: impl Into<String>) -> Self {
        OriginRequest::new(OriginType::WebFolder, name).set("baseUrl", base_url.into())
    }

    /// A proxy to any public URL.
    pub fn web_proxy(name: impl Into<String>) -> Self {
        OriginRequest::new(OriginType::WebProxy, name)
    }

    /// A Google Cloud Storage bucket, read with a service account's email and private key.
    pub fn gcs(
        name: impl Into<String>,
        bucket: impl Into<String>,
        client_email: impl Into<String>,
        private_key: impl Into<String>,
    ) -> Self {
        OriginRequest::new(OriginType::Gcs, name)
            .set("bucket", bucket.into())
            .set("clientEmail", client_email.into())
            .set("privateKey", private_key.into())
    }

    /// An Azure Blob Storage container, read with a SAS token.
    pub fn azure_blob(
        name: impl Into<String>,
        container: impl Into<String>,
        account_name: impl Into<String>,
        sas_token: impl Into<String>,
    ) -> Self {
        OriginRequest::new(OriginType::AzureBlob, name)
            .set("container", container.into())
            .set("accountName", account_name.into())
            .set("sasToken", sas_token.into())
    }

    /// An Akeneo PIM instance at `base_url`, read with an API client and user.
    pub fn akeneo_pim(
        name: impl Into<String>,
        base_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        OriginRequest::new(OriginType::AkeneoPim, name)
            .set("baseUrl", base_url.into())
            .set("clientId", client_id.into())
            .set("clientSecret", client_secret.into())
            .set("username", username.into())
            .set("password", password.into())
    }

    fn with_keys(
        self,
        bucket: impl Into<String>,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        self.set("bucket", bucket.into())
            .set("accessKey", access_key.into())
            .set("secretKey", secret_key.into())
    }

    /// Sets the setting `name` (its API name, e.g. `useIAMRole`) to `value`.
    pub fn set(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.settings.insert(name.to_string(), value.into());
        self
    }

    /// The path prefix inside the bucket or container (S3, S3-compatible, Cloudinary backup,
    /// GCS, Azure Blob).
    pub fn prefix(self, prefix: impl Into<String>) -> Self {
        self.set("prefix", prefix.into())
    }

    /// Whether to send a canonical header, and with which base URL (`None`: the default).
    pub fn canonical_header(mut self, include: bool, base_url: Option<String>) -> Self {
        self.include_canonical_header = Some(include);
        self.base_url_for_canonical_header = base_url;
        self
    }
}

super::crud::crud_resource!(
    Origin, "origin", "/v1/accounts/origins",
    create: OriginRequest, update: OriginRequest, PUT;
    ListOrigins, CreateOrigin, GetOrigin, UpdateOrigin, DeleteOrigin;
    list_origins, create_origin, get_origin, update_origin, delete_origin
);

super::crud::body_constructors!(Origin);
