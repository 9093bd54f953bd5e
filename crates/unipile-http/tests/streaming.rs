//! Streamed downloads: large bodies arrive in chunks, failures mid-body are classified;
//! through the client, a download is authenticated, retried until its first byte and
//! its errors mapped.

mod support;

use futures_core::Stream;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use support::{Step, TestServer, guarded, response};
use unipile_core::client::Client;
use unipile_core::client::retry::RecordingSleeper;
use unipile_core::error::ErrorKind;
use unipile_core::transport::{HttpRequest, Method, Transport, TransportErrorKind};
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
async fn write_download_copies_the_whole_body_into_a_writer() {
    let body = large_body();
    let mut server = TestServer::answering(response(
        "200 OK",
        &[
            ("Content-Type", "application/pdf"),
            (
                "Content-Disposition",
                "attachment; filename=\"r.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
            ),
        ],
        &body,
    ))
    .await;
    let client = Client::new(server.transport(), "the-key");

    let mut download = guarded(client.messages().download("m/1", "a1"))
        .await
        .expect("head");
    assert_eq!(download.content_type(), Some("application/pdf"));
    assert_eq!(download.file_name(), Some("résumé.pdf"));
    assert_eq!(download.content_length(), Some(SIZE as u64));
    let mut sink: Vec<u8> = Vec::new();
    let written = guarded(unipile_http::write_download(&mut download, &mut sink))
        .await
        .expect("download");
    assert_eq!(written, SIZE as u64);
    assert_eq!(download.received(), SIZE as u64);
    assert!(sink == body, "the written bytes differ from the body sent");

    let request = server.next_request().await;
    assert_eq!(request.target, "/api/v1/messages/m%2F1/attachments/a1");
    assert_eq!(request.header("x-api-key"), Some("the-key"));
    assert_eq!(request.header("accept"), Some("*/*"));
}

#[tokio::test]
async fn a_download_is_retried_until_its_head_arrives_and_errors_are_typed() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let server = TestServer::start(move |_| match counter.fetch_add(1, Ordering::SeqCst) {
        0 => response(
            "503 Service Unavailable",
            &[("Content-Type", "application/json")],
            br#"{"status":503,"type":"errors/no_client_session","title":"No session"}"#,
        ),
        1 => response("200 OK", &[("Content-Type", "image/png")], b"\x89PNG"),
        _ => response(
            "404 Not Found",
            &[("Content-Type", "application/json")],
            br#"{"status":404,"type":"errors/resource_not_found","title":"Not found"}"#,
        ),
    })
    .await;
    let sleeper = Arc::new(RecordingSleeper::new());
    let client = Client::builder(server.transport(), "the-key")
        .sleeper(sleeper.clone())
        .build();

    let download = guarded(client.messages().download("m1", "a1"))
        .await
        .expect("the retry succeeds");
    assert_eq!(download.attempts(), 2);
    assert_eq!(sleeper.waits().len(), 1);
    let data = guarded(download.collect()).await.expect("body");
    assert_eq!(
        (data.content_type.as_deref(), &data.data[..]),
        (Some("image/png"), &b"\x89PNG"[..])
    );

    let error = guarded(client.messages().download("m1", "gone"))
        .await
        .expect_err("404");
    assert!(error.is_not_found(), "{error}");
    assert_eq!(calls.load(Ordering::SeqCst), 3, "a 404 is not retried");
}

#[tokio::test]
async fn a_download_cut_after_its_first_byte_is_not_retried() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let server = TestServer::start(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
        vec![
            Step::Write(
                b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\nConnection: close\r\n\r\n".to_vec(),
            ),
            Step::Write(vec![7u8; 300_000]),
        ]
    })
    .await;
    let client = Client::new(server.transport(), "the-key");

    let mut download = guarded(client.messages().download("m1", "a1"))
        .await
        .expect("head");
    let mut sink: Vec<u8> = Vec::new();
    let error = guarded(unipile_http::write_download(&mut download, &mut sink))
        .await
        .expect_err("the body was cut");
    let DownloadError::Body(error) = error else {
        panic!("expected a body error, got {error:?}");
    };
    let ErrorKind::Transport(cause) = error.kind() else {
        panic!("expected a transport error, got {error:?}");
    };
    assert_eq!(cause.kind(), TransportErrorKind::Io, "{error}");
    assert!(
        error
            .to_string()
            .contains("/messages/{message_id}/attachments/{attachment_id}"),
        "{error}"
    );
    assert_eq!(sink.len(), 300_000, "what arrived was written");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "never sent again after the first byte"
    );
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
    let mut body = streamed.body;
    let mut arrived = 0;
    let error = loop {
        match guarded(body.next_chunk()).await {
            Some(Ok(chunk)) => arrived += chunk.len(),
            Some(Err(error)) => break error,
            None => panic!("the body was cut, yet it ended cleanly"),
        }
    };
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
    assert_eq!(arrived, 300_000, "what arrived was handed out");
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

/// FNV-1a over every byte: enough to tell a changed, lost or reordered byte.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

#[tokio::test]
async fn a_100_mb_attachment_streams_from_the_fake_over_loopback() {
    const BIG: usize = 100 * 1024 * 1024;
    let data: Vec<u8> = (0..BIG)
        .map(|i| (i % 253) as u8 ^ (i >> 20) as u8)
        .collect();
    let expected = fnv1a(FNV_START, &data);
    let fake = unipile_mock::FakeUnipile::builder().seed(100).build();
    let account = fake.add_account(unipile_mock::AccountSeed::new(
        unipile_core::Provider::Whatsapp,
        "Big",
    ));
    let chat = fake
        .add_chat(unipile_mock::ChatSeed::direct(account, "Bea"))
        .expect("chat");
    let message = fake
        .add_message(
            &chat,
            unipile_mock::MessageSeed::text("the dump").attachment(
                "dump.bin",
                "application/octet-stream",
                data,
            ),
        )
        .expect("message");
    let attachment = fake.message(&message).expect("stored").attachments[0]
        .id()
        .clone();
    let server = unipile_mock::serve(fake.clone(), "127.0.0.1:0")
        .await
        .expect("bound");
    let config = unipile_http::HttpConfig::builder(server.base_url())
        .build()
        .expect("config");
    let client = unipile_http::client(config, fake.api_key().into()).expect("client");

    let mut download = guarded(client.messages().download(message, attachment))
        .await
        .expect("head");
    assert_eq!(download.content_length(), Some(BIG as u64));
    assert_eq!(download.file_name(), Some("dump.bin"));
    let (mut hash, mut length, mut chunks, mut largest) = (FNV_START, 0usize, 0usize, 0usize);
    while let Some(chunk) = guarded(download.next_chunk()).await {
        let chunk = chunk.expect("chunk");
        hash = fnv1a(hash, &chunk);
        length += chunk.len();
        chunks += 1;
        largest = largest.max(chunk.len());
    }
    assert_eq!(length, BIG);
    assert_eq!(hash, expected, "the bytes came back changed");
    assert!(chunks > 100, "{chunks} chunks: the body was not streamed");
    assert!(
        largest <= 4 << 20,
        "a chunk of {largest} bytes: the body was buffered"
    );
    server.shutdown().await;
}
