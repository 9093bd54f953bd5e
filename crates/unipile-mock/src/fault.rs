//! Scripted faults: what the next requests (all, or those of one route) get instead of a
//! normal answer.

use std::time::Duration;

use unipile_core::transport::Method;

use crate::list::ListQuirk;

/// What a fault does to the request it catches.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum FaultKind {
    /// Answer this HTTP status with Unipile's error body for it (`503` gives
    /// `errors/service_unavailable`…), and a `Retry-After` header if set.
    Status {
        /// The status code.
        status: u16,
        /// The `Retry-After` header value, if any (`"1"`, or an HTTP date).
        retry_after: Option<String>,
    },
    /// No answer in time. In process: [`TransportErrorKind::Timeout`]. Over HTTP: the
    /// connection is held open, without a response, for [`Fault::hold_for`] (30 s unless set)
    /// or until the server shuts down, so the client's own timeout fires.
    ///
    /// [`TransportErrorKind::Timeout`]: unipile_core::transport::TransportErrorKind::Timeout
    Timeout,
    /// The connection drops before any response. In process:
    /// [`TransportErrorKind::Io`]. Over HTTP: the socket is closed after the request is read.
    ///
    /// [`TransportErrorKind::Io`]: unipile_core::transport::TransportErrorKind::Io
    Drop,
    /// The connection cannot be made. In process: [`TransportErrorKind::Connect`]. Over HTTP
    /// a listening server cannot refuse one request, so the socket is closed before any
    /// response, as for [`FaultKind::Drop`].
    ///
    /// [`TransportErrorKind::Connect`]: unipile_core::transport::TransportErrorKind::Connect
    Connect,
    /// The normal answer, cut short: over HTTP the status line and the full `Content-Length`
    /// are sent, then half the body, then the socket is closed. In process:
    /// [`TransportErrorKind::Io`], as a transport reports a body shorter than announced.
    ///
    /// [`TransportErrorKind::Io`]: unipile_core::transport::TransportErrorKind::Io
    TruncatedBody,
    /// The normal answer, after [`Fault::delay`] (a slow response).
    Slow,
    /// Unipile's paging quirk: a list answers a page with no items that still carries a
    /// cursor, which resumes where the request started (following it loses nothing). The
    /// cursor is a new one, never the one the request sent. Not a list: no effect.
    EmptyPage,
    /// Unipile's paging quirk: a list answers its page with the very cursor the request
    /// sent, so following it serves the same page again. A first page (no cursor sent)
    /// and a request that is not a list are answered normally (the fault is used up):
    /// scope it with [`Fault::skip`].
    RepeatCursor,
    /// Unipile's paging quirk: a list page starts with the last `n` items of the previous
    /// page, then goes on (its cursor follows its own last item). A first page and a
    /// request that is not a list are answered normally (the fault is used up).
    RepeatItems(usize),
}

impl FaultKind {
    /// The paging quirk this fault plays on a list, if it is one.
    pub(crate) fn list_quirk(&self) -> Option<ListQuirk> {
        match self {
            FaultKind::EmptyPage => Some(ListQuirk::EmptyPage),
            FaultKind::RepeatCursor => Some(ListQuirk::RepeatCursor),
            FaultKind::RepeatItems(n) => Some(ListQuirk::RepeatItems(*n)),
            _ => None,
        }
    }
}

/// A scripted fault: what happens ([`FaultKind`]), to which requests (all, or one method
/// and route template), how many times, and whether the request still takes effect.
///
/// Faults are tried in the order they were injected; the first one that matches a request
/// catches it (unless it still lets some through, [`Fault::skip`]) and is used up after
/// [`Fault::times`] requests.
///
/// ```
/// use std::time::Duration;
/// use unipile_core::transport::Method;
/// use unipile_mock::Fault;
///
/// // The next two requests, whatever they are, get a 429 with `Retry-After: 1`.
/// let rate_limited = Fault::too_many_requests(Some(Duration::from_secs(1))).times(2);
/// // The next send stores the message, then answers 503 (did it go through?).
/// let lost_answer = Fault::status(503)
///     .on(Method::Post, "/chats/{chat_id}/messages")
///     .after_handling();
/// // Pages 1 and 2 of `GET /messages` are answered, page 3 fails.
/// let third_page_fails = Fault::status(500).on(Method::Get, "/messages").skip(2);
/// # let _ = (rate_limited, lost_answer, third_page_fails);
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Fault {
    pub(crate) kind: FaultKind,
    pub(crate) method: Option<Method>,
    pub(crate) route: Option<String>,
    pub(crate) remaining: usize,
    pub(crate) skip: usize,
    pub(crate) after_handling: bool,
    pub(crate) delay: Duration,
    pub(crate) hold: Duration,
}

