//! What a URL is built from: [`UrlOptions`] and [`TransformationPosition`].
//!
//! Uses: `transform` (the steps) and `value`.

use std::borrow::Cow;

use super::transform::Steps;
use super::value::Value;

/// Where the transformation goes: a `tr:` path segment or the `tr` query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TransformationPosition {
    /// `…/tr:w-300/path.jpg` (only with `path`; a `src` URL always takes the query).
    #[default]
    Path,
    /// `…/path.jpg?tr=w-300`.
    Query,
}

/// What to build a URL from. Borrows everything, so building options costs no allocation.
///
/// ```
/// use imagekit::{ImageKit, Transform, TransformationPosition, UrlOptions, Value};
/// let ik = ImageKit::new("https://ik.imagekit.io/demo").unwrap();
/// let steps = [Transform::width(300)];
/// let query = [("v", Value::from("2"))];
/// let opts = UrlOptions::path("/a.jpg")
///     .transformation(&steps)
///     .position(TransformationPosition::Query)
///     .query_parameters(&query);
/// assert_eq!(ik.url(&opts).unwrap(), "https://ik.imagekit.io/demo/a.jpg?v=2&tr=w-300");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct UrlOptions<'a> {
    pub(crate) path: Option<&'a str>,
    pub(crate) src: Option<&'a str>,
    pub(crate) url_endpoint: Option<&'a str>,
    pub(crate) transformation: Steps<'a>,
    pub(crate) position: TransformationPosition,
    pub(crate) query: Cow<'a, [(&'a str, Value<'a>)]>,
    pub(crate) signed: bool,
    pub(crate) expire_seconds: u64,
}

impl Default for UrlOptions<'_> {
    /// No path or src yet (building fails until one is set).
    fn default() -> Self {
        UrlOptions {
            path: None,
            src: None,
            url_endpoint: None,
            transformation: Steps::default(),
            position: TransformationPosition::Path,
            // Borrowed, unlike `Cow::default()`, so options built from borrowed parts drop for free.
            query: Cow::Borrowed(&[]),
            signed: false,
            expire_seconds: 0,
        }
    }
}

impl<'a> UrlOptions<'a> {
    /// A file under the URL endpoint.
    pub fn path(path: &'a str) -> Self {
        UrlOptions {
            path: Some(path),
            ..Default::default()
        }
    }

    /// A complete URL; the transformation then goes into the query. A non-empty `path` wins.
    pub fn src(src: &'a str) -> Self {
        UrlOptions {
            src: Some(src),
            ..Default::default()
        }
    }

    /// The `src` to use when `path` is empty after trimming slashes.
    pub fn with_src(mut self, src: &'a str) -> Self {
        self.src = Some(src);
        self
    }

    /// Overrides the client's URL endpoint for this URL.
    pub fn url_endpoint(mut self, endpoint: &'a str) -> Self {
        self.url_endpoint = Some(endpoint);
        self
    }

    /// The transformation steps.
    pub fn transformation(mut self, steps: impl Into<Steps<'a>>) -> Self {
        self.transformation = steps.into();
        self
    }

    /// Where the transformation goes.
    pub fn position(mut self, position: TransformationPosition) -> Self {
        self.position = position;
        self
    }

    /// Parameters added to the query, in order (a `Null` value adds nothing).
    pub fn query_parameters(mut self, params: &'a [(&'a str, Value<'a>)]) -> Self {
        self.query = Cow::Borrowed(params);
        self
    }

    /// Adds `ik-s` (the client needs the private key).
    pub fn signed(mut self, signed: bool) -> Self {
        self.signed = signed;
        self
    }

    /// With `signed`: the URL expires this many seconds from now (`ik-t`); 0 never expires.
    pub fn expire_seconds(mut self, seconds: u64) -> Self {
        self.expire_seconds = seconds;
        self
    }
}
