//! `unipile messages list|get|send|start`.

use super::{Listing, print_list, print_result};
use crate::cli::{LinkedinApiArg, ListMessagesArgs, MessagesCommand, SendArgs, StartArgs};
use crate::failure::Failure;
use crate::output::{MESSAGE_COLUMNS, Printer, Table, message_flags, message_row, time};
use std::path::Path;
use unipile_core::client::{SendAttempt, SendResolution};
use unipile_core::request::{
    DEFAULT_MAX_ATTACHMENT_BYTES, FileUpload, LinkedinApi, LinkedinOptions, ListChatMessages,
    ListMessages, SendMessage, StartChat,
};
use unipile_core::{Client, Message};

/// Runs a `messages` command.
pub async fn run(command: MessagesCommand, client: &Client, out: &Printer) -> Result<(), Failure> {
    match command {
        MessagesCommand::List(args) => list(args, client, out).await,
        MessagesCommand::Get { message_id } => {
            let message = client.messages().get(message_id).await?;
            if out.is_json() {
                out.json_line(&message)
            } else {
                print_details(&message, out)
            }
        }
        MessagesCommand::Send(args) => send(args, client, out).await,
        MessagesCommand::Start(args) => start(args, client, out).await,
    }
}

fn listing() -> Listing<Message> {
    Listing {
        table: Table::new(MESSAGE_COLUMNS),
        row: message_row,
        noun: "messages",
        redact: None,
    }
}

async fn list(args: ListMessagesArgs, client: &Client, out: &Printer) -> Result<(), Failure> {
    let paging = &args.paging;
    if let Some(chat) = args.chat {
        let mut request = ListChatMessages::new(chat);
        if let Some(sender) = args.sender {
            request = request.sender_id(sender);
        }
        let request = paging.apply(args.window.apply(request));
        print_list(client, request, paging, listing(), out).await
    } else {
        let mut request = ListMessages::new();
        if let Some(account) = args.account {
            request = request.account_id(account);
        }
        if let Some(sender) = args.sender {
            request = request.sender_id(sender);
        }
        let request = paging.apply(args.window.apply(request));
        print_list(client, request, paging, listing(), out).await
    }
}

/// Every field a person wants to see of one message, one per line.
fn print_details(message: &Message, out: &Printer) -> Result<(), Failure> {
    let from = if message.is_from_me() {
        format!("me ({})", message.sender_id.as_str())
    } else {
        message.sender_id.as_str().to_owned()
    };
    let mut lines = vec![
        format!("id:          {}", message.id.as_str()),
        format!("chat:        {}", message.chat_id.as_str()),
        format!("account:     {}", message.account_id.as_str()),
        format!("time:        {} UTC", time(&message.timestamp)),
        format!("from:        {from}"),
        format!("flags:       {}", message_flags(message)),
    ];
    if let Some(kind) = &message.message_type {
        lines.push(format!("type:        {}", kind.as_str()));
    }
    if let Some(event) = message.event() {
        lines.push(format!("event:       {}", event.description()));
    }
    if let Some(quoted) = message.quoted() {
        let text = quoted.text.as_deref().unwrap_or("");
        lines.push(format!("quotes:      {text}"));
    }
    for attachment in &message.attachments {
        let mut info = vec![attachment.kind().as_str().to_owned()];
        if let Some(mimetype) = attachment.mimetype() {
            info.push(mimetype.to_owned());
        }
        if let Some(size) = attachment.file_size() {
            info.push(format!("{size} bytes"));
        }
        if attachment.is_unavailable() {
            info.push("unavailable".to_owned());
        }
        lines.push(format!(
            "attachment:  {} ({})",
            attachment.id().as_str(),
            info.join(", ")
        ));
    }
    for reaction in &message.reactions {
        let who = if reaction.is_sender {
            "me"
        } else {
            reaction.sender_id.as_str()
        };
        lines.push(format!("reaction:    {} by {who}", reaction.value));
    }
    for (user, receipt) in message.seen_by() {
        let when = receipt
            .seen_at()
            .map_or_else(|| "seen".to_owned(), |at| format!("seen {} UTC", time(&at)));
        lines.push(format!("seen by:     {} ({when})", user.as_str()));
    }
    lines.push(String::new());
    lines.push(message.display_text().to_owned());
    for line in lines {
        out.line(&line)?;
    }
    Ok(())
}

/// Reads the files to attach, refusing a missing or oversized one before anything is sent.
fn read_attachments(paths: &[std::path::PathBuf]) -> Result<Vec<FileUpload>, Failure> {
    paths.iter().map(|path| read_attachment(path)).collect()
}

