//! Tags in bulk: add tags to, remove tags from, or remove AI tags from up to 50 files at once.
//! The three operations share one request shape (file ids and tag names) and one answer: the
//! ids updated, and with a partial success (HTTP 207) the files that failed and why.
//!
//! ```no_run
//! use imagekit::api::tags::{AddTags, RemoveAiTags};
//! use imagekit::api::Outcome;
//!
//! # async fn run() -> Result<(), imagekit::Error> {
//! let ik = imagekit::ImageKit::new("https://ik.imagekit.io/your_imagekit_id")?
//!     .with_private_key("private_key_...");
//! let files = ["598821f949c0a938d57563bd", "598821f949c0a938d57563be"];
//! match ik.add_tags(&AddTags::new(files, ["t-shirt", "sale2019"])).await? {
//!     Outcome::Complete(done) => println!("tagged {:?}", done.successfully_updated_file_ids),
//!     Outcome::Partial(partial) => {
//!         for failed in &partial.errors {
//!             println!("{:?}: {:?}", failed.file_id, failed.error);
//!         }
//!     }
//! }
//! ik.remove_ai_tags(&RemoveAiTags::new(files, ["Shirt"])).await?;
//! # Ok(())
//! # }
//! ```

use core::fmt;
use core::marker::PhantomData;

use http::Method;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use super::FileFailure;
use super::Outcome;
use super::{Endpoint, JsonBody};
use crate::error::Error;

mod sealed {
    pub trait Sealed {}
}

/// What a [`BulkTags`] request does: its endpoint and the name of its tag list. Implemented by
/// [`Add`], [`Remove`] and [`RemoveAi`] only.
pub trait TagAction: sealed::Sealed + Send + Sync + 'static {
    /// The request path.
    const PATH: &'static str;
    /// The JSON name of the tag list.
    const FIELD: &'static str;
}

/// Declares a [`TagAction`] marker.
macro_rules! tag_action {
    ($(#[$meta:meta])* $name:ident, $path:literal, $field:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name;

        impl sealed::Sealed for $name {}

        impl TagAction for $name {
            const PATH: &'static str = $path;
            const FIELD: &'static str = $field;
        }
    };
}

tag_action! {
    /// Adds tags: `POST /v1/files/addTags` with `tags`.
    Add, "/v1/files/addTags", "tags"
}

tag_action! {
    /// Removes tags: `POST /v1/files/removeTags` with `tags`.
    Remove, "/v1/files/removeTags", "tags"
}

tag_action! {
    /// Removes AI tags: `POST /v1/files/removeAITags` with `AITags`.
    RemoveAi, "/v1/files/removeAITags", "AITags"
}

/// A bulk tag change on up to 50 files: [`AddTags`], [`RemoveTags`] or [`RemoveAiTags`].
pub struct BulkTags<A: TagAction> {
    /// The files to change.
    pub file_ids: Vec<String>,
    /// The tags to add or remove (AI tag names for [`RemoveAiTags`]).
    pub tags: Vec<String>,
    action: PhantomData<A>,
}

/// `POST /v1/files/addTags`: adds tags to files.
pub type AddTags = BulkTags<Add>;
/// `POST /v1/files/removeTags`: removes tags from files.
pub type RemoveTags = BulkTags<Remove>;
/// `POST /v1/files/removeAITags`: removes AI tags from files.
pub type RemoveAiTags = BulkTags<RemoveAi>;

impl<A: TagAction> BulkTags<A> {
    /// The change of `tags` on the files `file_ids`.
    pub fn new(
        file_ids: impl IntoIterator<Item = impl Into<String>>,
        tags: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        BulkTags {
            file_ids: file_ids.into_iter().map(Into::into).collect(),
            tags: tags.into_iter().map(Into::into).collect(),
            action: PhantomData,
        }
    }
}

impl<A: TagAction> fmt::Debug for BulkTags<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BulkTags")
            .field("path", &A::PATH)
            .field("file_ids", &self.file_ids)
            .field("tags", &self.tags)
            .finish()
    }
}

impl<A: TagAction> Clone for BulkTags<A> {
    fn clone(&self) -> Self {
        BulkTags {
            file_ids: self.file_ids.clone(),
            tags: self.tags.clone(),
            action: PhantomData,
        }
    }
}

impl<A: TagAction> PartialEq for BulkTags<A> {
    fn eq(&self, other: &Self) -> bool {
        self.file_ids == other.file_ids && self.tags == other.tags
    }
}

impl<A: TagAction> Eq for BulkTags<A> {}

/// The body: `{"fileIds": [...], "<tags or AITags>": [...]}`.
impl<A: TagAction> Serialize for BulkTags<A> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("fileIds", &self.file_ids)?;
        map.serialize_entry(A::FIELD, &self.tags)?;
        map.end()
    }
}

impl<A: TagAction> Endpoint for BulkTags<A> {
    const METHOD: Method = Method::POST;
    type Answer = Outcome<TagsResult>;

    fn path(&self) -> Result<String, Error> {
        Ok(A::PATH.to_string())
    }

    fn body(&self) -> Option<&dyn JsonBody> {
        Some(self)
    }
}

/// What a bulk tag change did: the files updated and, on a partial success (HTTP 207), those
/// that were not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TagsResult {
    /// The ids of the files updated.
    #[serde(default)]
    pub successfully_updated_file_ids: Vec<String>,
    /// The files not updated, each with the reason (only on a partial success).
    #[serde(default)]
    pub errors: Vec<FileFailure>,
    /// Fields this version of the SDK does not know.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_list_is_named_by_the_action() {
        let add = AddTags::new(["a"], ["t"]);
        assert_eq!(
            serde_json::to_value(&add).unwrap(),
            serde_json::json!({"fileIds": ["a"], "tags": ["t"]})
        );
        let ai = RemoveAiTags::new(vec!["a".to_string()], ["Shirt"]);
        assert_eq!(
            serde_json::to_value(&ai).unwrap(),
            serde_json::json!({"fileIds": ["a"], "AITags": ["Shirt"]})
        );
        assert_eq!(add.clone(), add);
        assert!(format!("{ai:?}").contains("removeAITags"));
    }
}
