//! `unipile-bench download`: the memory of a streamed download. A server process
//! (`unipile-bench serve-download`) holds one message with attachments of 10 MiB and
//! 100 MiB in the fake Unipile; a client process (`unipile-bench client-download`) per
//! attachment and run downloads it through the SDK
//! (`client.messages().download(..)`, chunk by chunk), discards the bytes while counting
//! them, checks the length, and prints its peak resident memory (`VmHWM`). The goal: the
//! 100 MiB peak stays within 1.10 x the 10 MiB peak, memory being bounded by a chunk and
//! not by the file.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use unipile_core::Provider;
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile, MessageSeed};

use crate::proc_stats;

/// The sizes downloaded, in MiB: the small and the large file.
pub const SIZES_MIB: [usize; 2] = [10, 100];

/// The largest ratio of the large file's peak memory to the small file's.
pub const MAX_PEAK_RATIO: f64 = 1.10;

/// One attachment the server holds.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Served {
    /// Its attachment id.
    pub attachment_id: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// What the server process says once it listens.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct DownloadReady {
    /// The API base URL, `http://127.0.0.1:{port}/api/v1`.
    pub base_url: String,
    /// The `X-API-KEY` it accepts.
    pub api_key: String,
    /// The message holding the attachments.
    pub message_id: String,
    /// Its attachments, in the order of [`SIZES_MIB`].
    pub attachments: Vec<Served>,
}

/// One client run, as the client process prints it.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct DownloadSample {
    /// Bytes received.
    pub bytes: u64,
    /// Chunks received.
    pub chunks: u64,
    /// The largest chunk, in bytes.
    pub largest_chunk: u64,
    /// Wall time of the download, in milliseconds.
    pub wall_ms: f64,
    /// Peak resident memory of the whole process, in KiB.
    pub peak_rss_kib: u64,
}

/// The bytes of an attachment of `len` bytes: varied, so nothing on the way can shortcut them.
fn content(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i % 251) as u8 ^ (i >> 20) as u8)
        .collect()
}

/// A fake holding one message with an attachment of each of `sizes` bytes; returns the
/// message id and the attachments.
pub fn seeded(sizes: &[usize]) -> Result<(FakeUnipile, String, Vec<Served>), String> {
    let fake = FakeUnipile::builder().seed(14).build();
    let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Downloads"));
    let chat = fake
        .add_chat(ChatSeed::direct(account, "Bea"))
        .ok_or("the fake refused the chat")?;
    let mut seed = MessageSeed::text("the files");
    for (i, size) in sizes.iter().enumerate() {
        seed = seed.attachment(
            format!("file-{i}.bin"),
            "application/octet-stream",
            content(*size),
        );
    }
    let message = fake
        .add_message(&chat, seed)
        .ok_or("the fake refused the message")?;
    let stored = fake.message(&message).ok_or("the message is not stored")?;
    let attachments = stored
        .attachments
        .iter()
        .zip(sizes)
        .map(|(a, size)| Served {
            attachment_id: a.id().as_str().to_owned(),
            bytes: *size as u64,
        })
        .collect();
    Ok((fake, message.as_str().to_owned(), attachments))
}

/// `unipile-bench serve-download`: seeds the attachments of [`SIZES_MIB`], listens on
/// 127.0.0.1, prints [`DownloadReady`], serves until standard input closes.
pub fn serve() -> Result<(), String> {
    let sizes: Vec<usize> = SIZES_MIB.iter().map(|mib| mib << 20).collect();
    let (fake, message_id, attachments) = seeded(&sizes)?;
    std::thread::spawn(|| {
        let _ = std::io::stdin().lock().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the tokio runtime: {e}"))?;
    runtime.block_on(async {
        let api_key = fake.api_key().to_owned();
        let server = unipile_mock::serve(fake, "127.0.0.1:0")
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
        let ready = DownloadReady {
            base_url: server.base_url().to_owned(),
            api_key,
            message_id,
            attachments,
        };
        println!(
            "{}",
            serde_json::to_string(&ready).map_err(|e| e.to_string())?
        );
        std::future::pending::<()>().await;
        Ok(())
    })
}

/// `unipile-bench client-download`: downloads one attachment through the SDK, discarding
/// the bytes, and checks that `expected` bytes came (as announced by the server too).
pub fn client(
    base_url: &str,
    api_key: &str,
    message_id: &str,
    attachment_id: &str,
    expected: u64,
) -> Result<DownloadSample, String> {
    let client = crate::clients::sdk_client(base_url, api_key)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the tokio runtime: {e}"))?;
    let started = Instant::now();
    let (bytes, chunks, largest_chunk) = runtime.block_on(async {
        let mut download = client
            .messages()
            .download(message_id, attachment_id)
            .await
            .map_err(|e| format!("downloading {attachment_id}: {e}"))?;
        if let Some(announced) = download.content_length()
            && announced != expected
        {
            return Err(format!(
                "{attachment_id}: the server announced {announced} bytes, {expected} expected"
            ));
        }
        let (mut bytes, mut chunks, mut largest) = (0u64, 0u64, 0u64);
        while let Some(chunk) = download.next_chunk().await {
            let chunk = chunk.map_err(|e| format!("downloading {attachment_id}: {e}"))?;
            bytes += chunk.len() as u64;
            chunks += 1;
            largest = largest.max(chunk.len() as u64);
        }
        Ok((bytes, chunks, largest))
    })?;
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    if bytes != expected {
        return Err(format!(
            "{attachment_id}: {bytes} bytes received, {expected} expected"
        ));
    }
    Ok(DownloadSample {
        bytes,
        chunks,
        largest_chunk,
        wall_ms,
        peak_rss_kib: proc_stats::own_peak_rss_kib().map_err(|e| e.to_string())?,
    })
}

/// The server process; dropping it stops it.
struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    ready: DownloadReady,
}

impl Server {
    fn start(bench: &Path) -> Result<Self, String> {
        let mut child = Command::new(bench)
            .arg("serve-download")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start the server {}: {e}", bench.display()))?;
        let stdin = child.stdin.take();
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            let _ = BufReader::new(stdout).read_line(&mut line);
        }
        let ready = serde_json::from_str(&line);
        let mut server = Server {
            child,
            stdin,
            ready: DownloadReady {
                base_url: String::new(),
                api_key: String::new(),
                message_id: String::new(),
                attachments: Vec::new(),
            },
        };
        server.ready = ready.map_err(|e| {
            format!("the server did not say it was ready ({e}); it printed {line:?}")
        })?;
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        crate::server::stop(&mut self.child, self.stdin.take());
    }
}

