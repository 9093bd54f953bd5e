//! List queries: exact query strings, dates, limits, and later pages.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use unipile_core::Provider;
use unipile_core::model::id::Cursor;
use unipile_core::model::timestamp::format_millis;
use unipile_core::request::{
    ApiRequest, ListAccounts, ListAttendees, ListChatAttendees, ListChatMessages, ListChats,
    ListMessages, ListRequest, ListWebhooks, Paged, Windowed,
};
use unipile_core::transport::{Body, HttpRequest, Method};

fn query(request: &HttpRequest) -> Vec<(&str, &str)> {
    request
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn assert_get(request: &HttpRequest, route: &str, path: &str) {
    assert_eq!(request.method, Method::Get);
    assert_eq!(request.route, route);
    assert_eq!(request.path, path);
    assert_eq!(request.body, Body::Empty);
    assert_eq!(request.headers.get("accept"), Some("application/json"));
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect(text)
}

#[test]
fn dates_are_sent_in_utc_with_exactly_three_fraction_digits() {
    let table = [
        ("2025-12-31T23:59:59Z", "2025-12-31T23:59:59.000Z"),
        ("2025-12-31T23:59:59.999Z", "2025-12-31T23:59:59.999Z"),
        ("2025-12-31T23:59:59.5Z", "2025-12-31T23:59:59.500Z"),
        // Sub-millisecond precision is truncated, never rounded up past the instant.
        ("2025-12-31T23:59:59.123456789Z", "2025-12-31T23:59:59.123Z"),
        ("2025-12-31T23:59:59.123000001Z", "2025-12-31T23:59:59.123Z"),
        // Another offset is converted to UTC, across a day and a year.
        ("2026-01-01T01:30:00.250+02:00", "2025-12-31T23:30:00.250Z"),
        ("2025-06-01T08:00:00-05:00", "2025-06-01T13:00:00.000Z"),
    ];
    for (given, sent) in table {
        let http = ListMessages::new().after(at(given)).to_http().expect(given);
        assert_eq!(http.query_value("after"), Some(sent), "{given}");
        assert_eq!(format_millis(&at(given).with_timezone(&Utc)), sent);
    }
}

#[test]
fn before_keeps_the_items_of_its_own_millisecond() {
    // `before` is exclusive and Unipile's timestamps are whole milliseconds: a message at
    // .123 is before .123456, so `before` rounds up to .124 (truncating to .123 would drop
    // it). `after` truncates. A window split at one instant thus loses nothing.
    let table = [
        ("2025-12-31T23:59:59.123456789Z", "2025-12-31T23:59:59.124Z"),
        ("2025-12-31T23:59:59.123000001Z", "2025-12-31T23:59:59.124Z"),
        ("2025-12-31T23:59:59.999500Z", "2026-01-01T00:00:00.000Z"),
        // Already on a millisecond: sent as it is.
        ("2025-12-31T23:59:59.123Z", "2025-12-31T23:59:59.123Z"),
        ("2026-01-01T01:30:00.250+02:00", "2025-12-31T23:30:00.250Z"),
    ];
    for (given, sent) in table {
        let http = ListChats::new().before(at(given)).to_http().expect(given);
        assert_eq!(http.query_value("before"), Some(sent), "{given}");
        let http = ListMessages::new()
            .before(at(given))
            .to_http()
            .expect(given);
        assert_eq!(http.query_value("before"), Some(sent), "{given}");
    }
    // Split at one sub-millisecond instant: a message at .123 falls in the first window.
    let split = at("2025-12-31T23:59:59.123456Z");
    let first = ListMessages::new().before(split).to_http().expect("first");
    let second = ListMessages::new().after(split).to_http().expect("second");
    assert_eq!(
        first.query_value("before"),
        Some("2025-12-31T23:59:59.124Z")
    );
    assert_eq!(
        second.query_value("after"),
        Some("2025-12-31T23:59:59.123Z")
    );
}

#[test]
fn dates_outside_the_api_pattern_or_an_empty_window_are_refused() {
    let far = Utc.with_ymd_and_hms(3000, 1, 1, 0, 0, 0).unwrap();
    let err = ListMessages::new()
        .before(far)
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "before");
    let early = Utc.with_ymd_and_hms(999, 12, 31, 0, 0, 0).unwrap();
    let err = ListChatMessages::new("c")
        .after(early)
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "after");

    let t = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let err = ListMessages::new()
        .before(t)
        .after(t)
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "before");
}

