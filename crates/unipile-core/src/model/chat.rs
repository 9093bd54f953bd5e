//! The chat object, as `GET /chats` and `GET /chats/{id}` return it.

use crate::model::id::{AccountId, ChatId, ProviderId};
use crate::model::lenient;
use crate::model::message::Message;
use crate::model::provider_name::Provider;
use crate::model::timestamp;
use chrono::{DateTime, TimeZone, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

open_int_enum! {
    /// The kind of a chat (`type`).
    pub enum ChatType {
        /// `0`: a one-to-one chat.
        Single => 0,
        /// `1`: a group chat.
        Group => 1,
        /// `2`: a channel.
        Channel => 2,
    }
}

impl Default for ChatType {
    /// A one-to-one chat, the most common kind.
    fn default() -> Self {
        ChatType::Single
    }
}

open_int_enum! {
    /// Whether the connected account can write in the chat (`read_only`).
    ///
    /// Unipile documents the codes `0`, `1` and `2` without naming them; `2` is taken
    /// to be a partial restriction (such as a channel where only admins post).
    pub enum ReadOnly {
        /// `0`: the account can send messages.
        Writable => 0,
        /// `1`: the account cannot send messages.
        ReadOnly => 1,
        /// `2`: sending is restricted.
        Restricted => 2,
    }
}

impl Default for ReadOnly {
    /// Writable, as most chats are.
    fn default() -> Self {
        ReadOnly::Writable
    }
}

impl ReadOnly {
    /// Whether sending is known to be allowed (code `0`).
    pub fn can_send(self) -> bool {
        self == ReadOnly::Writable
    }

    /// Whether sending is restricted in any way (any code but `0`, unknown codes too).
    pub fn is_read_only(self) -> bool {
        !self.can_send()
    }
}

open_string_enum! {
    /// A feature the provider disables in a chat (`disabledFeatures`).
    pub enum ChatFeature {
        /// Reacting to messages.
        Reactions => "reactions",
        /// Replying to (quoting) messages.
        Reply => "reply",
    }
}

open_string_enum! {
    /// The kind of content of a LinkedIn chat (`content_type`).
    pub enum ChatContentType {
        /// An InMail conversation.
        Inmail => "inmail",
        /// A sponsored message.
        Sponsored => "sponsored",
        /// A LinkedIn offer.
        LinkedinOffer => "linkedin_offer",
    }
}

open_string_enum! {
    /// A folder a chat is filed in (`folder`), mostly LinkedIn's inboxes.
    pub enum ChatFolder {
        /// The main inbox.
        Inbox => "INBOX",
        /// The LinkedIn classic inbox.
        InboxLinkedinClassic => "INBOX_LINKEDIN_CLASSIC",
        /// The LinkedIn Recruiter inbox.
        InboxLinkedinRecruiter => "INBOX_LINKEDIN_RECRUITER",
        /// The LinkedIn Sales Navigator inbox.
        InboxLinkedinSalesNavigator => "INBOX_LINKEDIN_SALES_NAVIGATOR",
        /// A LinkedIn organisation (company page) inbox.
        InboxLinkedinOrganization => "INBOX_LINKEDIN_ORGANIZATION",
    }
}

/// Until when a chat is muted (`muted_until`: `null`, `-1`, or a timestamp).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum MutedUntil {
    /// Not muted (`null`).
    #[default]
    NotMuted,
    /// Muted with no end (`-1`).
    Forever,
    /// Muted until this time.
    Until(DateTime<Utc>),
}

impl MutedUntil {
    /// Whether the chat is muted at `now`.
    pub fn is_muted_at(self, now: DateTime<Utc>) -> bool {
        match self {
            MutedUntil::NotMuted => false,
            MutedUntil::Forever => true,
            MutedUntil::Until(end) => now < end,
        }
    }
}

impl Serialize for MutedUntil {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            MutedUntil::NotMuted => s.serialize_none(),
            MutedUntil::Forever => s.serialize_i64(-1),
            MutedUntil::Until(end) => timestamp::serialize(end, s),
        }
    }
}

