//! An API call as a plain value: it builds its `http::Request` with no I/O and parses the
//! `http::Response` into a typed result. [`ImageKit::send`](crate::ImageKit::send) runs it
//! through the client's [`Transport`](crate::transport::Transport) with retries; tests can call
//! `request` and `parse` directly.
//!
//! # Adding an endpoint
//!
//! An endpoint is a parameters type with an [`Endpoint`] impl that describes the request: its
//! method, its path (ids through [`segment`], queries through `Query` in this crate), its JSON
//! body if it has one, how its answer is read ([`Json`], [`Empty`] or
//! [`Outcome`](super::Outcome)) and whether it may be sent again after a failure ([`Repeat`]).
//! That impl makes it an [`Operation`]; nothing else is needed to send it. In this crate, add
//! its line to the clients' named methods (`client/methods.rs`), which gives both clients a
//! method that sends it.
//!
//! [`Endpoint`] shows a read (`GET`, an id in the path, a JSON answer). A create, with the
//! parameters as the JSON body, an answer with no body, and no repeat once sent:
//!
//! ```
//! use http::Method;
//! use imagekit::api::{Empty, Endpoint, JsonBody, Operation};
//! use imagekit::{Error, Repeat};
//! use serde::Serialize;
//!
//! /// `POST /v1/folder`: creates a folder.
//! #[derive(Serialize)]
//! #[serde(rename_all = "camelCase")]
//! struct NewFolder {
//!     folder_name: String,
//!     parent_folder_path: String,
//! }
//!
//! impl Endpoint for NewFolder {
//!     const METHOD: Method = Method::POST;
//!     const REPEAT: Repeat = Repeat::IfNotSent;
//!     type Answer = Empty;
//!
//!     fn path(&self) -> Result<String, Error> {
//!         Ok("/v1/folder".to_string())
//!     }
//!
//!     fn body(&self) -> Option<&dyn JsonBody> {
//!         Some(self)
//!     }
//! }
//!
//! let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo")?.with_private_key("private_key");
//! let create = NewFolder { folder_name: "x".into(), parent_folder_path: "/".into() };
//! // `ik.send(&create).await?` sends it and returns `()`; the request it makes:
//! let request = create.request(ik.api())?;
//! assert_eq!(request.uri(), "https://api.imagekit.io/v1/folder");
//! assert_eq!(request.headers()["content-type"], "application/json");
//! assert_eq!(create.repeat(), Repeat::IfNotSent);
//! # Ok::<(), imagekit::Error>(())
//! ```
//!
//! Requests that are not JSON (the multipart uploads) implement [`Operation`] by hand.

use core::fmt;
use core::marker::PhantomData;

use bytes::Bytes;
use http::{header, HeaderValue, Method, Request, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::Error;
use crate::retry::Repeat;
use crate::transport::Body;
use crate::url::{encode, InputError, Set};

/// One ImageKit API operation.
pub trait Operation: Send + Sync {
    /// What a successful answer becomes.
    type Output;

    /// The request, built without I/O. Called again for each attempt.
    fn request(&self, api: &Api) -> Result<Request<Body>, Error>;

    /// The answer read into [`Operation::Output`] (an error answer into an [`Error`]).
    fn parse(&self, response: Response<Bytes>) -> Result<Self::Output, Error>;

    /// Whether the request may be sent again after a failure.
    fn repeat(&self) -> Repeat {
        Repeat::Safe
    }
}

/// The description of an API operation: its request and how its answer is read. Every type
/// that implements it is an [`Operation`] (through one blanket impl), which
/// [`ImageKit::send`](crate::ImageKit::send) sends.
///
/// To add an endpoint: a parameters type, its `Endpoint` impl (the method, the path with each
/// id through [`segment`], the body if any, the [`Answer`] and, for creates and the like, the
/// [`Repeat`]), and (in this crate) its line among the clients' named methods. For example,
/// `GET /v1/files/{fileId}/details`:
///
/// ```
/// use http::Method;
/// use imagekit::api::{segment, Endpoint, File, Json};
///
/// struct FileDetails {
///     file_id: String,
/// }
///
/// impl Endpoint for FileDetails {
///     const METHOD: Method = Method::GET;
///     type Answer = Json<File>;
///
///     fn path(&self) -> Result<String, imagekit::Error> {
///         Ok(format!("/v1/files/{}/details", segment(&self.file_id)?))
///     }
/// }
/// ```
pub trait Endpoint: Send + Sync {
    /// The HTTP method.
    const METHOD: Method;
    /// The host; [`Host::Api`] unless given.
    const HOST: Host = Host::Api;
    /// Whether a failed request may be sent again; [`Repeat::Safe`] (reads, updates, deletes)
    /// unless given. Creates, copies, moves and purges are [`Repeat::IfNotSent`].
    const REPEAT: Repeat = Repeat::Safe;
    /// How the answer is read, which says what the operation returns: [`Json<T>`] a `T`,
    /// [`Empty`] `()`, [`Outcome<T, P>`](super::Outcome) itself (a 207 being a partial
    /// success).
    type Answer: Answer;

    /// The path and query, encoded: each id through [`segment`] (which refuses an empty one).
    fn path(&self) -> Result<String, Error>;

    /// The JSON body; none unless given. `Some(self)` when the parameters are the body (with
    /// the fields that go in the path marked `#[serde(skip)]`).
    fn body(&self) -> Option<&dyn JsonBody> {
        None
    }
}

impl<E: Endpoint> Operation for E {
    type Output = <E::Answer as Answer>::Output;

    fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
        api.build(E::METHOD, E::HOST, &self.path()?, self.body())
    }

    fn parse(&self, response: Response<Bytes>) -> Result<Self::Output, Error> {
        E::Answer::read(response)
    }

    fn repeat(&self) -> Repeat {
        E::REPEAT
    }
}

