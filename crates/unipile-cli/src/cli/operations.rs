//! The arguments of the calls that act on messages and chats, of `attendees` and of
//! `users`.

use super::{LinkedinApiArg, PagingArgs, WindowArgs};
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// `unipile messages react|edit|delete`
#[derive(Debug, Subcommand)]
pub enum MessageActionCommand {
    /// React to a message with an emoji (WhatsApp, LinkedIn)
    React {
        /// The message id
        #[arg(allow_hyphen_values = true)]
        message_id: String,
        /// The reaction: a native emoji such as 👍
        reaction: String,
    },
    /// Replace the text of a message you sent
    Edit {
        /// The message id
        #[arg(allow_hyphen_values = true)]
        message_id: String,
        /// The new text
        text: String,
    },
    /// Delete a message you sent (on LinkedIn, within 60 minutes of sending it)
    Delete {
        /// The message id
        #[arg(allow_hyphen_values = true)]
        message_id: String,
    },
}

/// `unipile chats mute|archive|pin|label|add-participant|delete|sync`
#[derive(Debug, Subcommand)]
pub enum ChatActionCommand {
    /// Mute a chat (or unmute it with --off)
    Mute(ToggleArgs),
    /// Archive a chat (or bring it back with --off)
    Archive(ToggleArgs),
    /// Pin a chat (or unpin it with --off)
    Pin(ToggleArgs),
    /// File a chat under a label
    Label {
        /// The chat id
        #[arg(allow_hyphen_values = true)]
        chat_id: String,
        /// The label's name
        label: String,
    },
    /// Add someone to a group chat, by their provider id
    AddParticipant {
        /// The chat id
        #[arg(allow_hyphen_values = true)]
        chat_id: String,
        /// Their provider id (`unipile ids normalize` turns a phone number or profile URL
        /// into one)
        #[arg(allow_hyphen_values = true)]
        provider_id: String,
    },
    /// Delete a chat (WhatsApp, LinkedIn)
    Delete {
        /// The chat id
        #[arg(allow_hyphen_values = true)]
        chat_id: String,
    },
    /// Sync a chat's history from its beginning
    Sync {
        /// The chat id
        #[arg(allow_hyphen_values = true)]
        chat_id: String,
    },
}

/// A chat and whether to turn a status off.
#[derive(Debug, Args)]
pub struct ToggleArgs {
    /// The chat id
    #[arg(allow_hyphen_values = true)]
    pub chat_id: String,
    /// Turn it off instead
    #[arg(long)]
    pub off: bool,
}

/// `unipile attendees …`
#[derive(Debug, Subcommand)]
pub enum AttendeesCommand {
    /// List the messages of an attendee, newest first
    Messages {
        /// The attendee id (a Unipile id, or a provider id)
        #[arg(allow_hyphen_values = true)]
        attendee_id: String,
        /// The account the attendee is seen from
        #[arg(long, value_name = "ID", allow_hyphen_values = true)]
        account: Option<String>,
        #[command(flatten)]
        window: WindowArgs,
        #[command(flatten)]
        paging: PagingArgs,
    },
    /// List the 1:1 chats of one or several attendees
    Chats {
        /// The attendee ids (Unipile ids or provider ids; an id starting with `-` goes
        /// after `--`)
        #[arg(required = true)]
        attendee_ids: Vec<String>,
        /// Only the chats of this account
        #[arg(long, value_name = "ID", allow_hyphen_values = true)]
        account: Option<String>,
        #[command(flatten)]
        window: WindowArgs,
        #[command(flatten)]
        paging: PagingArgs,
    },
    /// Download the picture of an attendee, or of a group chat with --group
    Picture {
        /// The attendee id (with --group: the chat id)
        #[arg(allow_hyphen_values = true)]
        id: String,
        /// ID is a group chat's id
        #[arg(long)]
        group: bool,
        /// Where to write it (`-` for stdout)
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
}

/// `unipile users …`
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Show a user's profile, by provider id or public identifier
    Get(UserLookupArgs),
}

/// The account and product a user is looked up from.
#[derive(Debug, Args)]
pub struct UserLookupArgs {
    /// A provider id or public identifier (profile slug, username, phone number)
    #[arg(allow_hyphen_values = true)]
    pub identifier: String,
    /// The account to look from
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub account: String,
    /// The LinkedIn product whose id to return
    #[arg(long, value_enum, value_name = "API")]
    pub linkedin_api: Option<LinkedinApiArg>,
}
