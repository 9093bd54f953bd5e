//! Seeding: accounts of each provider, chats with attendees, and histories of realistic
//! messages, all deterministic from the fake's seed.

use bytes::Bytes;
use unipile_core::{AccountId, AttendeeId, ChatId, MessageId, Provider};

use unipile_core::EventType;
use unipile_core::ProviderId;
use unipile_core::model::attachment::{
    Attachment, AudioAttachment, FileAttachment, ImageAttachment, LinkedinPostAttachment,
    MediaSize, VideoAttachment, VideoMeetingAttachment,
};
use unipile_core::model::message::{Message, QuotedMessage, Reaction, SeenReceipt};
use unipile_core::transport::Part;

use crate::fake::FakeUnipile;
use crate::handlers::{Outgoing, time};
use crate::rng::Rng;
use crate::state::{AccountRec, AttendeeRec, MessageRec, State, StoredFile};

/// Seeded histories end at this instant (2025-06-02T09:30:00.000Z), so the same seed gives
/// the same timestamps; messages sent through the API are stamped with the real clock.
pub const HISTORY_END_MS: i64 = 1_748_856_600_000;

const FIRST_NAMES: &[&str] = &[
    "Kim", "Bastien", "Amélie", "Jonas", "Priya", "Mateo", "Chloé", "Yuki", "Omar", "Lena", "Noah",
    "Zoë", "Sven", "Aïcha", "Luca", "Marta",
];
const LAST_NAMES: &[&str] = &[
    "Martin", "Dubois", "Nakamura", "Okafor", "Silva", "Kowalski", "Müller", "García", "Haddad",
    "Rossi", "Andersen", "Lefèvre",
];
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

    /// Adds a history of `n` realistic messages (see [`FakeUnipile::add_history`]).
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

