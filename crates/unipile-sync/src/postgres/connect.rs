//! Opening a PostgreSQL store: the URL, TLS, the pool, the schema, and errors that
//! never show the password.

use crate::error::{StoreError, redact_url, scrub};
use crate::migrations::{MIGRATIONS, MIGRATIONS_TABLE, latest_version};
use chrono::Utc;
use deadpool_postgres::{Manager, ManagerConfig, Pool, PoolError, RecyclingMethod, Runtime};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio_postgres::NoTls;
use tokio_postgres::config::{Host, SslMode};
use tokio_postgres::error::SqlState;

/// How to connect, beyond what the URL says.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct PostgresOptions {
    /// The schema (namespace) to keep the tables in, created if missing; the user's
    /// default `search_path` when `None`. Letters, digits and `_` only.
    pub schema: Option<String>,
    /// The most connections the pool opens (16 when `None`).
    pub max_connections: Option<usize>,
    /// How long to wait for the server to answer a connection (10 s when `None`, or the
    /// URL's `connect_timeout`).
    pub connect_timeout: Option<Duration>,
}

impl PostgresOptions {
    /// Options that keep the tables in `schema`.
    pub fn with_schema(schema: impl Into<String>) -> Self {
        Self {
            schema: Some(schema.into()),
            ..Self::default()
        }
    }
}

/// What a connection needs to describe itself and its errors without the password.
#[derive(Clone)]
pub(crate) struct Identity {
    /// `user@host:port/database`.
    pub target: String,
    /// Everything that must never be shown: the password, raw and decoded.
    pub secrets: Arc<Vec<String>>,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("target", &self.target)
            .finish_non_exhaustive()
    }
}

impl Identity {
    /// An error of `operation`, with the secrets scrubbed from the database's words.
    pub fn error(&self, operation: &'static str, error: &dyn std::error::Error) -> StoreError {
        StoreError::Database {
            operation,
            message: scrub(&chain(error), &self.secrets),
        }
    }

    /// The error of a failed connection: refused credentials, unreachable server, or
    /// something else the server said.
    pub fn connect_error(&self, error: &PoolError) -> StoreError {
        let message = scrub(&chain(error), &self.secrets);
        let target = self.target.clone();
        match error {
            PoolError::Backend(e) => match e.code() {
                Some(code)
                    if *code == SqlState::INVALID_PASSWORD
                        || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
                {
                    StoreError::Authentication { target, message }
                }
                Some(_) => StoreError::Database {
                    operation: "connecting to PostgreSQL",
                    message: format!("{target}: {message}"),
                },
                None => StoreError::Unreachable { target, message },
            },
            _ => StoreError::Unreachable { target, message },
        }
    }
}

/// An error and its sources, joined by `: `.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        let more = e.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        source = e.source();
    }
    text
}

/// The URL without its user-info password, and that password decoded.
///
/// The user info ends at the last `@`, and the password at the first `:` after the
/// user name, so a password may hold `@`, `/` or `:` raw as well as percent-encoded.
fn split_password(url: &str) -> (String, Option<String>, Vec<String>) {
    let Some(scheme_end) = url.find("://") else {
        return (url.to_owned(), None, Vec::new());
    };
    let (scheme, rest) = url.split_at(scheme_end + 3);
    let Some(at) = rest.rfind('@') else {
        return (url.to_owned(), None, Vec::new());
    };
    let Some((user, raw)) = rest[..at].split_once(':') else {
        return (url.to_owned(), None, Vec::new());
    };
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_or_else(|_| raw.to_owned(), |p| p.into_owned());
    let secrets = vec![raw.to_owned(), decoded.clone()];
    (
        format!("{scheme}{user}{}", &rest[at..]),
        Some(decoded),
        secrets,
    )
}

/// Parses `url` into a connection configuration, its identity, and the TLS to use.
pub(crate) fn configure(
    url: &str,
    options: &PostgresOptions,
) -> Result<(tokio_postgres::Config, Identity), StoreError> {
    let (without_password, password, mut secrets) = split_password(url);
    let invalid = |reason: String| StoreError::InvalidUrl {
        url: redact_url(url),
        reason,
    };
    let mut config = tokio_postgres::Config::from_str(&without_password)
        .map_err(|e| invalid(scrub(&chain(&e), &secrets)))?;
    if let Some(password) = password {
        config.password(password);
    }
    if let Some(password) = config.get_password() {
        secrets.push(String::from_utf8_lossy(password).into_owned());
    }
    if let Some(schema) = &options.schema {
        if schema.is_empty()
            || !schema
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(invalid(format!(
                "the schema name `{schema}` may hold only letters, digits and `_`"
            )));
        }
        let search_path = format!("-c search_path={schema}");
        let all = match config.get_options() {
            Some(given) => format!("{given} {search_path}"),
            None => search_path,
        };
        config.options(all);
    }
    if let Some(timeout) = options.connect_timeout {
        config.connect_timeout(timeout);
    } else if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(host)) => host.clone(),
        #[cfg(unix)]
        Some(Host::Unix(dir)) => dir.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("(default user)");
    let database = config.get_dbname().unwrap_or(user);
    let target = format!("{user}@{host}:{port}/{database}");
    Ok((
        config,
        Identity {
            target,
            secrets: Arc::new(secrets),
        },
    ))
}

