//! `unipile attendees messages|chats|picture`.

use super::chats::listing as chat_listing;
use super::messages::listing as message_listing;
use super::print_list;
use crate::cli::AttendeesCommand;
use crate::failure::Failure;
use crate::output::Printer;
use serde::Serialize;
use unipile_core::Client;
use unipile_core::request::{ListAttendeeChats, ListAttendeeMessages};

/// What `--json` prints after a picture is written.
#[derive(Serialize)]
struct PictureWritten<'a> {
    id: &'a str,
    path: String,
    bytes: u64,
    content_type: Option<&'a str>,
}

/// Runs an `attendees` command.
pub async fn run(command: AttendeesCommand, client: &Client, out: &Printer) -> Result<(), Failure> {
    match command {
        AttendeesCommand::Messages {
            attendee_id,
            account,
            window,
            paging,
        } => {
            let mut request = ListAttendeeMessages::new(attendee_id);
            if let Some(account) = account {
                request = request.account_id(account);
            }
            let request = paging.apply(window.apply(request));
            print_list(client, request, &paging, message_listing(), out).await
        }
        AttendeesCommand::Chats {
            attendee_ids,
            account,
            window,
            paging,
        } => {
            let mut ids = attendee_ids.into_iter();
            let first = ids
                .next()
                .ok_or_else(|| Failure::Usage("give at least one attendee id".to_owned()))?;
            let mut request = ListAttendeeChats::new(first);
            for id in ids {
                request = request.attendee(id);
            }
            if let Some(account) = account {
                request = request.account_id(account);
            }
            let request = paging.apply(window.apply(request));
            print_list(client, request, &paging, chat_listing(), out).await
        }
        AttendeesCommand::Picture { id, group, output } => {
            let attendees = client.attendees();
            let mut picture = if group {
                attendees.group_picture(id.as_str()).await?
            } else {
                attendees.picture(id.as_str()).await?
            };
            let Some(bytes) = super::attachments::write_download(&mut picture, &output).await?
            else {
                return Ok(());
            };
            let summary = PictureWritten {
                id: &id,
                path: output.display().to_string(),
                bytes,
                content_type: picture.content_type(),
            };
            super::attachments::report_written(
                out,
                &summary,
                &summary.path,
                bytes,
                summary.content_type,
            )
        }
    }
}
