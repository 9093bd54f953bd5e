//! Streamed responses: a body that arrives chunk by chunk, for downloads that are never
//! held whole in memory.

use super::{Headers, HttpResponse, TransportError};
use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A response body as a [`Stream`] of chunks. Each item is the next chunk, or the
/// [`TransportError`] that ended the body early; nothing follows an error.
///
/// Any `Stream<Item = Result<Bytes, TransportError>> + Send` becomes one with
/// [`ByteStream::new`]; a body already in memory with [`ByteStream::from_bytes`] or
/// [`ByteStream::chunked`].
pub struct ByteStream {
    chunks: Pin<Box<dyn Stream<Item = Result<Bytes, TransportError>> + Send>>,
}

impl ByteStream {
    /// A body read from `chunks`.
    pub fn new(chunks: impl Stream<Item = Result<Bytes, TransportError>> + Send + 'static) -> Self {
        Self {
            chunks: Box::pin(chunks),
        }
    }

    /// A body already in memory, as one chunk (none if it is empty).
    pub fn from_bytes(body: impl Into<Bytes>) -> Self {
        Self::chunked(body, usize::MAX)
    }

    /// A body already in memory, handed out in chunks of at most `chunk_size` bytes
    /// (slices of `body`: nothing is copied). A `chunk_size` of 0 counts as 1.
    pub fn chunked(body: impl Into<Bytes>, chunk_size: usize) -> Self {
        Self::new(Chunks {
            rest: body.into(),
            chunk_size: chunk_size.max(1),
        })
    }

    /// A body made of these chunks, in order: for test doubles, which may end a body with
    /// an error (a connection dropped halfway).
    pub fn from_chunks<I>(chunks: I) -> Self
    where
        I: IntoIterator<Item = Result<Bytes, TransportError>>,
        I::IntoIter: Send + Unpin + 'static,
    {
        Self::new(Listed(chunks.into_iter()))
    }

    /// The next chunk; `None` once the body has ended.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, TransportError>> {
        std::future::poll_fn(|cx| self.chunks.as_mut().poll_next(cx)).await
    }

    /// Reads the whole body into memory.
    ///
    /// # Errors
    /// The [`TransportError`] that ended the body early.
    pub async fn collect(self) -> Result<Bytes, TransportError> {
        self.collect_at_most(usize::MAX).await
    }

    /// Reads the body into memory, keeping at most `limit` bytes (the rest is read and
    /// dropped, so the connection can be reused). For error bodies, which are small
    /// unless a proxy sends a page.
    ///
    /// # Errors
    /// The [`TransportError`] that ended the body early.
    pub async fn collect_at_most(mut self, limit: usize) -> Result<Bytes, TransportError> {
        let mut out = BytesMut::new();
        while let Some(chunk) = self.next_chunk().await {
            let chunk = chunk?;
            let room = limit.saturating_sub(out.len());
            out.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        Ok(out.freeze())
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

/// Hands out a body in memory slice by slice.
struct Chunks {
    rest: Bytes,
    chunk_size: usize,
}

impl Stream for Chunks {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.rest.is_empty() {
            return Poll::Ready(None);
        }
        let take = self.chunk_size.min(self.rest.len());
        Poll::Ready(Some(Ok(self.rest.split_to(take))))
    }
}

/// Hands out listed chunks.
struct Listed<I>(I);

impl<I: Iterator<Item = Result<Bytes, TransportError>> + Unpin> Stream for Listed<I> {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.next())
    }
}

/// A response whose body is still arriving: what
/// [`Transport::send_streaming`](super::Transport::send_streaming) returns.
#[non_exhaustive]
pub struct StreamingResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: Headers,
    /// The body, as it arrives.
    pub body: ByteStream,
}

impl StreamingResponse {
    /// A response with a status, no headers and a streamed body.
    pub fn new(status: u16, body: ByteStream) -> Self {
        Self {
            status,
            headers: Headers::new(),
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

    /// Reads the whole body into an ordinary [`HttpResponse`].
    ///
    /// # Errors
    /// The [`TransportError`] that ended the body early.
    pub async fn into_response(self) -> Result<HttpResponse, TransportError> {
        self.into_response_at_most(usize::MAX).await
    }

    /// As [`into_response`](Self::into_response), keeping at most `limit` bytes of the
    /// body (see [`ByteStream::collect_at_most`]).
    ///
    /// # Errors
    /// The [`TransportError`] that ended the body early.
    pub async fn into_response_at_most(self, limit: usize) -> Result<HttpResponse, TransportError> {
        let body = self.body.collect_at_most(limit).await?;
        let mut response = HttpResponse::new(self.status, body);
        response.headers = self.headers;
        Ok(response)
    }
}

impl From<HttpResponse> for StreamingResponse {
    /// A response already in memory, its body as one chunk.
    fn from(response: HttpResponse) -> Self {
        Self {
            status: response.status,
            headers: response.headers,
            body: ByteStream::from_bytes(response.body),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(future)
    }

    #[test]
    fn chunked_bodies_are_sliced_without_loss() {
        block_on(async {
            let mut body = ByteStream::chunked(Bytes::from_static(b"abcdefg"), 3);
            let mut seen = Vec::new();
            while let Some(chunk) = body.next_chunk().await {
                seen.push(chunk.expect("chunk"));
            }
            assert_eq!(seen, vec!["abc", "def", "g"]);
            assert!(
                ByteStream::from_bytes(Bytes::new())
                    .next_chunk()
                    .await
                    .is_none()
            );
        });
    }

    #[test]
    fn collect_at_most_keeps_the_start() {
        block_on(async {
            let body = ByteStream::chunked(Bytes::from_static(b"abcdefg"), 2);
            assert_eq!(body.collect_at_most(5).await.expect("body"), "abcde");
            let response = StreamingResponse::from(HttpResponse::new(404, "gone"));
            let back = response.into_response().await.expect("body");
            assert_eq!((back.status, &back.body[..]), (404, &b"gone"[..]));
        });
    }
}
