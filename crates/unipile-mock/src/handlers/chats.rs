//! Starting chats: `POST /chats`.

use unipile_core::AttendeeId;
use unipile_core::model::message::MessageType;
use unipile_core::model::responses::ChatStarted;
use unipile_core::transport::HttpRequest;

use super::body::{Written, form, json};
use super::messages::{outgoing, store_sent};
use crate::api_error::ApiFailure;
use crate::state::attendees::attendee_for;
use crate::state::chats::create_chat;
use crate::state::{StartedChat, State};

/// `POST /chats`: starts a chat (or reuses the 1:1 chat), optionally with a message.
pub(super) fn start_chat(state: &mut State, request: &HttpRequest) -> Written {
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
