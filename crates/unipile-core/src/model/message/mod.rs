//! The message object: every field Unipile documents, and the rules to read it.
//!
//! A [`Message`] comes from `GET /messages`, `GET /chats/{id}/messages`,
//! `GET /messages/{id}` and a chat's `lastMessage`. The field docs carry Unipile's own
//! explanations; the methods encode its advice (hide `hidden` messages from the
//! conversation, show "Message deleted" for deleted ones, dedupe on `id`).

use crate::model::attachment::Attachment;
use crate::model::event_type::EventType;
use crate::model::id::{AccountId, AttendeeId, ChatId, MessageId, ProviderId};
use crate::model::lenient;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod parts;

use crate::model::timestamp;
pub use parts::{Mention, QuotedMessage, Reaction, ReplyTo, SeenReceipt};

open_string_enum! {
    /// The kind of a message (`message_type`), mostly telling LinkedIn InMails apart.
    pub enum MessageType {
        /// An ordinary message.
        Message => "MESSAGE",
        /// The note of a LinkedIn invitation.
        Invitation => "INVITATION",
        /// A LinkedIn InMail.
        Inmail => "INMAIL",
        /// The recipient declined an InMail.
        InmailDecline => "INMAIL_DECLINE",
        /// A reply to an InMail.
        InmailReply => "INMAIL_REPLY",
        /// The recipient accepted an InMail.
        InmailAccept => "INMAIL_ACCEPT",
    }
}

open_string_enum! {
    /// What kind of LinkedIn entity sent the message (`attendee_type`).
    pub enum AttendeeType {
        /// A person.
        Member => "MEMBER",
        /// A company page.
        Organization => "ORGANIZATION",
        /// Anything else.
        Other => "OTHER",
    }
}

open_int_enum! {
    /// How far the sender is in the LinkedIn network (`attendee_distance`).
    ///
    /// The codes mirror the attendee's `network_distance` (`DISTANCE_1`…`SELF`); Unipile
    /// documents the values `1`, `2`, `3`, `4` and `-1` without naming them.
    pub enum AttendeeDistance {
        /// `1`: a first-degree relation.
        FirstDegree => 1,
        /// `2`: a second-degree relation.
        SecondDegree => 2,
        /// `3`: a third-degree relation.
        ThirdDegree => 3,
        /// `4`: out of network.
        OutOfNetwork => 4,
        /// `-1`: the connected account itself.
        SelfProfile => -1,
    }
}

open_int_enum! {
    /// How the message was delivered (`behavior`); `null` on the wire is `None`.
    pub enum MessageBehavior {
        /// `0`: sent silently, without notifying the recipient.
        Silent => 0,
    }
}

/// The text [`Message::display_text`] gives for a deleted message, as Unipile suggests.
pub const DELETED_TEXT: &str = "Message deleted";

/// A message, as `GET /messages` and the other message routes return it.
///
/// Flags (`is_sender`, `seen`…) accept `0`/`1`, `true`/`false` and `"true"`/`"false"`.
/// Fields the API requires but that could be missing read as empty or `false`; only a
/// missing `id` or `timestamp` is an error.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("Message"))
)]
#[serde(tag = "object", rename = "Message")]
#[non_exhaustive]
pub struct Message {
    /// The Unipile id of the message: unique, and the key to prevent duplicates.
    pub id: MessageId,
    /// The Unipile id of its chat.
    #[serde(
        default = "lenient::empty::<ChatId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub chat_id: ChatId,
    /// The provider's id of the message, to reference it in the provider's own app.
    #[serde(
        default = "lenient::empty::<ProviderId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub provider_id: ProviderId,
    /// The provider's id of its chat ("Open chat in LinkedIn" links).
    #[serde(
        default = "lenient::empty::<ProviderId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub chat_provider_id: ProviderId,
    /// The Unipile id of the account it belongs to.
    #[serde(
        default = "lenient::empty::<AccountId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub account_id: AccountId,
    /// The plain-text body (Unipile does not return formatted text), if any.
    #[serde(default)]
    pub text: Option<String>,
    /// Its attachments.
    #[serde(default, deserialize_with = "lenient::one_or_many")]
    pub attachments: Vec<Attachment>,
    /// The provider's id of the sender: a phone number, an email, a username or an id.
    /// Shown to identify the sender when no attendee matches.
    #[serde(
        default = "lenient::empty::<ProviderId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub sender_id: ProviderId,
    /// The Unipile attendee id of the sender.
    #[serde(
        default = "lenient::empty::<AttendeeId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub sender_attendee_id: AttendeeId,
    /// When the provider's server acknowledged the message: its sent date.
    #[serde(
        deserialize_with = "lenient::timestamp",
        serialize_with = "timestamp::serialize"
    )]
    pub timestamp: DateTime<Utc>,
    /// Whether the connected account's user sent it (the side of the bubble).
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_sender: bool,
    /// Per provider: if `is_sender`, whether at least one recipient has seen it;
    /// otherwise whether the connected user has seen it (maybe on another device).
    #[serde(default, deserialize_with = "lenient::flag")]
    pub seen: bool,
    /// Per provider: read receipts, by the provider's user id.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub seen_by: BTreeMap<ProviderId, SeenReceipt>,
    /// Per provider: whether it was delivered (for some providers only to the provider's
    /// server).
    #[serde(default, deserialize_with = "lenient::flag")]
    pub delivered: bool,
    /// Whether to hide it from the conversation view; such messages ("John reacted 👍
    /// to your message") are still the last message of a chat list.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub hidden: bool,
    /// Whether it was deleted.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub deleted: bool,
    /// Per provider: whether it was edited.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub edited: bool,
    /// Whether it records an event (see `event_type`) rather than a user's message.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_event: bool,
    /// The kind of event, meaningful when `is_event` is set; see [`Message::event`].
    #[serde(default, deserialize_with = "lenient::opt_code")]
    pub event_type: Option<EventType>,
    /// The reactions to it.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub reactions: Vec<Reaction>,
    /// The message it quotes, if any (`null` and absent are both `None`).
    // Boxed, as most messages quote none and answer none (`reply_to`): a message moves
    // (into its page, out to the caller) at a smaller size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted: Option<Box<QuotedMessage>>,
    /// How it was delivered (`0` silent), `None` for `null`.
    #[serde(default, deserialize_with = "lenient::opt_code")]
    pub behavior: Option<MessageBehavior>,
    /// The raw provider data, as Unipile sends it (a string).
    #[serde(default, deserialize_with = "lenient::opt_json_text")]
    pub original: Option<String>,
    /// A subject (LinkedIn InMails), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The kind of message (InMail…), when the provider says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_type: Option<MessageType>,
    /// How many threaded replies it has.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub replies: Option<u64>,
    /// Who replied in its thread.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub reply_by: Vec<ProviderId>,
    /// The Unipile id of the thread's parent message, for a threaded reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<MessageId>,
    /// The message a threaded reply answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<Box<ReplyTo>>,
    /// What kind of LinkedIn entity sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendee_type: Option<AttendeeType>,
    /// How far the sender is in the LinkedIn network.
    #[serde(
        default,
        deserialize_with = "lenient::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub attendee_distance: Option<AttendeeDistance>,
    /// The sender's LinkedIn URN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_urn: Option<String>,
    /// Whether it was forwarded (newer API versions).
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_forwarded: bool,
    /// The users mentioned in its text (newer API versions).
    #[serde(default, deserialize_with = "parts::mentions")]
    pub mentions: Vec<Mention>,
    /// `message_id`, listed by newer API versions without a documented meaning.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub message_id: Option<String>,
}

