//! The API error body, the error-type table and the crate error.

use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::error::Error as _;
use std::time::Duration;
use unipile_core::error::{
    ApiErrorBody, Error, ErrorKind, ErrorType, InvalidRequest, Remedy, RequestSummary,
};
use unipile_core::model::decode::decode;
use unipile_core::transport::{
    HeaderValue, HttpRequest, HttpResponse, Method, TransportError, TransportErrorKind,
};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-06-01T12:00:00Z")
        .expect("date")
        .to_utc()
}

fn body(status: u16, slug: &str) -> String {
    format!(r#"{{"status":{status},"type":"errors/{slug}","title":"Title of {slug}"}}"#)
}

#[test]
fn the_table_lists_every_known_type_once_in_enum_order() {
    let from_table: Vec<&ErrorType> = ErrorType::TABLE.iter().map(|r| &r.error_type).collect();
    let known: Vec<&ErrorType> = ErrorType::KNOWN.iter().collect();
    assert_eq!(from_table, known);
    let mut wire = HashSet::new();
    for row in ErrorType::TABLE {
        let value = row.error_type.as_str();
        assert!(value.starts_with("errors/"), "{value}");
        assert!(wire.insert(value), "{value} twice");
        assert!(
            [400, 401, 403, 404, 415, 422, 425, 429, 500, 501, 503, 504].contains(&row.status),
            "{value}: {}",
            row.status
        );
        assert!(!row.meaning.is_empty());
        assert_eq!(row.retryable, row.remedy == Remedy::RetryLater, "{value}");
        assert_eq!(row.error_type.info(), Some(row));
        assert_eq!(row.error_type.documented_status(), Some(row.status));
        // Both ways: the wire value parses back to the variant, and serde agrees.
        assert_eq!(ErrorType::from(value), row.error_type);
        let json = serde_json::to_string(&row.error_type).expect("serialize");
        assert_eq!(json, format!("\"{value}\""));
        let back: ErrorType = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, row.error_type);
    }
    for remedy in Remedy::ALL {
        assert!(!remedy.advice().is_empty());
    }
}

#[test]
fn the_catalogue_by_status_is_complete() {
    let expect = [
        (400, 7),
        (401, 16),
        (403, 9),
        (404, 2),
        (415, 1),
        (422, 31),
        (425, 1),
        (429, 1),
        (500, 3),
        (501, 1),
        (503, 5),
        (504, 1),
    ];
    for (status, count) in expect {
        let n = ErrorType::TABLE
            .iter()
            .filter(|r| r.status == status)
            .count();
        assert_eq!(n, count, "status {status}");
    }
    assert_eq!(
        ErrorType::Unauthorized.documented_status(),
        Some(422),
        "errors/unauthorized is a 422"
    );
    assert_eq!(ErrorType::AuthInProgress.documented_status(), Some(425));
}

#[test]
fn unknown_types_are_kept_and_classified_by_status() {
    let t = ErrorType::from("errors/brand_new_problem");
    assert!(t.is_unknown());
    assert_eq!(t.as_str(), "errors/brand_new_problem");
    assert_eq!(t.slug(), "brand_new_problem");
    assert_eq!(t.info(), None);
    assert!(!t.is_retryable() && !t.needs_reconnect());

    let b503 = ApiErrorBody::parse(503, body(503, "brand_new_problem").as_bytes()).expect("body");
    assert!(b503.is_retryable(), "unknown 503 falls back to the status");
    let b401 = ApiErrorBody::parse(401, body(401, "brand_new_problem").as_bytes()).expect("body");
    assert!(
        !b401.needs_reconnect(),
        "an unknown 401 may be a bad API key"
    );
    assert!(!b401.is_retryable());
}

