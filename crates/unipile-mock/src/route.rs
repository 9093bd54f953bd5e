//! The routes the fake answers, matched on the percent-encoded request path.

use std::borrow::Cow;

use unipile_core::transport::Method;

/// One endpoint of the v1 API the fake serves, with its path parameters decoded.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) enum Route {
    ListAccounts,
    GetAccount(String),
    ListChats,
    StartChat,
    GetChat(String),
    PatchChat(String),
    DeleteChat(String),
    SyncChat(String),
    ListChatMessages(String),
    SendMessage(String),
    ListChatAttendees(String),
    ListMessages,
    GetMessage(String),
    EditMessage(String),
    DeleteMessage(String),
    AddReaction(String),
    GetAttachment(String, String),
    ForwardMessage(String),
    ListAttendees,
    GetAttendee(String),
    GetAttendeePicture(String),
    ListAttendeeChats(String),
    ListAttendeeMessages(String),
    GetUserProfile(String),
    ListWebhooks,
    CreateWebhook,
    DeleteWebhook(String),
}

/// Every route template the fake serves, with its method: the names used by
/// [`crate::Fault::on`] and [`crate::FakeUnipile::request_count`].
pub const ROUTES: &[(Method, &str)] = &[
    (Method::Get, "/accounts"),
    (Method::Get, "/accounts/{account_id}"),
    (Method::Get, "/chats"),
    (Method::Post, "/chats"),
    (Method::Get, "/chats/{chat_id}"),
    (Method::Patch, "/chats/{chat_id}"),
    (Method::Delete, "/chats/{chat_id}"),
    (Method::Get, "/chats/{chat_id}/sync"),
    (Method::Get, "/chats/{chat_id}/messages"),
    (Method::Post, "/chats/{chat_id}/messages"),
    (Method::Get, "/chats/{chat_id}/attendees"),
    (Method::Get, "/messages"),
    (Method::Get, "/messages/{message_id}"),
    (Method::Patch, "/messages/{message_id}"),
    (Method::Delete, "/messages/{message_id}"),
    (Method::Post, "/messages/{message_id}/reaction"),
    (
        Method::Get,
        "/messages/{message_id}/attachments/{attachment_id}",
    ),
    (Method::Post, "/messages/{message_id}/forward"),
    (Method::Get, "/chat_attendees"),
    (Method::Get, "/chat_attendees/{attendee_id}"),
    (Method::Get, "/chat_attendees/{attendee_id}/picture"),
    (Method::Get, "/chat_attendees/{attendee_id}/chats"),
    (Method::Get, "/chat_attendees/{attendee_id}/messages"),
    (Method::Get, "/users/{user_id}"),
    (Method::Get, "/webhooks"),
    (Method::Post, "/webhooks"),
    (Method::Delete, "/webhooks/{webhook_id}"),
];

/// Why a path matched no route.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) enum NoRoute {
    /// No route has this path.
    NotFound,
    /// The path exists, but not with this method.
    MethodNotAllowed,
}

