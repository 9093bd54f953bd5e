//! The fake's data: records for accounts, attendees, chats, messages (with their
//! attachments' bytes) and webhooks, each kept in a newest-first index so a page is a range
//! walk, never a sort.
//!
//! The operations both the endpoint handlers and the seeder use to add records live in the
//! submodules: [`chats`], [`attendees`], [`messages`], [`uploads`]; [`time`] converts the
//! stored milliseconds. They import this module; this module imports none of them.

use std::collections::{BTreeMap, HashMap};

use bytes::Bytes;
use unipile_core::model::message::Message;
use unipile_core::{AccountId, AttendeeId, ChatId, MessageId, WebhookId};

use crate::list::Key;
use crate::rng::Rng;

pub(crate) mod attendees;
pub(crate) mod chats;
pub(crate) mod messages;
pub(crate) mod time;
pub(crate) mod uploads;

/// A connected account.
#[derive(Clone, Debug)]
pub(crate) struct AccountRec {
    pub(crate) id: AccountId,
    /// `LINKEDIN`, `WHATSAPP`…
    pub(crate) account_type: String,
    pub(crate) name: String,
    pub(crate) created_at: i64,
    /// The connected user's own provider id (`account_info.user_id` in webhooks).
    pub(crate) user_id: String,
    pub(crate) username: String,
    /// Its own attendee, the sender of the messages it sends.
    pub(crate) self_attendee: AttendeeId,
    /// Whether its credentials expired: requests on it answer 401
    /// `errors/disconnected_account` and its source status is `CREDENTIALS`.
    pub(crate) disconnected: bool,
    pub(crate) key: Key,
}

/// A chat attendee.
#[derive(Clone, Debug)]
pub(crate) struct AttendeeRec {
    pub(crate) id: AttendeeId,
    pub(crate) account_id: AccountId,
    pub(crate) provider_id: String,
    pub(crate) name: String,
    pub(crate) is_self: bool,
    pub(crate) hidden: bool,
    pub(crate) picture_url: Option<String>,
    pub(crate) profile_url: Option<String>,
    /// LinkedIn only: `(occupation, network distance)`.
    pub(crate) linkedin: Option<(String, String)>,
    pub(crate) key: Key,
}

/// A chat.
#[derive(Clone, Debug)]
pub(crate) struct ChatRec {
    pub(crate) id: ChatId,
    pub(crate) account_id: AccountId,
    pub(crate) account_type: String,
    pub(crate) provider_id: String,
    pub(crate) name: Option<String>,
    /// 0 single, 1 group.
    pub(crate) kind: u8,
    pub(crate) timestamp: Option<i64>,
    pub(crate) unread_count: u64,
    pub(crate) archived: bool,
    pub(crate) read_only: u8,
    pub(crate) attendee_provider_id: Option<String>,
    pub(crate) subject: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) folder: Vec<String>,
    /// The other attendees (not the account's own).
    pub(crate) attendees: Vec<AttendeeId>,
    /// This chat's messages, newest last in key order.
    pub(crate) messages: BTreeMap<Key, MessageId>,
    pub(crate) key: Key,
}

/// The bytes of an attachment, served by
/// `GET /messages/{message_id}/attachments/{attachment_id}`.
#[derive(Clone, Debug)]
pub(crate) struct StoredFile {
    pub(crate) id: String,
    pub(crate) content_type: String,
    pub(crate) data: Bytes,
}

/// A message: the API object itself, its place in the indexes and its files.
#[derive(Clone, Debug)]
pub(crate) struct MessageRec {
    pub(crate) message: Message,
    pub(crate) key: Key,
    pub(crate) files: Vec<StoredFile>,
}

/// A registered webhook.
#[derive(Clone, Debug)]
pub(crate) struct WebhookRec {
    pub(crate) id: WebhookId,
    pub(crate) name: Option<String>,
    pub(crate) request_url: String,
    pub(crate) source: String,
    pub(crate) format: String,
    pub(crate) account_ids: Vec<AccountId>,
    pub(crate) enabled: bool,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) events: Vec<String>,
    pub(crate) key: Key,
}

/// A chat started through `POST /chats`, as the fake received it.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct StartedChat {
    /// The chat it started, or reused.
    pub chat_id: ChatId,
    /// The message it sent, if any.
    pub message_id: Option<MessageId>,
    /// Whether an existing 1:1 chat was reused rather than a new chat created.
    pub reused: bool,
    /// The `account_id` field.
    pub account_id: AccountId,
    /// The `attendees_ids` fields, in order.
    pub attendees_ids: Vec<String>,
    /// The `text` field.
    pub text: Option<String>,
    /// The `title` field (a group's name).
    pub title: Option<String>,
    /// The `subject` field.
    pub subject: Option<String>,
    /// Every `linkedin[…]` field, keys without the `linkedin[` `]` wrapper
    /// (`api`, `inmail`, `signature`, `follow_up][subject`…), in order.
    pub linkedin: Vec<(String, String)>,
    /// The names of the attached files.
    pub attachment_names: Vec<String>,
}

