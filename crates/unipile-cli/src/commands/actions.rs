//! `unipile messages react|edit|delete` and
//! `unipile chats mute|archive|pin|label|add-participant|delete|sync`.

use super::print_result;
use crate::cli::{ChatActionCommand, MessageActionCommand, ToggleArgs};
use crate::failure::Failure;
use crate::output::Printer;
use unipile_core::request::ChatAction;
use unipile_core::{Client, ProviderId};

/// Runs a message action.
pub async fn message(
    command: MessageActionCommand,
    client: &Client,
    out: &Printer,
) -> Result<(), Failure> {
    let messages = client.messages();
    match command {
        MessageActionCommand::React {
            message_id,
            reaction,
        } => {
            let done = messages
                .react(message_id.as_str(), reaction.as_str())
                .await?;
            print_result(
                out,
                &done,
                &format!("reacted {reaction} to message {message_id}"),
            )
        }
        MessageActionCommand::Edit { message_id, text } => {
            let done = messages.edit(message_id.as_str(), text).await?;
            print_result(out, &done, &format!("message {message_id} edited"))
        }
        MessageActionCommand::Delete { message_id } => {
            let done = messages.delete(message_id.as_str()).await?;
            print_result(out, &done, &format!("message {message_id} deleted"))
        }
    }
}

/// The action of a toggle command, and the words that report it.
fn toggle(
    args: &ToggleArgs,
    action: fn(bool) -> ChatAction,
    on: &'static str,
    off: &'static str,
) -> (ChatAction, &'static str) {
    (action(!args.off), if args.off { off } else { on })
}

/// Runs a chat action.
pub async fn chat(
    command: ChatActionCommand,
    client: &Client,
    out: &Printer,
) -> Result<(), Failure> {
    let chats = client.chats();
    let (chat_id, action, done) = match command {
        ChatActionCommand::Mute(args) => {
            let (action, word) = toggle(&args, ChatAction::SetMuteStatus, "muted", "unmuted");
            (args.chat_id, action, word.to_owned())
        }
        ChatActionCommand::Archive(args) => {
            let (action, word) = toggle(
                &args,
                ChatAction::SetArchiveStatus,
                "archived",
                "unarchived",
            );
            (args.chat_id, action, word.to_owned())
        }
        ChatActionCommand::Pin(args) => {
            let (action, word) = toggle(&args, ChatAction::SetPinnedStatus, "pinned", "unpinned");
            (args.chat_id, action, word.to_owned())
        }
        ChatActionCommand::Label { chat_id, label } => {
            let word = format!("labelled {label}");
            (chat_id, ChatAction::SetLabel(label), word)
        }
        ChatActionCommand::AddParticipant {
            chat_id,
            provider_id,
        } => {
            let word = format!("joined by {provider_id}");
            (
                chat_id,
                ChatAction::AddParticipant(ProviderId::new(provider_id)),
                word,
            )
        }
        ChatActionCommand::Delete { chat_id } => {
            let deleted = chats.delete(chat_id.as_str()).await?;
            return print_result(out, &deleted, &format!("chat {chat_id} deleted"));
        }
        ChatActionCommand::Sync { chat_id } => {
            let synced = chats.sync(chat_id.as_str()).await?;
            return print_result(
                out,
                &synced,
                &format!("chat {chat_id}: history sync from its beginning started"),
            );
        }
    };
    let patched = chats.patch(chat_id.as_str(), action).await?;
    print_result(out, &patched, &format!("chat {chat_id} {done}"))
}
