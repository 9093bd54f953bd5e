//! Incoming webhooks: check the shared secret, then parse the body into a
//! [`WebhookEvent`].
//!
//! ```
//! use unipile_core::webhook::{self, WebhookEvent, WebhookSecret};
//!
//! let secret = WebhookSecret::new("Unipile-Auth", "s3cr3t")?;
//! let headers = [("Unipile-Auth", "s3cr3t")];
//! let body = br#"{"account_id":"acc","account_type":"WHATSAPP","event":"message_received",
//!     "chat_id":"chat","message_id":"msg","timestamp":"2023-09-24T13:49:07.965Z",
//!     "message":"Hello","sender":{"attendee_id":"att","attendee_provider_id":"33600000000@s.whatsapp.net"}}"#;
//!
//! secret.verify_pairs(headers).expect("the secret matches");
//! match webhook::parse(body)? {
//!     WebhookEvent::MessageReceived(m) => assert_eq!(m.text.as_deref(), Some("Hello")),
//!     WebhookEvent::AccountStatus(status) => println!("{}: {}", status.account_id, status.message),
//!     other => println!("not handled: {}", other.event_name()),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Unipile retries a call five times unless it gets a `200` within 30 seconds: answer
//! quickly, and handle messages idempotently on `message_id`.

mod account_status;
mod message_event;
mod secret;

pub use account_status::{AccountStatus, AccountStatusEvent};
pub use message_event::{
    AccountFeature, AccountInfo, MessageEvent, MessageEventKind, WebhookAttendee,
};
pub use secret::{WebhookAuthError, WebhookSecret};

use crate::model::decode::{DecodeError, decode};
use account_status::AccountStatusEnvelope;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;
use std::fmt;

/// A webhook call from Unipile, parsed.
///
/// New event names never fail: they land in [`WebhookEvent::Unknown`] with their raw
/// JSON (`message_delivered`, which some payloads carry, is one of them).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum WebhookEvent {
    /// `message_received`: a new message, received or sent by the connected user.
    MessageReceived(MessageEvent),
    /// `message_read`: a message was read.
    MessageRead(MessageEvent),
    /// `message_reaction`: someone reacted to a message.
    MessageReaction(MessageEvent),
    /// `message_edited`: a message was edited.
    MessageEdited(MessageEvent),
    /// `message_deleted`: a message was deleted.
    MessageDeleted(MessageEvent),
    /// An account changed status (`{"AccountStatus":{…}}`).
    AccountStatus(AccountStatusEvent),
    /// Any other event, kept as sent.
    Unknown {
        /// The `event` name, or the name of the member that wraps the payload (as
        /// `AccountStatus` does).
        event: String,
        /// The whole body.
        raw: Box<RawValue>,
    },
}

impl WebhookEvent {
    /// The event's name: `message_received`…, `AccountStatus`, or the unknown name.
    pub fn event_name(&self) -> &str {
        match self {
            WebhookEvent::AccountStatus(_) => ACCOUNT_STATUS,
            WebhookEvent::Unknown { event, .. } => event,
            other => other
                .message_event()
                .map(MessageEvent::event_name)
                .unwrap_or_default(),
        }
    }

    /// The message event, for the five message webhooks.
    pub fn message_event(&self) -> Option<&MessageEvent> {
        match self {
            WebhookEvent::MessageReceived(m)
            | WebhookEvent::MessageRead(m)
            | WebhookEvent::MessageReaction(m)
            | WebhookEvent::MessageEdited(m)
            | WebhookEvent::MessageDeleted(m) => Some(m),
            _ => None,
        }
    }

    /// The message event, for the five message webhooks.
    pub fn into_message_event(self) -> Option<MessageEvent> {
        match self {
            WebhookEvent::MessageReceived(m)
            | WebhookEvent::MessageRead(m)
            | WebhookEvent::MessageReaction(m)
            | WebhookEvent::MessageEdited(m)
            | WebhookEvent::MessageDeleted(m) => Some(m),
            _ => None,
        }
    }

