//! Webhook deliveries: what the fake sends to a registered webhook, in process (a channel
//! a test subscribes to) and over HTTP (a real `POST` to the webhook's `request_url`).

use std::net::IpAddr;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use tokio::sync::mpsc;
use unipile_core::WebhookId;

/// One webhook call the fake made (or tried to make): the webhook, the URL, the headers
/// configured on the webhook, and the JSON body.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebhookDelivery {
    /// The webhook that fired.
    pub webhook_id: WebhookId,
    /// The webhook's `request_url`.
    pub request_url: String,
    /// The event (`message_received`…).
    pub event: String,
    /// The headers configured on the webhook (`Unipile-Auth`…), sent with the body.
    pub headers: Vec<(String, String)>,
    /// The JSON payload, exactly as sent.
    pub body: Bytes,
}

impl WebhookDelivery {
    /// The value of the configured header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl std::fmt::Debug for WebhookDelivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Configured headers usually hold a shared secret: show their names only.
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("WebhookDelivery")
            .field("webhook_id", &self.webhook_id)
            .field("request_url", &self.request_url)
            .field("event", &self.event)
            .field("headers", &names)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// The deliveries of every webhook, as they happen: from
/// [`FakeUnipile::subscribe_webhooks`](crate::FakeUnipile::subscribe_webhooks).
#[derive(Debug)]
pub struct WebhookReceiver {
    pub(crate) rx: mpsc::UnboundedReceiver<WebhookDelivery>,
}

impl WebhookReceiver {
    /// The next delivery; `None` once the fake is gone.
    pub async fn recv(&mut self) -> Option<WebhookDelivery> {
        self.rx.recv().await
    }

    /// A delivery already made, without waiting.
    pub fn try_recv(&mut self) -> Option<WebhookDelivery> {
        self.rx.try_recv().ok()
    }
}

/// The outcome of a delivery over HTTP.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum DeliveryOutcome {
    /// The receiver answered with this status.
    Answered(u16),
    /// The POST failed (connection refused, timeout…): the reason.
    Failed(String),
    /// The URL is not a plain-HTTP loopback URL: the fake only POSTs to
    /// `http://127.0.0.0/8`, `http://[::1]` and `http://localhost`.
    NotLoopback,
}

/// How long one POST may take.
const POST_TIMEOUT: Duration = Duration::from_secs(10);

/// Splits an `http://host:port/path` URL whose host is a loopback address.
fn loopback_target(url: &str) -> Option<(String, String, String)> {
    let rest = url.strip_prefix("http://")?;
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let path = if path.starts_with('?') {
        format!("/{path}")
    } else {
        path.to_owned()
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => {
            (h, p.parse::<u16>().ok()?)
        }
        _ => (authority, 80),
    };
    if authority.contains('@') {
        return None;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        return None;
    }
    let connect_host = if bare.eq_ignore_ascii_case("localhost") {
        "127.0.0.1".to_owned()
    } else {
        bare.to_owned()
    };
    let addr = if connect_host.contains(':') {
        format!("[{connect_host}]:{port}")
    } else {
        format!("{connect_host}:{port}")
    };
    Some((addr, authority.to_owned(), path))
}

/// POSTs `delivery` to its URL (loopback only) and returns the outcome.
pub(crate) async fn post(delivery: &WebhookDelivery) -> DeliveryOutcome {
    let Some((addr, authority, path)) = loopback_target(&delivery.request_url) else {
        return DeliveryOutcome::NotLoopback;
    };
    match tokio::time::timeout(POST_TIMEOUT, post_to(&addr, &authority, &path, delivery)).await {
        Ok(Ok(status)) => DeliveryOutcome::Answered(status),
        Ok(Err(e)) => DeliveryOutcome::Failed(e),
        Err(_) => DeliveryOutcome::Failed(format!("no answer within {POST_TIMEOUT:?}")),
    }
}

async fn post_to(
    addr: &str,
    authority: &str,
    path: &str,
    delivery: &WebhookDelivery,
) -> Result<u16, String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect to {addr}: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    let driver = tokio::spawn(connection);
    let mut builder = hyper::Request::builder()
        .method("POST")
        .uri(path)
        .header(hyper::header::HOST, authority)
        .header(hyper::header::CONTENT_LENGTH, delivery.body.len());
    // Like Unipile, no `Content-Type` unless the webhook was created with one.
    for (name, value) in &delivery.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let request = builder
        .body(Full::new(delivery.body.clone()))
        .map_err(|e| format!("bad request: {e}"))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("send: {e}"))?;
    let status = response.status().as_u16();
    let _ = response.into_body().collect().await;
    driver.abort();
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_loopback_urls_are_targets() {
        assert_eq!(
            loopback_target("http://127.0.0.1:8080/hook?x=1"),
            Some((
                "127.0.0.1:8080".into(),
                "127.0.0.1:8080".into(),
                "/hook?x=1".into()
            ))
        );
        assert_eq!(
            loopback_target("http://localhost:9/"),
            Some(("127.0.0.1:9".into(), "localhost:9".into(), "/".into()))
        );
        assert_eq!(
            loopback_target("http://[::1]:7"),
            Some(("[::1]:7".into(), "[::1]:7".into(), "/".into()))
        );
        for url in [
            "https://127.0.0.1/hook",
            "http://example.com/hook",
            "http://10.0.0.1/hook",
            "http://user@127.0.0.1:1/x",
            "http://127.0.0.1.example.com/",
        ] {
            assert_eq!(loopback_target(url), None, "{url}");
        }
    }
}
