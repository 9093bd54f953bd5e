//! `messages react|edit|delete`, the chat actions, `attendees …`, `users get` and
//! `ids normalize --account`, each with `--json`, against the fake over loopback (and the
//! embedded demo data for the lookup).

use crate::support::{FakeServer, expect_code, run, stdout, unipile};
use unipile_core::model::chat::MutedUntil;
use unipile_core::{AccountType, ChatType};

fn json_line(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(stdout(output).trim()).expect("one JSON object")
}

#[test]
fn react_edit_and_delete_a_sent_message() {
    let server = FakeServer::start();
    let account = server.account(AccountType::Whatsapp);
    let chat = server
        .fake
        .chat_ids()
        .into_iter()
        .find(|c| server.fake.chat(c).is_some_and(|c| c.account_id == account))
        .expect("a WhatsApp chat");
    let output = run(server.unipile().args([
        "--json",
        "messages",
        "send",
        "--chat",
        chat.as_str(),
        "--text",
        "helo",
    ]));
    expect_code(&output, 0);
    let id = json_line(&output)["message_id"]
        .as_str()
        .expect("an id")
        .to_owned();

    let output = run(server
        .unipile()
        .args(["--json", "messages", "react", &id, "👍"]));
    expect_code(&output, 0);
    assert_eq!(json_line(&output)["object"], "MessageReactionAdded");
    let output = run(server
        .unipile()
        .args(["--json", "messages", "edit", &id, "hello"]));
    expect_code(&output, 0);
    assert_eq!(json_line(&output)["object"], "MessageEdited");
    let message = server.fake.message(&id.as_str().into()).expect("kept");
    assert_eq!(message.reactions[0].value, "👍");
    assert!(message.edited);
    assert_eq!(message.text.as_deref(), Some("hello"));

    let output = run(server.unipile().args(["messages", "delete", &id]));
    expect_code(&output, 0);
    assert!(stdout(&output).contains("deleted"), "{}", stdout(&output));
    assert!(
        server
            .fake
            .message(&id.as_str().into())
            .expect("kept")
            .deleted
    );
    // Editing it now is refused by the API: exit code 3.
    let output = run(server.unipile().args(["messages", "edit", &id, "again"]));
    expect_code(&output, 3);
}

#[test]
fn chat_actions_are_applied() {
    let server = FakeServer::start();
    let group = server
        .fake
        .chat_ids()
        .into_iter()
        .find(|c| {
            server.fake.chat(c).is_some_and(|c| {
                c.chat_type == ChatType::Group && c.account_type.as_str() == "WHATSAPP"
            })
        })
        .expect("a WhatsApp group in the demo data");
    let id = group.as_str();
    for args in [
        vec!["chats", "mute", id],
        vec!["chats", "archive", id],
        vec!["chats", "pin", id],
        vec!["chats", "label", id, "Leads"],
        vec!["chats", "add-participant", id, "33699990000@s.whatsapp.net"],
        vec!["chats", "sync", id],
    ] {
        let output = run(server.unipile().arg("--json").args(&args));
        expect_code(&output, 0);
        let object = json_line(&output)["object"].clone();
        assert!(
            object == "ChatPatched" || object == "ChatSynced",
            "{args:?}: {object}"
        );
    }
    let chat = server.fake.chat(&group).expect("chat");
    assert_eq!(chat.muted_until, MutedUntil::Forever);
    assert!(chat.archived && chat.pinned);
    assert_eq!(server.fake.chat_labels(&group), ["Leads"]);
    assert!(
        server
            .fake
            .chat_attendees(&group)
            .iter()
            .any(|a| a.provider_id.as_str() == "33699990000@s.whatsapp.net")
    );
    let output = run(server.unipile().args(["chats", "pin", id, "--off"]));
    expect_code(&output, 0);
    assert!(!server.fake.chat(&group).expect("chat").pinned);

    let output = run(server.unipile().args(["--json", "chats", "delete", id]));
    expect_code(&output, 0);
    assert_eq!(json_line(&output)["object"], "ChatDeleted");
    assert!(server.fake.chat(&group).is_none());
}

