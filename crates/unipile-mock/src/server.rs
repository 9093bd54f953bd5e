//! The fake served over real HTTP/1.1 on a TCP socket, the API mounted under `/api/v1`.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited, combinators::BoxBody};
use hyper::body::{Body as HttpBody, Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use unipile_core::client::API_KEY_HEADER;
use unipile_core::transport::{Body, HeaderValue, HttpRequest, HttpResponse, Method, Multipart};

use crate::api_error::ApiFailure;
use crate::fake::{Answer, FakeUnipile};

/// Where the API is mounted on the server.
pub const API_PREFIX: &str = "/api/v1";

/// The largest request body the server reads (Unipile caps a file at 25 MiB).
const MAX_BODY: usize = 64 << 20;

/// A running server: its address, and how to stop it.
///
/// Dropping the handle stops the server too; [`ServerHandle::shutdown`] also waits until
/// every connection is closed.
#[derive(Debug)]
pub struct ServerHandle {
    addr: SocketAddr,
    base_url: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl ServerHandle {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API base URL, `http://{addr}/api/v1`: what a client takes as its base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Stops accepting, closes every open connection (held ones included) and waits.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Serves `fake` over HTTP/1.1 on `addr` (`"127.0.0.1:0"` picks a free port) until the
/// returned handle is shut down or dropped. The API is mounted under [`API_PREFIX`].
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let fake = unipile_mock::FakeUnipile::builder().api_key("secret").build();
/// let server = unipile_mock::serve(fake, "127.0.0.1:0").await.expect("bound");
/// assert!(server.base_url().starts_with("http://127.0.0.1:"));
/// assert!(server.base_url().ends_with("/api/v1"));
/// server.shutdown().await;
/// # });
/// ```
pub async fn serve(fake: FakeUnipile, addr: impl ToSocketAddrs) -> io::Result<ServerHandle> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (stop, mut stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let mut connections = JoinSet::new();
        loop {
            tokio::select! {
                _ = &mut stopped => break,
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else {
                        // Out of file descriptors, say: back off instead of spinning.
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        continue;
                    };
                    let _ = stream.set_nodelay(true);
                    let fake = fake.clone();
                    connections.spawn(serve_connection(fake, stream));
                }
                // Reap finished connections so the set stays small.
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
        connections.shutdown().await;
    });
    Ok(ServerHandle {
        addr,
        base_url: format!("http://{addr}{API_PREFIX}"),
        stop: Some(stop),
        task: Some(task),
    })
}

async fn serve_connection(fake: FakeUnipile, stream: tokio::net::TcpStream) {
    let service = service_fn(move |request| {
        let fake = fake.clone();
        async move { answer(fake, request).await }
    });
    // A service error closes the connection: that is how faults drop it.
    let _ = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

type ResponseBody = BoxBody<Bytes, io::Error>;

/// Why a connection was closed on purpose.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a fault")
    }
}

impl std::error::Error for Dropped {}

async fn answer(
    fake: FakeUnipile,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<ResponseBody>, Dropped> {
    let (request, malformed) = match read_request(request).await {
        Ok(parsed) => parsed,
        Err(response) => return Ok(to_hyper(response)),
    };
    match fake.exchange(request, malformed).await {
        Answer::Response(response) => Ok(to_hyper(response)),
        Answer::Timeout { hold } => {
            tokio::time::sleep(hold).await;
            Err(Dropped)
        }
        Answer::Drop | Answer::Connect => Err(Dropped),
        Answer::Truncated(response) => Ok(truncated(response)),
    }
}

/// Rebuilds the transport-neutral request from the wire. A body that cannot be decoded is
/// reported as `malformed`, so the fake still records the request and answers 400.
async fn read_request(
    request: hyper::Request<Incoming>,
) -> Result<(HttpRequest, Option<String>), HttpResponse> {
    let (parts, body) = request.into_parts();
    let method = match parts.method.as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PATCH" => Method::Patch,
        "PUT" => Method::Put,
        "DELETE" => Method::Delete,
        other => {
            return Err(ApiFailure::method_not_allowed(other, parts.uri.path()).into_response());
        }
    };
    let full_path = parts.uri.path();
    let Some(path) = full_path
        .strip_prefix(API_PREFIX)
        .filter(|p| p.is_empty() || p.starts_with('/'))
    else {
        return Err(ApiFailure::no_route(method.as_str(), full_path).into_response());
    };
    let path = if path.is_empty() { "/" } else { path };
    let route = crate::route::template_of(method, path).unwrap_or("");
    let mut request = HttpRequest::new(method, route, path);
    if let Some(query) = parts.uri.query() {
        request.query = parse_query(query);
    }
    let mut content_type = None;
    for (name, value) in &parts.headers {
        let Ok(value) = value.to_str() else { continue };
        if name == hyper::header::CONTENT_TYPE {
            content_type = Some(value.to_owned());
        }
        let value = if name.as_str().eq_ignore_ascii_case(API_KEY_HEADER) {
            HeaderValue::sensitive(value)
        } else {
            HeaderValue::new(value)
        };
        request.headers.append(name.as_str(), value);
    }
    let bytes = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return Err(ApiFailure::new(
                413,
                "errors/content_too_large",
                "Content too large",
                format!("The request body is over {MAX_BODY} bytes or was cut."),
            )
            .into_response());
        }
    };
    let mut malformed = None;
    request.body = if bytes.is_empty() {
        Body::Empty
    } else if let Some(ct) = content_type.as_deref().filter(|ct| {
        ct.trim_start()
            .to_ascii_lowercase()
            .starts_with("multipart/")
    }) {
        match Multipart::boundary_from_content_type(ct)
            .ok_or_else(|| "multipart body without a boundary".to_owned())
            .and_then(|b| Multipart::decode(&b, &bytes).map_err(|e| e.to_string()))
        {
            Ok(form) => Body::Multipart(form),
            Err(e) => {
                malformed = Some(e);
                Body::Empty
            }
        }
    } else {
        Body::Json(bytes)
    };
    Ok((request, malformed))
}

