//! Logs on stderr: `-v`, `-vv`, `-q` and `RUST_LOG`, and never a secret in them.

use crate::support::{FakeServer, expect_code, run, stderr, stdout, unipile};
use unipile_mock::FakeUnipile;

/// The span the HTTP transport opens for each request.
const REQUEST_SPAN: &str = "unipile_http.request";

#[test]
fn by_default_only_warnings_are_logged() {
    let server = FakeServer::start();
    let output = run(server.unipile().args(["accounts", "list"]));
    expect_code(&output, 0);
    assert!(
        !stderr(&output).contains(REQUEST_SPAN),
        "{}",
        stderr(&output)
    );
}

#[test]
fn very_verbose_logs_each_request_without_the_api_key() {
    let server = FakeServer::start();
    let key = server.fake.api_key().to_owned();
    assert!(!key.is_empty());
    let output = run(server.unipile().args(["-vv", "chats", "list", "--all"]));
    expect_code(&output, 0);
    let err = stderr(&output);
    assert!(err.contains(REQUEST_SPAN), "a span per request:\n{err}");
    assert!(err.contains("route=\"/chats\""), "{err}");
    assert!(err.contains("status=200"), "{err}");
    assert!(!err.contains(&key), "the API key is in the log:\n{err}");
    // The list itself still goes to stdout alone.
    assert!(!stdout(&output).contains(REQUEST_SPAN));
}

#[test]
fn very_verbose_never_logs_the_webhook_secret() {
    let server = FakeServer::start();
    let secret = "wh-s3cr3t-for-the-log-test";
    let output = run(server.unipile().args([
        "-vv",
        "webhooks",
        "create",
        "--url",
        "https://example.com/unipile",
        "--secret",
        secret,
    ]));
    expect_code(&output, 0);
    let err = stderr(&output);
    assert!(err.contains(REQUEST_SPAN), "{err}");
    assert!(!err.contains(secret), "the secret is in the log:\n{err}");
    assert!(!err.contains(server.fake.api_key()), "{err}");
    let output = run(server.unipile().args(["-vv", "webhooks", "list"]));
    expect_code(&output, 0);
    assert!(!stderr(&output).contains(secret), "{}", stderr(&output));
}

#[test]
fn very_verbose_on_the_embedded_demo_data_does_not_log_its_key() {
    let key = FakeUnipile::demo().api_key().to_owned();
    let output = run(unipile().args(["-vv", "messages", "list", "--limit", "3"]));
    expect_code(&output, 0);
    let err = stderr(&output);
    assert!(err.contains("embedded demo data"), "{err}");
    assert!(!err.contains(&key), "{err}");
}

#[test]
fn rust_log_replaces_the_flags() {
    let server = FakeServer::start();
    let output = run(server
        .unipile()
        .env("RUST_LOG", "unipile_http=debug")
        .args(["accounts", "list"]));
    expect_code(&output, 0);
    assert!(
        stderr(&output).contains(REQUEST_SPAN),
        "{}",
        stderr(&output)
    );

    let output = run(server
        .unipile()
        .env("RUST_LOG", "unipile_http=[")
        .args(["accounts", "list"]));
    expect_code(&output, 0);
    assert!(
        stderr(&output).contains("RUST_LOG ignored"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn quiet_and_verbose_together_are_bad_usage() {
    let output = run(unipile().args(["-q", "-v", "ids", "classify", "x"]));
    expect_code(&output, 2);
    assert!(stderr(&output).contains("--quiet"), "{}", stderr(&output));
}