/// How an [`Endpoint`]'s answer is read: [`Json`], [`Empty`] or [`Outcome`](super::Outcome).
pub trait Answer {
    /// What the answer becomes.
    type Output;

    /// A success answer read as [`Answer::Output`]; an error answer as an [`Error`].
    fn read(response: Response<Bytes>) -> Result<Self::Output, Error>;
}

/// An answer whose JSON body is a `T` (see [`parse_json`]).
#[derive(Debug)]
pub struct Json<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned> Answer for Json<T> {
    type Output = T;

    fn read(response: Response<Bytes>) -> Result<T, Error> {
        parse_json(response)
    }
}

/// An answer whose body does not matter, read as `()` (see [`parse_empty`]).
#[derive(Debug)]
pub struct Empty;

impl Answer for Empty {
    type Output = ();

    fn read(response: Response<Bytes>) -> Result<(), Error> {
        parse_empty(response)
    }
}

/// A request body sent as JSON: any [`Serialize`] value, so that [`Endpoint::body`] can
/// return one without naming its type.
pub trait JsonBody {
    /// The value as JSON.
    fn to_json(&self) -> Result<Vec<u8>, Error>;
}

impl<T: Serialize + ?Sized> JsonBody for T {
    fn to_json(&self) -> Result<Vec<u8>, Error> {
        serde_json::to_vec(self).map_err(|e| InputError::Unserializable(e.to_string()).into())
    }
}

/// Which ImageKit host a request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// `https://api.imagekit.io`: everything but uploads.
    Api,
    /// `https://upload.imagekit.io`: uploads.
    Upload,
}

/// What a request needs from the client: the base URLs, the `Authorization` header (HTTP Basic
/// with the private key) and the user agent. `Debug` never shows the header.
///
/// The header goes only to `https://` bases and to loopback ones (`127.0.0.0/8`, `::1`,
/// `localhost`), unless the client opted in with
/// [`ImageKit::with_insecure_http_auth`](crate::ImageKit::with_insecure_http_auth): a request
/// that would carry it over plain HTTP to any other host is
/// [`InputError::InsecureHttpAuth`], and nothing is sent.
#[derive(Clone)]
pub struct Api {
    api_base: String,
    upload_base: String,
    insecure_http_auth: bool,
    authorization: Option<HeaderValue>,
    user_agent: HeaderValue,
}

/// The production API host.
pub const API_BASE: &str = "https://api.imagekit.io";
/// The production upload host.
pub const UPLOAD_BASE: &str = "https://upload.imagekit.io";

impl Api {
    pub(crate) fn new(api_base: &str, upload_base: &str, private_key: Option<&str>) -> Self {
        let mut api = Api {
            api_base: String::new(),
            upload_base: String::new(),
            insecure_http_auth: false,
            authorization: None,
            user_agent: HeaderValue::from_static(concat!(
                "imagekit-rust/",
                env!("CARGO_PKG_VERSION")
            )),
        };
        api.set_bases(api_base, upload_base);
        api.set_private_key(private_key);
        api
    }

    /// Points requests at `api_base` and uploads at `upload_base` (trailing slashes dropped).
    pub(crate) fn set_bases(&mut self, api_base: &str, upload_base: &str) {
        self.api_base = api_base.trim_end_matches('/').to_string();
        self.upload_base = upload_base.trim_end_matches('/').to_string();
    }

    /// Lets the `Authorization` header go over plain HTTP to hosts other than loopback.
    pub(crate) fn set_insecure_http_auth(&mut self, allowed: bool) {
        self.insecure_http_auth = allowed;
    }

