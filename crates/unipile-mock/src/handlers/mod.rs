//! The endpoint handlers: reads take the state shared, writes take it exclusively and
//! return the webhook deliveries their changes cause.
//!
//! [`read`] answers every `GET` ([`lookups`] the picture, user and sync reads); the writes
//! are grouped by what they change: [`messages`], [`message_actions`], [`chats`],
//! [`chat_actions`], [`webhooks`]. [`body`] reads request bodies and writes JSON answers.

use unipile_core::transport::{HttpRequest, HttpResponse};

use crate::api_error::ApiFailure;
use crate::delivery::WebhookDelivery;
use crate::list::ListQuirk;
use crate::route::Route;
use crate::state::State;

mod account_state;
mod body;
mod chat_actions;
mod chats;
mod lookups;
mod message_actions;
mod messages;
mod read;
mod webhooks;

pub(crate) use account_state::refuse_if_disconnected;
pub use lookups::{picture_bytes, public_identifier};

/// Answers a read (`GET`), playing a paging quirk on a list if asked.
pub(crate) fn read(
    state: &State,
    route: &Route,
    request: &HttpRequest,
    quirk: Option<ListQuirk>,
) -> Result<HttpResponse, ApiFailure> {
    read::answer(state, route, request, quirk)
}

/// Answers a write, returning the webhook deliveries it causes.
pub(crate) fn write(
    state: &mut State,
    route: &Route,
    request: &HttpRequest,
) -> Result<(HttpResponse, Vec<WebhookDelivery>), ApiFailure> {
    match route {
        Route::SendMessage(chat_id) => messages::send_message(state, chat_id, request),
        Route::ForwardMessage(message_id) => messages::forward(state, message_id, request),
        Route::StartChat => chats::start_chat(state, request),
        Route::PatchChat(chat_id) => chat_actions::patch_chat(state, chat_id, request),
        Route::DeleteChat(chat_id) => chat_actions::delete_chat(state, chat_id),
        Route::AddReaction(message_id) => message_actions::react(state, message_id, request),
        Route::EditMessage(message_id) => message_actions::edit(state, message_id, request),
        Route::DeleteMessage(message_id) => message_actions::delete(state, message_id),
        Route::CreateWebhook => webhooks::create_webhook(state, request),
        Route::DeleteWebhook(id) => webhooks::delete_webhook(state, id),
        _ => Err(ApiFailure::method_not_allowed(
            request.method.as_str(),
            &request.path,
        )),
    }
}
