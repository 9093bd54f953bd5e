//! The endpoint table is the one source of truth: every request renders its row.

use std::any::type_name;
use std::collections::HashSet;
use unipile_core::model::timestamp::format_millis;
use unipile_core::request::endpoints::{self, ENDPOINTS};
use unipile_core::request::*;
use unipile_core::transport::{Body, Method};

/// `a::b::Page<c::Message>` → `Page<Message>`.
fn short_type_name(full: &str) -> String {
    let mut out = String::new();
    let mut ident = String::new();
    let mut chars = full.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            ident.clear();
        } else if c.is_alphanumeric() || c == '_' {
            ident.push(c);
        } else {
            out.push_str(&ident);
            ident.clear();
            out.push(c);
        }
    }
    out.push_str(&ident);
    out
}

/// Checks that `request` renders the row of `operation`, and that the row names the
/// request's own type and response type.
fn check<R: ApiRequest>(operation: &str, request: R, seen: &mut Vec<&'static str>) {
    let row = endpoints::by_operation(operation).expect(operation);
    assert_eq!(&R::ENDPOINT, row, "{operation}");
    assert_eq!(short_type_name(type_name::<R>()), row.request_type);
    assert_eq!(
        short_type_name(type_name::<R::Response>()),
        row.response_type,
        "{operation}"
    );
    let http = request.to_http().expect(operation);
    assert_eq!(http.method, row.method, "{operation}");
    assert_eq!(http.route, row.route, "{operation}");
    let body = match http.body {
        Body::Empty => BodyKind::None,
        Body::Json(_) => BodyKind::Json,
        Body::Multipart(_) => BodyKind::Multipart,
    };
    assert_eq!(body, row.body, "{operation}");
    assert_eq!(http.headers.get("accept"), Some("application/json"));
    seen.push(row.operation);
}

fn paginated<R: ListRequest>(_: &R) -> &'static str {
    R::ENDPOINT.operation
}

#[test]
fn every_request_renders_its_row() {
    let mut seen = Vec::new();
    check("messages.send", SendMessage::new("c").text("x"), &mut seen);
    check("messages.get", GetMessage::new("m"), &mut seen);
    check("messages.list", ListMessages::new(), &mut seen);
    check("messages.forward", ForwardMessage::new("m", "c"), &mut seen);
    check(
        "messages.attachment",
        DownloadAttachment::new("m", "a"),
        &mut seen,
    );
    check("messages.react", AddReaction::new("m", "👍"), &mut seen);
    check("messages.edit", EditMessage::new("m", "x"), &mut seen);
    check("messages.delete", DeleteMessage::new("m"), &mut seen);
    check(
        "chats.start",
        StartChat::new("acc", "u").text("x"),
        &mut seen,
    );
    check("chats.get", GetChat::new("c"), &mut seen);
    check("chats.list", ListChats::new(), &mut seen);
    check("chats.messages", ListChatMessages::new("c"), &mut seen);
    check(
        "chats.patch",
        PatchChat::new("c", ChatAction::SetPinnedStatus(true)),
        &mut seen,
    );
    check("chats.delete", DeleteChat::new("c"), &mut seen);
    check("chats.sync", SyncChat::new("c"), &mut seen);
    check("chats.attendees", ListChatAttendees::new("c"), &mut seen);
    check("attendees.list", ListAttendees::new(), &mut seen);
    check("attendees.get", GetAttendee::new("a"), &mut seen);
    check(
        "attendees.picture",
        DownloadAttendeePicture::new("a"),
        &mut seen,
    );
    check(
        "attendees.messages",
        ListAttendeeMessages::new("a"),
        &mut seen,
    );
    check("attendees.chats", ListAttendeeChats::new("a"), &mut seen);
    check("accounts.list", ListAccounts::new(), &mut seen);
    check("accounts.get", GetAccount::new("a"), &mut seen);
    check("users.get", GetUserProfile::new("u", "acc"), &mut seen);
    check(
        "webhooks.create",
        CreateWebhook::messaging("https://e.com"),
        &mut seen,
    );
    check("webhooks.list", ListWebhooks::new(), &mut seen);
    check("webhooks.delete", DeleteWebhook::new("w"), &mut seen);
    let table: Vec<&str> = ENDPOINTS.iter().map(|e| e.operation).collect();
    assert_eq!(seen, table, "every row has a request, in table order");
}

