//! `unipile-bench stream`: one server, every client against it in turn, each in its own
//! process, for several rounds; the SDK's floor on one thread; then the SDK alone against
//! a larger history; then the table, the ratios and the goals.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use crate::clients::{PAGE_LIMIT, Sample};
use crate::proc_stats;
use crate::report::{self, ClientRuns};
use crate::server::ServerProcess;
use crate::stream_floor::FloorSample;

/// How the benchmark is run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Messages in the history every client streams.
    pub messages: usize,
    /// Messages in the larger history the SDK streams for the flatness goal (0: skip).
    pub large_messages: usize,
    /// Runs of each client.
    pub runs: usize,
    /// Runs of the SDK against the larger history.
    pub large_runs: usize,
    /// The `node` executable.
    pub node: PathBuf,
    /// The directory of `stream-bench.mjs` and its `node_modules`.
    pub node_sdk: PathBuf,
    /// The longest one client run may take.
    pub timeout: Duration,
}

/// A client the benchmark runs: its name and the command that starts it.
struct ClientCommand {
    name: &'static str,
    program: PathBuf,
    args: Vec<String>,
}

/// What the run concluded: the goals missed (empty when every goal is met).
pub struct Outcome {
    /// The names of the goals missed.
    pub missed: Vec<&'static str>,
}

/// Runs the whole benchmark and prints its report.
pub fn stream(options: &Options) -> Result<Outcome, String> {
    let bench = std::env::current_exe()
        .map_err(|e| format!("cannot find this program's own executable: {e}"))?;
    let script = options.node_sdk.join("stream-bench.mjs");
    if !options.node_sdk.join("node_modules").is_dir() {
        return Err(format!(
            "the Node SDK is not installed: run `npm ci` in {}",
            options.node_sdk.display()
        ));
    }
    print_machine();

    println!(
        "\n== {} messages, GET /messages?limit={PAGE_LIMIT}, {} runs of each client",
        options.messages, options.runs
    );
    let server = start_server(&bench, options.messages)?;
    let commands = [
        rust_client("unipile SDK", &bench, "client-sdk", &server),
        rust_client("reqwest + Value", &bench, "client-reqwest", &server),
        ClientCommand {
            name: "Node SDK",
            program: options.node.clone(),
            args: vec![
                script.display().to_string(),
                "--dsn".to_owned(),
                server.ready.base_url.clone(),
                "--api-key".to_owned(),
                server.ready.api_key.clone(),
                "--limit".to_owned(),
                PAGE_LIMIT.to_string(),
            ],
        },
    ];
    let mut runs: Vec<ClientRuns> = commands.iter().map(|c| ClientRuns::new(c.name)).collect();
    // Round after round, each client once, so a change in the machine's load falls on all.
    for round in 1..=options.runs {
        for (command, client_runs) in commands.iter().zip(runs.iter_mut()) {
            let (sample, server_cpu) = run_client(command, &server, options, |s: &Sample| s.items)?;
            eprintln!(
                "round {round}: {:<16} {:>8.0} ms wall {:>8.0} ms CPU {:>8} KiB peak, server {:>6.0} ms CPU",
                command.name, sample.wall_ms, sample.cpu_ms, sample.peak_rss_kib, server_cpu
            );
            client_runs.samples.push(sample);
            client_runs.server_cpu_ms.push(server_cpu);
        }
    }
    let floor = floor_runs(&bench, &server, options)?;
    let server_rss = server.rss_kib()?;
    drop(server);
    println!("(the server's resident memory at the end: {server_rss} KiB)");
    print!("{}", report::table(&runs.iter().collect::<Vec<_>>()));

    let medians = |i: usize| {
        runs[i]
            .medians()
            .ok_or_else(|| format!("no runs of {}", runs[i].name))
    };
    let (sdk, reqwest, node) = (medians(0)?, medians(1)?, medians(2)?);
    print!(
        "\n{}",
        report::ratios(&sdk, &[("Node", &node), ("reqwest", &reqwest)])
    );
    let share = report::server_share(&sdk);
    println!(
        "\nThe fake's CPU time is {:.0}% of the CPU time of the SDK's exchanges ({:.0}% with \
         reqwest, {:.0}% with the Node SDK), and {:.0}% of the SDK's wall time: {}.",
        100.0 * share,
        100.0 * report::server_share(&reqwest),
        100.0 * report::server_share(&node),
        100.0 * sdk.server_cpu_ms / sdk.wall_ms,
        if share > 0.5 {
            "the fake dominates, so the SDK's figures measure the fake more than the SDK"
        } else if share > 0.25 {
            "the fake does not dominate, but a faster fake would lower the SDK's wall time \
             the most"
        } else {
            "the fake is a small part of what is measured"
        }
    );

    print!("\n{}", report::floor_lines(&floor, &sdk, &node));

    let large_peak = if options.large_messages > 0 {
        Some(large_history_peak(&bench, options)?)
    } else {
        println!("\n(the larger history was skipped: the flatness goal is not checked)");
        None
    };

    println!("\n== goals");
    let goals = report::goals(&sdk, &node, large_peak);
    print!("{}", report::goal_lines(&goals));
    Ok(Outcome {
        missed: goals.iter().filter(|g| !g.met()).map(|g| g.name).collect(),
    })
}

