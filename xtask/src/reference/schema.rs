//! JSON Schemas of the public response and webhook types, under `docs/reference/schema/`,
//! and the index of them in `docs/reference/README.md`.
//!
//! Each schema is `unipile_core::model::schema::root_schema` of one type, pretty-printed with
//! its keys sorted, so the same code always gives the same bytes.

use crate::generated::GeneratedFile;
use crate::markdown::{code, table};
use unipile_core::error::ApiErrorBody;
use unipile_core::model::schema::root_schema;
use unipile_core::model::schema::schemars::JsonSchema;
use unipile_core::webhook::{AccountStatusEvent, MessageEvent, WebhookEvent};
use unipile_core::{
    Account, Attachment, Chat, ChatAttendee, ChatDeleted, ChatPatched, ChatStarted, ChatSynced,
    Message, MessageDeleted, MessageEdited, MessageForwarded, MessageReactionAdded, MessageSent,
    Page, UserProfile, Webhook, WebhookCreated, WebhookDeleted,
};

/// Where the schemas are written, relative to the workspace root.
pub const DIR: &str = "docs/reference/schema";

/// One schema file: its name, the Rust type it describes, what the API answers with it,
/// and how to compute it.
pub struct SchemaFile {
    /// The file name under [`DIR`].
    pub file: &'static str,
    /// The Rust type, as the index shows it.
    pub rust_type: &'static str,
    /// Where the API sends it.
    pub used_for: &'static str,
    /// The schema.
    pub schema: fn() -> serde_json::Value,
}

fn schema_of<T: JsonSchema>() -> serde_json::Value {
    root_schema::<T>().to_value()
}

