//! Origins (beta): where ImageKit fetches the files that are not in the media library — S3
//! and S3-compatible buckets, Cloudinary backups, web folders, a web proxy, Google Cloud
//! Storage, Azure Blob Storage and Akeneo PIM.
//!
//! An origin is one [`OriginRequest`] / [`Origin`] whatever its [`OriginType`]: the fields
//! every type has are typed, the type's own fields (`bucket`, `accessKey`, `baseUrl`, …) are a
//! map, which the constructors ([`OriginRequest::s3`], [`OriginRequest::web_folder`], …) fill.
//! The secrets of a request never show in its `Debug` output.
//!
//! Also here: the operations origins, [URL endpoints](super::url_endpoints) and
//! [saved extensions](super::extensions) share — [`List`], [`Create`], [`Get`], [`Update`] and
//! [`Delete`] of a [`Resource`] that names the collection's path and its types.
//!
//! ```
//! use imagekit::api::origins::{CreateOrigin, OriginRequest};
//! use imagekit::operation::Operation;
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
use core::marker::PhantomData;

use bytes::Bytes;
use http::{Method, Request, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::string_enum;
use crate::error::Error;
use crate::operation::{parse_empty, parse_json, segment, Api, Host, Operation};
use crate::retry::Repeat;
use crate::transport::Body;

// ---------------------------------------------------------------------------------------------
// The create / list / get / update / delete shape.

/// An object type of the API with the create/list/get/update/delete shape: a collection at
/// [`COLLECTION`](Resource::COLLECTION) (`GET` lists, `POST` creates) and each object at
/// `COLLECTION/{id}` (`GET` reads, [`UPDATE`](Resource::UPDATE) changes, `DELETE` removes with
/// a 204).
pub trait Resource: DeserializeOwned + Send + Sync + 'static {
    /// The body that creates one.
    type Create: Serialize + Send + Sync;
    /// The body that updates one.
    type Update: Serialize + Send + Sync;
    /// The collection's path, e.g. `/v1/accounts/origins`.
    const COLLECTION: &'static str;
    /// How one is updated: `PATCH` (the fields given, the default) or `PUT` (a replacement).
    const UPDATE: Method = Method::PATCH;
}

/// `COLLECTION/{id}`, the id encoded as one segment; an empty id is refused.
fn item_path<R: Resource>(id: &str) -> Result<String, Error> {
    Ok(format!("{}/{}", R::COLLECTION, segment(id)?))
}

/// Lists every `R`: `GET COLLECTION`.
#[derive(Debug, Clone, PartialEq)]
pub struct List<R> {
    resource: PhantomData<fn() -> R>,
}

impl<R> List<R> {
    /// The listing (it takes no parameters).
    pub fn new() -> Self {
        List {
            resource: PhantomData,
        }
    }
}

impl<R> Default for List<R> {
    fn default() -> Self {
        List::new()
    }
}

impl<R: Resource> Operation for List<R> {
    type Output = Vec<R>;

    fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
        api.empty(Method::GET, Host::Api, R::COLLECTION)
    }

    fn parse(&self, response: Response<Bytes>) -> Result<Self::Output, Error> {
        parse_json(response)
    }
}

/// Creates an `R`: `POST COLLECTION` with `body` as JSON; the answer (201) is the new one.
/// Retried only when the request provably did not run, since a repeat could create it twice.
#[derive(Debug, Clone, PartialEq)]
pub struct Create<R: Resource> {
    /// What to create.
    pub body: R::Create,
}

impl<R: Resource> Create<R> {
    /// Creates `body`.
    pub fn new(body: R::Create) -> Self {
        Create { body }
    }
}

impl<R: Resource> Operation for Create<R> {
    type Output = R;

    fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
        api.json(Method::POST, Host::Api, R::COLLECTION, &self.body)
    }

    fn parse(&self, response: Response<Bytes>) -> Result<Self::Output, Error> {
        parse_json(response)
    }

    fn repeat(&self) -> Repeat {
        Repeat::IfNotSent
    }
}

/// Reads the `R` with id `id`: `GET COLLECTION/{id}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Get<R> {
    /// The item's id.
    pub id: String,
    resource: PhantomData<fn() -> R>,
}

