//! Acting on a message: `POST /messages/{message_id}/reaction`,
//! `PATCH /messages/{message_id}`, `DELETE /messages/{message_id}`.

use serde::Deserialize;
use unipile_core::MessageId;
use unipile_core::model::message::Reaction;
use unipile_core::model::responses::{MessageDeleted, MessageEdited, MessageReactionAdded};
use unipile_core::transport::HttpRequest;

use super::body::{Written, json, json_body};
use crate::api_error::ApiFailure;
use crate::payload::{ReactionInfo, message_event};
use crate::state::{MessageRec, State};

/// How long after its send LinkedIn lets a message be deleted.
pub(crate) const LINKEDIN_DELETE_WINDOW_MS: i64 = 60 * 60 * 1000;

fn message<'s>(state: &'s State, id: &str) -> Result<&'s MessageRec, ApiFailure> {
    state
        .messages
        .get(id)
        .ok_or_else(|| ApiFailure::not_found("Message", id))
}

fn unprocessable(detail: impl Into<String>) -> ApiFailure {
    ApiFailure::new(
        422,
        "errors/unprocessable_entity",
        "Unprocessable entity",
        detail.into(),
    )
}

/// Refuses a change to a deleted message, or (`own_only`) to another user's message.
fn check_changeable(rec: &MessageRec, own_only: bool, what: &str) -> Result<(), ApiFailure> {
    if rec.message.deleted {
        return Err(unprocessable(format!(
            "A deleted message cannot be {what}."
        )));
    }
    if own_only && !rec.message.is_sender {
        return Err(unprocessable(format!(
            "Only a message the account sent can be {what}."
        )));
    }
    Ok(())
}

#[derive(Deserialize)]
struct ReactionBody {
    reaction: Option<String>,
}

/// `POST /messages/{message_id}/reaction`: the account's reaction replaces any it had on
/// the message; `message_reaction` is sent.
pub(super) fn react(state: &mut State, message_id: &str, request: &HttpRequest) -> Written {
    let body: ReactionBody = json_body(request)?;
    let reaction = body
        .reaction
        .filter(|r| !r.trim().is_empty())
        .ok_or_else(|| ApiFailure::missing_parameter("reaction"))?;
    let rec = message(state, message_id)?;
    check_changeable(rec, false, "reacted to")?;
    let id: MessageId = rec.message.id.clone();
    let account = &state.accounts[&rec.message.account_id];
    let me = account.self_attendee.clone();
    let my_provider_id = state
        .attendees
        .get(&me)
        .map(|a| a.provider_id.clone())
        .unwrap_or_else(|| account.user_id.clone());
    if let Some(rec) = state.messages.get_mut(&id) {
        let reactions = &mut rec.message.reactions;
        reactions.retain(|r| !r.is_sender);
        reactions.push(Reaction::new(reaction.clone(), my_provider_id, true));
    }
    let info = ReactionInfo {
        value: &reaction,
        sender: state.attendees.get(&me),
    };
    let deliveries = message_event(state, &id, "message_reaction", Some(info));
    Ok((json(201, &MessageReactionAdded::new()), deliveries))
}

#[derive(Deserialize)]
struct EditBody {
    text: Option<String>,
}

/// `PATCH /messages/{message_id}`: the account's own message gets the new text and reads
/// `edited`; `message_edited` is sent.
pub(super) fn edit(state: &mut State, message_id: &str, request: &HttpRequest) -> Written {
    let body: EditBody = json_body(request)?;
    let text = body
        .text
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| ApiFailure::missing_parameter("text"))?;
    let rec = message(state, message_id)?;
    check_changeable(rec, true, "edited")?;
    let id = rec.message.id.clone();
    if let Some(rec) = state.messages.get_mut(&id) {
        rec.message.text = Some(text);
        rec.message.edited = true;
    }
    let deliveries = message_event(state, &id, "message_edited", None);
    Ok((json(200, &MessageEdited::new()), deliveries))
}

/// `DELETE /messages/{message_id}`: the account's own message reads `deleted`, its text
/// and files gone; on LinkedIn only within 60 minutes of its send. `message_deleted` is
/// sent.
pub(super) fn delete(state: &mut State, message_id: &str) -> Written {
    let rec = message(state, message_id)?;
    check_changeable(rec, true, "deleted")?;
    let id = rec.message.id.clone();
    let sent_ms = rec.key.0;
    let linkedin = state
        .accounts
        .get(&rec.message.account_id)
        .is_some_and(|a| a.account_type == "LINKEDIN");
    let now = state.now_ms();
    if linkedin && now - sent_ms > LINKEDIN_DELETE_WINDOW_MS {
        return Err(unprocessable(
            "LinkedIn lets a message be deleted only within 60 minutes of its send.",
        ));
    }
    if let Some(rec) = state.messages.get_mut(&id) {
        rec.message.deleted = true;
        rec.message.text = None;
        rec.message.attachments.clear();
        rec.files.clear();
    }
    let deliveries = message_event(state, &id, "message_deleted", None);
    Ok((json(200, &MessageDeleted::new()), deliveries))
}
