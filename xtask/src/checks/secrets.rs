//! No credential shaped like a real one in fixtures, docs or examples.
//!
//! **The shape.** A credential is what follows a label that introduces one
//! ([`LABELS`]: `X-API-KEY`, `api_key`, `Unipile-Auth`, `Authorization`, `secret`…, any
//! case), past separators (quotes, `:`, `=`, `,`, spaces) and the words `value` (the
//! `{"key": "Unipile-Auth", "value": "…"}` header shape) or `Bearer`. It looks real when
//! it is a token of at least [`MIN_LEN`] characters from the base64/hex/URL-safe alphabet
//! that mixes at least two of lower case, upper case and digits, has at least
//! [`MIN_ENTROPY`] bits of Shannon entropy per character, and says nothing of being a
//! placeholder ([`PLACEHOLDER_WORDS`]: `example`, `placeholder`, `your`, `test`…).
//!
//! So `X-API-KEY: <your key>`, `api_key = "example-api-key"` and
//! `whsec_example_not_a_real_secret_42` pass, and `X-API-KEY: Zq3vT9xLm2Rk8BfW1pYc5HdN`
//! does not.

use crate::workspace::{display, files_under};
use std::fs;
use std::path::Path;

/// The folders scanned, relative to the workspace root.
const SCANNED: &[&str] = &["tests/fixtures", "docs", "examples"];

/// Labels after which a credential is written (compared without case).
const LABELS: &[&str] = &[
    "x-api-key",
    "api_key",
    "api-key",
    "apikey",
    "unipile-auth",
    "access_token",
    "authorization",
    "secret",
    "password",
];

/// Words that make a token a placeholder (compared without case).
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "placeholder",
    "redacted",
    "dummy",
    "fake",
    "sample",
    "not_a_real",
    "not-a-real",
    "your",
    "xxxx",
    "changeme",
    "change-me",
    "test",
];

/// The shortest token that can be a real key.
const MIN_LEN: usize = 20;
/// Below this entropy (bits per character) a token is too regular to be a random key.
const MIN_ENTROPY: f64 = 3.0;

/// A credential-shaped token in some text.
#[derive(Debug, PartialEq)]
pub struct Finding {
    /// The line, from 1.
    pub line: usize,
    /// The label it follows, as written.
    pub label: String,
    /// The token's first characters (never the whole token).
    pub start: String,
    /// The token's length.
    pub len: usize,
}

/// Problems: one per credential-shaped token in the scanned folders.
pub fn check(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for dir in SCANNED {
        for path in files_under(&root.join(dir)) {
            // Binary files cannot hold a written key; skip what is not UTF-8.
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            for finding in find_credentials(&text) {
                problems.push(format!(
                    "{}:{}: `{}` is followed by what looks like a real credential \
                     (`{}…`, {} characters): replace it with a placeholder such as \
                     `example-api-key`, and revoke the key if it was real",
                    display(root, &path),
                    finding.line,
                    finding.label,
                    finding.start,
                    finding.len
                ));
            }
        }
    }
    problems
}

/// Every credential-shaped token after a label in `text`.
pub fn find_credentials(text: &str) -> Vec<Finding> {
    let lower = text.to_ascii_lowercase();
    let mut findings: Vec<Finding> = Vec::new();
    for label in LABELS {
        let mut from = 0;
        while let Some(found) = lower[from..].find(label) {
            let start = from + found;
            let end = start + label.len();
            from = end;
            let Some(token) = token_after(&text[end..]) else {
                continue;
            };
            if !looks_real(token) {
                continue;
            }
            let line = text[..start].matches('\n').count() + 1;
            if findings.iter().any(|f| f.line == line) {
                continue;
            }
            findings.push(Finding {
                line,
                label: text[start..end].to_string(),
                start: token.chars().take(4).collect(),
                len: token.len(),
            });
        }
    }
    findings.sort_by_key(|f| f.line);
    findings
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-' | '.')
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | ':' | '=' | ',' | '`')
}

/// The token that follows a label: separators, then maybe `value` or `Bearer`, then it.
fn token_after(rest: &str) -> Option<&str> {
    let mut rest = rest;
    // A label that runs on into a longer name (`X-API-KEY-ID`) introduces nothing.
    let mut skipped_words = 0;
    loop {
        let before = rest.len();
        rest = rest.trim_start_matches(is_separator);
        let consumed = before - rest.len();
        if consumed == 0 && skipped_words == 0 {
            return None;
        }
        let word_len = rest.find(|c: char| !is_token_char(c)).unwrap_or(rest.len());
        let word = &rest[..word_len];
        let filler = word.eq_ignore_ascii_case("value") || word.eq_ignore_ascii_case("bearer");
        if filler && skipped_words < 2 {
            rest = &rest[word_len..];
            skipped_words += 1;
            continue;
        }
        return (!word.is_empty()).then_some(word);
    }
}