impl<R> Get<R> {
    /// Reads the item `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Get {
            id: id.into(),
            resource: PhantomData,
        }
    }
}

impl<R: Resource> Operation for Get<R> {
    type Output = R;

    fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
        api.empty(Method::GET, Host::Api, &item_path::<R>(&self.id)?)
    }

    fn parse(&self, response: Response<Bytes>) -> Result<Self::Output, Error> {
        parse_json(response)
    }
}

/// Updates the `R` with id `id`: [`R::UPDATE`](Resource::UPDATE) `COLLECTION/{id}` with `body` as
/// JSON; the answer is the updated `R`.
#[derive(Debug, Clone, PartialEq)]
pub struct Update<R: Resource> {
    /// The item's id.
    pub id: String,
    /// The new values.
    pub body: R::Update,
}

impl<R: Resource> Update<R> {
    /// Updates the item `id` with `body`.
    pub fn new(id: impl Into<String>, body: R::Update) -> Self {
        Update {
            id: id.into(),
            body,
        }
    }
}

impl<R: Resource> Operation for Update<R> {
    type Output = R;

    fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
        api.json(R::UPDATE, Host::Api, &item_path::<R>(&self.id)?, &self.body)
    }

    fn parse(&self, response: Response<Bytes>) -> Result<Self::Output, Error> {
        parse_json(response)
    }
}

/// Deletes the `R` with id `id`: `DELETE COLLECTION/{id}` (204).
#[derive(Debug, Clone, PartialEq)]
pub struct Delete<R> {
    /// The item's id.
    pub id: String,
    resource: PhantomData<fn() -> R>,
}

impl<R> Delete<R> {
    /// Deletes the item `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Delete {
            id: id.into(),
            resource: PhantomData,
        }
    }
}

impl<R: Resource> Operation for Delete<R> {
    type Output = ();

    fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
        api.empty(Method::DELETE, Host::Api, &item_path::<R>(&self.id)?)
    }

    fn parse(&self, response: Response<Bytes>) -> Result<Self::Output, Error> {
        parse_empty(response)
    }
}

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

/// Origins live at `/v1/accounts/origins`, each replaced with `PUT`.
impl Resource for Origin {
    type Create = OriginRequest;
    type Update = OriginRequest;
    const COLLECTION: &'static str = "/v1/accounts/origins";
    const UPDATE: Method = Method::PUT;
}

/// `GET /v1/accounts/origins`: every origin.
pub type ListOrigins = List<Origin>;
/// `POST /v1/accounts/origins`: creates an origin (201).
pub type CreateOrigin = Create<Origin>;
/// `GET /v1/accounts/origins/{id}`: one origin.
pub type GetOrigin = Get<Origin>;
/// `PUT /v1/accounts/origins/{id}`: replaces an origin.
pub type UpdateOrigin = Update<Origin>;
/// `DELETE /v1/accounts/origins/{id}`: deletes an origin (refused while a URL endpoint uses
/// it).
pub type DeleteOrigin = Delete<Origin>;

impl crate::ImageKit {
    /// Lists the account's origins (beta): `GET /v1/accounts/origins`.
    pub async fn list_origins(&self, params: &ListOrigins) -> Result<Vec<Origin>, Error> {
        self.send(params).await
    }

    /// Creates an origin (beta): `POST /v1/accounts/origins`.
    pub async fn create_origin(&self, params: &CreateOrigin) -> Result<Origin, Error> {
        self.send(params).await
    }

    /// Reads an origin (beta): `GET /v1/accounts/origins/{id}`.
    pub async fn get_origin(&self, params: &GetOrigin) -> Result<Origin, Error> {
        self.send(params).await
    }

    /// Replaces an origin (beta): `PUT /v1/accounts/origins/{id}`.
    pub async fn update_origin(&self, params: &UpdateOrigin) -> Result<Origin, Error> {
        self.send(params).await
    }

    /// Deletes an origin (beta): `DELETE /v1/accounts/origins/{id}`.
    pub async fn delete_origin(&self, params: &DeleteOrigin) -> Result<(), Error> {
        self.send(params).await
    }
}
