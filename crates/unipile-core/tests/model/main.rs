//! The model: decoding fixtures and payloads into the response types, the open enums, attachments, schemas, and every instance of Unipile's published types.

mod attachments;
#[path = "../common/mod.rs"]
mod common;
mod enums;
mod messages;
mod properties;
mod published;
mod resources;
#[cfg(feature = "schema")]
mod schema;