impl Fault {
    /// A fault of `kind` that catches the next request, before it takes effect.
    pub fn new(kind: FaultKind) -> Self {
        Self {
            kind,
            method: None,
            route: None,
            remaining: 1,
            skip: 0,
            after_handling: false,
            delay: Duration::ZERO,
            hold: Duration::from_secs(30),
        }
    }

    /// Answers `status` with Unipile's error body for it.
    pub fn status(status: u16) -> Self {
        Self::new(FaultKind::Status {
            status,
            retry_after: None,
        })
    }

    /// Answers 429 `errors/too_many_requests`, with `Retry-After` in whole seconds if given.
    pub fn too_many_requests(retry_after: Option<Duration>) -> Self {
        Self::new(FaultKind::Status {
            status: 429,
            retry_after: retry_after.map(|d| d.as_secs().to_string()),
        })
    }

    /// No answer in time (see [`FaultKind::Timeout`]).
    pub fn timeout() -> Self {
        Self::new(FaultKind::Timeout)
    }

    /// The connection drops before any response (see [`FaultKind::Drop`]).
    pub fn drop_connection() -> Self {
        Self::new(FaultKind::Drop)
    }

    /// The connection cannot be made (see [`FaultKind::Connect`]).
    pub fn connect_error() -> Self {
        Self::new(FaultKind::Connect)
    }

    /// The answer is cut short (see [`FaultKind::TruncatedBody`]).
    pub fn truncated_body() -> Self {
        Self::new(FaultKind::TruncatedBody)
    }

    /// The normal answer, after `delay`.
    pub fn slow(delay: Duration) -> Self {
        Self::new(FaultKind::Slow).delay(delay)
    }

    /// An empty page that keeps a cursor (see [`FaultKind::EmptyPage`]). Usually scoped
    /// to a list and a page: `Fault::empty_page().on(Method::Get, "/messages").skip(1)`
    /// is an empty second page.
    pub fn empty_page() -> Self {
        Self::new(FaultKind::EmptyPage)
    }

    /// A page whose cursor is the one sent (see [`FaultKind::RepeatCursor`]).
    pub fn repeat_cursor() -> Self {
        Self::new(FaultKind::RepeatCursor)
    }

    /// A page that repeats the last `n` items of the previous one (see
    /// [`FaultKind::RepeatItems`]).
    pub fn repeat_items(n: usize) -> Self {
        Self::new(FaultKind::RepeatItems(n))
    }

    /// A send whose outcome the client cannot know: the message is stored (and its
    /// webhooks fire), then the connection drops before any answer.
    pub fn send_stored_then_dropped() -> Self {
        Self::drop_connection()
            .on(Method::Post, "/chats/{chat_id}/messages")
            .after_handling()
    }

    /// A send whose outcome the client cannot know: the connection drops after the
    /// request was written, before the message is stored.
    pub fn send_dropped_before_storing() -> Self {
        Self::drop_connection().on(Method::Post, "/chats/{chat_id}/messages")
    }

    /// Sets the `Retry-After` header of a [`FaultKind::Status`] fault (ignored otherwise).
    pub fn retry_after(mut self, value: impl Into<String>) -> Self {
        if let FaultKind::Status { retry_after, .. } = &mut self.kind {
            *retry_after = Some(value.into());
        }
        self
    }

    /// Catches only requests of `method` on the route `template`, one of
    /// [`ROUTES`](crate::ROUTES) (such as `"/chats/{chat_id}/messages"`).
    pub fn on(mut self, method: Method, template: &str) -> Self {
        self.method = Some(method);
        self.route = Some(template.to_owned());
        self
    }

