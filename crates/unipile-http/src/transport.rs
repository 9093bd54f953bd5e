//! [`HttpTransport`]: core's [`Transport`] over one shared reqwest client.

use crate::config::{HttpConfig, USER_AGENT};
use crate::env::{DSN_VAR, EnvSettings};
use crate::error::{ConfigError, bad_request, classify, timed_out};
use crate::streaming::BodyStream;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName};
use std::fmt;
use std::sync::Arc;
use std::time::Instant;
use tracing::Instrument;
use unipile_core::client::ApiKey;
use unipile_core::transport::{
    Body, ByteStream, HeaderValue, Headers, HttpRequest, HttpResponse, Method, StreamingResponse,
    Transport, TransportError,
};

/// The production transport: HTTPS over rustls with a connection pool and gzip, one
/// shared client for every request.
///
/// It sends what it is given and returns what came back, whatever the status: no status
/// mapping, no retry, no authentication of its own (the client adds `X-API-KEY` as a
/// sensitive header, which this transport marks sensitive on the wire too). Redirects are
/// not followed, so a header never goes to another host. Cheap to clone: clones share the
/// connection pool.
///
/// It never resends on its own: reqwest's retry of HTTP/2 refusals (`REFUSED_STREAM`, a
/// stream past a graceful `GOAWAY`) is turned off, so the client's
/// [`RetryPolicy`](unipile_core::client::retry::RetryPolicy) alone decides whether a request goes
/// out again; such a refusal comes back as an `Io` error. The one reissue left below it is
/// hyper's, for a request that was never written: queued on a pooled connection found
/// closed, it goes to a fresh connection, as after a connect error.
///
/// # Errors
/// A failed [`send`](Transport::send) is a [`TransportError`] whose kind tells the retry
/// policy what may have happened:
/// - `Connect`: the connection could not be made (refused, DNS failure, TLS handshake,
///   connect timeout); nothing was sent.
/// - `Timeout`: no complete response within the request timeout; the request may have
///   arrived.
/// - `Io`: the connection failed after sending (dropped, reset, a truncated or garbled
///   response).
/// - `Other`: the request could not be built (an invalid header, a path that leaves the
///   API base); nothing was sent.
///
/// The message names the method and route template (`POST /chats/{chat_id}/messages`),
/// never the path with its ids, a header value or the body.
///
/// ```
/// use unipile_core::transport::{HttpRequest, Method, Transport};
/// use unipile_http::{HttpConfig, HttpTransport};
///
/// let transport = HttpTransport::new(HttpConfig::builder("api8.unipile.com:13443").build()?)?;
/// // Behind the client, as `Arc<dyn Transport>`:
/// let _shared: std::sync::Arc<dyn Transport> = std::sync::Arc::new(transport);
/// # Ok::<(), unipile_http::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct HttpTransport {
    client: reqwest::Client,
    config: Arc<HttpConfig>,
}

impl HttpTransport {
    /// A transport for `config`, with its own connection pool.
    ///
    /// # Errors
    /// [`ConfigError::ClientSetup`] if the HTTP client cannot be built (the TLS backend
    /// failed to initialise).
    pub fn new(config: HttpConfig) -> Result<Self, ConfigError> {
        let mut builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(config.connect_timeout())
            .read_timeout(config.read_timeout())
            .redirect(reqwest::redirect::Policy::none())
            // The client's retry policy is the only one deciding what is sent again.
            .retry(reqwest::retry::never())
            .gzip(true);
        if config.is_loopback() {
            // A proxy from the environment must never see traffic meant for this machine.
            builder = builder.no_proxy();
        }
        let client = builder.build().map_err(|e| ConfigError::ClientSetup {
            message: "building the reqwest client failed".to_owned(),
            source: Box::new(e),
        })?;
        Ok(Self {
            client,
            config: Arc::new(config),
        })
    }

