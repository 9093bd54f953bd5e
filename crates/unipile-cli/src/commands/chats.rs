//! `unipile chats list|get|read` (the other chat actions are in [`super::actions`]).

use super::{Listing, print_list, print_result};
use crate::cli::{ChatsCommand, ListChatsArgs};
use crate::failure::Failure;
use crate::output::{Column, MESSAGE_COLUMNS, Printer, Table, message_row, opt_time};
use unipile_core::request::{GetChat, ListChats};
use unipile_core::{Chat, ChatType, Client, Provider};

const COLUMNS: &[Column] = &[
    Column::new("ID", 40),
    Column::new("PROVIDER", 10),
    Column::new("NAME", 32),
    Column::new("TYPE", 7),
    Column::new("UNREAD", 6),
    Column::new("LAST ACTIVITY (UTC)", 19),
    Column::new("ACCOUNT", 40),
];

/// Runs a `chats` command.
pub async fn run(command: ChatsCommand, client: &Client, out: &Printer) -> Result<(), Failure> {
    match command {
        ChatsCommand::List(args) => list(args, client, out).await,
        ChatsCommand::Get { chat_id, account } => {
            let mut request = GetChat::new(chat_id);
            if let Some(account) = account {
                request = request.account_id(account);
            }
            let chat = client.chats().get_with(&request).await?;
            if out.is_json() {
                return out.json_line(&chat);
            }
            let mut table = Table::new(COLUMNS);
            table.row(chat_row(&chat));
            table.flush(out)?;
            if let Some(last) = &chat.last_message {
                out.line("")?;
                out.line("Last message:")?;
                let mut messages = Table::new(MESSAGE_COLUMNS);
                messages.row(message_row(last));
                messages.flush(out)?;
            }
            Ok(())
        }
        ChatsCommand::Read { chat_id, unread } => {
            let patched = client.chats().set_read(chat_id.as_str(), !unread).await?;
            let state = if unread { "unread" } else { "read" };
            print_result(out, &patched, &format!("chat {chat_id} marked {state}"))
        }
        ChatsCommand::Action(action) => super::actions::chat(action, client, out).await,
    }
}

async fn list(args: ListChatsArgs, client: &Client, out: &Printer) -> Result<(), Failure> {
    let mut request = ListChats::new();
    if !args.accounts.is_empty() {
        request = request.account_ids(args.accounts.iter().map(String::as_str));
    }
    if let Some(provider) = &args.provider {
        request = request.account_type(Provider::from(provider.to_uppercase()));
    }
    if args.unread {
        request = request.unread(true);
    } else if args.read {
        request = request.unread(false);
    }
    let request = args.paging.apply(args.window.apply(request));
    print_list(client, request, &args.paging, listing(), out).await
}

/// How chats are listed.
pub fn listing() -> Listing<Chat> {
    Listing {
        table: Table::new(COLUMNS),
        row: chat_row,
        noun: "chats",
        redact: None,
    }
}

fn chat_row(chat: &Chat) -> Vec<String> {
    let name = chat
        .name
        .clone()
        .or_else(|| {
            chat.attendee_provider_id
                .as_ref()
                .map(|id| id.as_str().to_owned())
        })
        .unwrap_or_else(|| "-".to_owned());
    let kind = match chat.chat_type {
        ChatType::Single => "1:1".to_owned(),
        ChatType::Group => "group".to_owned(),
        ChatType::Channel => "channel".to_owned(),
        other => i64::from(other).to_string(),
    };
    vec![
        chat.id.as_str().to_owned(),
        chat.account_type.as_str().to_owned(),
        name,
        kind,
        chat.unread_count.to_string(),
        opt_time(chat.timestamp.as_ref()),
        chat.account_id.as_str().to_owned(),
    ]
}
