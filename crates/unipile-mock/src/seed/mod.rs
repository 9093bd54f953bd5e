//! Seeding: accounts of each provider, chats with attendees, and histories of realistic
//! messages, all deterministic from the fake's seed.
//!
//! This module holds what a test writes ([`AccountSeed`], [`ChatSeed`], [`MessageSeed`]);
//! its submodules add them to the state: [`accounts`] (accounts, attendees, names),
//! [`chats`] (chats and seeded messages), [`history`] (realistic histories),
//! [`attachments`] (received files with bytes) and [`demo`] (the demo data).

use bytes::Bytes;
use unipile_core::{AccountId, AttendeeId, Provider};

mod accounts;
mod attachments;
mod chats;
mod demo;
mod history;

/// Seeded histories end at this instant (2025-06-02T09:30:00.000Z), so the same seed gives
/// the same timestamps; messages sent through the API are stamped with the real clock.
pub const HISTORY_END_MS: i64 = 1_748_856_600_000;

/// An account to add: its provider and display name.
#[derive(Clone, PartialEq, Eq, Debug)]
#[must_use]
pub struct AccountSeed {
    pub(crate) provider: Provider,
    pub(crate) name: String,
    pub(crate) id: Option<String>,
}

impl AccountSeed {
    /// An account of `provider` named `name`, with a generated id.
    pub fn new(provider: Provider, name: impl Into<String>) -> Self {
        Self {
            provider,
            name: name.into(),
            id: None,
        }
    }

    /// Uses `id` as the account id.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// A chat to add to an account: 1:1 or group, with its attendees and a history.
#[derive(Clone, PartialEq, Eq, Debug)]
#[must_use]
pub struct ChatSeed {
    pub(crate) account_id: AccountId,
    pub(crate) attendees: Vec<String>,
    pub(crate) title: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) history: usize,
}

impl ChatSeed {
    /// A 1:1 chat with a new attendee named `name`.
    pub fn direct(account_id: impl Into<AccountId>, name: impl Into<String>) -> Self {
        Self {
            account_id: account_id.into(),
            attendees: vec![name.into()],
            title: None,
            id: None,
            history: 0,
        }
    }

    /// A group chat named `title` with new attendees named `names`.
    pub fn group(
        account_id: impl Into<AccountId>,
        title: impl Into<String>,
        names: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self {
            account_id: account_id.into(),
            attendees: names.into_iter().map(Into::into).collect(),
            title: Some(title.into()),
            id: None,
            history: 0,
        }
    }

    /// Uses `id` as the chat id (any text: `"a/b?c#d e"` tests percent-encoding).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Adds a history of `n` realistic messages (see
    /// [`FakeUnipile::add_history`](crate::FakeUnipile::add_history)).
    pub fn history(mut self, n: usize) -> Self {
        self.history = n;
        self
    }
}

/// A message to add to a chat or to receive.
#[derive(Clone, PartialEq, Debug)]
#[must_use]
pub struct MessageSeed {
    pub(crate) text: Option<String>,
    pub(crate) from: Option<AttendeeId>,
    pub(crate) attachments: Vec<(String, String, Bytes)>,
}

impl MessageSeed {
    /// A text message (from the chat's first other attendee unless [`MessageSeed::from`]).
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: Some(text.into()),
            from: None,
            attachments: Vec::new(),
        }
    }

    /// Sent by attendee `id` (the account's own attendee makes it an outgoing message).
    pub fn from(mut self, id: impl Into<AttendeeId>) -> Self {
        self.from = Some(id.into());
        self
    }

    /// With a file attachment; its kind follows the content type (`image/…` is `img`).
    pub fn attachment(
        mut self,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        self.attachments
            .push((file_name.into(), content_type.into(), data.into()));
        self
    }
}
