//! `unipile-mock`: serves a fake Unipile API v1 with demo data on loopback, so any
//! Unipile client, in any language, can be pointed at it.

use std::process::ExitCode;

use clap::Parser;
use clap::builder::NonEmptyStringValueParser;

use unipile_mock::{DEFAULT_API_KEY, FakeUnipile, serve};

/// A fake Unipile messaging API v1 with demo data, on 127.0.0.1.
///
/// Point any Unipile client at the base URL it prints and send the API key it prints as
/// the X-API-KEY header. Ctrl-C (or SIGTERM) stops it.
#[derive(Parser, Debug)]
#[command(name = "unipile-mock", version)]
struct Options {
    /// TCP port on 127.0.0.1 (0 picks a free one)
    #[arg(long, value_name = "PORT", default_value_t = 13111)]
    port: u16,
    /// The X-API-KEY clients must send
    #[arg(
        long,
        value_name = "KEY",
        default_value = DEFAULT_API_KEY,
        value_parser = NonEmptyStringValueParser::new()
    )]
    api_key: String,
    /// Seed of the demo data: the same seed gives the same data
    #[arg(long, value_name = "SEED", default_value_t = 42)]
    seed: u64,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    // `--help` and `--version` print and exit 0; a bad argument prints the error and the
    // usage, and exits 2.
    let options = Options::parse();
    let fake = FakeUnipile::builder()
        .api_key(options.api_key.clone())
        .seed(options.seed)
        .demo_data()
        .build();
    let server = match serve(fake.clone(), ("127.0.0.1", options.port)).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", options.port);
            return ExitCode::FAILURE;
        }
    };
    let base = server.base_url();
    println!(
        "unipile-mock: a fake Unipile API v1 with demo data (seed {})",
        options.seed
    );
    println!("  base URL: {base}");
    println!(
        "  API key:  {}  (send it as the X-API-KEY header)",
        options.api_key
    );
    println!(
        "  data:     {} accounts, {} chats, {} messages",
        fake.account_ids().len(),
        fake.chat_ids().len(),
        fake.message_count()
    );
    println!(
        "  try:      curl -H 'X-API-KEY: {}' '{base}/chats?limit=2'",
        options.api_key
    );
    println!("Press Ctrl-C to stop.");
    stopped().await;
    server.shutdown().await;
    ExitCode::SUCCESS
}

/// Waits for Ctrl-C (or, on Unix, SIGTERM).
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("error: cannot wait for Ctrl-C: {e}");
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;
    use clap::error::ErrorKind;

    use super::*;

    fn parse(args: &[&str]) -> Result<Options, clap::Error> {
        Options::try_parse_from(std::iter::once("unipile-mock").chain(args.iter().copied()))
    }

    #[test]
    fn the_command_is_well_formed() {
        Options::command().debug_assert();
    }

    #[test]
    fn parses_flags_in_both_forms() {
        let o = parse(&["--port", "0", "--api-key=k", "--seed", "7"]).expect("options");
        assert_eq!((o.port, o.api_key.as_str(), o.seed), (0, "k", 7));
        let defaults = parse(&[]).expect("defaults");
        assert_eq!(
            (defaults.port, defaults.api_key.as_str(), defaults.seed),
            (13111, DEFAULT_API_KEY, 42)
        );
        let help = parse(&["--help"]).expect_err("help is not a run");
        assert_eq!(help.kind(), ErrorKind::DisplayHelp);
        for bad in [
            &["--port"][..],
            &["--port", "x"],
            &["--port", "65536"],
            &["--nope"],
            &["--api-key="],
            &["--seed", "-1"],
        ] {
            let error = parse(bad).expect_err("refused");
            assert_ne!(error.kind(), ErrorKind::DisplayHelp, "{bad:?}");
        }
    }
}
