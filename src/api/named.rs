//! Named transformations: short, reusable names for transformation strings, used in URLs as
//! `tr:n-<name>` (`/v1/named-transformations`). Not in the OpenAPI file; shapes from api.md.
//!
//! Renaming, disabling or deleting one that an upload pre- or post-transformation still
//! references fails with a 409: an [`Error`] whose [`is_conflict`](Error::is_conflict) is true.
//!
//! The create / list / get / update / delete shape is shared with webhook endpoints through the
//! generic operations of [`crud`].
//!
//! ```
//! use imagekit::api::named::{
//!     CreateNamedTransformation, DeleteNamedTransformation, UpdateNamedTransformation,
//! };
//!
//! async fn example(ik: &imagekit::ImageKit) -> Result<(), imagekit::Error> {
//!     let thumb = ik
//!         .create_named_transformation(&CreateNamedTransformation::new("thumb", "w-300,h-200"))
//!         .await?;
//!     ik.update_named_transformation(&UpdateNamedTransformation::new(&thumb.id).enabled(false))
//!         .await?;
//!     match ik
//!         .delete_named_transformation(&DeleteNamedTransformation::new(&thumb.id))
//!         .await
//!     {
//!         Err(e) if e.is_conflict() => println!("still in use: {:?}", e.message()),
//!         other => other?,
//!     }
//!     Ok(())
//! }
//! ```

use serde::{Deserialize, Serialize};

use self::crud::{Create, Delete, Get, List, Resource, Update};
use crate::error::Error;

pub mod crud {
    //! The create / list / get / update / delete operations of a resource that lives at a
    //! collection path (`POST` and `GET` on the collection, `GET`, `PATCH` and `DELETE` on
    //! `<collection>/<id>`), generic over the [`Resource`]. Named transformations and webhook
    //! endpoints are two such resources.

    use core::marker::PhantomData;

    use bytes::Bytes;
    use http::{Method, Request, Response};
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    use crate::error::Error;
    use crate::operation::{parse_empty, parse_json, segment, Api, Host, Operation};
    use crate::retry::Repeat;
    use crate::transport::Body;

    /// An object type of the API with the CRUD shape: where it lives and what its create and
    /// update bodies are.
    pub trait Resource: DeserializeOwned + Send + Sync + 'static {
        /// The body of a create (`POST <collection>`).
        type Create: Serialize + Send + Sync;
        /// The body of an update (`PATCH <collection>/<id>`): only the fields present change.
        type Update: Serialize + Send + Sync;
        /// The collection path, e.g. `/v1/named-transformations`.
        const COLLECTION: &'static str;
    }

    /// `<collection>/<id>`, the id percent-encoded; an empty id is refused.
    fn item<R: Resource>(id: &str) -> Result<String, Error> {
        Ok(format!("{}/{}", R::COLLECTION, segment(id)?))
    }

    /// Creates a `R` (`POST <collection>`); answers the created object. Not repeated once sent.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Create<R: Resource> {
        /// What to create.
        pub body: R::Create,
    }

    /// Lists every `R` (`GET <collection>`).
    #[derive(Debug, Clone, PartialEq)]
    pub struct List<R> {
        resource: PhantomData<fn() -> R>,
    }

    impl<R> List<R> {
        /// The listing.
        pub fn new() -> Self {
            List {
                resource: PhantomData,
            }
        }
    }

    impl<R> Default for List<R> {
        fn default() -> Self {
            Self::new()
        }
    }

    /// Reads one `R` by id (`GET <collection>/<id>`).
    #[derive(Debug, Clone, PartialEq)]
    pub struct Get<R> {
        /// The id.
        pub id: String,
        resource: PhantomData<fn() -> R>,
    }

    impl<R> Get<R> {
        /// The read of `id`.
        pub fn new(id: impl Into<String>) -> Self {
            Get {
                id: id.into(),
                resource: PhantomData,
            }
        }
    }

    /// Changes the fields present in `body` of one `R` (`PATCH <collection>/<id>`); answers the
    /// updated object.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Update<R: Resource> {
        /// The id.
        pub id: String,
        /// The changes.
        pub body: R::Update,
    }

    impl<R: Resource> Update<R>
    where
        R::Update: Default,
    {
        /// An update of `id` that changes nothing yet.
        pub fn new(id: impl Into<String>) -> Self {
            Update {
                id: id.into(),
                body: R::Update::default(),
            }
        }
    }

    /// Deletes one `R` by id (`DELETE <collection>/<id>`).
    #[derive(Debug, Clone, PartialEq)]
    pub struct Delete<R> {
        /// The id.
        pub id: String,
        resource: PhantomData<fn() -> R>,
    }

    impl<R> Delete<R> {
        /// The deletion of `id`.
        pub fn new(id: impl Into<String>) -> Self {
            Delete {
                id: id.into(),
                resource: PhantomData,
            }
        }
    }

    impl<R: Resource> Operation for Create<R> {
        type Output = R;

        fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
            api.json(Method::POST, Host::Api, R::COLLECTION, &self.body)
        }

        fn parse(&self, response: Response<Bytes>) -> Result<R, Error> {
            parse_json(response)
        }

        fn repeat(&self) -> Repeat {
            Repeat::IfNotSent
        }
    }

    impl<R: Resource> Operation for List<R> {
        type Output = Vec<R>;

        fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
            api.empty(Method::GET, Host::Api, R::COLLECTION)
        }

        fn parse(&self, response: Response<Bytes>) -> Result<Vec<R>, Error> {
            parse_json(response)
        }
    }

    impl<R: Resource> Operation for Get<R> {
        type Output = R;

        fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
            api.empty(Method::GET, Host::Api, &item::<R>(&self.id)?)
        }

        fn parse(&self, response: Response<Bytes>) -> Result<R, Error> {
            parse_json(response)
        }
    }

    impl<R: Resource> Operation for Update<R> {
        type Output = R;

        fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
            api.json(Method::PATCH, Host::Api, &item::<R>(&self.id)?, &self.body)
        }

        fn parse(&self, response: Response<Bytes>) -> Result<R, Error> {
            parse_json(response)
        }
    }

    impl<R: Resource> Operation for Delete<R> {
        type Output = ();

        fn request(&self, api: &Api) -> Result<Request<Body>, Error> {
            api.empty(Method::DELETE, Host::Api, &item::<R>(&self.id)?)
        }

        fn parse(&self, response: Response<Bytes>) -> Result<(), Error> {
            parse_empty(response)
        }
    }
}

