//! `unipile webhooks listen`: the binary receives webhook calls on loopback.

use crate::support::{stored_ids, unipile};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
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
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("the port accepts");
        stream.set_read_timeout(Some(WAIT)).expect("timeout");
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
        stream.write_all(request.as_bytes()).expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("answer");
        response
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP answer: {response:?}"))
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