impl StartedChat {
    /// The LinkedIn option `key` (`"api"`, `"inmail"`…).
    pub fn linkedin_option(&self, key: &str) -> Option<&str> {
        self.linkedin
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the chat was started as an InMail (`linkedin[inmail]` true).
    pub fn is_inmail(&self) -> bool {
        matches!(self.linkedin_option("inmail"), Some("true" | "1"))
    }
}

/// Everything the fake holds.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) rng: Rng,
    seq: u64,
    last_ms: i64,
    pub(crate) accounts: HashMap<AccountId, AccountRec>,
    pub(crate) account_order: BTreeMap<Key, AccountId>,
    pub(crate) attendees: HashMap<AttendeeId, AttendeeRec>,
    pub(crate) attendee_order: BTreeMap<Key, AttendeeId>,
    pub(crate) chats: HashMap<ChatId, ChatRec>,
    pub(crate) chat_order: BTreeMap<Key, ChatId>,
    pub(crate) messages: HashMap<MessageId, MessageRec>,
    pub(crate) message_order: BTreeMap<Key, MessageId>,
    pub(crate) webhooks: HashMap<WebhookId, WebhookRec>,
    pub(crate) webhook_order: BTreeMap<Key, WebhookId>,
    /// Messages sent through the API (`POST /chats/{id}/messages`, `POST /chats`,
    /// forwards), in order.
    pub(crate) sent: Vec<MessageId>,
    pub(crate) started: Vec<StartedChat>,
    /// Messages that arrived for a disconnected account, stamped when they arrived, held
    /// back until it reconnects.
    pub(crate) backlog: Vec<MessageRec>,
    /// The scripted time, in milliseconds, when a test set one; the real clock otherwise.
    pub(crate) clock: Option<i64>,
}

impl State {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            rng: Rng::new(seed),
            seq: 0,
            last_ms: 0,
            accounts: HashMap::new(),
            account_order: BTreeMap::new(),
            attendees: HashMap::new(),
            attendee_order: BTreeMap::new(),
            chats: HashMap::new(),
            chat_order: BTreeMap::new(),
            messages: HashMap::new(),
            message_order: BTreeMap::new(),
            webhooks: HashMap::new(),
            webhook_order: BTreeMap::new(),
            sent: Vec::new(),
            started: Vec::new(),
            backlog: Vec::new(),
            clock: None,
        }
    }

    pub(crate) fn account_count(&self) -> usize {
        self.accounts.len()
    }

    pub(crate) fn chat_count(&self) -> usize {
        self.chats.len()
    }

    pub(crate) fn message_count(&self) -> usize {
        self.messages.len()
    }

    /// The next sequence number (unique across the fake).
    pub(crate) fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// The current time in milliseconds, strictly after any time handed out before, so
    /// new messages are always the newest.
    pub(crate) fn now_ms(&mut self) -> i64 {
        let now = self.clock.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64)
        });
        self.last_ms = now.max(self.last_ms + 1);
        self.last_ms
    }

    /// Notes a time handed out by the seeder, so `now_ms` stays ahead of it.
    pub(crate) fn saw_time(&mut self, ms: i64) {
        self.last_ms = self.last_ms.max(ms);
    }

    /// A fresh id unique in the fake: `len` characters from the seeded generator.
    pub(crate) fn new_id(&mut self, len: usize) -> String {
        self.rng.id(len)
    }

    pub(crate) fn insert_account(&mut self, account: AccountRec) {
        self.account_order.insert(account.key, account.id.clone());
        self.accounts.insert(account.id.clone(), account);
    }

    pub(crate) fn insert_attendee(&mut self, attendee: AttendeeRec) {
        self.attendee_order
            .insert(attendee.key, attendee.id.clone());
        self.attendees.insert(attendee.id.clone(), attendee);
    }

    pub(crate) fn insert_chat(&mut self, chat: ChatRec) {
        self.chat_order.insert(chat.key, chat.id.clone());
        self.chats.insert(chat.id.clone(), chat);
    }

    pub(crate) fn insert_webhook(&mut self, webhook: WebhookRec) {
        self.webhook_order.insert(webhook.key, webhook.id.clone());
        self.webhooks.insert(webhook.id.clone(), webhook);
    }

    pub(crate) fn remove_webhook(&mut self, id: &str) -> bool {
        match self.webhooks.remove(id) {
            Some(webhook) => {
                self.webhook_order.remove(&webhook.key);
                true
            }
            None => false,
        }
    }

    /// Adds a message to its chat and the global index, and moves the chat to the top of
    /// the chat list when the message is its newest.
    pub(crate) fn insert_message(&mut self, rec: MessageRec) {
        let m = &rec.message;
        let time = rec.key.0;
        if let Some(chat) = self.chats.get_mut(&m.chat_id) {
            chat.messages.insert(rec.key, m.id.clone());
            if chat.timestamp.is_none_or(|t| time >= t) {
                self.chat_order.remove(&chat.key);
                chat.timestamp = Some(time);
                chat.key = (time, chat.key.1);
                self.chat_order.insert(chat.key, chat.id.clone());
            }
            if !m.is_sender && !m.seen {
                chat.unread_count += 1;
            }
        }
        self.saw_time(time);
        self.message_order.insert(rec.key, m.id.clone());
        self.messages.insert(m.id.clone(), rec);
    }

    /// The newest message of a chat.
    pub(crate) fn last_message(&self, chat: &ChatRec) -> Option<&MessageRec> {
        chat.messages
            .values()
            .next_back()
            .and_then(|id| self.messages.get(id))
    }

    /// Finds a chat by its Unipile id, or by its provider id within `account_id`.
    pub(crate) fn find_chat(&self, id: &str, account_id: Option<&str>) -> Option<&ChatRec> {
        self.chats.get(id).or_else(|| {
            let account_id = account_id?;
            self.chats
                .values()
                .find(|c| c.provider_id == id && c.account_id == account_id)
        })
    }

    /// Finds an attendee by its Unipile id or, within `account_id` if given, its provider id.
    pub(crate) fn find_attendee(&self, id: &str) -> Option<&AttendeeRec> {
        self.attendees
            .get(id)
            .or_else(|| self.attendees.values().find(|a| a.provider_id == id))
    }
}
