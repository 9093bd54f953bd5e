//! The fake answers as Unipile's published types say: a `FakeUnipile` with demo data (and an
//! account of every provider it can hold) is asked, in process, for each response the
//! committed published schemas of `tests/fixtures/published/` cover, and each answer is
//! validated against its schema. A disagreement is drift, reported with the JSON path.

use crate::json_schema::Validator;
use crate::workspace::read_text;
use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;
use std::path::Path;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use unipile_core::Provider;
use unipile_core::transport::{Body, HeaderValue, HttpRequest, Method, Multipart, Transport};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile};

/// Where the published schemas are, from the workspace root.
pub const DIR: &str = "tests/fixtures/published";

/// What fixes a disagreement.
const FIX: &str = "make unipile-mock render it as the published type says \
                   (crates/unipile-mock/src/wire.rs), or, if the pinned SDK changed, \
                   re-export the schemas (tests/fixtures/published/README.md)";

/// One request to the fake and the published schema its answer must match.
struct Call {
    schema: &'static str,
    request: HttpRequest,
}

impl Call {
    fn get(schema: &'static str, route: &'static str, path: String) -> Self {
        Call {
            schema,
            request: HttpRequest::new(Method::Get, route, path),
        }
    }
}

/// Problems: answers of the fake that do not match their committed published schema.
pub fn check(root: &Path) -> Vec<String> {
    let fake = FakeUnipile::builder().seed(7).demo_data().build();
    // The demo has no Slack account: every messaging provider has its account variant.
    let slack = fake.add_account(AccountSeed::new(Provider::Slack, "Kim Slack"));
    let _ = fake.add_chat(ChatSeed::direct(slack, "Bastien").history(3));
    let mut problems = Vec::new();
    // One disagreement usually shows in every item of every answer of a type: each is
    // reported once, with its first occurrence and how often it recurred.
    let mut drift: Vec<Drift> = Vec::new();
    let mut schemas: BTreeMap<&str, Result<Value, String>> = BTreeMap::new();
    let mut answer = |call: Call| -> Option<Value> {
        let what = format!(
            "{} {}",
            call.request.method.as_str(),
            call.request.path_and_query()
        );
        let body = match send(&fake, call.request) {
            Ok(body) => body,
            Err(e) => {
                problems.push(format!("unipile-mock: {what}: {e}"));
                return None;
            }
        };
        let schema_path = format!("{DIR}/{}", call.schema);
        let schema = schemas.entry(call.schema).or_insert_with(|| {
            read_text(&root.join(&schema_path))
                .map_err(|e| e.to_string())
                .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
        });
        match schema {
            Ok(schema) => {
                for error in Validator::published(schema).errors(&body) {
                    let key = format!("{schema_path} {}", any_index(&error));
                    match drift.iter_mut().find(|d| d.key == key) {
                        Some(seen) => seen.more += 1,
                        None => drift.push(Drift {
                            key,
                            first: format!(
                                "unipile-mock's answer to {what} does not match {schema_path} \
                                 at {error}"
                            ),
                            more: 0,
                        }),
                    }
                }
            }
            Err(e) => problems.push(format!("{schema_path}: cannot read it ({e})")),
        }
        Some(body)
    };

    let first_id = |list: &Option<Value>| -> Option<String> {
        list.as_ref()?["items"][0]["id"].as_str().map(str::to_owned)
    };
    let ids = |list: &Option<Value>| -> Vec<String> {
        list.as_ref()
            .and_then(|l| l["items"].as_array())
            .into_iter()
            .flatten()
            .filter_map(|item| item["id"].as_str().map(str::to_owned))
            .collect()
    };

    let accounts = answer(Call::get(
        "account-list.json",
        "/accounts",
        "/accounts".into(),
    ));
    for id in ids(&accounts) {
        answer(Call::get(
            "account.json",
            "/accounts/{account_id}",
            format!("/accounts/{id}"),
        ));
    }
    // A short page has a cursor; the whole list has every chat.
    answer(Call::get("chat-list.json", "/chats", "/chats".into()).with_query("limit", "3"));
    let chats =
        answer(Call::get("chat-list.json", "/chats", "/chats".into()).with_query("limit", "250"));
    for id in ids(&chats) {
        answer(Call::get(
            "chat.json",
            "/chats/{chat_id}",
            format!("/chats/{id}"),
        ));
        answer(Call::get(
            "chat-attendee-by-chat-list.json",
            "/chats/{chat_id}/attendees",
            format!("/chats/{id}/attendees"),
        ));
    }
    let chat = first_id(&chats).unwrap_or_default();
    answer(
        Call::get(
            "message-list.json",
            "/chats/{chat_id}/messages",
            format!("/chats/{chat}/messages"),
        )
        .with_query("limit", "5"),
    );
    let messages = answer(
        Call::get("message-list.json", "/messages", "/messages".into()).with_query("limit", "250"),
    );
    for id in ids(&messages).iter().take(50) {
        answer(Call::get(
            "message.json",
            "/messages/{message_id}",
            format!("/messages/{id}"),
        ));
    }
    let attendees = answer(
        Call::get(
            "chat-attendee-list.json",
            "/chat_attendees",
            "/chat_attendees".into(),
        )
        .with_query("limit", "250"),
    );
    for id in ids(&attendees).iter().take(20) {
        answer(Call::get(
            "chat-attendee.json",
            "/chat_attendees/{attendee_id}",
            format!("/chat_attendees/{id}"),
        ));
        answer(Call::get(
            "message-list.json",
            "/chat_attendees/{attendee_id}/messages",
            format!("/chat_attendees/{id}/messages"),
        ));
        answer(Call::get(
            "chat-list.json",
            "/chat_attendees/{attendee_id}/chats",
            format!("/chat_attendees/{id}/chats"),
        ));
    }

    let mut form = Multipart::new();
    form.push_text("text", "Hello");
    answer(Call {
        schema: "message-sent.json",
        request: HttpRequest::new(
            Method::Post,
            "/chats/{chat_id}/messages",
            format!("/chats/{chat}/messages"),
        )
        .with_body(Body::Multipart(form)),
    });
    let account = first_id(&accounts).unwrap_or_default();
    let mut form = Multipart::new();
    form.push_text("account_id", account);
    form.push_text("attendees_ids", "someone-new");
    form.push_text("text", "Hello");
    answer(Call {
        schema: "chat-started.json",
        request: HttpRequest::new(Method::Post, "/chats", "/chats")
            .with_body(Body::Multipart(form)),
    });
    answer(Call {
        schema: "chat-patched.json",
        request: HttpRequest::new(Method::Patch, "/chats/{chat_id}", format!("/chats/{chat}"))
            .with_body(json_body(
                &serde_json::json!({"action": "setReadStatus", "value": true}),
            )),
    });
    let created = answer(Call {
        schema: "webhook-created.json",
        request: HttpRequest::new(Method::Post, "/webhooks", "/webhooks").with_body(json_body(
            &serde_json::json!({
                "request_url": "https://example.invalid/hook",
                "source": "messaging",
                "name": "drift check",
                "headers": [{"key": "Content-Type", "value": "application/json"}],
            }),
        )),
    });
    answer(Call::get(
        "webhook-list.json",
        "/webhooks",
        "/webhooks".into(),
    ));
    if let Some(id) = created.as_ref().and_then(|c| c["webhook_id"].as_str()) {
        answer(Call {
            schema: "webhook-deleted.json",
            request: HttpRequest::new(
                Method::Delete,
                "/webhooks/{webhook_id}",
                format!("/webhooks/{id}"),
            ),
        });
    }
    problems.extend(drift.into_iter().map(|d| match d.more {
        0 => format!("{}: {FIX}", d.first),
        n => format!("{} (and {n} more like it): {FIX}", d.first),
    }));
    problems
}

