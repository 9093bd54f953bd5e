//! The payload of the message webhooks: [`MessageEvent`].

use crate::model::attachment::Attachment;
use crate::model::chat::{ChatContentType, ChatFolder};
use crate::model::id::{AccountId, AttendeeId, ChatId, MessageId, ProviderId};
use crate::model::lenient;
use crate::model::message::{MessageType, QuotedMessage};
use crate::model::timestamp;
use crate::provider::{LinkedinProduct, Provider, ProviderRegistry};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

open_string_enum! {
    /// The `event` of a message webhook.
    pub enum MessageEventKind {
        /// A message was received, or sent by the connected user (maybe from another
        /// device).
        Received => "message_received",
        /// A message was read.
        Read => "message_read",
        /// Someone reacted to a message.
        Reaction => "message_reaction",
        /// A message was edited.
        Edited => "message_edited",
        /// A message was deleted.
        Deleted => "message_deleted",
    }
}

open_string_enum! {
    /// Which LinkedIn product an account uses (`account_info.feature`).
    pub enum AccountFeature {
        /// LinkedIn itself.
        Classic => "classic",
        /// A LinkedIn organization (company page) mailbox.
        Organization => "organization",
        /// Sales Navigator.
        SalesNavigator => "sales_navigator",
        /// Recruiter.
        Recruiter => "recruiter",
    }
}

impl AccountFeature {
    /// The product whose member ids the account's messages carry, for the features that
    /// are products (`classic`, `sales_navigator`, `recruiter`).
    pub fn linkedin_product(&self) -> Option<LinkedinProduct> {
        match self {
            AccountFeature::Classic => Some(LinkedinProduct::Classic),
            AccountFeature::SalesNavigator => Some(LinkedinProduct::SalesNavigator),
            AccountFeature::Recruiter => Some(LinkedinProduct::Recruiter),
            _ => None,
        }
    }
}

/// The connected account a webhook is about (`account_info`).
///
/// Older payloads have no `account_info` at all.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct AccountInfo {
    /// The account's provider (`type`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub account_type: Option<Provider>,
    /// The LinkedIn product the account uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<AccountFeature>,
    /// The provider's id of the connected user: compare it with a sender's
    /// `attendee_provider_id` to recognise the user's own messages.
    #[serde(
        default,
        deserialize_with = "lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_id: Option<ProviderId>,
}

impl AccountInfo {
    /// Account information with only the connected user's id.
    pub fn new(user_id: impl Into<ProviderId>) -> Self {
        Self {
            account_type: None,
            feature: None,
            user_id: Some(user_id.into()),
        }
    }
}

/// A participant of a chat, as webhooks describe one (`sender`, `attendees[]`,
/// `reaction_sender`).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct WebhookAttendee {
    /// The Unipile attendee id. Empty if Unipile sent none.
    #[serde(
        default = "lenient::empty::<AttendeeId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub attendee_id: AttendeeId,
    /// The display name, as the provider gives it (it may end with a space).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendee_name: Option<String>,
    /// The provider's id of the user: a LinkedIn member id, a WhatsApp id… Empty if
    /// Unipile sent none.
    #[serde(
        default = "lenient::empty::<ProviderId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub attendee_provider_id: ProviderId,
    /// The address of the user's profile, when the provider has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendee_profile_url: Option<String>,
    /// The user's public identifier (a LinkedIn slug…), when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendee_public_identifier: Option<String>,
}

impl WebhookAttendee {
    /// An attendee with its Unipile id and provider id.
    pub fn new(attendee_id: impl Into<AttendeeId>, provider_id: impl Into<ProviderId>) -> Self {
        Self {
            attendee_id: attendee_id.into(),
            attendee_name: None,
            attendee_provider_id: provider_id.into(),
            attendee_profile_url: None,
            attendee_public_identifier: None,
        }
    }
}

