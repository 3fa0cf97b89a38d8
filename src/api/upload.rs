//! Uploads: `POST /api/v1/files/upload` ([`UploadFile`], [`ImageKit::upload`]) and
//! `POST /api/v2/files/upload` ([`UploadFileV2`], [`ImageKit::upload_v2`]) on the upload host,
//! as `multipart/form-data`.
//!
//! The file is bytes in memory, a file on disk (streamed as it is sent, never read into
//! memory, and re-opened for a retry), a file already open (streamed the same way from its
//! handle), a blocking reader or an async stream of bytes (read once, as it is sent, with or
//! without a known length), an `http(s)` URL ImageKit fetches, or base64 content
//! ([`UploadSource`]). The file part's `Content-Type` follows its filename's extension (a
//! `.jpg` is `image/jpeg`, an unknown one `application/octet-stream`), and
//! [`UploadFile::on_progress`] reports how much of it has been read for sending. The other
//! parameters are sent the way ImageKit reads them: `tags` and `responseFields` comma-joined,
//! `extensions`, `customMetadata` and `transformation` as JSON text, booleans as `true` /
//! `false`.
//!
//! A server-side upload authenticates with the private key (HTTP Basic) and is retried only
//! when it provably did not run, and, for a reader or a stream, only if no attempt had begun
//! reading it: such a source cannot be re-opened. A client-side-signed upload ([`ClientAuth`]
//! for v1, a JWT `token` for v2, e.g. from [`ImageKit::sign_upload_v2`]) carries no
//! `Authorization` header and is never retried: its token is single-use on the server.
//!
//! An answer is the uploaded file, or (HTTP 202) a notice that a video pre-transformation was
//! queued ([`UploadResult`]).
//!
//! ```no_run
//! # async fn run() -> Result<(), imagekit::Error> {
//! use imagekit::api::upload::{
//!     PostTransformation, UploadFile, UploadFileV2, UploadOptions, UploadResult, UploadSource,
//!     UploadTransformation,
//! };
//!
//! let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo")?
//!     .with_private_key("private_key")
//!     .with_public_key("public_key");
//!
//! // A large video streamed from disk, with a thumbnail made after the upload.
//! let options = UploadOptions::new()
//!     .folder("/videos")
//!     .tags(["summer", "beach"])
//!     .use_unique_file_name(false)
//!     .transformation(
//!         UploadTransformation::new().post([PostTransformation::thumbnail(Some("w-150"))]),
//!     );
//! let upload = UploadFile::new(UploadSource::file("holiday.mp4"), "holiday.mp4").options(options);
//! match ik.upload(&upload).await? {
//!     UploadResult::Uploaded(file) => println!("{} at {:?}", file.file_id, file.url),
//!     UploadResult::Queued(notice) => println!("queued: {:?}", notice.message),
//! }
//!
//! // Upload v2, signed with a JWT over every parameter.
//! let source = UploadSource::url("https://example.com/dress.jpg");
//! let signed = ik.sign_upload_v2(UploadFileV2::new(source, "dress.jpg"), 600)?;
//! let file = ik.upload_v2(&signed).await?.into_file();
//! # let _ = file;
//! # Ok(()) }
//! ```

use core::fmt;
use std::collections::BTreeMap;

use bytes::Bytes;
use http::{header, Method, Request, Response, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{parse_json, string_enum, AiTag, Api, Host, Operation, VersionInfo};
use crate::error::Error;
use crate::retry::Repeat;
use crate::signing::{form_text, AuthenticationParameters};
use crate::transport::multipart::{Data, Form};
use crate::transport::{Body, FileSource};
use crate::url::InputError;
use crate::ImageKit;
use content_type::content_type;

mod content_type;
mod options;
mod progress;
mod source;
pub use options::{
    PostTransformation, PostTransformationType, ResponseField, StreamingProtocol, UploadOptions,
    UploadTransformation,
};
pub use progress::OnProgress;
pub use source::{OneShot, UploadSource};

/// The v1 upload path on the upload host.
const UPLOAD_V1: &str = "/api/v1/files/upload";
/// The v2 upload path on the upload host.
const UPLOAD_V2: &str = "/api/v2/files/upload";

/// The parameters of a client-side (signed) v1 upload: the public key and the `token`,
/// `expire` and `signature` a backend made with
/// [`ImageKit::get_authentication_parameters`]. An upload carrying them sends no
/// `Authorization` header (the private key is not needed) and is never retried.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientAuth {
    /// `publicKey`.
    pub public_key: String,
    /// `signature`: HMAC-SHA1 of `token` + `expire` with the private key.
    pub signature: String,
    /// `expire`: unix seconds, under one hour ahead.
    pub expire: u64,
    /// `token`: single-use.
    pub token: String,
}

