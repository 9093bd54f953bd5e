//! The HTTP listener (hyper, HTTP/1.1) that serves a [`WebhookHandler`] such as
//! [`WebhookIntake`](super::WebhookIntake).
//!
//! Each call is answered by the handler, except: 405 for a method other than POST, 401
//! (or whatever [`WebhookHandler::admit`] says) before the body is read, 413 for a body
//! over the size limit, 400 for a body that cannot be read. The listener keeps nothing
//! between calls: several listeners may share one handler's database.

use async_trait::async_trait;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::borrow::Cow;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

/// The default body size limit; Unipile's webhook payloads are a few kilobytes.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

/// How long the listener waits after a failed accept (out of file descriptors, say).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// The answer to a call: a status and a short text.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The body, one short line.
    pub text: Cow<'static, str>,
}

impl Reply {
    /// A reply.
    pub fn new(status: u16, text: impl Into<Cow<'static, str>>) -> Self {
        Self {
            status,
            text: text.into(),
        }
    }
}

/// The head of a call: where it came from and its headers.
#[derive(Debug)]
pub struct CallHead<'a> {
    peer: SocketAddr,
    headers: &'a hyper::HeaderMap,
}

impl CallHead<'_> {
    /// The caller's address.
    pub fn peer(&self) -> SocketAddr {
        self.peer
    }

    /// The headers, as `(name, value)` pairs.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes()))
    }
}

/// What answers the calls a [`Listener`] receives.
#[async_trait]
pub trait WebhookHandler: Send + Sync + 'static {
    /// Checks a call's head before its body is read: `Err` answers it at once (a
    /// missing or wrong secret).
    fn admit(&self, head: &CallHead<'_>) -> Result<(), Reply>;

    /// Handles an admitted call and its body.
    async fn handle(&self, head: &CallHead<'_>, body: &[u8]) -> Reply;
}

/// How a [`Listener`] serves.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ListenerSettings {
    /// The largest body read; a larger one is answered 413.
    pub max_body_bytes: usize,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// How long a client may take to send a request's head.
    pub header_read_timeout: Duration,
    /// How long [`ListenerHandle::shutdown`] waits for calls in progress.
    pub shutdown_grace: Duration,
}

impl Default for ListenerSettings {
    fn default() -> Self {
        Self {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_connections: 128,
            header_read_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// The HTTP listener of webhook calls.
#[derive(Debug)]
pub struct Listener;

impl Listener {
    /// Binds `addr` (use `127.0.0.1` unless a proxy on another host forwards to it; port
    /// 0 picks a free one) and starts serving `handler` with the default settings.
    pub async fn bind<H: WebhookHandler>(
        addr: SocketAddr,
        handler: Arc<H>,
    ) -> std::io::Result<ListenerHandle> {
        Self::bind_with(addr, handler, ListenerSettings::default()).await
    }

    /// [`bind`](Listener::bind) with settings of its own.
    pub async fn bind_with<H: WebhookHandler>(
        addr: SocketAddr,
        handler: Arc<H>,
        settings: ListenerSettings,
    ) -> std::io::Result<ListenerHandle> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let slots = Arc::new(Semaphore::new(settings.max_connections.max(1)));
        let server = Server {
            handler,
            settings: Arc::new(settings),
            slots,
        };
        let task = tokio::spawn(server.accept_loop(listener, stopped));
        Ok(ListenerHandle {
            addr,
            stop,
            task: Some(task),
        })
    }
}

/// A running listener. Dropping it stops accepting at once; [`shutdown`](Self::shutdown)
/// also lets the calls in progress finish.
#[derive(Debug)]
pub struct ListenerHandle {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl ListenerHandle {
    /// The address it listens on (with the port picked when 0 was asked).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, asks open connections to close after their current call, and
    /// waits for the calls in progress (up to the settings' grace period).
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for ListenerHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            // Connections still open finish their current call and close.
            task.abort();
        }
    }
}

struct Server<H> {
    handler: Arc<H>,
    settings: Arc<ListenerSettings>,
    slots: Arc<Semaphore>,
}

impl<H: WebhookHandler> Server<H> {
    async fn accept_loop(self, listener: TcpListener, mut stopped: watch::Receiver<bool>) {
        loop {
            let permit = tokio::select! {
                permit = Arc::clone(&self.slots).acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_) => return,
                },
                _ = until_stopped(&mut stopped) => break,
            };
            let accepted = tokio::select! {
                accepted = listener.accept() => accepted,
                _ = until_stopped(&mut stopped) => break,
            };
            let (stream, peer) = match accepted {
                Ok(accepted) => accepted,
                Err(_) => {
                    // Out of file descriptors, say: back off instead of spinning.
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            };
            let handler = Arc::clone(&self.handler);
            let settings = Arc::clone(&self.settings);
            let mut stopped = stopped.clone();
            tokio::spawn(async move {
                let limit = settings.max_body_bytes;
                let service =
                    service_fn(move |request| answer(request, peer, Arc::clone(&handler), limit));
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(settings.header_read_timeout)
                    .serve_connection(TokioIo::new(stream), service);
                let mut connection = std::pin::pin!(connection);
                tokio::select! {
                    _ = connection.as_mut() => {}
                    _ = until_stopped(&mut stopped) => {
                        connection.as_mut().graceful_shutdown();
                        let _ = connection.await;
                    }
                }
                drop(permit);
            });
        }
        drop(listener);
        // Every slot back means every connection closed.
        let all = u32::try_from(self.settings.max_connections.max(1)).unwrap_or(u32::MAX);
        let _ =
            tokio::time::timeout(self.settings.shutdown_grace, self.slots.acquire_many(all)).await;
    }
}

/// Returns once the listener is asked to stop (or its handle is gone).
async fn until_stopped(stopped: &mut watch::Receiver<bool>) {
    let _ = stopped.wait_for(|stop| *stop).await;
}

async fn answer<H: WebhookHandler>(
    request: Request<Incoming>,
    peer: SocketAddr,
    handler: Arc<H>,
    max_body_bytes: usize,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if request.method() != Method::POST {
        let mut response = respond(&Reply::new(405, "POST only\n"));
        response.headers_mut().insert(
            hyper::header::ALLOW,
            hyper::header::HeaderValue::from_static("POST"),
        );
        return Ok(response);
    }
    let (parts, body) = request.into_parts();
    let head = CallHead {
        peer,
        headers: &parts.headers,
    };
    if let Err(refused) = handler.admit(&head) {
        return Ok(respond(&refused));
    }
    let body = match Limited::new(body, max_body_bytes).collect().await {
        Ok(body) => body.to_bytes(),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            let text = format!("body over {max_body_bytes} bytes\n");
            return Ok(respond(&Reply::new(413, text)));
        }
        Err(_) => return Ok(respond(&Reply::new(400, "unreadable body\n"))),
    };
    Ok(respond(&handler.handle(&head, &body).await))
}

fn respond(reply: &Reply) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(reply.text.clone().into_owned())));
    *response.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
}
