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
    /// The fake dropped this delivery on purpose ([`DeliveryFate::Dropped`]): it was never
    /// sent.
    Dropped,
}

/// What the fake does with one webhook delivery: Unipile delivers at least once in the
/// common case, but a delivery can come twice, late (after a newer one), or never.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum DeliveryFate {
    /// Delivered once, in order.
    Once,
    /// Delivered twice in a row (as a retry after a lost answer is).
    Twice,
    /// Held back, and delivered after the next delivery (or at
    /// [`FakeUnipile::release_late_webhooks`](crate::FakeUnipile::release_late_webhooks)):
    /// out of order.
    Late,
    /// Never delivered (logged with [`DeliveryOutcome::Dropped`]).
    Dropped,
}

/// Seeded-random fates for the deliveries no scripted fate covers: each delivery is
/// dropped, late or doubled with the given percentages (tried in that order), once
/// otherwise. The same seed gives the same fates.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[non_exhaustive]
pub struct DeliveryChaos {
    /// Percent of deliveries never sent.
    pub drop_percent: u8,
    /// Percent of deliveries sent after the next one.
    pub late_percent: u8,
    /// Percent of deliveries sent twice.
    pub twice_percent: u8,
    /// The seed of the fates.
    pub seed: u64,
}

impl DeliveryChaos {
    /// Drops, delays and doubles the given percentages of deliveries, from `seed`.
    pub fn new(drop_percent: u8, late_percent: u8, twice_percent: u8, seed: u64) -> Self {
        Self {
            drop_percent,
            late_percent,
            twice_percent,
            seed,
        }
    }
}

/// Decides each delivery's fate: the scripted fates first, in order, then the seeded
/// chaos, if set; once otherwise.
#[derive(Debug, Default)]
pub(crate) struct DeliveryPlan {
    script: std::collections::VecDeque<DeliveryFate>,
    chaos: Option<(DeliveryChaos, crate::rng::Rng)>,
    late: Vec<WebhookDelivery>,
}

impl DeliveryPlan {
    pub(crate) fn script(&mut self, fates: impl IntoIterator<Item = DeliveryFate>) {
        self.script.extend(fates);
    }

    pub(crate) fn set_chaos(&mut self, chaos: Option<DeliveryChaos>) {
        self.chaos = chaos.map(|c| (c, crate::rng::Rng::new(c.seed)));
    }

    fn fate(&mut self) -> DeliveryFate {
        if let Some(fate) = self.script.pop_front() {
            return fate;
        }
        let Some((chaos, rng)) = &mut self.chaos else {
            return DeliveryFate::Once;
        };
        if rng.chance(chaos.drop_percent.into()) {
            DeliveryFate::Dropped
        } else if rng.chance(chaos.late_percent.into()) {
            DeliveryFate::Late
        } else if rng.chance(chaos.twice_percent.into()) {
            DeliveryFate::Twice
        } else {
            DeliveryFate::Once
        }
    }

    /// What to send now for `delivery`, in order, and whether it was dropped.
    pub(crate) fn route(
        &mut self,
        delivery: WebhookDelivery,
    ) -> (Vec<WebhookDelivery>, Option<WebhookDelivery>) {
        match self.fate() {
            DeliveryFate::Dropped => (Vec::new(), Some(delivery)),
            DeliveryFate::Late => {
                self.late.push(delivery);
                (Vec::new(), None)
            }
            fate => {
                let mut now = vec![delivery.clone()];
                if fate == DeliveryFate::Twice {
                    now.push(delivery);
                }
                now.append(&mut self.late);
                (now, None)
            }
        }
    }

    /// The deliveries held back, to send now.
    pub(crate) fn release_late(&mut self) -> Vec<WebhookDelivery> {
        std::mem::take(&mut self.late)
    }
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

    fn delivery(n: u8) -> WebhookDelivery {
        WebhookDelivery {
            webhook_id: WebhookId::from("w"),
            request_url: "http://127.0.0.1:1/".into(),
            event: "message_received".into(),
            headers: Vec::new(),
            body: Bytes::from(vec![n]),
        }
    }

    #[test]
    fn scripted_fates_double_delay_and_drop() {
        let mut plan = DeliveryPlan::default();
        plan.script([
            DeliveryFate::Twice,
            DeliveryFate::Late,
            DeliveryFate::Dropped,
            DeliveryFate::Once,
            DeliveryFate::Late,
        ]);
        let sent = |r: (Vec<WebhookDelivery>, Option<WebhookDelivery>)| {
            (
                r.0.iter().map(|d| d.body[0]).collect::<Vec<_>>(),
                r.1.map(|d| d.body[0]),
            )
        };
        assert_eq!(sent(plan.route(delivery(1))), (vec![1, 1], None));
        assert_eq!(sent(plan.route(delivery(2))), (vec![], None));
        assert_eq!(sent(plan.route(delivery(3))), (vec![], Some(3)));
        // The late one comes after the next one sent: out of order.
        assert_eq!(sent(plan.route(delivery(4))), (vec![4, 2], None));
        assert_eq!(sent(plan.route(delivery(5))), (vec![], None));
        assert_eq!(plan.release_late().len(), 1);
        assert_eq!(sent(plan.route(delivery(6))), (vec![6], None));
    }

    #[test]
    fn seeded_chaos_is_deterministic_and_roughly_proportional() {
        let fates = |seed| {
            let mut plan = DeliveryPlan::default();
            plan.set_chaos(Some(DeliveryChaos::new(10, 10, 20, seed)));
            (0..1000).map(|_| plan.fate()).collect::<Vec<_>>()
        };
        let a = fates(7);
        assert_eq!(a, fates(7));
        assert_ne!(a, fates(8));
        let count = |f| a.iter().filter(|x| **x == f).count();
        assert!((60..=140).contains(&count(DeliveryFate::Dropped)), "{a:?}");
        assert!((50..=140).contains(&count(DeliveryFate::Late)));
        assert!((100..=260).contains(&count(DeliveryFate::Twice)));
        assert!(count(DeliveryFate::Once) > 500);
    }

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
