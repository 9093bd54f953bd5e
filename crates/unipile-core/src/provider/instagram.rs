//! Instagram ids: numeric ids and usernames.

use super::text::{
    classify_id_or_username, is_username, normalize_id_or_username, parse_web_address,
};
use super::{IdKind, Normalized, Provider, ProviderRules};

/// The rules of Instagram ids.
///
/// | input | kind | normalized |
/// |---|---|---|
/// | `013456789` | numeric user id | itself |
/// | `unipile.app`, `@unipile.app` | username | lookup `unipile.app` |
/// | `https://www.instagram.com/unipile.app/` | — | lookup `unipile.app` |
///
/// To start a chat, Unipile wants the `provider_messaging_id` of the user's profile (the
/// id that messages and attendees carry). A numeric `provider_id` from elsewhere has the
/// same shape, so the rules cannot tell them apart: resolve a username and send its
/// profile's `provider_messaging_id`. Digits are always read as an id: write an all-digit
/// username with its `@`.
#[derive(Clone, Copy, Default, Debug)]
pub struct InstagramRules;

/// Instagram usernames: up to 30 letters, digits, `.` and `_`.
fn username(text: &str) -> Option<&str> {
    let name = text.strip_prefix('@').unwrap_or(text);
    is_username(name, 1, 30, &['.']).then_some(name)
}

/// First path segments of instagram.com addresses that are pages, not profiles.
const NOT_PROFILES: &[&str] = &[
    "p", "reel", "reels", "tv", "stories", "explore", "direct", "accounts",
];

const LOOKUP_USERNAME: &str =
    "a username must be resolved into the user's id (send the profile's provider_messaging_id)";

impl ProviderRules for InstagramRules {
    fn provider(&self) -> Provider {
        Provider::Instagram
    }

    fn classify(&self, id: &str) -> Option<IdKind> {
        classify_id_or_username(id, username)
    }

    fn normalize(&self, input: &str) -> Normalized {
        let text = input.trim();
        if let Some(normalized) = normalize_id_or_username(text, username, LOOKUP_USERNAME) {
            return normalized;
        }
        if text.contains('/')
            && let Some(address) = parse_web_address(text).filter(|a| a.is_on("instagram.com"))
        {
            return match address.segments.as_slice() {
                [name, ..]
                    if username(name).is_some() && !NOT_PROFILES.contains(&name.as_str()) =>
                {
                    Normalized::lookup(name.as_str(), LOOKUP_USERNAME)
                }
                _ => Normalized::invalid(input, "this Instagram address names no profile"),
            };
        }
        Normalized::invalid(
            input,
            "not an Instagram user id (digits), username (`unipile.app`) or profile address",
        )
    }
}
