//! The transport boundary: core-owned HTTP request and response types and the
//! [`Transport`] trait every transport implements.
//!
//! A transport does I/O only. It sends the request it is given, as it is given, and hands
//! back whatever came back: no status mapping, no retry, no auth decisions. The
//! [`Client`](crate::client::Client) does the rest, so an in-process fake, a recorded
//! replay and the reqwest transport all behave the same above this line.

use bytes::Bytes;
use std::fmt;
use std::sync::Arc;

mod headers;
mod multipart;
mod retry_after;
mod streaming;

pub use headers::{HeaderValue, Headers};
pub use multipart::{Multipart, MultipartError, Part};
pub use retry_after::{parse_retry_after, retry_after};
pub use streaming::{ByteStream, StreamingResponse};

/// An HTTP method.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Method {
    /// `GET`: a read, safe to retry.
    Get,
    /// `POST`: creates or sends; never assumed safe to repeat.
    Post,
    /// `PATCH`: changes a resource.
    Patch,
    /// `PUT`: replaces a resource.
    Put,
    /// `DELETE`: removes a resource.
    Delete,
}

impl Method {
    /// The method's name on the wire (`"GET"`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Whether the method only reads (`GET`), which the retry policy treats as safe to repeat.
    pub fn is_read(self) -> bool {
        matches!(self, Method::Get)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request body.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// A JSON document, already serialized.
    Json(Bytes),
    /// A `multipart/form-data` form. Cheap to clone, so a retry replays it exactly.
    Multipart(Multipart),
}

impl Body {
    /// Serializes `value` as a JSON body.
    ///
    /// # Errors
    /// The serializer's error, if `value` cannot be written as JSON (a map with non-string
    /// keys, say). The SDK's own request bodies always can.
    pub fn json<T: serde::Serialize>(value: &T) -> Result<Body, serde_json::Error> {
        serde_json::to_vec(value).map(|v| Body::Json(Bytes::from(v)))
    }

    /// The `Content-Type` this body is sent with, given the multipart boundary to use.
    pub fn content_type(&self, boundary: &str) -> Option<String> {
        match self {
            Body::Empty => None,
            Body::Json(_) => Some("application/json".to_owned()),
            Body::Multipart(_) => Some(format!("multipart/form-data; boundary={boundary}")),
        }
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Empty => f.write_str("Empty"),
            // Bodies may hold message text: show the size only.
            Body::Json(b) => write!(f, "Json({} bytes)", b.len()),
            Body::Multipart(m) => fmt::Debug::fmt(m, f),
        }
    }
}

/// A request, ready for a transport to send.
///
/// `path` is relative to the API base (`https://{DSN}/api/v1`), starts with `/`, and is
/// already percent-encoded: every id in it was encoded as one path segment. `query` holds
/// the raw (not yet encoded) pairs in order; [`HttpRequest::path_and_query`] encodes them.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The route template, such as `/chats/{chat_id}/messages`: safe to log, holds no id.
    pub route: &'static str,
    /// The encoded path, such as `/chats/abc/messages`.
    pub path: String,
    /// Query pairs, unencoded, in the order they are sent.
    pub query: Vec<(String, String)>,
    /// Request headers. Sensitive ones are redacted from `Debug`.
    pub headers: Headers,
    /// The body.
    pub body: Body,
}

impl HttpRequest {
    /// A request with no query, headers or body.
    pub fn new(method: Method, route: &'static str, path: impl Into<String>) -> Self {
        Self {
            method,
            route,
            path: path.into(),
            query: Vec::new(),
            headers: Headers::new(),
            body: Body::Empty,
        }
    }

    /// Adds a query pair.
    pub fn with_query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Sets the body.
    pub fn with_body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    /// The first query value for `key`.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The path followed by the encoded query string, if any (`/messages?limit=10`).
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let mut out = self.path.clone();
        out.push('?');
        for (i, (k, v)) in self.query.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.extend(percent_encoding::utf8_percent_encode(k, UNRESERVED_KEPT));
            out.push('=');
            out.extend(percent_encoding::utf8_percent_encode(v, UNRESERVED_KEPT));
        }
        out
    }
}

/// Everything but the RFC 3986 unreserved characters is escaped: safe for a query key or
/// value and for a single path segment alike.
const UNRESERVED_KEPT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one query key or value (RFC 3986: everything but unreserved characters).
pub fn encode_query_component(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, UNRESERVED_KEPT).to_string()
}

