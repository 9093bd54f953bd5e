//! `GET` endpoints.

use unipile_core::transport::{HttpRequest, HttpResponse};

use super::{ListBody, json};
use crate::api_error::ApiFailure;
use crate::list::{Accepts, ListQuery};
use crate::render;
use crate::route::Route;
use crate::state::State;

pub(super) fn answer(
    state: &State,
    route: &Route,
    request: &HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    let query = &request.query;
    match route {
        Route::ListAccounts => {
            let q = ListQuery::parse(query, "accounts".into(), Accepts::default())?;
            let (items, cursor) = q.page(
                state
                    .account_order
                    .range(..q.start_below())
                    .rev()
                    .filter_map(|(k, id)| Some((*k, state.accounts.get(id)?))),
                |_| true,
            );
            let items = items.into_iter().map(render::account).collect();
            Ok(list("AccountList", items, cursor))
        }
        Route::GetAccount(id) => {
            let account = state
                .accounts
                .get(id.as_str())
                .ok_or_else(|| ApiFailure::not_found("Account", id))?;
            Ok(json(200, &render::account(account)))
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
            let (items, cursor) = q.page(
                state
                    .chat_order
                    .range(..q.start_below())
                    .rev()
                    .filter_map(|(k, id)| Some((*k, state.chats.get(id)?))),
                |chat| {
                    (f.account_ids.is_empty()
                        || f.account_ids.iter().any(|a| chat.account_id == a.as_str()))
                        && f.account_type
                            .as_deref()
                            .is_none_or(|t| chat.account_type == t)
                        && f.unread.is_none_or(|u| u == (chat.unread_count > 0))
                },
            );
            let items = items.into_iter().map(render::chat).collect();
            Ok(list("ChatList", items, cursor))
        }
        Route::GetChat(id) => {
            let chat = state
                .find_chat(id, request.query_value("account_id"))
                .ok_or_else(|| ApiFailure::not_found("Chat", id))?;
            Ok(json(200, &render::chat_with_last_message(state, chat)))
        }
        Route::ListChatMessages(id) => {
            let chat = state
                .find_chat(id, request.query_value("account_id"))
                .ok_or_else(|| ApiFailure::not_found("Chat", id))?;
            let accepts = Accepts {
                sender_id: true,
                dates: true,
                ..Accepts::default()
            };
            let q = ListQuery::parse(query, format!("chat:{}", chat.id), accepts)?;
            let sender = q.filters.sender_id.as_deref();
            let (items, cursor) = q.page(
                chat.messages
                    .range(..q.start_below())
                    .rev()
                    .filter_map(|(k, id)| Some((*k, state.messages.get(id)?))),
                |m| {
                    sender.is_none_or(|s| {
                        m.message.sender_id == s || m.message.sender_attendee_id == s
                    })
                },
            );
            let items = items.into_iter().map(render::message).collect();
            Ok(list("MessageList", items, cursor))
        }
        Route::ListChatAttendees(id) => {
            let chat = state
                .find_chat(id, request.query_value("account_id"))
                .ok_or_else(|| ApiFailure::not_found("Chat", id))?;
            let own = state
                .accounts
                .get(&chat.account_id)
                .map(|a| &a.self_attendee);
            let items: Vec<_> = own
                .into_iter()
                .chain(chat.attendees.iter())
                .filter_map(|id| state.attendees.get(id))
                .map(render::attendee)
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
            if let Some(account) = q.filters.account_ids.first() {
                if !state.accounts.contains_key(account.as_str()) {
                    return Err(ApiFailure::not_found("Account", account));
                }
            }
            let f = &q.filters;
            let (items, cursor) = q.page(
                state
                    .message_order
                    .range(..q.start_below())
                    .rev()
                    .filter_map(|(k, id)| Some((*k, state.messages.get(id)?))),
                |m| {
                    f.account_ids
                        .first()
                        .is_none_or(|a| m.message.account_id == a.as_str())
                        && f.sender_id.as_deref().is_none_or(|s| {
                            m.message.sender_id == s || m.message.sender_attendee_id == s
                        })
                },
            );
            let items = items.into_iter().map(render::message).collect();
            Ok(list("MessageList", items, cursor))
        }
        Route::GetMessage(id) => {
            let message = state
                .messages
                .get(id.as_str())
                .ok_or_else(|| ApiFailure::not_found("Message", id))?;
            Ok(json(200, &render::message(message)))
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
            Ok(HttpResponse::new(200, file.data.clone())
                .with_header("content-type", file.content_type.clone()))
        }
        Route::ListAttendees => {
            let accepts = Accepts {
                account_id: true,
                ..Accepts::default()
            };
            let q = ListQuery::parse(query, "attendees".into(), accepts)?;
            let account = q.filters.account_ids.first();
            let (items, cursor) = q.page(
                state
                    .attendee_order
                    .range(..q.start_below())
                    .rev()
                    .filter_map(|(k, id)| Some((*k, state.attendees.get(id)?))),
                |a| account.is_none_or(|acc| a.account_id == acc.as_str()),
            );
            let items = items.into_iter().map(render::attendee).collect();
            Ok(list("ChatAttendeeList", items, cursor))
        }
        Route::GetAttendee(id) => {
            let attendee = state
                .find_attendee(id)
                .ok_or_else(|| ApiFailure::not_found("Attendee", id))?;
            Ok(json(200, &render::attendee(attendee)))
        }
        Route::ListAttendeeChats(ids) => {
            // A comma-separated list of attendee ids or provider ids; 1:1 chats only.
            let attendees: Vec<_> = ids
                .split(',')
                .map(|id| {
                    state
                        .find_attendee(id.trim())
                        .ok_or_else(|| ApiFailure::not_found("Attendee", id.trim()))
                })
                .collect::<Result<_, _>>()?;
            let q = ListQuery::parse(query, format!("attendee-chats:{ids}"), Accepts::default())?;
            let (items, cursor) = q.page(
                state
                    .chat_order
                    .range(..q.start_below())
                    .rev()
                    .filter_map(|(k, id)| Some((*k, state.chats.get(id)?))),
                |chat| chat.kind == 0 && attendees.iter().any(|a| chat.attendees.contains(&a.id)),
            );
            let items = items.into_iter().map(render::chat).collect();
            Ok(list("ChatList", items, cursor))
        }
        Route::ListAttendeeMessages(id) => {
            let attendee = state
                .find_attendee(id)
                .ok_or_else(|| ApiFailure::not_found("Attendee", id))?;
            let accepts = Accepts {
                dates: true,
                ..Accepts::default()
            };
            let q = ListQuery::parse(query, format!("attendee-messages:{}", attendee.id), accepts)?;
            let (items, cursor) = q.page(
                state
                    .message_order
                    .range(..q.start_below())
                    .rev()
                    .filter_map(|(k, id)| Some((*k, state.messages.get(id)?))),
                |m| m.message.sender_attendee_id == attendee.id,
            );
            let items = items.into_iter().map(render::message).collect();
            Ok(list("MessageList", items, cursor))
        }
        Route::ListWebhooks => {
            let q = ListQuery::parse(query, "webhooks".into(), Accepts::default())?;
            let (items, cursor) = q.page(
                state
                    .webhook_order
                    .range(..q.start_below())
                    .rev()
                    .filter_map(|(k, id)| Some((*k, state.webhooks.get(id)?))),
                |_| true,
            );
            let items = items
                .into_iter()
                .map(|w| render::webhook(state, w))
                .collect();
            Ok(list("WebhookList", items, cursor))
        }
        Route::StartChat
        | Route::PatchChat(_)
        | Route::SendMessage(_)
        | Route::ForwardMessage(_)
        | Route::CreateWebhook
        | Route::DeleteWebhook(_) => Err(ApiFailure::method_not_allowed("GET", &request.path)),
    }
}

fn list<T: serde::Serialize>(
    object: &'static str,
    items: Vec<T>,
    cursor: Option<String>,
) -> HttpResponse {
    json(
        200,
        &ListBody {
            object,
            items,
            cursor,
        },
    )
}