impl Route {
    /// The route template, as listed in [`ROUTES`].
    pub(crate) fn template(&self) -> &'static str {
        match self {
            Route::ListAccounts => "/accounts",
            Route::GetAccount(_) => "/accounts/{account_id}",
            Route::ListChats | Route::StartChat => "/chats",
            Route::GetChat(_) | Route::PatchChat(_) | Route::DeleteChat(_) => "/chats/{chat_id}",
            Route::SyncChat(_) => "/chats/{chat_id}/sync",
            Route::ListChatMessages(_) | Route::SendMessage(_) => "/chats/{chat_id}/messages",
            Route::ListChatAttendees(_) => "/chats/{chat_id}/attendees",
            Route::ListMessages => "/messages",
            Route::GetMessage(_) | Route::EditMessage(_) | Route::DeleteMessage(_) => {
                "/messages/{message_id}"
            }
            Route::AddReaction(_) => "/messages/{message_id}/reaction",
            Route::GetAttachment(..) => "/messages/{message_id}/attachments/{attachment_id}",
            Route::ForwardMessage(_) => "/messages/{message_id}/forward",
            Route::ListAttendees => "/chat_attendees",
            Route::GetAttendee(_) => "/chat_attendees/{attendee_id}",
            Route::GetAttendeePicture(_) => "/chat_attendees/{attendee_id}/picture",
            Route::GetUserProfile(_) => "/users/{user_id}",
            Route::ListAttendeeChats(_) => "/chat_attendees/{attendee_id}/chats",
            Route::ListAttendeeMessages(_) => "/chat_attendees/{attendee_id}/messages",
            Route::ListWebhooks | Route::CreateWebhook => "/webhooks",
            Route::DeleteWebhook(_) => "/webhooks/{webhook_id}",
        }
    }

    /// Matches an encoded path (relative to `/api/v1`, query excluded). Each segment is
    /// percent-decoded on its own, so an id holding `/` or `?` stays one parameter.
    pub(crate) fn parse(method: Method, path: &str) -> Result<Route, NoRoute> {
        let path = path.strip_prefix('/').ok_or(NoRoute::NotFound)?;
        let path = path.strip_suffix('/').unwrap_or(path);
        let raw: Vec<&str> = path.split('/').collect();
        if raw.iter().any(|s| s.is_empty()) {
            return Err(NoRoute::NotFound);
        }
        if let Some(route) = Self::matching(method, &raw) {
            return Ok(route);
        }
        if SERVED_METHODS
            .iter()
            .any(|m| *m != method && Self::matching(*m, &raw).is_some())
        {
            Err(NoRoute::MethodNotAllowed)
        } else {
            Err(NoRoute::NotFound)
        }
    }

    /// The route of `method` on the raw (still encoded) segments. Literal segments are
    /// compared encoded, so an id written `%6Dessages` stays an id.
    fn matching(method: Method, raw: &[&str]) -> Option<Route> {
        use Method::{Delete, Get, Patch, Post};
        let id = |i: usize| decode_segment(raw[i]).into_owned();
        let route = match (raw, method) {
            (["accounts"], Get) => Route::ListAccounts,
            (["accounts", _], Get) => Route::GetAccount(id(1)),
            (["chats"], Get) => Route::ListChats,
            (["chats"], Post) => Route::StartChat,
            (["chats", _], Get) => Route::GetChat(id(1)),
            (["chats", _], Patch) => Route::PatchChat(id(1)),
            (["chats", _], Delete) => Route::DeleteChat(id(1)),
            (["chats", _, "sync"], Get) => Route::SyncChat(id(1)),
            (["chats", _, "messages"], Get) => Route::ListChatMessages(id(1)),
            (["chats", _, "messages"], Post) => Route::SendMessage(id(1)),
            (["chats", _, "attendees"], Get) => Route::ListChatAttendees(id(1)),
            (["messages"], Get) => Route::ListMessages,
            (["messages", _], Get) => Route::GetMessage(id(1)),
            (["messages", _], Patch) => Route::EditMessage(id(1)),
            (["messages", _], Delete) => Route::DeleteMessage(id(1)),
            (["messages", _, "reaction"], Post) => Route::AddReaction(id(1)),
            (["messages", _, "attachments", _], Get) => Route::GetAttachment(id(1), id(3)),
            (["messages", _, "forward"], Post) => Route::ForwardMessage(id(1)),
            (["chat_attendees"], Get) => Route::ListAttendees,
            (["chat_attendees", _], Get) => Route::GetAttendee(id(1)),
            (["chat_attendees", _, "picture"], Get) => Route::GetAttendeePicture(id(1)),
            (["users", _], Get) => Route::GetUserProfile(id(1)),
            (["chat_attendees", _, "chats"], Get) => Route::ListAttendeeChats(id(1)),
            (["chat_attendees", _, "messages"], Get) => Route::ListAttendeeMessages(id(1)),
            (["webhooks"], Get) => Route::ListWebhooks,
            (["webhooks"], Post) => Route::CreateWebhook,
            (["webhooks", _], Delete) => Route::DeleteWebhook(id(1)),
            _ => return None,
        };
        Some(route)
    }
}

/// The methods some route answers to.
const SERVED_METHODS: [Method; 4] = [Method::Get, Method::Post, Method::Patch, Method::Delete];

/// Percent-decodes one path segment; invalid UTF-8 is replaced, never an error.
pub(crate) fn decode_segment(segment: &str) -> Cow<'_, str> {
    percent_encoding::percent_decode_str(segment).decode_utf8_lossy()
}

/// The template of the route `path` matches for `method`, if any.
pub(crate) fn template_of(method: Method, path: &str) -> Option<&'static str> {
    Route::parse(method, path).ok().map(|r| r.template())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unipile_core::transport::encode_path_segment;

    #[test]
    fn ids_are_decoded_one_segment_at_a_time() {
        let id = "a/b?c#d e@é";
        let path = format!("/chats/{}/messages", encode_path_segment(id));
        assert_eq!(
            Route::parse(Method::Post, &path),
            Ok(Route::SendMessage(id.to_owned()))
        );
        let path = format!(
            "/messages/{}/attachments/{}",
            encode_path_segment("m/1"),
            encode_path_segment("att==")
        );
        assert_eq!(
            Route::parse(Method::Get, &path),
            Ok(Route::GetAttachment("m/1".into(), "att==".into()))
        );
    }

    #[test]
    fn unknown_paths_and_methods() {
        assert_eq!(Route::parse(Method::Get, "/nope"), Err(NoRoute::NotFound));
        assert_eq!(
            Route::parse(Method::Delete, "/chats"),
            Err(NoRoute::MethodNotAllowed)
        );
        assert_eq!(
            Route::parse(Method::Get, "/chats//messages"),
            Err(NoRoute::NotFound)
        );
        assert_eq!(
            Route::parse(Method::Get, "/chats/%6Dessages"),
            Ok(Route::GetChat("messages".into()))
        );
    }

    #[test]
    fn every_template_is_listed_and_reachable() {
        for (method, template) in ROUTES {
            let path = template
                .split('/')
                .map(|s| if s.starts_with('{') { "x" } else { s })
                .collect::<Vec<_>>()
                .join("/");
            let route = Route::parse(*method, &path).expect(template);
            assert_eq!(route.template(), *template);
            assert_eq!(template_of(*method, &path), Some(*template));
        }
    }
}
