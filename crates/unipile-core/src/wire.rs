//! Serde helpers shared by the model's types (crate-private).

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// RFC 3339 in UTC with a `Z`: milliseconds, as Unipile writes them
/// (`2025-12-31T23:59:59.999Z`), or more digits when the time has them, so that
/// writing and reading back never loses anything.
pub(crate) fn format_timestamp(t: &DateTime<Utc>) -> String {
    if t.timestamp_subsec_nanos() % 1_000_000 == 0 {
        t.to_rfc3339_opts(SecondsFormat::Millis, true)
    } else {
        t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

pub(crate) fn timestamp<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_timestamp(t))
}

pub(crate) fn opt_timestamp<S: Serializer>(
    t: &Option<DateTime<Utc>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => timestamp(t, s),
        None => s.serialize_none(),
    }
}

/// A required id or string enum value that may be missing or `null` in practice:
/// it reads as the empty value.
pub(crate) fn or_empty<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + From<&'static str>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_else(empty))
}

/// The empty id or string enum value, for `#[serde(default = …)]`.
pub(crate) fn empty<T: From<&'static str>>() -> T {
    T::from("")
}

/// An optional open int enum, accepting numeric strings; `null` and `""` are `None`.
pub(crate) fn opt_code<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: From<i64>,
{
    Ok(crate::lenient::opt_i64(d)?.map(T::from))
}