    /// Wraps a message event in the variant its `event` names; an unknown name becomes
    /// [`WebhookEvent::Unknown`] with the event serialized as its raw JSON.
    pub fn from_message_event(event: MessageEvent) -> Self {
        match event.event {
            MessageEventKind::Received => WebhookEvent::MessageReceived(event),
            MessageEventKind::Read => WebhookEvent::MessageRead(event),
            MessageEventKind::Reaction => WebhookEvent::MessageReaction(event),
            MessageEventKind::Edited => WebhookEvent::MessageEdited(event),
            MessageEventKind::Deleted => WebhookEvent::MessageDeleted(event),
            _ => {
                let name = event.event.as_str().to_owned();
                // A struct of strings, ids and numbers always serializes.
                let raw =
                    serde_json::value::to_raw_value(&event).unwrap_or_else(|_| empty_object());
                WebhookEvent::Unknown { event: name, raw }
            }
        }
    }

    /// The raw JSON of an unknown event.
    pub fn raw_json(&self) -> Option<&str> {
        match self {
            WebhookEvent::Unknown { raw, .. } => Some(raw.get()),
            _ => None,
        }
    }
}

fn empty_object() -> Box<RawValue> {
    RawValue::from_string("{}".to_owned()).unwrap_or_else(|_| unreachable!("`{{}}` is JSON"))
}

impl PartialEq for WebhookEvent {
    fn eq(&self, other: &Self) -> bool {
        use WebhookEvent::*;
        match (self, other) {
            (MessageReceived(a), MessageReceived(b))
            | (MessageRead(a), MessageRead(b))
            | (MessageReaction(a), MessageReaction(b))
            | (MessageEdited(a), MessageEdited(b))
            | (MessageDeleted(a), MessageDeleted(b)) => a == b,
            (AccountStatus(a), AccountStatus(b)) => a == b,
            (Unknown { event: e1, raw: r1 }, Unknown { event: e2, raw: r2 }) => {
                e1 == e2 && r1.get() == r2.get()
            }
            _ => false,
        }
    }
}

/// Writes the event as Unipile sends it, so that `parse` reads it back.
impl Serialize for WebhookEvent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            WebhookEvent::AccountStatus(status) => AccountStatusEnvelope {
                account_status: status,
            }
            .serialize(s),
            WebhookEvent::Unknown { raw, .. } => raw.serialize(s),
            other => match other.message_event() {
                Some(message) => message.serialize(s),
                None => Err(serde::ser::Error::custom("unhandled webhook event variant")),
            },
        }
    }
}

const ACCOUNT_STATUS: &str = "AccountStatus";

/// Parses a webhook body.
///
/// The event name is read first; the body is then decoded into the type that name
/// calls for. An error names the JSON path of the field that did not fit
/// (`sender.attendee_id`, `attachments[1].size.height`). Any bytes give `Ok` or `Err`,
/// never a panic.
pub fn parse(body: &[u8]) -> Result<WebhookEvent, DecodeError> {
    let route: Route = decode(body)?;
    match route {
        // The event's own `event` is the name the route was read from.
        Route::Message => Ok(WebhookEvent::from_message_event(decode(body)?)),
        Route::AccountStatus => {
            let envelope: AccountStatusEnvelope<AccountStatusEvent> = decode(body)?;
            Ok(WebhookEvent::AccountStatus(envelope.account_status))
        }
        Route::Unknown(event) => {
            let raw: Box<RawValue> = decode(body)?;
            Ok(WebhookEvent::Unknown { event, raw })
        }
    }
}

/// Where a body goes, read from its top-level members without decoding the rest.
enum Route {
    /// One of the five message events.
    Message,
    AccountStatus,
    Unknown(String),
}

impl<'de> Deserialize<'de> for Route {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(RouteVisitor)
    }
}

