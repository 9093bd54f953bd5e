//! `GET` endpoints.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::ops::Bound;

use unipile_core::transport::{HttpRequest, HttpResponse};

use super::body::{ListBody, json};
use crate::api_error::ApiFailure;
use crate::list::{Accepts, Key, ListQuery, ListQuirk};
use crate::render;
use crate::route::Route;
use crate::state::{AttendeeRec, ChatRec, State};
use crate::wire;

pub(super) fn answer(
    state: &State,
    route: &Route,
    request: &HttpRequest,
    quirk: Option<ListQuirk>,
) -> Result<HttpResponse, ApiFailure> {
    let query = &request.query;
    match route {
        Route::ListAccounts => {
            let q = ListQuery::parse(query, "accounts".into(), Accepts::default())?;
            Ok(page_of(
                quirk,
                &q,
                "AccountList",
                &state.account_order,
                &state.accounts,
                |_| true,
                |a| wire::account(a, &render::account(a)),
            ))
        }
        Route::GetAccount(id) => {
            let account = state
                .accounts
                .get(id.as_str())
                .ok_or_else(|| ApiFailure::not_found("Account", id))?;
            Ok(json(
                200,
                &wire::account(account, &render::account(account)),
            ))
        }
        Route::ListChats => {
            let accepts = Accepts {
                account_id: true,
                account_id_list: true,
                account_type: true,
                unread: true,
                dates: true,
                ..Accepts::default()
            };
            let q = ListQuery::parse(query, "chats".into(), accepts)?;
            let f = &q.filters;
            Ok(page_of(
                quirk,
                &q,
                "ChatList",
                &state.chat_order,
                &state.chats,
                |chat| {
                    (f.account_ids.is_empty()
                        || f.account_ids.iter().any(|a| chat.account_id == a.as_str()))
                        && f.account_type
                            .as_deref()
                            .is_none_or(|t| chat.account_type == t)
                        && f.unread.is_none_or(|u| u == (chat.unread_count > 0))
                },
                |c| wire::chat(&render::chat(c)),
            ))
        }
        Route::GetChat(id) => {
            let chat = find_chat(state, id, request)?;
            Ok(json(
                200,
                &wire::chat_with_last_message(
                    &render::chat(chat),
                    state.last_message(chat).map(render::message),
                ),
            ))
        }
        Route::ListChatMessages(id) => {
            let chat = find_chat(state, id, request)?;
            let accepts = Accepts {
                sender_id: true,
                dates: true,
                ..Accepts::default()
            };
            let q = ListQuery::parse(query, format!("chat:{}", chat.id), accepts)?;
            let sender = q.filters.sender_id.as_deref();
            Ok(page_of(
                quirk,
                &q,
                "MessageList",
                &chat.messages,
                &state.messages,
                |m| {
                    sender.is_none_or(|s| {
                        m.message.sender_id == s || m.message.sender_attendee_id == s
                    })
                },
                |m| wire::message(render::message(m)),
            ))
        }
        Route::ListChatAttendees(id) => {
            let chat = find_chat(state, id, request)?;
            let own = state
                .accounts
                .get(&chat.account_id)
                .map(|a| &a.self_attendee);
            let items: Vec<_> = own
                .into_iter()
                .chain(chat.attendees.iter())
                .filter_map(|id| state.attendees.get(id))
                .map(|a| wire::attendee(&render::attendee(a)))
                .collect();
            // This list has no cursor: a chat's attendees come in one answer.
            #[derive(serde::Serialize)]
            struct AttendeeList<T> {
                object: &'static str,
                items: Vec<T>,
            }
            Ok(json(
                200,
                &AttendeeList {
                    object: "ChatAttendeeList",
                    items,
                },
            ))
        }
        Route::ListMessages => {
            let accepts = Accepts {
                account_id: true,
                sender_id: true,
                dates: true,
                ..Accepts::default()
            };
            let q = ListQuery::parse(query, "messages".into(), accepts)?;
            if let Some(account) = q.filters.account_ids.first()
                && !state.accounts.contains_key(account.as_str())
            {
                return Err(ApiFailure::not_found("Account", account));
            }
            let f = &q.filters;
            Ok(page_of(
                quirk,
                &q,
                "MessageList",
                &state.message_order,
                &state.messages,
                |m| {
                    f.account_ids
                        .first()
                        .is_none_or(|a| m.message.account_id == a.as_str())
                        && f.sender_id.as_deref().is_none_or(|s| {
                            m.message.sender_id == s || m.message.sender_attendee_id == s
                        })
                },
                |m| wire::message(render::message(m)),
            ))
        }
        Route::GetMessage(id) => {
            let message = state
                .messages
                .get(id.as_str())
                .ok_or_else(|| ApiFailure::not_found("Message", id))?;
            Ok(json(200, &wire::message(render::message(message))))
        }
        Route::GetAttachment(message_id, attachment_id) => {
            let message = state
                .messages
                .get(message_id.as_str())
                .ok_or_else(|| ApiFailure::not_found("Message", message_id))?;
            let file = message
                .files
                .iter()
                .find(|f| f.id == *attachment_id)
                .ok_or_else(|| ApiFailure::not_found("Attachment", attachment_id))?;
            let response = HttpResponse::new(200, file.data.clone())
                .with_header("content-type", file.content_type.clone());
            Ok(match &file.name {
                Some(name) => response.with_header("content-disposition", disposition(name)),
                None => response,
            })
        }
        Route::ListAttendees => {
            let accepts = Accepts {
                account_id: true,
                ..Accepts::default()
            };
            let q = ListQuery::parse(query, "attendees".into(), accepts)?;
            let account = q.filters.account_ids.first();
            Ok(page_of(
                quirk,
                &q,
                "ChatAttendeeList",
                &state.attendee_order,
                &state.attendees,
                |a| account.is_none_or(|acc| a.account_id == acc.as_str()),
                |a| wire::attendee(&render::attendee(a)),
            ))
        }
        Route::GetAttendee(id) => {
            let attendee = find_attendee(state, id)?;
            Ok(json(200, &wire::attendee(&render::attendee(attendee))))
        }
        Route::ListAttendeeChats(ids) => {
            // A comma-separated list of attendee ids or provider ids; 1:1 chats only.
            let attendees: Vec<_> = ids
                .split(',')
                .map(|id| find_attendee(state, id.trim()))
                .collect::<Result<_, _>>()?;
            let accepts = Accepts {
                account_id: true,
                dates: true,
                ..Accepts::default()
            };
            let q = ListQuery::parse(query, format!("attendee-chats:{ids}"), accepts)?;
            let account = q.filters.account_ids.first();
            Ok(page_of(
                quirk,
                &q,
                "ChatList",
                &state.chat_order,
                &state.chats,
                |chat| {
                    chat.kind == 0
                        && account.is_none_or(|a| chat.account_id == a.as_str())
                        && attendees.iter().any(|a| chat.attendees.contains(&a.id))
                },
                |c| wire::chat(&render::chat(c)),
            ))
        }
        Route::ListAttendeeMessages(id) => {
            let attendee = find_attendee(state, id)?;
            let accepts = Accepts {
                account_id: true,
                dates: true,
                ..Accepts::default()
            };
            let q = ListQuery::parse(query, format!("attendee-messages:{}", attendee.id), accepts)?;
            Ok(page_of(
                quirk,
                &q,
                "MessageList",
                &state.message_order,
                &state.messages,
                |m| m.message.sender_attendee_id == attendee.id,
                |m| wire::message(render::message(m)),
            ))
        }
        Route::ListWebhooks => {
            let q = ListQuery::parse(query, "webhooks".into(), Accepts::default())?;
            Ok(page_of(
                quirk,
                &q,
                "WebhookList",
                &state.webhook_order,
                &state.webhooks,
                |_| true,
                |w| render::webhook(state, w),
            ))
        }
        Route::SyncChat(id) => super::lookups::sync_chat(state, id, request),
        Route::GetAttendeePicture(id) => super::lookups::attendee_picture(state, id),
        Route::GetUserProfile(identifier) => {
            super::lookups::user_profile(state, identifier, request)
        }
        Route::StartChat
        | Route::PatchChat(_)
        | Route::DeleteChat(_)
        | Route::EditMessage(_)
        | Route::DeleteMessage(_)
        | Route::AddReaction(_)
        | Route::SendMessage(_)
        | Route::ForwardMessage(_)
        | Route::CreateWebhook
        | Route::DeleteWebhook(_) => Err(ApiFailure::method_not_allowed("GET", &request.path)),
    }
}

