//! DSN parsing, the https rule, settings from the environment, and secrets kept out of
//! every `Debug` and error.

use std::collections::HashMap;
use std::ffi::OsString;
use std::time::Duration;
use unipile_http::{
    API_KEY_VAR, ApiKey, ConfigError, DSN_VAR, EnvSettings, HttpConfig, HttpTransport, api_key,
};

const KEY: &str = "sk_live_0123456789abcdef";

fn base(dsn: &str) -> Result<String, String> {
    HttpConfig::builder(dsn)
        .build()
        .map(|c| c.base_url().to_owned())
        .map_err(|e| e.to_string())
}

#[test]
fn dsns_and_base_urls_become_the_api_base() {
    for (given, expected) in [
        (
            "api8.unipile.com:13443",
            "https://api8.unipile.com:13443/api/v1",
        ),
        (
            "  api8.unipile.com:13443\n",
            "https://api8.unipile.com:13443/api/v1",
        ),
        (
            "api8.unipile.com:13443/",
            "https://api8.unipile.com:13443/api/v1",
        ),
        (
            "API8.Unipile.com:13443",
            "https://api8.unipile.com:13443/api/v1",
        ),
        ("api1.unipile.com", "https://api1.unipile.com/api/v1"),
        (
            "https://api8.unipile.com:13443",
            "https://api8.unipile.com:13443/api/v1",
        ),
        (
            "https://api8.unipile.com:13443/",
            "https://api8.unipile.com:13443/api/v1",
        ),
        (
            "https://api8.unipile.com:13443/api/v1",
            "https://api8.unipile.com:13443/api/v1",
        ),
        (
            "https://api8.unipile.com:13443/api/v1/",
            "https://api8.unipile.com:13443/api/v1",
        ),
        (
            "https://gateway.example/unipile/api/v1",
            "https://gateway.example/unipile/api/v1",
        ),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v1"),
        (
            "http://127.1.2.3:8080/api/v1",
            "http://127.1.2.3:8080/api/v1",
        ),
        ("http://localhost:3000", "http://localhost:3000/api/v1"),
        ("http://LOCALHOST:3000", "http://localhost:3000/api/v1"),
        ("http://[::1]:8080", "http://[::1]:8080/api/v1"),
        ("127.0.0.1:8443", "https://127.0.0.1:8443/api/v1"),
    ] {
        assert_eq!(base(given).as_deref(), Ok(expected), "{given:?}");
    }
}

#[test]
fn a_bad_dsn_says_what_is_wrong_with_it() {
    for (given, complaint) in [
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("api8.unipile.com:99999", "not a valid URL"),
        ("api8.unipile.com:port", "not a valid URL"),
        ("https://", "not a valid URL"),
        (
            "ftp://api8.unipile.com:13443",
            "the scheme `ftp` is not supported",
        ),
        (
            "https://api8.unipile.com:13443/api/v2",
            "expected no path or one ending in `/api/v1`",
        ),
        (
            "https://api8.unipile.com:13443/messages",
            "it has the path `/messages`",
        ),
        (
            "https://api8.unipile.com:13443/api/v1?x=1",
            "it has a query",
        ),
        ("https://api8.unipile.com:13443/#top", "it has a fragment"),
        ("http://api8.unipile.com:13443", "not loopback"),
        ("http://10.0.0.5:8080", "not loopback"),
        ("http://localhost.example.com", "not loopback"),
    ] {
        let error = base(given).expect_err(given);
        assert!(
            error.starts_with("invalid Unipile DSN `"),
            "{given:?}: {error}"
        );
        assert!(error.contains(complaint), "{given:?}: {error}");
    }
}

