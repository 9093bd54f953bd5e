//! Typed identifiers.
//!
//! Every id is a string newtype. Any string deserializes into any id: format rules
//! (what a LinkedIn or WhatsApp id looks like) live in [`crate::provider`], never in serde.
//! Integers are accepted too and kept as their decimal text, since some providers' ids
//! are numeric.
//!
//! An id of up to 24 bytes (Unipile's own ids are 22) is kept inline, without an
//! allocation of its own; a longer one is kept on the heap, like a `String`.

use compact_str::CompactString;
use serde::de::{self, Visitor};
use std::fmt;

macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(CompactString);

        impl $name {
            /// Wraps a string as this id, whatever its format.
            pub fn new(id: impl Into<String>) -> Self {
                Self(CompactString::from(id.into()))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }

            /// Consumes the id and returns its text.
            pub fn into_string(self) -> String {
                self.0.into_string()
            }

            /// Whether the id is the empty string (never a valid id to send).
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.as_str())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                self.as_str()
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(CompactString::from(id))
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(CompactString::new(id))
            }
        }

        impl From<&String> for $name {
            fn from(id: &String) -> Self {
                Self(CompactString::new(id))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.into_string()
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self(CompactString::new(s)))
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(IdVisitor).map(Self)
            }
        }

        crate::__schema_impl!(id $name);
    };
}

/// Reads an id: a string, or an integer kept as its decimal text (as
/// [`string_or_number`](crate::model::lenient::string_or_number) does), straight into the
/// id's inline-or-heap text.
struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = CompactString;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or an integer")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<CompactString, E> {
        Ok(CompactString::new(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<CompactString, E> {
        Ok(CompactString::from(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<CompactString, E> {
        Ok(CompactString::from(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<CompactString, E> {
        Ok(CompactString::from(v.to_string()))
    }
}

string_id!(
    /// A Unipile account id (a connected LinkedIn, WhatsApp... account).
    AccountId
);
string_id!(
    /// A Unipile chat id, or a provider's chat id where the API accepts one.
    ChatId
);
string_id!(
    /// A Unipile message id: unique, and the key to dedupe messages on.
    MessageId
);
string_id!(
    /// A Unipile attendee id (`sender_attendee_id`, `ChatAttendee.id`).
    AttendeeId
);
string_id!(
    /// An attachment id, unique within its message.
    AttachmentId
);
string_id!(
    /// A webhook id.
    WebhookId
);
string_id!(
    /// An id given by the provider itself: a LinkedIn `ACo…` id, a WhatsApp JID, a
    /// numeric Instagram or Telegram id, a provider message or chat id.
    ///
    /// [`crate::provider`] classifies them.
    ProviderId
);
string_id!(
    /// An opaque pagination cursor, sent back as-is to get the next page.
    Cursor
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_string_or_integer_deserializes() {
        let id: ChatId = serde_json::from_str("\"a/b?c\"").expect("string id");
        assert_eq!(id, "a/b?c");
        let id: ProviderId = serde_json::from_str("13456789").expect("numeric id");
        assert_eq!(id.as_str(), "13456789");
        let id: ProviderId = serde_json::from_str("\"013456789\"").expect("string id");
        assert_eq!(id.as_str(), "013456789");
        let empty: MessageId = serde_json::from_str("\"\"").expect("empty id");
        assert!(empty.is_empty());
        assert!(serde_json::from_str::<MessageId>("{}").is_err());
    }

    #[test]
    fn serializes_as_plain_string() {
        let id = AccountId::new("acc_1");
        assert_eq!(serde_json::to_string(&id).expect("serialize"), "\"acc_1\"");
        assert_eq!(format!("{id}"), "acc_1");
        assert_eq!(format!("{id:?}"), "AccountId(\"acc_1\")");
    }
}
