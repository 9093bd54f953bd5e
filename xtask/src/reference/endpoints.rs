//! The endpoints table, from [`ENDPOINTS`]: the call, its retry class as the retry
//! policy decides it, and whether the fake implements it.

use crate::fake_support::{FakeSupport, fake_support};
use crate::markdown::{code, table as markdown_table, yes_no};
use std::time::Duration;
use unipile_core::client::retry::{Decision, Outcome, RetryPolicy};
use unipile_core::request::{ENDPOINTS, Endpoint};
use unipile_core::transport::TransportErrorKind;

/// One row per endpoint.
pub fn table() -> String {
    let rows: Vec<Vec<String>> = ENDPOINTS
        .iter()
        .map(|endpoint| {
            vec![
                code(endpoint.method.as_str()),
                code(endpoint.route),
                code(&client_call(endpoint.operation).unwrap_or_else(|| endpoint.operation.into())),
                code(endpoint.request_type),
                code(endpoint.response_type),
                retry_class(endpoint),
                yes_no(endpoint.paginated),
                endpoint.body.as_str().to_string(),
                match fake_support(endpoint) {
                    FakeSupport::Implemented => "yes".to_string(),
                    FakeSupport::NotYet(reason) => format!("not yet: {reason}"),
                    FakeSupport::Missing => "no".to_string(),
                },
            ]
        })
        .collect();
    markdown_table(
        &[
            "Method",
            "Path",
            "SDK call",
            "Request",
            "Response",
            "Retried on (default policy)",
            "Paginated",
            "Body",
            "In the fake",
        ],
        &rows,
    )
}

/// How the docs write the call of `operation`: `client.chats().set_read(…)`.
pub fn client_call(operation: &str) -> Option<String> {
    let (resource, method) = operation.split_once('.')?;
    Some(format!("client.{resource}().{method}(…)"))
}

/// The outcomes the retry policy may retry, each with its name in the table.
fn retry_candidates() -> [(&'static str, Outcome); 6] {
    [
        ("429", Outcome::status(429)),
        ("502", Outcome::status(502)),
        ("503", Outcome::status(503)),
        ("504", Outcome::status(504)),
        (
            "connect error",
            Outcome::Transport(TransportErrorKind::Connect),
        ),
        ("timeout", Outcome::Transport(TransportErrorKind::Timeout)),
    ]
}

/// `read: …` or `send: …` with the outcomes the default policy retries after a first
/// attempt, asked of the policy itself.
fn retry_class(endpoint: &Endpoint) -> String {
    let policy = RetryPolicy::default();
    let retried: Vec<&str> = retry_candidates()
        .iter()
        .filter(|(_, outcome)| {
            matches!(
                policy.decide(1, endpoint.method, outcome, Duration::ZERO, 0.0),
                Decision::Retry(_)
            )
        })
        .map(|(name, _)| *name)
        .collect();
    let class = if endpoint.is_read() { "read" } else { "send" };
    if retried.is_empty() {
        format!("{class}: never")
    } else {
        format!("{class}: {}", retried.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_sends_are_told_apart_by_the_policy() {
        let text = table();
        assert_eq!(text.lines().count(), 2 + ENDPOINTS.len());
        let send = text
            .lines()
            .find(|l| l.contains("`client.messages().send(…)`"))
            .expect("messages.send row");
        assert!(
            send.starts_with(
                "| `POST` | `/chats/{chat_id}/messages` | `client.messages().send(…)` | `SendMessage` |"
            ),
            "{send}"
        );
        assert!(send.contains("| send: 429, connect error |"), "{send}");
        let read = text
            .lines()
            .find(|l| l.contains("`client.messages().list(…)`"))
            .expect("messages.list row");
        assert!(
            read.contains("| read: 429, 502, 503, 504, connect error, timeout | yes |"),
            "{read}"
        );
    }
}
