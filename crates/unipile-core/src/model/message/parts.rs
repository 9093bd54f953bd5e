//! The parts of a message: reactions, quotes, replies, mentions and read receipts.

use crate::model::attachment::Attachment;
use crate::model::id::{AttendeeId, MessageId, ProviderId};
use crate::model::lenient;
use crate::model::timestamp;
use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A reaction to a message.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Reaction {
    /// The reaction, such as `👍`.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub value: String,
    /// The provider's user id of who reacted.
    #[serde(
        default = "lenient::empty::<ProviderId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub sender_id: ProviderId,
    /// Whether the connected account's user reacted.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_sender: bool,
}

impl Reaction {
    /// A reaction `value` by `sender_id`.
    pub fn new(
        value: impl Into<String>,
        sender_id: impl Into<ProviderId>,
        is_sender: bool,
    ) -> Self {
        Self {
            value: value.into(),
            sender_id: sender_id.into(),
            is_sender,
        }
    }
}

/// The message a message quotes (WhatsApp calls it a "reply"; Unipile says "quote" to
/// tell it apart from threaded replies).
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct QuotedMessage {
    /// The provider's id of the quoted message.
    #[serde(
        default = "lenient::empty::<ProviderId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub provider_id: ProviderId,
    /// The provider's id of its sender.
    #[serde(
        default = "lenient::empty::<ProviderId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub sender_id: ProviderId,
    /// Its text, if any.
    #[serde(default)]
    pub text: Option<String>,
    /// Its attachments.
    #[serde(default, deserialize_with = "lenient::one_or_many")]
    pub attachments: Vec<Attachment>,
}

impl QuotedMessage {
    /// A quote of the provider message `provider_id`, sent by `sender_id`.
    pub fn new(provider_id: impl Into<ProviderId>, sender_id: impl Into<ProviderId>) -> Self {
        Self {
            provider_id: provider_id.into(),
            sender_id: sender_id.into(),
            text: None,
            attachments: Vec::new(),
        }
    }
}

/// The message a threaded reply answers (`reply_to`).
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ReplyTo {
    /// The Unipile id of the message replied to.
    #[serde(
        default = "lenient::empty::<MessageId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub id: MessageId,
    /// Its provider id.
    #[serde(
        default = "lenient::empty::<ProviderId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub provider_id: ProviderId,
    /// When it was sent.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        serialize_with = "timestamp::serialize_opt"
    )]
    pub timestamp: Option<DateTime<Utc>>,
    /// The Unipile attendee id of its sender.
    #[serde(
        default = "lenient::empty::<AttendeeId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub sender_attendee_id: AttendeeId,
    /// The provider's id of its sender.
    #[serde(
        default = "lenient::empty::<ProviderId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub sender_id: ProviderId,
    /// Its text, if any.
    #[serde(default)]
    pub text: Option<String>,
}

impl ReplyTo {
    /// A reference to the message `id`.
    pub fn new(id: impl Into<MessageId>) -> Self {
        Self {
            id: id.into(),
            provider_id: lenient::empty(),
            timestamp: None,
            sender_attendee_id: lenient::empty(),
            sender_id: lenient::empty(),
            text: None,
        }
    }
}

/// A mention of a user inside a message's text.
///
/// Newer API versions list `mentions` without documenting their shape, so every field
/// is optional and read leniently; a bare string is taken as the mentioned user's id.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Mention {
    /// The provider's id of the mentioned user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<ProviderId>,
    /// The name shown for the mention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the mention starts in the text.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub start: Option<u64>,
    /// How long the mention is in the text.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub length: Option<u64>,
}