    /// The `Authorization` header for `private_key` (HTTP Basic, marked sensitive so no `Debug`
    /// shows it), or none.
    pub(crate) fn set_private_key(&mut self, private_key: Option<&str>) {
        self.authorization = private_key.and_then(|key| {
            let basic = format!(
                "Basic {}",
                crate::base64::standard(format!("{key}:").as_bytes())
            );
            let mut value = HeaderValue::from_str(&basic).ok()?;
            value.set_sensitive(true);
            Some(value)
        });
    }

    /// Refuses to send the key to `host` in the clear unless the client opted in.
    fn check_auth_to(&self, host: Host) -> Result<(), InputError> {
        if !self.insecure_http_auth && in_clear(self.base(host)) {
            return Err(InputError::InsecureHttpAuth(self.base(host).to_string()));
        }
        Ok(())
    }

    /// With a private key, [`InputError::InsecureHttpAuth`] when either base would carry it in
    /// the clear (see [`Api`]): a client's settings checked once.
    pub(crate) fn check_auth(&self) -> Result<(), InputError> {
        if self.authorization.is_some() {
            self.check_auth_to(Host::Api)?;
            self.check_auth_to(Host::Upload)?;
        }
        Ok(())
    }

    /// The base URL of `host`.
    pub fn base(&self, host: Host) -> &str {
        match host {
            Host::Api => &self.api_base,
            Host::Upload => &self.upload_base,
        }
    }

    /// A request builder for `method` on `host` at `path_and_query` (already encoded; build
    /// path segments with [`segment`]), with the `Authorization` and `User-Agent` headers.
    ///
    /// Fails with [`InputError::MissingPrivateKey`] without a key, and with
    /// [`InputError::InsecureHttpAuth`] when the header would travel over plain HTTP to a host
    /// that is not loopback and the client did not opt in.
    pub fn builder(
        &self,
        method: Method,
        host: Host,
        path_and_query: &str,
    ) -> Result<http::request::Builder, Error> {
        let authorization = self
            .authorization
            .clone()
            .ok_or(InputError::MissingPrivateKey)?;
        self.check_auth_to(host)?;
        Ok(self
            .unauthenticated(method, host, path_and_query)
            .header(header::AUTHORIZATION, authorization))
    }

    /// As [`Api::builder`] without the `Authorization` header: for requests that carry their
    /// own proof, such as a client-side-signed upload (ImageKit refuses one that has both).
    pub fn unauthenticated(
        &self,
        method: Method,
        host: Host,
        path_and_query: &str,
    ) -> http::request::Builder {
        Request::builder()
            .method(method)
            .uri(format!("{}{path_and_query}", self.base(host)))
            .header(header::USER_AGENT, self.user_agent.clone())
    }

    /// A request with no body.
    pub fn empty(
        &self,
        method: Method,
        host: Host,
        path_and_query: &str,
    ) -> Result<Request<Body>, Error> {
        self.build(method, host, path_and_query, None)
    }

    /// A request with `body` as JSON.
    pub fn json(
        &self,
        method: Method,
        host: Host,
        path_and_query: &str,
        body: &impl Serialize,
    ) -> Result<Request<Body>, Error> {
        self.build(method, host, path_and_query, Some(body))
    }

    /// A request with `body` as JSON, or with no body.
    fn build(
        &self,
        method: Method,
        host: Host,
        path_and_query: &str,
        body: Option<&dyn JsonBody>,
    ) -> Result<Request<Body>, Error> {
        let request = match body {
            None => self
                .builder(method, host, path_and_query)?
                .body(Body::empty()),
            Some(body) => {
                let json = body.to_json()?;
                self.builder(method, host, path_and_query)?
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(json))
            }
        };
        request.map_err(|e| InputError::InvalidRequest(e.to_string()).into())
    }
}

/// Whether a request to `base` would cross the network unencrypted: anything but `https` to a
/// host other than loopback (`localhost`, `127.0.0.0/8`, `::1`). A base that is not a URL is
/// not: its requests fail to build anyway.
fn in_clear(base: &str) -> bool {
    let Ok(uri) = base.parse::<http::Uri>() else {
        return false;
    };
    if uri.scheme() == Some(&http::uri::Scheme::HTTPS) {
        return false;
    }
    let host = uri.host().unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    !loopback
}

impl fmt::Debug for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Api")
            .field("api_base", &self.api_base)
            .field("upload_base", &self.upload_base)
            .field("insecure_http_auth", &self.insecure_http_auth)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// `id` percent-encoded as one path segment; an id that is empty, `.` or `..` is refused before
