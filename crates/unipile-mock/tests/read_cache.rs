//! The read cache: a fake that keeps its rendered list pages answers the same bytes as one
//! that renders every time, before and after its state changes.

mod support;

use support::*;
use unipile_core::transport::{HttpResponse, Method, Multipart};
use unipile_core::{ChatId, Provider};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile};

fn group(cache: bool) -> (FakeUnipile, ChatId) {
    let builder = FakeUnipile::builder().seed(15);
    let builder = if cache {
        builder.read_cache(64 << 20)
    } else {
        builder
    };
    let fake = builder.build();
    let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Kim"));
    let chat = fake
        .add_chat(ChatSeed::group(account, "Team", ["Ana", "Bo", "Cy"]).history(600))
        .expect("chat");
    (fake, chat)
}

/// Every page of `GET /messages?limit=250`, the cursor sent first or last.
async fn walk(fake: &FakeUnipile, cursor_first: bool) -> Vec<HttpResponse> {
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut r = request(fake, Method::Get, "/messages");
        match (&cursor, cursor_first) {
            (Some(c), true) => r = r.with_query("cursor", c).with_query("limit", "250"),
            (Some(c), false) => r = r.with_query("limit", "250").with_query("cursor", c),
            (None, _) => r = r.with_query("limit", "250"),
        }
        let page = send(fake, r).await;
        assert_eq!(page.status, 200);
        cursor = body_json(&page)["cursor"].as_str().map(str::to_owned);
        pages.push(page);
        if cursor.is_none() {
            return pages;
        }
    }
}

async fn send_text(fake: &FakeUnipile, chat: &ChatId, text: &str) {
    let mut form = Multipart::new();
    form.push_text("text", text);
    let (status, _) = post_form(fake, &path(&["chats", chat.as_str(), "messages"]), form).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn cached_pages_are_the_pages_the_fake_renders_until_its_state_changes() {
    let (plain, plain_chat) = group(false);
    let (cached, cached_chat) = group(true);

    let rendered = walk(&plain, false).await;
    assert_eq!(rendered.len(), 3);
    for cursor_first in [false, true, false] {
        assert_eq!(walk(&cached, cursor_first).await, rendered);
    }

    // A new message (sent at the clock's time, so the two fakes' pages differ in it): the
    // first page now starts with it, and is no longer the page kept before.
    send_text(&plain, &plain_chat, "one more").await;
    send_text(&cached, &cached_chat, "one more").await;
    for fake in [&plain, &cached] {
        let after = walk(fake, false).await;
        assert_ne!(after[0], rendered[0]);
        assert_eq!(body_json(&after[0])["items"][0]["text"], "one more");
        assert_eq!(walk(fake, true).await, after);
    }
}

#[tokio::test]
async fn errors_are_not_kept() {
    let (cached, _) = group(true);
    let r = request(&cached, Method::Get, "/messages").with_query("limit", "0");
    assert_eq!(send(&cached, r).await.status, 400);
    let r = request(&cached, Method::Get, "/messages").with_query("limit", "250");
    assert_eq!(send(&cached, r).await.status, 200);
}
