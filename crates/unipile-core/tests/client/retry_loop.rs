//! The client's retry loop ([`Client::send`]) over a scripted transport: no real sleeping.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use unipile_core::client::Client;
use unipile_core::client::retry::{FixedJitter, RecordingSleeper, RetryPolicy};
use unipile_core::error::{Error, ErrorKind};
use unipile_core::transport::{
    HttpRequest, HttpResponse, Method, Transport, TransportError, TransportErrorKind,
};

/// Answers from a script, and counts what it was sent.
#[derive(Debug, Default)]
struct Scripted {
    answers: Mutex<VecDeque<Result<HttpResponse, TransportError>>>,
    sent: Mutex<u32>,
}

impl Scripted {
    fn new(answers: Vec<Result<HttpResponse, TransportError>>) -> Self {
        Self {
            answers: Mutex::new(answers.into()),
            sent: Mutex::new(0),
        }
    }

    fn sent(&self) -> u32 {
        *self.sent.lock().expect("lock")
    }
}

#[async_trait::async_trait]
impl Transport for Scripted {
    async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
        *self.sent.lock().expect("lock") += 1;
        self.answers
            .lock()
            .expect("lock")
            .pop_front()
            .expect("the script ran out: the request was sent too many times")
    }
}

fn ok() -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse::new(200, "{}"))
}

fn status(code: u16) -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse::new(code, ""))
}

fn failed(kind: TransportErrorKind) -> Result<HttpResponse, TransportError> {
    Err(TransportError::new(kind, "scripted"))
}

fn get() -> HttpRequest {
    HttpRequest::new(Method::Get, "/messages", "/messages")
}

fn post() -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        "/chats/{chat_id}/messages",
        "/chats/c1/messages",
    )
}

async fn run(
    script: Vec<Result<HttpResponse, TransportError>>,
    request: HttpRequest,
) -> (Result<HttpResponse, Error>, u32, Vec<Duration>) {
    let transport = Arc::new(Scripted::new(script));
    let sleeper = Arc::new(RecordingSleeper::new());
    let client = Client::builder(transport.clone(), "sk_test")
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_secs(1)))
        .sleeper(sleeper.clone())
        .jitter(FixedJitter(1.0))
        .build();
    let result = client.send(request).await;
    (result, transport.sent(), sleeper.waits())
}

#[tokio::test]
async fn a_read_is_retried_through_transient_failures() {
    let (result, sent, waits) = run(
        vec![status(503), failed(TransportErrorKind::Timeout), ok()],
        get(),
    )
    .await;
    assert_eq!(result.expect("third attempt succeeds").status, 200);
    assert_eq!(sent, 3);
    assert_eq!(waits, vec![Duration::from_secs(1), Duration::from_secs(2)]);
}

#[tokio::test]
async fn a_read_gives_up_after_max_attempts_with_the_last_error() {
    let (result, sent, _) = run(vec![status(503), status(502), status(504)], get()).await;
    let error = result.expect_err("all attempts failed");
    assert_eq!(sent, 3);
    assert_eq!(error.status(), Some(504));
    assert_eq!(error.request().map(|r| r.attempts), Some(3));
    assert!(error.to_string().ends_with("(after 3 attempts)"), "{error}");
}

#[tokio::test]
async fn a_send_is_never_repeated_after_a_timeout_or_a_5xx() {
    for answer in [
        failed(TransportErrorKind::Timeout),
        failed(TransportErrorKind::Io),
        status(500),
        status(502),
        status(503),
        status(504),
    ] {
        let expected_status = answer.as_ref().ok().map(|r| r.status);
        let (result, sent, waits) = run(vec![answer, ok()], post()).await;
        let error = result.expect_err("the first answer is handed back");
        assert_eq!(error.status(), expected_status);
        if expected_status.is_none() {
            assert!(matches!(error.kind(), ErrorKind::Transport(_)), "{error:?}");
        }
        assert_eq!(sent, 1, "sent once, never twice");
        assert!(waits.is_empty());
    }
}

#[tokio::test]
async fn a_send_is_repeated_when_nothing_reached_the_server() {
    let (result, sent, waits) = run(vec![failed(TransportErrorKind::Connect), ok()], post()).await;
    assert_eq!(result.expect("sent again").status, 200);
    assert_eq!(sent, 2);
    assert_eq!(waits, vec![Duration::from_secs(1)]);

    let limited = Ok(HttpResponse::new(429, "").with_header("Retry-After", "4"));
    let (result, sent, waits) = run(vec![limited, ok()], post()).await;
    assert_eq!(result.expect("sent again after the wait").status, 200);
    assert_eq!(sent, 2);
    assert_eq!(waits, vec![Duration::from_secs(4)]);
}

#[tokio::test]
async fn a_wait_past_the_budget_surfaces_rate_limited_at_once() {
    let limited = Ok(HttpResponse::new(
        429,
        r#"{"status":429,"type":"errors/too_many_requests","title":"Too many requests"}"#,
    )
    .with_header("Retry-After", "3600"));
    let (result, sent, waits) = run(vec![limited], get()).await;
    let error = result.expect_err("rate limited");
    assert_eq!(sent, 1);
    assert!(waits.is_empty(), "no waiting for an hour");
    match error.kind() {
        ErrorKind::RateLimited { retry_after, .. } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(3600)));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

#[tokio::test]
async fn a_503_past_the_budget_keeps_the_servers_wait() {
    let busy = Ok(HttpResponse::new(
        503,
        r#"{"status":503,"type":"errors/no_client_session","title":"No session"}"#,
    )
    .with_header("Retry-After", "600"));
    let (result, sent, waits) = run(vec![busy], get()).await;
    let error = result.expect_err("unavailable");
    assert_eq!(sent, 1);
    assert!(waits.is_empty(), "no waiting for ten minutes");
    assert!(matches!(error.kind(), ErrorKind::Api { status: 503, .. }));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(600)));
}

#[tokio::test]
async fn a_read_is_retried_on_provider_error_but_never_on_account_state() {
    let provider = || {
        Ok(HttpResponse::new(
            500,
            r#"{"status":500,"type":"errors/provider_error","title":"Provider down"}"#,
        ))
    };
    let (result, sent, waits) = run(vec![provider(), ok()], get()).await;
    assert!(result.is_ok());
    assert_eq!((sent, waits.len()), (2, 1));

    let (result, sent, _) = run(vec![provider(), ok()], post()).await;
    assert!(result.is_err(), "a send is never repeated after a 500");
    assert_eq!(sent, 1);

    let disconnected = Ok(HttpResponse::new(
        401,
        r#"{"status":401,"type":"errors/disconnected_account","title":"Disconnected"}"#,
    ));
    let (result, sent, waits) = run(vec![disconnected, ok()], get()).await;
    assert!(result.expect_err("401").needs_reconnect());
    assert_eq!((sent, waits.len()), (1, 0));
}
