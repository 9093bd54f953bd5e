//! The escape hatch against the fake: extra parameters on typed requests, and raw calls
//! through the client's authentication, retries and error mapping.

use std::sync::Arc;

use serde_json::json;
use unipile_core::client::retry::RecordingSleeper;
use unipile_core::client::{Client, SharedTransport};
use unipile_core::request::{
    ApiRequest, ExtraParams, GetChat, ListChatMessages, ListChats, Paged, SendMessage, StartChat,
};
use unipile_core::transport::{Body, Method};
use unipile_core::{ChatId, Provider};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile, Fault};

fn setup() -> (FakeUnipile, Client, Arc<RecordingSleeper>, ChatId) {
    let fake = FakeUnipile::builder().seed(14).build();
    let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Ana"));
    let chat = fake
        .add_chat(ChatSeed::direct(account, "Ben").history(3))
        .expect("chat");
    let sleeper = Arc::new(RecordingSleeper::new());
    let client = Client::builder(SharedTransport(Arc::new(fake.clone())), fake.api_key())
        .sleeper(sleeper.clone())
        .build();
    (fake, client, sleeper, chat)
}

fn last_request(fake: &FakeUnipile) -> unipile_core::transport::HttpRequest {
    fake.requests().pop().expect("a request").request
}

#[tokio::test]
async fn extra_params_reach_the_fake_where_the_requests_own_go() {
    let (fake, client, _, chat) = setup();

    let page = client
        .call(&ListChats::new().extra_param("unread", "true"))
        .await
        .expect("listed");
    assert!(!page.items.is_empty());
    assert_eq!(last_request(&fake).query_value("unread"), Some("true"));

    client
        .call(
            &SendMessage::new(chat.clone())
                .text("hello")
                .extra_param("new_option", "1"),
        )
        .await
        .expect("sent");
    let Body::Multipart(form) = last_request(&fake).body else {
        panic!("a send is multipart");
    };
    let extra = form.parts().iter().find(|p| p.name == "new_option");
    assert_eq!(extra.map(|p| &p.data[..]), Some(&b"1"[..]));

    let patched = client
        .call(
            &unipile_core::request::SetChatReadStatus::new(chat.clone(), true)
                .extra_param("note", "x"),
        )
        .await
        .expect("patched");
    let _ = patched;
    let Body::Json(json) = last_request(&fake).body else {
        panic!("a patch is JSON");
    };
    let value: serde_json::Value = serde_json::from_slice(&json).expect("json");
    assert_eq!(value["note"], "x");
    assert_eq!(value["action"], "setReadStatus");

    // A stream carries the extras on its first page only: a cursor stands for them.
    fake.clear_requests();
    let history = client
        .stream(ListChatMessages::new(chat).limit(2).extra_param("x", "y"))
        .try_collect()
        .await
        .expect("history");
    assert_eq!(history.len(), 4, "three seeded, one sent");
    let pages: Vec<_> = fake.requests().into_iter().map(|r| r.request).collect();
    assert!(pages.len() >= 2, "{pages:?}");
    assert_eq!(pages[0].query_value("x"), Some("y"));
    for later in &pages[1..] {
        assert_eq!(later.query_value("x"), None);
        assert!(later.query_value("cursor").is_some());
    }
}

#[test]
fn an_extra_param_that_collides_with_a_modelled_one_is_refused_by_name() {
    let cases: Vec<(Result<_, _>, &str)> = vec![
        (
            GetChat::new("c").extra_param("chat_id", "d").to_http(),
            "chat_id",
        ),
        (
            ListChats::new()
                .account_id("a")
                .extra_param("account_id", "b")
                .to_http(),
            "account_id",
        ),
        (
            ListChats::new().extra_param("cursor", "abc").to_http(),
            "cursor",
        ),
        (
            SendMessage::new("c")
                .text("t")
                .extra_param("text", "u")
                .to_http(),
            "text",
        ),
        (
            StartChat::new("acc", "att")
                .text("t")
                .extra_param("attendees_ids", "x")
                .to_http(),
            "attendees_ids",
        ),
        (
            ListChats::new().extra_param("", "x").to_http(),
            "extra_param",
        ),
    ];
    for (result, parameter) in cases {
        let error = result.expect_err(parameter);
        assert_eq!(error.parameter(), parameter, "{error}");
    }
}

#[tokio::test]
async fn raw_calls_go_through_auth_retries_and_error_mapping() {
    let (fake, client, sleeper, chat) = setup();

    let accounts = client
        .raw(Method::Get, "/accounts")
        .query("limit", "10")
        .send()
        .await
        .expect("listed");
    assert_eq!(accounts["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(last_request(&fake).query_value("limit"), Some("10"));

    // A read is retried…
    fake.inject(Fault::status(503).on(Method::Get, "/chats/{chat_id}"));
    let got = client
        .raw(Method::Get, format!("/chats/{}", chat.as_str()))
        .send()
        .await
        .expect("retried");
    assert_eq!(got["id"], chat.as_str());
    assert_eq!(sleeper.waits().len(), 1);

    // …a send is not.
    fake.inject(Fault::status(503).on(Method::Patch, "/chats/{chat_id}"));
    let error = client
        .raw(Method::Patch, format!("/chats/{}", chat.as_str()))
        .json(json!({"action": "setReadStatus", "value": true}))
        .send()
        .await
        .expect_err("a 503 on a send");
    assert_eq!(error.status(), Some(503));
    assert_eq!(fake.request_count(Method::Patch, "/chats/{chat_id}"), 1);
    assert!(error.to_string().starts_with("PATCH {raw}"), "{error}");
    let patched = client
        .raw(Method::Patch, format!("/chats/{}", chat.as_str()))
        .json(json!({"action": "setReadStatus", "value": true}))
        .send()
        .await
        .expect("patched");
    assert_eq!(patched["object"], "ChatPatched");

    // Errors are mapped; a bad path never leaves.
    let missing = client
        .raw(Method::Get, "/chats/no-such-chat")
        .send()
        .await
        .expect_err("404");
    assert!(missing.is_not_found(), "{missing}");
    let before = fake.total_requests();
    let refused = client.raw(Method::Get, "/chats/../accounts").send().await;
    assert!(refused.is_err());
    assert_eq!(fake.total_requests(), before, "nothing was sent");

    // The key is the client's.
    let wrong = Client::new(SharedTransport(Arc::new(fake.clone())), "wrong");
    let error = wrong
        .raw(Method::Get, "/accounts")
        .send()
        .await
        .expect_err("401");
    assert!(error.needs_credentials_check(), "{error}");
}
