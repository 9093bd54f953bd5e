//! The transport contract suite: checks written once, run against every way of reaching
//! the fake (in process, or served over loopback HTTP through any [`Transport`]).
//!
//! Each check is an async function over a [`Target`]: a transport that reaches a
//! [`FakeUnipile`], and that fake, for seeding, assertions and fault scripting. The checks
//! send the SDK's own request values (`unipile_core::request`), so they cover what a user's
//! program sends. They panic with a message saying what broke, like `assert!`.
//!
//! ```
//! use std::sync::Arc;
//! use unipile_mock::{FakeUnipile, contract};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let fake = FakeUnipile::builder().seed(1).build();
//! let target = contract::Target::new(fake.clone(), Arc::new(fake));
//! contract::run_all(&target).await;
//! # });
//! ```
//!
//! Over HTTP: `serve` the fake, build the transport on `server.base_url()` with the fake's
//! API key, and pass both to [`Target::new`].

use std::collections::HashSet;
use std::sync::Arc;

use std::time::Duration;

use bytes::Bytes;
use unipile_core::client::retry::RecordingSleeper;
use unipile_core::client::{API_KEY_HEADER, SharedTransport};
use unipile_core::error::ApiErrorBody;
use unipile_core::model::webhook_registration::WebhookSource;
use unipile_core::request::{
    ApiRequest, CreateWebhook, DeleteWebhook, DownloadAttachment, FileUpload, ForwardMessage,
    FromResponse, GetAccount, GetAttendee, GetChat, GetMessage, LinkedinOptions, ListAccounts,
    ListAttendees, ListChatAttendees, ListChatMessages, ListChats, ListMessages, ListRequest,
    ListWebhooks, Paged, SendMessage, SetChatReadStatus, StartChat,
};
use unipile_core::transport::{
    HeaderValue, HttpRequest, HttpResponse, Method, Transport, TransportErrorKind,
};
use unipile_core::{AccountId, ChatId, Provider};
use unipile_core::{Client, ErrorKind};

use crate::fake::FakeUnipile;
use crate::fault::Fault;
use crate::seed::{AccountSeed, ChatSeed, MessageSeed};

pub mod operations;

/// What a contract check runs against: a transport that reaches `fake`.
#[derive(Clone, Debug)]
pub struct Target {
    fake: FakeUnipile,
    transport: Arc<dyn Transport>,
}

impl Target {
    /// `transport` must reach `fake` (in process: a clone of it; over HTTP: a transport on
    /// the base URL of [`serve`](crate::serve)).
    pub fn new(fake: FakeUnipile, transport: Arc<dyn Transport>) -> Self {
        Self { fake, transport }
    }

    /// The fake behind the transport.
    pub fn fake(&self) -> &FakeUnipile {
        &self.fake
    }

    /// The transport under test.
    pub fn transport(&self) -> &Arc<dyn Transport> {
        &self.transport
    }

    /// Sends a rendered request with the fake's API key; panics on a transport error.
    pub async fn send(&self, mut request: HttpRequest) -> HttpResponse {
        request
            .headers
            .insert(API_KEY_HEADER, HeaderValue::sensitive(self.fake.api_key()));
        let what = format!("{} {}", request.method, request.path);
        match self.transport.send(request).await {
            Ok(response) => response,
            Err(e) => panic!("{what}: transport error: {e}"),
        }
    }

    /// Sends an API call and decodes its successful answer; panics otherwise.
    pub async fn call<R: ApiRequest>(&self, request: &R) -> R::Response {
        let http = request.to_http().expect("a valid request");
        let what = format!("{} {}", http.method, http.path);
        let response = self.send(http).await;
        assert!(
            response.is_success(),
            "{what}: status {}: {}",
            response.status,
            String::from_utf8_lossy(&response.body)
        );
        R::Response::from_response(response).unwrap_or_else(|e| panic!("{what}: {e}"))
    }

    /// A [`Client`] over the transport with the fake's key, whose retry waits are recorded
    /// in `sleeper` instead of slept.
    pub fn client(&self, sleeper: Arc<RecordingSleeper>) -> Client {
        Client::builder(SharedTransport(self.transport.clone()), self.fake.api_key())
            .sleeper(sleeper)
            .build()
    }

    fn account(&self, provider: Provider) -> AccountId {
        self.fake
            .add_account(AccountSeed::new(provider, "Contract"))
    }

    fn chat(&self, seed: ChatSeed) -> ChatId {
        self.fake.add_chat(seed).expect("seeded chat")
    }
}