#[test]
fn helpers_classify_the_documented_types() {
    let retryable = [
        "too_many_requests",
        "provider_error",
        "network_down",
        "no_client_session",
        "service_unavailable",
        "request_timeout",
        "auth_in_progress",
    ];
    let not_retryable = [
        "unexpected_error",
        "invalid_recipient",
        "disconnected_account",
        "missing_credentials",
        "cannot_resend_yet",
        "limit_exceeded",
        "invalid_parameters",
    ];
    for slug in retryable {
        let t = ErrorType::from(format!("errors/{slug}"));
        assert!(t.is_retryable(), "{slug}");
    }
    for slug in not_retryable {
        let t = ErrorType::from(format!("errors/{slug}"));
        assert!(!t.is_retryable(), "{slug}");
    }

    for slug in [
        "disconnected_account",
        "expired_credentials",
        "disconnected_feature",
    ] {
        let t = ErrorType::from(format!("errors/{slug}"));
        assert!(t.needs_reconnect(), "{slug}");
        assert!(!t.needs_credentials_check(), "{slug}");
    }
    for slug in [
        "missing_credentials",
        "invalid_credentials",
        "unauthorized",
        "account_restricted",
    ] {
        assert!(
            !ErrorType::from(format!("errors/{slug}")).needs_reconnect(),
            "{slug}"
        );
    }
    // A wrong or missing API key: check the key, reconnecting does not help.
    for t in [ErrorType::MissingCredentials, ErrorType::InvalidCredentials] {
        assert_eq!(t.remedy(), Some(Remedy::CheckCredentials), "{t:?}");
        assert!(t.needs_credentials_check(), "{t:?}");
    }
    assert!(!ErrorType::Unauthorized.needs_credentials_check());

    for slug in [
        "invalid_recipient",
        "no_connection_with_recipient",
        "blocked_recipient",
        "user_unreachable",
        "recipient_rejected",
    ] {
        assert!(
            ErrorType::from(format!("errors/{slug}")).is_invalid_recipient(),
            "{slug}"
        );
    }
    assert!(!ErrorType::InvalidParameters.is_invalid_recipient());

    assert!(ErrorType::TooManyRequests.is_rate_limit());
    assert!(!ErrorType::LimitExceeded.is_rate_limit());
    assert!(ErrorType::ResourceNotFound.is_not_found());
    assert!(ErrorType::InvalidResourceIdentifier.is_not_found());
    assert!(!ErrorType::InvalidRecipient.is_not_found());
}

