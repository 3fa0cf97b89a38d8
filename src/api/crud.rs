//! The create / list / get / update / delete operations of a resource that lives at a
//! collection path: `GET` lists and `POST` creates on the collection; `GET` reads, the
//! resource's update method changes and `DELETE` removes at `<collection>/<id>`. Saved
//! extensions, origins, URL endpoints, named transformations and webhook endpoints are such
//! resources: each names its path and types in a [`Resource`] impl and gets these operations
//! (with its own constructors for [`Create`] and [`Update`]). Each operation is an
//! [`Endpoint`] like any other, generic over the resource.

use core::marker::PhantomData;

use http::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{segment, Empty, Endpoint, Json, JsonBody};
use crate::error::Error;
use crate::retry::Repeat;

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

impl<R: Resource> Endpoint for List<R> {
    const METHOD: Method = Method::GET;
    type Answer = Json<Vec<R>>;

    fn path(&self) -> Result<String, Error> {
        Ok(R::COLLECTION.to_string())
    }
}

/// Creates an `R`: `POST COLLECTION` with `body` as JSON; the answer (201) is the new one.
/// Retried only when the request provably did not run, since a repeat could create it twice.
#[derive(Debug, Clone, PartialEq)]
pub struct Create<R: Resource> {
    /// What to create.
    pub body: R::Create,
}

impl<R: Resource> Endpoint for Create<R> {
    const METHOD: Method = Method::POST;
    const REPEAT: Repeat = Repeat::IfNotSent;
    type Answer = Json<R>;

    fn path(&self) -> Result<String, Error> {
        Ok(R::COLLECTION.to_string())
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(&self.body)
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

impl<R: Resource> Endpoint for Get<R> {
    const METHOD: Method = Method::GET;
    type Answer = Json<R>;

    fn path(&self) -> Result<String, Error> {
        item_path::<R>(&self.id)
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

impl<R: Resource> Endpoint for Update<R> {
    const METHOD: Method = R::UPDATE;
    type Answer = Json<R>;

    fn path(&self) -> Result<String, Error> {
        item_path::<R>(&self.id)
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(&self.body)
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

impl<R: Resource> Endpoint for Delete<R> {
    const METHOD: Method = Method::DELETE;
    type Answer = Empty;

    fn path(&self) -> Result<String, Error> {
        item_path::<R>(&self.id)
    }
}

/// `Create::new(body)` and `Update::new(id, body)` for a resource whose create and update take a
/// whole body (resources with field-by-field updates write their own constructors).
macro_rules! body_constructors {
    ($resource:ty) => {
        impl $crate::api::crud::Create<$resource> {
            /// Creates the item described by `body`.
            pub fn new(body: <$resource as $crate::api::crud::Resource>::Create) -> Self {
                $crate::api::crud::Create { body }
            }
        }

        impl $crate::api::crud::Update<$resource> {
            /// Updates the item `id` with `body`.
            pub fn new(
                id: impl Into<String>,
                body: <$resource as $crate::api::crud::Resource>::Update,
            ) -> Self {
                $crate::api::crud::Update {
                    id: id.into(),
                    body,
                }
            }
        }
    };
}
pub(crate) use body_constructors;

/// Declares a [`Resource`]: its impl and the five operation types as aliases, with
/// documentation naming the resource and its path (the clients' methods for them are in
/// `client::methods`).
macro_rules! crud_resource {
    (
        $resource:ident, $noun:literal, $path:literal,
        create: $create_body:ty, update: $update_body:ty, $update_method:ident;
        $list:ident, $create:ident, $get:ident, $update:ident, $delete:ident
    ) => {
        impl $crate::api::crud::Resource for $resource {
            type Create = $create_body;
            type Update = $update_body;
            const COLLECTION: &'static str = $path;
            const UPDATE: http::Method = http::Method::$update_method;
        }

        #[doc = concat!("`GET ", $path, "`: lists the ", $noun, "s.")]
        pub type $list = $crate::api::crud::List<$resource>;
        #[doc = concat!("`POST ", $path, "`: creates a ", $noun, ".")]
        pub type $create = $crate::api::crud::Create<$resource>;
        #[doc = concat!("`GET ", $path, "/{id}`: reads a ", $noun, ".")]
        pub type $get = $crate::api::crud::Get<$resource>;
        #[doc = concat!("`", stringify!($update_method), " ", $path, "/{id}`: changes a ", $noun, ".")]
        pub type $update = $crate::api::crud::Update<$resource>;
        #[doc = concat!("`DELETE ", $path, "/{id}`: deletes a ", $noun, ".")]
        pub type $delete = $crate::api::crud::Delete<$resource>;
    };
}
pub(crate) use crud_resource;