impl ClientAuth {
    /// The public key with a backend's authentication parameters.
    pub fn new(public_key: impl Into<String>, params: AuthenticationParameters) -> Self {
        ClientAuth {
            public_key: public_key.into(),
            signature: params.signature,
            expire: params.expire,
            token: params.token,
        }
    }
}

impl fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientAuth")
            .field("public_key", &self.public_key)
            .field("expire", &self.expire)
            .finish_non_exhaustive()
    }
}

/// `POST /api/v1/files/upload`: uploads a file. Server-side (HTTP Basic with the private key)
/// unless [`ClientAuth`] is given.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadFile {
    /// `file`.
    pub file: UploadSource,
    /// `fileName`: the name to store the file under (characters other than `a-z A-Z 0-9 . -`
    /// become `_`).
    pub file_name: String,
    /// The optional parameters.
    pub options: UploadOptions,
    /// The client-side signature, for an upload without the private key.
    pub client_auth: Option<ClientAuth>,
    /// Called as the file is read for sending ([`UploadFile::on_progress`]).
    pub progress: Option<OnProgress>,
}

impl UploadFile {
    /// Uploads `file` as `file_name`, with the API's defaults.
    pub fn new(file: UploadSource, file_name: impl Into<String>) -> Self {
        UploadFile {
            file,
            file_name: file_name.into(),
            options: UploadOptions::default(),
            client_auth: None,
            progress: None,
        }
    }

    /// Sets the optional parameters.
    pub fn options(mut self, options: UploadOptions) -> Self {
        self.options = options;
        self
    }

    /// Signs the upload client-side instead of with the private key.
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.client_auth = Some(auth);
        self
    }

    /// Calls `callback(sent, total)` as the file is read for sending: the bytes of the file
    /// read so far and its length when known, once per chunk (see [`OnProgress`]). Not called
    /// for a URL or base64 content, which are sent as text.
    ///
    /// ```no_run
    /// # async fn run(ik: &imagekit::ImageKit) -> Result<(), imagekit::Error> {
    /// use imagekit::api::upload::{UploadFile, UploadSource};
    ///
    /// let upload = UploadFile::new(UploadSource::file("holiday.mp4"), "holiday.mp4")
    ///     .on_progress(|sent, total| match total {
    ///         Some(total) => eprintln!("{sent} of {total} bytes"),
    ///         None => eprintln!("{sent} bytes"),
    ///     });
    /// ik.upload(&upload).await?;
    /// # Ok(()) }
    /// ```
    pub fn on_progress(
        mut self,
        callback: impl Fn(u64, Option<u64>) + Send + Sync + 'static,
    ) -> Self {
        self.progress = Some(OnProgress::new(callback));
        self
    }
}

/// `POST /api/v2/files/upload`: uploads a file, server-side (HTTP Basic with the private key)
/// or with a JWT `token` over every parameter (see [`ImageKit::sign_upload_v2`]).
///
/// `Debug` shows whether there is a token, never the token.
#[derive(Clone, PartialEq)]
pub struct UploadFileV2 {
    /// `file`.
    pub file: UploadSource,
    /// `fileName`: the name to store the file under.
    pub file_name: String,
    /// The optional parameters.
    pub options: UploadOptions,
    /// `token`: a JWT whose payload holds exactly the parameters sent (made by
    /// [`ImageKit::sign_upload_v2`] or by a backend with [`ImageKit::upload_token`]).
    pub token: Option<String>,
    /// Called as the file is read for sending ([`UploadFileV2::on_progress`]).
    pub progress: Option<OnProgress>,
}

impl fmt::Debug for UploadFileV2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadFileV2")
            .field("file", &self.file)
            .field("file_name", &self.file_name)
            .field("options", &self.options)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("progress", &self.progress)
            .finish()
    }
}

