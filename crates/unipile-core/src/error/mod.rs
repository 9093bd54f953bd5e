//! Errors: the API's error body, and the one error type of this crate.
//!
//! - [`Error`] is what every call returns. [`Error::kind`] says what happened
//!   ([`ErrorKind`]: an API error, a rate limit, a transport failure, a body that did not
//!   decode, a request refused before sending); helpers answer the questions a program
//!   branches on: [`Error::is_retryable`], [`Error::needs_reconnect`],
//!   [`Error::is_rate_limit`], [`Error::is_invalid_recipient`], [`Error::is_not_found`].
//! - [`ApiErrorBody`] is the API's JSON error, `{status, type, title, detail?, instance?}`.
//! - [`ErrorType`] is its `type` (`errors/invalid_recipient`…), an open enum: a type
//!   Unipile adds later is kept as sent. [`ErrorType::TABLE`] lists every documented type
//!   with its status, meaning, whether it is retryable and what to do ([`Remedy`]).
//!
//! No error ever holds request headers, so the API key cannot appear in `Display` or
//! `Debug`.

use std::fmt;

mod api_body;
mod call_error;
mod error_type;

pub use api_body::ApiErrorBody;
pub use call_error::{Error, ErrorKind, RequestSummary};
pub use error_type::{ErrorType, ErrorTypeInfo, Remedy, RetryRule};

/// The result of this crate's calls.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A request that was refused before anything was sent: it names the bad parameter and
/// says what is wrong with it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct InvalidRequest {
    parameter: String,
    reason: String,
}

impl InvalidRequest {
    /// `parameter` is the API's name for it (`limit`, `attendees_ids`, `attachments[0]`…).
    pub fn new(parameter: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            parameter: parameter.into(),
            reason: reason.into(),
        }
    }

    /// The name of the bad parameter.
    pub fn parameter(&self) -> &str {
        &self.parameter
    }

    /// What is wrong with it.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid `{}`: {}", self.parameter, self.reason)
    }
}

impl std::error::Error for InvalidRequest {}
