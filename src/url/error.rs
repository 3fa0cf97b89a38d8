//! Input the SDK refuses before doing anything: bad URL options first of all, and the few
//! checks the signing helpers and API requests share (missing keys, empty ids). No I/O and no
//! HTTP types, so URL-only builds have it.

use core::fmt;

/// Input the SDK refuses before doing anything: the message says what to change.
///
/// ```
/// let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo").unwrap();
/// let err = ik.url(&imagekit::UrlOptions::path("/")).unwrap_err();
/// assert_eq!(err.input_error(), Some(&imagekit::InputError::MissingPathOrSrc));
/// assert_eq!(err.to_string(), "path or src is required");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    /// Neither `path` nor `src` has anything left after trimming slashes.
    MissingPathOrSrc,
    /// `src` is not an `http://` or `https://` URL.
    SrcNotHttp,
    /// The URL endpoint is empty.
    EndpointEmpty,
    /// The URL endpoint is not an `http://` or `https://` URL.
    EndpointNotHttp,
    /// The URL endpoint has no host after the scheme (`https:///demo`).
    EndpointNoHost,
    /// The URL endpoint holds whitespace or a control character (the endpoint).
    EndpointBadChar(String),
    /// The URL endpoint holds `?` or `#`.
    EndpointQuery,
    /// `src` has no host after the scheme (`https:///a.jpg`).
    SrcNoHost,
    /// The host of `src` holds whitespace or a control character (the host).
    SrcHostBadChar(String),
    /// An option the JSON options do not have (its name).
    UnknownOption(String),
    /// The JSON options are not JSON (what is wrong, and where).
    InvalidJson(String),
    /// A JSON integer beyond ±2^53 (as written).
    IntegerOutOfRange(String),
    /// A JSON number too large for a 64-bit float (as written).
    FloatOutOfRange(String),
    /// An empty name (where: a transformation step or `query_parameters`).
    EmptyName(&'static str),
    /// `transformation_position` is neither `path` nor `query`.
    BadPosition,
    /// `expire_seconds` is below zero.
    NegativeExpiry,
    /// A field has the wrong JSON type (`field`, what it must be).
    WrongType(&'static str, &'static str),
    /// A transformation value is an object (only `overlay` takes one).
    ObjectValue(String),
    /// A transformation value is a list on a name that takes none.
    ArrayValue(String),
    /// A `streaming_resolutions` list holds something other than strings and numbers (what).
    ListElement(&'static str),
    /// A query parameter value is an object or a list.
    QueryValueNotScalar(String),
    /// A float that is NaN or infinite.
    NonFiniteNumber(String),
    /// An overlay has no `type`.
    OverlayWithoutType,
    /// An overlay `type` other than text, image, video, subtitle, solid_color.
    UnknownOverlayType(String),
    /// A key the overlay (or its `position` / `timing`, named in the second field) does not know.
    UnknownOverlayKey(String, &'static str),
    /// An overlay's `position` or `timing` (named) is not an object.
    OverlayPlaceNotObject(&'static str),
    /// An overlay `encoding` other than auto, plain, base64.
    UnknownOverlayEncoding(String),
    /// An overlay's `text`, `input`, `color` or `layer_mode` (named) is not a string or a
    /// number (what it is).
    OverlayValue(&'static str, &'static str),
    /// A value of an overlay's `position` or `timing` (the place, the key, what the value is)
    /// is not a number or a string.
    OverlayPlaceValue(&'static str, &'static str, &'static str),
    /// Signing needs the private key, and the client has none.
    MissingPrivateKey,
    /// A given `expire` is not within the next hour.
    ExpireOutOfRange,
    /// A pHash is not 16 hex digits.
    InvalidPhash(String),
    /// An id in a request path is empty.
    EmptyId,
    /// A request body could not be written as JSON.
    Unserializable(String),
    /// The request could not be built (a base URL that is not a URL, a bad header value…).
    InvalidRequest(String),
    /// No transport to send requests with (enable the `hyper` or `isahc` feature, or give one).
    NoTransport,
    /// The upload v2 JWT names the public key, and the client has none.
    MissingPublicKey,
    /// A base URL is not an `http(s)` URL with a host and no query or fragment.
    InvalidBaseUrl(String),
    /// An id in a request path is `.` or `..`, which would change the path.
    DotId(String),
    /// A base URL is plain `http://` to a host other than loopback (`localhost`, `127.0.0.0/8`,
    /// `::1`), so the private key would cross the network in the clear; allowed only with
    /// `ImageKitBuilder::allow_insecure_http_auth` or `ImageKit::with_insecure_http_auth`.
    InsecureHttpAuth(String),
    /// An environment variable's value is invalid (its name, and what is wrong with it).
    InvalidVariable(&'static str, Box<InputError>),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::MissingPathOrSrc => f.write_str("path or src is required"),
            InputError::SrcNotHttp => f.write_str("src must start with http:// or https://"),
            InputError::EndpointEmpty => f.write_str("url_endpoint is empty"),
            InputError::EndpointNotHttp => {
                f.write_str("url_endpoint must start with http:// or https://")
            }
            InputError::EndpointNoHost => f.write_str("url_endpoint has no host after the scheme"),
            InputError::EndpointBadChar(endpoint) => write!(
                f,
                "url_endpoint contains whitespace or a control character: {endpoint:?}"
            ),
            InputError::EndpointQuery => f.write_str(
                "url_endpoint contains ? or #: a query or fragment belongs in path, src or query_parameters",
            ),
            InputError::SrcNoHost => f.write_str("src has no host after the scheme"),
            InputError::SrcHostBadChar(host) => write!(
                f,
                "the host of src contains whitespace or a control character: {host:?}"
            ),
            InputError::UnknownOption(name) => {
                write!(f, "unknown option {name:?}: {}", option_hint(name))
            }
            InputError::InvalidJson(problem) => write!(f, "the options are not JSON: {problem}"),
            InputError::IntegerOutOfRange(n) => write!(
                f,
                "integer {n} is outside -2^53..2^53 (JSON parsers disagree on such numbers; write it as a string)"
            ),
            InputError::FloatOutOfRange(n) => {
                write!(f, "number {n} is beyond the range of a 64-bit float")
            }
            InputError::EmptyName(place) => write!(f, "empty name in {place}"),
            InputError::BadPosition => f.write_str("transformation_position must be path or query"),
            InputError::NegativeExpiry => f.write_str("expire_seconds is negative"),
            InputError::WrongType(field, want) => write!(f, "{field} must be {want}"),
            InputError::ObjectValue(name) => write!(f, "object value for '{name}'"),
            InputError::ArrayValue(name) => write!(
                f,
                "array value for '{name}' (only streaming_resolutions takes a list)"
            ),
            InputError::ListElement(found) => write!(
                f,
                "streaming_resolutions list element must be a string or a number, not {found}"
            ),
            InputError::QueryValueNotScalar(name) => {
                write!(f, "object or array as a query parameter value ('{name}')")
            }
            InputError::NonFiniteNumber(name) => {
                write!(f, "the number for '{name}' is not finite")
            }
            InputError::OverlayWithoutType => f.write_str("overlay without a type"),
            InputError::UnknownOverlayType(t) => write!(f, "unknown overlay type {t:?}"),
            InputError::UnknownOverlayKey(key, "") => write!(f, "unknown key '{key}' in overlay"),
            InputError::UnknownOverlayKey(key, place) => {
                write!(f, "unknown key '{key}' in overlay {place}")
            }
            InputError::OverlayPlaceNotObject(place) => {
                write!(f, "overlay {place} must be an object")
            }
            InputError::UnknownOverlayEncoding(e) => write!(f, "unknown overlay encoding {e:?}"),
            InputError::OverlayValue(key, found) => {
                write!(f, "overlay {key} must be a string or a number, not {found}")
            }
            InputError::OverlayPlaceValue(place, key, found) => write!(
                f,
                "overlay {place} value {key} must be a number or a string, not {found}"
            ),
            InputError::MissingPrivateKey => {
                f.write_str("signing needs the private key (IMAGEKIT_PRIVATE_KEY)")
            }
            InputError::ExpireOutOfRange => {
                f.write_str("expire must be a unix time in seconds less than one hour ahead")
            }
            InputError::InvalidPhash(s) => write!(f, "{s:?} is not a 64-bit hex pHash"),
            InputError::EmptyId => f.write_str("an id in the request path is empty"),
            InputError::Unserializable(e) => write!(f, "the request body is not JSON: {e}"),
            InputError::InvalidRequest(e) => write!(f, "the request cannot be built: {e}"),
            InputError::NoTransport => f.write_str(
                "no transport: enable the hyper or isahc feature, or call ImageKit::with_transport",
            ),
            InputError::MissingPublicKey => {
                f.write_str("the upload token needs the public key (IMAGEKIT_PUBLIC_KEY)")
            }
            InputError::DotId(id) => {
                write!(f, "the id {id:?} would change the request path")
            }
            InputError::InvalidBaseUrl(base) => write!(
                f,
                "base URL {base:?} (IMAGEKIT_BASE_URL) must be an http:// or https:// URL with a host and no query or fragment"
            ),
            InputError::InvalidVariable(name, problem) => write!(f, "{name}: {problem}"),
            InputError::InsecureHttpAuth(base) => write!(
                f,
                "base URL {base:?} (IMAGEKIT_BASE_URL) is plain http:// to a host that is not loopback: \
                 the private key would be sent unencrypted; use https://, or opt in with \
                 allow_insecure_http_auth (ImageKitBuilder) or with_insecure_http_auth (ImageKit)"
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// What to write instead of an unknown option: ours when it is another SDK's spelling.
fn option_hint(name: &str) -> &'static str {
    match name {
        "urlEndpoint" => "the option is url_endpoint",
        "transformationPosition" => "the option is transformation_position",
        "queryParameters" => "the option is query_parameters",
        "expiresIn" | "expires_in" | "expireSeconds" => {
            "the option is expire_seconds (read only with signed: true)"
        }
        "privateKey" | "private_key" => {
            "keys are not URL options (IMAGEKIT_PRIVATE_KEY or the client's private key is used)"
        }
        "publicKey" | "public_key" => {
            "keys are not URL options (IMAGEKIT_PUBLIC_KEY or the client's public key is used)"
        }
        _ => {
            "the options are path, src, url_endpoint, transformation, transformation_position, \
              query_parameters, signed, expire_seconds, now"
        }
    }
}

/// What the URL writers return: the error boxed, so a result is one word and the success path
/// costs nothing to check.
pub(crate) type Written<T = ()> = Result<T, Box<InputError>>;