/// Splits and percent-decodes a query string (`+` is a space, as in HTML forms).
pub(crate) fn parse_query(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let spaced = s.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(pair), String::new()),
        })
        .collect()
}

fn response_builder(response: &HttpResponse) -> hyper::http::response::Builder {
    let mut builder = hyper::Response::builder().status(response.status);
    for (name, value) in response.headers.iter() {
        builder = builder.header(name, value.as_str());
    }
    builder
}

fn to_hyper(response: HttpResponse) -> hyper::Response<ResponseBody> {
    let body = Full::new(response.body.clone())
        .map_err(|never: Infallible| match never {})
        .boxed();
    response_builder(&response)
        .body(body)
        .unwrap_or_else(|_| internal_error())
}

fn internal_error() -> hyper::Response<ResponseBody> {
    let mut response = hyper::Response::new(
        Full::new(Bytes::from_static(b"{}"))
            .map_err(|never: Infallible| match never {})
            .boxed(),
    );
    *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
    response
}

/// The full headers and `Content-Length`, half the body, then a closed socket.
fn truncated(response: HttpResponse) -> hyper::Response<ResponseBody> {
    let full_len = response.body.len();
    let half = response.body.slice(..full_len / 2);
    let body = TruncatedBody {
        first: Some(half),
        pause: Box::pin(tokio::time::sleep(Duration::from_millis(20))),
    };
    response_builder(&response)
        .header(hyper::header::CONTENT_LENGTH, full_len.max(1))
        .body(BodyExt::boxed(body))
        .unwrap_or_else(|_| internal_error())
}

/// Yields its first chunk, lets the server flush it, then fails (which closes the socket).
struct TruncatedBody {
    first: Option<Bytes>,
    pause: Pin<Box<tokio::time::Sleep>>,
}

impl HttpBody for TruncatedBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        match self.pause.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(Some(Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "body truncated by a fault",
            )))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_are_decoded() {
        assert_eq!(
            parse_query("account_id=a%2Cb+c&cursor=x%3D%3D&flag"),
            vec![
                ("account_id".to_owned(), "a,b c".to_owned()),
                ("cursor".to_owned(), "x==".to_owned()),
                ("flag".to_owned(), String::new()),
            ]
        );
    }
}