#[test]
fn paginated_rows_are_exactly_the_list_requests() {
    let lists: HashSet<&str> = [
        paginated(&ListMessages::new()),
        paginated(&ListChatMessages::new("c")),
        paginated(&ListChats::new()),
        paginated(&ListAttendees::new()),
        paginated(&ListAccounts::new()),
        paginated(&ListWebhooks::new()),
        paginated(&ListAttendeeMessages::new("a")),
        paginated(&ListAttendeeChats::new("a")),
    ]
    .into();
    let rows: HashSet<&str> = ENDPOINTS
        .iter()
        .filter(|e| e.paginated)
        .map(|e| e.operation)
        .collect();
    assert_eq!(lists, rows);
}

#[test]
fn table_is_consistent() {
    let expected = [
        "messages.send",
        "messages.get",
        "messages.list",
        "messages.forward",
        "messages.attachment",
        "messages.react",
        "messages.edit",
        "messages.delete",
        "chats.start",
        "chats.get",
        "chats.list",
        "chats.messages",
        "chats.patch",
        "chats.delete",
        "chats.sync",
        "chats.attendees",
        "attendees.list",
        "attendees.get",
        "attendees.picture",
        "attendees.messages",
        "attendees.chats",
        "accounts.list",
        "accounts.get",
        "users.get",
        "webhooks.create",
        "webhooks.list",
        "webhooks.delete",
    ];
    let operations: Vec<&str> = ENDPOINTS.iter().map(|e| e.operation).collect();
    assert_eq!(operations, expected);

    let mut routes = HashSet::new();
    for e in ENDPOINTS {
        assert!(routes.insert((e.method, e.route)), "duplicate {e:?}");
        assert!(e.route.starts_with('/') && !e.route.ends_with('/'), "{e:?}");
        assert!(!e.route.contains('?'), "{e:?}");
        assert_eq!(e.is_read(), e.method == Method::Get, "{e:?}");
        assert_eq!(
            e.body == BodyKind::None,
            e.is_read() || e.method == Method::Delete
        );
        for name in e.path_parameters() {
            assert!(name.ends_with("_id"), "{e:?}: {name}");
        }
        if e.paginated {
            assert!(e.is_read() && e.response_type.starts_with("Page<"), "{e:?}");
        }
    }
    assert_eq!(
        endpoints::MESSAGES_ATTACHMENT
            .path_parameters()
            .collect::<Vec<_>>(),
        ["message_id", "attachment_id"]
    );
    assert_eq!(endpoints::by_operation("chats.archive"), None);
}

/// A call the SDK does not cover yet, described and rendered from another crate.
#[derive(Debug)]
struct GetUser {
    identifier: String,
}

#[derive(serde::Deserialize, Debug, PartialEq)]
struct UserProfile {
    provider_id: String,
}

impl ApiRequest for GetUser {
    type Response = UserProfile;
    const ENDPOINT: Endpoint = Endpoint::new(
        "users.get",
        Method::Get,
        "/users/{identifier}",
        "GetUser",
        "UserProfile",
        false,
        BodyKind::None,
    );

    fn to_http(
        &self,
    ) -> Result<unipile_core::transport::HttpRequest, unipile_core::error::InvalidRequest> {
        Self::ENDPOINT.http_request(&[("identifier", self.identifier.as_str())])
    }
}

#[test]
fn another_crate_can_add_a_call() {
    let http = GetUser {
        identifier: "julien/crepieux".into(),
    }
    .to_http()
    .expect("valid");
    assert_eq!(http.path, "/users/julien%2Fcrepieux");
    assert_eq!(http.route, "/users/{identifier}");
    let err = GetUser {
        identifier: "..".into(),
    }
    .to_http()
    .expect_err("dot segment");
    assert_eq!(err.parameter(), "identifier");
    let response = unipile_core::transport::HttpResponse::new(
        200,
        r#"{"object":"UserProfile","provider_id":"ACo1"}"#,
    );
    assert_eq!(
        UserProfile::from_response(response).expect("json"),
        UserProfile {
            provider_id: "ACo1".into()
        }
    );
}

mod any_input {
    use super::*;
    use proptest::prelude::*;

    fn json_body(http: &unipile_core::transport::HttpRequest) -> serde_json::Value {
        match &http.body {
            Body::Json(bytes) => serde_json::from_slice(bytes).expect("JSON"),
            other => panic!("expected a JSON body, got {other:?}"),
        }
    }

