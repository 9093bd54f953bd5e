//! The [`Client`]: typed calls for every resource, over any [`Transport`].
//!
//! The client authenticates each request (`X-API-KEY`, sent as a sensitive header),
//! retries it by the [`RetryPolicy`] (reads on 429, 502, 503, 504, 500 `provider_error`
//! and the other error types the errors table marks retryable, timeouts and connection
//! failures; sends only when nothing reached the server or on 429), maps error statuses
//! to [`Error`], and decodes success bodies straight from bytes into the typed model.
//! List calls come as one page at a time or as a [`ItemStream`] that walks every page,
//! fetching the next page while the caller consumes one (two pages in memory at most).
//!
//! ```
//! # async fn demo(transport: std::sync::Arc<dyn unipile_core::transport::Transport>) -> Result<(), unipile_core::error::Error> {
//! use unipile_core::client::Client;
//! use unipile_core::request::{ListChatMessages, SendMessage};
//!
//! let client = Client::new(transport, "my-api-key");
//! let sent = client.messages().send(SendMessage::new("chat_1").text("Hello!")).await?;
//! println!("sent {:?}", sent.message_id);
//!
//! let mut history = client.chats().stream_messages(ListChatMessages::new("chat_1"));
//! # let _ = &mut history;
//! # Ok(()) }
//! ```

use crate::client::retry::{
    Clock, Decision, Jitter, NoWait, Outcome, RetryPolicy, RetryState, Sleeper, SystemClock,
    XorShiftJitter,
};
use crate::error::Error;
use crate::request::{ApiRequest, FromResponse, ListRequest};
use crate::transport::{HeaderValue, HttpRequest, HttpResponse, Method, Transport, TransportError};
use serde::de::DeserializeOwned;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

mod api_key;
mod download;
pub mod paginator;
mod raw;
mod read_ahead;
mod resources;
pub mod retry;
pub mod send_resolution;
mod stream;

pub use api_key::ApiKey;
pub use download::{Download, file_name_from_disposition};
pub use raw::{RAW_ROUTE, RawCall};
pub use read_ahead::{Spawner, Task};
pub use resources::{Accounts, Attendees, Chats, Messages, Recipient, Users, Webhooks};
pub use send_resolution::{NotDelivered, SendAttempt, SendResolution};
pub use stream::{ItemStream, PageStream};

/// The header that carries the API key.
pub const API_KEY_HEADER: &str = "X-API-KEY";

/// A Unipile API client. Cheap to clone: clones share the transport.
///
/// Give it a [`Sleeper`] for the waits between retries
/// ([`ClientBuilder::sleeper`]); `unipile_http::client_from_env` does.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    transport: Arc<dyn Transport>,
    api_key: ApiKey,
    retry: RetryPolicy,
    sleeper: Arc<dyn Sleeper>,
    jitter: Arc<dyn Jitter>,
    clock: Arc<dyn Clock>,
    spawner: Option<Arc<dyn Spawner>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("transport", &self.inner.transport)
            .field("api_key", &self.inner.api_key)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`] with a retry policy, a sleeper and a jitter source of your choice.
///
/// ```
/// # fn demo(transport: std::sync::Arc<dyn unipile_core::transport::Transport>) {
/// use unipile_core::client::Client;
/// use unipile_core::client::retry::RetryPolicy;
/// let client = Client::builder(transport, "my-api-key")
///     .retry_policy(RetryPolicy::default().with_max_attempts(5))
///     .build();
/// # let _ = client; }
/// ```
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    transport: Arc<dyn Transport>,
    api_key: ApiKey,
    retry: RetryPolicy,
    sleeper: Option<Arc<dyn Sleeper>>,
    jitter: Option<Arc<dyn Jitter>>,
    clock: Option<Arc<dyn Clock>>,
    spawner: Option<Arc<dyn Spawner>>,
}

