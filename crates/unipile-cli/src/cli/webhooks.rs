//! The arguments of `unipile webhooks`: registrations, the listener and its dead letters.

use clap::{Args, Subcommand};

/// `unipile webhooks …` (`unipile webhook …` works too)
#[derive(Debug, Subcommand)]
pub enum WebhooksCommand {
    /// Register a webhook: Unipile will POST events to URL
    Create(CreateWebhookArgs),
    /// List the registered webhooks
    List,
    /// Delete a webhook
    Delete {
        /// The webhook id
        #[arg(allow_hyphen_values = true)]
        webhook_id: String,
    },
    /// Receive webhooks on 127.0.0.1: check the secret, parse, print or store each event
    Listen(ListenArgs),
    /// The calls `listen --db` kept because they did not parse (or named an event this
    /// version does not know): list them, or replay them into the database
    #[command(subcommand)]
    DeadLetters(DeadLettersCommand),
}

/// `unipile webhooks dead-letters …`
#[derive(Debug, Subcommand)]
pub enum DeadLettersCommand {
    /// List the dead letters not replayed yet, oldest first
    List {
        #[command(flatten)]
        db: DbArg,
        /// At most this many
        #[arg(long, default_value_t = 100, value_name = "N")]
        limit: u32,
    },
    /// Parse dead letters again and apply them; a replayed letter is marked, one that
    /// still fails stays with its new reason
    Replay {
        #[command(flatten)]
        db: DbArg,
        /// The dead letter to replay (`list` shows the ids)
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<i64>,
        /// Replay every dead letter not replayed yet
        #[arg(long)]
        all: bool,
    },
}

/// `--db` of the commands that need a database.
#[derive(Debug, Args)]
pub struct DbArg {
    /// The database: a SQLite file (PATH or sqlite://PATH) or postgres://USER@HOST/DB
    #[arg(long, value_name = "URL")]
    pub db: String,
}

/// `unipile webhooks create`
#[derive(Debug, Args)]
pub struct CreateWebhookArgs {
    /// Where Unipile sends the events (http:// or https://)
    #[arg(long, value_name = "URL")]
    pub url: String,
    /// What the webhook reports
    #[arg(long, default_value = "messaging", value_name = "SOURCE")]
    pub source: String,
    /// An event to subscribe to (repeat; messaging: message_received, message_read,
    /// message_reaction, message_edited, message_deleted)
    #[arg(long = "event", value_name = "EVENT")]
    pub events: Vec<String>,
    /// A shared secret Unipile sends in the `Unipile-Auth` header (check it with
    /// `unipile webhooks listen --secret`)
    #[arg(long, env = "UNIPILE_WEBHOOK_SECRET", hide_env_values = true)]
    pub secret: Option<String>,
    /// A name, sent back in each call as `webhook_name`
    #[arg(long)]
    pub name: Option<String>,
    /// Only the events of this account (repeat; default: every account)
    #[arg(long = "account", value_name = "ID", allow_hyphen_values = true)]
    pub accounts: Vec<String>,
}

/// `unipile webhooks listen`
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// The port on 127.0.0.1 (0 picks a free one; the address is printed on stderr)
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The shared secret every call must carry (prefer the environment variable: flags
    /// show in process lists)
    #[arg(long, env = "UNIPILE_WEBHOOK_SECRET", hide_env_values = true)]
    pub secret: String,
    /// The header that carries the secret
    #[arg(long, default_value = "Unipile-Auth", value_name = "NAME")]
    pub header: String,
    /// Store each event in this database before answering it: a SQLite file (PATH or
    /// sqlite://PATH) or postgres://USER@HOST/DB (the `unipile sync` tables; bodies that
    /// do not parse are kept as dead letters). Without it, events are only printed
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
}
