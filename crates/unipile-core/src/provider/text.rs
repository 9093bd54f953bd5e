//! Small text helpers shared by the provider rules: digits, numeric ids and usernames,
//! phone numbers, web addresses.

use super::{IdKind, Normalized};
use percent_encoding::percent_decode_str;

/// Whether `text` is non-empty and made of ASCII digits only.
pub(crate) fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `text` is a bare string of ASCII digits whose length is in `min..=max`.
pub(crate) fn is_digits_len(text: &str, min: usize, max: usize) -> bool {
    is_digits(text) && (min..=max).contains(&text.len())
}

/// Whether `text` is a numeric user id as Instagram, Messenger, Telegram and X give them
/// (`013456789`: digits, leading zeros kept).
pub(crate) fn is_numeric_user_id(text: &str) -> bool {
    is_digits_len(text, 1, 30)
}

/// Whether `text` is a username of `min..=max` characters from `A–Z a–z 0–9 _`, plus the
/// characters in `extra`.
pub(crate) fn is_username(text: &str, min: usize, max: usize, extra: &[char]) -> bool {
    (min..=max).contains(&text.chars().count())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || extra.contains(&c))
}

/// The kind of `id` for the providers that name users by a numeric id or a username
/// (Instagram, Telegram, X): digits are always an id; otherwise `username` (which accepts
/// an optional `@`) decides.
pub(crate) fn classify_id_or_username(
    id: &str,
    username: fn(&str) -> Option<&str>,
) -> Option<IdKind> {
    if is_numeric_user_id(id) {
        return Some(IdKind::NumericUserId);
    }
    username(id).map(|_| IdKind::Username)
}

/// The first steps of normalizing for those providers: digits resolve as themselves, a
/// username becomes a lookup for `lookup_reason`; `None` for any other input.
pub(crate) fn normalize_id_or_username(
    text: &str,
    username: fn(&str) -> Option<&str>,
    lookup_reason: &'static str,
) -> Option<Normalized> {
    if is_numeric_user_id(text) {
        return Some(Normalized::resolved(text, IdKind::NumericUserId));
    }
    username(text).map(|name| Normalized::lookup(name, lookup_reason))
}

/// The shortest and longest phone numbers, country code included (E.164 caps them at 15).
const PHONE_DIGITS_MIN: usize = 7;
const PHONE_DIGITS_MAX: usize = 15;

/// What a piece of text written as a phone number turned out to be.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) enum Phone {
    /// An international number: its digits, country code first, without `+` or `00`.
    International(String),
    /// A national number with a trunk `0` and no country code (`06 00 00 00 00`).
    Local(String),
    /// Text shaped like a phone number that cannot be one; the reason says why.
    Invalid(&'static str),
    /// Not written as a phone number at all (letters, `@`…).
    Other,
}

/// Reads a phone number in the forms people write them: `+33 6 00 00 00 00`,
/// `0033600000000`, `(33) 600-000-000`, `+44 (0)20 7946 0000`, `33600000000`.
///
/// Digits with no `+` or `00` in front and no leading `0` are read as international
/// (country code first), the form Unipile itself uses for phone numbers.
pub(crate) fn parse_phone(input: &str) -> Phone {
    let text = input.trim();
    if text.is_empty() {
        return Phone::Other;
    }
    let allowed = |c: char| {
        c.is_ascii_digit() || matches!(c, '+' | '(' | ')' | '-' | '.' | '/') || c.is_whitespace()
    };
    if !text.chars().all(allowed) || !text.chars().any(|c| c.is_ascii_digit()) {
        return Phone::Other;
    }
    let (international, rest) = match text.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if rest.contains('+') {
        return Phone::Invalid("a `+` may only start a phone number");
    }
    // `+44 (0)20…`: the `(0)` is the national trunk prefix, dropped when dialling abroad.
    let compact: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = if international {
        compact.replacen("(0)", "", 1)
    } else {
        compact
    };
    let digits: String = compact.chars().filter(char::is_ascii_digit).collect();
    let digits = if international {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_owned()
    } else if digits.starts_with('0') {
        return Phone::Local(digits);
    } else {
        digits
    };
    if digits.starts_with('0') {
        return Phone::Invalid("a country code never starts with 0");
    }
    if !(PHONE_DIGITS_MIN..=PHONE_DIGITS_MAX).contains(&digits.len()) {
        return Phone::Invalid(
            "an international phone number has 7 to 15 digits, country code included",
        );
    }
    Phone::International(digits)
}

