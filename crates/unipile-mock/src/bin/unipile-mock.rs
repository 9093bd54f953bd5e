//! `unipile-mock`: serves a fake Unipile API v1 with demo data on loopback, so any
//! Unipile client, in any language, can be pointed at it.

use std::process::ExitCode;

use unipile_mock::{DEFAULT_API_KEY, FakeUnipile, serve};

const USAGE: &str = "\
unipile-mock: a fake Unipile messaging API v1 with demo data, on 127.0.0.1

USAGE:
    unipile-mock [--port PORT] [--api-key KEY] [--seed SEED]

OPTIONS:
    --port PORT      TCP port on 127.0.0.1 (default 13111; 0 picks a free one)
    --api-key KEY    the X-API-KEY clients must send (default: unipile-mock-api-key)
    --seed SEED      seed of the demo data: the same seed gives the same data (default 42)
    -h, --help       print this help
";

struct Options {
    port: u16,
    api_key: String,
    seed: u64,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        port: 13111,
        api_key: DEFAULT_API_KEY.to_owned(),
        seed: 42,
    };
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        if name == "-h" || name == "--help" {
            return Ok(None);
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "--port" => {
                let v = value()?;
                options.port = v
                    .parse()
                    .map_err(|_| format!("--port must be a number from 0 to 65535, got {v:?}"))?;
            }
            "--api-key" => {
                options.api_key = value()?;
                if options.api_key.is_empty() {
                    return Err("--api-key must not be empty".to_owned());
                }
            }
            "--seed" => {
                let v = value()?;
                options.seed = v
                    .parse()
                    .map_err(|_| format!("--seed must be a whole number, got {v:?}"))?;
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(options))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
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
    use super::*;

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn parses_flags_in_both_forms() {
        let o = parse(args(&["--port", "0", "--api-key=k", "--seed", "7"]))
            .expect("ok")
            .expect("options");
        assert_eq!((o.port, o.api_key.as_str(), o.seed), (0, "k", 7));
        assert!(parse(args(&["--help"])).expect("ok").is_none());
        for bad in [
            &["--port"][..],
            &["--port", "x"],
            &["--nope"],
            &["--api-key="],
        ] {
            assert!(parse(args(bad)).is_err(), "{bad:?}");
        }
    }
}
