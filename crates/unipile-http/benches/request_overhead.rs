//! One request through the SDK (`Client` + `HttpTransport`: validation, the key header,
//! the retry loop, the typed decode) against the same request through bare reqwest, to
//! the same fake served on 127.0.0.1: `GET /chats/{chat_id}`. To split the difference:
//! `HttpTransport` alone (the request as the client renders it, no retry loop, no
//! decode), the client over a transport that answers at once with the same bytes (the
//! SDK's own work, no network), and decoding the chat alone, both ways.

mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use unipile_core::request::{ApiRequest, GetChat};
use unipile_core::transport::{
    HeaderValue, HttpRequest, HttpResponse, Transport, TransportError, encode_path_segment,
};
use unipile_core::{Chat, Client};

/// A transport that answers every request at once with the same response.
#[derive(Debug)]
struct Canned(HttpResponse);

#[async_trait::async_trait]
impl Transport for Canned {
    async fn send(&self, _: HttpRequest) -> Result<HttpResponse, TransportError> {
        Ok(self.0.clone())
    }
}

fn request_overhead(c: &mut Criterion) {
    let rt = support::runtime();
    let fake = support::fake();
    let account = support::account(&fake);
    let chat = support::group_chat(&fake, &account, 5);
    let (server, client) = rt.block_on(support::served(&fake));
    let url = format!(
        "{}/chats/{}",
        server.base_url(),
        encode_path_segment(chat.as_str())
    );
    let key = fake.api_key().to_owned();
    let bare = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a reqwest client");

    let bare_get = || async {
        bare.get(&url)
            .header("X-API-KEY", &key)
            .header("accept", "application/json")
            .send()
            .await
            .expect("sent")
            .error_for_status()
            .expect("200")
            .bytes()
            .await
            .expect("body")
    };
    // The same chat both ways.
    let via_sdk = rt.block_on(client.chats().get(chat.clone())).expect("chat");
    let via_bare: Chat = serde_json::from_slice(&rt.block_on(bare_get())).expect("chat");
    assert_eq!(via_sdk.id, via_bare.id);

    let mut group = c.benchmark_group("get_chat");
    group.bench_function("sdk_client", |b| {
        b.iter(|| {
            rt.block_on(client.chats().get(black_box(chat.clone())))
                .expect("chat")
        })
    });
    let transport = client.transport().clone();
    let rendered = {
        let mut request = GetChat::new(chat.clone()).to_http().expect("valid");
        request
            .headers
            .insert("X-API-KEY", HeaderValue::sensitive(&key));
        request
            .headers
            .insert("accept", HeaderValue::new("application/json"));
        request
    };
    group.bench_function("http_transport_only", |b| {
        b.iter(|| {
            let response = rt
                .block_on(transport.send(black_box(rendered.clone())))
                .expect("sent");
            assert_eq!(response.status, 200);
            response
        })
    });
    group.bench_function("bare_reqwest_typed", |b| {
        b.iter(|| {
            let body = rt.block_on(bare_get());
            let chat: Chat = serde_json::from_slice(&body).expect("chat");
            chat
        })
    });
    group.bench_function("bare_reqwest_bytes", |b| b.iter(|| rt.block_on(bare_get())));

    let body = rt.block_on(bare_get());
    let canned = Client::new(Canned(HttpResponse::new(200, body.clone())), key.as_str());
    group.bench_function("sdk_client_no_network", |b| {
        b.iter(|| {
            rt.block_on(canned.chats().get(black_box(chat.clone())))
                .expect("chat")
        })
    });
    group.bench_function("decode_only_core", |b| {
        b.iter(|| {
            let chat: Chat = unipile_core::decode(black_box(&body)).expect("chat");
            chat
        })
    });
    group.bench_function("decode_only_serde_json", |b| {
        b.iter(|| {
            let chat: Chat = serde_json::from_slice(black_box(&body)).expect("chat");
            chat
        })
    });
    group.finish();
    rt.block_on(server.shutdown());
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = request_overhead
}
criterion_main!(benches);
