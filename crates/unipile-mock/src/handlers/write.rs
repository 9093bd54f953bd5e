//! `POST`, `PATCH` and `DELETE` endpoints.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use unipile_core::model::attachment::{
    Attachment, AudioAttachment, FileAttachment, ImageAttachment, MediaSize, VideoAttachment,
};
use unipile_core::model::message::{Message, MessageType, QuotedMessage};
use unipile_core::model::responses::{
    ChatPatched, ChatStarted, MessageForwarded, MessageSent, WebhookCreated, WebhookDeleted,
};
use unipile_core::transport::{HttpRequest, HttpResponse, Multipart, Part};
use unipile_core::{AccountId, AttendeeId, ChatId, MessageId, ProviderId, WebhookId};

use super::{form, json, json_body};
use crate::api_error::ApiFailure;
use crate::delivery::WebhookDelivery;
use crate::route::Route;
use crate::state::{AttendeeRec, ChatRec, MessageRec, StartedChat, State, StoredFile, WebhookRec};

type Written = Result<(HttpResponse, Vec<WebhookDelivery>), ApiFailure>;

pub(super) fn answer(state: &mut State, route: &Route, request: &HttpRequest) -> Written {
    match route {
        Route::SendMessage(chat_id) => send_message(state, chat_id, request),
        Route::StartChat => start_chat(state, request),
        Route::PatchChat(chat_id) => patch_chat(state, chat_id, request),
        Route::ForwardMessage(message_id) => forward(state, message_id, request),
        Route::CreateWebhook => create_webhook(state, request),
        Route::DeleteWebhook(id) => {
            if state.remove_webhook(id) {
                Ok((json(200, &WebhookDeleted::new()), vec![]))
            } else {
                Err(ApiFailure::not_found("Webhook", id))
            }
        }
        _ => Err(ApiFailure::method_not_allowed(
            request.method.as_str(),
            &request.path,
        )),
    }
}

/// What a send carries: text and files.
pub(crate) struct Outgoing {
    pub(crate) text: Option<String>,
    pub(crate) attachments: Vec<(Attachment, StoredFile)>,
}

/// Reads `text`, `attachments`, `voice_message` and `video_message` from a form.
fn outgoing(state: &mut State, form: &Multipart) -> Outgoing {
    let text = form.text("text").map(str::to_owned);
    let mut attachments = Vec::new();
    for part in form.parts().iter().filter(|p| p.is_file()) {
        let special = match part.name.as_str() {
            "attachments" | "attachments[]" => None,
            "voice_message" => Some(Special::Voice),
            "video_message" => Some(Special::Video),
            _ => continue,
        };
        attachments.push(uploaded(state, part, special));
    }
    Outgoing { text, attachments }
}

/// A LinkedIn voice or video message.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Special {
    Voice,
    Video,
}

/// The `att://` reference of an attachment.
pub(crate) fn attachment_url(id: &str) -> String {
    format!("att://{}", STANDARD.encode(id))
}

/// An uploaded file as an attachment, its kind from its content type, and its bytes.
pub(crate) fn uploaded(
    state: &mut State,
    part: &Part,
    special: Option<Special>,
) -> (Attachment, StoredFile) {
    let id = state.new_id(24);
    let content_type = part
        .content_type
        .clone()
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let mimetype = Some(content_type.clone());
    let file_size = Some(part.data.len() as u64);
    let url = Some(attachment_url(&id));
    let attachment = if special == Some(Special::Voice) || content_type.starts_with("audio/") {
        let mut a = AudioAttachment::new(id.as_str());
        (a.mimetype, a.file_size, a.url) = (mimetype, file_size, url);
        a.voice_note = special == Some(Special::Voice);
        Attachment::from(a)
    } else if special == Some(Special::Video) || content_type.starts_with("video/") {
        let mut a = VideoAttachment::new(id.as_str());
        (a.mimetype, a.file_size, a.url) = (mimetype, file_size, url);
        Attachment::from(a)
    } else if content_type.starts_with("image/") {
        let mut a = ImageAttachment::new(id.as_str());
        (a.mimetype, a.file_size, a.url) = (mimetype, file_size, url);
        if let Some((w, h)) = crate::seed::image_size(&part.data) {
            a.size = MediaSize::new(w, h);
        }
        Attachment::from(a)
    } else {
        let mut a = FileAttachment::new(id.as_str());
        (a.mimetype, a.file_size, a.url) = (mimetype, file_size, url);
        a.file_name = part.filename.clone().unwrap_or_default();
        Attachment::from(a)
    };
    let file = StoredFile {
        id,
        content_type,
        data: part.data.clone(),
    };
    (attachment, file)
}

