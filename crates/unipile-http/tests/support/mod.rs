//! A tiny HTTP/1.1 server on 127.0.0.1 for the transport's tests: it records every
//! request it receives and answers with a script of raw bytes, so tests can also produce
//! the broken answers (silence, a truncated body, a dropped connection) a real server
//! library would refuse to.

#![allow(dead_code)] // Each test file uses a different part.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::{JoinHandle, JoinSet};
use unipile_http::{HttpConfig, HttpTransport};

/// The longest any test waits for anything: a guard, never reached when all is well.
pub const GUARD: Duration = Duration::from_secs(20);

/// Runs `future` under the [`GUARD`], failing the test instead of hanging.
pub async fn guarded<F: Future>(future: F) -> F::Output {
    match tokio::time::timeout(GUARD, future).await {
        Ok(out) => out,
        Err(_) => panic!("the test did not finish within {GUARD:?}"),
    }
}

/// A request as the server read it off the wire.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// How many times header `name` was sent.
    pub fn count(&self, name: &str) -> usize {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .count()
    }
}

/// One step of the server's answer.
#[derive(Clone, Debug)]
pub enum Step {
    /// Write these bytes.
    Write(Vec<u8>),
    /// Keep the connection open without a word until the server is dropped.
    Hold,
}

/// A complete response with `Connection: close`, the given extra header lines and body.
pub fn response(status: &str, extra_headers: &[(&str, &str)], body: &[u8]) -> Vec<Step> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra_headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    vec![Step::Write(bytes)]
}

type Script = dyn Fn(&Recorded) -> Vec<Step> + Send + Sync;

/// The server. Dropping it stops it and every connection it holds.
pub struct TestServer {
    pub addr: SocketAddr,
    received: mpsc::UnboundedReceiver<Recorded>,
    task: JoinHandle<()>,
}

impl TestServer {
    /// Starts a server answering each request with `script(request)`; after the script
    /// the connection is closed.
    pub async fn start(script: impl Fn(&Recorded) -> Vec<Step> + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let (sender, received) = mpsc::unbounded_channel();
        let script: Arc<Script> = Arc::new(script);
        let task = tokio::spawn(async move {
            let mut connections = JoinSet::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                connections.spawn(serve(stream, Arc::clone(&script), sender.clone()));
            }
        });
        Self {
            addr,
            received,
            task,
        }
    }

    /// A server that answers every request with the same steps.
    pub async fn answering(steps: Vec<Step>) -> Self {
        Self::start(move |_| steps.clone()).await
    }

    /// The base URL to give the transport.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A transport for this server with test timeouts (5 s), overridable by `adjust`.
    pub fn transport_with(
        &self,
        adjust: impl FnOnce(unipile_http::HttpConfigBuilder) -> unipile_http::HttpConfigBuilder,
    ) -> HttpTransport {
        let builder = HttpConfig::builder(self.base_url())
            .connect_timeout(Duration::from_secs(5))
            .request_timeout(Duration::from_secs(5))
            .read_timeout(Duration::from_secs(5));
        HttpTransport::new(adjust(builder).build().expect("config")).expect("transport")
    }

    /// A transport for this server with test timeouts.
    pub fn transport(&self) -> HttpTransport {
        self.transport_with(|b| b)
    }

    /// The next request the server received.
    pub async fn next_request(&mut self) -> Recorded {
        guarded(self.received.recv())
            .await
            .expect("the server stopped before receiving a request")
    }

    /// Whether no (further) request has been received so far.
    pub fn received_nothing(&mut self) -> bool {
        self.received.try_recv().is_err()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut stream: TcpStream,
    script: Arc<Script>,
    sender: mpsc::UnboundedSender<Recorded>,
) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let steps = script(&request);
    let _ = sender.send(request);
    for step in steps {
        match step {
            Step::Write(bytes) => {
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
                let _ = stream.flush().await;
            }
            Step::Hold => std::future::pending::<()>().await,
        }
    }
    let _ = stream.shutdown().await;
}

/// Reads one request: the head up to the blank line, then `Content-Length` bytes.
async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = vec![0u8; 64 * 1024];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
