//! Seeding a fake: accounts, chats, histories, demo data and arriving messages.

use unipile_core::{AccountId, ChatId, MessageId};

use super::FakeUnipile;
use crate::seed::{AccountSeed, ChatSeed, MessageSeed};

impl FakeUnipile {
    /// Adds an account (with its own attendee) and returns its id.
    pub fn add_account(&self, seed: AccountSeed) -> AccountId {
        self.write().add_account(seed)
    }

    /// Makes an account's credentials expire, as when its owner changed their password:
    /// its source status becomes `CREDENTIALS` (in `GET /accounts`), every `account_status`
    /// webhook covering it is sent `CREDENTIALS`, and every request on it (its chats,
    /// messages, attendees, or naming it in `account_id`) is answered 401
    /// `errors/disconnected_account` until [`FakeUnipile::reconnect_account`]. Messages
    /// that arrive for it meanwhile ([`FakeUnipile::receive_message`]) queue up, stamped
    /// with the time they arrived. A wrong API key is answered differently: 401
    /// `errors/invalid_credentials`. Returns `false` if the account is unknown.
    pub fn disconnect_account(&self, id: &AccountId) -> bool {
        self.set_disconnected(id, true)
    }

    /// Reconnects an account [`FakeUnipile::disconnect_account`] disconnected: it answers
    /// again, its status is `OK`, every `account_status` webhook covering it is sent
    /// `RECONNECTED`, and the messages that queued up meanwhile appear at once, as
    /// Unipile's late backlog does: with the older timestamps they arrived at (older
    /// than messages of other accounts already listed), and without `message_received`
    /// webhooks. Returns `false` if the account is unknown.
    pub fn reconnect_account(&self, id: &AccountId) -> bool {
        self.set_disconnected(id, false)
    }

    fn set_disconnected(&self, id: &AccountId, disconnected: bool) -> bool {
        let deliveries = {
            let mut state = self.write();
            let Some(account) = state.accounts.get_mut(id) else {
                return false;
            };
            let changed = account.disconnected != disconnected;
            account.disconnected = disconnected;
            if !changed {
                return true;
            }
            if !disconnected {
                let (backlog, others) = std::mem::take(&mut state.backlog)
                    .into_iter()
                    .partition(|m| m.message.account_id == *id);
                state.backlog = others;
                for message in backlog {
                    state.insert_message(message);
                }
            }
            let status = if disconnected {
                "CREDENTIALS"
            } else {
                "RECONNECTED"
            };
            crate::payload::account_status(&state, id, status)
        };
        self.deliver(deliveries);
        true
    }

    /// How many messages wait for their disconnected account to reconnect.
    pub fn backlog_len(&self) -> usize {
        self.read().backlog.len()
    }

    /// Sets the fake's clock to `ms` (milliseconds since the epoch): messages that arrive
    /// or are sent from now on are stamped from it (always later than any message before),
    /// instead of from the real clock.
    pub fn set_clock(&self, ms: i64) {
        self.write().clock = Some(ms);
    }

    /// Moves the fake's clock forward by `by` (from the real time if none was set).
    pub fn advance_clock(&self, by: std::time::Duration) {
        let mut state = self.write();
        let now = state.now_ms();
        state.clock = Some(now.saturating_add(by.as_millis() as i64));
    }

    /// Adds a chat, its attendees and its history; `None` if the account is unknown.
    pub fn add_chat(&self, seed: ChatSeed) -> Option<ChatId> {
        self.write().add_chat(seed)
    }

    /// Adds `n` realistic messages to a chat, older than those it has: text in several
    /// languages and emoji, attachments of each kind (with bytes to download), reactions,
    /// events (group changes, hidden reaction events, missed calls), quotes, read receipts
    /// with timestamps, deleted and edited messages. Returns their ids, oldest first.
    pub fn add_history(&self, chat_id: &ChatId, n: usize) -> Vec<MessageId> {
        self.write().add_history(chat_id, n)
    }

    /// The demo data: one account per messaging provider (LinkedIn, WhatsApp, Instagram,
    /// Messenger, Telegram, X), each with three 1:1 chats and a group, each chat with a
    /// history of 30 messages.
    pub fn add_demo_data(&self) {
        self.write().add_demo_data();
    }

    /// Adds a message to a chat, now, without webhooks (history the account already had).
    /// `None` if the chat is unknown.
    pub fn add_message(&self, chat_id: &ChatId, seed: MessageSeed) -> Option<MessageId> {
        let mut state = self.write();
        let message = state.seeded_message(chat_id, seed)?;
        let id = message.message.id.clone();
        state.insert_message(message);
        Some(id)
    }

    /// A new incoming message arrives in a chat, now: it is stored, the chat's unread count
    /// goes up, and every matching webhook fires (`message_received`). If the chat's
    /// account is disconnected, it queues up until the account reconnects (see
    /// [`FakeUnipile::reconnect_account`]). `None` if the chat is unknown.
    pub fn receive_message(&self, chat_id: &ChatId, seed: MessageSeed) -> Option<MessageId> {
        let (id, deliveries) = {
            let mut state = self.write();
            let message = state.seeded_message(chat_id, seed)?;
            let id = message.message.id.clone();
            let disconnected = state
                .accounts
                .get(&message.message.account_id)
                .is_some_and(|a| a.disconnected);
            if disconnected {
                state.backlog.push(message);
                return Some(id);
            }
            state.insert_message(message);
            let deliveries = crate::payload::message_received(&state, &id);
            (id, deliveries)
        };
        self.deliver(deliveries);
        Some(id)
    }
}