/// Runs every check.
pub async fn run_all(target: &Target) {
    every_endpoint(target).await;
    attachments_round_trip_byte_for_byte(target).await;
    errors_pass_through_untouched(target).await;
    statuses_and_headers_of_faults_pass_through(target).await;
    a_failed_send_is_stored_once(target).await;
    paging_walks_every_message_once(target).await;
    unicode_text_round_trips(target).await;
    ids_needing_percent_encoding_reach_their_chat(target).await;
    client_retries_reads_and_never_repeats_a_send(target).await;
    client_streams_every_message_once(target).await;
    operations::run_all(target).await;
    downloads_stream_through_the_client(target).await;
}

/// Through the [`Client`]: a read answered 429 with `Retry-After` is retried after that
/// wait and succeeds; a send answered 503 is not retried, and exactly one message is
/// stored; errors keep the API's type.
pub async fn client_retries_reads_and_never_repeats_a_send(t: &Target) {
    let sleeper = Arc::new(RecordingSleeper::new());
    let client = t.client(sleeper.clone());
    let account = t.account(Provider::Linkedin);
    let chat = t.chat(ChatSeed::direct(account, "Fay").history(3));
    t.fake.clear_faults();

    let route = "/chats/{chat_id}/messages";
    let reads = t.fake.request_count(Method::Get, route);
    t.fake
        .inject(Fault::too_many_requests(Some(Duration::from_secs(2))).on(Method::Get, route));
    let page = client
        .chats()
        .messages(&ListChatMessages::new(chat.clone()))
        .await
        .expect("the retried read succeeds");
    assert_eq!(page.items.len(), 3);
    assert_eq!(t.fake.request_count(Method::Get, route), reads + 2);
    assert_eq!(
        sleeper.waits(),
        vec![Duration::from_secs(2)],
        "Retry-After honoured"
    );

    let sends = t.fake.request_count(Method::Post, route);
    t.fake
        .inject(Fault::status(503).on(Method::Post, route).after_handling());
    let error = client
        .messages()
        .send(SendMessage::new(chat.clone()).text("exactly once"))
        .await
        .expect_err("a 503 reaches the caller");
    assert!(
        matches!(error.kind(), ErrorKind::Api { status: 503, .. }),
        "{error}"
    );
    assert_eq!(
        t.fake.request_count(Method::Post, route),
        sends + 1,
        "not retried"
    );
    let texts: Vec<_> = t
        .fake
        .chat_message_ids(&chat)
        .iter()
        .filter_map(|id| t.fake.message(id))
        .filter(|m| m.text.as_deref() == Some("exactly once"))
        .collect();
    assert_eq!(texts.len(), 1, "stored once");

    let error = client.chats().get("no-such-chat").await.expect_err("404");
    assert_eq!(
        error.api_body().map(|b| b.error_type.as_str()),
        Some("errors/resource_not_found")
    );
}

/// Through the [`Client`]'s stream: 1,000 messages in pages of 37, each once.
pub async fn client_streams_every_message_once(t: &Target) {
    let client = t.client(Arc::new(RecordingSleeper::new()));
    let account = t.account(Provider::Whatsapp);
    let chat = t.chat(ChatSeed::direct(account, "Gus").history(1_000));
    let mut stream = client
        .chats()
        .stream_messages(ListChatMessages::new(chat.clone()).limit(37));
    let mut ids = Vec::new();
    while let Some(message) = stream.next_item().await {
        ids.push(message.expect("a message").id);
    }
    assert_eq!(ids.len(), 1_000);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 1_000);
    assert_eq!(ids, t.fake.chat_message_ids(&chat));
}

