//! What the transport puts on the wire, and what it hands back, against a loopback server.

mod support;

use bytes::Bytes;
use support::{TestServer, guarded, response};
use unipile_core::transport::{
    Body, HeaderValue, HttpRequest, Method, Multipart, Part, Transport, TransportErrorKind,
    encode_path_segment,
};
use unipile_http::USER_AGENT;

const KEY: &str = "sk_test_very_secret_key";

fn with_key(mut request: HttpRequest) -> HttpRequest {
    request
        .headers
        .insert("X-API-KEY", HeaderValue::sensitive(KEY));
    request
        .headers
        .insert("accept", HeaderValue::new("application/json"));
    request
}

#[tokio::test]
async fn sends_method_encoded_path_query_headers_and_json() {
    let mut server = TestServer::answering(response(
        "201 Created",
        &[
            ("Content-Type", "application/json"),
            ("X-Request-Id", "r-1"),
        ],
        br#"{"object":"MessageSent","message_id":"m1"}"#,
    ))
    .await;
    let transport = server.transport();
    let chat = encode_path_segment("chat/1 é@x");
    let json = Bytes::from_static(br#"{"text":"Hello there"}"#);
    let request = with_key(
        HttpRequest::new(
            Method::Post,
            "/chats/{chat_id}/messages",
            format!("/chats/{chat}/messages"),
        )
        .with_query("account_id", "acc 1")
        .with_query("after", "2025-01-01T00:00:00.000Z")
        .with_body(Body::Json(json.clone())),
    );

    let answer = guarded(transport.send(request)).await.expect("send");
    let seen = server.next_request().await;

    assert_eq!(seen.method, "POST");
    assert_eq!(
        seen.target,
        "/chats/chat%2F1%20%C3%A9%40x/messages?account_id=acc%201&after=2025-01-01T00%3A00%3A00.000Z"
            .replace("/chats", "/api/v1/chats")
    );
    assert_eq!(seen.header("x-api-key"), Some(KEY));
    assert_eq!(seen.count("x-api-key"), 1);
    assert_eq!(seen.header("accept"), Some("application/json"));
    assert_eq!(seen.header("user-agent"), Some(USER_AGENT));
    assert!(USER_AGENT.starts_with("unipile-rust/"), "{USER_AGENT}");
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.body, json);

    assert_eq!(answer.status, 201);
    assert_eq!(answer.headers.get("x-request-id"), Some("r-1"));
    assert_eq!(
        answer.body.as_ref(),
        br#"{"object":"MessageSent","message_id":"m1"}"#
    );
}

#[tokio::test]
async fn every_method_goes_out_by_name() {
    let mut server = TestServer::answering(response("204 No Content", &[], b"")).await;
    let transport = server.transport();
    for method in [
        Method::Get,
        Method::Post,
        Method::Patch,
        Method::Put,
        Method::Delete,
    ] {
        let request = HttpRequest::new(method, "/webhooks/{webhook_id}", "/webhooks/w1");
        let answer = guarded(transport.send(request)).await.expect("send");
        assert_eq!(answer.status, 204);
        let seen = server.next_request().await;
        assert_eq!(seen.method, method.as_str());
        assert_eq!(seen.target, "/api/v1/webhooks/w1");
        // A POST, PUT or PATCH without a body says so; a GET or DELETE sends no body.
        let expected_length = match method {
            Method::Post | Method::Patch | Method::Put => Some("0"),
            _ => None,
        };
        assert_eq!(seen.header("content-length"), expected_length, "{method}");
        assert_eq!(seen.header("content-type"), None, "{method}");
    }
}

fn attachment_form() -> Multipart {
    let mut form = Multipart::new();
    form.push_text("account_id", "acc");
    form.push_text("attendees_ids", "33600000000@s.whatsapp.net");
    form.push_text("attendees_ids", "33600000001@s.whatsapp.net");
    form.push_text("linkedin[api]", "classic");
    form.push_text("text", "Hé 👋 \"see attached\"\r\nthanks");
    let binary: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    form.push(Part::file(
        "attachments",
        "report \"q3\".pdf",
        "application/pdf",
        binary,
    ));
    form.push(Part::file("attachments", "b.txt", "text/plain", "--\r\n--"));
    form
}

#[tokio::test]
async fn multipart_is_cores_encoding_byte_for_byte_and_a_retry_replays_it() {
    let mut server = TestServer::answering(response("201 Created", &[], b"{}")).await;
    let transport = server.transport();
    let form = attachment_form();
    let boundary = form.boundary();
    let expected = form.encode(&boundary);
    let request = with_key(
        HttpRequest::new(Method::Post, "/chats", "/chats").with_body(Body::Multipart(form.clone())),
    );

    guarded(transport.send(request.clone()))
        .await
        .expect("first send");
    guarded(transport.send(request)).await.expect("second send");
    let first = server.next_request().await;
    let second = server.next_request().await;

    for seen in [&first, &second] {
        let content_type = seen.header("content-type").expect("content type");
        assert_eq!(
            content_type,
            format!("multipart/form-data; boundary={boundary}")
        );
        assert_eq!(seen.header("x-api-key"), Some(KEY));
        assert_eq!(seen.body.as_slice(), expected.as_ref());
        let parsed_boundary =
            Multipart::boundary_from_content_type(content_type).expect("boundary");
        let back = Multipart::decode(&parsed_boundary, &seen.body).expect("decode");
        assert_eq!(back, form);
    }
    assert_eq!(first.body, second.body);
    assert_eq!(first.headers, second.headers);
}

