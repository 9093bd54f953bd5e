//! Incoming webhooks: parsing the calls and checking the shared secret.

#[path = "../common/mod.rs"]
mod common;
mod parse;
mod secret;
