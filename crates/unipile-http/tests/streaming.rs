//! Streamed downloads: large bodies arrive in chunks, failures mid-body are classified.

mod support;

use futures_core::Stream;
use std::pin::Pin;
use std::time::Duration;
use support::{Step, TestServer, guarded, response};
use unipile_core::transport::{HttpRequest, Method, TransportErrorKind};
use unipile_http::DownloadError;

const SIZE: usize = 8 * 1024 * 1024;

fn large_body() -> Vec<u8> {
    (0..SIZE).map(|i| (i % 251) as u8).collect()
}

fn download() -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        "/messages/{message_id}/attachments/{attachment_id}",
        "/messages/m1/attachments/a1",
    )
}

async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

#[tokio::test]
async fn a_large_body_arrives_in_chunks() {
    let body = large_body();
    let mut server = TestServer::answering(response(
        "200 OK",
        &[("Content-Type", "application/octet-stream")],
        &body,
    ))
    .await;
    let transport = server.transport();

    let streamed = guarded(transport.send_streaming(download()))
        .await
        .expect("head");
    assert_eq!(streamed.status, 200);
    assert!(streamed.is_success());
    assert_eq!(streamed.content_length(), Some(SIZE as u64));
    assert_eq!(
        streamed.headers.get("content-type"),
        Some("application/octet-stream")
    );

    let mut stream = streamed.body;
    let mut chunks = 0usize;
    let mut largest = 0usize;
    let mut offset = 0usize;
    while let Some(chunk) = guarded(next(&mut stream)).await {
        let chunk = chunk.expect("chunk");
        assert_eq!(chunk.as_ref(), &body[offset..offset + chunk.len()]);
        offset += chunk.len();
        chunks += 1;
        largest = largest.max(chunk.len());
    }
    assert_eq!(offset, SIZE);
    assert_eq!(stream.received(), SIZE as u64);
    assert!(chunks > 1, "the body came in one piece");
    assert!(largest < SIZE, "the body was buffered whole");
    assert!(
        guarded(next(&mut stream)).await.is_none(),
        "nothing after the end"
    );
    assert_eq!(
        server.next_request().await.target,
        "/api/v1/messages/m1/attachments/a1"
    );
}

#[tokio::test]
async fn write_to_copies_the_whole_body_into_a_writer() {
    let body = large_body();
    let server = TestServer::answering(response("200 OK", &[], &body)).await;
    let transport = server.transport();

    let streamed = guarded(transport.send_streaming(download()))
        .await
        .expect("head");
    let mut sink: Vec<u8> = Vec::new();
    let written = guarded(streamed.body.write_to(&mut sink))
        .await
        .expect("download");
    assert_eq!(written, SIZE as u64);
    assert!(sink == body, "the written bytes differ from the body sent");
}

#[tokio::test]
async fn an_error_status_streams_too_and_can_be_read_whole() {
    let server = TestServer::answering(response(
        "404 Not Found",
        &[("Content-Type", "application/json")],
        br#"{"status":404,"type":"errors/resource_not_found","title":"Not found"}"#,
    ))
    .await;
    let transport = server.transport();

    let streamed = guarded(transport.send_streaming(download()))
        .await
        .expect("head");
    assert!(!streamed.is_success());
    let whole = guarded(streamed.into_response()).await.expect("body");
    assert_eq!(whole.status, 404);
    assert!(whole.body.starts_with(br#"{"status":404"#));
    assert_eq!(whole.headers.get("content-type"), Some("application/json"));
}

#[tokio::test]
async fn a_download_cut_short_is_io() {
    let server = TestServer::answering(vec![
        Step::Write(
            b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\nConnection: close\r\n\r\n".to_vec(),
        ),
        Step::Write(vec![7u8; 300_000]),
    ])
    .await;
    let transport = server.transport();

    let streamed = guarded(transport.send_streaming(download()))
        .await
        .expect("head");
    let mut sink: Vec<u8> = Vec::new();
    let error = guarded(streamed.body.write_to(&mut sink))
        .await
        .expect_err("the body was cut");
    let DownloadError::Transport(error) = error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
    assert_eq!(sink.len(), 300_000, "what arrived was written");
}

#[tokio::test]
async fn a_download_that_stalls_is_timeout() {
    let server = TestServer::answering(vec![
        Step::Write(
            b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n".to_vec(),
        ),
        Step::Write(vec![1u8; 10]),
        Step::Hold,
    ])
    .await;
    let transport = server.transport_with(|b| b.read_timeout(Duration::from_millis(300)));

    let streamed = guarded(transport.send_streaming(download()))
        .await
        .expect("head");
    let error = guarded(streamed.body.collect())
        .await
        .expect_err("the body stalls");
    assert_eq!(error.kind(), TransportErrorKind::Timeout, "{error}");
}

#[tokio::test]
async fn a_head_that_never_comes_is_timeout() {
    let server = TestServer::answering(vec![Step::Hold]).await;
    let transport = server.transport_with(|b| b.request_timeout(Duration::from_millis(300)));

    let error = guarded(transport.send_streaming(download()))
        .await
        .expect_err("no head");
    assert_eq!(error.kind(), TransportErrorKind::Timeout, "{error}");
}
