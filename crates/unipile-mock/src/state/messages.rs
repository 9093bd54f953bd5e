//! Composing messages: what a message carries, stamped and addressed as the API does.

use unipile_core::model::attachment::Attachment;
use unipile_core::model::message::{Message, MessageType};
use unipile_core::{AttendeeId, ChatId, ProviderId};

use super::time::time;
use super::{MessageRec, State, StoredFile};

/// What a message carries: text and files.
pub(crate) struct Outgoing {
    pub(crate) text: Option<String>,
    pub(crate) attachments: Vec<(Attachment, StoredFile)>,
}

/// A new message in `chat_id`, now, from `sender` (the account itself when `None`).
pub(crate) fn new_message(
    state: &mut State,
    chat_id: &ChatId,
    sender: Option<AttendeeId>,
    out: Outgoing,
) -> MessageRec {
    let ms = state.now_ms();
    let seq = state.next_seq();
    let id = state.new_id(22);
    let provider_id = state.new_id(24);
    let chat = &state.chats[chat_id];
    let account = &state.accounts[&chat.account_id];
    let sender_attendee_id = sender.unwrap_or_else(|| account.self_attendee.clone());
    let is_sender = sender_attendee_id == account.self_attendee;
    let sender_id = state
        .attendees
        .get(&sender_attendee_id)
        .map(|a| a.provider_id.clone())
        .unwrap_or_default();
    let mut m = Message::new(id, chat.id.clone(), chat.account_id.clone(), time(ms));
    m.chat_provider_id = ProviderId::new(chat.provider_id.as_str());
    m.original = Some(format!("{{\"id\":\"{provider_id}\"}}"));
    m.provider_id = ProviderId::new(provider_id);
    m.sender_id = ProviderId::new(sender_id);
    m.sender_attendee_id = sender_attendee_id;
    m.text = out.text;
    m.is_sender = is_sender;
    m.delivered = is_sender;
    m.message_type = Some(MessageType::Message);
    let (attachments, files) = out.attachments.into_iter().unzip();
    m.attachments = attachments;
    MessageRec {
        message: m,
        key: (ms, seq),
        files,
    }
}
