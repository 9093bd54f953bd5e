//! Streamed responses: attachment downloads read chunk by chunk, never held whole.

use crate::error::classify;
use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use unipile_core::transport::{Headers, HttpResponse, TransportError};

/// A response whose body is still arriving; see
/// [`HttpTransport::send_streaming`](crate::HttpTransport::send_streaming).
#[non_exhaustive]
pub struct StreamingResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: Headers,
    /// The body, as it arrives.
    pub body: BodyStream,
}

impl StreamingResponse {
    pub(crate) fn new(status: u16, headers: Headers, body: BodyStream) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The size the server announced (`Content-Length`), if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.headers.get("content-length")?.trim().parse().ok()
    }

    /// Reads the rest of the body into an ordinary [`HttpResponse`]: for an error
    /// response, whose body the client decodes.
    ///
    /// # Errors
    /// A [`TransportError`] if the connection fails before the body ends.
    pub async fn into_response(self) -> Result<HttpResponse, TransportError> {
        let body = self.body.collect().await?;
        let mut response = HttpResponse::new(self.status, body);
        response.headers = self.headers;
        Ok(response)
    }
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// A response body as a [`Stream`] of chunks. Each item is the next chunk, or the
/// [`TransportError`] that ended the body early ([`Io`] for a dropped or truncated body,
/// [`Timeout`] when a read waited longer than the read timeout); nothing follows an error.
///
/// [`Io`]: unipile_core::transport::TransportErrorKind::Io
/// [`Timeout`]: unipile_core::transport::TransportErrorKind::Timeout
pub struct BodyStream {
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

    /// How many bytes of the body have arrived so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Writes the whole body into `writer`, one chunk at a time, then flushes it. Memory
    /// stays bounded by one chunk whatever the body's size.
    ///
    /// ```no_run
    /// # async fn download(transport: unipile_http::HttpTransport,
    /// #     request: unipile_core::transport::HttpRequest) -> Result<(), Box<dyn std::error::Error>> {
    /// let response = transport.send_streaming(request).await?;
    /// let mut file = tokio::fs::File::create("attachment.bin").await?;
    /// let written = response.body.write_to(&mut file).await?;
    /// # let _ = written; Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`DownloadError::Transport`] if the body ends early, [`DownloadError::Write`] if
    /// the writer fails. What was written before the error stays written.
    pub async fn write_to<W>(mut self, writer: &mut W) -> Result<u64, DownloadError>
    where
        W: AsyncWrite + Unpin + ?Sized,
    {
        let mut written = 0u64;
        while let Some(chunk) = next_chunk(&mut self).await {
            let chunk = chunk?;
            writer
                .write_all(&chunk)
                .await
                .map_err(DownloadError::Write)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(DownloadError::Write)?;
        Ok(written)
    }

    /// Reads the whole body into memory.
    ///
    /// # Errors
    /// A [`TransportError`] if the body ends early.
    pub async fn collect(mut self) -> Result<Bytes, TransportError> {
        let mut out = BytesMut::new();
        while let Some(chunk) = next_chunk(&mut self).await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out.freeze())
    }
}

/// The next item of `stream`, awaited without a combinator crate.
async fn next_chunk(stream: &mut BodyStream) -> Option<Result<Bytes, TransportError>> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
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
    /// The body did not arrive whole.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The destination refused the bytes (a full disk, a closed pipe).
    #[error("could not write the download: {0}")]
    Write(#[source] std::io::Error),
}