fn send_message(state: &mut State, chat_id: &str, request: &HttpRequest) -> Written {
    let form = form(request)?;
    let chat = state
        .chats
        .get(chat_id)
        .ok_or_else(|| ApiFailure::not_found("Chat", chat_id))?;
    if let Some(account_id) = form.text("account_id") {
        if chat.account_id != account_id {
            return Err(ApiFailure::not_found(
                "Chat",
                &format!("{chat_id} in account {account_id}"),
            ));
        }
    }
    let chat_id = chat.id.clone();
    let quoted = match form.text("quote_id") {
        Some(id) => Some(quote(state, &chat_id, id)?),
        None => None,
    };
    let out = outgoing(state, form);
    if out.text.as_deref().is_none_or(str::is_empty) && out.attachments.is_empty() {
        return Err(ApiFailure::missing_parameter("text"));
    }
    let message_id = store_sent(state, &chat_id, out, quoted);
    let deliveries = crate::payload::message_received(state, &message_id);
    let body = MessageSent::new(Some(message_id));
    Ok((json(201, &body), deliveries))
}

fn quote(state: &State, chat_id: &ChatId, id: &str) -> Result<QuotedMessage, ApiFailure> {
    let quoted = state
        .messages
        .get(id)
        .map(|rec| &rec.message)
        .filter(|m| m.chat_id == *chat_id)
        .ok_or_else(|| ApiFailure::not_found("Message to quote", id))?;
    let mut q = QuotedMessage::new(quoted.provider_id.clone(), quoted.sender_id.clone());
    q.text = quoted.text.clone();
    q.attachments = quoted.attachments.clone();
    Ok(q)
}

/// Stores a message sent by the account into `chat_id` and returns its id.
fn store_sent(
    state: &mut State,
    chat_id: &ChatId,
    out: Outgoing,
    quoted: Option<QuotedMessage>,
) -> MessageId {
    let mut rec = new_message(state, chat_id, None, out);
    rec.message.quoted = quoted;
    let id = rec.message.id.clone();
    state.insert_message(rec);
    state.sent.push(id.clone());
    id
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

/// Milliseconds since the epoch as a time.
pub(crate) fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn start_chat(state: &mut State, request: &HttpRequest) -> Written {
    let form = form(request)?;
    let account_id = form
        .text("account_id")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiFailure::missing_parameter("account_id"))?;
    let account = state
        .accounts
        .get(account_id)
        .ok_or_else(|| ApiFailure::not_found("Account", account_id))?
        .clone();
    let attendees_ids: Vec<String> = form
        .texts("attendees_ids")
        .into_iter()
        .chain(form.texts("attendees_ids[]"))
        .map(str::to_owned)
        .collect();
    if attendees_ids.is_empty() {
        return Err(ApiFailure::missing_parameter("attendees_ids"));
    }
    if let Some(empty) = attendees_ids.iter().position(String::is_empty) {
        return Err(ApiFailure::invalid_parameter(
            &format!("attendees_ids[{empty}]"),
            "is empty",
        ));
    }
    let linkedin: Vec<(String, String)> = form
        .parts()
        .iter()
        .filter(|p| !p.is_file())
        .filter_map(|p| {
            let key = p.name.strip_prefix("linkedin[")?.strip_suffix(']')?;
            Some((key.to_owned(), p.as_text()?.to_owned()))
        })
        .collect();
    let title = form.text("title").map(str::to_owned);
    let subject = form.text("subject").map(str::to_owned);
    let is_inmail = linkedin
        .iter()
        .any(|(k, v)| k == "inmail" && matches!(v.as_str(), "true" | "1"));

    // A single attendee reuses the existing 1:1 chat, as Unipile does.
    let existing = (attendees_ids.len() == 1)
        .then(|| {
            state
                .chats
                .values()
                .find(|c| {
                    c.kind == 0
                        && c.account_id == account.id
                        && c.attendee_provider_id.as_deref() == Some(attendees_ids[0].as_str())
                })
                .map(|c| c.id.clone())
        })
        .flatten();
    let reused = existing.is_some();
    let chat_id = match existing {
        Some(id) => id,
        None => {
            let attendees: Vec<AttendeeId> = attendees_ids
                .iter()
                .map(|pid| attendee_for(state, &account.id, pid))
                .collect();
            create_chat(
                state,
                &account.id,
                attendees,
                title.clone(),
                subject.clone(),
                is_inmail,
            )
        }
    };
    let out = outgoing(state, form);
    let attachment_names = form
        .parts()
        .iter()
        .filter(|p| p.is_file())
        .map(|p| p.filename.clone().unwrap_or_default())
        .collect();
    let started_text = out.text.clone();
    let has_content =
        out.text.as_deref().is_some_and(|t| !t.is_empty()) || !out.attachments.is_empty();
    let message_id = has_content.then(|| {
        let id = store_sent(state, &chat_id, out, None);
        if let Some(rec) = state.messages.get_mut(&id) {
            rec.message.subject = subject.clone();
            if is_inmail {
                rec.message.message_type = Some(MessageType::Inmail);
            }
        }
        id
    });
    state.started.push(StartedChat {
        chat_id: chat_id.clone(),
        message_id: message_id.clone(),
        reused,
        account_id: account.id.clone(),
        attendees_ids,
        text: started_text,
        title,
        subject,
        linkedin,
        attachment_names,
    });
    let deliveries = match &message_id {
        Some(id) => crate::payload::message_received(state, id),
        None => Vec::new(),
    };
    let body = ChatStarted::new(Some(chat_id), message_id);
    Ok((json(201, &body), deliveries))
}

