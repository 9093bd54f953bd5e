//! The endpoint handlers: reads take the state shared, writes take it exclusively and
//! return the webhook deliveries their changes cause.

use unipile_core::transport::{HttpRequest, HttpResponse};

use crate::api_error::ApiFailure;
use crate::delivery::WebhookDelivery;
use crate::route::Route;
use crate::state::State;

mod body;
mod read;
mod write;

/// Answers a read (`GET`).
pub(crate) fn read(
    state: &State,
    route: &Route,
    request: &HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    read::answer(state, route, request)
}

/// Answers a write, returning the webhook deliveries it causes.
pub(crate) fn write(
    state: &mut State,
    route: &Route,
    request: &HttpRequest,
) -> Result<(HttpResponse, Vec<WebhookDelivery>), ApiFailure> {
    write::answer(state, route, request)
}