/// Whether `token` has the shape of a real, random credential.
pub fn looks_real(token: &str) -> bool {
    if token.len() < MIN_LEN {
        return false;
    }
    let lower = token.to_ascii_lowercase();
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return false;
    }
    let classes = [
        token.bytes().any(|b| b.is_ascii_lowercase()),
        token.bytes().any(|b| b.is_ascii_uppercase()),
        token.bytes().any(|b| b.is_ascii_digit()),
    ];
    if classes.iter().filter(|c| **c).count() < 2 {
        return false;
    }
    entropy(token) >= MIN_ENTROPY
}

/// Shannon entropy of `text`, in bits per character.
fn entropy(text: &str) -> f64 {
    let mut counts = [0usize; 256];
    for b in text.bytes() {
        counts[usize::from(b)] += 1;
    }
    let len = text.len() as f64;
    counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = *c as f64 / len;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_looking_credentials_are_found() {
        for text in [
            "X-API-KEY: Zq3vT9xLm2Rk8BfW1pYc5HdN",
            "x-api-key: 6f1c9a0e4b7d2f8a3c5e9b1d7f0a2c4e",
            r#"{"key": "Unipile-Auth", "value": "kP9rT2mW8vX4zQ7nB3yL6hJ1"}"#,
            "{\n  \"key\": \"Unipile-Auth\",\n  \"value\": \"kP9rT2mW8vX4zQ7nB3yL6hJ1\"\n}",
            "UNIPILE_API_KEY=Ab3De5Gh7Jk9Mn1Pq3St5Vw7Yz",
            r#"{"api_key":"s8F2kL0qP5wZ7xC3vB9nM1aQ4eR6tY"}"#,
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0",
            "let secret = \"h3LL0wOrLd9QpZ2mXv7BnR4t\";",
        ] {
            let findings = find_credentials(text);
            assert_eq!(findings.len(), 1, "missed in: {text}");
        }
    }

    #[test]
    fn placeholders_and_ordinary_values_pass() {
        for text in [
            "X-API-KEY: <your access token>",
            "X-API-KEY: YOUR_API_KEY_GOES_HERE_PLEASE",
            r#"{"key": "Unipile-Auth", "value": "whsec_example_not_a_real_secret_42"}"#,
            "api_key = \"example-api-key\"",
            "api_key: test-key-0000000000000000000000",
            "X-API-KEY: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "X-API-KEY: aaaaaaaaaaaaaaaaaaaaaaaa1",
            "secret: short1A",
            "the api_key is sent in a header",
            "\"secret\": null",
            "x-api-key-id: Zq3vT9xLm2Rk8BfW1pYc5HdN",
            // Ids far from any label are not credentials.
            r#"{"provider_id": "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E"}"#,
            "Authorization header: set it with `HeaderValue::sensitive(key)`",
        ] {
            assert_eq!(find_credentials(text), [], "flagged: {text}");
        }
    }

    #[test]
    fn a_finding_names_the_line_and_label_but_not_the_token() {
        let text = "line one\n\"X-API-KEY\": \"Zq3vT9xLm2Rk8BfW1pYc5HdN\"\n";
        assert_eq!(
            find_credentials(text),
            [Finding {
                line: 2,
                label: "X-API-KEY".to_string(),
                start: "Zq3v".to_string(),
                len: 24,
            }]
        );
    }

    #[test]
    fn the_shape() {
        assert!(looks_real("Zq3vT9xLm2Rk8BfW1pYc5HdN"));
        assert!(!looks_real("Zq3vT9xLm2Rk8BfW1pY"), "too short");
        assert!(!looks_real("abcdefghijklmnopqrstuvwxyz"), "one class");
        assert!(!looks_real("ab12ab12ab12ab12ab12ab12"), "too regular");
        assert!(
            !looks_real("Zq3vT9xLm2Rk8BfW1pYc5HdN-example"),
            "placeholder"
        );
    }

    /// The project's own scanned folders hold no credential.
    #[test]
    fn fixtures_docs_and_examples_hold_no_credentials() {
        let problems = check(&crate::workspace::root());
        assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    }
}
