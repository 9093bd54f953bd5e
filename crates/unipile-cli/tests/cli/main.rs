//! The `unipile` binary driven as a user would, against the fake Unipile served on
//! loopback by `unipile-mock` (or, where said, against the embedded demo data).

mod commands;
mod exit_codes;
mod logs;
mod operations;
mod postgres;
mod support;
mod sync;
mod webhooks_listen;
