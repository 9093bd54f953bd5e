//! Webhook objects, as `GET /webhooks` returns them, and the names used to create one.
//!
//! This module is the webhook *resource* (create, list, delete); the payloads Unipile
//! posts to a webhook are a different shape, parsed elsewhere.

use crate::model::account::AccountType;
use crate::model::id::{AccountId, WebhookId};
use crate::model::lenient;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

open_string_enum! {
    /// What a webhook listens to (`source`).
    pub enum WebhookSource {
        /// Messages: received, read, reacted to, edited, deleted.
        Messaging => "messaging",
        /// Emails.
        Email => "email",
        /// Email opens and clicks.
        EmailTracking => "email_tracking",
        /// Account state changes.
        AccountStatus => "account_status",
        /// Users (newer API versions).
        Users => "users",
        /// Calendar events (newer API versions).
        CalendarEvent => "calendar_event",
    }
}

open_string_enum! {
    /// A messaging event a webhook can subscribe to (`events` with `source: messaging`).
    pub enum MessagingEvent {
        /// A message was received or sent (from any device).
        MessageReceived => "message_received",
        /// A message was read.
        MessageRead => "message_read",
        /// A message got a reaction.
        MessageReaction => "message_reaction",
        /// A message was edited.
        MessageEdited => "message_edited",
        /// A message was deleted.
        MessageDeleted => "message_deleted",
    }
}

open_string_enum! {
    /// An account-status event a webhook can subscribe to (`events` with
    /// `source: account_status`).
    pub enum AccountStatusEvent {
        /// The account was connected.
        CreationSuccess => "creation_success",
        /// Connecting the account failed.
        CreationFail => "creation_fail",
        /// The account was deleted.
        Deleted => "deleted",
        /// The account was reconnected.
        Reconnected => "reconnected",
        /// The account's first sync finished.
        SyncSuccess => "sync_success",
        /// The account stopped.
        Stopped => "stopped",
        /// The account works.
        Ok => "ok",
        /// The account is connecting.
        Connecting => "connecting",
        /// The account fails.
        Error => "error",
        /// The account's credentials need renewing.
        Credentials => "credentials",
        /// The account lacks permissions.
        Permissions => "permissions",
    }
}

open_string_enum! {
    /// How Unipile encodes the payloads it posts (`format`).
    pub enum WebhookFormat {
        /// JSON (the default).
        Json => "json",
        /// A URL-encoded form.
        Form => "form",
    }
}

impl Default for WebhookFormat {
    /// JSON.
    fn default() -> Self {
        WebhookFormat::Json
    }
}

open_string_enum! {
    /// How a webhook was made (`type`).
    pub enum WebhookType {
        /// Created automatically.
        Auto => "AUTO",
        /// Created to trigger on events.
        Trigger => "TRIGGER",
    }
}

/// A header Unipile adds to each post, often a shared secret (`Unipile-Auth`).
///
/// `Debug` never shows the value: it prints `<redacted>`.
///
/// ```
/// use unipile_core::model::webhook_registration::WebhookHeader;
/// let h = WebhookHeader::new("Unipile-Auth", "s3cret");
/// assert_eq!(format!("{h:?}"), r#"WebhookHeader { key: "Unipile-Auth", value: <redacted> }"#);
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct WebhookHeader {
    /// The header name.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub key: String,
    /// The header value, which may be a secret.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub value: String,
}

impl WebhookHeader {
    /// A header `key: value`.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

impl fmt::Debug for WebhookHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Redacted;
        impl fmt::Debug for Redacted {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }
        f.debug_struct("WebhookHeader")
            .field("key", &self.key)
            .field("value", &Redacted)
            .finish()
    }
}

/// A payload key renamed by the webhook (`data[{name, key}]`): Unipile sends the value
/// of `key` under `name`.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct WebhookDataField {
    /// The name the value is sent under.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub name: String,
    /// The payload key it renames (`message`, `chat_id`…).
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub key: String,
}

