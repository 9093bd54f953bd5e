//! The committed JSON Schemas describe what the SDK writes: every typed fixture, decoded by
//! its type and serialized back, validates against the schema of that type in
//! `docs/reference/schema/`, and every member it has is described there.

use crate::checks::fixtures::DIR as FIXTURES;
use crate::generated::FIX;
use crate::json_schema::Validator;
use crate::reference::schema::DIR as SCHEMA_DIR;
use crate::workspace::read_text;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use unipile_core::{
    Account, Chat, ChatAttendee, ChatStarted, Message, MessageSent, Page, Webhook, decode, webhook,
};

/// Decodes a fixture and serializes it back.
type Rewrite = fn(&[u8]) -> Result<Value, String>;

fn rewrite<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> Result<Value, String> {
    let value: T = decode(bytes).map_err(|e| e.to_string())?;
    write_back(&value)
}

fn rewrite_webhook(bytes: &[u8]) -> Result<Value, String> {
    write_back(&webhook::parse(bytes).map_err(|e| e.to_string())?)
}

fn write_back(value: &impl Serialize) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| format!("cannot serialize it back: {e}"))
}

/// Each fixture (under `tests/fixtures/`), the schema file of its type, and how to read
/// it and write it back.
pub const CASES: &[(&str, &str, Rewrite)] = &[
    (
        "account_list.json",
        "account-page.json",
        rewrite::<Page<Account>>,
    ),
    (
        "chat_attendee_list.json",
        "chat-attendee-page.json",
        rewrite::<Page<ChatAttendee>>,
    ),
    ("chat_list.json", "chat-page.json", rewrite::<Page<Chat>>),
    (
        "chat_started.json",
        "chat-started.json",
        rewrite::<ChatStarted>,
    ),
    (
        "chat_started_legacy.json",
        "chat-started.json",
        rewrite::<ChatStarted>,
    ),
    ("chat_with_last_message.json", "chat.json", rewrite::<Chat>),
    (
        "message_attachments.json",
        "message.json",
        rewrite::<Message>,
    ),
    (
        "message_events.json",
        "message-page.json",
        rewrite::<Page<Message>>,
    ),
    (
        "message_list.json",
        "message-page.json",
        rewrite::<Page<Message>>,
    ),
    (
        "message_sent.json",
        "message-sent.json",
        rewrite::<MessageSent>,
    ),
    (
        "message_sent_pending.json",
        "message-sent.json",
        rewrite::<MessageSent>,
    ),
    (
        "webhook_list.json",
        "webhook-page.json",
        rewrite::<Page<Webhook>>,
    ),
    (
        "reference/webhook-account-status.json",
        "webhook-event.json",
        rewrite_webhook,
    ),
    (
        "reference/webhook-message-received.docs.json",
        "webhook-event.json",
        rewrite_webhook,
    ),
    (
        "webhooks/account-status.docs.json",
        "webhook-event.json",
        rewrite_webhook,
    ),
    (
        "webhooks/message-deleted.json",
        "webhook-event.json",
        rewrite_webhook,
    ),
    (
        "webhooks/message-delivered.json",
        "webhook-event.json",
        rewrite_webhook,
    ),
    (
        "webhooks/message-edited.json",
        "webhook-event.json",
        rewrite_webhook,
    ),
    (
        "webhooks/message-reaction.json",
        "webhook-event.json",
        rewrite_webhook,
    ),
    (
        "webhooks/message-read.json",
        "webhook-event.json",
        rewrite_webhook,
    ),
    (
        "webhooks/message-received.docs.json",
        "webhook-event.json",
        rewrite_webhook,
    ),
    (
        "webhooks/message-received.no-account-info.json",
        "webhook-event.json",
        rewrite_webhook,
    ),
    (
        "webhooks/message-received.whatsapp.json",
        "webhook-event.json",
        rewrite_webhook,
    ),
];

/// Problems: fixtures whose written-back form does not match their type's schema.
pub fn check(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    // Several fixtures share a schema: each schema file is read and parsed once.
    let mut schemas: BTreeMap<&str, Result<Value, String>> = BTreeMap::new();
    for (fixture, schema_file, rewrite) in CASES {
        let schema_path = format!("{SCHEMA_DIR}/{schema_file}");
        let schema = schemas.entry(schema_file).or_insert_with(|| {
            read_text(&root.join(&schema_path))
                .map_err(|e| e.to_string())
                .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
        });
        let schema = match schema {
            Ok(schema) => &*schema,
            Err(e) => {
                problems.push(format!("{schema_path}: cannot read it ({e}): {}", FIX));
                continue;
            }
        };
        let fixture_path = format!("{FIXTURES}/{fixture}");
        let written = match fs::read(root.join(&fixture_path)) {
            Ok(bytes) => rewrite(&bytes),
            Err(e) => Err(format!("cannot read it: {e}")),
        };
        match written {
            Ok(value) => {
                for error in Validator::new(schema).errors(&value) {
                    problems.push(format!(
                        "{fixture_path}, decoded and written back, does not match \
                         {schema_path} at {error}: fix the type's serialization or its \
                         schema (`unipile-core`'s `schema` feature), then {}",
                        FIX
                    ));
                }
            }
            Err(e) => problems.push(format!("{fixture_path}: {e}")),
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the SDK writes back from every typed fixture matches its committed schema.
    #[test]
    fn fixtures_written_back_match_their_schema() {
        let problems = check(&crate::workspace::root());
        assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    }

    /// The check can fail: a field the schema does not describe, or of the wrong type.
    #[test]
    fn a_written_form_the_schema_does_not_describe_is_caught() {
        let schema = crate::reference::schema::FILES
            .iter()
            .find(|f| f.file == "message.json")
            .map(|f| (f.schema)())
            .expect("message.json is generated");
        let message: Message =
            serde_json::from_str(r#"{"id":"m1","timestamp":"2023-09-24T13:49:07.965Z"}"#)
                .expect("a message");
        let mut value = serde_json::to_value(&message).expect("serialize");
        assert!(Validator::new(&schema).errors(&value).is_empty());

        let mut flag_as_number = value.clone();
        flag_as_number["seen"] = Value::from(1);
        assert_eq!(
            Validator::new(&schema).errors(&flag_as_number),
            ["$.seen: 1 is not of type \"boolean\""]
        );

        value["brand_new"] = Value::from("x");
        assert_eq!(
            Validator::new(&schema).errors(&value),
            ["$.brand_new: the schema does not describe this member"]
        );
    }
}