/// The attendee with provider id `provider_id` in `account_id`, created if new.
fn attendee_for(state: &mut State, account_id: &AccountId, provider_id: &str) -> AttendeeId {
    if let Some(found) = state
        .attendees
        .values()
        .find(|a| a.account_id == *account_id && a.provider_id == provider_id)
    {
        return found.id.clone();
    }
    let seq = state.next_seq();
    let now = state.now_ms();
    let id = AttendeeId::new(state.new_id(22));
    let account_type = state.accounts[account_id].account_type.clone();
    state.insert_attendee(AttendeeRec {
        id: id.clone(),
        account_id: account_id.clone(),
        provider_id: provider_id.to_owned(),
        name: provider_id.to_owned(),
        is_self: false,
        hidden: false,
        picture_url: None,
        profile_url: crate::seed::profile_url(&account_type, provider_id),
        linkedin: None,
        key: (now, seq),
    });
    id
}

/// Creates a chat between the account and `attendees` (a group when several).
pub(crate) fn create_chat(
    state: &mut State,
    account_id: &AccountId,
    attendees: Vec<AttendeeId>,
    title: Option<String>,
    subject: Option<String>,
    inmail: bool,
) -> ChatId {
    let seq = state.next_seq();
    let now = state.now_ms();
    let id = ChatId::new(state.new_id(22));
    let provider_id = state.new_id(30);
    let account_type = state.accounts[account_id].account_type.clone();
    let group = attendees.len() > 1;
    let first = attendees.first().and_then(|a| state.attendees.get(a));
    let name = if group {
        title
    } else {
        first.map(|a| a.name.clone())
    };
    let attendee_provider_id = if group {
        None
    } else {
        first.map(|a| a.provider_id.clone())
    };
    state.insert_chat(ChatRec {
        id: id.clone(),
        account_id: account_id.clone(),
        account_type,
        provider_id,
        name,
        kind: u8::from(group),
        timestamp: None,
        unread_count: 0,
        archived: false,
        read_only: 0,
        attendee_provider_id,
        subject,
        content_type: inmail.then(|| "inmail".to_owned()),
        folder: vec!["INBOX".to_owned()],
        attendees,
        messages: Default::default(),
        key: (now, seq),
    });
    id
}

#[derive(Deserialize)]
struct PatchChatBody {
    action: Option<String>,
    value: Option<serde_json::Value>,
}

fn patch_chat(state: &mut State, chat_id: &str, request: &HttpRequest) -> Written {
    let body: PatchChatBody = json_body(request)?;
    if !state.chats.contains_key(chat_id) {
        return Err(ApiFailure::not_found("Chat", chat_id));
    }
    let action = body
        .action
        .ok_or_else(|| ApiFailure::missing_parameter("action"))?;
    if action != "setReadStatus" {
        return Err(ApiFailure::invalid_parameter(
            "action",
            format!("the fake supports setReadStatus, got {action:?}"),
        ));
    }
    let read = match body.value {
        Some(serde_json::Value::Bool(b)) => b,
        Some(other) => {
            return Err(ApiFailure::invalid_parameter(
                "value",
                format!("must be a boolean, got {other}"),
            ));
        }
        None => return Err(ApiFailure::missing_parameter("value")),
    };
    let chat = state
        .chats
        .get_mut(chat_id)
        .ok_or_else(|| ApiFailure::not_found("Chat", chat_id))?;
    let received: Vec<MessageId> = chat.messages.values().cloned().collect();
    if read {
        chat.unread_count = 0;
        for id in &received {
            if let Some(rec) = state.messages.get_mut(id).filter(|r| !r.message.is_sender) {
                rec.message.seen = true;
            }
        }
    } else {
        // Marks the newest received message unread, as the apps do.
        let newest = received.iter().rev().find(|id| {
            state
                .messages
                .get(*id)
                .is_some_and(|r| !r.message.is_sender)
        });
        if let Some(rec) = newest.and_then(|id| state.messages.get_mut(id)) {
            rec.message.seen = false;
            chat.unread_count = chat.unread_count.max(1);
        }
    }
    Ok((json(200, &ChatPatched::new()), vec![]))
}

