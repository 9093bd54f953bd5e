//! Which Unipile the commands talk to: yours (DSN and API key), or the embedded fake
//! with demo data when neither is set.

use crate::cli::GlobalArgs;
use crate::failure::Failure;
use unipile_core::client::Client;
use unipile_core::client::retry::RetryPolicy;
use unipile_http::{HttpConfig, TokioSleeper};
use unipile_mock::FakeUnipile;

/// The note printed once on stderr when the demo data is used.
pub const DEMO_NOTE: &str = "note: UNIPILE_DSN and UNIPILE_API_KEY are not set; using the \
embedded demo data (nothing leaves this machine)";

/// A client, and the embedded fake behind it when there is one.
#[derive(Debug)]
pub struct Backend {
    /// The client every command uses.
    pub client: Client,
    /// The embedded fake, when neither the DSN nor the key is set.
    pub fake: Option<FakeUnipile>,
}

/// Connects as the flags and environment say; prints the demo note when it falls back
/// to the embedded fake.
pub fn connect(global: &GlobalArgs) -> Result<Backend, Failure> {
    let dsn = global.dsn.as_deref().filter(|v| !v.trim().is_empty());
    let key = global.api_key.as_deref().filter(|v| !v.trim().is_empty());
    let policy = RetryPolicy::default().with_max_attempts(global.retries.saturating_add(1));
    match (dsn, key) {
        (None, None) => {
            eprintln!("{DEMO_NOTE}");
            let fake = FakeUnipile::demo();
            Ok(Backend {
                client: fake_client(&fake, policy),
                fake: Some(fake),
            })
        }
        (Some(_), None) => Err(Failure::Usage(
            "UNIPILE_DSN is set but UNIPILE_API_KEY is not: set UNIPILE_API_KEY (or pass \
             --api-key), or unset UNIPILE_DSN to use the embedded demo data"
                .to_owned(),
        )),
        (None, Some(_)) => Err(Failure::Usage(
            "UNIPILE_API_KEY is set but UNIPILE_DSN is not: set UNIPILE_DSN (or pass --dsn) \
             to your DSN, such as api8.unipile.com:13443, or unset UNIPILE_API_KEY to use \
             the embedded demo data"
                .to_owned(),
        )),
        (Some(dsn), Some(key)) => {
            let config = HttpConfig::builder(dsn)
                .build()
                .map_err(|e| Failure::Usage(e.to_string()))?;
            let key = unipile_http::api_key(key).map_err(|e| Failure::Usage(e.to_string()))?;
            let client = unipile_http::client_builder(config, key)
                .map_err(|e| Failure::Usage(e.to_string()))?
                .retry_policy(policy)
                .build();
            Ok(Backend { client, fake: None })
        }
    }
}

/// A client over the embedded fake, in process.
fn fake_client(fake: &FakeUnipile, policy: RetryPolicy) -> Client {
    Client::builder(fake.clone(), fake.api_key())
        .retry_policy(policy)
        .sleeper(TokioSleeper)
        .build()
}
