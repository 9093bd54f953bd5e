//! The API key and reading the settings from the environment.

use crate::error::ConfigError;
use std::ffi::OsString;
use unipile_core::client::ApiKey;

/// The environment variable holding the DSN (`api8.unipile.com:13443`).
pub const DSN_VAR: &str = "UNIPILE_DSN";

/// The environment variable holding the API key (the access token).
pub const API_KEY_VAR: &str = "UNIPILE_API_KEY";

/// Checks an API key as read from a setting, and wraps it in core's [`ApiKey`], the one
/// key type of the SDK (the [`Client`](unipile_core::client::Client) sends it as a
/// sensitive `X-API-KEY` header on every request).
///
/// Surrounding whitespace is trimmed (a key pasted with a newline).
///
/// ```
/// let key = unipile_http::api_key(" sk_live_123\n")?;
/// assert_eq!(key.expose(), "sk_live_123");
/// assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
/// assert!(unipile_http::api_key("sk live").is_err());
/// # Ok::<(), unipile_http::ConfigError>(())
/// ```
///
/// # Errors
/// [`ConfigError::InvalidApiKey`] if the key is empty or holds a character that cannot
/// travel in an HTTP header (a control character, a non-ASCII character, inner
/// whitespace). The error never repeats the key.
pub fn api_key(key: &str) -> Result<ApiKey, ConfigError> {
    let trimmed = key.trim();
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
    Ok(ApiKey::new(trimmed))
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
#[derive(Clone)]
#[non_exhaustive]
pub struct EnvSettings {
    /// The DSN, as set (checked when a configuration is built from it).
    pub dsn: String,
    /// The API key, checked by [`api_key`].
    pub api_key: ApiKey,
}

impl std::fmt::Debug for EnvSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A DSN with `user:password@` is refused later, but must not be shown now either.
        f.debug_struct("EnvSettings")
            .field("dsn", &crate::config::redact_userinfo(&self.dsn))
            .field("api_key", &self.api_key)
            .finish()
    }
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
        let api_key = api_key(&key).map_err(|e| match e {
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
