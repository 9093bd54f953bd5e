//! The `unipile-mock` binary, run as a user runs it: its help, its refusals, and a server
//! on a free loopback port that answers with the demo data and stops on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(20);

fn unipile_mock(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unipile-mock"))
        .args(args)
        .output()
        .expect("ran unipile-mock")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_names_every_flag_and_its_default() {
    let output = unipile_mock(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = text(&output.stdout);
    for wanted in [
        "--port <PORT>",
        "13111",
        "--api-key <KEY>",
        "unipile-mock-api-key",
        "--seed <SEED>",
        "42",
        "--help",
    ] {
        assert!(help.contains(wanted), "{wanted:?} missing from:\n{help}");
    }
}

#[test]
fn a_bad_argument_is_refused_with_exit_code_2_and_names_the_flag() {
    for (args, flag) in [
        (&["--port", "x"][..], "--port"),
        (&["--port", "70000"], "--port"),
        (&["--seed", "many"], "--seed"),
        (&["--api-key="], "--api-key"),
        (&["--nope"], "--nope"),
    ] {
        let output = unipile_mock(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(flag), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

/// Kills the server if the test fails before stopping it.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// One `GET` with `Connection: close`; the raw answer.
fn get(base: &str, path: &str, api_key: &str) -> String {
    let rest = base.strip_prefix("http://").expect("http base URL");
    let (authority, prefix) = rest.split_once('/').expect("base URL has a path");
    let mut stream = TcpStream::connect(authority).expect("connected");
    stream.set_read_timeout(Some(LIMIT)).expect("timeout set");
    write!(
        stream,
        "GET /{prefix}{path} HTTP/1.1\r\nHost: {authority}\r\nX-API-KEY: {api_key}\r\n\
         Connection: close\r\n\r\n"
    )
    .expect("sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    answer
}

#[cfg(unix)]
#[test]
fn serves_the_demo_data_with_the_flags_given_and_stops_on_sigterm() {
    let child = Command::new(env!("CARGO_BIN_EXE_unipile-mock"))
        .args(["--port", "0", "--api-key", "test-key", "--seed=7"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("started");
    let mut server = Server(child);
    let stdout = server.0.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + LIMIT;
    let mut banner = Vec::new();
    while !banner
        .iter()
        .any(|l: &String| l.starts_with("Press Ctrl-C"))
    {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx
            .recv_timeout(left)
            .unwrap_or_else(|e| panic!("no full banner in time ({e}); got {banner:?}"));
        banner.push(line);
    }
    let banner = banner.join("\n");
    assert!(banner.contains("(seed 7)"), "{banner}");
    assert!(banner.contains("API key:  test-key"), "{banner}");
    assert!(
        banner.contains("data:     6 accounts, 24 chats"),
        "{banner}"
    );
    let base = banner
        .lines()
        .find_map(|l| l.trim().strip_prefix("base URL: "))
        .expect("a base URL line")
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert!(base.ends_with("/api/v1"), "{base}");

    let accounts = get(&base, "/accounts", "test-key");
    assert!(accounts.starts_with("HTTP/1.1 200"), "{accounts}");
    assert!(accounts.contains("\"AccountList\""), "{accounts}");
    let refused = get(&base, "/accounts", "another-key");
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");

    let pid = server.0.id().to_string();
    let signalled = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("ran kill");
    assert!(signalled.success());
    let status = loop {
        if let Some(status) = server.0.try_wait().expect("waited") {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "{status}");
}
