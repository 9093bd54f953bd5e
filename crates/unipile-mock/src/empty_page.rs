//! The empty-page quirk ([`FaultKind::EmptyPage`](crate::FaultKind::EmptyPage)): a page
//! with no items whose cursor leads on to the items the page would have held.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use unipile_core::transport::{HttpRequest, HttpResponse};

/// The empty page for a request that carries a cursor, or `None` (a first page, or a
/// cursor that does not decode: answered normally). The cursor it hands out decodes to
/// the same position as the request's, with one more space after its JSON, so each
/// empty page in a row hands out a cursor never seen before.
pub(crate) fn answer(request: &HttpRequest) -> Option<HttpResponse> {
    let cursor = request.query_value("cursor")?;
    // A `+` sent unencoded in a query arrives as a space.
    let mut json = STANDARD.decode(cursor.replace(' ', "+")).ok()?;
    json.push(b' ');
    let path = request.path.trim_end_matches('/');
    let object = if path.ends_with("/messages") {
        "MessageList"
    } else if path.ends_with("/attendees") {
        "ChatAttendeeList"
    } else if path.ends_with("/chats") {
        "ChatList"
    } else if path.ends_with("/accounts") {
        "AccountList"
    } else {
        "WebhookList"
    };
    let body = serde_json::json!({
        "object": object,
        "items": [],
        "cursor": STANDARD.encode(json),
    });
    Some(HttpResponse::new(200, body.to_string()).with_header("content-type", "application/json"))
}
