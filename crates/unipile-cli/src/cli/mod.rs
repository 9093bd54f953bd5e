//! The command line: every command, flag and argument, with its help.

use crate::failure::EXIT_CODES_HELP;
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;
use unipile_core::request::{Paged, Windowed};

mod operations;
mod sync;
mod webhooks;

pub use operations::{
    AttendeesCommand, ChatActionCommand, MessageActionCommand, ToggleArgs, UserLookupArgs,
    UsersCommand,
};
pub use sync::SyncArgs;
pub use webhooks::{CreateWebhookArgs, DeadLettersCommand, ListenArgs, WebhooksCommand};

const ABOUT: &str = "Send, read and sync messages of LinkedIn, WhatsApp, Instagram, Messenger, \
Telegram and X through the Unipile API.";

const LONG_ABOUT: &str = "\
Send, read and sync messages of LinkedIn, WhatsApp, Instagram, Messenger, Telegram and X
through the Unipile API.

Set UNIPILE_DSN and UNIPILE_API_KEY (or pass --dsn and --api-key) to work on your Unipile
account. With neither set, every command runs against embedded demo data: nothing leaves
this machine. Start with `unipile demo`.";

/// The `unipile` command.
#[derive(Debug, Parser)]
#[command(
    name = "unipile",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = EXIT_CODES_HELP,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Your Unipile DSN (`api8.unipile.com:13443`) or API base URL
    #[arg(long, env = "UNIPILE_DSN", global = true, value_name = "DSN")]
    pub dsn: Option<String>,

    /// Your Unipile API key (prefer the environment variable: flags show in process lists)
    #[arg(
        long,
        env = "UNIPILE_API_KEY",
        global = true,
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub api_key: Option<String>,

    /// Print one JSON object per line instead of a table
    #[arg(long, global = true)]
    pub json: bool,

    /// How many times to retry a request that failed for a temporary reason (a send is
    /// retried only when it surely did not reach Unipile)
    #[arg(long, global = true, default_value_t = 2, value_name = "N")]
    pub retries: u32,

    /// Log more on stderr: -v what the SDK does, -vv each request (method, route, status,
    /// duration; never a key, a secret, an id or a body). RUST_LOG, when set, replaces it
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Log errors only on stderr (results, notes and hints still print)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// A guided tour: on the embedded demo data it sends, starts an InMail, streams a
    /// history, syncs to SQLite twice and receives a webhook; on your account (UNIPILE_DSN
    /// and UNIPILE_API_KEY set) it runs only the read-only steps
    Demo,
    /// Connected accounts
    #[command(subcommand)]
    Accounts(AccountsCommand),
    /// Chats: list, get, mark read or unread, mute, archive, pin, label, add a
    /// participant, delete, sync
    #[command(subcommand)]
    Chats(ChatsCommand),
    /// Messages: list, get, send, start a chat, react, edit, delete
    #[command(subcommand)]
    Messages(MessagesCommand),
    /// Attendees: their messages, their 1:1 chats, their picture
    #[command(subcommand)]
    Attendees(AttendeesCommand),
    /// Users: look up a profile
    #[command(subcommand)]
    Users(UsersCommand),
    /// Download the attachments of messages
    #[command(subcommand)]
    Attachments(AttachmentsCommand),
    /// Webhooks: create, list and delete them on your account; listen for them on this
    /// machine
    #[command(subcommand, alias = "webhook")]
    Webhooks(WebhooksCommand),
    /// Provider ids: what an id is, and how to turn user input into one
    #[command(subcommand)]
    Ids(IdsCommand),
    /// Copy every message into a SQLite database, once or periodically, without duplicates
    Sync(SyncArgs),
}

/// `unipile accounts …`
#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// List the connected accounts
    List,
}

/// `unipile chats …`
#[derive(Debug, Subcommand)]
pub enum ChatsCommand {
    /// List chats, most recent first
    List(ListChatsArgs),
    /// Show one chat and its last message
    Get {
        /// The chat id (a Unipile id, or a provider id with --account)
        #[arg(allow_hyphen_values = true)]
        chat_id: String,
        /// The account, needed when CHAT_ID is a provider id
        #[arg(long, value_name = "ID", allow_hyphen_values = true)]
        account: Option<String>,
    },
    /// Mark a chat read (or unread with --unread)
    Read {
        /// The chat id
        #[arg(allow_hyphen_values = true)]
        chat_id: String,
        /// Mark it unread instead
        #[arg(long)]
        unread: bool,
    },
    #[command(flatten)]
    Action(ChatActionCommand),
}

