//! Streamed responses: attachment downloads read chunk by chunk, never held whole.

use crate::error::classify;
use bytes::Bytes;
use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use unipile_core::client::Download;
use unipile_core::error::Error;
use unipile_core::transport::TransportError;

/// Reqwest's body as core's chunk stream: each error classified like a failed send
/// ([`Io`] for a dropped or truncated body, [`Timeout`] when a read waited longer than
/// the read timeout); nothing follows an error. Logs in the request's span.
///
/// [`Io`]: unipile_core::transport::TransportErrorKind::Io
/// [`Timeout`]: unipile_core::transport::TransportErrorKind::Timeout
pub(crate) struct BodyStream {
    chunks: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>,
    what: String,
    span: tracing::Span,
    received: u64,
    finished: bool,
}

impl BodyStream {
    pub(crate) fn new(
        chunks: impl Stream<Item = reqwest::Result<Bytes>> + Send + 'static,
        what: String,
        span: tracing::Span,
    ) -> Self {
        Self {
            chunks: Box::pin(chunks),
            what,
            span,
            received: 0,
            finished: false,
        }
    }
}

/// Writes a download into `writer`, one chunk at a time, then flushes it. Memory stays
/// bounded by one chunk whatever the file's size. Returns the number of bytes written.
///
/// ```no_run
/// # async fn demo(client: unipile_core::client::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let mut download = client.messages().download("msg_1", "att_1").await?;
/// let mut file = tokio::fs::File::create(download.file_name().unwrap_or("attachment.bin")).await?;
/// let written = unipile_http::write_download(&mut download, &mut file).await?;
/// # let _ = written; Ok(()) }
/// ```
///
/// # Errors
/// [`DownloadError::Body`] if the body ends early, [`DownloadError::Write`] if the writer
/// fails. What was written before the error stays written.
pub async fn write_download<W>(
    download: &mut Download,
    writer: &mut W,
) -> Result<u64, DownloadError>
where
    W: AsyncWrite + Unpin + ?Sized,
{
    let mut written = 0u64;
    while let Some(chunk) = download.next_chunk().await {
        let chunk = chunk.map_err(DownloadError::Body)?;
        writer
            .write_all(&chunk)
            .await
            .map_err(DownloadError::Write)?;
        written += chunk.len() as u64;
    }
    writer.flush().await.map_err(DownloadError::Write)?;
    Ok(written)
}

impl Stream for BodyStream {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.finished {
            return Poll::Ready(None);
        }
        let this = &mut *self;
        let _entered = this.span.enter();
        match this.chunks.as_mut().poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(chunk))) => {
                this.received += chunk.len() as u64;
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(error))) => {
                this.finished = true;
                let error = classify(error, &this.what);
                tracing::debug!(
                    received = this.received,
                    error_kind = ?error.kind(),
                    "body interrupted"
                );
                Poll::Ready(Some(Err(error)))
            }
            Poll::Ready(None) => {
                this.finished = true;
                tracing::debug!(received = this.received, "body complete");
                Poll::Ready(None)
            }
        }
    }
}

impl fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyStream")
            .field("received", &self.received)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

/// A streamed download that did not complete.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DownloadError {
    /// The body did not arrive whole (a dropped connection, a stalled read, a body
    /// shorter than announced).
    #[error(transparent)]
    Body(Error),
    /// The destination refused the bytes (a full disk, a closed pipe).
    #[error("could not write the download: {0}")]
    Write(#[source] std::io::Error),
}
