use std::fmt;

/// A header value, possibly sensitive. A sensitive value (the API key) prints as
/// `<redacted>` in `Debug` and is never written to a log by the SDK.
#[derive(Clone, PartialEq, Eq)]
pub struct HeaderValue {
    value: String,
    sensitive: bool,
}

impl HeaderValue {
    /// A value that may be shown in logs.
    pub fn new(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            sensitive: false,
        }
    }

    /// A secret value, redacted from `Debug`.
    pub fn sensitive(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            sensitive: true,
        }
    }

    /// The value, for the transport that puts it on the wire.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Whether the value is secret.
    pub fn is_sensitive(&self) -> bool {
        self.sensitive
    }
}

impl fmt::Debug for HeaderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sensitive {
            f.write_str("<redacted>")
        } else {
            fmt::Debug::fmt(&self.value, f)
        }
    }
}

/// An ordered list of headers with case-insensitive names.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Headers(Vec<(String, HeaderValue)>);

impl Headers {
    /// No headers.
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// Sets `name`, replacing any value it had (names compare case-insensitively).
    pub fn insert(&mut self, name: &str, value: HeaderValue) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.0.push((name.to_owned(), value));
    }

    /// Adds a value for `name`, keeping those it had.
    pub fn append(&mut self, name: &str, value: HeaderValue) {
        self.0.push((name.to_owned(), value));
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every header, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &HeaderValue)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v))
    }

    /// How many headers there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(n, v)| (n, v)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_values_are_redacted_from_debug() {
        let mut h = Headers::new();
        h.insert("X-API-KEY", HeaderValue::sensitive("sk_live_secret"));
        h.insert("accept", HeaderValue::new("application/json"));
        let shown = format!("{h:?}");
        assert!(!shown.contains("sk_live_secret"), "{shown}");
        assert!(shown.contains("<redacted>"));
        assert!(shown.contains("application/json"));
        assert_eq!(h.get("x-api-key"), Some("sk_live_secret"));
        h.insert("x-api-key", HeaderValue::sensitive("other"));
        assert_eq!(h.len(), 2);
    }
}
