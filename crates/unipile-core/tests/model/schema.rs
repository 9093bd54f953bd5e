//! The `schema` feature: what the JSON Schemas of the types say.

use serde_json::{Value, json};
use unipile_core::model::schema::root_schema;
use unipile_core::webhook::WebhookEvent;
use unipile_core::{Attachment, AttachmentKind, Chat, Message, Page};

fn value_of<T: unipile_core::model::schema::schemars::JsonSchema>() -> Value {
    root_schema::<T>().to_value()
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

// Outside `unipile-core`, as a user's crate would define them.
unipile_core::open_string_enum! {
    /// A colour.
    pub enum Colour {
        /// Red.
        Red => "RED",
        /// Blue.
        Blue => "BLUE",
    }
}

unipile_core::open_int_enum! {
    /// A size.
    pub enum Size {
        /// Small.
        Small => 0,
        /// Large.
        Large => 1,
    }
}

#[test]
fn open_enums_stay_open_and_list_their_known_values() {
    let colour = value_of::<Colour>();
    assert_eq!(colour["type"], "string");
    assert!(colour.get("enum").is_none(), "a closed enum: {colour}");
    assert_eq!(colour["examples"], json!(["RED", "BLUE"]));
    let size = value_of::<Size>();
    assert_eq!(size["type"], "integer");
    assert!(size.get("enum").is_none(), "a closed enum: {size}");
    let description = size["description"].as_str().expect("a description");
    assert!(
        description.contains("`0` (Small), `1` (Large)"),
        "{description}"
    );
}

#[test]
fn message_says_what_it_always_writes() {
    let message = value_of::<Message>();
    let required = strings(&message["required"]);
    for field in [
        "object",
        "id",
        "chat_id",
        "account_id",
        "timestamp",
        "is_sender",
        "seen",
    ] {
        assert!(
            required.contains(&field),
            "{field} is not required: {required:?}"
        );
    }
    // Written only when set.
    for field in ["subject", "quoted", "reply_to", "message_type"] {
        assert!(!required.contains(&field), "{field} is required");
    }
    let properties = &message["properties"];
    assert_eq!(properties["object"]["const"], "Message");
    assert_eq!(properties["id"]["type"], "string");
    assert_eq!(properties["timestamp"]["type"], "string");
    assert_eq!(properties["timestamp"]["format"], "date-time");
    assert_eq!(properties["is_sender"]["type"], "boolean");
    let description = message["description"].as_str().expect("a description");
    assert!(
        description.contains("also accepts looser forms"),
        "{description}"
    );
    assert!(!description.contains("```"), "{description}");
}

#[test]
fn attachment_has_a_branch_per_known_kind_and_one_for_the_rest() {
    let attachment = value_of::<Attachment>();
    let branches = attachment["oneOf"].as_array().expect("oneOf");
    assert_eq!(branches.len(), AttachmentKind::KNOWN.len() + 1);
    for (branch, kind) in branches.iter().zip(AttachmentKind::KNOWN) {
        assert_eq!(branch["properties"]["type"]["const"], kind.as_str());
    }
    let unknown = branches.last().expect("the unknown branch");
    assert_eq!(unknown["additionalProperties"], true);
}

#[test]
fn chat_muted_until_and_pages() {
    let chat = value_of::<Chat>();
    assert_eq!(chat["properties"]["object"]["const"], "Chat");
    let muted = chat["properties"]["muted_until"]["oneOf"]
        .as_array()
        .expect("oneOf");
    assert_eq!(muted.len(), 3);
    let page = value_of::<Page<Chat>>();
    assert_eq!(page["title"], "ChatPage");
    assert_eq!(page["properties"]["items"]["items"]["$ref"], "#/$defs/Chat");
    assert_eq!(strings(&page["required"]), ["items"]);
}

#[test]
fn webhook_event_branches() {
    let event = value_of::<WebhookEvent>();
    let branches = event["oneOf"].as_array().expect("oneOf");
    assert_eq!(branches.len(), 3);
    assert_eq!(
        branches[1]["properties"]["AccountStatus"]["$ref"],
        "#/$defs/AccountStatusEvent"
    );
    assert!(event["$defs"]["MessageEvent"].is_object());
}
