//! The model: decoding fixtures and payloads into the response types, the open enums, attachments, schemas.

mod attachments;
#[path = "../common/mod.rs"]
mod common;
mod enums;
mod messages;
mod properties;
mod resources;
#[cfg(feature = "schema")]
mod schema;