/// Every endpoint answers its request with the documented object.
pub async fn every_endpoint(t: &Target) {
    let account = t.account(Provider::Linkedin);
    let chat = t.chat(ChatSeed::direct(account.clone(), "Ana").history(5));

    let accounts = t.call(&ListAccounts::new()).await;
    assert!(accounts.items.iter().any(|a| a.id == account));
    assert_eq!(t.call(&GetAccount::new(account.clone())).await.id, account);

    let chats = t.call(&ListChats::new().account_id(account.clone())).await;
    assert_eq!(chats.items.len(), 1);
    assert_eq!(t.call(&GetChat::new(chat.clone())).await.id, chat);
    let history = t.call(&ListChatMessages::new(chat.clone())).await;
    assert_eq!(history.items.len(), 5);
    let attendees = t.call(&ListChatAttendees::new(chat.clone())).await;
    assert_eq!(attendees.items.len(), 2, "the account and Ana");
    let other = attendees.items.iter().find(|a| !a.is_self).expect("Ana");
    assert_eq!(
        t.call(&GetAttendee::new(other.id.clone())).await.name,
        "Ana"
    );
    let all = t
        .call(&ListAttendees::new().account_id(account.clone()))
        .await;
    assert!(all.items.iter().any(|a| a.id == other.id));

    let sent = t.call(&SendMessage::new(chat.clone()).text("hello")).await;
    let sent_id = sent.message_id.expect("message id");
    assert_eq!(
        t.call(&GetMessage::new(sent_id.clone()))
            .await
            .text
            .as_deref(),
        Some("hello")
    );
    let mine = t
        .call(&ListMessages::new().account_id(account.clone()))
        .await;
    assert_eq!(mine.items[0].id, sent_id, "newest first");

    let inmail = StartChat::new(account.clone(), "ACoAAContract1")
        .text("An InMail")
        .linkedin(LinkedinOptions::classic().inmail(true));
    let started = t.call(&inmail).await;
    let started_chat = started.chat_id.expect("chat id");
    let record = t.fake.started_chats().pop().expect("recorded");
    assert_eq!(record.chat_id, started_chat);
    assert!(record.is_inmail(), "linkedin[inmail] reached the fake");
    assert_eq!(record.linkedin_option("api"), Some("classic"));

    t.call(&SetChatReadStatus::new(chat.clone(), true)).await;
    assert_eq!(t.call(&GetChat::new(chat.clone())).await.unread_count, 0);
    let forwarded = t.call(&ForwardMessage::new(sent_id, started_chat)).await;
    assert!(forwarded.message_id.is_some());

    let hook = CreateWebhook::new("https://example.invalid/hook", WebhookSource::Messaging)
        .name("contract")
        .header("Unipile-Auth", "secret");
    let created = t.call(&hook).await;
    let hooks = t.call(&ListWebhooks::new()).await;
    assert!(hooks.items.iter().any(|w| w.id == created.webhook_id));
    t.call(&DeleteWebhook::new(created.webhook_id.clone()))
        .await;
    assert!(!t.fake.webhook_ids().contains(&created.webhook_id));
}

/// Files go up as multipart and come back byte for byte, with their content type.
pub async fn attachments_round_trip_byte_for_byte(t: &Target) {
    let account = t.account(Provider::Whatsapp);
    let chat = t.chat(ChatSeed::direct(account, "Bo"));
    // Every byte value, CRLFs and something that looks like a multipart boundary.
    let mut data: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    data.extend_from_slice(b"\r\n--unipile-boundary-0075\r\n\r\n--\r\n");
    let files = [
        FileUpload::new("all bytes.bin", "application/octet-stream", data.clone()),
        FileUpload::new(
            "naïve \"quoted\".txt",
            "text/plain; charset=utf-8",
            "Ünïcødé ✓",
        ),
    ];
    let sent = t
        .call(&SendMessage::new(chat).attachments(files.clone()))
        .await;
    let id = sent.message_id.expect("message id");
    let message = t.call(&GetMessage::new(id.clone())).await;
    assert_eq!(message.attachments.len(), 2);
    for (attachment, file) in message.attachments.iter().zip(&files) {
        let download = t
            .call(&DownloadAttachment::new(
                id.clone(),
                attachment.id().clone(),
            ))
            .await;
        assert_eq!(
            download.data, file.data,
            "{} came back changed",
            file.filename
        );
        assert_eq!(
            download.content_type.as_deref(),
            Some(file.content_type.as_str())
        );
    }
    let stored = t.fake.message(&id).expect("stored");
    assert_eq!(stored.attachments.len(), 2);
}