/// The SDK's median peak memory streaming the larger history, in KiB.
fn large_history_peak(bench: &Path, options: &Options) -> Result<f64, String> {
    println!(
        "\n== {} messages, the SDK alone, {} runs",
        options.large_messages, options.large_runs
    );
    let server = start_server(bench, options.large_messages)?;
    let command = rust_client("unipile SDK", bench, "client-sdk", &server);
    let large_options = Options {
        messages: options.large_messages,
        ..options.clone()
    };
    let mut runs = ClientRuns::new(format!("unipile SDK ({})", options.large_messages));
    for round in 1..=options.large_runs {
        let (sample, server_cpu) =
            run_client(&command, &server, &large_options, |s: &Sample| s.items)?;
        eprintln!(
            "round {round}: {:<16} {:>8.0} ms wall {:>8.0} ms CPU {:>8} KiB peak, server {:>6.0} ms CPU",
            command.name, sample.wall_ms, sample.cpu_ms, sample.peak_rss_kib, server_cpu
        );
        runs.samples.push(sample);
        runs.server_cpu_ms.push(server_cpu);
    }
    drop(server);
    print!("{}", report::table(&[&runs]));
    let medians = runs
        .medians()
        .ok_or("no runs of the SDK on the larger history")?;
    Ok(medians.peak_rss_kib)
}

/// One of this program's own client modes, pointed at `server`.
fn rust_client(
    name: &'static str,
    bench: &Path,
    mode: &str,
    server: &ServerProcess,
) -> ClientCommand {
    ClientCommand {
        name,
        program: bench.to_owned(),
        args: vec![
            mode.to_owned(),
            "--base-url".to_owned(),
            server.ready.base_url.clone(),
            "--api-key".to_owned(),
            server.ready.api_key.clone(),
        ],
    }
}

fn start_server(bench: &Path, messages: usize) -> Result<ServerProcess, String> {
    let server = ServerProcess::start(bench, 1, messages)?;
    println!(
        "server: {} messages seeded in {:.1} s, every page rendered once in {:.1} s, {} KiB resident, at {}",
        server.ready.messages,
        server.ready.seed_ms / 1000.0,
        server.ready.warm_ms / 1000.0,
        server.ready.rss_kib,
        server.ready.base_url
    );
    Ok(server)
}

/// The SDK's floor on one thread (`client-floor`), run `options.runs` times: the medians
/// of its figures.
fn floor_runs(
    bench: &Path,
    server: &ServerProcess,
    options: &Options,
) -> Result<FloorSample, String> {
    let command = rust_client("SDK floor", bench, "client-floor", server);
    let mut samples = Vec::new();
    for round in 1..=options.runs {
        let (sample, _) = run_client(&command, server, options, |s: &FloorSample| s.items)?;
        eprintln!(
            "round {round}: {:<16} {:>8.0} ms decoding {:>8.0} ms CPU in the bare exchange ({:.0} ms wall)",
            command.name, sample.decode_ms, sample.exchange_cpu_ms, sample.exchange_wall_ms
        );
        samples.push(sample);
    }
    let of = |f: fn(&FloorSample) -> f64| {
        report::median(&samples.iter().map(f).collect::<Vec<_>>()).unwrap_or(0.0)
    };
    Ok(FloorSample {
        items: options.messages as u64,
        pages: samples.first().map_or(0, |s| s.pages),
        exchange_wall_ms: of(|s| s.exchange_wall_ms),
        exchange_cpu_ms: of(|s| s.exchange_cpu_ms),
        decode_ms: of(|s| s.decode_ms),
    })
}

/// Runs one client to its end: the figures it printed, checked to count every message
/// (`items` reads the count from them), and the server's CPU time meanwhile.
fn run_client<S: DeserializeOwned>(
    command: &ClientCommand,
    server: &ServerProcess,
    options: &Options,
    items: impl Fn(&S) -> u64,
) -> Result<(S, f64), String> {
    let (line, server_cpu) = run_process(command, server, options)?;
    let sample: S = serde_json::from_str(&line)
        .map_err(|e| format!("{} printed no figures ({e}): {line:?}", command.name))?;
    if items(&sample) != options.messages as u64 {
        return Err(format!(
            "{} saw {} messages, not {}",
            command.name,
            items(&sample),
            options.messages
        ));
    }
    Ok((sample, server_cpu))
}

/// Runs one client process to its end: the last line it printed, and the server's CPU
/// time meanwhile.
fn run_process(
    command: &ClientCommand,
    server: &ServerProcess,
    options: &Options,
) -> Result<(String, f64), String> {
    let server_cpu_before = server.cpu_ms()?;
    let mut child = Command::new(&command.program)
        .args(&command.args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| {
            format!(
                "cannot start {} ({}): {e}",
                command.name,
                command.program.display()
            )
        })?;
    let deadline = Instant::now() + options.timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{} did not finish within {} s",
                    command.name,
                    options.timeout.as_secs()
                ));
            }
            Err(e) => return Err(format!("waiting for {}: {e}", command.name)),
        }
    };
    let server_cpu = server.cpu_ms()? - server_cpu_before;
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    if !status.success() {
        return Err(format!("{} failed ({status})", command.name));
    }
    let line = stdout.lines().last().unwrap_or_default().to_owned();
    Ok((line, server_cpu))
}

fn print_machine() {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let model = proc_stats::cpu_model().unwrap_or_else(|| "unknown CPU".to_owned());
    let load = proc_stats::load_average().map_or("unknown".to_owned(), |l| format!("{l:.2}"));
    println!("machine: {cores} cores, {model}, load average {load}");
}
