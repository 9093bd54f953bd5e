//! Whether the fake serves an endpoint: by `unipile_mock::ROUTES`, or listed in
//! [`NOT_IN_FAKE`] with the reason it does not yet. The endpoints table shows it and the
//! coverage check enforces it.

use unipile_core::request::Endpoint;
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

/// Whether the fake implements `endpoint`, by `unipile_mock::ROUTES` and [`NOT_IN_FAKE`].
pub fn fake_support(endpoint: &Endpoint) -> FakeSupport {
    support_in(endpoint, unipile_mock::ROUTES, NOT_IN_FAKE)
}

/// How the fake stands with `endpoint`, given what it serves and what is listed as not yet.
pub fn support_in(
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