impl ClientBuilder {
    /// The retry policy (default: [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// What waits between attempts: `unipile_http::TokioSleeper` under tokio (what
    /// `unipile_http::client_from_env` and `client_builder` set), your own
    /// [`Sleeper`] under another runtime, and in tests a
    /// [`RecordingSleeper`](crate::client::retry::RecordingSleeper), which never sleeps.
    ///
    /// Without one the client uses [`NoWait`]: the core starts no thread and has no
    /// timer of its own, so retries then follow at once, without the backoff or the
    /// server's `Retry-After`.
    pub fn sleeper(mut self, sleeper: impl Sleeper + 'static) -> Self {
        self.sleeper = Some(Arc::new(sleeper));
        self
    }

    /// Where backoff randomness comes from (default: a generator seeded per process).
    pub fn jitter(mut self, jitter: impl Jitter + 'static) -> Self {
        self.jitter = Some(Arc::new(jitter));
        self
    }

    /// Where the client reads the time, to resolve `Retry-After` dates (default:
    /// [`SystemClock`]; tests pin it with a
    /// [`FixedClock`](crate::client::retry::FixedClock)).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Where the item streams run the fetch of the page they read ahead (default: none):
    /// `unipile_http::TokioSpawner` under tokio (what `unipile_http::client` and
    /// `client_from_env` set). With one, the next page progresses while the caller awaits
    /// something else between two items; without one, whenever the stream is polled.
    pub fn spawner(mut self, spawner: impl Spawner + 'static) -> Self {
        self.spawner = Some(Arc::new(spawner));
        self
    }

    /// The client.
    pub fn build(self) -> Client {
        Client {
            inner: Arc::new(Inner {
                transport: self.transport,
                api_key: self.api_key,
                retry: self.retry,
                sleeper: self.sleeper.unwrap_or_else(|| Arc::new(NoWait)),
                jitter: self
                    .jitter
                    .unwrap_or_else(|| Arc::new(XorShiftJitter::from_entropy())),
                clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
                spawner: self.spawner,
            }),
        }
    }
}

impl Client {
    /// A client with the default retry policy.
    ///
    /// `transport` is any [`Transport`]: `unipile_http::HttpTransport` in production, the
    /// fake from `unipile-mock` in tests, or an `Arc<dyn Transport>`.
    pub fn new(transport: impl Into<SharedTransport>, api_key: impl Into<ApiKey>) -> Client {
        Client::builder(transport, api_key).build()
    }

    /// A builder, to set the retry policy, the sleeper or the jitter.
    pub fn builder(
        transport: impl Into<SharedTransport>,
        api_key: impl Into<ApiKey>,
    ) -> ClientBuilder {
        ClientBuilder {
            transport: transport.into().0,
            api_key: api_key.into(),
            retry: RetryPolicy::default(),
            sleeper: None,
            jitter: None,
            clock: None,
            spawner: None,
        }
    }

    /// The transport this client sends through.
    pub fn transport(&self) -> &Arc<dyn Transport> {
        &self.inner.transport
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Where page fetches run, when set ([`ClientBuilder::spawner`]).
    pub(crate) fn spawner(&self) -> Option<&Arc<dyn Spawner>> {
        self.inner.spawner.as_ref()
    }

    /// Messages: send, get, list and stream, forward, download attachments.
    pub fn messages(&self) -> Messages<'_> {
        Messages::new(self)
    }

