//! Every endpoint of the table has a client call and is implemented by the fake (or is
//! listed in `NOT_IN_FAKE` of `fake_support` with the reason), and the fake serves no
//! route the SDK does not call.
//!
//! - **Client:** an endpoint's operation names its call: `chats.set_read` is the method
//!   `set_read` of the client's `Chats` resource (`client.chats().set_read(…)`). That
//!   method must exist in the client's code (`crates/unipile-core/src/client.rs` or
//!   `client/**`, comments left out) and take or build the endpoint's request type. An
//!   endpoint added to the table without its call fails.
//! - **Fake:** `unipile_mock::ROUTES` lists what the fake serves, by method and route.
//!   Both ways: an endpoint the fake lacks fails, and so does a route the fake serves
//!   that no endpoint of the table calls (a call the SDK is missing).

use crate::fake_support::{FakeSupport, NOT_IN_FAKE, support_in};
use crate::workspace::{display, files_under, read_text};
use std::path::Path;
use unipile_core::request::{ENDPOINTS, Endpoint};
use unipile_core::transport::Method;

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
                 (xtask/src/fake_support.rs)",
                endpoint.operation,
                endpoint.method.as_str(),
                endpoint.route
            ));
        }
    }
    for (method, route) in served {
        if !endpoints
            .iter()
            .any(|e| (e.method, e.route) == (*method, *route))
        {
            problems.push(format!(
                "the fake serves {} {route} (unipile_mock::ROUTES) but no endpoint of the \
                 table calls it: add the call to the SDK (request type, endpoint row, client \
                 method), or stop serving it",
                method.as_str()
            ));
        }
    }
    for (method, route, _) in not_yet {
        let key = (*method, *route);
        if served.iter().any(|(m, r)| (*m, *r) == key) {
            problems.push(format!(
                "{} {route} is listed in `NOT_IN_FAKE` (xtask/src/fake_support.rs) but the \
                 fake implements it now: remove the entry",
                method.as_str()
            ));
        } else if !endpoints.iter().any(|e| (e.method, e.route) == key) {
            problems.push(format!(
                "{} {route} is listed in `NOT_IN_FAKE` (xtask/src/fake_support.rs) but is \
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

/// Endpoints without their client call: operation `chats.set_read` is the method
/// `set_read` of the client's `Chats` resource, which must take or build the endpoint's
/// request type.
fn client_problems(endpoints: &[Endpoint], client_code: &str) -> Vec<String> {
    let methods = resource_methods(client_code);
    let mut problems = Vec::new();
    for endpoint in endpoints {
        let Some((resource, method)) = operation_parts(endpoint.operation) else {
            problems.push(format!(
                "endpoint `{}` ({} {}): its operation is not `resource.method`",
                endpoint.operation,
                endpoint.method.as_str(),
                endpoint.route
            ));
            continue;
        };
        let found = methods
            .iter()
            .find(|m| m.resource == resource && m.name == method);
        let problem = match found {
            None => format!("no method `{resource}::{method}` in the client"),
            Some(m) if !names_identifier(&m.text, endpoint.request_type) => format!(
                "`{resource}::{method}` neither takes nor builds a `{}`",
                endpoint.request_type
            ),
            Some(_) => continue,
        };
        problems.push(format!(
            "endpoint `{}` ({} {}) has no client call: {problem}; add it to \
             unipile_core::client (or fix the endpoint's operation)",
            endpoint.operation,
            endpoint.method.as_str(),
            endpoint.route
        ));
    }
    problems
}

/// `messages.send` → (`Messages`, `send`); `chat_attendees.list` → (`ChatAttendees`, `list`).
fn operation_parts(operation: &str) -> Option<(String, &str)> {
    let (resource, method) = operation.split_once('.')?;
    if resource.is_empty() || method.is_empty() || method.contains('.') {
        return None;
    }
    let camel = resource
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    Some((camel, method))
}

/// A method of an `impl` block of the client.
#[derive(Debug)]
struct ResourceMethod {
    /// The type the `impl` is for (`Messages`).
    resource: String,
    /// The method's name (`send`).
    name: String,
    /// Its signature and body.
    text: String,
}

/// Every `fn` of every `impl Type<…> {…}` block in `code` (comments already removed).
fn resource_methods(code: &str) -> Vec<ResourceMethod> {
    let mut methods = Vec::new();
    let mut rest = code;
    while let Some(at) = find_keyword(rest, "impl") {
        let after = &rest[at + "impl".len()..];
        let Some(open) = after.find('{') else { break };
        let header = &after[..open];
        let body_start = at + "impl".len() + open + 1;
        let body_len = block_len(&rest[body_start..]);
        let body = &rest[body_start..body_start + body_len];
        // `impl<'a> Messages<'a>`, `impl Messages<'_>`, `impl Trait for Messages<'_>`.
        let header = header.rsplit(" for ").next().unwrap_or(header).trim();
        let header = header
            .strip_prefix('<')
            .and_then(|h| h.split_once('>').map(|(_, t)| t.trim()))
            .unwrap_or(header);
        let resource: String = header
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        methods.extend(
            functions(body)
                .into_iter()
                .map(|(name, text)| ResourceMethod {
                    resource: resource.clone(),
                    name,
                    text,
                }),
        );
        rest = &rest[(body_start + body_len).min(rest.len())..];
    }
    methods
}

/// The `fn`s at the top level of an `impl` body: name and text.
fn functions(body: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut index = 0;
    let bytes = body.as_bytes();
    while index < bytes.len() {
        match bytes[index] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ if depth == 0 && body[index..].starts_with("fn ") && is_boundary(body, index) => {
                let signature = &body[index + 3..];
                let name: String = signature
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let Some(open) = signature.find('{') else {
                    break;
                };
                let end = index + 3 + open + 1;
                let len = block_len(&body[end..]);
                let stop = (end + len + 1).min(body.len());
                found.push((name, body[index..stop].to_string()));
                index = stop;
                continue;
            }
            _ => {}
        }
        index += 1;
    }
    found
}

/// The length of a block's body, `text` starting just after its `{` (up to, not
/// including, the matching `}`).
fn block_len(text: &str) -> usize {
    let mut depth = 1usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// The first `keyword` of `text` that stands as a word.
fn find_keyword(text: &str, keyword: &str) -> Option<usize> {
    text.match_indices(keyword).map(|(at, _)| at).find(|&at| {
        is_boundary(text, at)
            && !text[at + keyword.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Whether position `at` of `text` starts a word.
fn is_boundary(text: &str, at: usize) -> bool {
    !text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Whether `code` holds `name` as a whole identifier (`SendMessage`, not
/// `SendMessageBatch`).
fn names_identifier(code: &str, name: &str) -> bool {
    find_keyword(code, name).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    // The table's own rows: the client code below is written against them.
    use unipile_core::request::endpoints::{
        ATTENDEES_MESSAGES, CHATS_MESSAGES, MESSAGES_LIST, MESSAGES_SEND, WEBHOOKS_DELETE,
    };

    const CLIENT: &str = "\
impl<'a> Messages<'a> {
    pub(super) fn new(client: &'a Client) -> Self { Self { client } }
}

impl Messages<'_> {
    /// Sends (`POST /chats/{chat_id}/messages`).
    pub async fn send(&self, request: SendMessage) -> Result<MessageSent, Error> {
        self.client.call(&request).await
    }

    pub async fn list(&self, request: &ListMessagesBatch) -> Result<(), Error> {
        if true { Ok(()) } else { Err(e) }
    }
}

impl Chats<'_> {
    pub async fn messages(&self, id: ChatId) -> Result<Page<Message>, Error> {
        // ListMessages is mentioned only here.
        self.client.call(&ListChatMessages::new(id)).await
    }
}
";

    #[test]
    fn client_methods_are_read_per_resource() {
        let methods = resource_methods(&without_comments(CLIENT));
        let names: Vec<(&str, &str)> = methods
            .iter()
            .map(|m| (m.resource.as_str(), m.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("Messages", "new"),
                ("Messages", "send"),
                ("Messages", "list"),
                ("Chats", "messages")
            ]
        );
        assert!(
            methods[1]
                .text
                .starts_with("fn send(&self, request: SendMessage)")
        );
        assert!(
            methods[1].text.ends_with("await\n    }"),
            "{:?}",
            methods[1].text
        );
    }

    #[test]
    fn an_endpoint_without_a_client_call_is_reported() {
        let code = without_comments(CLIENT);
        assert_eq!(
            client_problems(&[MESSAGES_SEND, CHATS_MESSAGES], &code),
            Vec::<String>::new()
        );
        let problems = client_problems(&[MESSAGES_LIST, WEBHOOKS_DELETE], &code);
        assert_eq!(
            problems,
            [
                "endpoint `messages.list` (GET /messages) has no client call: \
                 `Messages::list` neither takes nor builds a `ListMessages`; add it to \
                 unipile_core::client (or fix the endpoint's operation)",
                "endpoint `webhooks.delete` (DELETE /webhooks/{webhook_id}) has no client \
                 call: no method `Webhooks::delete` in the client; add it to \
                 unipile_core::client (or fix the endpoint's operation)"
            ]
        );
    }

    #[test]
    fn operations_name_a_resource_and_a_method() {
        assert_eq!(
            operation_parts("chat_attendees.list"),
            Some(("ChatAttendees".to_string(), "list"))
        );
        assert_eq!(operation_parts("messages"), None);
        assert_eq!(operation_parts("a.b.c"), None);
    }

    #[test]
    fn an_endpoint_the_fake_lacks_must_be_listed_with_a_reason() {
        let served = [(Method::Post, "/chats/{chat_id}/messages")];
        let problems = fake_problems(&[MESSAGES_SEND, MESSAGES_LIST], &served, &[]);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].contains("`messages.list` (GET /messages) is not implemented"));

        let not_yet = [(Method::Get, "/messages", "needs the sync window")];
        assert_eq!(
            fake_problems(&[MESSAGES_SEND, MESSAGES_LIST], &served, &not_yet),
            Vec::<String>::new()
        );
        assert_eq!(
            support_in(&MESSAGES_LIST, &served, &not_yet),
            FakeSupport::NotYet("needs the sync window")
        );
    }

    #[test]
    fn coverage_is_checked_both_ways() {
        let served = [
            (Method::Post, "/chats/{chat_id}/messages"),
            (Method::Get, "/chat_attendees/{attendee_id}/messages"),
        ];
        // The fake serves a route the SDK does not call.
        let problems = fake_problems(&[MESSAGES_SEND], &served, &[]);
        assert_eq!(
            problems,
            [
                "the fake serves GET /chat_attendees/{attendee_id}/messages \
              (unipile_mock::ROUTES) but no endpoint of the table calls it: add the call to \
              the SDK (request type, endpoint row, client method), or stop serving it"
            ]
        );
        // The SDK calls a route the fake does not serve.
        let problems = fake_problems(&[MESSAGES_SEND, MESSAGES_LIST], &served[..1], &[]);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].contains("`messages.list` (GET /messages) is not implemented"));
        // Each side covers the other: nothing to report.
        assert_eq!(
            fake_problems(&[MESSAGES_SEND, ATTENDEES_MESSAGES], &served, &[]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn stale_not_in_fake_entries_are_reported() {
        let served = [(Method::Get, "/messages")];
        let not_yet = [
            (Method::Get, "/messages", "was missing"),
            (Method::Delete, "/nothing", "no such endpoint"),
        ];
        let problems = fake_problems(&[MESSAGES_LIST], &served, &not_yet);
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
