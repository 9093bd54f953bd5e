//! Unipile's published response types decode: every instance generated from the official
//! Node SDK's schemas (`tests/fixtures/published/instances/<type>.json`, each accepted by
//! that SDK's own validator) decodes into the matching SDK type. A failure names the file,
//! the instance's index and the JSON path inside it.

use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::{Path, PathBuf};
use unipile_core::{
    Account, Chat, ChatAttendee, ChatPatched, ChatStarted, Message, MessageSent, Page, Webhook,
    WebhookCreated, WebhookDeleted, decode,
};

fn instances_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/published/instances")
}

/// Decodes every instance of `file` as `T`; returns one line per instance that does not.
fn failures<T: DeserializeOwned>(file: &str) -> Vec<String> {
    let path = instances_dir().join(file);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => return vec![format!("{file}: cannot read it: {e}")],
    };
    let instances: Vec<Value> = match serde_json::from_str(&text) {
        Ok(instances) => instances,
        Err(e) => return vec![format!("{file}: not a JSON array of instances: {e}")],
    };
    if instances.is_empty() {
        return vec![format!("{file}: holds no instance")];
    }
    instances
        .iter()
        .enumerate()
        .filter_map(|(index, instance)| {
            let bytes = serde_json::to_vec(instance).unwrap_or_default();
            decode::<T>(&bytes).err().map(|e| {
                format!(
                    "{file}[{index}] does not decode into {}: at `{}`: {}",
                    std::any::type_name::<T>(),
                    e.path(),
                    e.message()
                )
            })
        })
        .collect()
}

/// Decodes the instances of one file, as one Rust type.
type Check = fn(&str) -> Vec<String>;

#[test]
fn every_published_instance_decodes() {
    let checks: &[(&str, Check)] = &[
        ("account.json", failures::<Account>),
        ("account-list.json", failures::<Page<Account>>),
        ("chat.json", failures::<Chat>),
        ("chat-list.json", failures::<Page<Chat>>),
        ("message.json", failures::<Message>),
        ("message-list.json", failures::<Page<Message>>),
        ("chat-attendee.json", failures::<ChatAttendee>),
        ("chat-attendee-list.json", failures::<Page<ChatAttendee>>),
        (
            "chat-attendee-by-chat-list.json",
            failures::<Page<ChatAttendee>>,
        ),
        ("message-sent.json", failures::<MessageSent>),
        ("chat-started.json", failures::<ChatStarted>),
        ("chat-patched.json", failures::<ChatPatched>),
        ("webhook-list.json", failures::<Page<Webhook>>),
        ("webhook-created.json", failures::<WebhookCreated>),
        ("webhook-deleted.json", failures::<WebhookDeleted>),
    ];
    let problems: Vec<String> = checks
        .iter()
        .flat_map(|(file, check)| check(file))
        .collect();
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));

    // Every instance file is covered: a new published type needs its Rust type here.
    let mut files: Vec<String> = std::fs::read_dir(instances_dir())
        .expect("the instances directory")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    let mut covered: Vec<String> = checks.iter().map(|(file, _)| file.to_string()).collect();
    covered.sort();
    assert_eq!(files, covered);
}

/// The check can fail: an instance that does not decode is named with its path.
#[test]
fn an_instance_that_does_not_decode_is_named_with_its_path() {
    let bytes = br#"{"object":"MessageList","items":[{"id":"m1","timestamp":"2025-06-02T09:29:27.702Z","attachments":"none"}],"cursor":null}"#;
    let err = decode::<Page<Message>>(bytes).expect_err("attachments is not a list");
    assert!(
        err.path().starts_with("items[0].attachments"),
        "{}",
        err.path()
    );
}

/// `seen_by` values are `string | boolean` in the published types: a string that is neither
/// a flag nor a time still reads, as seen.
#[test]
fn any_seen_by_string_reads_as_seen() {
    use unipile_core::SeenReceipt;
    let m: Message = decode(
        r#"{"id":"m1","timestamp":"2025-01-01T00:00:00.000Z","seen_by":{"a":"👍","b":false}}"#
            .as_bytes(),
    )
    .expect("decodes");
    assert_eq!(m.seen_by["a"], SeenReceipt::Seen(true));
    assert_eq!(m.seen_by["b"], SeenReceipt::Seen(false));
}