/// The payload of a message webhook (`message_received`, `message_read`,
/// `message_reaction`, `message_edited`, `message_deleted`).
///
/// `account_id`, `account_type`, `event`, `chat_id`, `message_id` and `timestamp` are
/// required; everything else may be absent. Numbers and flags are accepted as JSON
/// numbers, booleans or strings (`"150"`, `"false"`), `attachments` as one object or an
/// array. The text is read from the `message` key.
///
/// Sent messages are delivered too (the user may send from another device): use
/// [`is_own_message`](MessageEvent::is_own_message) to tell them apart. Webhooks may be
/// retried, so handle them idempotently on `message_id`.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct MessageEvent {
    /// The Unipile id of the connected account.
    pub account_id: AccountId,
    /// The account's provider.
    pub account_type: Provider,
    /// The connected account and its user, when sent (newer payloads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_info: Option<AccountInfo>,
    /// What happened.
    pub event: MessageEventKind,
    /// The Unipile id of the chat.
    pub chat_id: ChatId,
    /// When it happened.
    #[serde(
        deserialize_with = "lenient::timestamp",
        serialize_with = "timestamp::serialize"
    )]
    pub timestamp: DateTime<Utc>,
    /// The name given to the webhook when it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_name: Option<String>,
    /// The Unipile id of the message: the key to handle a retried webhook only once.
    pub message_id: MessageId,
    /// The message's text (the `message` key; the REST API calls it `text`).
    #[serde(rename = "message", default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Who sent the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<WebhookAttendee>,
    /// The chat's participants.
    #[serde(default, deserialize_with = "lenient::one_or_many")]
    pub attendees: Vec<WebhookAttendee>,
    /// The message's attachments (sent as one object or as an array).
    #[serde(default, deserialize_with = "lenient::one_or_many")]
    pub attachments: Vec<Attachment>,
    /// The reaction (`message_reaction` only), such as `😄`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<String>,
    /// Who reacted (`message_reaction` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction_sender: Option<WebhookAttendee>,
    /// The subject (LinkedIn InMails), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The provider's id of the chat: the id in "open in the app" links.
    #[serde(
        default,
        deserialize_with = "lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_chat_id: Option<ProviderId>,
    /// The provider's id of the message.
    #[serde(
        default,
        deserialize_with = "lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_message_id: Option<ProviderId>,
    /// Whether the message records an event rather than a user's message.
    #[serde(
        default,
        deserialize_with = "lenient::opt_flag",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_event: Option<bool>,
    /// The message it quotes, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted: Option<QuotedMessage>,
    /// The kind of chat (`inmail`, `sponsored`, `linkedin_offer`…), when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_content_type: Option<ChatContentType>,
    /// The kind of message (InMail…), when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_type: Option<MessageType>,
    /// The folders of the chat (`INBOX`, `INBOX_LINKEDIN_CLASSIC`…).
    #[serde(default, deserialize_with = "lenient::one_or_many")]
    pub folder: Vec<ChatFolder>,
    /// Whether the chat is a group, when sent.
    #[serde(
        default,
        deserialize_with = "lenient::opt_flag",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_group: Option<bool>,
}

impl MessageEvent {
    /// An event with the fields every message webhook has; the rest empty or `None`.
    pub fn new(
        event: MessageEventKind,
        account_id: impl Into<AccountId>,
        account_type: Provider,
        chat_id: impl Into<ChatId>,
        message_id: impl Into<MessageId>,
        timestamp: DateTime<Utc>,
    ) -> Self {
        Self {
            account_id: account_id.into(),
            account_type,
            account_info: None,
            event,
            chat_id: chat_id.into(),
            timestamp,
            webhook_name: None,
            message_id: message_id.into(),
            text: None,
            sender: None,
            attendees: Vec::new(),
            attachments: Vec::new(),
            reaction: None,
            reaction_sender: None,
            subject: None,
            provider_chat_id: None,
            provider_message_id: None,
            is_event: None,
            quoted: None,
            chat_content_type: None,
            message_type: None,
            folder: Vec::new(),
            is_group: None,
        }
    }

    /// The `event` as sent (`message_received`…).
    pub fn event_name(&self) -> &str {
        self.event.as_str()
    }

    /// Whether the connected user sent the message (from this app or another device):
    /// `account_info.user_id == sender.attendee_provider_id`.
    ///
    /// `None` when that cannot be known: the payload has no `account_info` (older
    /// payloads), no `account_info.user_id`, or no `sender`.
    pub fn is_own_message(&self) -> Option<bool> {
        let user_id = self.account_info.as_ref()?.user_id.as_ref()?;
        let sender = self.sender.as_ref()?;
        Some(!user_id.is_empty() && *user_id == sender.attendee_provider_id)
    }

    /// The address that opens the chat in the provider's app, from `provider_chat_id`
    /// and the rules `registry` holds for `account_type`.
    pub fn chat_link(&self, registry: &ProviderRegistry) -> Option<String> {
        let chat = self.provider_chat_id.as_ref()?;
        registry.chat_link(&self.account_type, chat.as_str())
    }
}