/// `client.messages().download(…)` streams an attachment in chunks with the API key and
/// `accept: */*`, gives its content type and file name, is retried until the first byte
/// (never after), and maps errors.
pub async fn downloads_stream_through_the_client(t: &Target) {
    let sleeper = Arc::new(RecordingSleeper::new());
    let client = t.client(sleeper.clone());
    let account = t.account(Provider::Whatsapp);
    let chat = t.chat(ChatSeed::direct(account, "Di"));
    let data: Bytes = (0..=250u8)
        .cycle()
        .take(1 << 20)
        .collect::<Vec<u8>>()
        .into();
    let message = t
        .fake
        .add_message(
            &chat,
            MessageSeed::text("the report").attachment(
                "naïve report.pdf",
                "application/pdf",
                data.clone(),
            ),
        )
        .expect("seeded message");
    let attachment = t.fake.message(&message).expect("stored").attachments[0]
        .id()
        .clone();
    t.fake.clear_faults();
    let route = "/messages/{message_id}/attachments/{attachment_id}";

    let mut download = client
        .messages()
        .download(message.clone(), attachment.clone())
        .await
        .unwrap_or_else(|e| panic!("download: {e}"));
    assert_eq!(download.content_type(), Some("application/pdf"));
    assert_eq!(download.file_name(), Some("naïve report.pdf"));
    assert!(
        download
            .content_length()
            .is_none_or(|n| n == data.len() as u64),
        "announced {:?} bytes",
        download.content_length()
    );
    let (mut offset, mut chunks) = (0, 0);
    while let Some(chunk) = download.next_chunk().await {
        let chunk = chunk.unwrap_or_else(|e| panic!("chunk {chunks}: {e}"));
        assert_eq!(
            chunk,
            data.slice(offset..offset + chunk.len()),
            "at byte {offset}"
        );
        offset += chunk.len();
        chunks += 1;
    }
    // How many chunks is the transport's business: one that buffers (the trait's
    // default) is as correct as one that streams.
    assert_eq!(
        offset,
        data.len(),
        "the whole file arrived in {chunks} chunks"
    );
    let sent = t.fake.requests().pop().expect("recorded").request;
    assert_eq!(sent.headers.get("accept"), Some("*/*"));

    // Retried before the first byte…
    t.fake.inject(Fault::status(503).on(Method::Get, route));
    let before = t.fake.request_count(Method::Get, route);
    let again = client
        .messages()
        .attachment(message.clone(), attachment.clone())
        .await
        .unwrap_or_else(|e| panic!("download after a 503: {e}"));
    assert_eq!(again.data, data);
    assert_eq!(t.fake.request_count(Method::Get, route), before + 2);
    assert_eq!(sleeper.waits().len(), 1, "one wait before the retry");

    // …never after. A transport that buffers sees the cut before handing out any byte,
    // so the client may retry then; one that streams hands out the first half, and the
    // cut is the stream's error, the request sent once.
    t.fake
        .inject(Fault::truncated_body().on(Method::Get, route));
    let before = t.fake.request_count(Method::Get, route);
    let download = client
        .messages()
        .download(message.clone(), attachment.clone())
        .await
        .unwrap_or_else(|e| panic!("download with a truncated body: {e}"));
    let attempts = download.attempts();
    let sent = t.fake.request_count(Method::Get, route) - before;
    assert_eq!(sent, attempts as usize, "attempts counted as sent");
    match download.collect().await {
        Err(error) => {
            assert!(
                matches!(error.kind(), ErrorKind::Transport(e) if e.kind() == TransportErrorKind::Io),
                "{error}"
            );
            assert_eq!(
                attempts, 1,
                "a body cut after its first byte is not sent again"
            );
        }
        Ok(whole) => {
            assert_eq!(attempts, 2, "a cut body came back whole without a retry");
            assert_eq!(whole.data, data);
        }
    }
    assert_eq!(
        t.fake.request_count(Method::Get, route) - before,
        attempts as usize
    );

    let missing = client
        .messages()
        .download(message, "no-such-attachment")
        .await
        .expect_err("a missing attachment");
    assert!(missing.is_not_found(), "{missing}");
}

/// Error answers reach the caller as the API sent them: status, type, title.
pub async fn errors_pass_through_untouched(t: &Target) {
    let response = t
        .send(GetChat::new("no-such-chat").to_http().expect("valid"))
        .await;
    assert_eq!(response.status, 404);
    let body = ApiErrorBody::parse(404, &response.body).expect("an API error body");
    assert_eq!(body.error_type.as_str(), "errors/resource_not_found");
    assert_eq!(body.title, "Resource not found.");
    assert!(
        body.detail
            .as_deref()
            .unwrap_or("")
            .contains("no-such-chat")
    );

    let mut wrong_key = ListAccounts::new().to_http().expect("valid");
    wrong_key
        .headers
        .insert(API_KEY_HEADER, HeaderValue::sensitive("not-the-key"));
    let response = t.transport.send(wrong_key).await.expect("answered");
    assert_eq!(response.status, 401);
    let body = ApiErrorBody::parse(401, &response.body).expect("an API error body");
    assert_eq!(body.error_type.as_str(), "errors/invalid_credentials");

    let bad_limit =
        HttpRequest::new(Method::Get, "/messages", "/messages").with_query("limit", "0");
    let response = t.send(bad_limit).await;
    assert_eq!(response.status, 400);
    let body = ApiErrorBody::parse(400, &response.body).expect("an API error body");
    assert_eq!(body.error_type.as_str(), "errors/invalid_parameters");
}

