//! `unipile webhooks listen --db postgres://…` against the PostgreSQL named by
//! `UNIPILE_TEST_POSTGRES_URL` (skipped, with one note, when it is not set): two
//! listeners, as two processes behind a load balancer, store each delivery and its retry
//! once whichever of them gets it.

use crate::support::{Running, unipile};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::sync::Once;
use std::time::Duration;
use unipile_sync::{MessageId, PostgresOptions, PostgresStore, Store};

const POSTGRES_URL_VAR: &str = "UNIPILE_TEST_POSTGRES_URL";
const SECRET: &str = "s3cr3t";
const WAIT: Duration = Duration::from_secs(20);

/// The test database's URL, or `None` (and one note per run) when it is not set.
fn postgres_url() -> Option<String> {
    static NOTE: Once = Once::new();
    let url = std::env::var(POSTGRES_URL_VAR).ok();
    if url.is_none() {
        // CI starts a server (.ci/postgres.sh): there these tests must run.
        assert!(
            std::env::var_os("CI").is_none(),
            "{POSTGRES_URL_VAR} is not set in CI: source .ci/postgres.sh first"
        );
        NOTE.call_once(|| {
            let _ = writeln!(
                std::io::stderr(),
                "\nnote: the PostgreSQL CLI tests are skipped: set {POSTGRES_URL_VAR} to a \
                 database URL to run them (.ci/postgres.sh starts one)"
            );
        });
    }
    url
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// A fresh schema in the test database (created and migrated here), and the URL that
/// points the binary at it.
fn fresh_schema(url: &str, runtime: &tokio::runtime::Runtime) -> (String, PostgresStore) {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let schema = format!("cli_{}_{nanos}", std::process::id());
    let store = runtime
        .block_on(PostgresStore::connect_with(
            url,
            &PostgresOptions::with_schema(schema.clone()),
        ))
        .expect("connect to PostgreSQL");
    let separator = if url.contains('?') { '&' } else { '?' };
    let url = format!("{url}{separator}options=-c%20search_path%3D{schema}");
    (url, store)
}

/// Starts `unipile webhooks listen --db URL` on a free port; returns it and its port.
fn listen(db: &str) -> (Running, u16) {
    let mut child = unipile()
        .args([
            "webhooks", "listen", "--port", "0", "--secret", SECRET, "--db", db,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the listener starts");
    let stderr = child.stderr.take().expect("stderr");
    let running = Running(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    loop {
        let line = rx
            .recv_timeout(WAIT)
            .expect("the listener says where it listens");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            let port = rest.split('/').next().and_then(|p| p.parse().ok());
            return (running, port.expect("a port"));
        }
    }
}

fn post(port: u16, body: &str) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    let request = format!(
        "POST /unipile HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\nUnipile-Auth: {SECRET}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("an answer");
    response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {response:?}"))
}

fn received(i: u32) -> String {
    format!(
        r#"{{"account_id":"acc_1","account_type":"WHATSAPP","event":"message_received",
        "chat_id":"chat_1","timestamp":"2025-06-02T09:30:{:02}.000Z","message_id":"msg_{i}",
        "message":"Hello {i}","sender":{{"attendee_id":"att_1",
        "attendee_provider_id":"33611111111@s.whatsapp.net"}}}}"#,
        i % 60
    )
}

#[test]
fn two_listeners_on_one_postgres_store_each_delivery_once() {
    let Some(url) = postgres_url() else { return };
    let runtime = runtime();
    let (db, store) = fresh_schema(&url, &runtime);
    let (_first, a) = listen(&db);
    let (_second, b) = listen(&db);
    let events = 20;
    for i in 0..events {
        let body = received(i);
        // The delivery reaches both at once, then its retry each in turn.
        let other = std::thread::spawn({
            let body = body.clone();
            move || post(b, &body)
        });
        assert_eq!(post(a, &body), 200);
        assert_eq!(other.join().expect("the other call"), 200);
        let (one, two) = if i % 2 == 0 { (a, b) } else { (b, a) };
        assert_eq!(post(one, &body), 200);
        assert_eq!(post(two, &body), 200);
    }
    runtime.block_on(async {
        assert_eq!(
            store.message_count().await.expect("count"),
            u64::from(events)
        );
        for i in 0..events {
            let stored = store
                .message(&MessageId::new(format!("msg_{i}")))
                .await
                .expect("read")
                .expect("stored");
            assert_eq!(
                stored.message.text.as_deref(),
                Some(format!("Hello {i}").as_str())
            );
        }
    });
}
