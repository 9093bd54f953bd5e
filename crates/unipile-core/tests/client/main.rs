//! The client: retries, the retry loop, errors, paging, streams, and the pure sync logic.

mod client;
mod error;
mod paginator;
mod read_ahead;
mod retry;
mod retry_loop;
mod sync;