#[test]
fn plain_http_elsewhere_than_loopback_needs_explicit_consent() {
    let error = HttpConfig::builder("http://api8.unipile.com:13443")
        .build()
        .expect_err("refused by default");
    assert!(matches!(error, ConfigError::InvalidDsn { .. }), "{error:?}");
    assert!(
        error.to_string().contains("allow_insecure_http(true)"),
        "{error}"
    );

    let config = HttpConfig::builder("http://api8.unipile.com:13443")
        .allow_insecure_http(true)
        .build()
        .expect("allowed when asked");
    assert_eq!(config.base_url(), "http://api8.unipile.com:13443/api/v1");
    assert!(!config.is_loopback());
    assert!(
        HttpConfig::builder("http://127.0.0.1:1")
            .build()
            .expect("loopback")
            .is_loopback()
    );
}

#[test]
fn credentials_in_a_dsn_are_refused_and_not_repeated() {
    for given in [
        "https://admin:hunter2@api8.unipile.com:13443",
        "hunter2@api8.unipile.com:13443",
    ] {
        let error = base(given).expect_err(given);
        assert!(error.contains("user name or password"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
        assert!(
            error.contains("<redacted>@api8.unipile.com:13443"),
            "{error}"
        );
    }
}

#[test]
fn timeouts_have_defaults_and_must_be_positive() {
    let config = HttpConfig::builder("api8.unipile.com:13443")
        .build()
        .expect("config");
    assert_eq!(config.connect_timeout(), Duration::from_secs(10));
    assert_eq!(config.request_timeout(), Duration::from_secs(60));
    assert_eq!(config.read_timeout(), Duration::from_secs(30));

    let config = HttpConfig::builder("api8.unipile.com:13443")
        .connect_timeout(Duration::from_secs(3))
        .request_timeout(Duration::from_secs(9))
        .read_timeout(Duration::from_secs(4))
        .build()
        .expect("config");
    assert_eq!(config.connect_timeout(), Duration::from_secs(3));
    assert_eq!(config.request_timeout(), Duration::from_secs(9));
    assert_eq!(config.read_timeout(), Duration::from_secs(4));

    let error = HttpConfig::builder("api8.unipile.com:13443")
        .request_timeout(Duration::ZERO)
        .build()
        .expect_err("zero");
    assert_eq!(
        error.to_string(),
        "invalid setting `request_timeout`: must be greater than zero"
    );
}

#[test]
fn an_https_transport_builds_without_touching_the_network() {
    let config = HttpConfig::builder("api8.unipile.com:13443")
        .build()
        .expect("config");
    let transport = HttpTransport::new(config.clone()).expect("TLS initialises");
    assert_eq!(transport.config(), &config);
}

fn vars(pairs: &[(&str, &str)]) -> impl FnMut(&str) -> Option<OsString> + use<> {
    let map: HashMap<String, OsString> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), OsString::from(*v)))
        .collect();
    move |name| map.get(name).cloned()
}

