//! Typed identifiers.
//!
//! Every id is a string newtype. Any string deserializes into any id: format rules
//! (what a LinkedIn or WhatsApp id looks like) live in [`crate::provider`], never in serde.
//! Integers are accepted too and kept as their decimal text, since some providers' ids
//! are numeric.

use std::fmt;

macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a string as this id, whatever its format.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Consumes the id and returns its text.
            pub fn into_string(self) -> String {
                self.0
            }

            /// Whether the id is the empty string (never a valid id to send).
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl From<&String> for $name {
            fn from(id: &String) -> Self {
                Self(id.clone())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self(s.to_owned()))
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::model::lenient::string_or_number(d).map(Self)
            }
        }

        crate::__schema_impl!(id $name);
    };
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
