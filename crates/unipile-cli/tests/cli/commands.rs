//! send, start, list, ids: what a user runs first.

use crate::support::{FakeServer, expect_code, run, stderr, stdout, unipile};
use predicates::prelude::*;
use std::collections::BTreeSet;
use unipile_core::AccountType;

#[test]
fn send_delivers_text_and_files_into_the_chat() {
    let server = FakeServer::start();
    let chat = server.fake.chat_ids()[0].clone();
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, b"%PDF-1.7 demo").expect("write the file");

    let output = run(server
        .unipile()
        .args([
            "messages",
            "send",
            "--chat",
            chat.as_str(),
            "--text",
            "Hello from the CLI 👋",
            "--attach",
        ])
        .arg(&file));
    expect_code(&output, 0);

    let sent = server.fake.sent_messages();
    assert_eq!(sent.len(), 1, "sent exactly once");
    let message = &sent[0];
    assert_eq!(message.chat_id, chat);
    assert_eq!(message.text.as_deref(), Some("Hello from the CLI 👋"));
    assert_eq!(message.attachments.len(), 1);
    assert_eq!(
        stdout(&output).trim(),
        format!(
            "sent message {} to chat {}",
            message.id.as_str(),
            chat.as_str()
        )
    );
    // The real API was used, not the embedded demo data.
    assert!(!stderr(&output).contains("embedded demo data"));
}

#[test]
fn send_with_json_prints_the_api_response() {
    let server = FakeServer::start();
    let chat = server.fake.chat_ids()[1].clone();
    let output = run(server.unipile().args([
        "--json",
        "messages",
        "send",
        "--chat",
        chat.as_str(),
        "--text",
        "Hi",
    ]));
    expect_code(&output, 0);
    let response: serde_json::Value =
        serde_json::from_str(stdout(&output).trim()).expect("one JSON object");
    assert_eq!(response["object"], "MessageSent");
    assert_eq!(
        response["message_id"],
        server.fake.sent_message_ids()[0].as_str()
    );
}

#[test]
fn start_with_inmail_sends_linkedin_inmail_true() {
    let server = FakeServer::start();
    let account = server.account(AccountType::Linkedin);
    let output = run(server.unipile().args([
        "messages",
        "start",
        "--account",
        account.as_str(),
        "--to",
        "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E",
        "--text",
        "Hello, a short question",
        "--subject",
        "Question",
        "--inmail",
        "--linkedin-api",
        "classic",
    ]));
    expect_code(&output, 0);
    let started = server.fake.started_chats();
    assert_eq!(started.len(), 1);
    let chat = &started[0];
    assert!(chat.is_inmail(), "linkedin[inmail]=true was sent");
    assert_eq!(chat.linkedin_option("inmail"), Some("true"));
    assert_eq!(chat.linkedin_option("api"), Some("classic"));
    assert_eq!(
        chat.attendees_ids,
        ["ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E"]
    );
    assert_eq!(chat.subject.as_deref(), Some("Question"));
    assert!(stdout(&output).starts_with("started chat "));
}

#[test]
fn start_without_linkedin_flags_sends_no_linkedin_options() {
    let server = FakeServer::start();
    let account = server.account(AccountType::Whatsapp);
    let output = run(server.unipile().args([
        "messages",
        "start",
        "--account",
        account.as_str(),
        "--to",
        "33600000001@s.whatsapp.net",
        "--to",
        "33600000002@s.whatsapp.net",
        "--title",
        "Weekend",
        "--text",
        "Hello group",
    ]));
    expect_code(&output, 0);
    let chat = &server.fake.started_chats()[0];
    assert!(chat.linkedin.is_empty());
    assert_eq!(chat.attendees_ids.len(), 2);
    assert_eq!(chat.title.as_deref(), Some("Weekend"));
}

#[test]
fn list_prints_a_table_with_one_row_per_message() {
    let server = FakeServer::start();
    let chat = server.fake.chat_ids()[0].clone();
    let newest: Vec<String> = server
        .fake
        .chat_message_ids(&chat)
        .iter()
        .take(5)
        .map(|id| id.as_str().to_owned())
        .collect();

    let output =
        run(server
            .unipile()
            .args(["messages", "list", "--chat", chat.as_str(), "--limit", "5"]));
    expect_code(&output, 0);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "a header and five rows:\n{text}");
    assert!(lines[0].starts_with("TIME (UTC)"));
    for (line, id) in lines[1..].iter().zip(&newest) {
        assert!(
            line.contains(id.as_str()),
            "newest first: {line} should show {id}"
        );
    }
    assert!(
        stderr(&output).contains("--cursor"),
        "a hint says how to get the rest"
    );
}

