//! `unipile webhooks listen`: the binary receives webhook calls on loopback.

use crate::support::{expect_code, run, stderr, stdout, stored_ids, unipile};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

const RECEIVED: &str = r#"{"account_id":"acc_1","account_type":"WHATSAPP",
  "account_info":{"type":"WHATSAPP","user_id":"33600000000@s.whatsapp.net"},
  "event":"message_received","chat_id":"chat_1","timestamp":"2025-06-02T09:30:00.000Z",
  "webhook_name":"inbox","message_id":"msg_webhook_1","message":"Hello by webhook",
  "sender":{"attendee_id":"att_1","attendee_name":"Kim","attendee_provider_id":"33611111111@s.whatsapp.net"},
  "attendees":[],"attachments":{"id":"att","type":"img","size":{"width":1,"height":1},"unavailable":false}}"#;

/// The listener, killed when the test ends however it ends.
struct Listener {
    child: Child,
    port: u16,
    stdout: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(reader: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Listener {
    fn start(db: Option<&Path>) -> Self {
        let mut command = unipile();
        command.args(["webhooks", "listen", "--port", "0", "--secret", "s3cr3t"]);
        if let Some(db) = db {
            command.arg("--db").arg(db);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the listener starts");
        let stdout = lines(child.stdout.take().expect("stdout"));
        let stderr = lines(child.stderr.take().expect("stderr"));
        let mut listener = Self {
            child,
            port: 0,
            stdout,
            stderr,
        };
        let line = listener.next_stderr(|l| l.contains("listening on"));
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse().ok())
            .expect("the address is printed");
        listener.port = port;
        listener
    }

    fn next_stderr(&self, wanted: impl Fn(&str) -> bool) -> String {
        next_line(&self.stderr, wanted)
    }

    fn next_stdout(&self, wanted: impl Fn(&str) -> bool) -> String {
        next_line(&self.stdout, wanted)
    }

    /// POSTs `body` with these headers; returns the status code.
    fn post(&self, headers: &[(&str, &str)], body: &str) -> u16 {
        try_post(self.port, headers, body)
            .unwrap_or_else(|e| panic!("no HTTP answer from the listener: {e}"))
    }
}

/// POSTs `body` to 127.0.0.1:`port`; the status code, or why there was none.
fn try_post(port: u16, headers: &[(&str, &str)], body: &str) -> Result<u16, String> {
    {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(WAIT))
            .map_err(|e| e.to_string())?;
        let mut request = format!(
            "POST /unipile HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream
            .write_all(request.as_bytes())
            .map_err(|e| e.to_string())?;
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .map_err(|e| e.to_string())?;
        response
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| format!("not an HTTP answer: {response:?}"))
    }
}

fn next_line(lines: &mpsc::Receiver<String>, wanted: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if wanted(&line) => return line,
            Ok(_) => {}
            Err(e) => panic!("the expected line did not come: {e}"),
        }
    }
}

#[test]
fn a_call_with_the_secret_is_answered_200_and_printed() {
    let listener = Listener::start(None);
    assert_eq!(listener.post(&[("Unipile-Auth", "s3cr3t")], RECEIVED), 200);
    let line = listener.next_stdout(|l| l.contains("message_received"));
    assert!(line.contains("msg_webhook_1"), "{line}");
    assert!(line.contains("Kim: Hello by webhook"), "{line}");
}

#[test]
fn a_wrong_or_missing_secret_is_401() {
    let listener = Listener::start(None);
    assert_eq!(listener.post(&[("Unipile-Auth", "guess")], RECEIVED), 401);
    assert_eq!(listener.post(&[], RECEIVED), 401);
    let log = listener.next_stderr(|l| l.contains("401"));
    assert!(
        !log.contains("guess"),
        "the value received is never logged: {log}"
    );
}

