//! Rendered list pages, kept until the state changes, so a fake serving the same walk many
//! times (a benchmark) renders each page once.
//!
//! Off by default ([`FakeUnipileBuilder::read_cache`](crate::FakeUnipileBuilder::read_cache)).
//! An answer is a function of the state and the request's path and query only (the key is
//! checked before, disconnected accounts are refused before), so a cached answer is the
//! one the fake would render again: the same status, headers and bytes. Every exclusive
//! lock of the state empties the cache, while no reader can hold the state, and an answer
//! is stored while its reader still holds the state it was rendered from: a page is never
//! served from a state older than the current one.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use unipile_core::transport::{HttpRequest, HttpResponse};

use crate::api_error::ApiFailure;
use crate::list::ListQuirk;
use crate::route::Route;
use crate::state::State;

/// The rendered list answers, up to a budget of body bytes.
#[derive(Debug)]
pub(crate) struct ReadCache {
    budget: usize,
    entries: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    bytes: usize,
    answers: HashMap<String, HttpResponse>,
}

impl ReadCache {
    /// An empty cache that keeps at most `budget` bytes of bodies; past it, answers are
    /// rendered each time.
    pub(crate) fn new(budget: usize) -> Self {
        Self {
            budget,
            entries: Mutex::new(Entries::default()),
        }
    }

    /// Forgets every answer (the state is about to change).
    pub(crate) fn clear(&self) {
        let mut entries = lock(&self.entries);
        entries.answers.clear();
        entries.bytes = 0;
    }

    fn get(&self, key: &str) -> Option<HttpResponse> {
        lock(&self.entries).answers.get(key).cloned()
    }

    fn put(&self, key: String, response: &HttpResponse) {
        let mut entries = lock(&self.entries);
        let bytes = entries.bytes + response.body.len();
        if bytes <= self.budget {
            entries.bytes = bytes;
            entries.answers.insert(key, response.clone());
        }
    }
}

/// Locks a mutex, ignoring poisoning (as the fake does: it stays usable after a panic).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Answers a read from `state`, through `cache` for a list page when there is one.
pub(crate) fn answer_read(
    cache: Option<&ReadCache>,
    state: &State,
    route: &Route,
    request: &HttpRequest,
    quirk: Option<ListQuirk>,
) -> Result<HttpResponse, ApiFailure> {
    // A page answered with a quirk is neither served from the cache nor kept in it.
    let Some(cache) = cache.filter(|_| is_list(route) && quirk.is_none()) else {
        return crate::handlers::read(state, route, request, quirk);
    };
    let key = key(request);
    if let Some(hit) = cache.get(&key) {
        return Ok(hit);
    }
    let response = crate::handlers::read(state, route, request, None)?;
    if response.status == 200 {
        cache.put(key, &response);
    }
    Ok(response)
}

/// The lists, whose pages are worth keeping.
fn is_list(route: &Route) -> bool {
    matches!(
        route,
        Route::ListAccounts
            | Route::ListChats
            | Route::ListChatMessages(_)
            | Route::ListChatAttendees(_)
            | Route::ListMessages
            | Route::ListAttendees
            | Route::ListAttendeeChats(_)
            | Route::ListAttendeeMessages(_)
            | Route::ListWebhooks
    )
}

/// The path and the query pairs in a stable order: clients send the same query in
/// different orders.
fn key(request: &HttpRequest) -> String {
    let mut pairs: Vec<&(String, String)> = request.query.iter().collect();
    pairs.sort();
    let mut key = request.path.clone();
    for (name, value) in pairs {
        key.push('\n');
        key.push_str(name);
        key.push('=');
        key.push_str(value);
    }
    key
}
