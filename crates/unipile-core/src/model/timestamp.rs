//! Writing timestamps: the two texts the SDK writes, in one place.
//!
//! - [`format_lossless`] is what the model's types serialize to: RFC 3339 in UTC with
//!   milliseconds, as Unipile writes them, or more digits when the time has them, so that
//!   writing and reading back never loses anything.
//! - [`format_millis`] is what the API's parameters require (`before`, `after`…):
//!   exactly three fraction digits, finer precision truncated. Its texts all have the same
//!   width, so they also sort as the times they stand for.
//!
//! Reading any form Unipile sends is [`lenient::timestamp`](super::lenient::timestamp).

use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};
use serde::Serializer;

/// RFC 3339 in UTC with a `Z`: milliseconds (`2025-12-31T23:59:59.999Z`), or more digits
/// when the time has them, so that writing and reading back never loses anything.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use unipile_core::model::timestamp::format_lossless;
/// let at = Utc.with_ymd_and_hms(2025, 12, 31, 23, 59, 59).unwrap();
/// assert_eq!(format_lossless(&at), "2025-12-31T23:59:59.000Z");
/// let finer = at + chrono::TimeDelta::microseconds(1);
/// assert_eq!(format_lossless(&finer), "2025-12-31T23:59:59.000001Z");
/// ```
pub fn format_lossless(at: &DateTime<Utc>) -> String {
    if at.timestamp_subsec_nanos().is_multiple_of(1_000_000) {
        at.to_rfc3339_opts(SecondsFormat::Millis, true)
    } else {
        at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

/// Formats a date as the API requires: `YYYY-MM-DDTHH:MM:SS.sssZ`, always in UTC with
/// exactly three fraction digits (finer precision is truncated).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use unipile_core::model::timestamp::format_millis;
/// let at = Utc.with_ymd_and_hms(2025, 12, 31, 23, 59, 59).unwrap();
/// assert_eq!(format_millis(&at), "2025-12-31T23:59:59.000Z");
/// let finer = at + chrono::TimeDelta::microseconds(1);
/// assert_eq!(format_millis(&finer), "2025-12-31T23:59:59.000Z");
/// ```
pub fn format_millis(at: &DateTime<Utc>) -> String {
    let (year, nanos) = (at.year(), at.nanosecond());
    // Outside years 0 to 9999, and in a leap second, chrono's own formatting.
    let (Ok(year @ 0..=9999), 0..=999_999_999) = (u32::try_from(year), nanos) else {
        return at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    };
    let mut text = String::with_capacity(24);
    let mut digits = |n: u32, width: u32, then: char| {
        for place in (0..width).rev() {
            let digit = n / 10_u32.pow(place) % 10;
            text.push(char::from(b'0' + digit as u8));
        }
        text.push(then);
    };
    digits(year, 4, '-');
    digits(at.month(), 2, '-');
    digits(at.day(), 2, 'T');
    digits(at.hour(), 2, ':');
    digits(at.minute(), 2, ':');
    digits(at.second(), 2, '.');
    digits(nanos / 1_000_000, 3, 'Z');
    text
}

/// Serializes a timestamp as [`format_lossless`] writes it, for `#[serde(serialize_with)]`.
pub(crate) fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_lossless(at))
}

/// As [`serialize`], for an optional timestamp (`None` is `null`).
pub(crate) fn serialize_opt<S: Serializer>(
    at: &Option<DateTime<Utc>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => serialize(at, s),
        None => s.serialize_none(),
    }
}
