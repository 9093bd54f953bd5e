//! `unipile attachments get`: streams an attachment to a file or stdout, one chunk in
//! memory at a time; [`write_download`] serves every download of the CLI.

use crate::cli::AttachmentsCommand;
use crate::failure::Failure;
use crate::output::Printer;
use crate::progress::Progress;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use unipile_core::Client;
use unipile_core::client::Download;

/// What `--json` prints after a download.
#[derive(Serialize)]
struct Downloaded<'a> {
    message_id: &'a str,
    attachment_id: &'a str,
    path: String,
    bytes: u64,
    content_type: Option<&'a str>,
    file_name: Option<&'a str>,
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
            let mut download = client
                .messages()
                .download(message_id.as_str(), attachment_id.as_str())
                .await?;
            let Some(bytes) = write_download(&mut download, &output).await? else {
                return Ok(());
            };
            let summary = Downloaded {
                message_id: &message_id,
                attachment_id: &attachment_id,
                path: output.display().to_string(),
                bytes,
                content_type: download.content_type(),
                file_name: download.file_name(),
            };
            report_written(out, &summary, &summary.path, bytes, summary.content_type)
        }
    }
}

/// Says what a download wrote to a file: `summary` as JSON with `--json`, else one line.
pub fn report_written(
    out: &Printer,
    summary: &impl Serialize,
    path: &str,
    bytes: u64,
    content_type: Option<&str>,
) -> Result<(), Failure> {
    if out.is_json() {
        out.json_line(summary)
    } else {
        let kind = content_type.unwrap_or("unknown type");
        out.line(&format!("wrote {path} ({bytes} bytes, {kind})"))
    }
}

/// Streams `download` to `output`, or to stdout when it is `-`. Returns how many bytes
/// were written to the file, or `None` when they went to stdout (then nothing else may be
/// printed there).
pub async fn write_download(
    download: &mut Download,
    output: &Path,
) -> Result<Option<u64>, Failure> {
    if output.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        copy(download, &mut stdout, &Progress::bytes(None, "")).await?;
        stdout
            .flush()
            .map_err(|e| Failure::local("cannot write to stdout", e))?;
        return Ok(None);
    }
    save(download, output).await.map(Some)
}

/// Streams `download` into `path`: into a temporary file beside it, renamed to `path`
/// once every byte is written and synced, so a failed download never leaves a
/// half-written file under the final name (the temporary one is removed).
async fn save(download: &mut Download, path: &Path) -> Result<u64, Failure> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cannot = |what: &str, e: std::io::Error| {
        Failure::local(format!("cannot {what} {}", path.display()), e)
    };
    // Removed when dropped, unless persisted: an error below leaves nothing behind.
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| cannot("create a temporary file for", e))?;
    let progress = Progress::bytes(download.content_length(), name.clone());
    let written = copy(download, temp.as_file_mut(), &progress).await?;
    drop(progress);
    temp.as_file().sync_all().map_err(|e| cannot("write", e))?;
    temp.persist(path).map_err(|e| cannot("write", e.error))?;
    Ok(written)
}

/// Writes each chunk of `download` as it arrives, counting it on `progress`.
async fn copy(
    download: &mut Download,
    writer: &mut impl Write,
    progress: &Progress,
) -> Result<u64, Failure> {
    let mut written = 0u64;
    while let Some(chunk) = download.next_chunk().await {
        let chunk = chunk?;
        writer
            .write_all(&chunk)
            .map_err(|e| Failure::local("cannot write the attachment", e))?;
        written += chunk.len() as u64;
        progress.advance(chunk.len() as u64);
    }
    Ok(written)
}
