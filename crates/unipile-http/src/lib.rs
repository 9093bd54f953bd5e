//! The production transport of the Unipile Rust SDK: [`HttpTransport`] implements
//! [`unipile_core::transport::Transport`] over one shared reqwest client (HTTPS with
//! rustls, connection pooling, gzip).
//!
//! - **Where**: [`HttpConfig`] turns the DSN Unipile gives (`api8.unipile.com:13443`) or a
//!   base URL into `https://…/api/v1`, and refuses plain HTTP except to loopback (a local
//!   fake server) or when explicitly allowed.
//! - **How long**: a connect timeout, a request timeout and, for streamed downloads, a
//!   read timeout (10 s, 60 s and 30 s by default).
//! - **What it sends**: the request as core built it. A multipart body is encoded with
//!   core's byte-exact encoder, so a retried send with attachments replays byte for byte;
//!   sensitive headers (`X-API-KEY`) are marked sensitive on the wire too.
//! - **What it returns**: the status, headers and body, untouched. Failures below HTTP are
//!   [`TransportError`](unipile_core::transport::TransportError)s classified for the retry
//!   policy: `Connect` (nothing was sent), `Timeout`, `Io` (the connection failed after
//!   sending), `Other`.
//! - **Downloads**: the transport's
//!   [`send_streaming`](unipile_core::transport::Transport::send_streaming) returns the
//!   body as a stream of chunks, so `client.messages().download(…)` (authenticated,
//!   retried until the first byte, errors mapped) holds one chunk at a time;
//!   [`write_download`] writes one into any `AsyncWrite`.
//! - **Secrets**: the key is core's [`ApiKey`] (re-exported here), which never shows in
//!   `Debug`, `Display`, logs or errors; [`api_key`] checks one read from a setting. The
//!   client adds it to every request as a sensitive `X-API-KEY` header: the transport never
//!   adds it itself, and passes sensitive headers on marked sensitive. Each request runs
//!   in a `tracing` span with the method, the route template (never the path with its
//!   ids), the status and the duration: no header value, no body.
//!
//! - **The client**: [`client_from_env`] and [`client`] build core's
//!   [`Client`](unipile_core::client::Client) over this transport, waiting between
//!   retries with [`TokioSleeper`]; its item streams fetch the page they read ahead as
//!   tokio tasks ([`TokioSpawner`]). The client's retry policy is the only one: the
//!   transport turns reqwest's own resend off.
//!
//! ```no_run
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use unipile_core::request::SendMessage;
//!
//! // UNIPILE_DSN=api8.unipile.com:13443 UNIPILE_API_KEY=…
//! let client = unipile_http::client_from_env()?;
//! let sent = client
//!     .messages()
//!     .send(SendMessage::new("chat_1").text("Hello!"))
//!     .await?;
//! println!("sent {:?}", sent.message_id);
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

mod client;
mod config;
mod env;
mod error;
mod sleep;
mod spawn;
mod streaming;
mod transport;

pub use client::{client, client_builder, client_from_env};
pub use config::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, HttpConfig,
    HttpConfigBuilder, USER_AGENT,
};
pub use env::{API_KEY_VAR, DSN_VAR, EnvSettings, api_key};
pub use error::ConfigError;
pub use sleep::TokioSleeper;
pub use spawn::TokioSpawner;
pub use streaming::{DownloadError, write_download};
pub use transport::HttpTransport;
pub use unipile_core::client::ApiKey;