#[test]
fn bodies_parse_leniently() {
    let b: ApiErrorBody = serde_json::from_str(
        r#"{"status":"401","type":"errors/expired_credentials","title":"Expired",
            "detail":"Reconnect the account","instance":"req_42",
            "connectionParams":{"imap_host":"imap.example.com","imap_port":993},
            "new_field":[1,2]}"#,
    )
    .expect("lenient body");
    assert_eq!(b.status, 401);
    assert_eq!(b.error_type, ErrorType::ExpiredCredentials);
    assert_eq!(b.detail.as_deref(), Some("Reconnect the account"));
    assert_eq!(b.instance.as_deref(), Some("req_42"));
    assert!(b.needs_reconnect());

    // A missing status is taken from the response; a structured detail is kept as text.
    let b = ApiErrorBody::parse(
        400,
        br#"{"type":"errors/invalid_parameters","title":null,"detail":{"limit":"too big"}}"#,
    )
    .expect("body");
    assert_eq!(b.status, 400);
    assert_eq!(b.title, "");
    assert_eq!(b.detail.as_deref(), Some(r#"{"limit":"too big"}"#));

    // Not the error shape: no body.
    assert_eq!(ApiErrorBody::parse(502, b"<html>Bad gateway</html>"), None);
    assert_eq!(ApiErrorBody::parse(500, br#"{"message":"oops"}"#), None);
    assert_eq!(ApiErrorBody::parse(500, b""), None);

    let built = ApiErrorBody::new(404, ErrorType::ResourceNotFound, "Not found")
        .with_detail("Chat not found")
        .with_instance("i-1");
    let json = serde_json::to_string(&built).expect("serialize");
    assert_eq!(
        ApiErrorBody::parse(404, json.as_bytes()).as_ref(),
        Some(&built)
    );
}

#[test]
fn responses_map_to_the_right_kind() {
    // 422 with a JSON body.
    let r = HttpResponse::new(422, body(422, "no_connection_with_recipient"));
    let e = Error::from_response(&r, now());
    assert!(matches!(
        e.kind(),
        ErrorKind::Api {
            status: 422,
            body: Some(_),
            ..
        }
    ));
    assert!(e.is_invalid_recipient());
    assert!(!e.is_retryable());
    assert_eq!(e.status(), Some(422));
    assert_eq!(e.error_type(), Some(&ErrorType::NoConnectionWithRecipient));

    // 429 with Retry-After in seconds, and as an HTTP date.
    let r = HttpResponse::new(429, body(429, "too_many_requests")).with_header("Retry-After", "7");
    let e = Error::from_response(&r, now());
    match e.kind() {
        ErrorKind::RateLimited { retry_after, body } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(7)));
            assert_eq!(
                body.as_ref().map(|b| &b.error_type),
                Some(&ErrorType::TooManyRequests)
            );
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert!(e.is_rate_limit() && e.is_retryable());
    assert_eq!(e.status(), Some(429));
    let r = HttpResponse::new(429, "").with_header("retry-after", "Sun, 01 Jun 2025 12:01:00 GMT");
    let e = Error::from_response(&r, now());
    assert_eq!(e.retry_after(), Some(Duration::from_secs(60)));
    assert!(e.api_body().is_none());

    // A proxy's HTML page: still an Api error, with the status and an excerpt.
    let html = format!(
        "<html><body>502 Bad Gateway{}</body></html>",
        " ".repeat(500)
    );
    let e = Error::from_response(&HttpResponse::new(502, html), now());
    match e.kind() {
        ErrorKind::Api {
            status,
            body,
            excerpt,
            retry_after,
        } => {
            assert_eq!(*retry_after, None);
            assert_eq!(*status, 502);
            assert!(body.is_none());
            assert!(excerpt.starts_with("<html><body>502 Bad Gateway"));
            assert!(excerpt.len() < 300, "excerpt is truncated");
        }
        other => panic!("expected Api, got {other:?}"),
    }
    assert!(e.is_retryable(), "a 502 is transient even without a body");

    // 404 without a body.
    let e = Error::from_response(&HttpResponse::new(404, ""), now());
    assert!(e.is_not_found());
    assert_eq!(e.to_string(), "HTTP 404 with an empty body");

    // 401 missing_credentials: a bad API key, not a reconnect.
    let e = Error::from_response(
        &HttpResponse::new(401, body(401, "missing_credentials")),
        now(),
    );
    assert!(!e.needs_reconnect());
    let e = Error::from_response(
        &HttpResponse::new(401, body(401, "disconnected_account")),
        now(),
    );
    assert!(e.needs_reconnect());
}

#[test]
fn display_is_one_clear_line() {
    let request = HttpRequest::new(
        Method::Post,
        "/chats/{chat_id}/messages",
        "/chats/chat%2F1/messages",
    );
    let r = HttpResponse::new(
        422,
        r#"{"status":422,"type":"errors/invalid_recipient","title":"Invalid recipient",
            "detail":"The recipient\ncannot be reached"}"#,
    );
    let e = Error::from_response(&r, now()).with_request(&request, 1);
    assert_eq!(
        e.to_string(),
        "POST /chats/{chat_id}/messages: HTTP 422 errors/invalid_recipient: Invalid recipient: \
         The recipient cannot be reached"
    );
    assert!(!e.to_string().contains("chat%2F1"), "no ids from the path");
    assert_eq!(
        e.request(),
        Some(&RequestSummary::new(
            Method::Post,
            "/chats/{chat_id}/messages"
        ))
    );

    let get = HttpRequest::new(Method::Get, "/messages", "/messages");
    let r = HttpResponse::new(429, body(429, "too_many_requests")).with_header("Retry-After", "30");
    let e = Error::from_response(&r, now()).with_request(&get, 3);
    assert_eq!(
        e.to_string(),
        "GET /messages: rate limited (HTTP 429 errors/too_many_requests: Title of \
         too_many_requests), retry after 30s (after 3 attempts)"
    );

    let decode_error = decode::<Vec<u8>>(br#"[1,"x"]"#).expect_err("bad item");
    let e = Error::decode(200, decode_error).with_request(&get, 1);
    let shown = e.to_string();
    assert!(
        shown.starts_with(
            "GET /messages: could not decode the HTTP 200 response: invalid JSON at `[1]`"
        ),
        "{shown}"
    );
    assert!(e.source().is_some());

    let e = Error::from(TransportError::new(
        TransportErrorKind::Timeout,
        "after 30s",
    ));
    assert_eq!(e.to_string(), "timed out: after 30s");
    assert!(e.is_retryable());
    assert!(e.source().is_some());

    let e = Error::from(InvalidRequest::new("limit", "must be between 1 and 250"));
    assert_eq!(
        e.to_string(),
        "request refused before sending: invalid `limit`: must be between 1 and 250"
    );
    assert!(!e.is_retryable());

    for e in [
        Error::from_response(&HttpResponse::new(500, "line one\nline two\r\n"), now()),
        Error::from_response(
            &HttpResponse::new(503, r#"{"type":"errors/network_down","title":"a\nb"}"#),
            now(),
        ),
    ] {
        let shown = e.to_string();
        assert!(!shown.contains('\n') && !shown.contains('\r'), "{shown:?}");
    }
}

#[test]
fn into_parts_gives_back_kind_and_request() {
    let request = HttpRequest::new(Method::Get, "/chats", "/chats");
    let e = Error::from_response(&HttpResponse::new(503, body(503, "no_channel")), now())
        .with_request(&request, 2);
    let (kind, summary) = e.into_parts();
    assert!(matches!(kind, ErrorKind::Api { status: 503, .. }));
    let summary = summary.expect("summary");
    assert_eq!(summary.attempts, 2);
    assert_eq!(summary.route, "/chats");
    let e = Error::from(ErrorKind::InvalidRequest(InvalidRequest::new(
        "text", "empty",
    )));
    assert!(matches!(e.into_kind(), ErrorKind::InvalidRequest(_)));
}

#[test]
fn the_api_key_never_shows_in_display_or_debug() {
    const KEY: &str = "sk_live_TOPSECRET_0123456789";
    let mut request = HttpRequest::new(Method::Post, "/chats", "/chats");
    request
        .headers
        .insert("X-API-KEY", HeaderValue::sensitive(KEY));
    let request_debug = format!("{request:?}");
    assert!(!request_debug.contains(KEY), "{request_debug}");

    let mut responses = vec![
        HttpResponse::new(401, body(401, "missing_credentials")),
        HttpResponse::new(429, body(429, "too_many_requests")).with_header("Retry-After", "5"),
        HttpResponse::new(502, "<html>bad gateway</html>"),
        HttpResponse::new(422, body(422, "invalid_recipient")),
    ];
    for response in &mut responses {
        // A transport that echoes request headers into the response must not leak either.
        response
            .headers
            .insert("X-API-KEY", HeaderValue::sensitive(KEY));
    }
    let mut errors: Vec<Error> = responses
        .iter()
        .map(|r| Error::from_response(r, now()).with_request(&request, 2))
        .collect();
    errors.push(
        Error::from(TransportError::new(TransportErrorKind::Connect, "refused"))
            .with_request(&request, 1),
    );
    errors.push(
        Error::decode(200, decode::<u8>(b"\"x\"").expect_err("bad")).with_request(&request, 1),
    );
    errors
        .push(Error::from(InvalidRequest::new("attendees_ids", "empty")).with_request(&request, 1));
    for e in errors {
        let display = e.to_string();
        let debug = format!("{e:?}");
        let alternate = format!("{e:#?}");
        for shown in [&display, &debug, &alternate] {
            assert!(!shown.contains(KEY), "{shown}");
            assert!(!shown.contains("TOPSECRET"), "{shown}");
        }
    }
}

#[test]
fn a_transport_message_that_names_the_request_is_not_prefixed_twice() {
    use unipile_core::transport::{HttpRequest, Method, TransportError, TransportErrorKind};
    let request = HttpRequest::new(Method::Get, "/messages", "/messages");
    let named = TransportError::new(TransportErrorKind::Connect, "GET /messages: refused");
    let shown = Error::from(named).with_request(&request, 3).to_string();
    assert_eq!(shown.matches("GET /messages").count(), 1, "{shown}");
    assert!(shown.ends_with("(after 3 attempts)"), "{shown}");

    let bare = TransportError::new(TransportErrorKind::Connect, "refused");
    let shown = Error::from(bare).with_request(&request, 1).to_string();
    assert_eq!(shown, "GET /messages: could not connect: refused");
}
