//! The per-request span carries the method, the route template, the status and the
//! duration, and nothing secret or private: no key, no id, no message text.

mod support;

use bytes::Bytes;
use std::fmt;
use std::sync::{Arc, Mutex};
use support::{TestServer, guarded, response};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use unipile_core::transport::{
    Body, HeaderValue, HttpRequest, Method, Transport, TransportErrorKind, encode_path_segment,
};

const KEY: &str = "sk_live_trace_secret";
const CHAT_ID: &str = "chat-id-4242";
const TEXT: &str = "a private message text";

/// Everything the subscriber was told: span names and every field, as text.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<(String, String, String)>>>);

impl Captured {
    fn all(&self) -> Vec<(String, String, String)> {
        self.0.lock().expect("lock").clone()
    }

    fn field(&self, name: &str) -> Vec<String> {
        self.all()
            .into_iter()
            .filter(|(_, field, _)| field == name)
            .map(|(_, _, value)| value)
            .collect()
    }
}

struct Fields<'a>(&'a Captured, String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.0.lock().expect("lock").push((
            self.1.clone(),
            field.name().to_owned(),
            format!("{value:?}"),
        ));
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Captured {
    fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        attrs.record(&mut Fields(self, attrs.metadata().name().to_owned()));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let name = ctx
            .span(id)
            .map_or_else(String::new, |s| s.name().to_owned());
        values.record(&mut Fields(self, name));
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        event.record(&mut Fields(self, event.metadata().name().to_owned()));
    }
}

fn request() -> HttpRequest {
    let mut request = HttpRequest::new(
        Method::Post,
        "/chats/{chat_id}/messages",
        format!("/chats/{}/messages", encode_path_segment(CHAT_ID)),
    )
    .with_query("account_id", "acc-secret-ish")
    .with_body(Body::Json(Bytes::from(format!(r#"{{"text":"{TEXT}"}}"#))));
    request
        .headers
        .insert("X-API-KEY", HeaderValue::sensitive(KEY));
    request
}

fn assert_nothing_private(captured: &Captured) {
    for (span, field, value) in captured.all() {
        for private in [KEY, CHAT_ID, TEXT, "acc-secret-ish"] {
            assert!(
                !value.contains(private),
                "{span}.{field} = {value} reveals {private}"
            );
        }
    }
}

// One thread, so the subscriber set for this thread sees every span.
#[tokio::test(flavor = "current_thread")]
async fn each_send_is_one_span_with_route_status_and_duration() {
    let captured = Captured::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(captured.clone()));
    let mut server =
        TestServer::answering(response("201 Created", &[], br#"{"object":"MessageSent"}"#)).await;
    let transport = server.transport();

    let answer = guarded(transport.send(request())).await.expect("send");
    assert_eq!(answer.status, 201);
    assert_eq!(server.next_request().await.header("x-api-key"), Some(KEY));

    let spans: Vec<_> = captured
        .all()
        .into_iter()
        .filter(|(span, field, _)| span == "unipile_http.request" && field == "route")
        .collect();
    assert_eq!(spans.len(), 1, "{:?}", captured.all());
    assert_eq!(spans[0].2, "\"/chats/{chat_id}/messages\"");
    assert_eq!(
        captured.field("method").first().map(String::as_str),
        Some("\"POST\"")
    );
    assert!(captured.field("status").contains(&"201".to_owned()));
    assert!(!captured.field("duration_ms").is_empty());
    assert_nothing_private(&captured);
}

#[tokio::test(flavor = "current_thread")]
async fn a_failed_send_records_its_class_and_nothing_private() {
    let captured = Captured::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(captured.clone()));
    let server = TestServer::answering(Vec::new()).await;
    let transport = server.transport();

    let error = guarded(transport.send(request()))
        .await
        .expect_err("hung up");
    assert_eq!(error.kind(), TransportErrorKind::Io);
    assert!(
        captured.field("error_kind").contains(&"\"Io\"".to_owned()),
        "{:?}",
        captured.all()
    );
    assert_nothing_private(&captured);
    let shown = format!("{error} {error:?}");
    for private in [KEY, CHAT_ID, TEXT] {
        assert!(!shown.contains(private), "{shown}");
    }
}
