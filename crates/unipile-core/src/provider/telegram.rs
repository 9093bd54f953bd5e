//! Telegram ids: numeric ids, phone numbers and usernames.

use super::text::{
    Phone, classify_id_or_username, is_username, normalize_id_or_username, parse_phone,
    parse_web_address,
};
use super::{IdKind, Normalized, Provider, ProviderRules};

/// The rules of Telegram ids.
///
/// | input | kind | normalized |
/// |---|---|---|
/// | `013456789` | numeric user id | itself |
/// | `+33 6 00 00 00 00` | — | lookup `33600000000` |
/// | `@durov`, `durov`, `https://t.me/durov` | username | lookup `durov` |
///
/// Telegram's public identifier is the phone number, resolved with `GET /users/{identifier}`.
/// Bare digits are read as a user id; write a phone number with its `+` (or `00`). Usernames
/// are passed to the same lookup, though only phone numbers are documented for it.
#[derive(Clone, Copy, Default, Debug)]
pub struct TelegramRules;

/// Telegram usernames: 5 to 32 characters from `A–Z a–z 0–9 _`, starting with a letter.
fn username(text: &str) -> Option<&str> {
    let name = text.strip_prefix('@').unwrap_or(text);
    let starts_with_letter = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    (starts_with_letter && is_username(name, 5, 32, &[])).then_some(name)
}

const LOOKUP_USERNAME: &str = "a username must be resolved into the user's id";

impl ProviderRules for TelegramRules {
    fn provider(&self) -> Provider {
        Provider::Telegram
    }

    fn classify(&self, id: &str) -> Option<IdKind> {
        classify_id_or_username(id, username)
    }

    fn normalize(&self, input: &str) -> Normalized {
        let text = input.trim();
        if let Some(normalized) = normalize_id_or_username(text, username, LOOKUP_USERNAME) {
            return normalized;
        }
        if let Some(address) = parse_web_address(text).filter(|a| a.host == "t.me") {
            return match address.segments.as_slice() {
                [name] if username(name).is_some() => {
                    Normalized::lookup(name.as_str(), LOOKUP_USERNAME)
                }
                _ => Normalized::invalid(input, "this t.me address names no user"),
            };
        }
        match parse_phone(text) {
            Phone::International(digits) if text.starts_with('+') || text.starts_with("00") => {
                Normalized::lookup(digits, "a phone number must be resolved into the user's id")
            }
            Phone::Local(_) => Normalized::invalid(
                input,
                "a national number without a country code: write it in international form \
                 (`+33 6 00 00 00 00`)",
            ),
            Phone::Invalid(reason) => Normalized::invalid(input, reason),
            _ => Normalized::invalid(
                input,
                "not a Telegram user id (digits), phone number (`+33 6 00 00 00 00`) or \
                 username (`@durov`)",
            ),
        }
    }
}
