//! `unipile sync`: every message once, across runs, failures and changes.

use crate::support::{FakeServer, Running, expect_code, run, stdout, stored_ids, stored_value};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;
use unipile_core::transport::Method;
use unipile_mock::Fault;

fn sync(server: &FakeServer, db: &Path, extra: &[&str]) -> std::process::Output {
    let mut command = server.unipile();
    command.args(["sync", "--db"]).arg(db).args(extra);
    run(&mut command)
}

fn summary(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(stdout(output).trim()).expect("a JSON summary")
}

#[test]
fn a_second_pass_adds_nothing() {
    let server = FakeServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("messages.sqlite");
    let total = server.fake.message_count();

    let first = sync(&server, &db, &[]);
    expect_code(&first, 0);
    assert!(
        stdout(&first).starts_with(&format!("synced: {total} new, 0 updated, 0 unchanged")),
        "{}",
        stdout(&first)
    );
    assert_eq!(stored_ids(&db).len(), total);

    let second = sync(&server, &db, &["--json"]);
    expect_code(&second, 0);
    let report = summary(&second);
    assert_eq!(report["new"], 0);
    assert_eq!(report["updated"], 0);
    assert_eq!(report["stored"], total);
    assert_eq!(stored_ids(&db).len(), total);
}

#[test]
fn a_page_that_fails_loses_nothing_and_duplicates_nothing() {
    let server = FakeServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("messages.sqlite");
    // Page 1 is answered normally, page 2 fails with a 500 (not retried).
    server
        .fake
        .inject(Fault::status(500).on(Method::Get, "/messages").skip(1));

    let failed = sync(&server, &db, &["--page-size", "100"]);
    expect_code(&failed, 3);
    // Each demo account has 120 messages: the first account walked got its first page
    // committed before the failure, and the other accounts went on.
    let total = server.fake.message_count();
    assert_eq!(
        stored_ids(&db).len(),
        total - 20,
        "the first page was committed before the failure"
    );
    let errors = String::from_utf8_lossy(&failed.stderr).into_owned();
    let failing = errors
        .lines()
        .find_map(|line| line.strip_prefix("account "))
        .and_then(|rest| rest.split_once(": failed:"))
        .map(|(id, _)| id.to_owned())
        .unwrap_or_else(|| panic!("the failing account is named: {errors}"));

    let again = sync(&server, &db, &["--page-size", "100", "--json"]);
    expect_code(&again, 0);
    let ids: BTreeSet<String> = stored_ids(&db).into_iter().collect();
    assert_eq!(ids.len(), server.fake.message_count());
    assert_eq!(ids, server.all_message_ids(), "exactly the fake's messages");
    let report = summary(&again);
    assert_eq!(report["new"], 20);
    let account = report["accounts"]
        .as_array()
        .expect("per-account reports")
        .iter()
        .find(|a| a["account_id"] == failing.as_str())
        .expect("the failing account is reported");
    assert_eq!(account["new"], 20);
    assert_eq!(account["unchanged"], 100);
    assert_eq!(account["outcome"], "complete");
}

#[test]
fn a_message_seen_between_passes_updates_its_row() {
    let server = FakeServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("messages.sqlite");
    // The demo history is old: an overlap as long keeps it in every window.
    let overlap = ["--overlap", "3650d"];
    expect_code(&sync(&server, &db, &overlap), 0);

    let (chat, message) = server.chat_with_unseen_message();
    assert_eq!(stored_value(&db, message.as_str(), "seen"), Some(0));
    expect_code(
        &run(server.unipile().args(["chats", "read", chat.as_str()])),
        0,
    );

    let second = sync(&server, &db, &["--overlap", "3650d", "--json"]);
    expect_code(&second, 0);
    let report = summary(&second);
    assert_eq!(report["new"], 0);
    assert!(
        report["updated"].as_u64().is_some_and(|n| n >= 1),
        "{report}"
    );
    assert_eq!(stored_value(&db, message.as_str(), "seen"), Some(1));
    assert_eq!(stored_ids(&db).len(), server.fake.message_count());
}

#[test]
fn new_messages_arrive_in_the_next_pass_once() {
    let server = FakeServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("messages.sqlite");
    expect_code(&sync(&server, &db, &[]), 0);

    let chat = server.fake.chat_ids()[0].clone();
    expect_code(
        &run(server
            .unipile()
            .args(["messages", "send", "--chat", chat.as_str(), "--text", "new"])),
        0,
    );
    let second = sync(&server, &db, &["--json"]);
    expect_code(&second, 0);
    assert_eq!(summary(&second)["new"], 1);
    let third = sync(&server, &db, &["--json"]);
    expect_code(&third, 0);
    assert_eq!(summary(&third)["new"], 0);
    assert_eq!(stored_ids(&db).len(), server.fake.message_count());
}

#[test]
fn every_repeats_passes_until_ctrl_c() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let server = FakeServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("messages.sqlite");
    let mut child = Running(
        server
            .unipile()
            .args(["--json", "sync", "--every", "1s", "--db"])
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("sync starts"),
    );
    let stdout = child.0.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut reports = Vec::new();
    for _ in 0..2 {
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("a summary per pass");
        reports.push(serde_json::from_str::<serde_json::Value>(&line).expect("JSON"));
    }
    // Ctrl-C.
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.0.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.0.try_wait().expect("status") {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "it stops on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    // Between passes it stops cleanly (0); in the middle of one, as interrupted (130).
    assert!(matches!(status.code(), Some(0 | 130)), "{status:?}");

    assert_eq!(reports[0]["new"], server.fake.message_count());
    assert_eq!(reports[1]["new"], 0);
    assert_eq!(stored_ids(&db).len(), server.fake.message_count());
}