/// Runs one client process for `served`.
fn run_client(
    bench: &Path,
    ready: &DownloadReady,
    served: &Served,
) -> Result<DownloadSample, String> {
    let output = Command::new(bench)
        .arg("client-download")
        .args(["--base-url", &ready.base_url, "--api-key", &ready.api_key])
        .args(["--message", &ready.message_id])
        .args(["--attachment", &served.attachment_id])
        .args(["--bytes", &served.bytes.to_string()])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start the client: {e}"))?;
    if !output.status.success() {
        return Err(format!("the download client failed ({})", output.status));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(stdout.trim()).map_err(|e| format!("the client printed {stdout:?}: {e}"))
}

/// The median of `values` (not empty).
fn median(mut values: Vec<u64>) -> u64 {
    values.sort_unstable();
    values[values.len() / 2]
}

/// `unipile-bench download`: `runs` downloads of each size, each in its own process;
/// prints the median peaks and their ratio. Returns the goals missed.
pub fn download(runs: usize) -> Result<Vec<String>, String> {
    let bench = std::env::current_exe().map_err(|e| format!("cannot find myself: {e}"))?;
    let server = Server::start(&bench)?;
    let mut peaks = Vec::new();
    for (mib, served) in SIZES_MIB.iter().zip(&server.ready.attachments) {
        let mut samples = Vec::new();
        for _ in 0..runs {
            let sample = run_client(&bench, &server.ready, served)?;
            println!(
                "{mib:>4} MiB: {} bytes in {} chunks (largest {} B), {:.0} ms, peak RSS {} KiB",
                sample.bytes,
                sample.chunks,
                sample.largest_chunk,
                sample.wall_ms,
                sample.peak_rss_kib
            );
            samples.push(sample.peak_rss_kib);
        }
        peaks.push(median(samples));
    }
    let (small, large) = (peaks[0], peaks[1]);
    let ratio = large as f64 / small as f64;
    println!(
        "peak RSS (median of {runs}): {} MiB file {small} KiB, {} MiB file {large} KiB, ratio {ratio:.3}",
        SIZES_MIB[0], SIZES_MIB[1]
    );
    let mut missed = Vec::new();
    if ratio > MAX_PEAK_RATIO {
        missed.push(format!(
            "bounded download memory: the {} MiB download peaks at {ratio:.3} x the {} MiB one (at most {MAX_PEAK_RATIO})",
            SIZES_MIB[1], SIZES_MIB[0]
        ));
    }
    Ok(missed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The client counts exactly the bytes of the attachment the fake holds.
    #[test]
    fn the_client_receives_every_byte_of_the_attachment() {
        let size = (3 << 20) + 17;
        let (fake, message_id, attachments) = seeded(&[size]).expect("seeded");
        let server = crate::server::TestServer::start(fake);
        let base_url = &server.base_url;
        let key = unipile_mock::DEFAULT_API_KEY;
        let id = &attachments[0].attachment_id;
        let sample = client(base_url, key, &message_id, id, size as u64).expect("downloaded");
        assert_eq!(sample.bytes, size as u64, "{sample:?}");
        assert!(sample.chunks > 1, "{sample:?}");
        assert!(sample.peak_rss_kib > 0, "{sample:?}");
        let short = client(base_url, key, &message_id, id, size as u64 + 1);
        assert!(short.is_err(), "a wrong length must be an error");
    }
}