/// `unipile chats list`
#[derive(Debug, Args)]
pub struct ListChatsArgs {
    /// Only the chats of this account (repeat for several)
    #[arg(long = "account", value_name = "ID", allow_hyphen_values = true)]
    pub accounts: Vec<String>,
    /// Only chats of this provider (LINKEDIN, WHATSAPP, INSTAGRAM, MESSENGER, TELEGRAM, TWITTER…)
    #[arg(long, value_name = "PROVIDER")]
    pub provider: Option<String>,
    /// Only unread chats
    #[arg(long, conflicts_with = "read")]
    pub unread: bool,
    /// Only read chats
    #[arg(long)]
    pub read: bool,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub paging: PagingArgs,
}

/// `--after` and `--before`.
#[derive(Debug, Args)]
pub struct WindowArgs {
    /// Only items strictly after this time (`2025-06-01`, `2025-06-01T12:00:00Z`)
    #[arg(long, value_parser = parse_time, value_name = "TIME")]
    pub after: Option<DateTime<Utc>>,
    /// Only items strictly before this time
    #[arg(long, value_parser = parse_time, value_name = "TIME")]
    pub before: Option<DateTime<Utc>>,
}

/// `--limit`, `--cursor` and `--all`.
#[derive(Debug, Args)]
pub struct PagingArgs {
    /// Items per page, 1 to 250 (Unipile's default: 100)
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,
    /// Continue from the cursor a previous listing printed
    #[arg(long, value_name = "CURSOR", conflicts_with = "all")]
    pub cursor: Option<String>,
    /// Walk every page, not only the first
    #[arg(long)]
    pub all: bool,
}

impl WindowArgs {
    /// `request` limited to the `--after`/`--before` window given.
    pub(crate) fn apply<R: Windowed>(&self, mut request: R) -> R {
        if let Some(after) = self.after {
            request = request.after(after);
        }
        if let Some(before) = self.before {
            request = request.before(before);
        }
        request
    }
}

impl PagingArgs {
    /// `request` with the `--limit` and `--cursor` given.
    pub(crate) fn apply<R: Paged>(&self, mut request: R) -> R {
        if let Some(limit) = self.limit {
            request = request.limit(limit);
        }
        if let Some(cursor) = &self.cursor {
            request = request.cursor(cursor.as_str());
        }
        request
    }

    /// Every page from the first, at Unipile's page size: for the lists that take no
    /// paging flags.
    pub(crate) fn every_page() -> Self {
        Self {
            limit: None,
            cursor: None,
            all: true,
        }
    }
}

/// `unipile messages …`
#[derive(Debug, Subcommand)]
pub enum MessagesCommand {
    /// List messages, newest first: of every account, of one, or of one chat
    List(ListMessagesArgs),
    /// Show one message with every field
    Get {
        /// The message id
        #[arg(allow_hyphen_values = true)]
        message_id: String,
    },
    /// Send a message into an existing chat
    Send(SendArgs),
    /// Start a chat, or send to people by their provider ids: 1:1, group, LinkedIn InMail
    Start(StartArgs),
    #[command(flatten)]
    Action(MessageActionCommand),
}

/// `unipile messages list`
#[derive(Debug, Args)]
pub struct ListMessagesArgs {
    /// Only the history of this chat
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub chat: Option<String>,
    /// Only the messages of this account
    #[arg(long, value_name = "ID", conflicts_with = "chat")]
    pub account: Option<String>,
    /// Only the messages of this sender (a provider id)
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub sender: Option<String>,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub paging: PagingArgs,
}

/// `unipile messages send`
#[derive(Debug, Args)]
pub struct SendArgs {
    /// The chat to send into
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub chat: String,
    /// The text
    #[arg(long)]
    pub text: Option<String>,
    /// A file to attach (repeat for several)
    #[arg(long = "attach", value_name = "FILE")]
    pub attachments: Vec<PathBuf>,
    /// Quote (reply to) this message of the chat
    #[arg(long, value_name = "MESSAGE_ID", allow_hyphen_values = true)]
    pub quote: Option<String>,
    /// Refuse to send unless the chat belongs to this account
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub account: Option<String>,
    /// If the send's outcome is unknown (a timeout or a dropped connection after the
    /// request was written), look for the message in the chat and say whether it went
    /// out. Nothing is ever sent twice.
    #[arg(long)]
    pub resolve: bool,
}

