//! The API key and reading the settings from the environment.

use crate::error::ConfigError;
use secrecy::{ExposeSecret, SecretString};
use std::ffi::OsString;
use std::fmt;
use unipile_core::transport::HeaderValue;

/// The environment variable holding the DSN (`api8.unipile.com:13443`).
pub const DSN_VAR: &str = "UNIPILE_DSN";

/// The environment variable holding the API key (the access token).
pub const API_KEY_VAR: &str = "UNIPILE_API_KEY";

/// A Unipile API key (the access token sent as `X-API-KEY`).
///
/// Held in memory that is zeroed when dropped, and never shown: `Debug` prints
/// `ApiKey(<redacted>)` and there is no `Display`.
///
/// ```
/// let key = unipile_http::ApiKey::new("sk_live_123")?;
/// assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
/// assert!(key.header_value().is_sensitive());
/// # Ok::<(), unipile_http::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct ApiKey(SecretString);

impl ApiKey {
    /// Wraps a key, trimming surrounding whitespace (a key pasted with a newline).
    ///
    /// # Errors
    /// [`ConfigError::InvalidApiKey`] if the key is empty or holds a character that cannot
    /// travel in an HTTP header (a control character, a non-ASCII character, inner
    /// whitespace). The error never repeats the key.
    pub fn new(key: impl Into<String>) -> Result<Self, ConfigError> {
        let key: String = key.into();
        let secret = SecretString::from(key);
        let trimmed = secret.expose_secret().trim();
        if trimmed.is_empty() {
            return Err(ConfigError::InvalidApiKey {
                reason: "it is empty".to_owned(),
            });
        }
        if let Some(position) = trimmed.chars().position(|c| !c.is_ascii_graphic()) {
            return Err(ConfigError::InvalidApiKey {
                reason: format!(
                    "character {} is not printable ASCII, which an HTTP header cannot carry",
                    position + 1
                ),
            });
        }
        if trimmed.len() == secret.expose_secret().len() {
            return Ok(Self(secret));
        }
        Ok(Self(SecretString::from(trimmed)))
    }

    /// The key itself, for the code that puts it on the wire. Do not log it.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// The key as a sensitive header value, redacted from every `Debug`.
    pub fn header_value(&self) -> HeaderValue {
        HeaderValue::sensitive(self.expose_secret())
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// The DSN and API key as the environment gives them ([`DSN_VAR`], [`API_KEY_VAR`]).
///
/// [`HttpTransport::from_env`](crate::HttpTransport::from_env) uses this; read it yourself
/// to adjust the configuration first:
///
/// ```no_run
/// use std::time::Duration;
/// use unipile_http::{EnvSettings, HttpConfig, HttpTransport};
///
/// let env = EnvSettings::from_env()?;
/// let config = HttpConfig::builder(&env.dsn)
///     .request_timeout(Duration::from_secs(20))
///     .build()?;
/// let transport = HttpTransport::new(config)?;
/// # let _ = (transport, env.api_key);
/// # Ok::<(), unipile_http::ConfigError>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct EnvSettings {
    /// The DSN, as set (checked when a configuration is built from it).
    pub dsn: String,
    /// The API key.
    pub api_key: ApiKey,
}

impl EnvSettings {
    /// Reads [`DSN_VAR`] and [`API_KEY_VAR`] from the process environment.
    ///
    /// # Errors
    /// [`ConfigError::MissingVar`] naming the first variable that is not set,
    /// [`ConfigError::InvalidVar`] naming one that is empty, not UTF-8, or (the key) not
    /// sendable as a header.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|name| std::env::var_os(name))
    }

    /// Reads the same variables through `lookup` (a configuration file, a test's map).
    ///
    /// # Errors
    /// As [`EnvSettings::from_env`].
    pub fn from_vars(
        mut lookup: impl FnMut(&str) -> Option<OsString>,
    ) -> Result<Self, ConfigError> {
        let dsn = read_var(&mut lookup, DSN_VAR)?;
        let key = read_var(&mut lookup, API_KEY_VAR)?;
        let api_key = ApiKey::new(key).map_err(|e| match e {
            ConfigError::InvalidApiKey { reason } => ConfigError::InvalidVar {
                name: API_KEY_VAR,
                reason,
            },
            other => other,
        })?;
        Ok(Self { dsn, api_key })
    }
}

fn read_var(
    lookup: &mut impl FnMut(&str) -> Option<OsString>,
    name: &'static str,
) -> Result<String, ConfigError> {
    let value = lookup(name).ok_or(ConfigError::MissingVar { name })?;
    let value = value.into_string().map_err(|_| ConfigError::InvalidVar {
        name,
        reason: "it is not valid UTF-8".to_owned(),
    })?;
    if value.trim().is_empty() {
        return Err(ConfigError::InvalidVar {
            name,
            reason: "it is empty".to_owned(),
        });
    }
    Ok(value)
}
