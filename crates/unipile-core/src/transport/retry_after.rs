//! Reading the `Retry-After` header.

use super::Headers;
use chrono::{DateTime, NaiveDateTime, Utc};
use std::time::Duration;

/// The wait a `Retry-After` value asks for, as seen at `now`.
///
/// Accepts delta-seconds (`120`) and an HTTP date: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`, read with chrono's RFC 2822 parser) and the two
/// obsolete forms HTTP still asks clients to read (RFC 850 and asctime). A date in the
/// past asks for no wait. A number too large for a `Duration` saturates instead of
/// failing; the [`RetryPolicy`](crate::client::retry::RetryPolicy) clamps what it actually waits.
/// Anything else (`-5`, `1.5`, `soon`) is `None`: a malformed header is ignored.
///
/// `now` is passed in (from the caller's clock) so that this stays pure.
///
/// ```
/// use std::time::Duration;
/// use unipile_core::client::retry::parse_retry_after;
/// let now = chrono::DateTime::parse_from_rfc3339("2015-10-21T07:28:00Z").unwrap().to_utc();
/// assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
/// assert_eq!(
///     parse_retry_after("Wed, 21 Oct 2015 07:29:30 GMT", now),
///     Some(Duration::from_secs(90)),
/// );
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        // All digits, so the only way to fail is overflow: saturate.
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds));
    }
    let date = parse_http_date(value)?;
    // A date in the past (or now) means "you may retry at once".
    Some((date - now).to_std().unwrap_or(Duration::ZERO))
}

/// The `Retry-After` of a response's headers (see [`parse_retry_after`]).
pub fn retry_after(headers: &Headers, now: DateTime<Utc>) -> Option<Duration> {
    headers
        .get("retry-after")
        .and_then(|value| parse_retry_after(value, now))
}

fn parse_http_date(value: &str) -> Option<DateTime<Utc>> {
    if let Ok(date) = DateTime::parse_from_rfc2822(value) {
        return Some(date.to_utc());
    }
    // RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
    let rfc850 = value
        .strip_suffix("GMT")
        .and_then(|v| NaiveDateTime::parse_from_str(v.trim_end(), "%A, %d-%b-%y %H:%M:%S").ok());
    rfc850
        .or_else(|| NaiveDateTime::parse_from_str(value, "%a %b %e %H:%M:%S %Y").ok())
        .map(|naive| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("test date")
            .to_utc()
    }

    #[test]
    fn all_three_http_date_forms() {
        let now = at("1994-11-06T08:49:00Z");
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                parse_retry_after(form, now),
                Some(Duration::from_secs(37)),
                "{form}"
            );
        }
    }
}