    /// Catches the next `n` matching requests instead of one.
    pub fn times(mut self, n: usize) -> Self {
        self.remaining = n;
        self
    }

    /// Lets the first `n` matching requests through untouched (they may still meet a later
    /// fault), then catches the next ones: "page 3 fails" is `.skip(2)`.
    pub fn skip(mut self, n: usize) -> Self {
        self.skip = n;
        self
    }

    /// Lets the request take effect (the message is stored, the chat started) before the
    /// fault replaces the answer: the "did my send go through?" case.
    pub fn after_handling(mut self) -> Self {
        self.after_handling = true;
        self
    }

    /// Waits `delay` before the fault (or, for [`Fault::slow`], the answer) happens.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// How long a [`FaultKind::Timeout`] holds an HTTP connection open (30 s unless set).
    pub fn hold_for(mut self, hold: Duration) -> Self {
        self.hold = hold;
        self
    }

    /// The fault's kind.
    pub fn kind(&self) -> &FaultKind {
        &self.kind
    }

    /// How many more requests this fault will catch.
    pub fn remaining(&self) -> usize {
        self.remaining
    }

    fn matches(&self, method: Method, template: Option<&str>) -> bool {
        self.remaining > 0
            && self.method.is_none_or(|m| m == method)
            && self.route.as_deref().is_none_or(|r| Some(r) == template)
    }
}

/// The scripted faults, in order.
#[derive(Default, Debug)]
pub(crate) struct FaultScript {
    faults: Vec<Fault>,
}

impl FaultScript {
    pub(crate) fn push(&mut self, fault: Fault) {
        if fault.remaining > 0 {
            self.faults.push(fault);
        }
    }

    pub(crate) fn clear(&mut self) {
        self.faults.clear();
    }

    pub(crate) fn pending(&self) -> Vec<Fault> {
        self.faults.clone()
    }

    /// Takes one use of the first fault matching the request. A matching fault that still
    /// lets requests through counts this one and lets it on to the next faults.
    pub(crate) fn take(&mut self, method: Method, template: Option<&str>) -> Option<Fault> {
        let mut matching = self
            .faults
            .iter_mut()
            .enumerate()
            .filter(|(_, f)| f.matches(method, template));
        let (i, fault) = loop {
            let (i, fault) = matching.next()?;
            if fault.skip == 0 {
                break (i, fault);
            }
            fault.skip -= 1;
        };
        fault.remaining -= 1;
        let taken = fault.clone();
        if fault.remaining == 0 {
            self.faults.remove(i);
        }
        Some(taken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_used_up_in_order_and_by_route() {
        let mut script = FaultScript::default();
        script.push(Fault::status(503).on(Method::Post, "/chats").times(2));
        script.push(Fault::timeout());
        let get = script.take(Method::Get, Some("/chats")).expect("catch-all");
        assert_eq!(get.kind, FaultKind::Timeout);
        assert!(script.take(Method::Get, Some("/chats")).is_none());
        for _ in 0..2 {
            let post = script.take(Method::Post, Some("/chats")).expect("route");
            assert!(matches!(post.kind, FaultKind::Status { status: 503, .. }));
        }
        assert!(script.take(Method::Post, Some("/chats")).is_none());
        assert!(script.pending().is_empty());
    }

    #[test]
    fn a_skipping_fault_lets_requests_through_then_catches() {
        let mut script = FaultScript::default();
        script.push(Fault::status(500).on(Method::Get, "/messages").skip(2));
        script.push(Fault::timeout().on(Method::Get, "/messages"));
        // The first request passes the skipping fault and meets the next one.
        let first = script
            .take(Method::Get, Some("/messages"))
            .expect("second fault");
        assert_eq!(first.kind, FaultKind::Timeout);
        assert!(
            script.take(Method::Get, Some("/chats")).is_none(),
            "other routes pass"
        );
        assert!(script.take(Method::Get, Some("/messages")).is_none());
        let third = script.take(Method::Get, Some("/messages")).expect("caught");
        assert!(matches!(third.kind, FaultKind::Status { status: 500, .. }));
        assert!(script.pending().is_empty());
    }
}
