//! The fake served over loopback HTTP: the same API, real faults on the wire, real
//! webhook POSTs.

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use unipile_core::Provider;
use unipile_core::transport::{Multipart, Part, encode_path_segment};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile, Fault, serve};

const LIMIT: Duration = Duration::from_secs(10);

/// One HTTP/1.1 exchange on a fresh connection; `Err` when the connection fails.
async fn call(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Bytes,
) -> Result<(u16, hyper::HeaderMap, Bytes), String> {
    let stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let mut builder = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr.to_string());
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    let request = builder.body(Full::new(body)).map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("body: {e}"))?
        .to_bytes();
    Ok((status, headers, body))
}

async fn get_json(fake: &FakeUnipile, addr: std::net::SocketAddr, path: &str) -> (u16, Value) {
    let (status, _, body) = tokio::time::timeout(
        LIMIT,
        call(
            addr,
            "GET",
            path,
            &[("x-api-key", fake.api_key())],
            Bytes::new(),
        ),
    )
    .await
    .expect("in time")
    .expect("answered");
    (status, serde_json::from_slice(&body).expect("json"))
}

#[tokio::test]
async fn serves_the_api_under_api_v1() {
    let fake = FakeUnipile::demo();
    let server = serve(fake.clone(), "127.0.0.1:0").await.expect("bound");
    let addr = server.addr();
    assert_eq!(server.base_url(), format!("http://{addr}/api/v1"));

    let (status, body) = get_json(&fake, addr, "/api/v1/chats?limit=3").await;
    assert_eq!(status, 200);
    assert_eq!(body["object"], "ChatList");
    assert_eq!(body["items"].as_array().expect("items").len(), 3);
    let cursor = body["cursor"].as_str().expect("cursor");
    let next = format!(
        "/api/v1/chats?cursor={}&limit=3",
        encode_path_segment(cursor)
    );
    let (_, page2) = get_json(&fake, addr, &next).await;
    assert_ne!(page2["items"][0]["id"], body["items"][0]["id"]);

    let (status, body) = get_json(&fake, addr, "/chats").await;
    assert_eq!(status, 404);
    assert_eq!(body["type"], "errors/resource_not_found");
    let (status, _, body) = call(addr, "GET", "/api/v1/accounts", &[], Bytes::new())
        .await
        .expect("answered");
    assert_eq!(status, 401);
    assert!(String::from_utf8_lossy(&body).contains("errors/missing_credentials"));
    // Requests outside `/api/v1` never reach the fake.
    assert_eq!(fake.total_requests(), 3);
    server.shutdown().await;
}

#[tokio::test]
async fn multipart_uploads_round_trip_byte_for_byte() {
    let fake = FakeUnipile::builder().seed(2).build();
    let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Kim"));
    let chat = fake
        .add_chat(ChatSeed::direct(account, "Bo").id("chat/with?odd#chars here"))
        .expect("chat");
    let server = serve(fake.clone(), "127.0.0.1:0").await.expect("bound");
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 31 % 256) as u8).collect();
    let mut form = Multipart::new();
    form.push_text("text", "Voilà 📎");
    form.push(Part::file(
        "attachments",
        "blob.bin",
        "application/octet-stream",
        bytes.clone(),
    ));
    let boundary = form.boundary();
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let path = format!(
        "/api/v1/chats/{}/messages",
        encode_path_segment(chat.as_str())
    );
    let (status, _, body) = call(
        server.addr(),
        "POST",
        &path,
        &[
            ("x-api-key", fake.api_key()),
            ("content-type", &content_type),
        ],
        form.encode(&boundary),
    )
    .await
    .expect("answered");
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    let sent: Value = serde_json::from_slice(&body).expect("json");
    let message_id = sent["message_id"].as_str().expect("id");
    let (_, message) = get_json(
        &fake,
        server.addr(),
        &format!("/api/v1/messages/{}", encode_path_segment(message_id)),
    )
    .await;
    assert_eq!(message["text"], "Voilà 📎");
    let attachment_id = message["attachments"][0]["id"].as_str().expect("att id");
    let (status, headers, download) = call(
        server.addr(),
        "GET",
        &format!(
            "/api/v1/messages/{}/attachments/{}",
            encode_path_segment(message_id),
            encode_path_segment(attachment_id)
        ),
        &[("x-api-key", fake.api_key())],
        Bytes::new(),
    )
    .await
    .expect("answered");
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/octet-stream");
    assert_eq!(download.as_ref(), bytes.as_slice());

    // A body that is not the multipart it claims is a 400, not a crash.
    let (status, _, _) = call(
        server.addr(),
        "POST",
        &path,
        &[
            ("x-api-key", fake.api_key()),
            ("content-type", &content_type),
        ],
        Bytes::from_static(b"garbage"),
    )
    .await
    .expect("answered");
    assert_eq!(status, 400);
    server.shutdown().await;
}

