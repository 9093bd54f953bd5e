//! The shared-secret header that authenticates Unipile's webhook calls.

use crate::error::InvalidRequest;
use crate::transport::Headers;
use std::fmt;
use subtle::ConstantTimeEq;

/// A shared secret that Unipile sends in a header of every webhook call.
///
/// Unipile v1 does not sign webhooks. Instead, give the webhook a custom header when you
/// create it (`"headers": [{"key": "Unipile-Auth", "value": "<secret>"}]`) and check it
/// on every call with [`verify`](WebhookSecret::verify), before parsing the body.
///
/// The comparison takes the same time whatever the received value holds (only its
/// length may show). Neither `Debug` nor the errors ever show the secret or the value
/// received.
///
/// ```
/// use unipile_core::transport::{HeaderValue, Headers};
/// use unipile_core::webhook::{WebhookAuthError, WebhookSecret};
///
/// let secret = WebhookSecret::new(WebhookSecret::DEFAULT_HEADER, "s3cr3t-from-config")?;
///
/// let mut headers = Headers::new();
/// headers.insert("unipile-auth", HeaderValue::sensitive("s3cr3t-from-config"));
/// assert_eq!(secret.verify(&headers), Ok(()));
///
/// // Frameworks' header maps iterate as (name, value) pairs.
/// let pairs = [("content-type", "application/json"), ("Unipile-Auth", "guess")];
/// assert!(matches!(secret.verify_pairs(pairs), Err(WebhookAuthError::WrongSecret { .. })));
/// # Ok::<(), unipile_core::error::InvalidRequest>(())
/// ```
#[derive(Clone)]
pub struct WebhookSecret {
    header_name: String,
    secret: String,
}

impl WebhookSecret {
    /// The header name most integrations use: `Unipile-Auth`.
    pub const DEFAULT_HEADER: &'static str = "Unipile-Auth";

    /// A secret expected in the header `header_name` (compared case-insensitively).
    ///
    /// Refuses an empty secret, which any caller could match by sending an empty header,
    /// and a header name that HTTP does not allow.
    pub fn new(
        header_name: impl Into<String>,
        secret: impl Into<String>,
    ) -> Result<Self, InvalidRequest> {
        let header_name = header_name.into();
        let secret = secret.into();
        if !is_header_name(&header_name) {
            return Err(InvalidRequest::new(
                "header_name",
                "a header name is a non-empty HTTP token (letters, digits and `!#$%&'*+-.^_|~`)",
            ));
        }
        if secret.trim().is_empty() {
            return Err(InvalidRequest::new(
                "secret",
                "the secret is empty: anyone could send a matching header",
            ));
        }
        if secret.trim() != secret || secret.chars().any(char::is_control) {
            return Err(InvalidRequest::new(
                "secret",
                "the secret cannot start or end with whitespace or hold control characters, \
                 which HTTP does not carry as sent",
            ));
        }
        Ok(Self {
            header_name,
            secret,
        })
    }

    /// The header that carries the secret.
    pub fn header_name(&self) -> &str {
        &self.header_name
    }

    /// The secret itself, to put in the webhook's `headers` when creating it. Keep it out
    /// of logs.
    pub fn expose_secret(&self) -> &str {
        &self.secret
    }

    /// Checks the secret header among `headers`.
    pub fn verify(&self, headers: &Headers) -> Result<(), WebhookAuthError> {
        self.verify_pairs(headers.iter().map(|(name, value)| (name, value.as_str())))
    }

    /// Checks the secret header among `(name, value)` pairs, such as those of an axum or
    /// hyper `HeaderMap` (`secret.verify_pairs(request.headers())`).
    ///
    /// Names compare case-insensitively and surrounding spaces of a value are ignored.
    /// When the header appears more than once, one matching value is enough.
    pub fn verify_pairs<I, N, V>(&self, headers: I) -> Result<(), WebhookAuthError>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<[u8]>,
    {
        let expected = self.secret.as_bytes();
        let mut seen = false;
        let mut matched = subtle::Choice::from(0);
        for (name, value) in headers {
            if !name.as_ref().eq_ignore_ascii_case(&self.header_name) {
                continue;
            }
            seen = true;
            matched |= value.as_ref().trim_ascii().ct_eq(expected);
        }
        match (seen, bool::from(matched)) {
            (_, true) => Ok(()),
            (false, false) => Err(WebhookAuthError::MissingHeader {
                header: self.header_name.clone(),
            }),
            (true, false) => Err(WebhookAuthError::WrongSecret {
                header: self.header_name.clone(),
            }),
        }
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookSecret")
            .field("header_name", &self.header_name)
            .field("secret", &format_args!("<redacted>"))
            .finish()
    }
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Why a webhook call failed the shared-secret check. Never holds the secret or the
/// value received.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum WebhookAuthError {
    /// The call has no such header.
    MissingHeader {
        /// The header's name.
        header: String,
    },
    /// The header does not hold the secret.
    WrongSecret {
        /// The header's name.
        header: String,
    },
}

impl fmt::Display for WebhookAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookAuthError::MissingHeader { header } => {
                write!(f, "webhook call without the `{header}` header")
            }
            WebhookAuthError::WrongSecret { header } => {
                write!(
                    f,
                    "webhook call whose `{header}` header does not hold the secret"
                )
            }
        }
    }
}

impl std::error::Error for WebhookAuthError {}
