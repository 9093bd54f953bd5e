//! The fake Unipile the clients stream from: seeded with a history of N messages and served
//! on 127.0.0.1 by its own process (`unipile-bench serve`), so that its work is not counted
//! in any client's figures and its own CPU time can be read from `/proc` for each run.
//!
//! The server process prints one [`Ready`] line as JSON on its standard output once it is
//! seeded and listening, and stops when its standard input closes: when the benchmark ends
//! or dies, its server goes with it.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use unipile_core::Provider;
use unipile_core::request::{ListMessages, Paged};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile};

use crate::proc_stats;

/// The seed of the fake's data: the same seed gives the same messages.
const SEED: u64 = 15;

/// The bytes of rendered pages the server keeps: every page of 100,000 messages (about
/// 80 MiB) twice over (all messages, and the one account's), the first 2,500 or so of
/// 1,000,000.
const READ_CACHE_BYTES: usize = 512 << 20;

/// What the server process says once it listens.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Ready {
    /// The API base URL, `http://127.0.0.1:{port}/api/v1`.
    pub base_url: String,
    /// The `X-API-KEY` it accepts.
    pub api_key: String,
    /// How many messages `GET /messages` walks through.
    pub messages: usize,
    /// How long seeding took, in milliseconds.
    pub seed_ms: f64,
    /// How long rendering every page once, ahead of the clients, took, in milliseconds.
    #[serde(default)]
    pub warm_ms: f64,
    /// Its resident memory once seeded, in KiB.
    pub rss_kib: u64,
}

/// A fake holding `messages` messages: one WhatsApp account with a group chat of five whose
/// history is the realistic mix of `unipile-mock`'s seeding (attachments of every kind,
/// reactions, read receipts of each member, quotes, edits, deletions, events). It keeps
/// the pages it renders ([`unipile_mock::FakeUnipileBuilder::read_cache`]), so that a
/// client's figures hold as little of the fake's own work as possible.
pub fn seeded(messages: usize) -> FakeUnipile {
    let fake = FakeUnipile::builder()
        .seed(SEED)
        .read_cache(READ_CACHE_BYTES)
        .build();
    let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Kim (WhatsApp)"));
    let members = [
        "Bastien Dubois",
        "Amélie Martin",
        "Priya Okafor",
        "Jonas Silva",
    ];
    let group = ChatSeed::group(account, "Project team 🚀", members).history(messages);
    let _ = fake.add_chat(group);
    fake
}

/// A fake holding `accounts` WhatsApp accounts, each with one direct chat of
/// `per_account` messages of the same realistic mix.
pub fn seeded_accounts(accounts: usize, per_account: usize) -> FakeUnipile {
    let fake = FakeUnipile::builder().seed(SEED).build();
    for i in 0..accounts {
        let account =
            fake.add_account(AccountSeed::new(Provider::Whatsapp, format!("Account {i}")));
        let _ = fake.add_chat(ChatSeed::direct(account, "Bastien Dubois").history(per_account));
    }
    fake
}