/// One newest-first page of the records of `records` that `index` lists, keeping those
/// `keep` accepts, each rendered by `render`, as the list answer named `object`; with
/// `quirk`, one of Unipile's paging quirks played on it.
fn page_of<'s, Id, Rec, Item>(
    quirk: Option<ListQuirk>,
    q: &ListQuery,
    object: &'static str,
    index: &'s BTreeMap<Key, Id>,
    records: &'s HashMap<Id, Rec>,
    mut keep: impl FnMut(&&'s Rec) -> bool,
    render: impl FnMut(&'s Rec) -> Item,
) -> HttpResponse
where
    Id: Eq + Hash,
    Item: serde::Serialize,
{
    let mut below = Bound::Excluded(q.start_below());
    if let (Some(ListQuirk::RepeatItems(n)), Some(last)) = (quirk, q.after_key) {
        // Back up over the last `n` items the previous page served (its last one included).
        let served = index
            .range(last..)
            .filter_map(|(k, id)| Some((*k, records.get(id)?)))
            .filter(|(_, rec)| keep(rec))
            .take(n)
            .last();
        if let Some((key, _)) = served {
            below = Bound::Included(key);
        }
    }
    let q = q.with_quirk(quirk);
    let (items, cursor) = q.page(
        index
            .range((Bound::Unbounded, below))
            .rev()
            .filter_map(|(k, id)| Some((*k, records.get(id)?))),
        keep,
    );
    json(
        200,
        &ListBody {
            object,
            items: items.into_iter().map(render).collect::<Vec<_>>(),
            cursor,
        },
    )
}

/// The chat of a route, by its Unipile id or its provider id with the `account_id` of the
/// query; a 404 otherwise.
fn find_chat<'s>(
    state: &'s State,
    id: &str,
    request: &HttpRequest,
) -> Result<&'s ChatRec, ApiFailure> {
    state
        .find_chat(id, request.query_value("account_id"))
        .ok_or_else(|| ApiFailure::not_found("Chat", id))
}

/// The attendee of a route, by its Unipile id or its provider id; a 404 otherwise.
fn find_attendee<'s>(state: &'s State, id: &str) -> Result<&'s AttendeeRec, ApiFailure> {
    state
        .find_attendee(id)
        .ok_or_else(|| ApiFailure::not_found("Attendee", id))
}

/// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII fallback, then
/// the exact name percent-encoded.
fn disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| match c {
            '"' | '\\' => '_',
            c if c.is_ascii() && !c.is_ascii_control() => c,
            _ => '_',
        })
        .collect();
    let exact = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{exact}")
}
