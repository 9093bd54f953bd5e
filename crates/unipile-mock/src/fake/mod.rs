//! [`FakeUnipile`]: the shared state, the request pipeline (record, fault, auth, handle,
//! webhooks) and the in-process [`Transport`].

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use unipile_core::client::API_KEY_HEADER;
use unipile_core::transport::{
    HttpRequest, HttpResponse, Method, Transport, TransportError, TransportErrorKind,
};

use crate::api_error::ApiFailure;
use crate::delivery::{
    self, DeliveryChaos, DeliveryFate, DeliveryOutcome, DeliveryPlan, WebhookDelivery,
    WebhookReceiver,
};
use crate::fault::{Fault, FaultKind, FaultScript};
use crate::list::ListQuirk;
use crate::route::{NoRoute, Route};
use crate::state::State;

mod inspect;
mod seeding;

/// The API key a fake accepts unless another is set.
pub const DEFAULT_API_KEY: &str = "unipile-mock-api-key";

/// A stateful fake of the Unipile v1 messaging API.
///
/// Cheap to clone: every clone shares the same state. It answers [`HttpRequest`]s as the
/// real API does (accounts, chats, attendees, messages, attachments, webhooks), in process
/// as a [`Transport`], or over HTTP with [`serve`](crate::serve).
///
/// ```
/// use unipile_core::transport::{HeaderValue, HttpRequest, Method, Transport};
/// use unipile_mock::FakeUnipile;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let fake = FakeUnipile::builder().seed(7).demo_data().build();
/// let mut request = HttpRequest::new(Method::Get, "/accounts", "/accounts");
/// request.headers.insert("X-API-KEY", HeaderValue::sensitive(fake.api_key()));
/// let response = fake.send(request).await.expect("answered");
/// assert_eq!(response.status, 200);
/// assert_eq!(fake.request_count(Method::Get, "/accounts"), 1);
/// # });
/// ```
#[derive(Clone)]
pub struct FakeUnipile {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) state: RwLock<State>,
    api_key: String,
    faults: Mutex<FaultScript>,
    requests: Mutex<Vec<RecordedRequest>>,
    subscribers: Mutex<Vec<tokio::sync::mpsc::UnboundedSender<WebhookDelivery>>>,
    deliveries: Mutex<Vec<(WebhookDelivery, Option<DeliveryOutcome>)>>,
    delivery_plan: Mutex<DeliveryPlan>,
}

/// A request the fake received, with the route template it matched.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The route template it matched (`"/chats/{chat_id}/messages"`), if any.
    pub route: Option<&'static str>,
    /// The request as received (over HTTP: rebuilt from the wire, path relative to
    /// `/api/v1`). Its `X-API-KEY` is redacted from `Debug`.
    pub request: HttpRequest,
}

/// What the pipeline decided to do with a request.
#[derive(Debug)]
pub(crate) enum Answer {
    Response(HttpResponse),
    Timeout { hold: Duration },
    Drop,
    Connect,
    Truncated(HttpResponse),
}

/// Builds a [`FakeUnipile`]: API key, seed, and data to start with.
#[derive(Clone, Debug)]
#[must_use]
pub struct FakeUnipileBuilder {
    api_key: String,
    seed: u64,
    demo: bool,
}

impl FakeUnipileBuilder {
    /// The API key the fake accepts in `X-API-KEY` (default [`DEFAULT_API_KEY`]).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = key.into();
        self
    }

    /// The seed of every generated id, name and history (default 0). The same seed gives
    /// the same data.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Starts with the demo data: one account of each messaging provider, 1:1 and group
    /// chats with their attendees, and a history of realistic messages in each (see
    /// [`FakeUnipile::add_demo_data`]).
    pub fn demo_data(mut self) -> Self {
        self.demo = true;
        self
    }

    /// Builds the fake, with the demo data if [`demo_data`](Self::demo_data) was called.
    pub fn build(self) -> FakeUnipile {
        let fake = FakeUnipile {
            inner: Arc::new(Inner {
                state: RwLock::new(State::new(self.seed)),
                api_key: self.api_key,
                faults: Mutex::new(FaultScript::default()),
                requests: Mutex::new(Vec::new()),
                subscribers: Mutex::new(Vec::new()),
                deliveries: Mutex::new(Vec::new()),
                delivery_plan: Mutex::new(DeliveryPlan::default()),
            }),
        };
        if self.demo {
            fake.add_demo_data();
        }
        fake
    }
}