impl WebhookDataField {
    /// Send `key` as `name`.
    pub fn new(name: impl Into<String>, key: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            key: key.into(),
        }
    }
}

/// An account a webhook is limited to (`account_ids[]`).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct WebhookAccount {
    /// The Unipile account id.
    pub id: AccountId,
    /// The account's name, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The account's type, if given.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub account_type: Option<AccountType>,
}

impl WebhookAccount {
    /// The account `id`.
    pub fn new(id: impl Into<AccountId>) -> Self {
        Self {
            id: id.into(),
            name: None,
            account_type: None,
        }
    }
}

/// The `account_ids` list: each entry an object, or a bare id.
fn webhook_accounts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<WebhookAccount>, D::Error> {
    struct Entry(WebhookAccount);
    impl<'de> Deserialize<'de> for Entry {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = WebhookAccount;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an account object or an account id")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<WebhookAccount, E> {
                    Ok(WebhookAccount::new(v))
                }
                fn visit_map<A: de::MapAccess<'de>>(
                    self,
                    map: A,
                ) -> Result<WebhookAccount, A::Error> {
                    WebhookAccount::deserialize(de::value::MapAccessDeserializer::new(map))
                }
            }
            d.deserialize_any(V).map(Entry)
        }
    }
    let entries: Vec<Entry> = lenient::null_as_default(d)?;
    Ok(entries.into_iter().map(|e| e.0).collect())
}

/// A webhook.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("Webhook"))
)]
#[serde(tag = "object", rename = "Webhook")]
#[non_exhaustive]
pub struct Webhook {
    /// The webhook id.
    pub id: WebhookId,
    /// The accounts it is limited to; empty means all current and future accounts.
    #[serde(default, deserialize_with = "webhook_accounts")]
    pub account_ids: Vec<WebhookAccount>,
    /// Whether it is enabled (`true` if Unipile does not say).
    #[serde(
        default = "lenient::default_true",
        deserialize_with = "lenient::flag_or_true"
    )]
    pub enabled: bool,
    /// Its name, sent back as `webhook_name` in payloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where Unipile posts.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub request_url: String,
    /// How payloads are encoded.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub format: WebhookFormat,
    /// Headers added to each post (values redacted from `Debug`).
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub headers: Vec<WebhookHeader>,
    /// Payload keys it renames.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub data: Vec<WebhookDataField>,
    /// The event names it listens to (see [`MessagingEvent`], [`AccountStatusEvent`]),
    /// as sent.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub events: Vec<String>,
    /// How it was made.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub webhook_type: Option<WebhookType>,
    /// What it listens to, when the response says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<WebhookSource>,
}

impl Webhook {
    /// An enabled JSON webhook `id` posting to `request_url`; the rest empty or `None`.
    pub fn new(id: impl Into<WebhookId>, request_url: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            account_ids: Vec::new(),
            enabled: true,
            name: None,
            request_url: request_url.into(),
            format: WebhookFormat::Json,
            headers: Vec::new(),
            data: Vec::new(),
            events: Vec::new(),
            webhook_type: None,
            source: None,
        }
    }

    /// Whether it listens to the event `name` (`message_received`, `ok`…).
    pub fn listens_to(&self, name: &str) -> bool {
        self.events.iter().any(|e| e == name)
    }

    /// The messaging events among its events.
    pub fn messaging_events(&self) -> impl Iterator<Item = MessagingEvent> + '_ {
        self.events
            .iter()
            .map(|e| MessagingEvent::from(e.as_str()))
            .filter(|e| !e.is_unknown())
    }

    /// Whether it covers `account` (an empty `account_ids` covers every account).
    pub fn covers_account(&self, account: &str) -> bool {
        self.account_ids.is_empty() || self.account_ids.iter().any(|a| a.id == account)
    }

    /// The value of its header `key` (compared case-insensitively), such as the shared
    /// secret in `Unipile-Auth`.
    pub fn header(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.key.eq_ignore_ascii_case(key))
            .map(|h| h.value.as_str())
    }
}
