//! Every endpoint of the table has a client call and is implemented by the fake (or is
//! listed in [`NOT_IN_FAKE`] with the reason).
//!
//! - **Client:** the client's code (`crates/unipile-core/src/client.rs` and
//!   `client/**`, comments left out) must name the endpoint's request type: a typed
//!   call takes it as its argument. An endpoint added to the table without a call fails.
//! - **Fake:** `unipile_mock::ROUTES` lists what the fake serves, by method and route.

use crate::workspace::{display, files_under, read_text};
use std::path::Path;
use unipile_core::request::{ENDPOINTS, Endpoint};
use unipile_core::transport::Method;

/// Endpoints the fake does not implement yet: method, route, and why.
pub const NOT_IN_FAKE: &[(Method, &str, &str)] = &[];

/// How the fake stands with an endpoint.
#[derive(Debug, PartialEq, Eq)]
pub enum FakeSupport {
    /// The fake serves it.
    Implemented,
    /// Listed in [`NOT_IN_FAKE`], with this reason.
    NotYet(&'static str),
    /// Neither: a problem.
    Missing,
}

/// Whether the fake implements `endpoint`.
pub fn fake_support(endpoint: &Endpoint) -> FakeSupport {
    support_in(endpoint, unipile_mock::ROUTES, NOT_IN_FAKE)
}

fn support_in(
    endpoint: &Endpoint,
    served: &[(Method, &str)],
    not_yet: &[(Method, &'static str, &'static str)],
) -> FakeSupport {
    let key = (endpoint.method, endpoint.route);
    if served.iter().any(|(m, r)| (*m, *r) == key) {
        FakeSupport::Implemented
    } else if let Some((_, _, why)) = not_yet.iter().find(|(m, r, _)| (*m, *r) == key) {
        FakeSupport::NotYet(why)
    } else {
        FakeSupport::Missing
    }
}

/// Where the client's code lives, relative to the workspace root.
const CLIENT_FILE: &str = "crates/unipile-core/src/client.rs";
const CLIENT_DIR: &str = "crates/unipile-core/src/client";

/// Problems: endpoints without a client call or a fake implementation, and stale
/// entries of [`NOT_IN_FAKE`].
pub fn check(root: &Path) -> Vec<String> {
    let mut problems = fake_problems(ENDPOINTS, unipile_mock::ROUTES, NOT_IN_FAKE);
    match client_code(root) {
        Ok(code) => problems.extend(client_problems(ENDPOINTS, &code)),
        Err(e) => problems.push(e),
    }
    problems
}

fn fake_problems(
    endpoints: &[Endpoint],
    served: &[(Method, &str)],
    not_yet: &[(Method, &'static str, &'static str)],
) -> Vec<String> {
    let mut problems = Vec::new();
    for endpoint in endpoints {
        if support_in(endpoint, served, not_yet) == FakeSupport::Missing {
            problems.push(format!(
                "endpoint `{}` ({} {}) is not implemented by the fake (unipile_mock::ROUTES): \
                 implement it in unipile-mock, or list it with the reason in `NOT_IN_FAKE` \
                 (xtask/src/checks/coverage.rs)",
                endpoint.operation,
                endpoint.method.as_str(),
                endpoint.route
            ));
        }
    }
    for (method, route, _) in not_yet {
        let key = (*method, *route);
        if served.iter().any(|(m, r)| (*m, *r) == key) {
            problems.push(format!(
                "{} {route} is listed in `NOT_IN_FAKE` (xtask/src/checks/coverage.rs) but the \
                 fake implements it now: remove the entry",
                method.as_str()
            ));
        } else if !endpoints.iter().any(|e| (e.method, e.route) == key) {
            problems.push(format!(
                "{} {route} is listed in `NOT_IN_FAKE` (xtask/src/checks/coverage.rs) but is \
                 no endpoint of the table: remove the entry",
                method.as_str()
            ));
        }
    }
    problems
}

/// The client's code, comments removed, all files together.
fn client_code(root: &Path) -> Result<String, String> {
    let mut files = files_under(&root.join(CLIENT_DIR));
    let single = root.join(CLIENT_FILE);
    if single.exists() {
        files.insert(0, single);
    }
    files.retain(|p| p.extension().is_some_and(|e| e == "rs"));
    if files.is_empty() {
        return Err(format!(
            "no client code found ({CLIENT_FILE} or {CLIENT_DIR}/): every endpoint needs a \
             client call"
        ));
    }
    let mut code = String::new();
    for path in files {
        let text = read_text(&path)
            .map_err(|e| format!("{}: cannot read it: {e}", display(root, &path)))?;
        code.push_str(&without_comments(&text));
    }
    Ok(code)
}

/// `text` without its `//` comments (doc comments included), so that a call named only
/// in prose does not count.
fn without_comments(text: &str) -> String {
    let mut code = String::with_capacity(text.len());
    for line in text.lines() {
        code.push_str(line.split("//").next().unwrap_or(""));
        code.push('\n');
    }
    code
}

/// Endpoints whose request type the client code never names.
fn client_problems(endpoints: &[Endpoint], client_code: &str) -> Vec<String> {
    endpoints
        .iter()
        .filter(|e| !names_identifier(client_code, e.request_type))
        .map(|e| {
            format!(
                "endpoint `{}` ({} {}) has no client call: no code of the client takes a \
                 `{}`; add the call to unipile_core::client::Client",
                e.operation,
                e.method.as_str(),
                e.route,
                e.request_type
            )
        })
        .collect()
}

/// Whether `code` holds `name` as a whole identifier (`SendMessage`, not
/// `SendMessageBatch`).
fn names_identifier(code: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(name).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + name.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use unipile_core::request::BodyKind;

    const SEND: Endpoint = Endpoint::new(
        "messages.send",
        Method::Post,
        "/chats/{chat_id}/messages",
        "SendMessage",
        "MessageSent",
        false,
        BodyKind::Multipart,
    );
    const LIST: Endpoint = Endpoint::new(
        "messages.list",
        Method::Get,
        "/messages",
        "ListMessages",
        "Page<Message>",
        true,
        BodyKind::None,
    );

    #[test]
    fn an_endpoint_without_a_client_call_is_reported() {
        let code = "impl Client {\n    pub async fn send(&self, request: SendMessage) {}\n\
                    // ListMessages is for later\n    fn x(_: ListMessagesBatch) {}\n}\n";
        let problems = client_problems(&[SEND, LIST], &without_comments(code));
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].starts_with("endpoint `messages.list` (GET /messages) has no client call"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn an_endpoint_the_fake_lacks_must_be_listed_with_a_reason() {
        let served = [(Method::Post, "/chats/{chat_id}/messages")];
        let problems = fake_problems(&[SEND, LIST], &served, &[]);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].contains("`messages.list` (GET /messages) is not implemented"));

        let not_yet = [(Method::Get, "/messages", "needs the sync window")];
        assert_eq!(
            fake_problems(&[SEND, LIST], &served, &not_yet),
            Vec::<String>::new()
        );
        assert_eq!(
            support_in(&LIST, &served, &not_yet),
            FakeSupport::NotYet("needs the sync window")
        );
    }

    #[test]
    fn stale_not_in_fake_entries_are_reported() {
        let served = [(Method::Get, "/messages")];
        let not_yet = [
            (Method::Get, "/messages", "was missing"),
            (Method::Delete, "/nothing", "no such endpoint"),
        ];
        let problems = fake_problems(&[LIST], &served, &not_yet);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains("the fake implements it now"));
        assert!(problems[1].contains("is no endpoint of the table"));
    }

    #[test]
    fn identifiers_match_whole() {
        assert!(names_identifier("fn f(r: SendMessage)", "SendMessage"));
        assert!(names_identifier("request::SendMessage,", "SendMessage"));
        assert!(!names_identifier("SendMessageBatch", "SendMessage"));
        assert!(!names_identifier("ResendMessage", "SendMessage"));
    }

    /// The real workspace: every endpoint has a client call and a fake implementation.
    #[test]
    fn every_endpoint_has_a_client_call_and_a_fake() {
        let problems = check(&crate::workspace::root());
        assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    }
}
