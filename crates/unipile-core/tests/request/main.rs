//! The requests: validation, and what each call renders (path, query, body, headers).

mod actions;
mod endpoints;
mod lists;
mod operations;
mod send;
