//! Starting the fake server, running the binary, reading the database.

use rusqlite::Connection;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;
use unipile_core::{AccountId, AccountType, ChatId, MessageId};
use unipile_mock::{FakeUnipile, ServerHandle, serve};

/// The longest a single run of the binary may take before the test fails.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(30);

/// The fake Unipile with its demo data, served on 127.0.0.1 for the test's duration.
pub struct FakeServer {
    pub fake: FakeUnipile,
    base_url: String,
    handle: Option<ServerHandle>,
    runtime: tokio::runtime::Runtime,
}

impl FakeServer {
    pub fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let fake = FakeUnipile::demo();
        let handle = runtime
            .block_on(serve(fake.clone(), "127.0.0.1:0"))
            .expect("the fake server binds a loopback port");
        Self {
            fake,
            base_url: handle.base_url().to_owned(),
            handle: Some(handle),
            runtime,
        }
    }

    /// The binary, pointed at this server.
    pub fn unipile(&self) -> Command {
        let mut command = unipile();
        command
            .env("UNIPILE_DSN", &self.base_url)
            .env("UNIPILE_API_KEY", self.fake.api_key());
        command
    }

    /// The id of the first account of `kind`.
    pub fn account(&self, kind: AccountType) -> AccountId {
        self.fake
            .account_ids()
            .into_iter()
            .find(|id| {
                self.fake
                    .account(id)
                    .is_some_and(|a| a.account_type == kind)
            })
            .expect("the demo data has an account of each provider")
    }

    /// The ids of every message the fake holds.
    pub fn all_message_ids(&self) -> BTreeSet<String> {
        self.fake
            .chat_ids()
            .iter()
            .flat_map(|chat| self.fake.chat_message_ids(chat))
            .map(|id: MessageId| id.as_str().to_owned())
            .collect()
    }

    /// A chat with at least one received message not seen yet, and that message.
    pub fn chat_with_unseen_message(&self) -> (ChatId, MessageId) {
        for chat in self.fake.chat_ids() {
            for id in self.fake.chat_message_ids(&chat) {
                let message = self.fake.message(&id).expect("listed message");
                if !message.is_sender && !message.seen && !message.deleted {
                    return (chat, id);
                }
            }
        }
        panic!("the demo data has an unseen received message");
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            self.runtime.block_on(handle.shutdown());
        }
    }
}

/// The binary with a clean environment: no Unipile variables and no `RUST_LOG` inherited.
pub fn unipile() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_unipile"));
    command
        .env_remove("RUST_LOG")
        .env_remove("UNIPILE_DSN")
        .env_remove("UNIPILE_API_KEY")
        .env_remove("UNIPILE_WEBHOOK_SECRET");
    command
}

/// A spawned binary, killed and reaped when the test ends, however it ends.
pub struct Running(pub std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs a command to completion, failing the test if it takes too long.
pub fn run(command: &mut Command) -> Output {
    let mut command = assert_cmd::Command::from_std(std::mem::replace(command, Command::new("")));
    command.timeout(RUN_TIMEOUT);
    command.output().expect("the binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Fails with the whole output when the run did not end with `code`.
pub fn expect_code(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "exit code\n--- stdout\n{}\n--- stderr\n{}",
        stdout(output),
        stderr(output)
    );
}

/// The message ids stored in a sync database.
pub fn stored_ids(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).expect("open the database");
    let mut statement = conn
        .prepare("SELECT id FROM messages ORDER BY id")
        .expect("query");
    statement
        .query_map([], |row| row.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("ids")
}

/// One column of one stored message.
pub fn stored_value(db: &Path, id: &str, column: &str) -> Option<i64> {
    let conn = Connection::open(db).expect("open the database");
    conn.query_row(
        &format!("SELECT {column} FROM messages WHERE id = ?1"),
        [id],
        |row| row.get(0),
    )
    .expect("the message is stored")
}
