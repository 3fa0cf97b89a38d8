//! Enums of JSON objects told apart by one string field (an origin's `type`, an extension's
//! `name`, an AI task's `type`): a variant per known kind carrying its typed fields, and `Other`
//! keeping the kind and the fields of one this SDK does not know yet, so a new kind never fails
//! decoding and is written back as it came.
//!
//! Uses: nothing of the crate.

use serde::ser::{Error as _, SerializeMap};
use serde::{de::Error as _, Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Reads an object and takes its string `tag` field out: the tag and the other fields.
pub(crate) fn split<'de, D: Deserializer<'de>>(
    d: D,
    tag: &str,
) -> Result<(String, Map<String, Value>), D::Error> {
    let mut fields = Map::<String, Value>::deserialize(d)?;
    match fields.shift_remove(tag) {
        Some(Value::String(kind)) => Ok((kind, fields)),
        Some(other) => Err(D::Error::custom(format_args!(
            "`{tag}` is {other}, not a string"
        ))),
        None => Err(D::Error::custom(format_args!("no `{tag}`"))),
    }
}

/// The fields of a known `kind` as its type.
pub(crate) fn known<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    kind: &str,
    fields: Map<String, Value>,
) -> Result<T, D::Error> {
    serde_json::from_value(Value::Object(fields))
        .map_err(|e| D::Error::custom(format_args!("{kind}: {e}")))
}

/// Writes `fields` (an object's fields) as entries of `map`, but a field named `tag` (the tag
/// is the variant's, written once).
pub(crate) fn write_fields<M: SerializeMap, T: Serialize>(
    map: &mut M,
    tag: &str,
    fields: &T,
) -> Result<(), M::Error> {
    match serde_json::to_value(fields).map_err(M::Error::custom)? {
        Value::Object(fields) => fields
            .iter()
            .filter(|(name, _)| *name != tag)
            .try_for_each(|(name, value)| map.serialize_entry(name, value)),
        _ => Err(M::Error::custom("the fields are not an object")),
    }
}

/// Declares an enum of objects told apart by the string field `tag`: one variant per known
/// kind with its fields' type, and `Other { <tag_field>, fields }`. On the wire, a variant is
/// one object: the tag, then its fields.
macro_rules! tagged_enum {
    (
        $(#[$meta:meta])*
        $name:ident, tag $tag:literal as $tag_field:ident, other fields $fields:ty {
            $($(#[$vmeta:meta])* $variant:ident($payload:ty) = $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant($payload),)+
            /// A kind this version of the SDK does not know, kept as it came.
            Other {
                #[doc = concat!("Its `", $tag, "`.")]
                $tag_field: String,
                /// Its other fields.
                fields: $fields,
            },
        }

        impl $name {
            #[doc = concat!("Its `", $tag, "`, as the API writes it.")]
            pub fn $tag_field(&self) -> &str {
                match self {
                    $($name::$variant(_) => $text,)+
                    $name::Other { $tag_field, .. } => $tag_field,
                }
            }

            /// Writes its fields but the tag as entries of `map`.
            pub(crate) fn serialize_fields<M: serde::ser::SerializeMap>(
                &self,
                map: &mut M,
            ) -> Result<(), M::Error> {
                match self {
                    $($name::$variant(fields) => $crate::api::tagged::write_fields(map, $tag, fields),)+
                    $name::Other { fields, .. } => $crate::api::tagged::write_fields(map, $tag, fields),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                map.serialize_entry($tag, self.$tag_field())?;
                self.serialize_fields(&mut map)?;
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let (kind, fields) = $crate::api::tagged::split(d, $tag)?;
                match kind.as_str() {
                    $($text => $crate::api::tagged::known::<D, _>(&kind, fields).map($name::$variant),)+
                    _ => Ok($name::Other { $tag_field: kind, fields: <$fields>::from(fields) }),
                }
            }
        }
    };
}
pub(crate) use tagged_enum;