#[test]
fn list_all_as_json_prints_every_message_once() {
    let server = FakeServer::start();
    let chat = server.fake.chat_ids()[2].clone();
    let expected: BTreeSet<String> = server
        .fake
        .chat_message_ids(&chat)
        .iter()
        .map(|id| id.as_str().to_owned())
        .collect();

    let output = run(server.unipile().args([
        "messages",
        "list",
        "--chat",
        chat.as_str(),
        "--all",
        "--limit",
        "7",
        "--json",
    ]));
    expect_code(&output, 0);
    let text = stdout(&output);
    let mut seen = BTreeSet::new();
    for line in text.lines() {
        let message: serde_json::Value =
            serde_json::from_str(line).expect("a JSON object per line");
        assert_eq!(message["object"], "Message");
        assert_eq!(message["chat_id"], chat.as_str());
        assert!(
            seen.insert(message["id"].as_str().expect("id").to_owned()),
            "no duplicate"
        );
    }
    assert_eq!(seen, expected);
    assert!(
        stderr(&output).is_empty(),
        "no progress or note when piped: {}",
        stderr(&output)
    );
}

#[test]
fn ids_classify_explains_an_id() {
    let output =
        run(unipile().args(["ids", "classify", "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E"]));
    expect_code(&output, 0);
    assert!(predicate::str::contains("LINKEDIN").eval(&stdout(&output)));
    assert!(predicate::str::contains("LinkedIn member id (classic)").eval(&stdout(&output)));

    let output = run(unipile().args([
        "--json",
        "ids",
        "classify",
        "33600000000@s.whatsapp.net",
        "--provider",
        "whatsapp",
    ]));
    expect_code(&output, 0);
    let classified: serde_json::Value = serde_json::from_str(stdout(&output).trim()).expect("JSON");
    assert_eq!(classified["provider"], "WHATSAPP");
    assert_eq!(classified["attendee_id"], true);

    // No network and no demo note: the rules are offline.
    assert!(stderr(&output).is_empty());
}

#[test]
fn ids_classify_and_normalize_refuse_what_is_not_an_id() {
    let output = run(unipile().args(["ids", "classify", "not an id!", "--provider", "LINKEDIN"]));
    expect_code(&output, 5);
    let output = run(unipile().args([
        "ids",
        "normalize",
        "+33 6 00 00 00 00",
        "--provider",
        "whatsapp",
    ]));
    expect_code(&output, 0);
    assert!(stdout(&output).starts_with("33600000000@s.whatsapp.net"));
    // An unknown provider is bad usage, like any flag value clap refuses.
    let output = run(unipile().args(["ids", "classify", "x", "--provider", "MYSPACE"]));
    expect_code(&output, 2);
    assert!(stderr(&output).contains("unknown provider"));
    assert!(stderr(&output).contains("--provider"));
    let output = run(unipile().args(["ids", "normalize", "x", "--provider", "myspace"]));
    expect_code(&output, 2);
    assert!(stderr(&output).contains("LINKEDIN"), "{}", stderr(&output));
}

#[test]
fn without_configuration_the_demo_data_is_used_and_said_once() {
    let output = run(unipile().args(["chats", "list", "--limit", "3"]));
    expect_code(&output, 0);
    let err = stderr(&output);
    assert_eq!(err.matches("embedded demo data").count(), 1, "{err}");
    assert_eq!(
        stdout(&output).lines().count(),
        4,
        "a header and three chats"
    );
}

#[test]
fn the_demo_walks_through_and_syncs_nothing_new_the_second_time() {
    let output = run(unipile().arg("demo"));
    expect_code(&output, 0);
    let text = stdout(&output);
    assert!(text.contains("linkedin[inmail]=true"), "{text}");
    assert!(text.contains("second pass: 0 new"), "{text}");
    assert!(
        text.contains("message_received"),
        "the webhook arrived: {text}"
    );
}

#[test]
fn the_demo_on_a_real_account_only_reads() {
    let server = FakeServer::start();
    let messages_before = server.fake.message_count();
    let output = run(server.unipile().arg("demo"));
    expect_code(&output, 0);
    assert!(
        server.fake.sent_messages().is_empty(),
        "the tour sent a message"
    );
    assert!(
        server.fake.started_chats().is_empty(),
        "the tour started a chat"
    );
    assert!(
        server.fake.webhook_ids().is_empty(),
        "the tour registered a webhook"
    );
    assert_eq!(server.fake.message_count(), messages_before);
    let text = stdout(&output);
    assert!(text.contains("second pass: 0 new"), "{text}");
    let err = stderr(&output);
    assert!(!err.contains("embedded demo data"), "{err}");
    assert!(err.contains("read-only"), "{err}");
}

#[test]
fn chats_read_marks_the_chat_read_then_unread() {
    let server = FakeServer::start();
    let (chat, message) = server.chat_with_unseen_message();
    let output = run(server.unipile().args(["chats", "read", chat.as_str()]));
    expect_code(&output, 0);
    assert_eq!(server.fake.chat(&chat).expect("chat").unread_count, 0);
    assert!(server.fake.message(&message).expect("message").seen);

    let output = run(server
        .unipile()
        .args(["chats", "read", chat.as_str(), "--unread"]));
    expect_code(&output, 0);
    assert!(server.fake.chat(&chat).expect("chat").unread_count > 0);
}