#[test]
fn list_messages_query_in_order() {
    let http = ListMessages::new()
        .account_id("acc")
        .sender_id("ACo1")
        .before(at("2025-02-01T00:00:00Z"))
        .after(at("2025-01-01T00:00:00Z"))
        .limit(250)
        .to_http()
        .expect("valid");
    assert_get(&http, "/messages", "/messages");
    assert_eq!(
        query(&http),
        [
            ("account_id", "acc"),
            ("sender_id", "ACo1"),
            ("before", "2025-02-01T00:00:00.000Z"),
            ("after", "2025-01-01T00:00:00.000Z"),
            ("limit", "250"),
        ]
    );
    let http = ListMessages::new().to_http().expect("no filter");
    assert!(http.query.is_empty());
    assert_eq!(http.path_and_query(), "/messages");
}

#[test]
fn list_chat_messages_query_in_order_and_encoded_path() {
    let http = ListChatMessages::new("a/b?c")
        .sender_id("s")
        .before(at("2025-02-01T00:00:00Z"))
        .after(at("2025-01-01T00:00:00Z"))
        .limit(1)
        .to_http()
        .expect("valid");
    assert_get(
        &http,
        "/chats/{chat_id}/messages",
        "/chats/a%2Fb%3Fc/messages",
    );
    assert_eq!(
        query(&http),
        [
            ("sender_id", "s"),
            ("before", "2025-02-01T00:00:00.000Z"),
            ("after", "2025-01-01T00:00:00.000Z"),
            ("limit", "1"),
        ]
    );
    for bad in ["", ".", ".."] {
        let err = ListChatMessages::new(bad)
            .to_http()
            .expect_err("must be refused");
        assert_eq!(err.parameter(), "chat_id", "{bad:?}");
        let err = ListChatMessages::new(bad)
            .next_page(&Cursor::new("c"))
            .expect_err("must be refused");
        assert_eq!(err.parameter(), "chat_id", "{bad:?}");
    }
}

#[test]
fn list_chats_query_in_order() {
    let http = ListChats::new()
        .account_ids(["acc_1", "acc_2"])
        .account_id("acc_3")
        .account_type(Provider::Whatsapp)
        .unread(false)
        .before(at("2025-02-01T00:00:00Z"))
        .after(at("2025-01-01T00:00:00Z"))
        .limit(50)
        .to_http()
        .expect("valid");
    assert_get(&http, "/chats", "/chats");
    assert_eq!(
        query(&http),
        [
            ("account_id", "acc_1,acc_2,acc_3"),
            ("account_type", "WHATSAPP"),
            ("unread", "false"),
            ("before", "2025-02-01T00:00:00.000Z"),
            ("after", "2025-01-01T00:00:00.000Z"),
            ("limit", "50"),
        ]
    );
    let http = ListChats::new().unread(true).to_http().expect("valid");
    assert_eq!(query(&http), [("unread", "true")]);
    let err = ListChats::new()
        .account_ids(["a", "b,c"])
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "account_id[1]");
}

#[test]
fn other_lists_render_their_path_and_query() {
    let http = ListAttendees::new()
        .account_id("acc")
        .limit(10)
        .to_http()
        .expect("valid");
    assert_get(&http, "/chat_attendees", "/chat_attendees");
    assert_eq!(query(&http), [("account_id", "acc"), ("limit", "10")]);

    let http = ListChatAttendees::new("chat 1").to_http().expect("valid");
    assert_get(
        &http,
        "/chats/{chat_id}/attendees",
        "/chats/chat%201/attendees",
    );
    assert!(http.query.is_empty());
    let err = ListChatAttendees::new("..")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "chat_id");

    let http = ListAccounts::new().limit(100).to_http().expect("valid");
    assert_get(&http, "/accounts", "/accounts");
    assert_eq!(query(&http), [("limit", "100")]);

    let http = ListWebhooks::new()
        .cursor("abc")
        .limit(5)
        .to_http()
        .expect("valid");
    assert_get(&http, "/webhooks", "/webhooks");
    assert_eq!(query(&http), [("cursor", "abc"), ("limit", "5")]);
}