impl UploadFileV2 {
    /// Uploads `file` as `file_name`, with the API's defaults.
    pub fn new(file: UploadSource, file_name: impl Into<String>) -> Self {
        UploadFileV2 {
            file,
            file_name: file_name.into(),
            options: UploadOptions::default(),
            token: None,
            progress: None,
        }
    }

    /// Sets the optional parameters (sign afterwards: the JWT covers them).
    pub fn options(mut self, options: UploadOptions) -> Self {
        self.options = options;
        self
    }

    /// Sets the JWT `token`.
    pub fn token(mut self, jwt: impl Into<String>) -> Self {
        self.token = Some(jwt.into());
        self
    }

    /// Calls `callback(sent, total)` as the file is read for sending, as
    /// [`UploadFile::on_progress`] does.
    pub fn on_progress(
        mut self,
        callback: impl Fn(u64, Option<u64>) + Send + Sync + 'static,
    ) -> Self {
        self.progress = Some(OnProgress::new(callback));
        self
    }
}

string_enum! {
    /// Where an extension stood when the upload answered.
    ExtensionStatus {
        /// `success`: applied.
        Success = "success",
        /// `pending`: still running; the final status goes to the `webhookUrl`.
        Pending = "pending",
        /// `failed`: failed, and will not be retried.
        Failed = "failed",
    }
}

/// An uploaded file, as the upload answers it (the `Upload` schema). Several fields are there
/// only when asked for in `responseFields`; fields this SDK does not know are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadedFile {
    /// The file id. Required: an answer without one is a decode error, not an empty upload.
    pub file_id: String,
    /// The file name.
    #[serde(default)]
    pub name: String,
    /// The path in the media library, e.g. `/images/file.jpg`.
    #[serde(default)]
    pub file_path: String,
    /// The file's URL.
    #[serde(default)]
    pub url: Option<String>,
    /// A thumbnail's URL (images).
    #[serde(default)]
    pub thumbnail_url: Option<String>,
    /// Height in pixels.
    #[serde(default, deserialize_with = "super::whole_number")]
    pub height: Option<u64>,
    /// Width in pixels.
    #[serde(default, deserialize_with = "super::whole_number")]
    pub width: Option<u64>,
    /// Size in bytes.
    #[serde(default, deserialize_with = "super::whole_number")]
    pub size: Option<u64>,
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
    /// `image` or `non-image`.
    #[serde(default)]
    pub file_type: Option<String>,
    /// Tags (`responseFields`: `tags`).
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// AI-generated tags.
    #[serde(default, rename = "AITags")]
    pub ai_tags: Option<Vec<AiTag>>,
    /// The version.
    #[serde(default)]
    pub version_info: Option<VersionInfo>,
    /// Whether the file is private (`responseFields`: `isPrivateFile`).
    #[serde(default)]
    pub is_private_file: Option<bool>,
    /// Whether the file is published (`responseFields`: `isPublished`).
    #[serde(default)]
    pub is_published: Option<bool>,
    /// Custom coordinates, `x,y,width,height` (`responseFields`: `customCoordinates`).
    #[serde(default)]
    pub custom_coordinates: Option<String>,
    /// Custom metadata values (`responseFields`: `customMetadata`).
    #[serde(default)]
    pub custom_metadata: Option<Map<String, Value>>,
    /// The schema of selected custom metadata fields (`responseFields`:
    /// `selectedFieldsSchema`).
    #[serde(default)]
    pub selected_fields_schema: Option<Map<String, Value>>,
    /// Each requested extension's status.
    #[serde(default)]
    pub extension_status: Option<BTreeMap<String, ExtensionStatus>>,
    /// Legacy metadata: dimensions, format, EXIF, pHash… (`responseFields`: `metadata`).
    #[serde(default)]
    pub metadata: Option<Map<String, Value>>,
    /// Embedded (EXIF, IPTC, XMP) metadata (`responseFields`: `embeddedMetadata`).
    #[serde(default)]
    pub embedded_metadata: Option<Map<String, Value>>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer to an upload whose video pre-transformation was queued (HTTP 202).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UploadQueued {
    /// What ImageKit says ("The pre-transformation has been queued successfully.").
    #[serde(default)]
    pub message: Option<String>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What an upload answers.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadResult {
    /// HTTP 200: the file is uploaded.
    Uploaded(Box<UploadedFile>),
    /// HTTP 202: the upload was accepted and its video pre-transformation queued; the
    /// outcome goes to the webhooks (`upload.pre-transform.success|error`).
    Queued(UploadQueued),
}

impl UploadResult {
    /// The uploaded file (`None` when queued).
    pub fn file(&self) -> Option<&UploadedFile> {
        match self {
            UploadResult::Uploaded(file) => Some(file),
            UploadResult::Queued(_) => None,
        }
    }

    /// The uploaded file, taken out (`None` when queued).
    pub fn into_file(self) -> Option<UploadedFile> {
        match self {
            UploadResult::Uploaded(file) => Some(*file),
            UploadResult::Queued(_) => None,
        }
    }

    /// Whether the upload was queued (HTTP 202).
    pub fn is_queued(&self) -> bool {
        matches!(self, UploadResult::Queued(_))
    }
}

/// `fileName` then the options, as JSON values named as on the wire: what the form sends and
/// what the v2 JWT signs.
fn fields(file_name: &str, options: &UploadOptions) -> Result<Map<String, Value>, Error> {
    let mut map = Map::new();
    map.insert("fileName".to_string(), Value::String(file_name.to_string()));
    let options =
        serde_json::to_value(options).map_err(|e| InputError::Unserializable(e.to_string()))?;
    if let Value::Object(options) = options {
        map.extend(options);
    }
    Ok(map)
}

/// The file a multipart upload sends: its source, and the progress callback to report its reads
/// to.
struct FilePart<'a> {
    source: &'a UploadSource,
    progress: Option<&'a OnProgress>,
}

