//! X (Twitter) ids: numeric ids and handles.

use super::text::{
    classify_id_or_username, is_username, normalize_id_or_username, parse_web_address,
};
use super::{IdKind, Normalized, Provider, ProviderRules};

/// The rules of X (formerly Twitter) ids; the v1 API names the provider `TWITTER`.
///
/// | input | kind | normalized |
/// |---|---|---|
/// | `013456789` | numeric user id | itself |
/// | `@unipile`, `unipile` | username | lookup `unipile` |
/// | `https://x.com/unipile`, `twitter.com/unipile/status/1` | — | lookup `unipile` |
///
/// Digits are always read as an id: write an all-digit handle with its `@`.
#[derive(Clone, Copy, Default, Debug)]
pub struct TwitterRules;

/// X handles: up to 15 characters from `A–Z a–z 0–9 _`, with or without the `@`.
fn handle(text: &str) -> Option<&str> {
    let name = text.strip_prefix('@').unwrap_or(text);
    is_username(name, 1, 15, &[]).then_some(name)
}

/// First path segments of x.com addresses that are pages, not profiles.
const NOT_PROFILES: &[&str] = &[
    "home",
    "explore",
    "search",
    "notifications",
    "messages",
    "settings",
    "i",
    "intent",
    "share",
    "hashtag",
];

const LOOKUP_HANDLE: &str = "a handle must be resolved into the user's id";

impl ProviderRules for TwitterRules {
    fn provider(&self) -> Provider {
        Provider::Twitter
    }

    fn classify(&self, id: &str) -> Option<IdKind> {
        classify_id_or_username(id, handle)
    }

    fn normalize(&self, input: &str) -> Normalized {
        let text = input.trim();
        if let Some(normalized) = normalize_id_or_username(text, handle, LOOKUP_HANDLE) {
            return normalized;
        }
        let address = parse_web_address(text)
            .filter(|_| text.contains('/'))
            .filter(|a| a.is_on("x.com") || a.is_on("twitter.com"));
        if let Some(address) = address {
            return match address.segments.first() {
                Some(name)
                    if handle(name).is_some()
                        && !NOT_PROFILES.contains(&name.to_ascii_lowercase().as_str()) =>
                {
                    Normalized::lookup(name.as_str(), LOOKUP_HANDLE)
                }
                _ => Normalized::invalid(input, "this X address names no profile"),
            };
        }
        Normalized::invalid(
            input,
            "not an X user id (digits), handle (`@unipile`) or profile address",
        )
    }
}
