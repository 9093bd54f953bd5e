//! Seeding a message with a time of its own, as a provider delivers the backlog of an
//! outage: messages that show up now with older timestamps.

use chrono::{DateTime, Utc};
use unipile_core::{ChatId, MessageId};

use super::FakeUnipile;
use crate::seed::MessageSeed;

impl FakeUnipile {
    /// Adds a message to a chat with the timestamp `at` (older than its newest, say),
    /// without webhooks: it shows up in the lists from now on, in its place by time.
    /// `None` if the chat is unknown.
    pub fn add_message_at(
        &self,
        chat_id: &ChatId,
        seed: MessageSeed,
        at: DateTime<Utc>,
    ) -> Option<MessageId> {
        let mut state = self.write();
        let mut message = state.seeded_message(chat_id, seed)?;
        let ms = at.timestamp_millis();
        message.key.0 = ms;
        message.message.timestamp = DateTime::from_timestamp_millis(ms).unwrap_or(at);
        let id = message.message.id.clone();
        state.insert_message(message);
        Some(id)
    }
}