/// TLS through rustls, verifying the server's certificate against the system's roots.
fn rustls_connector() -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    let mut roots = rustls::RootCertStore::empty();
    let found = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(found.certs);
    if roots.is_empty() {
        return Err("no trusted root certificates found on this system".to_owned());
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| e.to_string())?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// Builds the pool: TLS when the URL asks for it (`sslmode=require`), plain otherwise.
pub(crate) fn pool(
    mut config: tokio_postgres::Config,
    identity: &Identity,
    options: &PostgresOptions,
) -> Result<Pool, StoreError> {
    let manager_config = ManagerConfig {
        recycling_method: RecyclingMethod::Fast,
    };
    let manager = if config.get_ssl_mode() == SslMode::Require {
        let tls = rustls_connector().map_err(|message| StoreError::Unreachable {
            target: identity.target.clone(),
            message,
        })?;
        Manager::from_config(config, tls, manager_config)
    } else {
        // `prefer` (the default) would try TLS without verifying anything: be plain
        // and say so; ask for `sslmode=require` to encrypt.
        config.ssl_mode(SslMode::Disable);
        Manager::from_config(config, NoTls, manager_config)
    };
    Pool::builder(manager)
        .max_size(options.max_connections.unwrap_or(16).max(1))
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(60)))
        .build()
        .map_err(|e| StoreError::database("building the PostgreSQL connection pool", e))
}

/// Creates the schema if asked and applies the migrations not applied yet, under an
/// advisory lock so that processes starting together migrate once.
pub(crate) async fn migrate(
    pool: &Pool,
    identity: &Identity,
    schema: Option<&str>,
) -> Result<(), StoreError> {
    let fail = |e: tokio_postgres::Error| identity.error("migrating the PostgreSQL schema", &e);
    let mut client = pool.get().await.map_err(|e| identity.connect_error(&e))?;
    let tx = client.transaction().await.map_err(fail)?;
    let lock_name = schema.unwrap_or("");
    tx.execute(
        "SELECT pg_advisory_xact_lock(7254310, hashtext(COALESCE(NULLIF($1, ''), current_schema())))",
        &[&lock_name],
    )
    .await
    .map_err(fail)?;
    if let Some(schema) = schema {
        // Checked to be letters, digits and `_` by `configure`.
        tx.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
            .await
            .map_err(fail)?;
    }
    tx.batch_execute(MIGRATIONS_TABLE).await.map_err(fail)?;
    let current: i32 = tx
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            &[],
        )
        .await
        .map_err(fail)?
        .get(0);
    let current = u32::try_from(current).unwrap_or(0);
    if current > latest_version() {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known: latest_version(),
        });
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
        tx.batch_execute(migration.postgres).await.map_err(fail)?;
        let version = i32::try_from(migration.version).unwrap_or(i32::MAX);
        let applied_at = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            &[&version, &migration.name, &applied_at],
        )
        .await
        .map_err(fail)?;
    }
    tx.commit().await.map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_with_at_and_slash_is_taken_whole() {
        let (url, password, _) = split_password("postgres://app:Zq/9@x%2F@db.host:5433/main");
        assert_eq!(url, "postgres://app@db.host:5433/main");
        assert_eq!(password.as_deref(), Some("Zq/9@x/"));
    }

    #[test]
    fn the_target_names_user_host_port_and_database() {
        let (_, identity) = configure(
            "postgresql://app:pw@db.host:5433/main",
            &PostgresOptions::default(),
        )
        .expect("valid");
        assert_eq!(identity.target, "app@db.host:5433/main");
    }

    #[test]
    fn a_bad_schema_name_is_refused_by_name() {
        let error = configure(
            "postgres://app:pw@localhost/db",
            &PostgresOptions::with_schema("x; DROP"),
        )
        .expect_err("refused");
        assert!(error.to_string().contains("`x; DROP`"), "{error}");
    }
}
