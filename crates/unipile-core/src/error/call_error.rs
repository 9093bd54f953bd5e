//! The one error type of this crate.

use super::InvalidRequest;
use super::api_body::{ApiErrorBody, OneLine, status_is_transient};
use super::error_type::ErrorType;
use crate::model::decode::{DecodeError, excerpt};
use crate::transport::{HttpRequest, HttpResponse, Method, TransportError, TransportErrorKind};
use chrono::{DateTime, Utc};
use std::fmt;
use std::time::Duration;

/// Every way a call can fail. See [`Error::kind`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The API answered with an error status (other than 429).
    Api {
        /// The HTTP status.
        status: u16,
        /// The error body, if it was the API's JSON error shape.
        body: Option<ApiErrorBody>,
        /// The start of the response body (at most
        /// [`EXCERPT_LIMIT`](crate::model::decode::EXCERPT_LIMIT) bytes), for people: what a
        /// proxy's HTML page or an unexpected body said.
        excerpt: String,
        /// How long the server asked to wait (its `Retry-After`, as on a 503), unclamped:
        /// kept when the client's retry budget ran out before that wait.
        retry_after: Option<Duration>,
    },
    /// HTTP 429: too many requests.
    RateLimited {
        /// How long the server asked to wait (its `Retry-After`), unclamped.
        retry_after: Option<Duration>,
        /// The error body, if it was the API's JSON error shape.
        body: Option<ApiErrorBody>,
    },
    /// No usable response: the connection failed or timed out.
    Transport(TransportError),
    /// A success response whose body did not have the expected shape.
    Decode {
        /// The HTTP status of the response.
        status: u16,
        /// The JSON path of the bad field, the reason and an excerpt.
        error: DecodeError,
    },
    /// The request was refused before anything was sent.
    InvalidRequest(InvalidRequest),
}

/// Which request failed: safe to log, it holds no id, header or body.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct RequestSummary {
    /// The method.
    pub method: Method,
    /// The route template, such as `/chats/{chat_id}/messages`.
    pub route: &'static str,
    /// How many times the request was sent (more than 1 after retries).
    pub attempts: u32,
}

impl RequestSummary {
    /// A summary of one attempt of `method` on `route`.
    pub fn new(method: Method, route: &'static str) -> Self {
        Self {
            method,
            route,
            attempts: 1,
        }
    }
}

/// The error of this crate: a [`kind`](Error::kind) to match on, plus which request
/// failed.
///
/// `Display` is one line (`POST /chats: HTTP 422 errors/invalid_recipient: …`). Neither
/// `Display` nor `Debug` can show the API key: the error never holds request headers.
///
/// Users usually branch on the helpers:
///
/// ```
/// use unipile_core::error::Error;
/// use unipile_core::transport::HttpResponse;
/// # let now = chrono::DateTime::UNIX_EPOCH;
/// let response = HttpResponse::new(
///     401,
///     r#"{"status":401,"type":"errors/disconnected_account","title":"Disconnected"}"#,
/// );
/// let error = Error::from_response(&response, now);
/// if error.needs_reconnect() {
///     // ask the account's owner to reconnect it
/// } else if error.is_invalid_recipient() {
///     // mark the contact as unreachable
/// } else if error.is_retryable() {
///     // try again later
/// }
/// assert!(error.needs_reconnect());
/// assert_eq!(error.to_string(), "HTTP 401 errors/disconnected_account: Disconnected");
/// ```
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    request: Option<RequestSummary>,
}

