//! Each failure below HTTP, produced for real on loopback, gets the class the retry policy
//! relies on.

mod support;

use std::time::Duration;
use support::{Step, TestServer, guarded};
use unipile_core::transport::{HttpRequest, Method, Transport, TransportErrorKind};
use unipile_http::{HttpConfig, HttpTransport};

fn send_message() -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        "/chats/{chat_id}/messages",
        "/chats/chat-123/messages",
    )
}

#[tokio::test]
async fn a_closed_port_is_connect_so_nothing_was_sent() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let config = HttpConfig::builder(format!("http://127.0.0.1:{port}"))
        .connect_timeout(Duration::from_secs(2))
        .request_timeout(Duration::from_secs(2))
        .build()
        .expect("config");
    let transport = HttpTransport::new(config).expect("transport");

    let error = guarded(transport.send(send_message()))
        .await
        .expect_err("nothing listens there");
    assert_eq!(error.kind(), TransportErrorKind::Connect, "{error}");
    assert!(error.kind().nothing_sent());
    let shown = error.to_string();
    assert!(shown.contains("POST /chats/{chat_id}/messages"), "{shown}");
    assert!(
        !shown.contains("chat-123"),
        "the message names the route, not the path: {shown}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_is_timeout() {
    let mut server = TestServer::answering(vec![Step::Hold]).await;
    let transport = server.transport_with(|b| b.request_timeout(Duration::from_millis(300)));

    let error = guarded(transport.send(send_message()))
        .await
        .expect_err("no answer comes");
    assert_eq!(error.kind(), TransportErrorKind::Timeout, "{error}");
    assert!(!error.kind().nothing_sent());
    // The request did reach the server: exactly why a timed-out send is not retried.
    assert_eq!(server.next_request().await.method, "POST");
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_io() {
    let server = TestServer::answering(vec![Step::Write(
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"object\":".to_vec(),
    )])
    .await;
    let transport = server.transport();

    let error = guarded(transport.send(send_message()))
        .await
        .expect_err("the body was cut");
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
}

#[tokio::test]
async fn a_connection_dropped_before_the_answer_is_io() {
    let mut server = TestServer::answering(Vec::new()).await;
    let transport = server.transport();

    let error = guarded(transport.send(send_message()))
        .await
        .expect_err("the server hung up");
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
    assert_eq!(
        server.next_request().await.target,
        "/api/v1/chats/chat-123/messages"
    );
    // The transport gave up without sending it again: whether to resend is the retry
    // policy's call, and for a send it is no.
    assert!(
        server.received_nothing(),
        "the transport resent the request"
    );
}

#[tokio::test]
async fn a_garbled_answer_is_io() {
    let server =
        TestServer::answering(vec![Step::Write(b"NOT HTTP AT ALL\r\n\r\n".to_vec())]).await;
    let transport = server.transport();

    let error = guarded(transport.send(send_message()))
        .await
        .expect_err("not HTTP");
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
}
