//! The arguments of `unipile sync`.

use super::{parse_duration, parse_time};
use chrono::{DateTime, Utc};
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;

/// `unipile sync`
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The database to write: a SQLite file (created if missing), `sqlite://PATH`, or
    /// `postgres://USER:PASSWORD@HOST/DB` (several syncs may share one)
    #[arg(long, value_name = "PATH|URL")]
    pub db: PathBuf,
    /// Only this account (default: every account)
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub account: Option<String>,
    /// Repeat every DURATION (`30s`, `5m`, `1h`) until Ctrl-C; without it, one pass
    #[arg(long, value_parser = parse_duration, value_name = "DURATION")]
    pub every: Option<Duration>,
    /// How far before the newest message synced each pass looks again, to catch late
    /// messages and changes (keep it longer than --every; a message older than that is
    /// not fetched again, so its later changes come only by webhook)
    #[arg(long, value_parser = parse_duration, default_value = "10m", value_name = "DURATION")]
    pub overlap: Duration,
    /// On the very first pass, only messages after this time (default: the whole history)
    #[arg(long, value_parser = parse_time, value_name = "TIME")]
    pub since: Option<DateTime<Utc>>,
    /// Messages per page, 1 to 250
    #[arg(
        long,
        default_value_t = 100,
        value_name = "N",
        value_parser = clap::value_parser!(u32).range(1..=250)
    )]
    pub page_size: u32,
    /// Empty pages in a row that still have a cursor to follow before a list counts as
    /// incomplete
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub max_empty_pages: u32,
    /// Also walk a deep window (--deep-window) once every DURATION per account, for
    /// messages that show up late (default: no deep pass)
    #[arg(long, value_parser = parse_duration, value_name = "DURATION")]
    pub deep_every: Option<Duration>,
    /// How far back a deep pass looks
    #[arg(long, value_parser = parse_duration, default_value = "7d", value_name = "DURATION")]
    pub deep_window: Duration,
    /// Also receive Unipile's webhooks on 127.0.0.1:PORT into the same database (0 picks
    /// a free port; the address is printed on stderr): each event is answered 200 once
    /// stored. The secret comes from UNIPILE_WEBHOOK_SECRET. Needs --every
    #[arg(long, value_name = "PORT", requires = "every")]
    pub listen: Option<u16>,
    /// The header that carries the webhook secret, with --listen
    #[arg(long, default_value = "Unipile-Auth", value_name = "NAME")]
    pub webhook_header: String,
    /// This process's name in the account leases (default: `unipile-sync@HOSTNAME`, so a
    /// restarted sync takes its own leases back at once); give each of several syncs on
    /// one machine and one database a name of its own
    #[arg(long, value_name = "NAME")]
    pub worker_id: Option<String>,
}