/// A scripted 429 and 503 reach the caller with their status, body and `Retry-After`.
pub async fn statuses_and_headers_of_faults_pass_through(t: &Target) {
    t.fake.clear_faults();
    t.fake
        .inject(Fault::too_many_requests(None).retry_after("7"));
    let response = t.send(ListAccounts::new().to_http().expect("valid")).await;
    assert_eq!(response.status, 429);
    assert_eq!(response.headers.get("retry-after"), Some("7"));
    let body = ApiErrorBody::parse(429, &response.body).expect("body");
    assert!(body.is_rate_limit());
    t.fake.inject(Fault::status(503));
    let response = t.send(ListAccounts::new().to_http().expect("valid")).await;
    assert_eq!(response.status, 503);
    assert_eq!(
        t.send(ListAccounts::new().to_http().expect("valid"))
            .await
            .status,
        200
    );
}

/// A send answered 503 after the fake stored it leaves exactly one message, and the
/// fake saw exactly one request: nothing below the client repeats a send.
pub async fn a_failed_send_is_stored_once(t: &Target) {
    let account = t.account(Provider::Telegram);
    let chat = t.chat(ChatSeed::direct(account, "Cy"));
    let route = "/chats/{chat_id}/messages";
    let before = t.fake.request_count(Method::Post, route);
    t.fake
        .inject(Fault::status(503).on(Method::Post, route).after_handling());
    let request = SendMessage::new(chat.clone())
        .text("once")
        .to_http()
        .expect("valid");
    assert_eq!(t.send(request).await.status, 503);
    assert_eq!(t.fake.chat_message_ids(&chat).len(), 1);
    assert_eq!(t.fake.request_count(Method::Post, route), before + 1);
}

/// Following cursors walks 1,000 messages in pages of 37, each once, newest first.
pub async fn paging_walks_every_message_once(t: &Target) {
    let account = t.account(Provider::Instagram);
    let chat = t.chat(ChatSeed::direct(account, "Di").history(1_000));
    let first = ListChatMessages::new(chat.clone()).limit(37);
    let mut page = t.call(&first).await;
    let mut ids = Vec::new();
    let mut pages = 1;
    loop {
        ids.extend(page.items.iter().map(|m| m.id.clone()));
        let Some(cursor) = page.cursor.clone() else {
            break;
        };
        let next = first.next_page(&cursor).expect("next page");
        assert_eq!(next.query_value("cursor"), Some(cursor.as_str()));
        let response = t.send(next).await;
        assert!(response.is_success(), "page {pages}: {}", response.status);
        page = unipile_core::decode(&response.body).expect("a page");
        pages += 1;
        assert!(pages <= 28, "more pages than 1,000 / 37 needs");
    }
    assert_eq!(pages, 28);
    assert_eq!(ids.len(), 1_000);
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 1_000, "a message came twice");
    assert_eq!(ids, t.fake.chat_message_ids(&chat));
}

/// Text in any script, with emoji and combining marks, comes back unchanged.
pub async fn unicode_text_round_trips(t: &Target) {
    let account = t.account(Provider::Messenger);
    let chat = t.chat(ChatSeed::direct(account, "Émile"));
    let text = "Hé 👋🏽 家族 👨‍👩‍👧 مرحبا e\u{301} \"q\" \\ \r\n\ttab 𝄞";
    let sent = t.call(&SendMessage::new(chat).text(text)).await;
    let got = t.call(&GetMessage::new(sent.message_id.expect("id"))).await;
    assert_eq!(got.text.as_deref(), Some(text));
}

/// Ids holding `/`, `?`, `#`, `%` and spaces stay one path segment end to end.
pub async fn ids_needing_percent_encoding_reach_their_chat(t: &Target) {
    let account = t.account(Provider::Twitter);
    let id = "chat/with?odd#chars %20 and spaces";
    let chat = t.chat(ChatSeed::direct(account, "Eve").id(id).history(2));
    assert_eq!(chat.as_str(), id);
    assert_eq!(t.call(&GetChat::new(chat.clone())).await.id, chat);
    t.call(&SendMessage::new(chat.clone()).text("routed")).await;
    let history = t.call(&ListChatMessages::new(chat.clone())).await;
    assert_eq!(history.items.len(), 3);
    assert_eq!(history.items[0].text.as_deref(), Some("routed"));
}