/// The multipart upload request: `fields` as text parts (rendered by `form_text`, as the JWT
/// signs them), then the file, typed by its filename's extension. A signed upload carries no
/// `Authorization` header.
fn upload_request(
    api: &Api,
    path: &str,
    fields: &Map<String, Value>,
    file: FilePart<'_>,
    signed: bool,
) -> Result<Request<Body>, Error> {
    let mut form = Form::new();
    for (name, value) in fields {
        if let Some(text) = form_text(name, value)? {
            form.text(name, text);
        }
    }
    let file_name = fields.get("fileName").and_then(Value::as_str).unwrap_or("");
    let (filename, data) = match file.source {
        UploadSource::Bytes(bytes, filename) => (
            filename.as_deref().unwrap_or(file_name).to_string(),
            Data::Bytes(bytes.clone()),
        ),
        UploadSource::File(path) => {
            let source = FileSource::new(path).map_err(|e| {
                InputError::InvalidRequest(format!("cannot read {}: {e}", path.display()))
            })?;
            let filename = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| file_name.to_string());
            (filename, Data::Stream(Box::new(source)))
        }
        UploadSource::OpenFile(file) => {
            let source = FileSource::open_file(file.clone()).map_err(|e| {
                InputError::InvalidRequest(format!("cannot read the open file: {e}"))
            })?;
            (file_name.to_string(), Data::Stream(Box::new(source)))
        }
        UploadSource::OneShot(source) => {
            if source.is_spent() {
                return Err(InputError::InvalidRequest(source::SPENT.to_string()).into());
            }
            (file_name.to_string(), Data::Stream(source.body_source()))
        }
        UploadSource::Url(url) => {
            let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://")) {
                return Err(InputError::InvalidRequest(format!(
                    "an upload URL must start with http:// or https://, not {url:?}"
                ))
                .into());
            }
            form.text("file", url.clone());
            return encode(api, path, form, signed);
        }
        UploadSource::Base64(content) => {
            form.text("file", content.clone());
            return encode(api, path, form, signed);
        }
    };
    let data = match file.progress {
        Some(progress) => progress.watch(data),
        None => data,
    };
    form.file("file", &filename, content_type(&filename), data);
    encode(api, path, form, signed)
}