#[test]
fn limit_must_be_between_1_and_250() {
    fn check<R: ApiRequest>(make: impl Fn(u32) -> R) {
        for bad in [0, 251, u32::MAX] {
            let err = make(bad).to_http().expect_err("must be refused");
            assert_eq!(err.parameter(), "limit", "{bad}");
            assert!(err.reason().contains(&bad.to_string()), "{err}");
        }
        for good in [1, 100, 250] {
            let http = make(good).to_http().expect("valid limit");
            assert_eq!(http.query_value("limit"), Some(good.to_string().as_str()));
        }
    }
    check(|n| ListMessages::new().limit(n));
    check(|n| ListChatMessages::new("c").limit(n));
    check(|n| ListChats::new().limit(n));
    check(|n| ListAttendees::new().limit(n));
    check(|n| ListAccounts::new().limit(n));
    check(|n| ListWebhooks::new().limit(n));
    // Later pages check it too.
    let err = ListChats::new()
        .limit(0)
        .next_page(&Cursor::new("c"))
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "limit");
}

#[test]
fn next_page_sends_only_cursor_and_limit() {
    let cursor = Cursor::new("eyJsYXN0X2lkIjoiMTIzIn0=");
    let after = at("2025-01-01T00:00:00Z");

    let list = ListMessages::new()
        .account_id("acc")
        .sender_id("s")
        .after(after)
        .limit(20);
    let first = list.to_http().expect("first");
    let next = list.next_page(&cursor).expect("next");
    assert_eq!(next.path, first.path);
    assert_eq!(next.route, first.route);
    assert_eq!(next.method, Method::Get);
    assert_eq!(next.headers, first.headers);
    assert_eq!(
        query(&next),
        [("cursor", "eyJsYXN0X2lkIjoiMTIzIn0="), ("limit", "20")]
    );
    assert_eq!(list.page_limit(), Some(20));

    let list = ListChatMessages::new("a/b").sender_id("s").after(after);
    let next = list.next_page(&cursor).expect("next");
    assert_eq!(next.path, "/chats/a%2Fb/messages");
    assert_eq!(query(&next), [("cursor", cursor.as_str())]);
    assert_eq!(list.page_limit(), None);

    let list = ListChats::new()
        .account_id("acc")
        .unread(true)
        .account_type(Provider::Linkedin)
        .limit(7);
    assert_eq!(
        query(&list.next_page(&cursor).expect("next")),
        [("cursor", cursor.as_str()), ("limit", "7")]
    );
    let list = ListAttendees::new().account_id("acc");
    assert_eq!(
        query(&list.next_page(&cursor).expect("next")),
        [("cursor", cursor.as_str())]
    );
    assert_eq!(
        ListAccounts::new().next_page(&cursor).expect("next").path,
        "/accounts"
    );
    assert_eq!(
        ListWebhooks::new().next_page(&cursor).expect("next").path,
        "/webhooks"
    );

    let err = ListMessages::new()
        .next_page(&Cursor::new(""))
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "cursor");
}

#[test]
fn a_starting_cursor_stands_for_the_filters() {
    let http = ListMessages::new()
        .account_id("acc")
        .after(at("2025-01-01T00:00:00Z"))
        .cursor("cur")
        .limit(10)
        .to_http()
        .expect("valid");
    assert_eq!(query(&http), [("cursor", "cur"), ("limit", "10")]);
    let http = ListChats::new()
        .unread(true)
        .cursor("cur")
        .to_http()
        .expect("valid");
    assert_eq!(query(&http), [("cursor", "cur")]);
}