/// Percent-encodes `text` as exactly one path segment: `/`, `?`, `#`, `%` and every other
/// reserved or non-ASCII character is escaped, so an id can never change the route.
/// (The dot segments `.` and `..` cannot be made safe by escaping: URL parsers resolve
/// them even when percent-encoded, so requests reject such ids before encoding.)
///
/// ```
/// assert_eq!(unipile_core::transport::encode_path_segment("a/b?c"), "a%2Fb%3Fc");
/// ```
pub fn encode_path_segment(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, UNRESERVED_KEPT).to_string()
}

/// A response, as the transport received it.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: Headers,
    /// The whole body.
    pub body: Bytes,
}

impl HttpResponse {
    /// A response with a status, no headers and a body.
    pub fn new(status: u16, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers: Headers::new(),
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.insert(name, HeaderValue::new(value));
        self
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// What went wrong below HTTP, classified for the retry policy.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made: nothing reached the server, so any request,
    /// even a send, may be retried.
    Connect,
    /// No complete response in time. The request may have reached the server.
    Timeout,
    /// The connection failed after the request was (or may have been) sent: a reset, a
    /// dropped connection, a truncated response.
    Io,
    /// Anything else (a request that could not be built, say). Not retried.
    Other,
}

impl TransportErrorKind {
    /// Whether the request certainly never reached the server.
    pub fn nothing_sent(self) -> bool {
        matches!(self, TransportErrorKind::Connect)
    }
}

/// A failure of the transport itself. Its message never holds a header value or body.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    /// A new error of `kind` with a message for people.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// Attaches the underlying error.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// The classification.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Io => "connection failed",
            TransportErrorKind::Other => "transport error",
        };
        write!(f, "{what}: {}", self.message)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Sends [`HttpRequest`]s. Object safe: the client holds an `Arc<dyn Transport>`.
///
/// Implement it to put the SDK on another HTTP stack, or to fake Unipile in tests:
///
/// ```
/// use unipile_core::transport::{HttpRequest, HttpResponse, Transport, TransportError};
///
/// #[derive(Debug)]
/// struct AlwaysEmpty;
///
/// #[async_trait::async_trait]
/// impl Transport for AlwaysEmpty {
///     async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
///         Ok(HttpResponse::new(200, r#"{"object":"ChatList","items":[],"cursor":null}"#))
///     }
/// }
/// let _shared: std::sync::Arc<dyn Transport> = std::sync::Arc::new(AlwaysEmpty);
/// ```
#[async_trait::async_trait]
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends one request and returns the response, whatever its status.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;

    /// Sends one request and returns as soon as the response head arrives, whatever its
    /// status, with the body as a [`ByteStream`] of chunks: for downloads, which are never
    /// held whole in memory.
    ///
    /// The default sends with [`send`](Transport::send) and hands the buffered body out
    /// as one chunk: right for transports that hold bodies in memory anyway. A transport
    /// that reads from the network overrides it, so a download's memory stays bounded by
    /// one chunk whatever the file's size.
    async fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> Result<StreamingResponse, TransportError> {
        self.send(request).await.map(StreamingResponse::from)
    }
}

#[async_trait::async_trait]
impl<T: Transport + ?Sized> Transport for Arc<T> {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        (**self).send(request).await
    }

    async fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> Result<StreamingResponse, TransportError> {
        (**self).send_streaming(request).await
    }
}

#[async_trait::async_trait]
impl<T: Transport + ?Sized> Transport for Box<T> {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        (**self).send(request).await
    }

    async fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> Result<StreamingResponse, TransportError> {
        (**self).send_streaming(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_never_change_the_route() {
        assert_eq!(encode_path_segment("a/b?c"), "a%2Fb%3Fc");
        assert_eq!(encode_path_segment("x#y%z"), "x%23y%25z");
        assert_eq!(
            encode_path_segment("33600000000@s.whatsapp.net"),
            "33600000000%40s.whatsapp.net"
        );
        assert_eq!(encode_path_segment("é"), "%C3%A9");
    }

    #[test]
    fn query_is_encoded_in_order() {
        let r = HttpRequest::new(Method::Get, "/messages", "/messages")
            .with_query("after", "2025-12-31T23:59:59.999Z")
            .with_query("account_id", "a,b c");
        assert_eq!(
            r.path_and_query(),
            "/messages?after=2025-12-31T23%3A59%3A59.999Z&account_id=a%2Cb%20c"
        );
        assert_eq!(r.query_value("account_id"), Some("a,b c"));
    }

    #[test]
    fn transport_is_object_safe() {
        fn takes(_: Arc<dyn Transport>) {}
        #[derive(Debug)]
        struct T;
        #[async_trait::async_trait]
        impl Transport for T {
            async fn send(&self, _: HttpRequest) -> Result<HttpResponse, TransportError> {
                Err(TransportError::new(TransportErrorKind::Connect, "refused"))
            }
        }
        takes(Arc::new(T));
    }
}
