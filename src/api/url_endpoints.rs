//! URL endpoints (beta): the URL prefixes of the account (`https://ik.imagekit.io/<id>/<prefix>`),
//! each with the [origins](super::origins) it fetches from, in order, and an optional rewriter
//! of another service's URLs (Cloudinary, Imgix, Akamai). The default endpoint has the id
//! `default` and an empty prefix.
//!
//! The operations are the [`Resource`](super::crud::Resource) shape shared with origins:
//! [`ListUrlEndpoints`], [`CreateUrlEndpoint`], [`GetUrlEndpoint`], [`UpdateUrlEndpoint`]
//! (`PUT`, a replacement) and [`DeleteUrlEndpoint`].
//!
//! ```
//! use imagekit::api::url_endpoints::{UpdateUrlEndpoint, UrlEndpointRequest, UrlRewriter};
//! use imagekit::api::Operation;
//!
//! let ik = imagekit::ImageKit::new("https://ik.imagekit.io/demo")?.with_private_key("private_key");
//! let update = UpdateUrlEndpoint::new(
//!     "ep_1",
//!     UrlEndpointRequest::new("Product images")
//!         .url_prefix("product-images")
//!         .origins(["origin-id-1"])
//!         .url_rewriter(UrlRewriter::cloudinary(true)),
//! );
//! // `ik.update_url_endpoint(&update).await?` sends it; the request it makes:
//! let request = update.request(ik.api())?;
//! assert_eq!(request.method(), "PUT");
//! assert_eq!(request.uri(), "https://api.imagekit.io/v1/accounts/url-endpoints/ep_1");
//! # Ok::<(), imagekit::Error>(())
//! ```

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::string_enum;

string_enum! {
    /// Whose URLs a URL endpoint rewrites.
    UrlRewriterType {
        /// `CLOUDINARY`
        Cloudinary = "CLOUDINARY",
        /// `IMGIX`
        Imgix = "IMGIX",
        /// `AKAMAI`
        Akamai = "AKAMAI",
    }
}

/// How a URL endpoint rewrites another service's URLs into ImageKit's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UrlRewriter {
    /// Whose URLs.
    #[serde(rename = "type")]
    pub rewriter_type: UrlRewriterType,
    /// Cloudinary only: whether `<asset_type>/<delivery_type>` stays in the rewritten URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preserve_asset_delivery_types: Option<bool>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UrlRewriter {
    /// A rewriter of `rewriter_type` with no options.
    pub fn new(rewriter_type: UrlRewriterType) -> Self {
        UrlRewriter {
            rewriter_type,
            preserve_asset_delivery_types: None,
            extra: Map::new(),
        }
    }

    /// Rewrites Cloudinary URLs, keeping `<asset_type>/<delivery_type>` or not.
    pub fn cloudinary(preserve_asset_delivery_types: bool) -> Self {
        UrlRewriter {
            preserve_asset_delivery_types: Some(preserve_asset_delivery_types),
            ..UrlRewriter::new(UrlRewriterType::Cloudinary)
        }
    }

    /// Rewrites Imgix URLs.
    pub fn imgix() -> Self {
        UrlRewriter::new(UrlRewriterType::Imgix)
    }

    /// Rewrites Akamai URLs.
    pub fn akamai() -> Self {
        UrlRewriter::new(UrlRewriterType::Akamai)
    }
}

/// A URL endpoint as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UrlEndpoint {
    /// Its id (`default` for the default endpoint).
    #[serde(default)]
    pub id: String,
    /// Its description.
    #[serde(default)]
    pub description: String,
    /// The path segment after the account's base URL (empty for the default endpoint).
    #[serde(default)]
    pub url_prefix: String,
    /// The ids of the origins tried, in order, for a file not in the media library.
    #[serde(default)]
    pub origins: Vec<String>,
    /// Its URL rewriter, if any.
    #[serde(default)]
    pub url_rewriter: Option<UrlRewriter>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A URL endpoint to create, or to replace one with.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UrlEndpointRequest {
    /// Its description (1 to 1000 characters).
    pub description: String,
    /// The path segment after the account's base URL (letters, digits and hyphens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_prefix: Option<String>,
    /// The ids of existing origins to try, in order (at most 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origins: Option<Vec<String>>,
    /// A URL rewriter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_rewriter: Option<UrlRewriter>,
}

impl UrlEndpointRequest {
    /// An endpoint described as `description`.
    pub fn new(description: impl Into<String>) -> Self {
        UrlEndpointRequest {
            description: description.into(),
            ..UrlEndpointRequest::default()
        }
    }

    /// Sets the URL prefix.
    pub fn url_prefix(mut self, url_prefix: impl Into<String>) -> Self {
        self.url_prefix = Some(url_prefix.into());
        self
    }

    /// Sets the origins, by id, in the order they are tried.
    pub fn origins<S: Into<String>>(mut self, origins: impl IntoIterator<Item = S>) -> Self {
        self.origins = Some(origins.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the URL rewriter.
    pub fn url_rewriter(mut self, url_rewriter: UrlRewriter) -> Self {
        self.url_rewriter = Some(url_rewriter);
        self
    }
}

super::crud::crud_resource!(
    UrlEndpoint, "URL endpoint", "/v1/accounts/url-endpoints",
    create: UrlEndpointRequest, update: UrlEndpointRequest, PUT;
    ListUrlEndpoints, CreateUrlEndpoint, GetUrlEndpoint, UpdateUrlEndpoint, DeleteUrlEndpoint
);

super::crud::body_constructors!(UrlEndpoint);
