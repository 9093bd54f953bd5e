//! The endpoint handlers: reads take the state shared, writes take it exclusively and
//! return the webhook deliveries their changes cause.
//!
//! [`read`] answers every `GET`; the writes are grouped by what they change: [`messages`],
//! [`chats`], [`webhooks`]. [`body`] reads request bodies and writes JSON answers.

use unipile_core::transport::{HttpRequest, HttpResponse};

use crate::api_error::ApiFailure;
use crate::delivery::WebhookDelivery;
use crate::list::ListQuirk;
use crate::route::Route;
use crate::state::State;

mod account_state;
mod body;
mod chats;
mod messages;
mod read;
mod webhooks;

pub(crate) use account_state::refuse_if_disconnected;

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
        Route::PatchChat(chat_id) => chats::patch_chat(state, chat_id, request),
        Route::CreateWebhook => webhooks::create_webhook(state, request),
        Route::DeleteWebhook(id) => webhooks::delete_webhook(state, id),
        _ => Err(ApiFailure::method_not_allowed(
            request.method.as_str(),
            &request.path,
        )),
    }
}