/// any request.
///
/// ```
/// assert_eq!(imagekit::api::segment("a b/c").unwrap(), "a%20b%2Fc");
/// assert!(imagekit::api::segment("").is_err());
/// // `/v1/files/..` would be `/v1/` on the server.
/// assert!(imagekit::api::segment("..").is_err());
/// assert!(imagekit::api::segment(".").is_err());
/// assert_eq!(imagekit::api::segment("...").unwrap(), "...");
/// ```
pub fn segment(id: &str) -> Result<String, Error> {
    if id.is_empty() {
        return Err(InputError::EmptyId.into());
    }
    if id == "." || id == ".." {
        // Sent as is (they are unreserved characters), the server would resolve them to
        // another route: `/v1/files/..` is `/v1/`.
        return Err(InputError::DotId(id.to_string()).into());
    }
    let mut out = String::with_capacity(id.len());
    encode(&mut out, id, Set::ComponentInForm, false);
    Ok(out)
}

/// A success answer's JSON body as `T`; an error answer as an [`Error`].
pub fn parse_json<T: DeserializeOwned>(response: Response<Bytes>) -> Result<T, Error> {
    if !response.status().is_success() {
        return Err(Error::from_response(&response));
    }
    serde_json::from_slice(response.body()).map_err(|e| Error::decode(&response, &e))
}

/// A success answer whose body does not matter (204 and the like); an error answer as an
/// [`Error`].
pub fn parse_empty(response: Response<Bytes>) -> Result<(), Error> {
    if response.status().is_success() {
        Ok(())
    } else {
        Err(Error::from_response(&response))
    }
}

/// Builds `path?name=value&…`, form-encoding names and values and leaving out absent ones.
pub(crate) struct Query {
    text: String,
    first: bool,
}

impl Query {
    /// Starts at `path` (already encoded).
    pub(crate) fn new(path: &str) -> Self {
        Query {
            text: path.to_string(),
            first: true,
        }
    }

    /// Adds `name=value` when `value` is there.
    pub(crate) fn opt(mut self, name: &str, value: Option<impl core::fmt::Display>) -> Self {
        if let Some(value) = value {
            self.text.push(if self.first { '?' } else { '&' });
            self.first = false;
            encode(&mut self.text, name, Set::Form, false);
            self.text.push('=');
            encode(&mut self.text, &value.to_string(), Set::Form, false);
        }
        self
    }

    /// The path and query.
    pub(crate) fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_carry_basic_auth_and_the_user_agent_and_hide_the_key() {
        let api = Api::new(
            "http://127.0.0.1:4010/",
            "http://127.0.0.1:4010",
            Some("private_key_test"),
        );
        let request = api
            .json(
                Method::POST,
                Host::Api,
                "/v1/files/purge",
                &serde_json::json!({"url": "u"}),
            )
            .unwrap();
        assert_eq!(request.uri(), "http://127.0.0.1:4010/v1/files/purge");
        // base64("private_key_test:")
        assert_eq!(
            request.headers()["authorization"],
            "Basic cHJpdmF0ZV9rZXlfdGVzdDo="
        );
        assert!(request.headers()["authorization"].is_sensitive());
        assert!(request.headers()["user-agent"]
            .to_str()
            .unwrap()
            .starts_with("imagekit-rust/"));
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(
            request.body().as_bytes().unwrap().as_ref(),
            br#"{"url":"u"}"#
        );
        assert!(!format!("{api:?}").contains("cHJpdmF0ZV9rZXlfdGVzdDo"));
        let no_key = Api::new(API_BASE, UPLOAD_BASE, None);
        assert!(no_key.empty(Method::GET, Host::Api, "/v1/files").is_err());
    }

    #[test]
    fn answers_parse_or_become_errors() {
        let ok = Response::builder()
            .status(200)
            .body(Bytes::from_static(br#"{"a": 1}"#))
            .unwrap();
        assert_eq!(parse_json::<serde_json::Value>(ok).unwrap()["a"], 1);
        let bad = Response::builder()
            .status(200)
            .body(Bytes::from_static(b"<html>"))
            .unwrap();
        assert!(parse_json::<serde_json::Value>(bad)
            .unwrap_err()
            .is_decode());
        let missing = Response::builder()
            .status(404)
            .body(Bytes::from_static(br#"{"message": "No"}"#))
            .unwrap();
        assert!(parse_empty(missing).unwrap_err().is_not_found());
    }

    #[test]
    fn the_query_leaves_out_absent_values_and_encodes_the_rest() {
        let q = Query::new("/v1/files")
            .opt("type", Some("file"))
            .opt("path", None::<&str>)
            .opt("searchQuery", Some(r#"createdAt > "7d""#))
            .opt("limit", Some(10))
            .finish();
        assert_eq!(
            q,
            "/v1/files?type=file&searchQuery=createdAt+%3E+%227d%22&limit=10"
        );
    }
}
