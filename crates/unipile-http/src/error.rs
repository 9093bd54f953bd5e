//! Errors of this crate: bad configuration, and reqwest's failures classified for the
//! retry policy.

use std::error::Error as StdError;
use unipile_core::transport::{TransportError, TransportErrorKind};

/// A transport that could not be configured. Names what is wrong and where; never holds
/// the API key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required environment variable is not set.
    #[error("environment variable {name} is not set")]
    MissingVar {
        /// The variable, such as `UNIPILE_API_KEY`.
        name: &'static str,
    },
    /// An environment variable is set but unusable.
    #[error("environment variable {name}: {reason}")]
    InvalidVar {
        /// The variable.
        name: &'static str,
        /// What is wrong with it (never its value when it is the key).
        reason: String,
    },
    /// The DSN or base URL is not one the transport can use.
    #[error("invalid Unipile DSN `{dsn}`: {reason}")]
    InvalidDsn {
        /// The DSN as given, any `user:password@` in it redacted.
        dsn: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The API key cannot be sent as a header value.
    #[error("invalid API key: {reason}")]
    InvalidApiKey {
        /// What is wrong with it (never the key).
        reason: String,
    },
    /// A setting has a value the transport cannot use.
    #[error("invalid setting `{name}`: {reason}")]
    InvalidSetting {
        /// The setting, such as `request_timeout`.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The HTTP client could not be set up (TLS initialisation, say).
    #[error("could not set up the HTTP client: {message}")]
    ClientSetup {
        /// What failed.
        message: String,
        /// The underlying error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },
}

/// Classifies a reqwest failure for the retry policy:
///
/// - the connection could not be made (refused, DNS, TLS handshake, connect timeout):
///   nothing was sent → [`TransportErrorKind::Connect`];
/// - no complete response in time → [`TransportErrorKind::Timeout`];
/// - the connection failed after the request was or may have been sent (a reset, a
///   dropped or truncated response) → [`TransportErrorKind::Io`];
/// - the request could not be built, or anything else → [`TransportErrorKind::Other`].
///
/// The message names the route template, never the path with ids; the URL is stripped
/// from the attached source.
pub(crate) fn classify(error: reqwest::Error, what: &str) -> TransportError {
    let kind = if error.is_builder() {
        TransportErrorKind::Other
    } else if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_timeout() {
        TransportErrorKind::Timeout
    } else if error.is_request() || error.is_body() || error.is_decode() {
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    };
    let message = format!("{what}: {}", describe(&error));
    TransportError::new(kind, message).with_source(error.without_url())
}

/// The chain of causes under reqwest's own message (which repeats the URL), innermost last.
fn describe(error: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    if parts.is_empty() {
        let mut own = error.to_string();
        if let Some(url) = error.url() {
            own = own.replace(&format!(" for url ({url})"), "");
        }
        parts.push(own);
    }
    parts.join(": ")
}

/// The error for a response head that did not arrive within the request timeout.
pub(crate) fn timed_out(what: &str, limit: std::time::Duration) -> TransportError {
    TransportError::new(
        TransportErrorKind::Timeout,
        format!("{what}: no response within {limit:?}"),
    )
}

/// The error for a request that could not be turned into an HTTP request.
pub(crate) fn bad_request(what: &str, reason: impl Into<String>) -> TransportError {
    TransportError::new(
        TransportErrorKind::Other,
        format!("{what}: {}", reason.into()),
    )
}
