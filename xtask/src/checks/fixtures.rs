//! Every fixture under `tests/fixtures/` parses, and the typed ones decode into their type.
//!
//! [`MANIFEST`] lists every fixture with what it must decode into, or why it is only
//! checked to be well-formed JSON. It is the one list of fixtures: the schema check
//! (`checks::schemas`) reads the typed entries' schema files and write-back from it. A fixture missing from the manifest, or an entry whose
//! file is gone, is a problem too: adding a fixture means saying what it is.

use crate::workspace::{display, files_under};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fs;
use std::path::Path;
use unipile_core::webhook::{self, WebhookEvent};
use unipile_core::{
    Account, Chat, ChatAttendee, ChatStarted, Message, MessageSent, Page, UserProfile, Webhook,
    decode,
};

/// Where fixtures live, relative to the workspace root.
pub const DIR: &str = "tests/fixtures";

/// What a fixture must be.
#[derive(Clone, Copy)]
pub enum Expect {
    /// Decodes into the named type with `unipile_core::model::decode`.
    Typed {
        /// The type, as the message names it.
        type_name: &'static str,
        /// Decodes the bytes into it, or says where and why it failed.
        decode: fn(&[u8]) -> Result<(), String>,
        /// The type's schema file under `docs/reference/schema/`.
        schema: &'static str,
        /// Decodes the bytes into the type and serializes the value back.
        rewrite: fn(&[u8]) -> Result<Value, String>,
    },
    /// Well-formed JSON only, for the reason given (no type of the SDK reads it yet…).
    Json {
        /// Why it is not decoded into a type.
        why: &'static str,
    },
}

fn decodes<T: DeserializeOwned>(bytes: &[u8]) -> Result<(), String> {
    decode::<T>(bytes).map(drop).map_err(|e| e.to_string())
}

