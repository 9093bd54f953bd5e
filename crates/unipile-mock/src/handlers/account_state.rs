//! Requests on a disconnected account: Unipile answers them 401
//! `errors/disconnected_account` until the account's owner reconnects it. Reading the
//! account itself (and the account list) still works: it shows the `CREDENTIALS` status.

use unipile_core::transport::{Body, HttpRequest};

use crate::api_error::ApiFailure;
use crate::route::Route;
use crate::state::State;

/// The 401 a request on a disconnected account gets, if it names one.
pub(crate) fn refuse_if_disconnected(
    state: &State,
    route: &Route,
    request: &HttpRequest,
) -> Result<(), ApiFailure> {
    match account_named(state, route, request) {
        Some(id) if state.accounts.get(id).is_some_and(|a| a.disconnected) => {
            Err(ApiFailure::disconnected_account(id))
        }
        _ => Ok(()),
    }
}

/// The account a request acts on: the one its chat, message or attendee belongs to, or
/// the `account_id` it sends.
fn account_named<'s>(state: &'s State, route: &Route, request: &'s HttpRequest) -> Option<&'s str> {
    let from_query = || request.query_value("account_id");
    match route {
        Route::GetChat(id)
        | Route::PatchChat(id)
        | Route::DeleteChat(id)
        | Route::SyncChat(id)
        | Route::ListChatMessages(id)
        | Route::SendMessage(id)
        | Route::ListChatAttendees(id) => state
            .find_chat(id, from_query())
            .map(|c| c.account_id.as_str()),
        Route::GetMessage(id)
        | Route::EditMessage(id)
        | Route::DeleteMessage(id)
        | Route::AddReaction(id)
        | Route::GetAttachment(id, _)
        | Route::ForwardMessage(id) => state
            .messages
            .get(id.as_str())
            .map(|m| m.message.account_id.as_str()),
        Route::GetAttendee(id)
        | Route::GetAttendeePicture(id)
        | Route::ListAttendeeMessages(id) => state.find_attendee(id).map(|a| a.account_id.as_str()),
        Route::ListChats
        | Route::ListMessages
        | Route::ListAttendees
        | Route::GetUserProfile(_) => from_query(),
        Route::StartChat => match &request.body {
            Body::Multipart(form) => form.text("account_id"),
            _ => None,
        },
        Route::ListAccounts
        | Route::GetAccount(_)
        | Route::ListAttendeeChats(_)
        | Route::ListWebhooks
        | Route::CreateWebhook
        | Route::DeleteWebhook(_) => None,
    }
}