#[test]
fn a_sync_killed_midway_loses_nothing_and_duplicates_nothing() {
    let server = FakeServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("messages.sqlite");
    // Pages 1 and 2 (the first account's 120 messages) come at once; page 3 (the
    // second account's first) hangs, and the process is killed meanwhile.
    server.fake.inject(
        Fault::slow(Duration::from_secs(60))
            .on(Method::Get, "/messages")
            .skip(2),
    );
    let mut child = Running(
        server
            .unipile()
            .args(["sync", "--page-size", "100", "--db"])
            .arg(&db)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("sync starts"),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let mut stored = 0;
    while stored < 120 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        stored = if db.exists() { stored_count(&db) } else { 0 };
    }
    child.0.kill().expect("kill -9");
    child.0.wait().expect("reaped");
    assert_eq!(stored, 120, "two pages were committed before the kill");

    server.fake.clear_faults();
    let again = sync(&server, &db, &["--json"]);
    expect_code(&again, 0);
    let ids: BTreeSet<String> = stored_ids(&db).into_iter().collect();
    assert_eq!(ids, server.all_message_ids());
    assert_eq!(stored_ids(&db).len(), server.fake.message_count());
}

/// Rows so far; 0 while the schema is not created yet.
fn stored_count(db: &Path) -> usize {
    let Ok(conn) = rusqlite::Connection::open(db) else {
        return 0;
    };
    conn.query_row("SELECT COUNT(*) FROM messages", [], |row| {
        row.get::<_, i64>(0)
    })
    .map_or(0, |n| usize::try_from(n).unwrap_or(0))
}

#[test]
fn a_list_that_stops_on_empty_pages_exits_3_and_the_next_pass_recovers() {
    let server = FakeServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("messages.sqlite");
    // The first account's second page and the three after it are empty but keep a
    // cursor: one more than --max-empty-pages allows.
    server.fake.inject(
        Fault::empty_page()
            .on(Method::Get, "/messages")
            .skip(1)
            .times(4),
    );
    let cut = sync(
        &server,
        &db,
        &["--page-size", "100", "--max-empty-pages", "3"],
    );
    expect_code(&cut, 3);
    let errors = String::from_utf8_lossy(&cut.stderr).into_owned();
    assert!(errors.contains("incomplete"), "{errors}");
    assert!(errors.contains("empty pages in a row"), "{errors}");
    assert_eq!(stored_ids(&db).len(), server.fake.message_count() - 20);

    let again = sync(&server, &db, &["--json"]);
    expect_code(&again, 0);
    let ids: BTreeSet<String> = stored_ids(&db).into_iter().collect();
    assert_eq!(ids, server.all_message_ids());
}

/// POSTs `body` to the listener on `port` with the secret header; the status answered.
fn post_webhook(port: u16, secret: &str, body: &str) -> u16 {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let request = format!(
        "POST /unipile HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Unipile-Auth: {secret}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answered");
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status line")
}

#[test]
fn listen_runs_the_webhook_intake_and_the_passes_into_one_store() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let server = FakeServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("messages.sqlite");
    let mut child = Running(
        server
            .unipile()
            .env("UNIPILE_WEBHOOK_SECRET", "s3cr3t")
            .args(["--json", "sync", "--every", "1h", "--listen", "0", "--db"])
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sync starts"),
    );
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.0.stdout.take().expect("stdout");
    let stderr = child.0.stderr.take().expect("stderr");
    for (source, reader) in [
        ("out", Box::new(stdout) as Box<dyn std::io::Read + Send>),
        ("err", Box::new(stderr)),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(reader).lines().map_while(Result::ok) {
                let _ = tx.send((source, line));
            }
        });
    }
    let mut port = None;
    let mut report = None;
    while port.is_none() || report.is_none() {
        let (source, line) = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the listener's address and the first pass's summary");
        match source {
            "err" if line.contains("listening on http://127.0.0.1:") => {
                port = line
                    .split("http://127.0.0.1:")
                    .nth(1)
                    .and_then(|rest| rest.split('/').next())
                    .and_then(|port| port.parse::<u16>().ok());
            }
            "out" => report = Some(serde_json::from_str::<serde_json::Value>(&line).expect("JSON")),
            _ => {}
        }
    }
    let port = port.expect("a port");
    assert_eq!(
        report.expect("a summary")["new"],
        server.fake.message_count()
    );

    let account = server.fake.account_ids()[0].clone();
    let chat = server.fake.chat_ids()[0].clone();
    let body = serde_json::json!({
        "account_id": account.as_str(), "account_type": "WHATSAPP",
        "event": "message_received", "chat_id": chat.as_str(),
        "timestamp": "2025-06-02T09:30:00.000Z", "message_id": "msg_by_webhook",
        "message": "Hello by webhook",
    })
    .to_string();
    assert_eq!(
        post_webhook(port, "wrong", &body),
        401,
        "the secret is checked"
    );
    assert_eq!(post_webhook(port, "s3cr3t", &body), 200);
    // Answered 200 only once stored: the row is there already.
    let ids = stored_ids(&db);
    assert!(
        ids.iter().any(|id| id == "msg_by_webhook"),
        "stored before the 200"
    );
    assert_eq!(ids.len(), server.fake.message_count() + 1);

    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.0.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.0.try_wait().expect("status") {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "it stops on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "stopped cleanly between passes");
}

#[test]
fn listen_without_the_secret_is_a_usage_error() {
    let server = FakeServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("messages.sqlite");
    let output = run(server
        .unipile()
        .env_remove("UNIPILE_WEBHOOK_SECRET")
        .args(["sync", "--every", "1h", "--listen", "0", "--db"])
        .arg(&db));
    expect_code(&output, 2);
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("UNIPILE_WEBHOOK_SECRET"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
