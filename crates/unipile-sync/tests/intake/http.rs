//! A bare HTTP/1.1 client for loopback calls, one connection per call.

use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const SECRET: &str = "s3cr3t";

/// POSTs `body` with the secret header (unless `secret` is `None`); returns the status,
/// or `None` when the call got no answer.
pub async fn post(addr: SocketAddr, secret: Option<&str>, body: &[u8]) -> Option<u16> {
    let call = async {
        let mut stream = TcpStream::connect(addr).await.ok()?;
        let mut request = format!(
            "POST /unipile HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        if let Some(secret) = secret {
            request.push_str(&format!("Unipile-Auth: {secret}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).await.ok()?;
        stream.write_all(body).await.ok()?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.ok()?;
        let text = String::from_utf8_lossy(&response);
        text.split(' ').nth(1)?.parse().ok()
    };
    tokio::time::timeout(Duration::from_secs(30), call)
        .await
        .ok()
        .flatten()
}