    /// Reads `UNIPILE_DSN` and `UNIPILE_API_KEY` and returns the transport for that DSN,
    /// with default timeouts, and the key for the client.
    ///
    /// # Errors
    /// [`ConfigError::MissingVar`] or [`ConfigError::InvalidVar`] naming the variable that
    /// is missing or wrong (a bad DSN says what is wrong with it), or
    /// [`ConfigError::ClientSetup`].
    pub fn from_env() -> Result<(Self, ApiKey), ConfigError> {
        Self::from_settings(EnvSettings::from_env()?)
    }

    /// As [`HttpTransport::from_env`], from settings read elsewhere.
    ///
    /// # Errors
    /// As [`HttpTransport::from_env`].
    pub fn from_settings(settings: EnvSettings) -> Result<(Self, ApiKey), ConfigError> {
        let config = HttpConfig::builder(settings.dsn)
            .build()
            .map_err(|e| match e {
                e @ ConfigError::InvalidDsn { .. } => ConfigError::InvalidVar {
                    name: DSN_VAR,
                    reason: e.to_string(),
                },
                other => other,
            })?;
        Ok((Self::new(config)?, settings.api_key))
    }

    /// The configuration.
    pub fn config(&self) -> &HttpConfig {
        &self.config
    }

    /// Turns core's request into reqwest's: URL, method, headers, body.
    fn prepare(
        &self,
        request: &HttpRequest,
        what: &str,
    ) -> Result<reqwest::RequestBuilder, TransportError> {
        let url = self.url_for(request, what)?;
        let mut headers = HeaderMap::with_capacity(request.headers.len() + 1);
        for (name, value) in request.headers.iter() {
            headers.append(header_name(name, what)?, header_value(name, value, what)?);
        }
        let (body, content_type) = match &request.body {
            Body::Empty => {
                if matches!(request.method, Method::Post | Method::Put | Method::Patch) {
                    // An empty POST, PUT or PATCH says so, as some servers require.
                    headers.insert(
                        CONTENT_LENGTH,
                        reqwest::header::HeaderValue::from_static("0"),
                    );
                }
                (None, None)
            }
            Body::Json(json) => (Some(json.clone()), request.body.content_type("")),
            Body::Multipart(form) => {
                // Core's encoder, so a retry with attachments replays byte for byte.
                let boundary = form.boundary();
                (
                    Some(form.encode(&boundary)),
                    request.body.content_type(&boundary),
                )
            }
        };
        if let Some(content_type) = content_type {
            let value = reqwest::header::HeaderValue::from_str(&content_type)
                .map_err(|_| bad_request(what, "the body's content type is not valid"))?;
            headers.insert(CONTENT_TYPE, value);
        }
        let mut builder = self
            .client
            .request(reqwest_method(request.method, what)?, url)
            .headers(headers);
        if let Some(body) = body {
            builder = builder.body(body);
        }
        Ok(builder)
    }

    /// The base URL followed by the request's path and query, checked to stay under the
    /// base (an unencoded `..` segment would climb out of it).
    fn url_for(&self, request: &HttpRequest, what: &str) -> Result<url::Url, TransportError> {
        if !request.path.starts_with('/') {
            return Err(bad_request(
                what,
                "the request path does not start with `/`",
            ));
        }
        let base = self.config.url();
        let text = format!("{}{}", base.as_str(), request.path_and_query());
        let url = url::Url::parse(&text)
            .map_err(|e| bad_request(what, format!("the request URL is not valid: {e}")))?;
        let base_path = base.path();
        let stays_under_base = url
            .path()
            .strip_prefix(base_path)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        if !stays_under_base {
            return Err(bad_request(what, "the request path leaves the API base"));
        }
        Ok(url)
    }

    async fn send_buffered(
        &self,
        request: &HttpRequest,
        what: &str,
    ) -> Result<HttpResponse, TransportError> {
        let response = self
            .prepare(request, what)?
            .timeout(self.config.request_timeout())
            .send()
            .await
            .map_err(|e| classify(e, what))?;
        let status = response.status().as_u16();
        let headers = convert_headers(response.headers());
        let body = response.bytes().await.map_err(|e| classify(e, what))?;
        let mut out = HttpResponse::new(status, body);
        out.headers = headers;
        Ok(out)
    }
}

