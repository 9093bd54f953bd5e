//! `unipile-bench`: the side-by-side streaming benchmark, and the sync store's and
//! downloads' benchmarks.
//!
//! `unipile-bench stream` starts one fake Unipile server (`unipile-mock`, seeded with N
//! messages, in its own process) and streams every message of `GET /messages?limit=250`
//! from it with three clients, each in its own process, round after round: the SDK
//! (`client-sdk`), bare reqwest parsing pages into `serde_json::Value` (`client-reqwest`),
//! and the official Node SDK's cursor loop (`node node-sdk/stream-bench.mjs`). It measures
//! the SDK's floor on one thread (`client-floor`), then streams a larger history with the
//! SDK alone, prints the medians, the ratios and the goals, and exits with status 1 when a
//! goal is missed. `unipile-bench sync` measures
//! what the sync store costs on top of that stream (SQLite and PostgreSQL), and one
//! against three sync workers; `unipile-bench download` shows that a streamed download's
//! peak memory does not grow with the file. See `docs/performance.md`.

mod clients;
mod download;
mod floor;
mod proc_stats;
mod report;
mod run;
mod server;
mod stream_floor;
mod sync;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

/// The side-by-side streaming benchmark: the SDK, bare reqwest and the official Node SDK
/// against one fake Unipile server on 127.0.0.1.
#[derive(Parser, Debug)]
#[command(name = "unipile-bench", version)]
struct Cli {
    #[command(subcommand)]
    command: Mode,
}

#[derive(Subcommand, Debug)]
enum Mode {
    /// Runs the benchmark: every client, several runs, the table and the goals. Exits with
    /// status 1 when a goal is missed, 2 on an error.
    Stream(StreamArgs),
    /// The store's cost: the first sync of N messages into a new SQLite file and into
    /// PostgreSQL, each against streaming them without storing; then one and three sync
    /// workers sharing many accounts on PostgreSQL. Exits with status 1 when a first sync
    /// takes more than twice the stream, 2 on an error.
    Sync(SyncArgs),
    /// Serves a fake Unipile seeded with N messages on 127.0.0.1 until standard input
    /// closes; prints {"base_url", "api_key", …} as JSON once listening.
    Serve {
        /// Messages in the history (per account when there are several).
        #[arg(long, default_value_t = 100_000)]
        messages: usize,
        /// Accounts, each with a chat of N messages; 1: one account with a group chat.
        #[arg(long, default_value_t = 1)]
        accounts: usize,
    },
    /// The memory of a streamed download: 10 MiB and 100 MiB attachments, each
    /// downloaded through the SDK by its own process. Exits with status 1 when the
    /// 100 MiB peak is more than 1.10 x the 10 MiB peak, 2 on an error.
    Download {
        /// Downloads of each size; the peaks are their medians.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
        runs: u16,
    },
    /// Serves a fake Unipile holding one message with the download benchmark's
    /// attachments until standard input closes; prints where as JSON once listening.
    ServeDownload,
    /// Downloads one attachment through the SDK, discarding the bytes, and prints the
    /// figures as JSON.
    ClientDownload {
        #[command(flatten)]
        client: ClientArgs,
        /// The message id.
        #[arg(long)]
        message: String,
        /// The attachment id.
        #[arg(long)]
        attachment: String,
        /// The attachment's expected size in bytes.
        #[arg(long)]
        bytes: u64,
    },
    /// Streams every message with the SDK and prints the figures as JSON.
    ClientSdk(ClientArgs),
    /// Streams every message with bare reqwest and `serde_json::Value`, and prints the
    /// figures as JSON.
    ClientReqwest(ClientArgs),
    /// Measures the SDK's floor on one thread (the bare exchange's CPU time, then decoding
    /// every page) and prints the figures as JSON.
    ClientFloor(ClientArgs),
}

