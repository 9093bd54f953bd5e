//! Typed identifiers.
//!
//! Every id is a string newtype. Any string deserializes into any id: format rules
//! (what a LinkedIn or WhatsApp id looks like) live in [`crate::provider`], never in serde.
//! Integers are accepted too and kept as their decimal text, since some providers' ids
//! are numeric.
//!
//! An id of up to 24 bytes (Unipile's own ids are 22) is kept inline, without an
//! allocation of its own. A longer one (a WhatsApp JID, a LinkedIn id) is kept on the heap
//! and shared: a page repeats the same few senders and chats on every message, so decoding
//! reuses the text of the same id decoded just before on the same thread instead of
//! allocating it again.

use compact_str::CompactString;
use serde::de::{self, Visitor};
use std::cell::RefCell;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The longest id kept inline.
const INLINE_MAX: usize = 24;

/// How many long ids decoded last each thread remembers, to share their text.
const RECENT_IDS: usize = 8;

/// An id's text: inline when short, shared when long. Compared, ordered and hashed as
/// its text.
#[derive(Clone)]
enum IdText {
    Inline(CompactString),
    Shared(Arc<str>),
}

impl IdText {
    fn new(text: &str) -> Self {
        if text.len() <= INLINE_MAX {
            IdText::Inline(CompactString::new(text))
        } else {
            IdText::Shared(Arc::from(text))
        }
    }

    /// As [`IdText::new`], sharing a long text with the same id decoded just before.
    fn decoded(text: &str) -> Self {
        if text.len() <= INLINE_MAX {
            return IdText::Inline(CompactString::new(text));
        }
        thread_local! {
            static RECENT: RefCell<(usize, [Option<Arc<str>>; RECENT_IDS])> =
                const { RefCell::new((0, [const { None }; RECENT_IDS])) };
        }
        RECENT.with(|recent| {
            let Ok(mut recent) = recent.try_borrow_mut() else {
                return IdText::Shared(Arc::from(text));
            };
            let (next, slots) = &mut *recent;
            if let Some(hit) = slots.iter().flatten().find(|seen| ***seen == *text) {
                return IdText::Shared(Arc::clone(hit));
            }
            let shared: Arc<str> = Arc::from(text);
            slots[*next] = Some(Arc::clone(&shared));
            *next = (*next + 1) % RECENT_IDS;
            IdText::Shared(shared)
        })
    }

    fn as_str(&self) -> &str {
        match self {
            IdText::Inline(text) => text.as_str(),
            IdText::Shared(text) => text,
        }
    }
}

impl PartialEq for IdText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for IdText {}

impl PartialOrd for IdText {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IdText {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for IdText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(IdText);

        impl $name {
            /// Wraps a string as this id, whatever its format.
            pub fn new(id: impl Into<String>) -> Self {
                Self::from(id.into())
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }

            /// Consumes the id and returns its text.
            pub fn into_string(self) -> String {
                match self.0 {
                    IdText::Inline(text) => text.into_string(),
                    IdText::Shared(text) => String::from(&*text),
                }
            }

            /// Whether the id is the empty string (never a valid id to send).
            pub fn is_empty(&self) -> bool {
                self.as_str().is_empty()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.as_str())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
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
                Self(IdText::new(&id))
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(IdText::new(id))
            }
        }

        impl From<&String> for $name {
            fn from(id: &String) -> Self {
                Self(IdText::new(id))
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
                Ok(Self(IdText::new(s)))
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
/// id's text.
struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = IdText;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or an integer")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<IdText, E> {
        Ok(IdText::decoded(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<IdText, E> {
        Ok(IdText::decoded(&v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<IdText, E> {
        Ok(IdText::decoded(&v.to_string()))
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
    fn long_ids_decoded_alike_share_their_text_and_compare_as_text() {
        let jid = "33621030819@s.whatsapp.net";
        let ids: Vec<ProviderId> =
            serde_json::from_str(&format!("[\"{jid}\",\"short\",\"{jid}\"]")).expect("ids");
        assert_eq!(ids[0], ids[2]);
        assert_eq!(ids[0].as_str(), jid);
        let (IdText::Shared(a), IdText::Shared(b)) = (&ids[0].0, &ids[2].0) else {
            panic!("a long id is shared: {ids:?}");
        };
        assert!(Arc::ptr_eq(a, b), "decoded once");
        assert!(matches!(ids[1].0, IdText::Inline(_)));
        // Inline, shared or built: equal, ordered and hashed by the text alone.
        let built = ProviderId::new(jid);
        assert_eq!(built, ids[0]);
        let set: std::collections::HashSet<ProviderId> = [built, ids[0].clone()].into();
        assert_eq!(set.len(), 1);
        let long = "x".repeat(INLINE_MAX + 1);
        let mut sorted = [
            ProviderId::new(long.clone()),
            ProviderId::new("y"),
            ProviderId::new("a"),
        ];
        sorted.sort();
        assert_eq!(
            sorted.iter().map(ProviderId::as_str).collect::<Vec<_>>(),
            ["a", long.as_str(), "y"]
        );
        assert_eq!(ids[0].clone().into_string(), jid);
        // More distinct long ids than remembered: each still reads as sent.
        let many: Vec<String> = (0..3 * RECENT_IDS).map(|i| format!("{jid}{i}")).collect();
        let decoded: Vec<ProviderId> =
            serde_json::from_str(&serde_json::to_string(&many).expect("json")).expect("ids");
        assert!(
            decoded
                .iter()
                .zip(&many)
                .all(|(id, text)| id == text.as_str())
        );
    }

    #[test]
    fn serializes_as_plain_string() {
        let id = AccountId::new("acc_1");
        assert_eq!(serde_json::to_string(&id).expect("serialize"), "\"acc_1\"");
        assert_eq!(format!("{id}"), "acc_1");
        assert_eq!(format!("{id:?}"), "AccountId(\"acc_1\")");
    }
}