/// `unipile-bench serve`: seeds (one account holding every message, or `accounts`
/// accounts of `messages` each), listens on 127.0.0.1, prints [`Ready`], serves until
/// standard input closes.
pub fn serve(accounts: usize, messages: usize) -> Result<(), String> {
    let started = Instant::now();
    let fake = if accounts <= 1 {
        seeded(messages)
    } else {
        seeded_accounts(accounts, messages)
    };
    let seed_ms = started.elapsed().as_secs_f64() * 1000.0;
    // Stop when the benchmark closes our standard input (or exits).
    std::thread::spawn(|| {
        let _ = std::io::stdin().lock().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
    // One thread, as a Unipile-like server answering one client at a time would need.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the tokio runtime: {e}"))?;
    runtime.block_on(async {
        let api_key = fake.api_key().to_owned();
        let started = Instant::now();
        warm(&fake).await?;
        let warm_ms = started.elapsed().as_secs_f64() * 1000.0;
        let server = unipile_mock::serve(fake, "127.0.0.1:0")
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
        let ready = Ready {
            base_url: server.base_url().to_owned(),
            api_key,
            messages: messages * accounts.max(1),
            seed_ms,
            warm_ms,
            rss_kib: proc_stats::rss_kib(std::process::id()).map_err(|e| e.to_string())?,
        };
        println!(
            "{}",
            serde_json::to_string(&ready).map_err(|e| e.to_string())?
        );
        std::future::pending::<()>().await;
        Ok(())
    })
}

/// Walks every page the clients will ask for once, in process, so the fake renders (and
/// keeps) each before any client is measured: every client run then finds the same pages
/// ready, the first as the last. That is the walk of every message (`stream`) and, for
/// `sync`, the walk of each account's messages.
async fn warm(fake: &FakeUnipile) -> Result<(), String> {
    let client = unipile_core::Client::new(fake.clone(), fake.api_key());
    let all = ListMessages::new().limit(crate::clients::PAGE_LIMIT);
    let walks = std::iter::once(all.clone()).chain(
        fake.account_ids()
            .into_iter()
            .map(|id| all.clone().account_id(id)),
    );
    for walk in walks {
        let mut messages = client.messages().stream(walk);
        while let Some(message) = messages.next_item().await {
            message.map_err(|e| format!("rendering the pages ahead: {e}"))?;
        }
    }
    fake.clear_requests();
    Ok(())
}

/// A server process started by the benchmark. Dropping it stops the process.
pub struct ServerProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    /// What it said once it was listening.
    pub ready: Ready,
}

impl ServerProcess {
    /// Starts `bench serve --accounts A --messages N` and waits until it listens.
    pub fn start(bench: &Path, accounts: usize, messages: usize) -> Result<Self, String> {
        let mut child = Command::new(bench)
            .args(["serve", "--accounts", &accounts.to_string()])
            .args(["--messages", &messages.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start the server {}: {e}", bench.display()))?;
        let stdin = child.stdin.take();
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            let _ = BufReader::new(stdout).read_line(&mut line);
        }
        let mut server = ServerProcess {
            child,
            stdin,
            ready: Ready {
                base_url: String::new(),
                api_key: String::new(),
                messages: messages * accounts.max(1),
                seed_ms: 0.0,
                warm_ms: 0.0,
                rss_kib: 0,
            },
        };
        server.ready = serde_json::from_str(&line).map_err(|e| {
            format!("the server did not say it was ready ({e}); it printed {line:?}")
        })?;
        Ok(server)
    }

    /// The CPU time the server process has used so far, in milliseconds.
    pub fn cpu_ms(&self) -> Result<f64, String> {
        proc_stats::cpu_ms(self.child.id()).map_err(|e| format!("the server's CPU time: {e}"))
    }

    /// Its resident memory now, in KiB.
    pub fn rss_kib(&self) -> Result<u64, String> {
        proc_stats::rss_kib(self.child.id()).map_err(|e| format!("the server's memory: {e}"))
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        stop(&mut self.child, self.stdin.take());
    }
}

/// Stops a server process started with a piped standard input: closing `stdin` stops
/// it; killing it after 5 seconds is the fallback.
pub fn stop(child: &mut Child, stdin: Option<ChildStdin>) {
    drop(stdin);
    let deadline = Instant::now() + std::time::Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A fake served on 127.0.0.1 by a thread of its own, for the tests of the clients (which
/// block on their own runtime): its base URL, until dropped, and no longer than 60 s.
#[cfg(test)]
pub(crate) struct TestServer {
    pub(crate) base_url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

#[cfg(test)]
impl TestServer {
    pub(crate) fn start(fake: unipile_mock::FakeUnipile) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async {
                let server = unipile_mock::serve(fake, "127.0.0.1:0")
                    .await
                    .expect("listening");
                tx.send(server.base_url().to_owned()).expect("sent");
                let _ = tokio::time::timeout(std::time::Duration::from_secs(60), stopped).await;
                server.shutdown().await;
            });
        });
        let base_url = rx.recv().expect("the server's URL");
        Self {
            base_url,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

#[cfg(test)]
impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients;

    /// Both Rust clients count exactly what the fake holds, over several pages and a last,
    /// partial one.
    #[test]
    fn the_rust_clients_see_every_message_of_the_fake() {
        let messages = 2 * clients::PAGE_LIMIT as usize + 17;
        let fake = seeded(messages);
        let server = TestServer::start(fake);
        let base_url = &server.base_url;
        let key = unipile_mock::DEFAULT_API_KEY;
        for sample in [
            clients::sdk(base_url, key).expect("the SDK client ran"),
            clients::reqwest_value(base_url, key).expect("the reqwest client ran"),
        ] {
            assert_eq!(sample.items, messages as u64, "{sample:?}");
            assert_eq!(sample.pages, 3, "{sample:?}");
            assert!(sample.peak_rss_kib > 0, "{sample:?}");
        }
    }
}