/// One disagreement between the fake's answers and a published schema.
struct Drift {
    /// The schema file and the error with its list indexes folded.
    key: String,
    /// The first occurrence: the request and the error at its JSON path.
    first: String,
    /// How many more occurrences there were.
    more: usize,
}

/// `error` with every list index (`[3]`) written `[*]`.
fn any_index(error: &str) -> String {
    let mut out = String::with_capacity(error.len());
    let mut rest = error;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && rest[digits..].starts_with(']') {
            out.push('*');
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

impl Call {
    fn with_query(mut self, key: &str, value: &str) -> Self {
        self.request = self.request.with_query(key, value);
        self
    }
}

fn json_body(value: &Value) -> Body {
    // A `Value` always serializes.
    Body::json(value).unwrap_or_default()
}

/// The fake's JSON answer to `request`, which must be a success. The in-process fake
/// answers at once (no fault is scripted), so one poll gives the answer.
fn send(fake: &FakeUnipile, mut request: HttpRequest) -> Result<Value, String> {
    request
        .headers
        .insert("X-API-KEY", HeaderValue::sensitive(fake.api_key()));
    let mut future = pin!(fake.send(request));
    let response = match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(Ok(response)) => response,
        Poll::Ready(Err(e)) => return Err(format!("no answer: {e}")),
        Poll::Pending => return Err("the in-process fake did not answer at once".to_owned()),
    };
    let body: Value = serde_json::from_slice(&response.body)
        .map_err(|e| format!("the answer is not JSON: {e}"))?;
    if response.status >= 300 {
        return Err(format!("answered {}: {body}", response.status));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every published response type the fake serves matches its committed schema.
    #[test]
    fn the_fakes_answers_match_the_published_schemas() {
        let problems = check(&crate::workspace::root());
        assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    }

    #[test]
    fn list_indexes_fold() {
        assert_eq!(
            any_index("$.items[12].attachments[0].size: x[a] [3"),
            "$.items[*].attachments[*].size: x[a] [3"
        );
    }

    /// The check can fail: an answer with a flag as a boolean, or a cursor in URL-safe
    /// base64 without padding, is reported with its JSON path.
    #[test]
    fn a_render_the_published_schema_refuses_is_reported_with_its_path() {
        let root = crate::workspace::root();
        let read = |file: &str| -> Value {
            let text = read_text(&root.join(format!("{DIR}/{file}"))).expect("schema");
            serde_json::from_str(&text).expect("JSON")
        };
        let schema = read("message-list.json");
        let instances = read("instances/message-list.json");
        let mut page = instances[0].clone();
        assert!(Validator::published(&schema).errors(&page).is_empty());
        page["cursor"] = Value::from("eyJsIjoi-SJ9fQ");
        if let Some(first) = page["items"].get_mut(0) {
            first["seen"] = Value::from(false);
        } else {
            page["items"] = serde_json::json!([{"seen": false}]);
        }
        let errors = Validator::published(&schema).errors(&page);
        assert!(
            errors.iter().any(|e| e.starts_with("$.cursor")),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|e| e.starts_with("$.items[0]")),
            "{errors:?}"
        );
    }
}