#[test]
fn a_malformed_body_is_400_and_the_listener_keeps_going() {
    let listener = Listener::start(None);
    let auth = [("Unipile-Auth", "s3cr3t")];
    assert_eq!(listener.post(&auth, "{not json"), 400);
    assert_eq!(listener.post(&auth, r#"{"event":"message_received"}"#), 400);
    listener.next_stderr(|l| l.contains("400") && l.contains("malformed"));
    // Still alive and answering.
    assert_eq!(listener.post(&auth, RECEIVED), 200);
    listener.next_stdout(|l| l.contains("msg_webhook_1"));
}

#[test]
fn events_are_stored_once_by_message_id() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("messages.sqlite");
    let listener = Listener::start(Some(&db));
    let auth = [("Unipile-Auth", "s3cr3t")];
    assert_eq!(listener.post(&auth, RECEIVED), 200);
    listener.next_stdout(|l| l.contains("[stored]"));
    // Unipile retries a call it thinks failed: the same event again is not a new row.
    assert_eq!(listener.post(&auth, RECEIVED), 200);
    listener.next_stdout(|l| l.contains("[already stored]"));
    assert_eq!(stored_ids(&db), ["msg_webhook_1"]);
}

fn received(id: &str) -> String {
    RECEIVED.replace("msg_webhook_1", id)
}

/// The listener with a database, SIGKILLed while 64 senders post distinct events: every
/// event that was answered 200 is in the database. Answering before storing lost about
/// one event in 400 this way.
#[test]
fn a_listener_killed_mid_stream_loses_no_acknowledged_event() {
    const SENDERS: usize = 64;
    const MAX_PER_SENDER: usize = 2_000;
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("messages.sqlite");
    let mut listener = Listener::start(Some(&db));
    let port = listener.port;
    let stop = Arc::new(AtomicBool::new(false));
    let senders: Vec<_> = (0..SENDERS)
        .map(|sender| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut acknowledged = Vec::new();
                for i in 0..MAX_PER_SENDER {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let id = format!("kill_{sender}_{i}");
                    match try_post(port, &[("Unipile-Auth", "s3cr3t")], &received(&id)) {
                        Ok(200) => acknowledged.push(id),
                        Ok(code) => panic!("{id}: unexpected answer {code}"),
                        // The listener is gone: Unipile would retry later.
                        Err(_) => {}
                    }
                }
                acknowledged
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1_500));
    listener.child.kill().expect("SIGKILL the listener");
    listener.child.wait().expect("the listener ends");
    stop.store(true, Ordering::Relaxed);
    let acknowledged: BTreeSet<String> = senders
        .into_iter()
        .flat_map(|s| s.join().expect("a sender finished"))
        .collect();
    let stored: BTreeSet<String> = stored_ids(&db).into_iter().collect();
    let lost: Vec<&String> = acknowledged.difference(&stored).collect();
    eprintln!(
        "killed mid-stream: {} answered 200, {} stored, {} lost",
        acknowledged.len(),
        stored.len(),
        lost.len()
    );
    assert!(
        acknowledged.len() >= SENDERS,
        "the senders got answers before the kill"
    );
    assert!(lost.is_empty(), "answered 200 but not stored: {lost:?}");
}

#[test]
fn a_body_that_does_not_parse_is_kept_listed_and_replayed() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("messages.sqlite");
    let listener = Listener::start(Some(&db));
    let auth = [("Unipile-Auth", "s3cr3t")];
    // With a database, a body with the right secret is kept, not refused.
    assert_eq!(listener.post(&auth, r#"{"event":"message_received"}"#), 200);
    listener.next_stderr(|l| l.contains("dead letter"));
    drop(listener);
    // A letter an older parser could not read, which this one can.
    let conn = rusqlite::Connection::open(&db).expect("open");
    conn.execute(
        "INSERT INTO dead_letters (received_at, reason, body) VALUES (?1, ?2, ?3)",
        rusqlite::params![
            "2025-06-02T09:31:00.000Z",
            "an older parser failed",
            RECEIVED.as_bytes()
        ],
    )
    .expect("insert");
    drop(conn);

    let db_arg = db.to_str().expect("a UTF-8 path");
    let list = run(unipile().args(["webhooks", "dead-letters", "list", "--json", "--db", db_arg]));
    expect_code(&list, 0);
    let lines: Vec<serde_json::Value> = stdout(&list)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["body"], r#"{"event":"message_received"}"#);
    assert!(
        lines[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("does not parse")),
        "{lines:?}"
    );

    let replay = run(unipile().args([
        "webhooks",
        "dead-letters",
        "replay",
        "--all",
        "--db",
        db_arg,
    ]));
    expect_code(&replay, 0);
    let out = stdout(&replay);
    assert!(out.contains("still failing 1:"), "{out}");
    assert!(
        out.contains("replayed 2:") && out.contains("msg_webhook_1"),
        "{out}"
    );
    assert!(stderr(&replay).contains("1 replayed, 1 still failing"));
    assert_eq!(stored_ids(&db), ["msg_webhook_1"]);

    // The replayed letter is marked; the other stays, and is not found once gone.
    let list = run(unipile().args(["webhooks", "dead-letters", "list", "--db", db_arg]));
    let table = stdout(&list);
    assert!(
        table.contains("does not parse") && !table.contains("older parser"),
        "{table}"
    );
    let again = run(unipile().args(["webhooks", "dead-letters", "replay", "2", "--db", db_arg]));
    expect_code(&again, 1);
    assert!(
        stderr(&again).contains("no dead letter 2 waiting"),
        "{}",
        stderr(&again)
    );
}
