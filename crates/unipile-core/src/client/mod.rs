//! The [`Client`]: typed calls for every resource, over any [`Transport`].
//!
//! The client authenticates each request (`X-API-KEY`, sent as a sensitive header),
//! retries it by the [`RetryPolicy`] (reads on 429/502/503/504, timeouts and connection
//! failures; sends only when nothing reached the server or on 429), maps error statuses
//! to [`Error`], and decodes success bodies straight from bytes into the typed model.
//! List calls come as one page at a time or as a [`ItemStream`] that walks every page,
//! holding one page in memory.
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
use crate::transport::{HeaderValue, HttpRequest, HttpResponse, Transport};
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;

mod api_key;
pub mod paginator;
mod resources;
pub mod retry;
pub mod send_resolution;
mod stream;

pub use api_key::ApiKey;
pub use resources::{Accounts, Attendees, Chats, Messages, Webhooks};
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
        let summary = HttpRequest::new(http.method, http.route, String::new());
        let (response, attempts) = self.send_counted(http).await?;
        let status = response.status;
        T::from_response(response)
            .map_err(|e| Error::decode(status, e).with_request(&summary, attempts))
    }

    /// Walks every page of a list, yielding the items one by one. Memory holds one page.
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

    /// Sends a raw request with authentication and retries; a non-2xx status is an
    /// [`Error`]. For calls the typed API does not cover yet. The request goes as given:
    /// one started with [`Endpoint::http_request`](crate::request::Endpoint::http_request)
    /// already asks for JSON (`accept: application/json`).
    pub async fn send(&self, request: HttpRequest) -> Result<HttpResponse, Error> {
        self.send_counted(request)
            .await
            .map(|(response, _)| response)
    }

    async fn send_counted(&self, mut request: HttpRequest) -> Result<(HttpResponse, u32), Error> {
        request.headers.insert(
            API_KEY_HEADER,
            HeaderValue::sensitive(self.inner.api_key.expose()),
        );
        let mut state = RetryState::new(request.method);
        loop {
            let result = self.inner.transport.send(request.clone()).await;
            let now = self.inner.clock.now();
            let outcome = Outcome::from_result(&result, now);
            let decision = state.decide(&self.inner.retry, &outcome, self.inner.jitter.sample());
            match decision {
                Decision::Retry(wait) => self.inner.sleeper.sleep(wait).await,
                Decision::Stop(_) => {
                    let attempts = state.attempts();
                    return match result {
                        Ok(response) if response.is_success() => Ok((response, attempts)),
                        Ok(response) => {
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

/// Anything a [`Client`] can be built on: a transport by value, an `Arc` of one, or an
/// `Arc<dyn Transport>`.
#[derive(Clone, Debug)]
pub struct SharedTransport(pub Arc<dyn Transport>);

impl<T: Transport + 'static> From<T> for SharedTransport {
    fn from(transport: T) -> Self {
        SharedTransport(Arc::new(transport))
    }
}