#[test]
fn webhooks_create_list_delete_round_trip_without_showing_the_secret() {
    let server = FakeServer::start();
    let output = run(server.unipile().args([
        "--json",
        "webhooks",
        "create",
        "--url",
        "https://example.com/unipile",
        "--event",
        "message_received",
        "--event",
        "message_read",
        "--secret",
        "s3cr3t-value",
        "--name",
        "inbox",
    ]));
    expect_code(&output, 0);
    let created: serde_json::Value = serde_json::from_str(stdout(&output).trim()).expect("JSON");
    let id = created["webhook_id"].as_str().expect("id").to_owned();
    let registered = server.fake.webhooks();
    assert_eq!(registered.len(), 1);
    assert!(
        registered[0]
            .headers
            .iter()
            .any(|h| h.key == "Unipile-Auth" && h.value == "s3cr3t-value")
    );

    for json in [false, true] {
        let mut command = server.unipile();
        if json {
            command.arg("--json");
        }
        let output = run(command.args(["webhooks", "list"]));
        expect_code(&output, 0);
        assert!(stdout(&output).contains(&id));
        assert!(
            !stdout(&output).contains("s3cr3t-value"),
            "{}",
            stdout(&output)
        );
    }

    let output = run(server.unipile().args(["webhooks", "delete", &id]));
    expect_code(&output, 0);
    assert!(server.fake.webhooks().is_empty());
}

#[test]
fn attachments_get_writes_the_file_byte_for_byte() {
    let server = FakeServer::start();
    let (message, attachment, expected) = server
        .fake
        .chat_ids()
        .iter()
        .flat_map(|chat| server.fake.chat_message_ids(chat))
        .find_map(|id| {
            let message = server.fake.message(&id)?;
            message.attachments.iter().find_map(|a| {
                let (_, bytes) = server.fake.attachment(&id, a.id().as_str())?;
                Some((id.clone(), a.id().as_str().to_owned(), bytes))
            })
        })
        .expect("the demo data has a downloadable attachment");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("download.bin");

    let output = run(server
        .unipile()
        .args(["attachments", "get", message.as_str(), &attachment, "-o"])
        .arg(&path));
    expect_code(&output, 0);
    assert_eq!(std::fs::read(&path).expect("written"), expected.to_vec());
    assert!(stdout(&output).contains(&format!("{} bytes", expected.len())));

    let output = run(server
        .unipile()
        .args([
            "attachments",
            "get",
            message.as_str(),
            "no-such-attachment",
            "-o",
        ])
        .arg(dir.path().join("nothing.bin")));
    expect_code(&output, 3);
    assert!(!dir.path().join("nothing.bin").exists());
}

#[test]
fn webhooks_is_one_command_group_and_the_old_spelling_still_works() {
    let output = run(unipile().arg("--help"));
    expect_code(&output, 0);
    let help = stdout(&output);
    let commands: Vec<&str> = help
        .lines()
        .filter_map(|line| line.strip_prefix("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| name.starts_with("webhook"))
        .collect();
    assert_eq!(commands, ["webhooks"], "{help}");

    let output = run(unipile().args(["webhooks", "--help"]));
    expect_code(&output, 0);
    let help = stdout(&output);
    for sub in ["create", "list", "delete", "listen"] {
        assert!(
            help.lines().any(|l| l.trim_start().starts_with(sub)),
            "{sub} missing from\n{help}"
        );
    }

    // `unipile webhook listen` (the former spelling) reaches the same listener.
    let output = run(unipile().args(["webhook", "listen", "--help"]));
    expect_code(&output, 0);
    assert!(stdout(&output).contains("--secret"), "{}", stdout(&output));
}

#[test]
fn send_with_resolve_reports_a_lost_answer_as_sent_and_a_lost_send_as_not_delivered() {
    let server = FakeServer::start();
    let (chat, _) = server.chat_with_unseen_message();
    let send = |text: &str, resolve: bool| {
        let mut command = server.unipile();
        command.args(["messages", "send", "--chat", chat.as_str(), "--text", text]);
        if resolve {
            command.arg("--resolve");
        }
        run(&mut command)
    };

    // Stored, then the connection drops: found in the chat, exit 0.
    server
        .fake
        .inject(unipile_mock::Fault::send_stored_then_dropped());
    let output = send("Lost answer", true);
    expect_code(&output, 0);
    let sent = server.fake.sent_message_ids();
    assert_eq!(sent.len(), 1, "sent exactly once");
    assert!(
        stdout(&output).contains(&format!("sent message {}", sent[0].as_str())),
        "{}",
        stdout(&output)
    );
    assert!(stderr(&output).contains("unknown"), "{}", stderr(&output));

    // Dropped before storing: not delivered, nothing sent, the error stands.
    server
        .fake
        .inject(unipile_mock::Fault::send_dropped_before_storing());
    let output = send("Lost send", true);
    assert_ne!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("not delivered"),
        "{}",
        stderr(&output)
    );
    assert_eq!(server.fake.sent_message_ids().len(), 1, "never sent twice");

    // Without --resolve: the user is told the outcome is unknown.
    server
        .fake
        .inject(unipile_mock::Fault::send_dropped_before_storing());
    let output = send("Unknown", false);
    assert_ne!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("--resolve"), "{}", stderr(&output));
    assert_eq!(server.fake.sent_message_ids().len(), 1);
}
