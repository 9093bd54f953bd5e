//! Exit codes a script can branch on.

use crate::support::{FakeServer, expect_code, run, stderr, unipile};

#[test]
fn an_api_error_exits_3_with_its_type_and_title() {
    let server = FakeServer::start();
    let output = run(server.unipile().args(["chats", "get", "no-such-chat"]));
    expect_code(&output, 3);
    let err = stderr(&output);
    assert!(err.contains("404"), "{err}");
    assert!(err.contains("errors/resource_not_found"), "{err}");
}

#[test]
fn a_wrong_api_key_and_a_disconnected_account_get_different_hints() {
    let server = FakeServer::start();
    let output = run(server
        .unipile()
        .env("UNIPILE_API_KEY", "not-the-key")
        .args(["chats", "list", "--limit", "1"]));
    expect_code(&output, 3);
    let err = stderr(&output);
    assert!(err.contains("errors/invalid_credentials"), "{err}");
    assert!(err.contains("hint: the API key was refused"), "{err}");
    assert!(!err.contains("reconnect"), "{err}");

    let chat = server.fake.chat_ids()[0].clone();
    let account = server.fake.chat(&chat).expect("chat").account_id;
    assert!(server.fake.disconnect_account(&account));
    let output = run(server.unipile().args(["chats", "get", chat.as_str()]));
    expect_code(&output, 3);
    let err = stderr(&output);
    assert!(err.contains("errors/disconnected_account"), "{err}");
    assert!(
        err.contains("hint: the account must be reconnected by its owner"),
        "{err}"
    );
    assert!(!err.contains("API key"), "{err}");
}

#[test]
fn a_closed_port_exits_4() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let output = run(unipile().args([
        "--dsn",
        &format!("http://127.0.0.1:{port}/api/v1"),
        "--api-key",
        "key",
        "--retries",
        "0",
        "accounts",
        "list",
    ]));
    expect_code(&output, 4);
    assert!(stderr(&output).contains("connect"), "{}", stderr(&output));
}

#[test]
fn bad_usage_exits_2() {
    expect_code(
        &run(unipile().args(["messages", "send", "--text", "no chat"])),
        2,
    );
    expect_code(&run(unipile().args(["no-such-command"])), 2);
}

#[test]
fn only_one_of_dsn_and_key_exits_2_naming_the_missing_one() {
    let output = run(unipile()
        .env("UNIPILE_DSN", "api8.unipile.com:13443")
        .args(["accounts", "list"]));
    expect_code(&output, 2);
    assert!(
        stderr(&output).contains("UNIPILE_API_KEY is not"),
        "{}",
        stderr(&output)
    );

    let output = run(unipile()
        .env("UNIPILE_API_KEY", "k")
        .args(["accounts", "list"]));
    expect_code(&output, 2);
    assert!(
        stderr(&output).contains("UNIPILE_DSN is not"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn input_refused_before_sending_exits_5_and_sends_nothing() {
    let server = FakeServer::start();
    let output = run(server.unipile().args(["messages", "list", "--limit", "0"]));
    expect_code(&output, 5);
    assert!(stderr(&output).contains("limit"));

    let chat = server.fake.chat_ids()[0].clone();
    let output = run(server
        .unipile()
        .args(["messages", "send", "--chat", chat.as_str()]));
    expect_code(&output, 5);
    let output = run(server.unipile().args([
        "messages",
        "send",
        "--chat",
        chat.as_str(),
        "--attach",
        "/no/such/file.pdf",
    ]));
    expect_code(&output, 5);
    assert!(server.fake.sent_messages().is_empty());
}

#[test]
fn help_documents_the_exit_codes() {
    let output = run(unipile().arg("--help"));
    expect_code(&output, 0);
    let help = String::from_utf8_lossy(&output.stdout);
    for line in [
        "Exit codes:",
        "2  bad usage",
        "an unknown --provider",
        "3  the API answered",
        "a list that stops before its end",
        "4  network failure",
        "5  invalid input",
    ] {
        assert!(help.contains(line), "{line} missing from\n{help}");
    }
}