/// A web address split into its lower-cased host and its decoded path segments.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct WebAddress {
    pub(crate) host: String,
    pub(crate) segments: Vec<String>,
}

/// Reads `https://host/a/b/?query#fragment`, with or without the scheme, and returns its
/// host and decoded, non-empty path segments. `None` when the text is not a web address
/// or a segment is not valid percent-encoded UTF-8.
pub(crate) fn parse_web_address(input: &str) -> Option<WebAddress> {
    let text = input.trim();
    let lower_scheme = text.get(..8).map(str::to_ascii_lowercase);
    let rest = match lower_scheme.as_deref() {
        Some("https://") => &text[8..],
        Some(s) if s.starts_with("http://") => &text[7..],
        _ if text.contains("://") => return None,
        _ => text,
    };
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let rest = &rest[..end];
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = host.to_ascii_lowercase();
    if host.is_empty() || !host.contains('.') || host.chars().any(|c| c.is_whitespace()) {
        return None;
    }
    let mut segments = Vec::new();
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let decoded = percent_decode_str(raw).decode_utf8().ok()?;
        segments.push(decoded.into_owned());
    }
    Some(WebAddress { host, segments })
}

impl WebAddress {
    /// Whether the host is `domain` or one of its subdomains (`www.`, `fr.`…).
    pub(crate) fn is_on(&self, domain: &str) -> bool {
        self.host == domain
            || self
                .host
                .strip_suffix(domain)
                .is_some_and(|sub| sub.ends_with('.'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_written_forms() {
        let table = [
            (
                "+33 6 00 00 00 00",
                Phone::International("33600000000".into()),
            ),
            ("0033600000000", Phone::International("33600000000".into())),
            (
                "(33) 600-000-000",
                Phone::International("33600000000".into()),
            ),
            ("33600000000", Phone::International("33600000000".into())),
            (
                "+44 (0)20 7946 0000",
                Phone::International("442079460000".into()),
            ),
            (
                "+1.202.555.0123",
                Phone::International("12025550123".into()),
            ),
            ("06 00 00 00 00", Phone::Local("0600000000".into())),
            ("+0 6", Phone::Invalid("a country code never starts with 0")),
            ("1+2", Phone::Invalid("a `+` may only start a phone number")),
            ("julien", Phone::Other),
            ("33600000000@s.whatsapp.net", Phone::Other),
            ("(-)", Phone::Other),
        ];
        for (input, want) in table {
            assert_eq!(parse_phone(input), want, "{input}");
        }
        assert!(matches!(parse_phone("+33 6"), Phone::Invalid(_)));
        assert!(matches!(
            parse_phone("+1234567890123456"),
            Phone::Invalid(_)
        ));
    }

    #[test]
    fn web_addresses() {
        let a = parse_web_address("HTTPS://WWW.LinkedIn.com/in/julien-crepieux/?utm=x#top")
            .expect("url");
        assert_eq!(a.host, "www.linkedin.com");
        assert_eq!(a.segments, ["in", "julien-crepieux"]);
        assert!(a.is_on("linkedin.com"));
        let a = parse_web_address("linkedin.com/in/jos%C3%A9").expect("url");
        assert_eq!(a.segments, ["in", "josé"]);
        assert!(a.is_on("linkedin.com"));
        let a = parse_web_address("evil-linkedin.com/in/x").expect("url");
        assert!(!a.is_on("linkedin.com"));
        assert_eq!(parse_web_address("julien-crepieux"), None);
        assert_eq!(parse_web_address("ftp://linkedin.com/in/x"), None);
        assert_eq!(parse_web_address("linkedin.com/in/%FF"), None);
    }
}