/// Locks a mutex, ignoring poisoning: the fake's state stays usable after a panicking test.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl FakeUnipile {
    /// Starts building a fake: the default API key, seed 0, no data until asked.
    pub fn builder() -> FakeUnipileBuilder {
        FakeUnipileBuilder {
            api_key: DEFAULT_API_KEY.to_owned(),
            seed: 0,
            demo: false,
        }
    }

    /// An empty fake with the default API key.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// The demo fake the `unipile-mock` binary serves: seed 42 and the demo data.
    pub fn demo() -> Self {
        Self::builder().seed(42).demo_data().build()
    }

    /// The API key the fake accepts.
    pub fn api_key(&self) -> &str {
        &self.inner.api_key
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, State> {
        self.inner.state.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.inner.state.write().unwrap_or_else(|e| e.into_inner())
    }

    // ----- faults -----

    /// Scripts a fault (see [`Fault`]). Faults catch requests in the order injected.
    pub fn inject(&self, fault: Fault) {
        lock(&self.inner.faults).push(fault);
    }

    /// Removes every scripted fault not yet used up.
    pub fn clear_faults(&self) {
        lock(&self.inner.faults).clear();
    }

    /// The scripted faults not yet used up, in order.
    pub fn pending_faults(&self) -> Vec<Fault> {
        lock(&self.inner.faults).pending()
    }

    // ----- requests -----

    /// Every request received, in order (faulted and refused ones included).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.inner.requests).clone()
    }

    /// How many requests of `method` on the route `template` were received, such as
    /// `request_count(Method::Post, "/chats/{chat_id}/messages")`.
    pub fn request_count(&self, method: Method, template: &str) -> usize {
        lock(&self.inner.requests)
            .iter()
            .filter(|r| r.request.method == method && r.route == Some(template))
            .count()
    }

    /// How many requests were received in all.
    pub fn total_requests(&self) -> usize {
        lock(&self.inner.requests).len()
    }

    /// Forgets the received requests.
    pub fn clear_requests(&self) {
        lock(&self.inner.requests).clear();
    }

    // ----- webhooks -----

    /// Receives every webhook delivery from now on, in process: one per registered
    /// webhook whose source, accounts and events match a new message.
    pub fn subscribe_webhooks(&self) -> WebhookReceiver {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        lock(&self.inner.subscribers).push(tx);
        WebhookReceiver { rx }
    }

    /// Every webhook delivery made so far, with the outcome of its HTTP POST (`None` while
    /// it is under way).
    pub fn webhook_deliveries(&self) -> Vec<(WebhookDelivery, Option<DeliveryOutcome>)> {
        lock(&self.inner.deliveries).clone()
    }

    /// Scripts the fates of the next webhook deliveries, in order (see [`DeliveryFate`]):
    /// `[Twice, Dropped]` doubles the next one and never sends the one after.
    pub fn script_webhook_fates(&self, fates: impl IntoIterator<Item = DeliveryFate>) {
        lock(&self.inner.delivery_plan).script(fates);
    }

    /// Seeded-random fates for every delivery no scripted fate covers (`None`: each is
    /// delivered once, in order).
    pub fn set_webhook_chaos(&self, chaos: Option<DeliveryChaos>) {
        lock(&self.inner.delivery_plan).set_chaos(chaos);
    }

    /// Sends the deliveries held back by [`DeliveryFate::Late`] now.
    pub fn release_late_webhooks(&self) {
        let late = lock(&self.inner.delivery_plan).release_late();
        self.dispatch(late);
    }

    /// Decides each delivery's fate, then hands those to send to subscribers and POSTs
    /// them to loopback URLs.
    pub(crate) fn deliver(&self, deliveries: Vec<WebhookDelivery>) {
        for delivery in deliveries {
            let (now, dropped) = lock(&self.inner.delivery_plan).route(delivery);
            if let Some(dropped) = dropped {
                lock(&self.inner.deliveries).push((dropped, Some(DeliveryOutcome::Dropped)));
            }
            self.dispatch(now);
        }
    }

    fn dispatch(&self, deliveries: Vec<WebhookDelivery>) {
        for delivery in deliveries {
            lock(&self.inner.subscribers).retain(|tx| tx.send(delivery.clone()).is_ok());
            let index = {
                let mut all = lock(&self.inner.deliveries);
                all.push((delivery.clone(), None));
                all.len() - 1
            };
            let outcome_slot = Arc::downgrade(&self.inner);
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => {
                    runtime.spawn(async move {
                        let outcome = delivery::post(&delivery).await;
                        if let Some(inner) = outcome_slot.upgrade() {
                            lock(&inner.deliveries)[index].1 = Some(outcome);
                        }
                    });
                }
                Err(_) => {
                    lock(&self.inner.deliveries)[index].1 = Some(DeliveryOutcome::Failed(
                        "no tokio runtime to POST from".to_owned(),
                    ));
                }
            }
        }
    }

    // ----- the pipeline -----

    fn record(&self, route: Option<&'static str>, request: &HttpRequest) {
        lock(&self.inner.requests).push(RecordedRequest {
            route,
            request: request.clone(),
        });
    }

    fn check_key(&self, request: &HttpRequest) -> Result<(), ApiFailure> {
        match request.headers.get(API_KEY_HEADER) {
            None => Err(ApiFailure::missing_credentials()),
            Some(key) if key == self.inner.api_key => Ok(()),
            Some(_) => Err(ApiFailure::invalid_credentials()),
        }
    }

    /// Records the request, applies any scripted fault, checks the key and answers.
    /// `malformed` says the body could not be decoded off the wire.
    pub(crate) async fn exchange(&self, request: HttpRequest, malformed: Option<String>) -> Answer {
        let route = Route::parse(request.method, &request.path);
        let template = route.as_ref().ok().map(Route::template);
        self.record(template, &request);
        let fault = lock(&self.inner.faults).take(request.method, template);
        if let Some(quirk) = fault.as_ref().and_then(|f| f.kind.list_quirk()) {
            return Answer::Response(
                self.answer(route, &request, malformed, Some(quirk))
                    .unwrap_or_else(ApiFailure::into_response),
            );
        }
        if let Some(fault) = &fault {
            if !fault.delay.is_zero() {
                tokio::time::sleep(fault.delay).await;
            }
            let handles_first = fault.after_handling
                || matches!(fault.kind, FaultKind::Slow | FaultKind::TruncatedBody);
            if !handles_first {
                return fault_answer(fault, None);
            }
        }
        let response = match self.answer(route, &request, malformed, None) {
            Ok(response) => response,
            Err(failure) => failure.into_response(),
        };
        match fault {
            Some(fault) => fault_answer(&fault, Some(response)),
            None => Answer::Response(response),
        }
    }

    fn answer(
        &self,
        route: Result<Route, NoRoute>,
        request: &HttpRequest,
        malformed: Option<String>,
        quirk: Option<ListQuirk>,
    ) -> Result<HttpResponse, ApiFailure> {
        self.check_key(request)?;
        let route = route.map_err(|no| match no {
            NoRoute::NotFound => ApiFailure::no_route(request.method.as_str(), &request.path),
            NoRoute::MethodNotAllowed => {
                ApiFailure::method_not_allowed(request.method.as_str(), &request.path)
            }
        })?;
        if let Some(reason) = malformed {
            return Err(ApiFailure::malformed(reason));
        }
        crate::handlers::refuse_if_disconnected(&self.read(), &route, request)?;
        if request.method.is_read() {
            crate::handlers::read(&self.read(), &route, request, quirk)
        } else {
            let (response, deliveries) = {
                let mut state = self.write();
                crate::handlers::write(&mut state, &route, request)?
            };
            self.deliver(deliveries);
            Ok(response)
        }
    }
}