fn read_attachment(path: &Path) -> Result<FileUpload, Failure> {
    let shown = path.display();
    let invalid =
        |reason: String| Failure::Invalid(format!("invalid `--attach {shown}`: {reason}"));
    let metadata = std::fs::metadata(path).map_err(|e| invalid(e.to_string()))?;
    if !metadata.is_file() {
        return Err(invalid("not a file".to_owned()));
    }
    if metadata.len() > DEFAULT_MAX_ATTACHMENT_BYTES {
        return Err(invalid(format!(
            "{} bytes, over the limit of {DEFAULT_MAX_ATTACHMENT_BYTES} bytes",
            metadata.len()
        )));
    }
    let data = std::fs::read(path).map_err(|e| invalid(e.to_string()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| invalid("no file name".to_owned()))?;
    Ok(FileUpload::from_bytes_guess_type(name, data))
}

async fn send(args: SendArgs, client: &Client, out: &Printer) -> Result<(), Failure> {
    let mut request = SendMessage::new(args.chat.as_str());
    if let Some(text) = args.text {
        request = request.text(text);
    }
    if let Some(quote) = args.quote {
        request = request.quote(quote);
    }
    if let Some(account) = args.account {
        request = request.account_id(account);
    }
    request = request.attachments(read_attachments(&args.attachments)?);
    let attempt = client.messages().attempt(&request);
    let sent = match client.messages().send(request).await {
        Ok(sent) => sent,
        Err(error) if error.send_outcome_unknown() && args.resolve => {
            return resolve(&attempt, error, client, out).await;
        }
        Err(error) if error.send_outcome_unknown() => {
            eprintln!(
                "the outcome of this send is unknown: the message may have gone out. \
                 Run again with --resolve to find out; do not simply send it again"
            );
            return Err(error.into());
        }
        Err(error) => return Err(error.into()),
    };
    let line = match &sent.message_id {
        Some(id) => format!("sent message {} to chat {}", id.as_str(), args.chat),
        None => format!(
            "sent to chat {} (Unipile did not give the message id)",
            args.chat
        ),
    };
    print_result(out, &sent, &line)
}

/// How long the message of a send with an unknown outcome gets to land in its chat
/// before the chat is read.
const SETTLE: std::time::Duration = std::time::Duration::from_secs(2);

/// Resolves a send whose outcome is unknown: found in the chat, it is reported sent
/// (exit 0); not found, the original error stands, with word that sending again is safe.
async fn resolve(
    attempt: &SendAttempt,
    error: unipile_core::error::Error,
    client: &Client,
    out: &Printer,
) -> Result<(), Failure> {
    eprintln!("the outcome of this send is unknown ({error}); looking for it in the chat");
    tokio::time::sleep(SETTLE).await;
    match client.messages().resolve_send(attempt).await? {
        SendResolution::Delivered(id) => {
            let line = format!(
                "sent message {} to chat {} (its answer was lost; found in the chat)",
                id.as_str(),
                attempt.chat_id()
            );
            let value = serde_json::json!({
                "object": "MessageSent",
                "message_id": id,
                "resolved": true,
            });
            print_result(out, &value, &line)
        }
        SendResolution::NotDelivered(_) => {
            eprintln!(
                "not delivered: the message is not in chat {}; sending it again is safe",
                attempt.chat_id()
            );
            Err(error.into())
        }
    }
}

async fn start(args: StartArgs, client: &Client, out: &Printer) -> Result<(), Failure> {
    let mut recipients = args.to.into_iter();
    let first = recipients
        .next()
        .ok_or_else(|| Failure::Usage("--to needs at least one attendee".to_owned()))?;
    let mut request = StartChat::new(args.account, first);
    for attendee in recipients {
        request = request.attendee(attendee);
    }
    if let Some(text) = args.text {
        request = request.text(text);
    }
    if let Some(title) = args.title {
        request = request.title(title);
    }
    if let Some(subject) = args.subject {
        request = request.subject(subject);
    }
    if args.inmail || args.linkedin_api.is_some() {
        let mut options = LinkedinOptions::new();
        if let Some(api) = args.linkedin_api {
            options = options.api(match api {
                LinkedinApiArg::Classic => LinkedinApi::Classic,
                LinkedinApiArg::Recruiter => LinkedinApi::Recruiter,
                LinkedinApiArg::SalesNavigator => LinkedinApi::SalesNavigator,
            });
        }
        if args.inmail {
            options = options.inmail(true);
        }
        request = request.linkedin(options);
    }
    request = request.attachments(read_attachments(&args.attachments)?);
    let started = client.chats().start(request).await?;
    let chat = started
        .chat_id
        .as_ref()
        .map_or("(no chat id given)", |id| id.as_str());
    let line = match &started.message_id {
        Some(message) => format!("started chat {chat} with message {}", message.as_str()),
        None => format!("started chat {chat}"),
    };
    print_result(out, &started, &line)
}