struct RouteVisitor;

impl<'de> Visitor<'de> for RouteVisitor {
    type Value = Route;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a webhook payload (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Route, A::Error> {
        #[derive(Deserialize)]
        struct EventName(
            #[serde(deserialize_with = "crate::model::lenient::opt_string_or_number")]
            Option<String>,
        );

        let mut event = None;
        let mut account_status = false;
        let mut members = 0usize;
        let mut wrapper = None;
        while let Some(key) = map.next_key::<String>()? {
            members += 1;
            if key == "event" {
                event = map.next_value::<EventName>()?.0;
            } else {
                let is_object = map.next_value::<Shape>()?.0;
                account_status |= is_object && key == ACCOUNT_STATUS;
                if is_object && members == 1 {
                    wrapper = Some(key);
                }
            }
        }
        if let Some(event) = event {
            return Ok(if MessageEventKind::from(event.as_str()).is_unknown() {
                Route::Unknown(event)
            } else {
                Route::Message
            });
        }
        if account_status {
            return Ok(Route::AccountStatus);
        }
        match wrapper {
            // One member holding an object: a wrapped payload like `AccountStatus`.
            Some(name) if members == 1 => Ok(Route::Unknown(name)),
            _ => Err(de::Error::custom(
                "not a Unipile webhook: no `event` member and no `AccountStatus` object",
            )),
        }
    }
}

/// Whether a value is a JSON object; its content is skipped.
struct Shape(bool);

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Shape;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Shape(true))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Shape(false))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Shape, E> {
                Ok(Shape(false))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Shape, E> {
                Ok(Shape(false))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Shape, E> {
                Ok(Shape(false))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Shape, E> {
                Ok(Shape(false))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Shape, E> {
                Ok(Shape(false))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
                Ok(Shape(false))
            }
            fn visit_none<E: de::Error>(self) -> Result<Shape, E> {
                Ok(Shape(false))
            }
        }
        d.deserialize_any(V)
    }
}

/// `schemars::JsonSchema`, written by hand for this serde of its own (feature `schema`).
#[cfg(feature = "schema")]
mod json_schema {
    use super::{AccountStatusEvent, MessageEvent, MessageEventKind, WebhookEvent};
    use crate::model::schema::schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    /// One of the message events, the account status wrapper, or any other object.
    impl JsonSchema for WebhookEvent {
        fn schema_name() -> Cow<'static, str> {
            "WebhookEvent".into()
        }

        fn schema_id() -> Cow<'static, str> {
            "unipile_core::webhook::WebhookEvent".into()
        }

        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let message = generator.subschema_for::<MessageEvent>();
            let status = generator.subschema_for::<AccountStatusEvent>();
            let events: Vec<&str> = MessageEventKind::KNOWN.iter().map(|k| k.as_str()).collect();
            json_schema!({
                "description": "A webhook call from Unipile: a message event (told apart by its \
                    `event`), the account status event (an object wrapped in `AccountStatus`), or \
                    any other event, kept as sent.",
                "oneOf": [
                    {
                        "description": "A message event: `message_received`, `message_read`, \
                            `message_reaction`, `message_edited` or `message_deleted`.",
                        "allOf": [message],
                        "properties": { "event": { "enum": events } },
                        "required": ["event"],
                    },
                    {
                        "description": "An account changed status.",
                        "type": "object",
                        "properties": { "AccountStatus": status },
                        "required": ["AccountStatus"],
                        "not": { "required": ["event"] },
                    },
                    {
                        "description": "Any other event, kept as sent: an `event` this SDK does not \
                            know, or a payload wrapped in another member.",
                        "type": "object",
                        "additionalProperties": true,
                        "not": {
                            "anyOf": [
                                { "properties": { "event": { "enum": events } }, "required": ["event"] },
                                { "required": ["AccountStatus"], "not": { "required": ["event"] } },
                            ],
                        },
                    },
                ],
            })
        }
    }
}