impl Error {
    /// An error of `kind`, not yet tied to a request.
    pub fn new(kind: ErrorKind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                request: None,
            }),
        }
    }

    /// Maps an error response (non-2xx) to the right kind in one call: 429 becomes
    /// [`ErrorKind::RateLimited`] with the `Retry-After` read by
    /// [`retry::retry_after`](crate::client::retry::retry_after) (`now` resolves an HTTP date);
    /// any other status becomes [`ErrorKind::Api`], with the JSON error body when there
    /// is one, an excerpt of the body in any case, and the `Retry-After` if there is one.
    ///
    /// Only the status, the `Retry-After` header and the body are read; no other header
    /// is kept.
    pub fn from_response(response: &HttpResponse, now: DateTime<Utc>) -> Self {
        let status = response.status;
        let body = ApiErrorBody::parse(status, &response.body);
        let retry_after = crate::transport::retry_after(&response.headers, now);
        let kind = if status == 429 {
            ErrorKind::RateLimited { retry_after, body }
        } else {
            ErrorKind::Api {
                status,
                body,
                excerpt: excerpt(&response.body),
                retry_after,
            }
        };
        Self::new(kind)
    }

    /// A success response (`status`) whose body could not be decoded.
    pub fn decode(status: u16, error: DecodeError) -> Self {
        Self::new(ErrorKind::Decode { status, error })
    }

    /// Records which request failed and how many times it was sent (1, or more after
    /// retries): its method and route template only, never its path (which holds ids)
    /// nor its headers (which hold the API key).
    pub fn with_request(mut self, request: &HttpRequest, attempts: u32) -> Self {
        self.inner.request = Some(RequestSummary {
            method: request.method,
            route: request.route,
            attempts,
        });
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// What went wrong, by value.
    pub fn into_kind(self) -> ErrorKind {
        self.inner.kind
    }

    /// What went wrong, and which request failed.
    pub fn into_parts(self) -> (ErrorKind, Option<RequestSummary>) {
        let inner = *self.inner;
        (inner.kind, inner.request)
    }

    /// Which request failed, when the client recorded it.
    pub fn request(&self) -> Option<&RequestSummary> {
        self.inner.request.as_ref()
    }

    /// The HTTP status, if a response came back.
    pub fn status(&self) -> Option<u16> {
        match self.kind() {
            ErrorKind::Api { status, .. } | ErrorKind::Decode { status, .. } => Some(*status),
            ErrorKind::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// The API's error body, if there was one.
    pub fn api_body(&self) -> Option<&ApiErrorBody> {
        match self.kind() {
            ErrorKind::Api { body, .. } | ErrorKind::RateLimited { body, .. } => body.as_ref(),
            _ => None,
        }
    }

    /// The API's error type, if there was an error body.
    pub fn error_type(&self) -> Option<&ErrorType> {
        self.api_body().map(|b| &b.error_type)
    }

    /// How long the server asked to wait (its `Retry-After`), for a rate limit or any
    /// other error response that said (a 503, say).
    pub fn retry_after(&self) -> Option<Duration> {
        match self.kind() {
            ErrorKind::RateLimited { retry_after, .. } | ErrorKind::Api { retry_after, .. } => {
                *retry_after
            }
            _ => None,
        }
    }

    /// Whether the same request may succeed later: a rate limit, a retryable API error
    /// ([`ApiErrorBody::is_retryable`]; for a body that is not JSON, status 502, 503 or
    /// 504), or a connection that failed or timed out.
    ///
    /// It says the condition is temporary, not that repeating is safe: after a timeout a
    /// message may already have been sent. The client's retry policy
    /// ([`crate::client::retry`]) already repeated what was safe to repeat.
    pub fn is_retryable(&self) -> bool {
        match self.kind() {
            ErrorKind::Api { status, body, .. } => match body {
                Some(body) => body.is_retryable(),
                None => status_is_transient(*status),
            },
            ErrorKind::RateLimited { .. } => true,
            ErrorKind::Transport(e) => matches!(
                e.kind(),
                TransportErrorKind::Connect | TransportErrorKind::Timeout | TransportErrorKind::Io
            ),
            ErrorKind::Decode { .. } | ErrorKind::InvalidRequest(_) => false,
        }
    }

    /// Whether the account must be reconnected by its owner (see
    /// [`ErrorType::needs_reconnect`]). A 401 without a known account-state type (a
    /// wrong API key, say) is not.
    pub fn needs_reconnect(&self) -> bool {
        self.api_body().is_some_and(ApiErrorBody::needs_reconnect)
    }

    /// Whether the API key (or the credentials given to connect an account) is missing
    /// or wrong (see [`ErrorType::needs_credentials_check`]): check the key and the DSN;
    /// reconnecting an account does not help.
    pub fn needs_credentials_check(&self) -> bool {
        self.api_body()
            .is_some_and(ApiErrorBody::needs_credentials_check)
    }

    /// Whether this is a rate limit (HTTP 429).
    pub fn is_rate_limit(&self) -> bool {
        matches!(self.kind(), ErrorKind::RateLimited { .. })
            || self.api_body().is_some_and(ApiErrorBody::is_rate_limit)
    }

    /// Whether the recipient cannot receive the message (see
    /// [`ErrorType::is_invalid_recipient`]).
    pub fn is_invalid_recipient(&self) -> bool {
        self.api_body()
            .is_some_and(ApiErrorBody::is_invalid_recipient)
    }

    /// Whether the resource does not exist (HTTP 404 or a not-found type).
    pub fn is_not_found(&self) -> bool {
        match self.kind() {
            ErrorKind::Api { status, body, .. } => {
                *status == 404 || body.as_ref().is_some_and(ApiErrorBody::is_not_found)
            }
            _ => false,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self::new(kind)
    }
}

impl From<TransportError> for Error {
    fn from(error: TransportError) -> Self {
        Self::new(ErrorKind::Transport(error))
    }
}

impl From<InvalidRequest> for Error {
    fn from(error: InvalidRequest) -> Self {
        Self::new(ErrorKind::InvalidRequest(error))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("request", &self.inner.request)
            .finish()
    }
}

const EXCERPT_DISPLAY_LIMIT: usize = 120;

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Api {
                body: Some(body), ..
            } => fmt::Display::fmt(body, f),
            ErrorKind::Api {
                status, excerpt, ..
            } => {
                if excerpt.trim().is_empty() {
                    write!(f, "HTTP {status} with an empty body")
                } else {
                    write!(
                        f,
                        "HTTP {status}: {}",
                        OneLine(excerpt, EXCERPT_DISPLAY_LIMIT)
                    )
                }
            }
            ErrorKind::RateLimited { retry_after, body } => {
                match body {
                    Some(body) => write!(f, "rate limited ({body})")?,
                    None => f.write_str("rate limited (HTTP 429)")?,
                }
                if let Some(wait) = retry_after {
                    write!(f, ", retry after {}", DisplayDuration(*wait))?;
                }
                Ok(())
            }
            ErrorKind::Transport(e) => fmt::Display::fmt(e, f),
            ErrorKind::Decode { status, error } => {
                write!(f, "could not decode the HTTP {status} response: {error}")
            }
            ErrorKind::InvalidRequest(e) => write!(f, "request refused before sending: {e}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.inner.kind.to_string();
        if let Some(request) = &self.inner.request {
            // A transport may already name the request in its message: say it once.
            let named = format!("{} {}", request.method, request.route);
            if !kind.contains(&named) {
                write!(f, "{named}: ")?;
            }
        }
        f.write_str(&kind)?;
        if let Some(request) = self.inner.request.as_ref().filter(|r| r.attempts > 1) {
            write!(f, " (after {} attempts)", request.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self.kind() {
            ErrorKind::Transport(e) => Some(e),
            ErrorKind::Decode { error, .. } => Some(error),
            ErrorKind::InvalidRequest(e) => Some(e),
            ErrorKind::Api { .. } | ErrorKind::RateLimited { .. } => None,
        }
    }
}

/// `90s`, `1.5s`, `250ms`.
struct DisplayDuration(Duration);

impl fmt::Display for DisplayDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        if d.subsec_nanos() == 0 {
            write!(f, "{}s", d.as_secs())
        } else if d < Duration::from_secs(1) {
            write!(f, "{}ms", d.as_millis())
        } else {
            write!(f, "{:.1}s", d.as_secs_f64())
        }
    }
}