#[tokio::test]
async fn error_statuses_and_redirects_come_back_untouched() {
    let mut server = TestServer::start(|request| {
        if request.target.ends_with("/limited") {
            response(
                "429 Too Many Requests",
                &[("Retry-After", "7"), ("Content-Type", "application/json")],
                br#"{"status":429,"type":"errors/too_many_requests","title":"Too many"}"#,
            )
        } else {
            response(
                "302 Found",
                &[("Location", "http://127.0.0.1:9/elsewhere")],
                b"",
            )
        }
    })
    .await;
    let transport = server.transport();

    let limited = guarded(transport.send(with_key(HttpRequest::new(
        Method::Get,
        "/limited",
        "/limited",
    ))))
    .await
    .expect("a 429 is a response, not an error");
    assert_eq!(limited.status, 429);
    assert_eq!(limited.headers.get("retry-after"), Some("7"));
    assert!(limited.body.starts_with(br#"{"status":429"#));

    let moved =
        guarded(transport.send(with_key(HttpRequest::new(Method::Get, "/moved", "/moved"))))
            .await
            .expect("a redirect is returned, not followed");
    assert_eq!(moved.status, 302);
    assert_eq!(
        moved.headers.get("location"),
        Some("http://127.0.0.1:9/elsewhere")
    );
    server.next_request().await;
    server.next_request().await;
    assert!(server.received_nothing(), "the redirect was followed");
}

/// A gzip member holding `data` in one stored (uncompressed) deflate block.
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let length = u16::try_from(data.len()).expect("small data");
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    out.push(1); // final block, stored
    out.extend_from_slice(&length.to_le_bytes());
    out.extend_from_slice(&(!length).to_le_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&u32::try_from(data.len()).expect("small").to_le_bytes());
    out
}

#[tokio::test]
async fn gzip_is_asked_for_and_undone() {
    let plain = br#"{"object":"ChatList","items":[],"cursor":null}"#;
    let mut server = TestServer::answering(response(
        "200 OK",
        &[
            ("Content-Encoding", "gzip"),
            ("Content-Type", "application/json"),
        ],
        &gzip_stored(plain),
    ))
    .await;
    let transport = server.transport();
    let answer = guarded(transport.send(HttpRequest::new(Method::Get, "/chats", "/chats")))
        .await
        .expect("send");
    let seen = server.next_request().await;
    assert!(
        seen.header("accept-encoding")
            .is_some_and(|v| v.contains("gzip")),
        "{seen:?}"
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body.as_ref(), plain);
}

#[tokio::test]
async fn a_request_that_cannot_be_built_is_other_and_sends_nothing() {
    let mut server = TestServer::answering(response("200 OK", &[], b"")).await;
    let transport = server.transport();

    let mut bad_header = HttpRequest::new(Method::Post, "/chats", "/chats");
    bad_header.headers.insert(
        "X-API-KEY",
        HeaderValue::sensitive("sk_secret\r\nInjected: 1"),
    );
    let error = guarded(transport.send(bad_header))
        .await
        .expect_err("a newline in a header value is refused");
    assert_eq!(error.kind(), TransportErrorKind::Other);
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("X-API-KEY"), "{shown}");
    assert!(!shown.contains("sk_secret"), "{shown}");

    for path in ["chats", "/../../admin", "/chats/../../secret"] {
        let request = HttpRequest::new(Method::Get, "/chats", path);
        let error = guarded(transport.send(request))
            .await
            .expect_err("a path that leaves the API base is refused");
        assert_eq!(error.kind(), TransportErrorKind::Other, "{path}");
    }

    // An id that merely contains dots, encoded as one segment, is fine.
    let dots = format!("/chats/{}", encode_path_segment("a..b"));
    guarded(transport.send(HttpRequest::new(Method::Get, "/chats/{chat_id}", dots)))
        .await
        .expect("send");
    assert_eq!(server.next_request().await.target, "/api/v1/chats/a..b");
    assert!(server.received_nothing());
}

#[tokio::test]
async fn the_transport_adds_no_key_of_its_own() {
    // Authentication is the client's job: a request without `X-API-KEY` goes out without
    // one, and a request with it carries exactly the value given, once.
    let mut server = TestServer::answering(response("200 OK", &[], b"{}")).await;
    let transport = server.transport();
    guarded(transport.send(HttpRequest::new(Method::Get, "/accounts", "/accounts")))
        .await
        .expect("send");
    let seen = server.next_request().await;
    assert_eq!(seen.count("x-api-key"), 0, "{seen:?}");

    guarded(transport.send(with_key(HttpRequest::new(
        Method::Get,
        "/accounts",
        "/accounts",
    ))))
    .await
    .expect("send");
    let seen = server.next_request().await;
    assert_eq!(seen.count("x-api-key"), 1);
    assert_eq!(seen.header("x-api-key"), Some(KEY));
}