#[derive(Args, Debug)]
struct StreamArgs {
    /// Messages every client streams.
    #[arg(long, default_value_t = 100_000)]
    messages: usize,
    /// Messages the SDK streams for the flatness goal; 0 skips it (and the goal).
    #[arg(long, default_value_t = 1_000_000)]
    large_messages: usize,
    /// Runs of each client; the figures are their medians.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..))]
    runs: u16,
    /// Runs of the SDK on the larger history (default: --runs).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    large_runs: Option<u16>,
    /// The Node.js executable.
    #[arg(long, default_value = "node")]
    node: PathBuf,
    /// The directory holding `stream-bench.mjs` and its `node_modules` (`npm ci` there).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../node-sdk"))]
    node_sdk: PathBuf,
    /// The longest one client run may take, in seconds.
    #[arg(long, default_value_t = 600)]
    timeout_secs: u64,
}

#[derive(Args, Debug)]
struct SyncArgs {
    /// Messages of the first-sync comparison (one account).
    #[arg(long, default_value_t = 100_000)]
    messages: usize,
    /// Accounts of the workers comparison.
    #[arg(long, default_value_t = 50)]
    accounts: usize,
    /// Messages per account of the workers comparison.
    #[arg(long, default_value_t = 2_000)]
    per_account: usize,
    /// A PostgreSQL database to measure too (each run makes a schema
    /// `unipile_bench_*` there: use a throwaway database); default:
    /// `UNIPILE_TEST_POSTGRES_URL`, else SQLite only.
    #[arg(long, value_name = "URL")]
    postgres: Option<String>,
    /// Runs of each; the figures are their medians.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
    runs: u16,
}

#[derive(Args, Debug)]
struct ClientArgs {
    /// The API base URL, `http://127.0.0.1:PORT/api/v1`.
    #[arg(long)]
    base_url: String,
    /// The X-API-KEY to send.
    #[arg(long)]
    api_key: String,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Mode::Stream(args) => {
            let options = run::Options {
                messages: args.messages,
                large_messages: args.large_messages,
                runs: usize::from(args.runs),
                large_runs: usize::from(args.large_runs.unwrap_or(args.runs)),
                node: args.node,
                node_sdk: args.node_sdk,
                timeout: Duration::from_secs(args.timeout_secs),
            };
            match run::stream(&options) {
                Ok(outcome) => goals(outcome.missed),
                Err(message) => fail(&message),
            }
        }
        Mode::Sync(args) => {
            let options = sync::Options {
                messages: args.messages,
                accounts: args.accounts,
                per_account: args.per_account,
                postgres: args
                    .postgres
                    .or_else(|| std::env::var("UNIPILE_TEST_POSTGRES_URL").ok()),
                runs: usize::from(args.runs),
            };
            match sync::sync(&options) {
                Ok(outcome) => goals(outcome.missed),
                Err(message) => fail(&message),
            }
        }
        Mode::Download { runs } => match download::download(usize::from(runs)) {
            Ok(missed) => goals(missed),
            Err(message) => fail(&message),
        },
        Mode::ServeDownload => download::serve().map_or_else(|e| fail(&e), ok),
        Mode::ClientDownload {
            client,
            message,
            attachment,
            bytes,
        } => match download::client(
            &client.base_url,
            &client.api_key,
            &message,
            &attachment,
            bytes,
        )
        .and_then(|s| serde_json::to_string(&s).map_err(|e| e.to_string()))
        {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(message) => fail(&message),
        },
        Mode::Serve { messages, accounts } => {
            server::serve(accounts, messages).map_or_else(|e| fail(&e), ok)
        }
        Mode::ClientSdk(args) => print_sample(clients::sdk(&args.base_url, &args.api_key)),
        Mode::ClientReqwest(args) => {
            print_sample(clients::reqwest_value(&args.base_url, &args.api_key))
        }
        Mode::ClientFloor(args) => {
            print_sample(stream_floor::client(&args.base_url, &args.api_key))
        }
    }
}

/// Success when no goal is missed, else status 1 naming each.
fn goals<G: std::fmt::Display>(missed: Vec<G>) -> ExitCode {
    if missed.is_empty() {
        println!("every goal is met");
        return ExitCode::SUCCESS;
    }
    eprintln!("goals missed:");
    for goal in missed {
        eprintln!("  - {goal}");
    }
    ExitCode::from(1)
}

fn ok(_: ()) -> ExitCode {
    ExitCode::SUCCESS
}

fn print_sample<S: serde::Serialize>(sample: Result<S, String>) -> ExitCode {
    match sample.and_then(|s| serde_json::to_string(&s).map_err(|e| e.to_string())) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
