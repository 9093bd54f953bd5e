//! Ready-made [`Client`]s over [`HttpTransport`], waiting between retries on tokio's timer.

use crate::config::HttpConfig;
use crate::env::api_key;
use crate::error::ConfigError;
use crate::sleep::TokioSleeper;
use crate::spawn::TokioSpawner;
use crate::transport::HttpTransport;
use unipile_core::client::{ApiKey, Client, ClientBuilder};

/// A [`Client`] for the API at `config`'s base URL, authenticated with `api_key`, with the
/// default retry policy, a [`TokioSleeper`] and a [`TokioSpawner`] (the item streams fetch
/// the page they read ahead as a tokio task).
///
/// ```
/// use unipile_http::{HttpConfig, api_key, client};
///
/// let config = HttpConfig::builder("api8.unipile.com:13443").build()?;
/// let client = client(config, api_key("sk_live_123")?)?;
/// # let _ = client;
/// # Ok::<(), unipile_http::ConfigError>(())
/// ```
///
/// # Errors
/// [`ConfigError::InvalidApiKey`] if the key cannot travel in a header (as
/// [`api_key`](crate::api_key) checks it), [`ConfigError::ClientSetup`] if the HTTP
/// client cannot be built (the TLS backend failed to initialise).
pub fn client(config: HttpConfig, api_key: ApiKey) -> Result<Client, ConfigError> {
    Ok(client_builder(config, api_key)?.build())
}

/// As [`client`], but returns the builder, to set a retry policy (the [`TokioSleeper`] and
/// the [`TokioSpawner`] are already set).
///
/// ```
/// use unipile_core::client::retry::RetryPolicy;
/// use unipile_http::{HttpConfig, api_key, client_builder};
///
/// let config = HttpConfig::builder("api8.unipile.com:13443").build()?;
/// let client = client_builder(config, api_key("sk_live_123")?)?
///     .retry_policy(RetryPolicy::default().with_max_attempts(5))
///     .build();
/// # let _ = client;
/// # Ok::<(), unipile_http::ConfigError>(())
/// ```
///
/// # Errors
/// As [`client`].
pub fn client_builder(config: HttpConfig, key: ApiKey) -> Result<ClientBuilder, ConfigError> {
    let key = api_key(key.expose())?;
    let transport = HttpTransport::new(config)?;
    Ok(Client::builder(transport, key)
        .sleeper(TokioSleeper)
        .spawner(TokioSpawner))
}

/// A [`Client`] configured from the environment: `UNIPILE_DSN` (`api8.unipile.com:13443`)
/// and `UNIPILE_API_KEY`, with default timeouts, the default retry policy, a
/// [`TokioSleeper`] and a [`TokioSpawner`].
///
/// ```no_run
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // UNIPILE_DSN=api8.unipile.com:13443 UNIPILE_API_KEY=…
/// let client = unipile_http::client_from_env()?;
/// let accounts = client
///     .accounts()
///     .list(&unipile_core::request::ListAccounts::new())
///     .await?;
/// println!("{} accounts", accounts.items.len());
/// # Ok(()) }
/// ```
///
/// # Errors
/// [`ConfigError::MissingVar`] naming the variable that is not set (`environment variable
/// UNIPILE_DSN is not set`), [`ConfigError::InvalidVar`] naming the one that is empty, not
/// UTF-8, a DSN the transport cannot use (saying why) or a key that cannot travel in a
/// header; [`ConfigError::ClientSetup`].
pub fn client_from_env() -> Result<Client, ConfigError> {
    let (transport, key) = HttpTransport::from_env()?;
    Ok(Client::builder(transport, key)
        .sleeper(TokioSleeper)
        .spawner(TokioSpawner)
        .build())
}