    /// Chats: start (1:1, group, InMail), get, list, history, mark read, attendees.
    pub fn chats(&self) -> Chats<'_> {
        Chats::new(self)
    }

    /// Chat attendees of every account.
    pub fn attendees(&self) -> Attendees<'_> {
        Attendees::new(self)
    }

    /// Users: profile lookup, and turning what a person types into an id to send to.
    pub fn users(&self) -> Users<'_> {
        Users::new(self)
    }

    /// Connected accounts.
    pub fn accounts(&self) -> Accounts<'_> {
        Accounts::new(self)
    }

    /// Webhooks: create, list, delete.
    pub fn webhooks(&self) -> Webhooks<'_> {
        Webhooks::new(self)
    }

    /// Sends any request and reads its response: validation, retries, error mapping and
    /// decoding included. The resource methods are built on this.
    pub async fn call<R>(&self, request: &R) -> Result<R::Response, Error>
    where
        R: ApiRequest + ?Sized,
    {
        self.fetch(request.to_http()?).await
    }

    /// Sends `http` (authenticated, retried) and reads a success body as `T`; a body that
    /// does not fit names the request it answered.
    pub(super) async fn fetch<T: FromResponse>(&self, http: HttpRequest) -> Result<T, Error> {
        self.answer(http, T::IS_JSON).await?.read()
    }

    /// Sends `http` (authenticated, retried) and keeps the success body, to be read later
    /// with [`Answer::read`]; `json` is `false` for a raw download.
    pub(super) async fn answer(&self, mut http: HttpRequest, json: bool) -> Result<Answer, Error> {
        if !json {
            // A raw download (a file), not a JSON document.
            http.headers
                .insert("accept", HeaderValue::new(DOWNLOAD_ACCEPT));
        }
        let summary = HttpRequest::new(http.method, http.route, String::new());
        let (response, attempts) = self.send_counted(http).await?;
        Ok(Answer {
            response,
            summary,
            attempts,
        })
    }

    /// Walks every page of a list, yielding the items one by one, the next page fetched
    /// while the caller consumes one ([`ItemStream::read_ahead`]). Memory holds two pages.
    pub fn stream<L>(&self, request: L) -> ItemStream<L::Item>
    where
        L: ListRequest + Send + Sync + 'static,
        L::Item: DeserializeOwned + Send + 'static,
    {
        ItemStream::new(self.pages(request))
    }

    /// Walks every page of a list, yielding whole pages.
    pub fn pages<L>(&self, request: L) -> PageStream<L::Item>
    where
        L: ListRequest + Send + Sync + 'static,
        L::Item: DeserializeOwned + Send + 'static,
    {
        PageStream::new(self.clone(), request)
    }

    /// A call of any `method` and `path` (relative to `/api/v1`, ids already
    /// percent-encoded), through the same authentication, retries (by method) and error
    /// mapping as every typed call, answered as JSON: for what the SDK does not model
    /// yet. See [`RawCall`].
    pub fn raw(&self, method: Method, path: impl Into<String>) -> RawCall<'_> {
        RawCall::new(self, method, path.into())
    }

    /// Sends a raw request with authentication and retries; a non-2xx status is an
    /// [`Error`]. For calls the typed API does not cover yet. The request goes as given:
    /// one started with [`Endpoint::http_request`](crate::request::Endpoint::http_request)
    /// already asks for JSON (`accept: application/json`).
    pub async fn send(&self, request: HttpRequest) -> Result<HttpResponse, Error> {
        self.send_counted(request)
            .await
            .map(|(response, _)| response)
    }

    /// Sends `request` (authenticated, retried) and streams the response body: for
    /// downloads, whose memory stays bounded by one chunk whatever the file's size.
    ///
    /// The request asks for any content type (`accept: */*`). It is retried by the
    /// [`RetryPolicy`] until the head of a success response and the body's first chunk
    /// have arrived, never after: the [`Download`] then yields the rest, and a failure
    /// past that point is the stream's error. An error status is read (its first
    /// 64 KiB) and mapped to an [`Error`] as for any call.
    ///
    /// # Errors
    /// As for [`Client::send`].
    pub async fn download(&self, mut request: HttpRequest) -> Result<Download, Error> {
        request
            .headers
            .insert("accept", HeaderValue::new(DOWNLOAD_ACCEPT));
        let transport = Arc::clone(&self.inner.transport);
        let summary = HttpRequest::new(request.method, request.route, String::new());
        let ((headers, first, body), attempts) = self
            .retrying(request, move |request| {
                let transport = Arc::clone(&transport);
                async move {
                    let response = transport.send_streaming(request).await?;
                    if !response.is_success() {
                        let response = response.into_response_at_most(ERROR_BODY_LIMIT).await?;
                        return Ok(Reply::Failure(response));
                    }
                    let mut body = response.body;
                    // A failure before the first byte is still the attempt's: retried.
                    let first = body.next_chunk().await.transpose()?;
                    Ok(Reply::Success(
                        response.status,
                        (response.headers, first, body),
                    ))
                }
            })
            .await?;
        Ok(Download::new(&summary, attempts, &headers, first, body))
    }

    async fn send_counted(&self, request: HttpRequest) -> Result<(HttpResponse, u32), Error> {
        let transport = Arc::clone(&self.inner.transport);
        self.retrying(request, move |request| {
            let transport = Arc::clone(&transport);
            async move {
                let response = transport.send(request).await?;
                Ok(if response.is_success() {
                    Reply::Success(response.status, response)
                } else {
                    Reply::Failure(response)
                })
            }
        })
        .await
    }

    /// The one retry loop: authenticates `request`, makes attempts with `attempt` and
    /// asks the [`RetryPolicy`] after each; maps the last failure to an [`Error`].
    async fn retrying<T, F, Fut>(
        &self,
        mut request: HttpRequest,
        mut attempt: F,
    ) -> Result<(T, u32), Error>
    where
        F: FnMut(HttpRequest) -> Fut,
        Fut: Future<Output = Result<Reply<T>, TransportError>>,
    {
        request.headers.insert(
            API_KEY_HEADER,
            HeaderValue::sensitive(self.inner.api_key.expose()),
        );
        let mut state = RetryState::new(request.method);
        loop {
            let result = attempt(request.clone()).await;
            let now = self.inner.clock.now();
            let outcome = match &result {
                Ok(Reply::Success(status, _)) => Outcome::status(*status),
                Ok(Reply::Failure(response)) => Outcome::from_response(response, now),
                Err(error) => Outcome::Transport(error.kind()),
            };
            let decision = state.decide(&self.inner.retry, &outcome, self.inner.jitter.sample());
            match decision {
                Decision::Retry(wait) => self.inner.sleeper.sleep(wait).await,
                Decision::Stop(_) => {
                    let attempts = state.attempts();
                    return match result {
                        Ok(Reply::Success(_, value)) => Ok((value, attempts)),
                        Ok(Reply::Failure(response)) => {
                            Err(Error::from_response(&response, now)
                                .with_request(&request, attempts))
                        }
                        Err(error) => Err(Error::from(error).with_request(&request, attempts)),
                    };
                }
            }
        }
    }
}

