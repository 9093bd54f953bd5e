//! A load balancer in front of several webhook listeners, as a deployment would have:
//! each call goes to the next listener in turn over HTTP; a listener that cannot be
//! reached (it was shut down) is skipped and the call is retried on the next one.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use unipile_sync::intake::{CallHead, Reply, WebhookHandler};

/// Round-robin over the listeners' addresses, with failover.
pub struct Balancer {
    backends: Vec<SocketAddr>,
    next: AtomicUsize,
    /// Calls that a listener could not take and another one took instead.
    pub redelivered: Arc<AtomicUsize>,
}

impl Balancer {
    pub fn new(backends: Vec<SocketAddr>) -> Self {
        Self {
            backends,
            next: AtomicUsize::new(0),
            redelivered: Arc::default(),
        }
    }
}

#[async_trait]
impl WebhookHandler for Balancer {
    fn admit(&self, _head: &CallHead<'_>) -> Result<(), Reply> {
        Ok(())
    }

    async fn handle(&self, head: &CallHead<'_>, body: &[u8]) -> Reply {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for k in 0..self.backends.len() {
            let addr = self.backends[(start + k) % self.backends.len()];
            if let Ok(status) = forward(addr, head, body).await {
                if k > 0 {
                    self.redelivered.fetch_add(1, Ordering::Relaxed);
                }
                return Reply::new(status, "forwarded");
            }
        }
        Reply::new(502, "no listener answered")
    }
}

/// POSTs the call to one listener (HTTP/1.1, one request per connection); its status.
async fn forward(addr: SocketAddr, head: &CallHead<'_>, body: &[u8]) -> std::io::Result<u16> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let mut request = format!(
        "POST /unipile HTTP/1.1\r\nhost: {addr}\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    )
    .into_bytes();
    for (name, value) in head.headers() {
        if !matches!(
            name,
            "host" | "content-length" | "connection" | "transfer-encoding"
        ) {
            request.extend_from_slice(name.as_bytes());
            request.extend_from_slice(b": ");
            request.extend_from_slice(value);
            request.extend_from_slice(b"\r\n");
        }
    }
    request.extend_from_slice(b"\r\n");
    request.extend_from_slice(body);
    stream.write_all(&request).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let status = String::from_utf8_lossy(&response)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok());
    status.ok_or_else(|| std::io::Error::other("no HTTP status in the answer"))
}