#[derive(Deserialize)]
struct ForwardBody {
    chat_id: Option<String>,
}

fn forward(state: &mut State, message_id: &str, request: &HttpRequest) -> Written {
    let body: ForwardBody = json_body(request)?;
    let original = state
        .messages
        .get(message_id)
        .ok_or_else(|| ApiFailure::not_found("Message", message_id))?
        .clone();
    let target = body
        .chat_id
        .ok_or_else(|| ApiFailure::missing_parameter("chat_id"))?;
    let target = state
        .chats
        .get(target.as_str())
        .ok_or_else(|| ApiFailure::not_found("Chat", &target))?
        .id
        .clone();
    let out = Outgoing {
        text: original.message.text.clone(),
        attachments: original
            .message
            .attachments
            .iter()
            .cloned()
            .zip(original.files.iter().cloned())
            .collect(),
    };
    let id = store_sent(state, &target, out, None);
    if let Some(rec) = state.messages.get_mut(&id) {
        rec.message.is_forwarded = true;
    }
    let deliveries = crate::payload::message_received(state, &id);
    let body = MessageForwarded::new(Some(id));
    Ok((json(201, &body), deliveries))
}

#[derive(Deserialize)]
struct HeaderField {
    key: String,
    value: String,
}

#[derive(Deserialize)]
struct CreateWebhookBody {
    request_url: Option<String>,
    source: Option<String>,
    name: Option<String>,
    format: Option<String>,
    #[serde(default)]
    account_ids: Vec<String>,
    enabled: Option<bool>,
    #[serde(default)]
    headers: Vec<HeaderField>,
    #[serde(default)]
    events: Vec<String>,
}

const SOURCES: &[&str] = &[
    "messaging",
    "email",
    "email_tracking",
    "account_status",
    "users",
    "calendar_event",
];

const MESSAGING_EVENTS: &[&str] = &[
    "message_received",
    "message_read",
    "message_reaction",
    "message_edited",
    "message_deleted",
];

fn create_webhook(state: &mut State, request: &HttpRequest) -> Written {
    let body: CreateWebhookBody = json_body(request)?;
    let request_url = body
        .request_url
        .filter(|u| !u.is_empty())
        .ok_or_else(|| ApiFailure::missing_parameter("request_url"))?;
    if !(request_url.starts_with("http://") || request_url.starts_with("https://")) {
        return Err(ApiFailure::new(
            400,
            "errors/invalid_url",
            "Invalid URL",
            format!("`request_url` must be an http(s) URL, got {request_url:?}"),
        ));
    }
    let source = body
        .source
        .ok_or_else(|| ApiFailure::missing_parameter("source"))?;
    if !SOURCES.contains(&source.as_str()) {
        return Err(ApiFailure::invalid_parameter(
            "source",
            format!("must be one of {}, got {source:?}", SOURCES.join(", ")),
        ));
    }
    let format = body.format.unwrap_or_else(|| "json".to_owned());
    if format != "json" && format != "form" {
        return Err(ApiFailure::invalid_parameter(
            "format",
            format!("must be json or form, got {format:?}"),
        ));
    }
    if source == "messaging" {
        if let Some((i, bad)) = body
            .events
            .iter()
            .enumerate()
            .find(|(_, e)| !MESSAGING_EVENTS.contains(&e.as_str()))
        {
            return Err(ApiFailure::invalid_parameter(
                &format!("events[{i}]"),
                format!(
                    "must be one of {}, got {bad:?}",
                    MESSAGING_EVENTS.join(", ")
                ),
            ));
        }
    }
    let mut account_ids = Vec::new();
    for (i, id) in body.account_ids.iter().enumerate() {
        match state.accounts.get(id.as_str()) {
            Some(account) => account_ids.push(account.id.clone()),
            None => {
                return Err(ApiFailure::invalid_parameter(
                    &format!("account_ids[{i}]"),
                    format!("no account {id:?}"),
                ));
            }
        }
    }
    let seq = state.next_seq();
    let now = state.now_ms();
    let id = WebhookId::new(state.new_id(22));
    state.insert_webhook(WebhookRec {
        id: id.clone(),
        name: body.name,
        request_url,
        source,
        format,
        account_ids,
        enabled: body.enabled.unwrap_or(true),
        headers: body.headers.into_iter().map(|h| (h.key, h.value)).collect(),
        events: body.events,
        key: (now, seq),
    });
    let body = WebhookCreated::new(id);
    Ok((json(201, &body), vec![]))
}