/// The request for `form`, with the private key's `Authorization` unless `signed`.
fn encode(api: &Api, path: &str, form: Form, signed: bool) -> Result<Request<Body>, Error> {
    let (content_type, body) = form.encode();
    let builder = if signed {
        // Client-side auth: ImageKit refuses a request that also has Basic auth, and the
        // client may have no private key at all.
        api.unauthenticated(Method::POST, Host::Upload, path)
    } else {
        api.builder(Method::POST, Host::Upload, path)?
    };
    builder
        .header(header::CONTENT_TYPE, content_type)
        .body(body)
        .map_err(|e| InputError::InvalidRequest(e.to_string()).into())
}

/// 200: the file; 202: the queued notice; else an error.
fn parse_upload(response: Response<Bytes>) -> Result<UploadResult, Error> {
    if response.status() == StatusCode::ACCEPTED {
        parse_json(response).map(UploadResult::Queued)
    } else {
        parse_json(response).map(|file| UploadResult::Uploaded(Box::new(file)))
    }
}

/// Signed uploads are single-use on the server, and a one-shot source an attempt has begun to
/// read cannot be sent again; the others may repeat only when not sent.
fn repeat(signed: bool, file: &UploadSource) -> Repeat {
    if signed || file.is_spent() {
        Repeat::Never
    } else {
        Repeat::IfNotSent
    }
}

impl Operation for UploadFile {
    type Output = UploadResult;

    fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
        let mut fields = fields(&self.file_name, &self.options)?;
        if let Some(auth) = &self.client_auth {
            let auth = serde_json::to_value(auth)
                .map_err(|e| InputError::Unserializable(e.to_string()))?;
            if let Value::Object(auth) = auth {
                fields.extend(auth);
            }
        }
        let file = FilePart {
            source: &self.file,
            progress: self.progress.as_ref(),
        };
        upload_request(api, UPLOAD_V1, &fields, file, self.client_auth.is_some())
    }

    fn parse(&self, response: Response<Bytes>) -> Result<UploadResult, Error> {
        parse_upload(response)
    }

    fn repeat(&self) -> Repeat {
        repeat(self.client_auth.is_some(), &self.file)
    }
}

impl Operation for UploadFileV2 {
    type Output = UploadResult;

    fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
        let mut fields = fields(&self.file_name, &self.options)?;
        if let Some(token) = &self.token {
            fields.insert("token".to_string(), Value::String(token.clone()));
        }
        let file = FilePart {
            source: &self.file,
            progress: self.progress.as_ref(),
        };
        upload_request(api, UPLOAD_V2, &fields, file, self.token.is_some())
    }

    fn parse(&self, response: Response<Bytes>) -> Result<UploadResult, Error> {
        parse_upload(response)
    }

    fn repeat(&self) -> Repeat {
        repeat(self.token.is_some(), &self.file)
    }
}

impl ImageKit {
    /// `params` with its `token` set to a JWT over its parameters ([`ImageKit::upload_token`]
    /// of exactly the fields the upload sends), valid for `expire_seconds` (1 to 3599). The
    /// upload then sends no `Authorization` header and is never retried. Needs both keys.
    ///
    /// ```
    /// use imagekit::api::upload::{UploadFileV2, UploadSource};
    ///
    /// let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo")?
    ///     .with_private_key("private_key_test")
    ///     .with_public_key("public_key_test");
    /// let upload = UploadFileV2::new(UploadSource::url("https://example.com/a.jpg"), "a.jpg");
    /// let signed = ik.sign_upload_v2(upload, 600)?;
    /// assert_eq!(signed.token.map(|jwt| jwt.split('.').count()), Some(3));
    /// # Ok::<(), imagekit::Error>(())
    /// ```
    pub fn sign_upload_v2(
        &self,
        mut params: UploadFileV2,
        expire_seconds: u64,
    ) -> Result<UploadFileV2, Error> {
        let fields = fields(&params.file_name, &params.options)?;
        params.token = Some(self.upload_token(&fields, expire_seconds)?);
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_debug_of_a_signed_v2_upload_shows_no_token() {
        let mut upload = UploadFileV2::new(UploadSource::url("https://example.com/a.jpg"), "a.jpg");
        upload.token = Some("eyJhbGciOiJIUzI1NiJ9.e30.secret-signature".into());
        let shown = format!("{upload:?}");
        assert!(!shown.contains("secret-signature"), "{shown}");
        assert!(shown.contains("token: Some(\"<redacted>\")"), "{shown}");
    }
}
