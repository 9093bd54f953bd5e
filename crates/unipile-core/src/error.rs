//! Errors: the API's error body, and the one error type of this crate.

use std::fmt;

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