fn fault_answer(fault: &Fault, handled: Option<HttpResponse>) -> Answer {
    match &fault.kind {
        FaultKind::Status {
            status,
            retry_after,
        } => {
            let mut response = ApiFailure::for_status(*status).into_response();
            if let Some(value) = retry_after {
                response = response.with_header("retry-after", value.clone());
            }
            Answer::Response(response)
        }
        FaultKind::Timeout => Answer::Timeout { hold: fault.hold },
        FaultKind::Drop => Answer::Drop,
        FaultKind::Connect => Answer::Connect,
        FaultKind::TruncatedBody => {
            Answer::Truncated(handled.unwrap_or_else(|| HttpResponse::new(200, "{}")))
        }
        FaultKind::Slow
        | FaultKind::EmptyPage
        | FaultKind::RepeatCursor
        | FaultKind::RepeatItems(_) => {
            Answer::Response(handled.unwrap_or_else(|| HttpResponse::new(200, "{}")))
        }
    }
}

impl Default for FakeUnipile {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for FakeUnipile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the API key.
        let state = self.read();
        f.debug_struct("FakeUnipile")
            .field("accounts", &state.account_count())
            .field("chats", &state.chat_count())
            .field("messages", &state.message_count())
            .field("requests", &lock(&self.inner.requests).len())
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl Transport for FakeUnipile {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        match self.exchange(request, None).await {
            Answer::Response(response) => Ok(response),
            Answer::Timeout { .. } => Err(TransportError::new(
                TransportErrorKind::Timeout,
                "no response in time (fault injected by the fake)",
            )),
            Answer::Drop => Err(TransportError::new(
                TransportErrorKind::Io,
                "connection closed before a response (fault injected by the fake)",
            )),
            Answer::Connect => Err(TransportError::new(
                TransportErrorKind::Connect,
                "connection refused (fault injected by the fake)",
            )),
            Answer::Truncated(_) => Err(TransportError::new(
                TransportErrorKind::Io,
                "response body shorter than its Content-Length (fault injected by the fake)",
            )),
        }
    }
}