/// `unipile messages start`
#[derive(Debug, Args)]
pub struct StartArgs {
    /// The account that sends
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub account: String,
    /// A recipient's provider id (repeat for a group): LinkedIn `ACo…`, a WhatsApp JID…
    #[arg(
        long = "to",
        value_name = "ATTENDEE",
        required = true,
        allow_hyphen_values = true
    )]
    pub to: Vec<String>,
    /// The group's name
    #[arg(long)]
    pub title: Option<String>,
    /// The first message
    #[arg(long)]
    pub text: Option<String>,
    /// The subject (LinkedIn InMail, Recruiter, Sales Navigator)
    #[arg(long)]
    pub subject: Option<String>,
    /// A file to attach (repeat for several)
    #[arg(long = "attach", value_name = "FILE")]
    pub attachments: Vec<PathBuf>,
    /// Send as a LinkedIn InMail (to people outside your network)
    #[arg(long)]
    pub inmail: bool,
    /// The LinkedIn product that sends
    #[arg(long, value_enum, value_name = "API")]
    pub linkedin_api: Option<LinkedinApiArg>,
}

/// `--linkedin-api`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LinkedinApiArg {
    /// LinkedIn itself
    Classic,
    /// LinkedIn Recruiter
    Recruiter,
    /// LinkedIn Sales Navigator
    #[value(name = "sales_navigator", alias = "sales-navigator")]
    SalesNavigator,
}

/// `unipile attachments …`
#[derive(Debug, Subcommand)]
pub enum AttachmentsCommand {
    /// Download an attachment of a message
    Get {
        /// The message id
        #[arg(allow_hyphen_values = true)]
        message_id: String,
        /// The attachment id (`unipile messages get` lists them)
        #[arg(allow_hyphen_values = true)]
        attachment_id: String,
        /// Where to write it (`-` for stdout)
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
}

/// `unipile ids …`
#[derive(Debug, Subcommand)]
pub enum IdsCommand {
    /// Say what kind of id a string is (for every provider, or one)
    Classify {
        /// The id
        #[arg(allow_hyphen_values = true)]
        id: String,
        /// Only this provider (LINKEDIN, WHATSAPP…)
        #[arg(long, value_name = "PROVIDER")]
        provider: Option<String>,
    },
    /// Turn user input (a phone number, a profile URL, an @handle) into an attendee id
    Normalize {
        /// What the user typed
        #[arg(allow_hyphen_values = true)]
        input: String,
        /// The provider (LINKEDIN, WHATSAPP, INSTAGRAM, MESSENGER, TELEGRAM, TWITTER, SLACK)
        #[arg(long, value_name = "PROVIDER")]
        provider: String,
        /// Look the user up from this account when the rules say a lookup is needed
        /// (`GET /users/{identifier}`; on your account, or on the demo data)
        #[arg(long, value_name = "ID", allow_hyphen_values = true)]
        account: Option<String>,
        /// The LinkedIn product to send from: its member ids differ
        #[arg(long, value_enum, value_name = "API")]
        linkedin_api: Option<LinkedinApiArg>,
    },
}

/// Reads `90s`, `5m`, `2h`, `7d` or `250ms`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration such as 30s, 5m, 1h or 7d"))?;
    let seconds = match unit {
        "ms" => return Ok(Duration::from_millis(n)),
        "s" | "" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        other => return Err(format!("unknown unit `{other}`: use ms, s, m, h or d")),
    };
    n.checked_mul(seconds)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("`{text}` is too long"))
}

/// Reads an RFC 3339 time (`2025-06-01T12:00:00Z`, `…+02:00`) or a date (`2025-06-01`,
/// midnight UTC).
pub fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        && let Some(midnight) = date.and_hms_opt(0, 0, 0)
    {
        return Ok(midnight.and_utc());
    }
    Err(format!(
        "`{text}` is not a date (2025-06-01) or an RFC 3339 time (2025-06-01T12:00:00Z)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("5 minutes").is_err());
        assert!(parse_duration("m").is_err());
    }

    #[test]
    fn times_read_as_dates_or_rfc3339() {
        let noon = parse_time("2025-06-01T14:00:00+02:00").expect("rfc3339");
        assert_eq!(noon.to_rfc3339(), "2025-06-01T12:00:00+00:00");
        let day = parse_time("2025-06-01").expect("date");
        assert_eq!(day.to_rfc3339(), "2025-06-01T00:00:00+00:00");
        assert!(parse_time("yesterday").is_err());
    }
}
