//! Seeded chats, and the messages a [`MessageSeed`] describes.

use unipile_core::transport::Part;
use unipile_core::{AttendeeId, ChatId};

use super::{ChatSeed, HISTORY_END_MS, MessageSeed};
use crate::state::chats::create_chat;
use crate::state::messages::{Outgoing, new_message};
use crate::state::uploads::uploaded;
use crate::state::{MessageRec, State};

impl State {
    /// Adds a chat, its attendees and its history; `None` if the account is unknown.
    pub(crate) fn add_chat(&mut self, seed: ChatSeed) -> Option<ChatId> {
        self.accounts.get(&seed.account_id)?;
        let attendees: Vec<AttendeeId> = seed
            .attendees
            .into_iter()
            .map(|name| self.add_attendee(&seed.account_id, name))
            .collect();
        let id = create_chat(self, &seed.account_id, attendees, seed.title, None, false);
        let id = match seed.id {
            Some(wanted) => self.rename_chat(&id, ChatId::new(wanted)),
            None => id,
        };
        if let Some(chat) = self.chats.get_mut(&id) {
            // A seeded chat starts where its history would.
            self.chat_order.remove(&chat.key);
            chat.key = (HISTORY_END_MS - 86_400_000 * 365, chat.key.1);
            self.chat_order.insert(chat.key, chat.id.clone());
        }
        self.add_history(&id, seed.history);
        Some(id)
    }

    fn rename_chat(&mut self, from: &ChatId, to: ChatId) -> ChatId {
        if let Some(mut chat) = self.chats.remove(from) {
            chat.id = to.clone();
            self.chat_order.insert(chat.key, to.clone());
            self.chats.insert(to.clone(), chat);
        }
        to
    }

    /// The message `seed` describes, in `chat_id`, now (not yet stored); `None` if the chat
    /// is unknown.
    pub(crate) fn seeded_message(
        &mut self,
        chat_id: &ChatId,
        seed: MessageSeed,
    ) -> Option<MessageRec> {
        let chat = self.chats.get(chat_id)?;
        let sender = seed.from.or_else(|| chat.attendees.first().cloned());
        let attachments = seed
            .attachments
            .into_iter()
            .map(|(name, content_type, data)| {
                let part = Part::file("attachments", name, content_type, data);
                uploaded(self, &part, None)
            })
            .collect();
        let out = Outgoing {
            text: seed.text,
            attachments,
        };
        Some(new_message(self, chat_id, sender, out))
    }
}