/// The pixel size a PNG declares in its header.
pub(crate) fn image_size(data: &[u8]) -> Option<(u32, u32)> {
    if data.len() < 24 || &data[..8] != b"\x89PNG\r\n\x1a\n" || &data[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(data[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(data[20..24].try_into().ok()?);
    Some((w, h))
}

/// A profile link for an attendee of `account_type`.
pub(crate) fn profile_url(account_type: &str, provider_id: &str) -> Option<String> {
    let id = unipile_core::transport::encode_path_segment(provider_id);
    match account_type {
        "LINKEDIN" => Some(format!("https://www.linkedin.com/in/{id}/")),
        "INSTAGRAM" => Some(format!("https://www.instagram.com/{id}/")),
        "TWITTER" => Some(format!("https://x.com/i/user/{id}")),
        _ => None,
    }
}

/// A provider id of the shape `account_type` uses.
fn provider_user_id(rng: &mut Rng, account_type: &str) -> String {
    match account_type {
        "LINKEDIN" => format!("ACoAA{}", rng.id(34).replace(['-', '_'], "x")),
        "WHATSAPP" => format!("33{}@s.whatsapp.net", rng.digits(9)),
        _ => format!("{}{}", 1 + rng.below(9), rng.digits(9)),
    }
}

/// A PNG header declaring `w`×`h`, followed by filler: enough for a download to be real.
fn png(rng: &mut Rng, w: u32, h: u32) -> Bytes {
    let mut v = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    v.extend_from_slice(&w.to_be_bytes());
    v.extend_from_slice(&h.to_be_bytes());
    v.extend_from_slice(&[8, 6, 0, 0, 0]);
    v.extend((0..64 + rng.below(512)).map(|_| rng.next_u64() as u8));
    Bytes::from(v)
}

fn filler(rng: &mut Rng, header: &[u8], len: u64) -> Bytes {
    let mut v = header.to_vec();
    v.extend((0..len).map(|_| rng.next_u64() as u8));
    Bytes::from(v)
}

impl State {
    pub(crate) fn add_account(&mut self, seed: AccountSeed) -> AccountId {
        let account_type = seed.provider.as_str().to_owned();
        let id = AccountId::new(seed.id.unwrap_or_else(|| self.rng.id(22)));
        let user_id = provider_user_id(&mut self.rng, &account_type);
        let seq = self.next_seq();
        let created_at = HISTORY_END_MS - 86_400_000 * (30 + self.rng.below(300) as i64);
        let self_attendee = AttendeeId::new(self.rng.id(22));
        let username = match account_type.as_str() {
            "WHATSAPP" => user_id.split('@').next().unwrap_or_default().to_owned(),
            _ => seed.name.to_lowercase().replace(' ', "."),
        };
        let attendee_seq = self.next_seq();
        self.insert_attendee(AttendeeRec {
            id: self_attendee.clone(),
            account_id: id.clone(),
            provider_id: user_id.clone(),
            name: seed.name.clone(),
            is_self: true,
            hidden: false,
            picture_url: None,
            profile_url: profile_url(&account_type, &user_id),
            linkedin: None,
            key: (created_at, attendee_seq),
        });
        self.insert_account(AccountRec {
            id: id.clone(),
            account_type,
            name: seed.name,
            created_at,
            user_id,
            username,
            self_attendee,
            key: (created_at, seq),
        });
        id
    }

    /// A new attendee of `account_id` named `name`.
    fn add_attendee(&mut self, account_id: &AccountId, name: String) -> AttendeeId {
        let account_type = self.accounts[account_id].account_type.clone();
        let provider_id = provider_user_id(&mut self.rng, &account_type);
        let id = AttendeeId::new(self.rng.id(22));
        let seq = self.next_seq();
        let linkedin = (account_type == "LINKEDIN").then(|| {
            let jobs = [
                "Founder at Acme",
                "Head of Sales",
                "Recruiter",
                "CTO",
                "Designer",
            ];
            let distance = ["DISTANCE_1", "DISTANCE_2", "DISTANCE_3", "OUT_OF_NETWORK"];
            (
                self.rng.pick(&jobs).to_string(),
                self.rng.pick(&distance).to_string(),
            )
        });
        let picture = self
            .rng
            .chance(70)
            .then(|| format!("https://cdn.example.com/avatars/{}.jpg", self.rng.id(12)));
        self.insert_attendee(AttendeeRec {
            id: id.clone(),
            account_id: account_id.clone(),
            profile_url: profile_url(&account_type, &provider_id),
            provider_id,
            name,
            is_self: false,
            hidden: false,
            picture_url: picture,
            linkedin,
            key: (HISTORY_END_MS - 86_400_000, seq),
        });
        id
    }

    fn random_name(&mut self) -> String {
        format!(
            "{} {}",
            self.rng.pick(FIRST_NAMES),
            self.rng.pick(LAST_NAMES)
        )
    }

    pub(crate) fn add_chat(&mut self, seed: ChatSeed) -> Option<ChatId> {
        self.accounts.get(&seed.account_id)?;
        let attendees: Vec<AttendeeId> = seed
            .attendees
            .into_iter()
            .map(|name| self.add_attendee(&seed.account_id, name))
            .collect();
        let id = crate::handlers::create_chat(
            self,
            &seed.account_id,
            attendees,
            seed.title,
            None,
            false,
        );
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
        let mut rec = crate::handlers::new_message(self, chat_id, Some(sender), out);
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
                    m.quoted = Some(quote);
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
            let (attachment, file) = self.attachment_of(kind);
            rec.message.attachments.push(attachment);
            rec.files.push(file);
        }
        rec
    }

    /// A received attachment of `kind` with bytes to download.
    fn attachment_of(&mut self, kind: &str) -> (Attachment, StoredFile) {
        let id = self.rng.id(32);
        // Some old files can no longer be fetched from the provider.
        let unavailable = self.rng.chance(3);
        let url = Some(crate::handlers::attachment_url(&id));
        let (attachment, content_type, data): (Attachment, &str, Bytes) = match kind {
            "img" | "sticker" => {
                let sticker = kind == "sticker";
                let (w, h) = if sticker { (512, 512) } else { (1280, 720) };
                let mut a = ImageAttachment::new(id.as_str());
                a.size = MediaSize::new(w, h);
                a.sticker = sticker;
                (a.into(), "image/png", png(&mut self.rng, w, h))
            }
            "video" => {
                let mut a = VideoAttachment::new(id.as_str());
                a.size = MediaSize::new(640, 360);
                a.gif = self.rng.chance(30);
                let data = filler(&mut self.rng, b"\x00\x00\x00\x18ftypmp42", 512);
                (a.into(), "video/mp4", data)
            }
            "audio" => {
                let mut a = AudioAttachment::new(id.as_str());
                a.voice_note = true;
                a.duration = Some((2 + self.rng.below(60)) as f64);
                (a.into(), "audio/ogg", filler(&mut self.rng, b"OggS", 384))
            }
            "linkedin_post" => {
                let a = LinkedinPostAttachment::new(id.as_str());
                let data =
                    Bytes::from_static(b"<a href=\"https://www.linkedin.com/feed/\">post</a>");
                (a.into(), "text/html", data)
            }
            "video_meeting" => {
                let mut a = VideoMeetingAttachment::new(id.as_str());
                let starts = HISTORY_END_MS / 1000 + 86_400;
                a.starts_at = Some(starts);
                a.expires_at = Some(starts + 3_600);
                a.time_range = Some(3_600);
                let data = Bytes::from_static(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
                (a.into(), "text/calendar", data)
            }
            _ => {
                let mut a = FileAttachment::new(id.as_str());
                a.file_name = format!("proposal-{}.pdf", self.rng.digits(3));
                (
                    a.into(),
                    "application/pdf",
                    filler(&mut self.rng, b"%PDF-1.7\n", 700),
                )
            }
        };
        let attachment = with_common(
            attachment,
            content_type,
            data.len() as u64,
            unavailable,
            url,
        );
        let file = StoredFile {
            id,
            content_type: content_type.to_owned(),
            data,
        };
        (attachment, file)
    }
}

/// Sets the fields every attachment kind has.
fn with_common(
    mut attachment: Attachment,
    content_type: &str,
    size: u64,
    unavailable: bool,
    url: Option<String>,
) -> Attachment {
    macro_rules! set {
        ($a:expr) => {{
            $a.mimetype = Some(content_type.to_owned());
            $a.file_size = Some(size);
            $a.unavailable = unavailable;
            $a.url = url;
        }};
    }
    match &mut attachment {
        Attachment::Image(a) => set!(a),
        Attachment::Video(a) => set!(a),
        Attachment::Audio(a) => set!(a),
        Attachment::File(a) => set!(a),
        Attachment::LinkedinPost(a) => set!(a),
        Attachment::VideoMeeting(a) => set!(a),
        _ => {}
    }
    attachment
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

impl FakeUnipile {
    /// Adds an account (with its own attendee) and returns its id.
    pub fn add_account(&self, seed: AccountSeed) -> AccountId {
        self.write().add_account(seed)
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
        let providers = [
            (Provider::Linkedin, "Kim Unipile"),
            (Provider::Whatsapp, "Kim (WhatsApp)"),
            (Provider::Instagram, "kim.unipile"),
            (Provider::Messenger, "Kim Messenger"),
            (Provider::Telegram, "Kim Telegram"),
            (Provider::Twitter, "@kim_unipile"),
        ];
        let mut state = self.write();
        for (provider, name) in providers {
            let account = state.add_account(AccountSeed::new(provider, name));
            for _ in 0..3 {
                let name = state.random_name();
                state.add_chat(ChatSeed::direct(account.clone(), name).history(30));
            }
            let names: Vec<String> = (0..3).map(|_| state.random_name()).collect();
            state.add_chat(ChatSeed::group(account.clone(), "Project team 🚀", names).history(30));
        }
    }

    /// Adds a message to a chat, now, without webhooks (history the account already had).
    /// `None` if the chat is unknown.
    pub fn add_message(&self, chat_id: &ChatId, seed: MessageSeed) -> Option<MessageId> {
        let mut state = self.write();
        let message = seeded_message(&mut state, chat_id, seed)?;
        let id = message.message.id.clone();
        state.insert_message(message);
        Some(id)
    }

    /// A new incoming message arrives in a chat, now: it is stored, the chat's unread count
    /// goes up, and every matching webhook fires (`message_received`). `None` if the chat
    /// is unknown.
    pub fn receive_message(&self, chat_id: &ChatId, seed: MessageSeed) -> Option<MessageId> {
        let (id, deliveries) = {
            let mut state = self.write();
            let message = seeded_message(&mut state, chat_id, seed)?;
            let id = message.message.id.clone();
            state.insert_message(message);
            let deliveries = crate::payload::message_received(&state, &id);
            (id, deliveries)
        };
        self.deliver(deliveries);
        Some(id)
    }
}

fn seeded_message(state: &mut State, chat_id: &ChatId, seed: MessageSeed) -> Option<MessageRec> {
    let chat = state.chats.get(chat_id)?;
    let sender = seed.from.or_else(|| chat.attendees.first().cloned());
    let attachments = seed
        .attachments
        .into_iter()
        .map(|(name, content_type, data)| {
            let part = Part::file("attachments", name, content_type, data);
            crate::handlers::uploaded(state, &part, None)
        })
        .collect();
    let out = Outgoing {
        text: seed.text,
        attachments,
    };
    Some(crate::handlers::new_message(state, chat_id, sender, out))
}
