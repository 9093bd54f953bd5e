//! Logs on stderr: what the SDK's tracing spans and events say, at the level `-v`, `-q`
//! or `RUST_LOG` asks for.
//!
//! Only `tracing` records reach the log: the `log` records of reqwest, rustls and the
//! like are not bridged in. The SDK's spans carry the method, the route template, the
//! status and the duration, never an API key, a secret, a path with ids or a body.

use crate::progress;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

/// The crates whose records `-v` and `-vv` turn up; every other crate logs warnings.
const SDK_CRATES: &[&str] = &["unipile", "unipile_core", "unipile_http", "unipile_mock"];

/// The filter for `-q` (`quiet`) and `-v` counted `verbose` times, when `RUST_LOG` is
/// unset: warnings by default, errors only with `-q`; info, debug, then trace for the
/// SDK crates with `-v`, `-vv`, `-vvv`.
pub fn directives(verbose: u8, quiet: bool) -> String {
    if quiet {
        return "error".to_owned();
    }
    let sdk_level = match verbose {
        0 => return "warn".to_owned(),
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let mut directives = vec!["warn".to_owned()];
    directives.extend(
        SDK_CRATES
            .iter()
            .map(|krate| format!("{krate}={sdk_level}")),
    );
    directives.join(",")
}

/// Installs the stderr logger. `RUST_LOG`, when set and not empty, replaces the level
/// the flags give; one that does not parse is reported and the flags are used.
pub fn init(verbose: u8, quiet: bool) {
    let from_flags = || EnvFilter::new(directives(verbose, quiet));
    let filter = match std::env::var(EnvFilter::DEFAULT_ENV) {
        Ok(value) if !value.trim().is_empty() => match EnvFilter::try_new(&value) {
            Ok(filter) => filter,
            Err(error) => {
                eprintln!("warning: RUST_LOG ignored, it does not parse: {error}");
                from_flags()
            }
        },
        _ => from_flags(),
    };
    if logs_more_than_warnings(&filter) {
        progress::hide_spinners();
    }
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// Whether `filter` may let through more than warnings and errors (then log lines are
/// frequent enough that a spinner would garble them).
fn logs_more_than_warnings(filter: &EnvFilter) -> bool {
    filter
        .max_level_hint()
        .is_none_or(|level| level > LevelFilter::WARN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flags_choose_the_level_of_the_sdk_crates() {
        assert_eq!(directives(0, false), "warn");
        assert_eq!(directives(0, true), "error");
        assert_eq!(
            directives(1, false),
            "warn,unipile=info,unipile_core=info,unipile_http=info,unipile_mock=info"
        );
        assert!(directives(2, false).contains("unipile_http=debug"));
        assert!(directives(2, false).starts_with("warn,"));
        assert!(directives(5, false).contains("unipile_core=trace"));
        for verbose in 0..4 {
            assert!(EnvFilter::try_new(directives(verbose, false)).is_ok());
        }
    }

    #[test]
    fn spinners_give_way_to_logs_beyond_warnings() {
        let filter = |directives: &str| EnvFilter::try_new(directives).expect("directives");
        assert!(!logs_more_than_warnings(&filter(&directives(0, false))));
        assert!(!logs_more_than_warnings(&filter(&directives(0, true))));
        assert!(logs_more_than_warnings(&filter(&directives(1, false))));
        assert!(logs_more_than_warnings(&filter("unipile_http=debug")));
    }
}