#[async_trait::async_trait]
impl Transport for HttpTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let span = request_span(&request);
        let started = Instant::now();
        let what = describe(&request);
        let result = self
            .send_buffered(&request, &what)
            .instrument(span.clone())
            .await;
        record_outcome(&span, result.as_ref().map(|r| r.status), started);
        result
    }

    /// Returns as soon as the response head arrives, with the body as a stream of
    /// chunks: for attachment downloads, which are never held whole in memory.
    ///
    /// The head must arrive within the request timeout; after that each read must
    /// succeed within the read timeout, however long the whole download takes. The
    /// response is returned whatever its status.
    async fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> Result<StreamingResponse, TransportError> {
        let span = request_span(&request);
        let started = Instant::now();
        let what = describe(&request);
        let result = async {
            let limit = self.config.request_timeout();
            let response = tokio::time::timeout(limit, self.prepare(&request, &what)?.send())
                .await
                .map_err(|_| timed_out(&what, limit))?
                .map_err(|e| classify(e, &what))?;
            let status = response.status().as_u16();
            let headers = convert_headers(response.headers());
            let body = BodyStream::new(response.bytes_stream(), what.clone(), span.clone());
            let mut out = StreamingResponse::new(status, ByteStream::new(body));
            out.headers = headers;
            Ok(out)
        }
        .instrument(span.clone())
        .await;
        record_outcome(&span, result.as_ref().map(|r| r.status), started);
        result
    }
}

impl fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpTransport")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// `POST /chats/{chat_id}/messages`: the method and route template, safe to log.
fn describe(request: &HttpRequest) -> String {
    format!("{} {}", request.method, request.route)
}

/// One span per send: the method and route template, then the status and duration. No
/// path (it holds ids), no header value, no body.
fn request_span(request: &HttpRequest) -> tracing::Span {
    tracing::debug_span!(
        "unipile_http.request",
        method = request.method.as_str(),
        route = request.route,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
        error_kind = tracing::field::Empty,
    )
}

fn record_outcome(span: &tracing::Span, outcome: Result<u16, &TransportError>, started: Instant) {
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    span.record("duration_ms", duration_ms);
    match outcome {
        Ok(status) => {
            span.record("status", status);
            tracing::debug!(parent: span, status, duration_ms, "response received");
        }
        Err(error) => {
            let kind = format!("{:?}", error.kind());
            span.record("error_kind", kind.as_str());
            tracing::debug!(parent: span, error_kind = kind.as_str(), duration_ms, "request failed");
        }
    }
}

fn reqwest_method(method: Method, what: &str) -> Result<reqwest::Method, TransportError> {
    Ok(match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Patch => reqwest::Method::PATCH,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
        // `Method` may grow: send a new one by its wire name.
        other => reqwest::Method::from_bytes(other.as_str().as_bytes())
            .map_err(|_| bad_request(what, "the method is not a valid HTTP token"))?,
    })
}

fn header_name(name: &str, what: &str) -> Result<HeaderName, TransportError> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| bad_request(what, format!("the header name `{name}` is not valid")))
}

fn header_value(
    name: &str,
    value: &HeaderValue,
    what: &str,
) -> Result<reqwest::header::HeaderValue, TransportError> {
    // The value is never repeated in the error: it may be the key.
    let mut out = reqwest::header::HeaderValue::from_str(value.as_str())
        .map_err(|_| bad_request(what, format!("the value of header `{name}` is not valid")))?;
    out.set_sensitive(value.is_sensitive());
    Ok(out)
}

/// Reqwest's response headers as core's, in order. A cookie counts as a secret.
fn convert_headers(map: &HeaderMap) -> Headers {
    let mut headers = Headers::new();
    for (name, value) in map {
        let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
        let value = if value.is_sensitive() || name == reqwest::header::SET_COOKIE {
            HeaderValue::sensitive(text)
        } else {
            HeaderValue::new(text)
        };
        headers.append(name.as_str(), value);
    }
    headers
}