/// What one attempt gave, once a response head came back.
enum Reply<T> {
    /// A 2xx status, and what the attempt made of the response.
    Success(u16, T),
    /// Any other status, with the (start of the) body.
    Failure(HttpResponse),
}

/// What a download asks for: any content type (a file, not a JSON document).
const DOWNLOAD_ACCEPT: &str = "*/*";

/// How much of an error body a download reads: an API error is a few hundred bytes;
/// more is a proxy's page, whose start is enough to say what it is.
const ERROR_BODY_LIMIT: usize = 64 << 10;

/// Anything a [`Client`] can be built on: a transport by value, an `Arc` of one, or an
/// `Arc<dyn Transport>`.
#[derive(Clone, Debug)]
pub struct SharedTransport(pub Arc<dyn Transport>);

impl<T: Transport + 'static> From<T> for SharedTransport {
    fn from(transport: T) -> Self {
        SharedTransport(Arc::new(transport))
    }
}

/// A success response not read yet: what [`Client::fetch`] decodes, split so that the
/// body can be looked at (a page's cursor) before it is decoded.
pub(super) struct Answer {
    response: HttpResponse,
    /// The request's method and route, for an error to name.
    summary: HttpRequest,
    attempts: u32,
}

impl Answer {
    /// The body as received.
    pub(super) fn body(&self) -> &[u8] {
        &self.response.body
    }

    /// Reads the body as `T`; a body that does not fit names the request it answered.
    pub(super) fn read<T: FromResponse>(self) -> Result<T, Error> {
        let status = self.response.status;
        T::from_response(self.response)
            .map_err(|e| Error::decode(status, e).with_request(&self.summary, self.attempts))
    }
}