impl<'de> Deserialize<'de> for MutedUntil {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MutedUntil;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("null, -1 or a timestamp")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<MutedUntil, E> {
                match v {
                    -1 => Ok(MutedUntil::Forever),
                    0 => Ok(MutedUntil::NotMuted),
                    ms => Utc
                        .timestamp_millis_opt(ms)
                        .single()
                        .map(MutedUntil::Until)
                        .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self)),
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<MutedUntil, E> {
                let signed = i64::try_from(v)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))?;
                self.visit_i64(signed)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<MutedUntil, E> {
                Ok(if v {
                    MutedUntil::Forever
                } else {
                    MutedUntil::NotMuted
                })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MutedUntil, E> {
                match v.trim() {
                    "" => Ok(MutedUntil::NotMuted),
                    "-1" => Ok(MutedUntil::Forever),
                    text => lenient::parse_timestamp(text)
                        .map(MutedUntil::Until)
                        .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<MutedUntil, E> {
                Ok(MutedUntil::NotMuted)
            }
            fn visit_none<E: de::Error>(self) -> Result<MutedUntil, E> {
                Ok(MutedUntil::NotMuted)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<MutedUntil, D::Error> {
                d.deserialize_any(V)
            }
        }
        d.deserialize_option(V)
    }
}

/// `pinned`: documented as a number, so any number but `0` is `true`; the forms of
/// [`lenient::flag`] are read as well, and `null` is `false`.
fn pinned<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number (any but 0 is pinned), a boolean, or either as a string")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
            Ok(v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
            Ok(v != 0)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
            Ok(v != 0)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
            Ok(v != 0.0)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
            let t = v.trim();
            if t.eq_ignore_ascii_case("true") {
                return Ok(true);
            }
            if t.is_empty() || t.eq_ignore_ascii_case("false") {
                return Ok(false);
            }
            match t.parse::<f64>() {
                Ok(n) if n.is_finite() => Ok(n != 0.0),
                _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
            }
        }
        fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_none<E: de::Error>(self) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
            d.deserialize_any(V)
        }
    }
    d.deserialize_option(V)
}

/// A chat: a conversation with one person, a group or a channel.
///
/// `GET /chats/{id}` also returns the chat's last message as `lastMessage`.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("Chat"))
)]
#[serde(tag = "object", rename = "Chat")]
#[non_exhaustive]
pub struct Chat {
    /// The Unipile id of the chat.
    pub id: ChatId,
    /// The Unipile id of its account.
    #[serde(
        default = "lenient::empty::<AccountId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub account_id: AccountId,
    /// The provider of its account (an empty unknown value if Unipile sent none).
    #[serde(
        default = "lenient::empty::<Provider>",
        deserialize_with = "lenient::or_empty"
    )]
    pub account_type: Provider,
    /// The provider's id of the chat.
    #[serde(
        default = "lenient::empty::<ProviderId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub provider_id: ProviderId,
    /// The provider's id of the other person, in a one-to-one chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendee_provider_id: Option<ProviderId>,
    /// Its name (a group's title), if any.
    #[serde(default)]
    pub name: Option<String>,
    /// One-to-one, group or channel.
    #[serde(
        rename = "type",
        default,
        deserialize_with = "lenient::null_as_default"
    )]
    pub chat_type: ChatType,
    /// When it last changed, if known.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        serialize_with = "timestamp::serialize_opt"
    )]
    pub timestamp: Option<DateTime<Utc>>,
    /// How many messages are unread.
    #[serde(default, deserialize_with = "lenient::u64_or_zero")]
    pub unread_count: u64,
    /// Whether it is archived.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub archived: bool,
    /// Until when it is muted.
    #[serde(default)]
    pub muted_until: MutedUntil,
    /// Whether the account can write in it.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub read_only: ReadOnly,
    /// Features the provider disables in it.
    #[serde(
        rename = "disabledFeatures",
        default,
        deserialize_with = "lenient::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub disabled_features: Vec<ChatFeature>,
    /// Its subject (LinkedIn InMails), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The LinkedIn organisation whose mailbox holds it.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub organization_id: Option<String>,
    /// The LinkedIn organisation mailbox that holds it.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub mailbox_id: Option<String>,
    /// The kind of LinkedIn content (InMail, sponsored, offer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<ChatContentType>,
    /// The folders it is filed in.
    #[serde(
        default,
        deserialize_with = "lenient::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub folder: Vec<ChatFolder>,
    /// Whether it is pinned. Unipile documents `pinned` as a number: any number but `0`
    /// (a pin order or a pin time, say) reads as pinned.
    #[serde(default, deserialize_with = "pinned")]
    pub pinned: bool,
    /// Its last message, as `GET /chats/{id}` returns it (`None` in lists, or when the
    /// chat has no message).
    #[serde(
        rename = "lastMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_message: Option<Box<Message>>,
}