/// Every schema file, in the order the index lists them.
pub const FILES: &[SchemaFile] = &[
    SchemaFile {
        file: "message.json",
        rust_type: "Message",
        used_for: "`GET /messages/{id}`, the items of message lists, a chat's `lastMessage`",
        schema: schema_of::<Message>,
    },
    SchemaFile {
        file: "message-page.json",
        rust_type: "Page<Message>",
        used_for: "`GET /messages`, `GET /chats/{id}/messages`",
        schema: schema_of::<Page<Message>>,
    },
    SchemaFile {
        file: "attachment.json",
        rust_type: "Attachment",
        used_for: "a message's `attachments`",
        schema: schema_of::<Attachment>,
    },
    SchemaFile {
        file: "chat.json",
        rust_type: "Chat",
        used_for: "`GET /chats/{id}`, the items of chat lists",
        schema: schema_of::<Chat>,
    },
    SchemaFile {
        file: "chat-page.json",
        rust_type: "Page<Chat>",
        used_for: "`GET /chats`",
        schema: schema_of::<Page<Chat>>,
    },
    SchemaFile {
        file: "chat-attendee.json",
        rust_type: "ChatAttendee",
        used_for: "`GET /chat_attendees/{id}`, the items of attendee lists",
        schema: schema_of::<ChatAttendee>,
    },
    SchemaFile {
        file: "chat-attendee-page.json",
        rust_type: "Page<ChatAttendee>",
        used_for: "`GET /chats/{id}/attendees`, `GET /chat_attendees`",
        schema: schema_of::<Page<ChatAttendee>>,
    },
    SchemaFile {
        file: "account.json",
        rust_type: "Account",
        used_for: "`GET /accounts/{id}`, the items of account lists",
        schema: schema_of::<Account>,
    },
    SchemaFile {
        file: "account-page.json",
        rust_type: "Page<Account>",
        used_for: "`GET /accounts`",
        schema: schema_of::<Page<Account>>,
    },
    SchemaFile {
        file: "webhook.json",
        rust_type: "Webhook",
        used_for: "the items of webhook lists",
        schema: schema_of::<Webhook>,
    },
    SchemaFile {
        file: "webhook-page.json",
        rust_type: "Page<Webhook>",
        used_for: "`GET /webhooks`",
        schema: schema_of::<Page<Webhook>>,
    },
    SchemaFile {
        file: "message-sent.json",
        rust_type: "MessageSent",
        used_for: "`POST /chats/{id}/messages`",
        schema: schema_of::<MessageSent>,
    },
    SchemaFile {
        file: "chat-started.json",
        rust_type: "ChatStarted",
        used_for: "`POST /chats`",
        schema: schema_of::<ChatStarted>,
    },
    SchemaFile {
        file: "chat-patched.json",
        rust_type: "ChatPatched",
        used_for: "`PATCH /chats/{id}`",
        schema: schema_of::<ChatPatched>,
    },
    SchemaFile {
        file: "message-forwarded.json",
        rust_type: "MessageForwarded",
        used_for: "`POST /messages/{id}/forward`",
        schema: schema_of::<MessageForwarded>,
    },
    SchemaFile {
        file: "message-reaction-added.json",
        rust_type: "MessageReactionAdded",
        used_for: "`POST /messages/{id}/reaction`",
        schema: schema_of::<MessageReactionAdded>,
    },
    SchemaFile {
        file: "message-edited.json",
        rust_type: "MessageEdited",
        used_for: "`PATCH /messages/{id}`",
        schema: schema_of::<MessageEdited>,
    },
    SchemaFile {
        file: "message-deleted.json",
        rust_type: "MessageDeleted",
        used_for: "`DELETE /messages/{id}`",
        schema: schema_of::<MessageDeleted>,
    },
    SchemaFile {
        file: "chat-deleted.json",
        rust_type: "ChatDeleted",
        used_for: "`DELETE /chats/{id}`",
        schema: schema_of::<ChatDeleted>,
    },
    SchemaFile {
        file: "chat-synced.json",
        rust_type: "ChatSynced",
        used_for: "`GET /chats/{id}/sync`",
        schema: schema_of::<ChatSynced>,
    },
    SchemaFile {
        file: "user-profile.json",
        rust_type: "UserProfile",
        used_for: "`GET /users/{identifier}`",
        schema: schema_of::<UserProfile>,
    },
    SchemaFile {
        file: "webhook-created.json",
        rust_type: "WebhookCreated",
        used_for: "`POST /webhooks`",
        schema: schema_of::<WebhookCreated>,
    },
    SchemaFile {
        file: "webhook-deleted.json",
        rust_type: "WebhookDeleted",
        used_for: "`DELETE /webhooks/{id}`",
        schema: schema_of::<WebhookDeleted>,
    },
    SchemaFile {
        file: "webhook-event.json",
        rust_type: "webhook::WebhookEvent",
        used_for: "the bodies Unipile posts to a webhook",
        schema: schema_of::<WebhookEvent>,
    },
    SchemaFile {
        file: "message-event.json",
        rust_type: "webhook::MessageEvent",
        used_for: "the message webhooks (`message_received`…)",
        schema: schema_of::<MessageEvent>,
    },
    SchemaFile {
        file: "account-status-event.json",
        rust_type: "webhook::AccountStatusEvent",
        used_for: "the account status webhook, inside its `AccountStatus` member",
        schema: schema_of::<AccountStatusEvent>,
    },
    SchemaFile {
        file: "api-error.json",
        rust_type: "error::ApiErrorBody",
        used_for: "the body of every error response",
        schema: schema_of::<ApiErrorBody>,
    },
];

/// The schema files with the contents they should have.
pub fn files() -> Result<Vec<GeneratedFile>, String> {
    FILES
        .iter()
        .map(|file| {
            let text = serde_json::to_string_pretty(&(file.schema)())
                .map_err(|e| format!("cannot print the schema of {}: {e}", file.rust_type))?;
            Ok(GeneratedFile {
                path: format!("{DIR}/{}", file.file),
                contents: format!("{text}\n"),
            })
        })
        .collect()
}

/// The index of the schema files, for `docs/reference/README.md`.
pub fn index() -> String {
    let rows: Vec<Vec<String>> = FILES
        .iter()
        .map(|file| {
            vec![
                format!("[{}](schema/{})", code(file.file), file.file),
                code(&format!("unipile_core::{}", file.rust_type)),
                file.used_for.to_string(),
            ]
        })
        .collect();
    table(&["Schema", "Type", "What it describes"], &rows)
}
