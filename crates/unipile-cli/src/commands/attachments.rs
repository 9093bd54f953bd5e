//! `unipile attachments get`.

use crate::cli::AttachmentsCommand;
use crate::failure::Failure;
use crate::output::Printer;
use serde::Serialize;
use unipile_core::Client;

/// What `--json` prints after a download.
#[derive(Serialize)]
struct Downloaded<'a> {
    message_id: &'a str,
    attachment_id: &'a str,
    path: String,
    bytes: usize,
    content_type: Option<&'a str>,
}

/// Runs an `attachments` command.
pub async fn run(
    command: AttachmentsCommand,
    client: &Client,
    out: &Printer,
) -> Result<(), Failure> {
    match command {
        AttachmentsCommand::Get {
            message_id,
            attachment_id,
            output,
        } => {
            let file = client
                .messages()
                .attachment(message_id.as_str(), attachment_id.as_str())
                .await?;
            if super::write_download(&output, &file.data)? {
                return Ok(());
            }
            let summary = Downloaded {
                message_id: &message_id,
                attachment_id: &attachment_id,
                path: output.display().to_string(),
                bytes: file.data.len(),
                content_type: file.content_type.as_deref(),
            };
            if out.is_json() {
                out.json_line(&summary)
            } else {
                let kind = summary.content_type.unwrap_or("unknown type");
                out.line(&format!(
                    "wrote {} ({} bytes, {kind})",
                    summary.path, summary.bytes
                ))
            }
        }
    }
}