pub(super) fn mentions<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Mention>, D::Error> {
    /// One mention: an object, or a bare user id.
    struct OneMention(Mention);
    impl<'de> Deserialize<'de> for OneMention {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Mention;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a mention object or a user id")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Mention, E> {
                    Ok(Mention {
                        provider_id: Some(ProviderId::new(v)),
                        ..Mention::default()
                    })
                }
                fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Mention, A::Error> {
                    Mention::deserialize(de::value::MapAccessDeserializer::new(map))
                }
            }
            d.deserialize_any(V).map(OneMention)
        }
    }
    let list: Vec<OneMention> = lenient::one_or_many(d)?;
    Ok(list.into_iter().map(|m| m.0).collect())
}

/// A read receipt in `seen_by`: whether this user has seen the message, or when.
///
/// Read from `true`/`false`, `1`/`0`, their strings, a timestamp (ISO 8601 or milliseconds),
/// or `null` (not seen); any other string (Unipile's types allow any) counts as seen.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SeenReceipt {
    /// Seen or not, with no time (`true`, `false`, `1`, `0`).
    Seen(bool),
    /// Seen at this time.
    SeenAt(DateTime<Utc>),
}

impl SeenReceipt {
    /// Whether the user has seen the message.
    pub fn is_seen(self) -> bool {
        match self {
            SeenReceipt::Seen(seen) => seen,
            SeenReceipt::SeenAt(_) => true,
        }
    }

    /// When the user saw the message, if the provider says.
    pub fn seen_at(self) -> Option<DateTime<Utc>> {
        match self {
            SeenReceipt::Seen(_) => None,
            SeenReceipt::SeenAt(at) => Some(at),
        }
    }
}

impl Serialize for SeenReceipt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            SeenReceipt::Seen(seen) => s.serialize_bool(*seen),
            SeenReceipt::SeenAt(at) => timestamp::serialize(at, s),
        }
    }
}

impl<'de> Deserialize<'de> for SeenReceipt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SeenReceipt;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a flag or a timestamp")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<SeenReceipt, E> {
                Ok(SeenReceipt::Seen(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<SeenReceipt, E> {
                match v {
                    0 | 1 => Ok(SeenReceipt::Seen(v == 1)),
                    ms => chrono::TimeZone::timestamp_millis_opt(&Utc, ms)
                        .single()
                        .map(SeenReceipt::SeenAt)
                        .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self)),
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<SeenReceipt, E> {
                let signed = i64::try_from(v)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))?;
                self.visit_i64(signed)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SeenReceipt, E> {
                let text = v.trim();
                if text.eq_ignore_ascii_case("true") || text == "1" {
                    return Ok(SeenReceipt::Seen(true));
                }
                if text.eq_ignore_ascii_case("false") || text == "0" || text.is_empty() {
                    return Ok(SeenReceipt::Seen(false));
                }
                // Unipile's published type allows any string: one that is neither a flag
                // nor a time (a reaction emoji, say) still says the user saw the message.
                Ok(lenient::parse_timestamp(text)
                    .map_or(SeenReceipt::Seen(true), SeenReceipt::SeenAt))
            }
            fn visit_unit<E: de::Error>(self) -> Result<SeenReceipt, E> {
                Ok(SeenReceipt::Seen(false))
            }
            fn visit_none<E: de::Error>(self) -> Result<SeenReceipt, E> {
                Ok(SeenReceipt::Seen(false))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<SeenReceipt, D::Error> {
                d.deserialize_any(V)
            }
        }
        d.deserialize_any(V)
    }
}

/// `schemars::JsonSchema`, written by hand for this serde of its own (feature `schema`).
#[cfg(feature = "schema")]
mod json_schema {
    use super::SeenReceipt;
    use crate::model::schema::schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    /// `true`/`false`, or when the user saw the message.
    impl JsonSchema for SeenReceipt {
        fn inline_schema() -> bool {
            true
        }

        fn schema_name() -> Cow<'static, str> {
            "SeenReceipt".into()
        }

        fn schema_id() -> Cow<'static, str> {
            "unipile_core::model::message::SeenReceipt".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "A read receipt: whether the user has seen the message, or when.",
                "oneOf": [
                    { "type": "boolean" },
                    { "type": "string", "format": "date-time" },
                ],
            })
        }
    }
}
