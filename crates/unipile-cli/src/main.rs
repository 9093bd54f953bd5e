//! `unipile`: the command line of the Unipile Rust SDK.
//!
//! Send, read and sync the messages of LinkedIn, WhatsApp, Instagram, Messenger, Telegram
//! and X through the Unipile API, and watch the SDK at work while doing it.
//!
//! ```text
//! cargo run -p unipile-cli -- demo                 # the guided tour (demo data without credentials)
//! unipile accounts list
//! unipile chats list --unread
//! unipile messages list --chat CHAT_ID --all --json
//! unipile messages send --chat CHAT_ID --text "Hello" --attach report.pdf
//! unipile messages start --account ACC --to ACoAAA… --text "Hi" --inmail
//! unipile sync --db messages.sqlite --every 5m
//! unipile webhooks listen --port 8080 --db messages.sqlite  # secret from UNIPILE_WEBHOOK_SECRET
//! ```
//!
//! # Where it connects
//!
//! `UNIPILE_DSN` and `UNIPILE_API_KEY` (or `--dsn` and `--api-key`) select your Unipile
//! account. With neither set, every command runs against the fake from `unipile-mock`,
//! embedded in the process and seeded with demo data, and says so once on stderr.
//! Setting only one of the two is an error that names the other.
//!
//! # Output
//!
//! A table by default; `--json` prints one JSON object per line (the SDK's model types as
//! they serialize). Notes, hints and progress go to stderr; a spinner shows on a terminal
//! only.
//!
//! # Logs
//!
//! Warnings go to stderr by default; `-v` adds what the SDK does, `-vv` each request
//! (method, route template, status, duration), `-q` keeps errors only. `RUST_LOG`, when
//! set, replaces the flags (`RUST_LOG=unipile_http=debug`). No log holds the API key,
//! the webhook secret, an id-bearing path or a body.
//!
//! # Exit codes
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success |
//! | 1 | a local failure: a file or database that cannot be read or written, a port in use |
//! | 2 | bad usage: an unknown flag, a missing argument, an unknown `--provider`, only one of `UNIPILE_DSN` and `UNIPILE_API_KEY`, an unusable DSN |
//! | 3 | the API answered with an error (its type and title are printed), with a body that does not decode, or with a list that stops before its end |
//! | 4 | network failure: no usable answer (connection refused, timeout, dropped connection) |
//! | 5 | invalid input, refused before anything was sent (a limit out of range, an empty message, a file too large, an id that does not normalize) |
//!
//! # `unipile sync`
//!
//! Copies `GET /messages` into a SQLite database (`messages` table, one row per message
//! id with the main columns and the full JSON; `sync_checkpoints` table, the sync
//! checkpoint per account). Each page is written in one transaction together with the
//! checkpoint; rows whose message changed (seen, edited, deleted, reactions) are updated.
//! Running it twice, stopping it midway or failing on a page never loses or duplicates a
//! message.
//!
//! # `unipile webhooks listen`
//!
//! Receives Unipile's webhook calls on 127.0.0.1: 401 without the shared secret. With
//! `--db` (a SQLite file or a `postgres://` URL) each event is answered 200 only once it
//! is stored (message events in the same `messages` table, account statuses in the
//! accounts' health); a body that does not parse is kept as a dead letter (`unipile
//! webhooks dead-letters list|replay`), and a database failure is answered 503 so that
//! Unipile retries. Without `--db` each event is printed: 400 for a malformed body, 200
//! otherwise.

mod cli;
mod commands;
mod connect;
mod dead_letters;
mod demo;
mod failure;
mod listen;
mod logging;
mod output;
mod progress;
// Webhook events are stored through `unipile_sync` now; what is left here serves `sync`.
#[allow(dead_code)]
mod store;
mod sync;

use clap::Parser;
use cli::{Cli, Command, WebhooksCommand};
use failure::Failure;
use output::Printer;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    logging::init(cli.global.verbose, cli.global.quiet);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return Failure::local("cannot start the async runtime", e).report(),
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let out = Printer::new(cli.global.json);
    match cli.command {
        Command::Demo => demo::run(&cli.global, &out).await,
        Command::Ids(command) => commands::ids::run(command, &out),
        // The listener calls no API: no client, and no demo note.
        Command::Webhooks(WebhooksCommand::Listen(args)) => listen::run(args, &out).await,
        Command::Webhooks(WebhooksCommand::DeadLetters(c)) => dead_letters::run(c, &out).await,
        command => {
            let backend = connect::connect(&cli.global)?;
            let client = &backend.client;
            match command {
                Command::Accounts(c) => commands::accounts::run(c, client, &out).await,
                Command::Chats(c) => commands::chats::run(c, client, &out).await,
                Command::Messages(c) => commands::messages::run(c, client, &out).await,
                Command::Attachments(c) => commands::attachments::run(c, client, &out).await,
                Command::Webhooks(c) => commands::webhooks::run(c, client, &out).await,
                Command::Sync(args) => sync::run(args, client, &out).await,
                Command::Demo | Command::Ids(_) => Ok(()),
            }
        }
    }
}