/// A webhook body that parses into one of the events the SDK knows.
fn known_webhook(bytes: &[u8]) -> Result<(), String> {
    match webhook::parse(bytes) {
        Ok(WebhookEvent::Unknown { event, .. }) => {
            Err(format!("it parses, but as an unknown event `{event}`"))
        }
        Ok(_) => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

/// A webhook body that parses, possibly into [`WebhookEvent::Unknown`].
fn any_webhook(bytes: &[u8]) -> Result<(), String> {
    webhook::parse(bytes).map(drop).map_err(|e| e.to_string())
}

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

/// Every webhook body is written back as a `WebhookEvent`.
const WEBHOOK_SCHEMA: &str = "webhook-event.json";

const KNOWN_WEBHOOK: Expect = Expect::Typed {
    type_name: "WebhookEvent (a known event)",
    decode: known_webhook,
    schema: WEBHOOK_SCHEMA,
    rewrite: rewrite_webhook,
};

/// A fixture that decodes into `$ty`, whose schema is the file `$schema`.
macro_rules! typed {
    ($ty:ty, $schema:literal) => {
        Expect::Typed {
            type_name: stringify!($ty),
            decode: decodes::<$ty>,
            schema: $schema,
            rewrite: rewrite::<$ty>,
        }
    };
}

/// Every fixture, by its path under `tests/fixtures/`, and what it must be.
pub const MANIFEST: &[(&str, Expect)] = &[
    (
        "account_list.json",
        typed!(Page<Account>, "account-page.json"),
    ),
    (
        "chat_attendee_list.json",
        typed!(Page<ChatAttendee>, "chat-attendee-page.json"),
    ),
    ("chat_list.json", typed!(Page<Chat>, "chat-page.json")),
    (
        "chat_started.json",
        typed!(ChatStarted, "chat-started.json"),
    ),
    (
        "chat_started_legacy.json",
        typed!(ChatStarted, "chat-started.json"),
    ),
    ("chat_with_last_message.json", typed!(Chat, "chat.json")),
    ("message_attachments.json", typed!(Message, "message.json")),
    (
        "message_events.json",
        typed!(Page<Message>, "message-page.json"),
    ),
    (
        "message_list.json",
        typed!(Page<Message>, "message-page.json"),
    ),
    (
        "message_sent.json",
        typed!(MessageSent, "message-sent.json"),
    ),
    (
        "message_sent_pending.json",
        typed!(MessageSent, "message-sent.json"),
    ),
    (
        "webhook_list.json",
        typed!(Page<Webhook>, "webhook-page.json"),
    ),
    (
        "reference/hosted-auth-notify.json",
        Expect::Json {
            why: "the hosted auth callback; the SDK has no type for it",
        },
    ),
    (
        "reference/user-profile-linkedin.partial.json",
        typed!(UserProfile, "user-profile.json"),
    ),
    ("reference/webhook-account-status.json", KNOWN_WEBHOOK),
    (
        "reference/webhook-create-request.json",
        Expect::Json {
            why: "a request body the SDK writes, not a response it reads",
        },
    ),
    (
        "reference/webhook-message-received.docs.json",
        KNOWN_WEBHOOK,
    ),
    ("webhooks/account-status.docs.json", KNOWN_WEBHOOK),
    ("webhooks/message-deleted.json", KNOWN_WEBHOOK),
    (
        "webhooks/message-delivered.json",
        Expect::Typed {
            type_name: "WebhookEvent (kept as unknown)",
            decode: any_webhook,
            schema: WEBHOOK_SCHEMA,
            rewrite: rewrite_webhook,
        },
    ),
    ("webhooks/message-edited.json", KNOWN_WEBHOOK),
    ("webhooks/message-reaction.json", KNOWN_WEBHOOK),
    ("webhooks/message-read.json", KNOWN_WEBHOOK),
    ("webhooks/message-received.docs.json", KNOWN_WEBHOOK),
    (
        "webhooks/message-received.no-account-info.json",
        KNOWN_WEBHOOK,
    ),
    ("webhooks/message-received.whatsapp.json", KNOWN_WEBHOOK),
];

/// The folder under [`DIR`] with the published schemas and their generated instances.
const PUBLISHED: &str = "published";

/// Problems with the fixtures under `root`.
pub fn check(root: &Path) -> Vec<String> {
    check_dir(root, &root.join(DIR), MANIFEST)
}

fn check_dir(root: &Path, dir: &Path, manifest: &[(&str, Expect)]) -> Vec<String> {
    let mut problems = Vec::new();
    // `published/` holds the official SDK's exported schemas and instances generated from
    // them: a family of its own with its own README and checks (`checks::published`, and
    // unipile-core's test that decodes every instance), not fixtures of ours.
    let files: Vec<_> = files_under(dir)
        .into_iter()
        .filter(|path| !path.starts_with(dir.join(PUBLISHED)))
        .collect();
    for path in &files {
        let shown = display(root, path);
        let name = display(dir, path);
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                problems.push(format!("{shown}: cannot read it: {e}"));
                continue;
            }
        };
        let Some((_, expect)) = manifest.iter().find(|(n, _)| *n == name) else {
            problems.push(format!(
                "{shown} is not in the fixture manifest (`MANIFEST` in \
                 xtask/src/checks/fixtures.rs): add it with the type it decodes into"
            ));
            continue;
        };
        if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
            let what = match expect {
                Expect::Typed { type_name, .. } => format!("a `{type_name}`"),
                Expect::Json { why } => format!("JSON only: {why}"),
            };
            problems.push(format!("{shown} is not well-formed JSON ({what}): {e}"));
            continue;
        }
        if let Expect::Typed {
            type_name, decode, ..
        } = expect
            && let Err(e) = decode(&bytes)
        {
            problems.push(format!("{shown} does not decode into `{type_name}`: {e}"));
        }
    }
    for (name, _) in manifest {
        if !files.iter().any(|p| display(dir, p) == *name) {
            problems.push(format!(
                "{DIR}/{name} is in the fixture manifest (xtask/src/checks/fixtures.rs) but \
                 does not exist: remove the entry"
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::TempDir;

    const TEST_MANIFEST: &[(&str, Expect)] = &[
        ("sent.json", typed!(MessageSent, "message-sent.json")),
        ("page.json", typed!(Page<Message>, "message-page.json")),
        ("raw.json", Expect::Json { why: "test" }),
        ("gone.json", Expect::Json { why: "test" }),
    ];

    #[test]
    fn broken_unlisted_and_missing_fixtures_are_reported() {
        let tmp = TempDir::new("fixtures");
        let dir = &tmp.0;
        fs::write(
            dir.join("sent.json"),
            r#"{"object":"MessageSent","message_id":"m1"}"#,
        )
        .expect("write");
        fs::write(
            dir.join("page.json"),
            r#"{"items":[{"id":"m1","timestamp":"not a time"}]}"#,
        )
        .expect("write");
        fs::write(dir.join("raw.json"), r#"{"a": [1, 2"#).expect("write");
        fs::write(dir.join("new.json"), "{}").expect("write");

        let problems = check_dir(dir, dir, TEST_MANIFEST);
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("new.json is not in the fixture manifest"))
        );
        assert!(
            problems.iter().any(|p| p
                .starts_with("page.json does not decode into `Page<Message>`: ")
                && p.contains("items[0].timestamp")),
            "{problems:#?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("raw.json is not well-formed JSON"))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("gone.json is in the fixture manifest"))
        );
    }

    /// The project's fixtures all parse and decode.
    #[test]
    fn every_fixture_parses_and_decodes() {
        let problems = check(&crate::workspace::root());
        assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    }
}