#[test]
fn attendees_messages_chats_and_picture() {
    let server = FakeServer::start();
    let chat = server.fake.chat_ids()[0].clone();
    let attendee = server
        .fake
        .chat_attendees(&chat)
        .pop()
        .expect("an attendee");
    let output = run(server.unipile().args([
        "--json",
        "attendees",
        "messages",
        attendee.id.as_str(),
        "--all",
    ]));
    expect_code(&output, 0);
    for line in stdout(&output).lines() {
        let message: serde_json::Value = serde_json::from_str(line).expect("a message");
        assert_eq!(message["sender_attendee_id"], attendee.id.as_str());
    }
    let output = run(server.unipile().args([
        "--json",
        "attendees",
        "chats",
        attendee.provider_id.as_str(),
        "--all",
    ]));
    expect_code(&output, 0);
    assert!(stdout(&output).lines().count() >= 1, "{}", stdout(&output));

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("group.jpg");
    let group = server
        .fake
        .chat_ids()
        .into_iter()
        .find(|c| {
            server
                .fake
                .chat(c)
                .is_some_and(|c| c.chat_type == ChatType::Group)
        })
        .expect("a group");
    let output = run(server
        .unipile()
        .args([
            "--json",
            "attendees",
            "picture",
            group.as_str(),
            "--group",
            "--output",
        ])
        .arg(&path));
    expect_code(&output, 0);
    assert_eq!(json_line(&output)["content_type"], "image/jpeg");
    let written = std::fs::read(&path).expect("written");
    assert_eq!(written, unipile_mock::picture_bytes(group.as_str()));
}

#[test]
fn users_get_and_ids_normalize_with_an_account_look_up_only_when_needed() {
    let server = FakeServer::start();
    let account = server.account(AccountType::Linkedin);
    let chat = server
        .fake
        .chat_ids()
        .into_iter()
        .find(|c| {
            server
                .fake
                .chat(c)
                .is_some_and(|c| c.account_id == account && c.chat_type == ChatType::Single)
        })
        .expect("a LinkedIn 1:1 chat");
    let person = server.fake.chat_attendees(&chat).pop().expect("someone");
    let slug = unipile_mock::public_identifier(&person.name);

    let output = run(server.unipile().args([
        "--json",
        "users",
        "get",
        &slug,
        "--account",
        account.as_str(),
    ]));
    expect_code(&output, 0);
    let profile = json_line(&output);
    assert_eq!(profile["object"], "UserProfile");
    assert_eq!(profile["provider_id"], person.provider_id.as_str());

    let before = server.fake.total_requests();
    let url = format!("https://www.linkedin.com/in/{slug}/");
    let output = run(server.unipile().args([
        "--json",
        "ids",
        "normalize",
        &url,
        "--provider",
        "linkedin",
        "--account",
        account.as_str(),
    ]));
    expect_code(&output, 0);
    let found = json_line(&output);
    assert_eq!(found["result"], "looked_up");
    assert_eq!(found["id"], person.provider_id.as_str());
    assert_eq!(server.fake.total_requests(), before + 1, "one lookup");

    let output = run(server.unipile().args([
        "--json",
        "ids",
        "normalize",
        person.provider_id.as_str(),
        "--provider",
        "linkedin",
        "--account",
        account.as_str(),
    ]));
    expect_code(&output, 0);
    assert_eq!(json_line(&output)["result"], "resolved");
    assert_eq!(
        server.fake.total_requests(),
        before + 1,
        "no lookup for an id"
    );

    // On the embedded demo data too: the lookup is served in process.
    let demo_account = server.account(AccountType::Linkedin);
    let output = run(unipile().args([
        "--json",
        "ids",
        "normalize",
        &url,
        "--provider",
        "linkedin",
        "--account",
        demo_account.as_str(),
    ]));
    expect_code(&output, 0);
    assert_eq!(json_line(&output)["id"], person.provider_id.as_str());
}
