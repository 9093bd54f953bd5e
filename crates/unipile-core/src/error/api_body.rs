//! The body of an API error response.

use super::error_type::ErrorType;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The JSON body of an API error: `{"status", "type", "title", "detail"?, "instance"?}`.
///
/// Deserialized leniently: `status` may be a number or a numeric string, a missing
/// `title` reads as empty, a non-string `detail` is kept as its JSON text, and other
/// keys are ignored (a 401 may add `connectionParams`, the IMAP/SMTP settings of a mail
/// account being connected; this messaging SDK does not use them).
///
/// ```
/// use unipile_core::error::{ApiErrorBody, ErrorType};
/// let body: ApiErrorBody = serde_json::from_str(
///     r#"{"status":"422","type":"errors/no_connection_with_recipient","title":"No connection"}"#,
/// ).unwrap();
/// assert_eq!(body.status, 422);
/// assert_eq!(body.error_type, ErrorType::NoConnectionWithRecipient);
/// assert!(body.is_invalid_recipient());
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ApiErrorBody {
    /// The HTTP status as the body states it; `0` if the body had none (the crate
    /// [`Error`](super::Error) fills in the response's status).
    #[serde(default, deserialize_with = "crate::model::lenient::status_or_zero")]
    pub status: u16,
    /// The error type, such as `errors/invalid_recipient`. Branch on this.
    #[serde(rename = "type")]
    pub error_type: ErrorType,
    /// A short summary for people. Do not branch on it: it may change.
    #[serde(default, deserialize_with = "crate::model::lenient::null_as_default")]
    pub title: String,
    /// More about this occurrence.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::lenient::opt_json_text"
    )]
    pub detail: Option<String>,
    /// An identifier of this occurrence, to quote to Unipile support.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::lenient::opt_json_text"
    )]
    pub instance: Option<String>,
}

impl ApiErrorBody {
    /// A body with its always-present fields.
    pub fn new(status: u16, error_type: ErrorType, title: impl Into<String>) -> Self {
        Self {
            status,
            error_type,
            title: title.into(),
            detail: None,
            instance: None,
        }
    }

    /// Sets `detail`.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Sets `instance`.
    pub fn with_instance(mut self, instance: impl Into<String>) -> Self {
        self.instance = Some(instance.into());
        self
    }

    /// Parses an error response's body; `None` if it is not a JSON error body (an HTML
    /// page from a proxy, say). A missing `status` is taken from `http_status`.
    pub fn parse(http_status: u16, bytes: &[u8]) -> Option<Self> {
        let mut body: ApiErrorBody = serde_json::from_slice(bytes).ok()?;
        if body.status == 0 {
            body.status = http_status;
        }
        Some(body)
    }

    /// Whether the same request may succeed later unchanged: the type says so
    /// ([`ErrorType::is_retryable`]), or, for a type this SDK does not know, the status
    /// is 429, 502, 503 or 504.
    ///
    /// This says the condition is temporary, not that repeating is safe: a send that
    /// may have gone out is never repeated automatically (see [`crate::client::retry`]).
    pub fn is_retryable(&self) -> bool {
        match self.error_type.info() {
            Some(row) => row.retryable,
            None => status_is_transient(self.status),
        }
    }

    /// Whether the account must be reconnected by its owner (see
    /// [`ErrorType::needs_reconnect`]). `false` for a type this SDK does not know, even
    /// with status 401: a 401 may also mean a wrong API key.
    pub fn needs_reconnect(&self) -> bool {
        self.error_type.needs_reconnect()
    }

    /// Whether the API key (or the credentials given to connect an account) is missing
    /// or wrong (see [`ErrorType::needs_credentials_check`]).
    pub fn needs_credentials_check(&self) -> bool {
        self.error_type.needs_credentials_check()
    }

    /// Whether this is a rate limit: status 429 or type `errors/too_many_requests`.
    pub fn is_rate_limit(&self) -> bool {
        self.status == 429 || self.error_type.is_rate_limit()
    }

    /// Whether the recipient cannot receive the message (see
    /// [`ErrorType::is_invalid_recipient`]).
    pub fn is_invalid_recipient(&self) -> bool {
        self.error_type.is_invalid_recipient()
    }

    /// Whether the resource does not exist: status 404, or a not-found type.
    pub fn is_not_found(&self) -> bool {
        self.status == 404 || self.error_type.is_not_found()
    }
}

impl fmt::Display for ApiErrorBody {
    /// One line: `HTTP 422 errors/invalid_recipient: Invalid recipient: <detail>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {} {}", self.status, self.error_type)?;
        if !self.title.trim().is_empty() {
            write!(f, ": {}", OneLine(&self.title, TITLE_LIMIT))?;
        }
        if let Some(detail) = self.detail.as_deref().filter(|d| !d.trim().is_empty()) {
            write!(f, ": {}", OneLine(detail, DETAIL_LIMIT))?;
        }
        Ok(())
    }
}

/// Statuses that mean "try again later" when the body names no type the SDK knows
/// ([`RetryRule::for_status`](super::RetryRule::for_status)).
pub(crate) fn status_is_transient(status: u16) -> bool {
    super::RetryRule::for_status(status) != super::RetryRule::Never
}

const TITLE_LIMIT: usize = 200;
const DETAIL_LIMIT: usize = 300;

/// Writes text on one line (control characters become spaces, runs of whitespace one
/// space), cut after `limit` characters with an ellipsis.
pub(crate) struct OneLine<'a>(pub(crate) &'a str, pub(crate) usize);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut written = 0;
        let mut last_space = false;
        for c in self.0.trim().chars() {
            let c = if c.is_whitespace() || c.is_control() {
                ' '
            } else {
                c
            };
            if c == ' ' && last_space {
                continue;
            }
            if written == self.1 {
                return f.write_str("…");
            }
            last_space = c == ' ';
            fmt::Write::write_char(f, c)?;
            written += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_flattens_and_truncates() {
        assert_eq!(OneLine("  a\n\n b\tc ", 10).to_string(), "a b c");
        assert_eq!(OneLine("abcdef", 3).to_string(), "abc…");
        assert_eq!(OneLine("abc", 3).to_string(), "abc");
    }
}