impl Message {
    /// A message with the fields every message has; the rest empty, `false` or `None`.
    pub fn new(
        id: impl Into<MessageId>,
        chat_id: impl Into<ChatId>,
        account_id: impl Into<AccountId>,
        timestamp: DateTime<Utc>,
    ) -> Self {
        Self {
            id: id.into(),
            chat_id: chat_id.into(),
            provider_id: lenient::empty(),
            chat_provider_id: lenient::empty(),
            account_id: account_id.into(),
            text: None,
            attachments: Vec::new(),
            sender_id: lenient::empty(),
            sender_attendee_id: lenient::empty(),
            timestamp,
            is_sender: false,
            seen: false,
            seen_by: BTreeMap::new(),
            delivered: false,
            hidden: false,
            deleted: false,
            edited: false,
            is_event: false,
            event_type: None,
            reactions: Vec::new(),
            quoted: None,
            behavior: None,
            original: None,
            subject: None,
            message_type: None,
            replies: None,
            reply_by: Vec::new(),
            parent: None,
            reply_to: None,
            attendee_type: None,
            attendee_distance: None,
            sender_urn: None,
            is_forwarded: false,
            mentions: Vec::new(),
            message_id: None,
        }
    }

    /// The key to dedupe on: the Unipile message id, unique per message (Unipile's advice
    /// for webhooks and for polling with overlapping windows).
    pub fn dedupe_key(&self) -> &MessageId {
        &self.id
    }

    /// Whether to show it in the conversation view: `false` for `hidden` messages, which
    /// Unipile shows only as a chat's last message in chat lists.
    pub fn shows_in_conversation(&self) -> bool {
        !self.hidden
    }

    /// Whether it only serves as a chat-list preview (it is `hidden`).
    pub fn is_chat_list_preview_only(&self) -> bool {
        self.hidden
    }

    /// The text to show: [`DELETED_TEXT`] for a deleted message (Unipile's advice), else
    /// the text. A message with attachments and no text gives `""`: show its
    /// attachments (see [`Message::has_attachments`]).
    pub fn display_text(&self) -> &str {
        if self.deleted {
            DELETED_TEXT
        } else {
            self.text.as_deref().unwrap_or("")
        }
    }

    /// The event it records, only when `is_event` is set. An event without an
    /// `event_type` reads as [`EventType::Unsupported`], as Unipile codes events it does
    /// not support.
    pub fn event(&self) -> Option<EventType> {
        self.is_event
            .then(|| self.event_type.unwrap_or(EventType::Unsupported))
    }

    /// Whether the connected account's user sent it.
    pub fn is_from_me(&self) -> bool {
        self.is_sender
    }

    /// Whether it has been seen: the `seen` flag, or any read receipt in `seen_by`.
    pub fn is_seen(&self) -> bool {
        self.seen || self.seen_by.values().any(|r| r.is_seen())
    }

    /// The read receipts: each user's provider id with their receipt, in id order.
    pub fn seen_by(&self) -> impl Iterator<Item = (&ProviderId, &SeenReceipt)> {
        self.seen_by.iter()
    }

    /// When `user` (a provider user id) saw the message, if the provider says.
    pub fn seen_at(&self, user: &str) -> Option<DateTime<Utc>> {
        self.seen_by.get(user).and_then(|r| r.seen_at())
    }

    /// Whether it has attachments.
    pub fn has_attachments(&self) -> bool {
        !self.attachments.is_empty()
    }

    /// The message it quotes, if any.
    pub fn quoted(&self) -> Option<&QuotedMessage> {
        self.quoted.as_deref()
    }
}