impl Chat {
    /// A one-to-one chat with the fields every chat has; the rest empty or `None`.
    pub fn new(
        id: impl Into<ChatId>,
        account_id: impl Into<AccountId>,
        account_type: Provider,
        provider_id: impl Into<ProviderId>,
    ) -> Self {
        Self {
            id: id.into(),
            account_id: account_id.into(),
            account_type,
            provider_id: provider_id.into(),
            attendee_provider_id: None,
            name: None,
            chat_type: ChatType::Single,
            timestamp: None,
            unread_count: 0,
            archived: false,
            muted_until: MutedUntil::NotMuted,
            read_only: ReadOnly::Writable,
            disabled_features: Vec::new(),
            subject: None,
            organization_id: None,
            mailbox_id: None,
            content_type: None,
            folder: Vec::new(),
            pinned: false,
            last_message: None,
        }
    }

    /// Whether it is a group chat.
    pub fn is_group(&self) -> bool {
        self.chat_type == ChatType::Group
    }

    /// Whether it is a channel.
    pub fn is_channel(&self) -> bool {
        self.chat_type == ChatType::Channel
    }

    /// Whether it has unread messages.
    pub fn is_unread(&self) -> bool {
        self.unread_count > 0
    }

    /// Whether it is muted at `now`.
    pub fn is_muted_at(&self, now: DateTime<Utc>) -> bool {
        self.muted_until.is_muted_at(now)
    }

    /// Whether the account can send messages in it (see [`ReadOnly::can_send`]).
    pub fn can_send(&self) -> bool {
        self.read_only.can_send()
    }

    /// Whether the provider allows reactions in it.
    pub fn allows_reactions(&self) -> bool {
        !self.disabled_features.contains(&ChatFeature::Reactions)
    }

    /// Whether the provider allows replies (quotes) in it.
    pub fn allows_replies(&self) -> bool {
        !self.disabled_features.contains(&ChatFeature::Reply)
    }

    /// Its last message, when the response included one.
    pub fn last_message(&self) -> Option<&Message> {
        self.last_message.as_deref()
    }
}

/// `schemars::JsonSchema`, written by hand for this serde of its own (feature `schema`).
#[cfg(feature = "schema")]
mod json_schema {
    use super::MutedUntil;
    use crate::model::schema::schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    /// `null`, `-1` or a time.
    impl JsonSchema for MutedUntil {
        fn inline_schema() -> bool {
            true
        }

        fn schema_name() -> Cow<'static, str> {
            "MutedUntil".into()
        }

        fn schema_id() -> Cow<'static, str> {
            "unipile_core::model::chat::MutedUntil".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "oneOf": [
                    { "description": "Not muted.", "type": "null" },
                    { "description": "Muted with no end.", "const": -1 },
                    { "description": "Muted until this time.", "type": "string", "format": "date-time" },
                ],
            })
        }
    }
}
