//! Realistic histories: text in several languages and emoji, attachments, reactions,
//! events, quotes, read receipts, deleted and edited messages.

use unipile_core::model::message::{Message, QuotedMessage, Reaction, SeenReceipt};
use unipile_core::{AttendeeId, ChatId, EventType, MessageId, ProviderId};

use super::HISTORY_END_MS;
use super::attachments::random_attachment;
use crate::state::messages::{Outgoing, new_message};
use crate::state::time::time;
use crate::state::{MessageRec, State};

const LINES: &[&str] = &[
    "Hello! Are you available for a quick call this week?",
    "Thanks for connecting 🙂",
    "Sounds good, talk soon.",
    "Could you send me the deck?",
    "Here it is 👇",
    "Je reviens vers vous demain.",
    "¿Nos vemos el jueves?",
    "Great news 🎉🎉",
    "Let me check with the team and get back to you.",
    "On my way 🚗",
    "明天见！",
    "👍",
    "Can we move the meeting to 3pm?",
    "Happy to help — what do you need?",
    "Merci beaucoup !",
    "I'll share the contract tonight.",
];
const REACTIONS: &[&str] = &["👍", "❤️", "😂", "😮", "🙏", "🎉"];

impl State {
    /// Adds `n` messages older than any already in the chat, with a realistic mix.
    pub(crate) fn add_history(&mut self, chat_id: &ChatId, n: usize) -> Vec<MessageId> {
        let Some(chat) = self.chats.get(chat_id) else {
            return Vec::new();
        };
        let account = &self.accounts[&chat.account_id];
        let me = account.self_attendee.clone();
        let account_type = account.account_type.clone();
        let others = chat.attendees.clone();
        let group = chat.kind == 1;
        let oldest = chat
            .messages
            .keys()
            .next()
            .map_or(HISTORY_END_MS + 1, |k| k.0);
        // Walk back in time from the oldest message, then insert oldest first.
        let mut times = Vec::with_capacity(n);
        let mut t = oldest;
        for _ in 0..n {
            t -= 1 + self.rng.below(6 * 3_600_000) as i64;
            times.push(t);
        }
        times.reverse();
        let mut ids = Vec::with_capacity(n);
        for (i, ts) in times.into_iter().enumerate() {
            let from_me = others.is_empty() || self.rng.chance(45);
            let sender = if from_me {
                me.clone()
            } else {
                self.rng.pick(&others).clone()
            };
            let newest = i + 3 >= n;
            let rec = self.realistic(chat_id, sender, ts, &account_type, group, i, newest);
            ids.push(rec.message.id.clone());
            self.insert_message(rec);
        }
        ids
    }

    #[allow(clippy::too_many_arguments)]
    fn realistic(
        &mut self,
        chat_id: &ChatId,
        sender: AttendeeId,
        ms: i64,
        account_type: &str,
        group: bool,
        index: usize,
        newest: bool,
    ) -> MessageRec {
        let text = Some(self.rng.pick(LINES).to_string());
        let out = Outgoing {
            text,
            attachments: Vec::new(),
        };
        let mut rec = new_message(self, chat_id, Some(sender), out);
        rec.key = (ms, rec.key.1);
        let m = &mut rec.message;
        m.timestamp = time(ms);
        m.delivered = true;
        // The newest incoming messages stay unread; everything else was seen.
        m.seen = m.is_sender || !newest;
        let readers: Vec<String> = self.chats[chat_id]
            .attendees
            .iter()
            .filter_map(|a| self.attendees.get(a))
            .map(|a| a.provider_id.clone())
            .collect();
        if m.is_sender && m.seen {
            for reader in &readers {
                // Some providers give the time it was seen, others a flag.
                let receipt = if account_type == "LINKEDIN" {
                    SeenReceipt::Seen(true)
                } else {
                    SeenReceipt::SeenAt(time(ms + 1_000 + self.rng.below(600_000) as i64))
                };
                m.seen_by.insert(ProviderId::new(reader.as_str()), receipt);
            }
        }
        let mut attach = None;
        match self.rng.below(100) {
            0..=5 if group && index == 0 => event(m, 3),
            6..=9 if account_type == "LINKEDIN" => attach = Some("linkedin_post"),
            6..=9 => attach = Some("img"),
            10..=12 => attach = Some("file"),
            13..=14 => attach = Some("video"),
            15..=16 => attach = Some("audio"),
            17 if account_type == "LINKEDIN" => attach = Some("video_meeting"),
            18..=19 => attach = Some("sticker"),
            20..=27 => {
                let sender = readers.first().cloned().unwrap_or_default();
                let value = self.rng.pick(REACTIONS).to_string();
                m.reactions.push(Reaction::new(value, sender, false));
            }
            28..=30 => {
                m.deleted = true;
                m.text = None;
            }
            31..=34 => m.edited = true,
            35..=38 => {
                let chat = &self.chats[chat_id];
                if let Some(quoted) = chat
                    .messages
                    .values()
                    .next_back()
                    .and_then(|id| self.messages.get(id))
                {
                    let q = &quoted.message;
                    let mut quote = QuotedMessage::new(q.provider_id.clone(), q.sender_id.clone());
                    quote.text = q.text.clone();
                    quote.attachments = q.attachments.clone();
                    m.quoted = Some(Box::new(quote));
                }
            }
            39..=41 => event(m, 1),
            42 if account_type == "WHATSAPP" => {
                let code = 8 + self.rng.below(2) as i64;
                event(m, code);
            }
            43 if group => {
                let code = 4 + self.rng.below(4) as i64;
                event(m, code);
            }
            _ => {}
        }
        if let Some(kind) = attach {
            let (attachment, file) = random_attachment(&mut self.rng, kind);
            rec.message.attachments.push(attachment);
            rec.files.push(file);
        }
        rec
    }
}

fn event(m: &mut Message, code: i64) {
    m.is_event = true;
    m.event_type = Some(EventType::from(code));
    m.text = Some(
        match code {
            1 | 2 => "reacted 👍 to a message",
            3 => "created the group",
            4 => "changed the group name",
            5 => "added a participant",
            6 => "removed a participant",
            7 => "left",
            8 => "Missed voice call",
            _ => "Missed video call",
        }
        .to_owned(),
    );
    // "X reacted 👍 to your message" is hidden in the conversation.
    m.hidden = matches!(code, 1 | 2);
}
