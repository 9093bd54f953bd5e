//! [`Download`]: a file streamed from the API, chunk by chunk, with what the response
//! head said about it.

use crate::error::Error;
use crate::request::AttachmentData;
use crate::transport::{
    ByteStream, Headers, HttpRequest, Method, TransportError, TransportErrorKind,
};
use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A file being downloaded: what the response head said (content type, file name, size)
/// and the body as a [`Stream`] of chunks. From
/// [`Messages::download`](crate::client::Messages::download) or [`Client::download`](crate::client::Client::download).
///
/// Memory stays bounded by one chunk whatever the file's size, as long as each chunk is
/// written out before the next is read. Each item is the next chunk, or the [`Error`]
/// that ended the body early (a transport error, such as a dropped connection, or a body
/// shorter than its `Content-Length`); nothing follows an error. The request is never
/// sent again once the first byte of the body has arrived.
///
/// ```
/// # async fn demo(client: unipile_core::client::Client) -> Result<(), unipile_core::error::Error> {
/// let mut download = client.messages().download("msg_1", "att_1").await?;
/// println!("{:?} {:?}", download.file_name(), download.content_type());
/// let mut size = 0;
/// while let Some(chunk) = download.next_chunk().await {
///     let chunk = chunk?;
///     size += chunk.len(); // write `chunk` out here
/// }
/// # let _ = size; Ok(()) }
/// ```
pub struct Download {
    content_type: Option<String>,
    file_name: Option<String>,
    content_length: Option<u64>,
    first: Option<Bytes>,
    body: ByteStream,
    received: u64,
    finished: bool,
    method: Method,
    route: &'static str,
    attempts: u32,
}

impl Download {
    /// A download whose head (`headers`) has arrived, with the body's first chunk if any.
    pub(super) fn new(
        request: &HttpRequest,
        attempts: u32,
        headers: &Headers,
        first: Option<Bytes>,
        body: ByteStream,
    ) -> Self {
        let received = first.as_ref().map_or(0, |c| c.len() as u64);
        Self {
            content_type: headers.get("content-type").map(|v| v.trim().to_owned()),
            file_name: headers
                .get("content-disposition")
                .and_then(file_name_from_disposition),
            content_length: headers
                .get("content-length")
                .and_then(|v| v.trim().parse().ok()),
            finished: first.is_none(),
            first,
            body,
            received,
            method: request.method,
            route: request.route,
            attempts,
        }
    }

    /// The response's `Content-Type`, if the server gave one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The file name the server suggested (`Content-Disposition`), if it gave one: the
    /// last component only, so it never names a directory (`../x.pdf` gives `x.pdf`).
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The size the server announced (`Content-Length`), if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// How many bytes of the body have arrived so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// How many times the request was sent before its head arrived (1, or more after
    /// retries).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The next chunk; `None` once the body has ended.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the whole file into memory: for small files only.
    ///
    /// # Errors
    /// The [`Error`] that ended the body early.
    pub async fn collect(mut self) -> Result<AttachmentData, Error> {
        let capacity = self
            .content_length
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(0)
            .min(1 << 20);
        let mut data = BytesMut::with_capacity(capacity);
        while let Some(chunk) = self.next_chunk().await {
            data.extend_from_slice(&chunk?);
        }
        Ok(AttachmentData::new(self.content_type.take(), data.freeze()))
    }

    fn error(&self, error: TransportError) -> Error {
        let summary = HttpRequest::new(self.method, self.route, String::new());
        Error::from(error).with_request(&summary, self.attempts)
    }
}

impl Stream for Download {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(first) = this.first.take() {
            return Poll::Ready(Some(Ok(first)));
        }
        if this.finished {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.body).poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(chunk))) => {
                this.received += chunk.len() as u64;
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(error))) => {
                this.finished = true;
                Poll::Ready(Some(Err(this.error(error))))
            }
            Poll::Ready(None) => {
                this.finished = true;
                match this.content_length {
                    Some(announced) if this.received < announced => {
                        let error = TransportError::new(
                            TransportErrorKind::Io,
                            format!(
                                "the body ended after {} of the {announced} bytes announced",
                                this.received
                            ),
                        );
                        Poll::Ready(Some(Err(this.error(error))))
                    }
                    _ => Poll::Ready(None),
                }
            }
        }
    }
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("content_type", &self.content_type)
            .field("file_name", &self.file_name)
            .field("content_length", &self.content_length)
            .field("received", &self.received)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// The file name of a `Content-Disposition` value (RFC 6266): `filename*` (RFC 5987,
/// UTF-8 percent-encoded) wins over `filename`; only its last path component is kept,
/// without control characters. `None` when there is no usable name.
pub fn file_name_from_disposition(value: &str) -> Option<String> {
    let mut plain = None;
    let mut extended = None;
    for (name, raw) in parameters(value) {
        if name.eq_ignore_ascii_case("filename*") {
            extended = decode_extended(&raw);
        } else if name.eq_ignore_ascii_case("filename") {
            plain = Some(raw);
        }
    }
    safe_file_name(&extended.or(plain)?)
}

/// The `name=value` parameters after the disposition type, quoted strings unescaped.
fn parameters(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = value.split_once(';').map_or("", |(_, r)| r);
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        let Some((name, after)) = rest.split_once('=') else {
            return out;
        };
        let name = name.trim().to_owned();
        let after = after.trim_start();
        let (value, tail) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next().map(|(_, c)| c)),
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            (value, &quoted[end..])
        } else {
            let end = after.find(';').unwrap_or(after.len());
            (after[..end].trim().to_owned(), &after[end..])
        };
        out.push((name, value));
        rest = tail;
    }
}

/// `UTF-8''na%C3%AFve.pdf` → `naïve.pdf` (the charset must be UTF-8, the language is
/// ignored).
fn decode_extended(raw: &str) -> Option<String> {
    let mut parts = raw.splitn(3, '\'');
    let charset = parts.next()?;
    let _language = parts.next()?;
    let encoded = parts.next()?;
    if !charset.eq_ignore_ascii_case("utf-8") {
        return None;
    }
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// The last component of `name`, without control characters; `None` if nothing usable
/// is left (empty, `.` or `..`).
fn safe_file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    if clean.is_empty() || clean == "." || clean == ".." {
        return None;
    }
    Some(clean.to_owned())
}

#[cfg(test)]
mod tests {
    use super::file_name_from_disposition as name;

    #[test]
    fn file_names_from_content_disposition() {
        let cases = [
            ("attachment; filename=\"report.pdf\"", Some("report.pdf")),
            ("attachment; filename=report.pdf", Some("report.pdf")),
            (
                "inline; filename=\"a \\\"b\\\".txt\"; size=3",
                Some("a \"b\".txt"),
            ),
            (
                "attachment; filename=\"fallback.pdf\"; filename*=UTF-8''na%C3%AFve%20x.pdf",
                Some("naïve x.pdf"),
            ),
            (
                "attachment; filename*=utf-8'en'%E2%9C%93.txt",
                Some("✓.txt"),
            ),
            ("attachment; filename=\"../../etc/passwd\"", Some("passwd")),
            (
                "attachment; filename=\"C:\\\\x\\\\evil.exe\"",
                Some("evil.exe"),
            ),
            ("attachment; filename=\"..\"", None),
            ("attachment; filename=\"\"", None),
            ("attachment", None),
            ("attachment; filename*=ISO-8859-1''x.txt", None),
            ("", None),
        ];
        for (header, expected) in cases {
            assert_eq!(name(header).as_deref(), expected, "{header}");
        }
    }
}