    proptest! {
        /// Whatever the id, it stays one path segment that decodes back to itself, or
        /// the request is refused naming it.
        #[test]
        fn an_id_never_changes_the_route(id in any::<String>(), text in any::<String>()) {
            match SendMessage::new(id.as_str()).text(text.as_str()).to_http() {
                Ok(http) => {
                    let segments: Vec<&str> = http.path.split('/').collect();
                    prop_assert_eq!(segments.len(), 4);
                    prop_assert_eq!(segments[1], "chats");
                    prop_assert_eq!(segments[3], "messages");
                    let decoded = percent_encoding::percent_decode_str(segments[2])
                        .decode_utf8()
                        .expect("UTF-8");
                    prop_assert_eq!(decoded.as_ref(), id.as_str());
                    prop_assert!(id != "." && id != "..");
                }
                Err(err) => prop_assert!(
                    ["chat_id", "text"].contains(&err.parameter()),
                    "{}", err
                ),
            }
        }

        /// Any webhook input is sent as given, or refused naming the bad parameter
        /// without repeating the value (a URL or header value may hold a secret).
        #[test]
        fn any_webhook_input_is_sent_as_given_or_refused_by_name(
            // Half arbitrary, half close to valid, so both outcomes are exercised.
            url in prop_oneof![any::<String>(), "(?i:https?)://[a-z.]{0,10}(:[0-9]{1,6})?(/[!-~]{0,10})?"],
            key in prop_oneof![any::<String>(), "[A-Za-z-]{1,12}"],
            value in prop_oneof![any::<String>(), "[ -~]{0,16}"],
        ) {
            match CreateWebhook::messaging(url.as_str()).to_http() {
                Ok(http) => prop_assert_eq!(&json_body(&http)["request_url"], url.as_str()),
                Err(err) => {
                    prop_assert_eq!(err.parameter(), "request_url");
                    prop_assert!(url.len() < 12 || !err.to_string().contains(&url), "{}", err);
                }
            }
            let with_header = CreateWebhook::messaging(format!("https://{url}"))
                .header(key.as_str(), value.as_str())
                .to_http();
            match with_header {
                Ok(http) => {
                    let body = json_body(&http);
                    prop_assert_eq!(&body["headers"][0]["key"], key.as_str());
                    prop_assert_eq!(&body["headers"][0]["value"], value.as_str());
                }
                Err(err) => {
                    prop_assert!(
                        ["request_url", "headers[0].key", "headers[0].value"]
                            .contains(&err.parameter()),
                        "{}", err
                    );
                    prop_assert!(value.len() < 12 || !err.to_string().contains(&value), "{}", err);
                }
            }
        }

        /// A list request is rendered with exactly its filters, or refused naming the
        /// first bad one (filters are checked before `limit`).
        #[test]
        fn any_list_input_is_rendered_exactly_or_refused_by_name(
            account in any::<String>(),
            limit in prop_oneof![0..=MAX_LIMIT + 10, any::<u32>()],
            seconds in any::<i64>(),
        ) {
            use chrono::Datelike;
            let at = chrono::DateTime::from_timestamp(seconds % 100_000_000_000, 0)
                .unwrap_or_default();
            let year_ok = (1000..=2999).contains(&at.year());
            let limit_ok = (1..=MAX_LIMIT).contains(&limit);
            let pair = |k: &str, v: String| (k.to_owned(), v);

            let chats = ListChats::new().account_id(account.as_str()).after(at).limit(limit).to_http();
            let bad = if account.is_empty() || account.contains(',') {
                Some("account_id[0]")
            } else if !year_ok {
                Some("after")
            } else if !limit_ok {
                Some("limit")
            } else {
                None
            };
            match chats {
                Ok(http) => {
                    prop_assert_eq!(bad, None);
                    prop_assert_eq!(http.query, vec![
                        pair("account_id", account.clone()),
                        pair("after", format_millis(&at)),
                        pair("limit", limit.to_string()),
                    ]);
                }
                Err(err) => prop_assert_eq!(Some(err.parameter()), bad, "{}", err),
            }

            let messages = ListMessages::new().before(at).limit(limit).to_http();
            let bad = if !year_ok {
                Some("before")
            } else if !limit_ok {
                Some("limit")
            } else {
                None
            };
            match messages {
                Ok(http) => {
                    prop_assert_eq!(bad, None);
                    prop_assert_eq!(http.query, vec![
                        pair("before", format_millis(&at)),
                        pair("limit", limit.to_string()),
                    ]);
                }
                Err(err) => prop_assert_eq!(Some(err.parameter()), bad, "{}", err),
            }
        }
    }
}
