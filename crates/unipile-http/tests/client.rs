//! The ready-made client: core's `Client` over `HttpTransport`, the key added by the
//! client (once, never shown), retries waited out on tokio's timer, and the settings
//! read from the environment.

mod support;

use std::time::Duration;
use support::{TestServer, guarded, response};
use unipile_core::client::retry::{RetryPolicy, Sleeper};
use unipile_core::request::ListAccounts;
use unipile_http::{
    API_KEY_VAR, ApiKey, ConfigError, DSN_VAR, HttpConfig, TokioSleeper, api_key, client,
    client_builder, client_from_env,
};

const KEY: &str = "sk_live_client_secret_42";
const EMPTY_PAGE: &[u8] = br#"{"object":"AccountList","items":[],"cursor":null}"#;

fn config(server: &TestServer) -> HttpConfig {
    HttpConfig::builder(server.base_url())
        .request_timeout(Duration::from_secs(5))
        .build()
        .expect("config")
}

#[tokio::test]
async fn the_client_sends_its_key_once_and_never_shows_it() {
    let mut server = TestServer::answering(response(
        "200 OK",
        &[("Content-Type", "application/json")],
        EMPTY_PAGE,
    ))
    .await;
    let client = client(config(&server), api_key(KEY).expect("key")).expect("client");

    let page = guarded(client.accounts().list(&ListAccounts::new()))
        .await
        .expect("listed");
    assert!(page.items.is_empty());
    let seen = server.next_request().await;
    assert_eq!(seen.target, "/api/v1/accounts");
    assert_eq!(seen.count("x-api-key"), 1, "{seen:?}");
    assert_eq!(seen.header("x-api-key"), Some(KEY));
    assert_eq!(seen.header("accept"), Some("application/json"));

    let shown = format!("{client:?} {client:#?}");
    assert!(!shown.contains(KEY), "{shown}");
    assert!(shown.contains("HttpTransport"), "{shown}");
}

#[tokio::test]
async fn an_error_names_the_route_and_never_the_key() {
    let server = TestServer::answering(response(
        "401 Unauthorized",
        &[("Content-Type", "application/json")],
        br#"{"status":401,"type":"errors/invalid_credentials","title":"Invalid credentials"}"#,
    ))
    .await;
    let client = client(config(&server), api_key(KEY).expect("key")).expect("client");
    let error = guarded(client.accounts().list(&ListAccounts::new()))
        .await
        .expect_err("401");
    assert_eq!(error.status(), Some(401));
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(KEY), "{shown}");
}

#[tokio::test]
async fn a_read_answered_503_is_retried_with_tokio_waits() {
    let mut unavailable = TestServer::answering(response(
        "503 Service Unavailable",
        &[("Content-Type", "application/json")],
        br#"{"status":503,"type":"errors/service_unavailable","title":"Unavailable"}"#,
    ))
    .await;
    let policy = RetryPolicy::default()
        .with_max_attempts(3)
        .with_base_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(2));
    let retrying = client_builder(config(&unavailable), api_key(KEY).expect("key"))
        .expect("builder")
        .retry_policy(policy)
        .build();

    let error = guarded(retrying.accounts().list(&ListAccounts::new()))
        .await
        .expect_err("503 every time");
    assert_eq!(error.status(), Some(503));
    for _ in 0..3 {
        let seen = unavailable.next_request().await;
        assert_eq!(seen.method, "GET");
        assert_eq!(seen.count("x-api-key"), 1);
    }
    assert!(unavailable.received_nothing(), "more than three attempts");
}

#[test]
fn an_unusable_key_is_refused_before_any_request() {
    let config = HttpConfig::builder("api8.unipile.com:13443")
        .build()
        .expect("config");
    for bad in ["", "   ", "sk live", "sk_live\r\nX-Injected: 1"] {
        let error = client(config.clone(), ApiKey::new(bad)).expect_err(bad);
        assert!(
            matches!(error, ConfigError::InvalidApiKey { .. }),
            "{error:?}"
        );
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("sk"), "{shown}");
    }
}

#[tokio::test(start_paused = true)]
async fn the_tokio_sleeper_waits_on_the_runtime_clock() {
    let start = tokio::time::Instant::now();
    TokioSleeper.sleep(Duration::ZERO).await;
    assert_eq!(start.elapsed(), Duration::ZERO);
    TokioSleeper.sleep(Duration::from_secs(90)).await;
    assert!(start.elapsed() >= Duration::from_secs(90));
}

/// Set in the child process that `client_from_env` runs in, so the test can give it an
/// environment of its own (this process's environment is shared by every test).
const PROBE: &str = "UNIPILE_HTTP_ENV_PROBE";

/// The child's side: builds a client from the environment and prints the outcome.
#[test]
fn client_from_env_probe() {
    if std::env::var_os(PROBE).is_none() {
        return;
    }
    match client_from_env() {
        Ok(client) => println!("\nprobe: ok {client:?}"),
        Err(error) => println!("\nprobe: error {error}"),
    }
}

fn probe(vars: &[(&str, &str)]) -> String {
    let mut command = std::process::Command::new(std::env::current_exe().expect("test binary"));
    command
        .args([
            "--exact",
            "client_from_env_probe",
            "--nocapture",
            "--test-threads=1",
        ])
        .env_remove(DSN_VAR)
        .env_remove(API_KEY_VAR)
        .env(PROBE, "1");
    for (name, value) in vars {
        command.env(name, value);
    }
    let output = command.output().expect("the probe runs");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("probe: "))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no probe line in {stdout}"))
}

#[test]
fn client_from_env_names_the_missing_variable() {
    assert_eq!(
        probe(&[(API_KEY_VAR, KEY)]),
        "error environment variable UNIPILE_DSN is not set"
    );
    assert_eq!(
        probe(&[(DSN_VAR, "api8.unipile.com:13443")]),
        "error environment variable UNIPILE_API_KEY is not set"
    );
    let bad_dsn = probe(&[(DSN_VAR, "ftp://api8.unipile.com"), (API_KEY_VAR, KEY)]);
    assert!(
        bad_dsn.starts_with("error environment variable UNIPILE_DSN: invalid Unipile DSN"),
        "{bad_dsn}"
    );
    let bad_key = probe(&[(DSN_VAR, "api8.unipile.com:13443"), (API_KEY_VAR, "sk bad")]);
    assert!(
        bad_key.starts_with("error environment variable UNIPILE_API_KEY:"),
        "{bad_key}"
    );
    assert!(!bad_key.contains("sk bad"), "{bad_key}");

    let ok = probe(&[(DSN_VAR, "api8.unipile.com:13443"), (API_KEY_VAR, KEY)]);
    assert!(ok.starts_with("ok Client"), "{ok}");
    assert!(ok.contains("https://api8.unipile.com:13443/api/v1"), "{ok}");
    assert!(!ok.contains(KEY), "{ok}");
}
