//! Why a command failed, and the exit code that tells it apart.

use std::fmt;
use std::process::ExitCode;
use unipile_core::error::{Error, ErrorKind};
use unipile_core::sync::IncompletePass;

/// The exit codes, as `--help` and the crate docs list them.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  a local failure (a file or database that cannot be read or written, a port in use)
  2  bad usage: unknown flag, missing argument, an unknown --provider, UNIPILE_DSN
     without UNIPILE_API_KEY or the reverse, an unusable DSN
  3  the API answered with an error (its type and title are printed), with a body
     that does not decode, or with a list that stops before its end
  4  network failure: no usable answer (connection refused, timeout, dropped connection)
  5  invalid input, refused before anything was sent (a limit out of range, an empty
     message, a file too large, an id that cannot be normalized)";

/// A failed command: what to print and which exit code to return.
#[derive(Debug)]
pub enum Failure {
    /// Exit 2: the command line or the configuration is wrong.
    Usage(String),
    /// Exit 3 (API answer) or 4 (network) or 5 (refused before sending), from the SDK.
    Sdk(Error),
    /// Exit 3: answers that each decode but add up to something unusable (a list that
    /// stops before its end).
    BadAnswer(String),
    /// Exit 5: input refused before anything was sent.
    Invalid(String),
    /// Exit 1: a local failure (files, database, sockets).
    Local(String),
}

/// The exit code of an API error answer.
pub const EXIT_API: u8 = 3;
/// The exit code of a network failure.
pub const EXIT_NETWORK: u8 = 4;
/// The exit code of invalid input refused before sending.
pub const EXIT_INVALID: u8 = 5;

impl Failure {
    /// A local failure, with what was being done.
    pub fn local(context: impl fmt::Display, error: impl fmt::Display) -> Self {
        Failure::Local(format!("{context}: {error}"))
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Local(_) => 1,
            Failure::Usage(_) => 2,
            Failure::Invalid(_) => EXIT_INVALID,
            Failure::BadAnswer(_) => EXIT_API,
            Failure::Sdk(error) => match error.kind() {
                ErrorKind::Transport(_) => EXIT_NETWORK,
                ErrorKind::InvalidRequest(_) => EXIT_INVALID,
                _ => EXIT_API,
            },
        }
    }

    /// Prints the failure on stderr, with a hint where one helps.
    pub fn report(&self) -> ExitCode {
        eprintln!("error: {self}");
        if let Failure::Sdk(error) = self {
            if let Some(hint) = credentials_hint(error) {
                eprintln!("  hint: {hint}");
            } else if let Some(wait) = error.retry_after() {
                eprintln!(
                    "  hint: rate limited; try again in {}s",
                    wait.as_secs().max(1)
                );
            } else if matches!(error.kind(), ErrorKind::Transport(_)) {
                eprintln!("  hint: check UNIPILE_DSN and your network connection");
            }
        }
        ExitCode::from(self.exit_code())
    }
}

/// The hint for a credentials error: a wrong or missing API key (check it; nothing about
/// the account helps) is told apart from an account whose credentials expired (its owner
/// must reconnect it).
fn credentials_hint(error: &Error) -> Option<&'static str> {
    if error.needs_credentials_check() {
        Some(
            "the API key was refused: check UNIPILE_API_KEY (or --api-key) and that \
             UNIPILE_DSN is the DSN of the same Unipile account",
        )
    } else if error.needs_reconnect() {
        Some("the account must be reconnected by its owner")
    } else {
        None
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message)
            | Failure::Invalid(message)
            | Failure::BadAnswer(message)
            | Failure::Local(message) => f.write_str(message),
            Failure::Sdk(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Sdk(error)
    }
}

/// A sync pass that could not move its checkpoint: exit 3 when the list stopped before
/// its end (the API's doing), 1 when the pass itself lost track (a local fault).
impl From<IncompletePass> for Failure {
    fn from(incomplete: IncompletePass) -> Self {
        match &incomplete {
            IncompletePass::PagesLeft(_) => Failure::BadAnswer(incomplete.to_string()),
            _ => Failure::Local(incomplete.to_string()),
        }
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(error: rusqlite::Error) -> Self {
        Failure::Local(format!("database: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unipile_core::Cursor;
    use unipile_core::error::InvalidRequest;
    use unipile_core::model::page::Done;
    use unipile_core::transport::{HttpResponse, TransportError, TransportErrorKind};

    fn api_error(status: u16, error_type: &str) -> Error {
        Error::from_response(
            &HttpResponse::new(
                status,
                format!(r#"{{"status":{status},"type":"{error_type}","title":"t"}}"#),
            ),
            chrono::DateTime::UNIX_EPOCH,
        )
    }

    #[test]
    fn a_wrong_api_key_and_an_expired_account_get_different_hints() {
        for bad_key in ["errors/invalid_credentials", "errors/missing_credentials"] {
            let hint = credentials_hint(&api_error(401, bad_key)).expect("a hint");
            assert!(hint.contains("API key"), "{bad_key}: {hint}");
            assert!(!hint.contains("reconnect"), "{bad_key}: {hint}");
        }
        for expired in ["errors/disconnected_account", "errors/expired_credentials"] {
            let hint = credentials_hint(&api_error(401, expired)).expect("a hint");
            assert!(
                hint.contains("reconnected by its owner"),
                "{expired}: {hint}"
            );
        }
        assert_eq!(
            credentials_hint(&api_error(404, "errors/resource_not_found")),
            None
        );
    }

    #[test]
    fn every_kind_of_sdk_error_has_its_own_exit_code() {
        let now = chrono::DateTime::UNIX_EPOCH;
        let api = Error::from_response(
            &HttpResponse::new(
                404,
                r#"{"status":404,"type":"errors/resource_not_found","title":"Not found"}"#,
            ),
            now,
        );
        let network = Error::from(TransportError::new(
            TransportErrorKind::Connect,
            "connection refused",
        ));
        let invalid = Error::from(ErrorKind::InvalidRequest(InvalidRequest::new(
            "limit",
            "must be between 1 and 250",
        )));
        assert_eq!(Failure::from(api).exit_code(), 3);
        assert_eq!(Failure::from(network).exit_code(), 4);
        assert_eq!(Failure::from(invalid).exit_code(), 5);
        assert_eq!(Failure::Usage(String::new()).exit_code(), 2);
        assert_eq!(Failure::Local(String::new()).exit_code(), 1);
    }

    #[test]
    fn a_list_that_stops_before_its_end_is_the_apis_doing() {
        let cut = IncompletePass::PagesLeft(Done::MaxPages(Cursor::new("c2")));
        let failure = Failure::from(cut);
        assert_eq!(failure.exit_code(), 3);
        assert!(
            failure.to_string().contains("not walked to its end"),
            "{failure}"
        );
        let lost = IncompletePass::NotHandedOn { count: 2 };
        assert_eq!(Failure::from(lost).exit_code(), 1);
        assert_eq!(Failure::BadAnswer(String::new()).exit_code(), 3);
    }
}