/// A named transformation. Fields the API leaves out are empty or `None`; fields it adds later
/// are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedTransformation {
    /// The id.
    #[serde(default)]
    pub id: String,
    /// The name, used in URLs as `tr:n-<name>`.
    #[serde(default)]
    pub name: String,
    /// The transformation string it stands for, e.g. `w-300,h-200`.
    #[serde(default)]
    pub transformation: String,
    /// Whether it is enabled (a disabled one fails at delivery).
    #[serde(default)]
    pub enabled: Option<bool>,
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

/// The body of [`CreateNamedTransformation`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewNamedTransformation {
    /// The name (letters, digits and `_`; unique in the account).
    pub name: String,
    /// The transformation string, e.g. `w-300,h-200`.
    pub transformation: String,
    /// Whether it is enabled (the API's default: enabled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// The body of [`UpdateNamedTransformation`]: only the fields given change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedTransformationChanges {
    /// A new name (a 409 while something references the old one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new transformation string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transformation: Option<String>,
    /// Enables or disables it (disabling: a 409 while something references it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

impl Resource for NamedTransformation {
    type Create = NewNamedTransformation;
    type Update = NamedTransformationChanges;
    const COLLECTION: &'static str = "/v1/named-transformations";
}

/// `POST /v1/named-transformations`: creates a named transformation.
pub type CreateNamedTransformation = Create<NamedTransformation>;
/// `GET /v1/named-transformations`: lists the named transformations.
pub type ListNamedTransformations = List<NamedTransformation>;
/// `GET /v1/named-transformations/{id}`: reads a named transformation.
pub type GetNamedTransformation = Get<NamedTransformation>;
/// `PATCH /v1/named-transformations/{id}`: changes a named transformation.
pub type UpdateNamedTransformation = Update<NamedTransformation>;
/// `DELETE /v1/named-transformations/{id}`: deletes a named transformation (409 while it is
/// still referenced).
pub type DeleteNamedTransformation = Delete<NamedTransformation>;

impl Create<NamedTransformation> {
    /// Creates `name` standing for `transformation` (e.g. `w-300,h-200`).
    pub fn new(name: impl Into<String>, transformation: impl Into<String>) -> Self {
        Create {
            body: NewNamedTransformation {
                name: name.into(),
                transformation: transformation.into(),
                enabled: None,
            },
        }
    }

    /// Creates it enabled or disabled.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.body.enabled = Some(enabled);
        self
    }
}

impl Update<NamedTransformation> {
    /// Renames it.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.body.name = Some(name.into());
        self
    }

    /// Changes the transformation string.
    pub fn transformation(mut self, transformation: impl Into<String>) -> Self {
        self.body.transformation = Some(transformation.into());
        self
    }

    /// Enables or disables it.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.body.enabled = Some(enabled);
        self
    }
}

impl crate::ImageKit {
    /// Creates a named transformation (`POST /v1/named-transformations`).
    pub async fn create_named_transformation(
        &self,
        params: &CreateNamedTransformation,
    ) -> Result<NamedTransformation, Error> {
        self.send(params).await
    }

    /// Lists the account's named transformations (`GET /v1/named-transformations`).
    pub async fn list_named_transformations(&self) -> Result<Vec<NamedTransformation>, Error> {
        self.send(&ListNamedTransformations::new()).await
    }

    /// Reads a named transformation (`GET /v1/named-transformations/{id}`).
    pub async fn get_named_transformation(
        &self,
        params: &GetNamedTransformation,
    ) -> Result<NamedTransformation, Error> {
        self.send(params).await
    }

    /// Changes a named transformation (`PATCH /v1/named-transformations/{id}`); a 409
    /// ([`Error::is_conflict`]) when renaming or disabling one still referenced.
    pub async fn update_named_transformation(
        &self,
        params: &UpdateNamedTransformation,
    ) -> Result<NamedTransformation, Error> {
        self.send(params).await
    }

    /// Deletes a named transformation (`DELETE /v1/named-transformations/{id}`); a 409
    /// ([`Error::is_conflict`]) while it is still referenced.
    pub async fn delete_named_transformation(
        &self,
        params: &DeleteNamedTransformation,
    ) -> Result<(), Error> {
        self.send(params).await
    }
}