#[test]
fn settings_debug_hides_the_key_and_dsn_credentials() {
    let settings = EnvSettings::from_vars(vars(&[
        (DSN_VAR, "user:hunter2@api8.unipile.com:13443"),
        (API_KEY_VAR, KEY),
    ]))
    .expect("settings are read; the DSN is checked when a config is built");
    let shown = format!("{settings:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(!shown.contains(KEY), "{shown}");
    assert!(shown.contains("api8.unipile.com:13443"), "{shown}");
}

#[test]
fn settings_come_from_the_two_variables() {
    let settings = EnvSettings::from_vars(vars(&[
        (DSN_VAR, "api8.unipile.com:13443"),
        (API_KEY_VAR, &format!(" {KEY}\n")),
    ]))
    .expect("settings");
    assert_eq!(settings.dsn, "api8.unipile.com:13443");
    assert_eq!(
        settings.api_key.expose(),
        KEY,
        "surrounding whitespace is trimmed"
    );

    let (transport, key) = HttpTransport::from_settings(settings).expect("transport");
    assert_eq!(
        transport.config().base_url(),
        "https://api8.unipile.com:13443/api/v1"
    );
    // The one key type of the SDK: core's, ready for `Client::new`.
    let key: unipile_core::client::ApiKey = key;
    assert_eq!(key, ApiKey::new(KEY));
}

#[test]
fn a_missing_or_bad_variable_is_named() {
    let missing_dsn = EnvSettings::from_vars(vars(&[(API_KEY_VAR, KEY)])).expect_err("no DSN");
    assert_eq!(
        missing_dsn.to_string(),
        "environment variable UNIPILE_DSN is not set"
    );

    let missing_key =
        EnvSettings::from_vars(vars(&[(DSN_VAR, "api8.unipile.com:13443")])).expect_err("no key");
    assert!(matches!(
        missing_key,
        ConfigError::MissingVar {
            name: "UNIPILE_API_KEY"
        }
    ));
    assert_eq!(
        missing_key.to_string(),
        "environment variable UNIPILE_API_KEY is not set"
    );

    let empty_key = EnvSettings::from_vars(vars(&[
        (DSN_VAR, "api8.unipile.com:13443"),
        (API_KEY_VAR, "  "),
    ]))
    .expect_err("empty key");
    assert_eq!(
        empty_key.to_string(),
        "environment variable UNIPILE_API_KEY: it is empty"
    );

    let broken_key = EnvSettings::from_vars(vars(&[
        (DSN_VAR, "api8.unipile.com:13443"),
        (API_KEY_VAR, "sk_live_abc\u{7f}def"),
    ]))
    .expect_err("control character");
    let shown = format!("{broken_key} {broken_key:?}");
    assert!(shown.contains("UNIPILE_API_KEY"), "{shown}");
    assert!(shown.contains("character 12"), "{shown}");
    assert!(!shown.contains("sk_live_abc"), "{shown}");

    let settings = EnvSettings::from_vars(vars(&[
        (DSN_VAR, "http://api8.unipile.com:13443"),
        (API_KEY_VAR, KEY),
    ]))
    .expect("settings");
    let bad_dsn = HttpTransport::from_settings(settings).expect_err("plain http");
    let shown = bad_dsn.to_string();
    assert!(
        shown.starts_with(
            "environment variable UNIPILE_DSN: invalid Unipile DSN `http://api8.unipile.com:13443`"
        ),
        "{shown}"
    );
    assert!(!shown.contains(KEY), "{shown}");
}

#[cfg(unix)]
#[test]
fn a_variable_that_is_not_utf8_is_named() {
    use std::os::unix::ffi::OsStringExt;
    let error = EnvSettings::from_vars(|name| {
        Some(if name == API_KEY_VAR {
            OsString::from_vec(vec![b's', b'k', 0xff])
        } else {
            OsString::from("api8.unipile.com:13443")
        })
    })
    .expect_err("not UTF-8");
    assert_eq!(
        error.to_string(),
        "environment variable UNIPILE_API_KEY: it is not valid UTF-8"
    );
}

#[test]
fn the_key_never_shows_in_debug() {
    let key = api_key(KEY).expect("key");
    assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
    assert_eq!(format!("{key}"), "<redacted>");

    let settings = EnvSettings::from_vars(vars(&[
        (DSN_VAR, "api8.unipile.com:13443"),
        (API_KEY_VAR, KEY),
    ]))
    .expect("settings");
    let settings_shown = format!("{settings:?} {settings:#?}");
    let (transport, key) = HttpTransport::from_settings(settings).expect("transport");
    let shown = format!(
        "{settings_shown} {transport:?} {transport:#?} {:?} {key:?}",
        transport.config()
    );
    assert!(!shown.contains(KEY), "{shown}");
    assert!(!shown.contains("0123456789abcdef"), "{shown}");
    assert!(
        shown.contains("https://api8.unipile.com:13443/api/v1"),
        "{shown}"
    );
}

#[test]
fn an_unusable_key_is_refused_without_repeating_it() {
    for bad in ["", "sk live", "sk_live\r\nX: y", "sk_lïve"] {
        let error = api_key(bad).expect_err(bad);
        assert!(
            matches!(error, ConfigError::InvalidApiKey { .. }),
            "{error:?}"
        );
        if !bad.is_empty() {
            assert!(!error.to_string().contains(bad), "{error}");
            assert!(!format!("{error:?}").contains("sk"), "{error:?}");
        }
    }
}