#[tokio::test]
async fn faults_happen_on_the_wire() {
    let fake = FakeUnipile::demo();
    let server = serve(fake.clone(), "127.0.0.1:0").await.expect("bound");
    let addr = server.addr();
    let key = [("x-api-key", fake.api_key())];

    fake.inject(Fault::too_many_requests(Some(Duration::from_secs(1))));
    let (status, headers, _) = call(addr, "GET", "/api/v1/accounts", &key, Bytes::new())
        .await
        .expect("answered");
    assert_eq!(status, 429);
    assert_eq!(headers["retry-after"], "1");

    fake.inject(Fault::drop_connection());
    let dropped = call(addr, "GET", "/api/v1/accounts", &key, Bytes::new()).await;
    assert!(dropped.is_err(), "{dropped:?}");

    fake.inject(Fault::truncated_body());
    let truncated = call(addr, "GET", "/api/v1/accounts", &key, Bytes::new()).await;
    let error = truncated.expect_err("a short body is an error");
    assert!(error.starts_with("body"), "{error}");

    // A timeout holds the connection: the client gives up first.
    fake.inject(Fault::timeout().hold_for(Duration::from_secs(60)));
    let held = tokio::time::timeout(
        Duration::from_millis(300),
        call(addr, "GET", "/api/v1/accounts", &key, Bytes::new()),
    )
    .await;
    assert!(held.is_err(), "no answer while held");

    // Shutting down closes the held connection and returns.
    tokio::time::timeout(LIMIT, server.shutdown())
        .await
        .expect("shutdown does not wait for held connections");
}

#[tokio::test]
async fn webhooks_are_posted_to_loopback_receivers_with_their_headers() {
    // A receiver that hands each request's auth header and body to the test.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bound");
    let receiver_addr = listener.local_addr().expect("addr");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Option<String>, Bytes)>();
    let receiver = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.expect("accepted");
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let tx = tx.clone();
            async move {
                let auth = request
                    .headers()
                    .get("unipile-auth")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                let body = request
                    .into_body()
                    .collect()
                    .await
                    .expect("body")
                    .to_bytes();
                let _ = tx.send((auth, body));
                Ok::<_, Infallible>(hyper::Response::new(Full::new(Bytes::new())))
            }
        });
        let _ = hyper::server::conn::http1::Builder::new()
            .serve_connection(TokioIo::new(stream), service)
            .await;
    });

    let fake = FakeUnipile::builder().seed(8).build();
    let account = fake.add_account(AccountSeed::new(Provider::Linkedin, "Kim"));
    let chat = fake
        .add_chat(ChatSeed::direct(account, "Bo"))
        .expect("chat");
    let server = serve(fake.clone(), "127.0.0.1:0").await.expect("bound");
    let create = json!({
        "request_url": format!("http://{receiver_addr}/hooks/unipile"),
        "source": "messaging",
        "headers": [{"key": "Unipile-Auth", "value": "shh"}, {"key": "Content-Type", "value": "application/json"}],
    });
    let (status, _, _) = call(
        server.addr(),
        "POST",
        "/api/v1/webhooks",
        &[
            ("x-api-key", fake.api_key()),
            ("content-type", "application/json"),
        ],
        Bytes::from(create.to_string()),
    )
    .await
    .expect("answered");
    assert_eq!(status, 201);

    let id = fake
        .receive_message(&chat, unipile_mock::MessageSeed::text("incoming 📨"))
        .expect("received");
    let (auth, body) = tokio::time::timeout(LIMIT, rx.recv())
        .await
        .expect("in time")
        .expect("posted");
    assert_eq!(auth.as_deref(), Some("shh"));
    let payload: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(payload["message_id"], id.as_str());
    assert_eq!(payload["message"], "incoming 📨");
    receiver.abort();
    server.shutdown().await;
}
