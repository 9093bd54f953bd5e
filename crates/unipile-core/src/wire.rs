//! Serde helpers shared by the model's types (crate-private).

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serializer};
use std::fmt;

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

/// A string; any other JSON value (a number, a boolean, an object, an array) kept as
/// its JSON text; `null` or a missing field as `None`. Read straight from the input: only
/// an object or an array goes through `serde_json::Value`.
pub(crate) fn opt_json_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or any JSON value")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            // As JSON writes it (`1.0`, `1e300`), not as Rust does (`1`, `1000…0`).
            Ok(Some(serde_json::Value::from(v).to_string()))
        }
        // Rare: an object or array is kept as its JSON text.
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            let value = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
            Ok(Some(value.to_string()))
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            let value = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
            Ok(Some(value.to_string()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(V)
        }
    }
    d.deserialize_option(V)
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Text(#[serde(default, deserialize_with = "super::opt_json_text")] Option<String>);

    fn read(json: &str) -> Option<String> {
        serde_json::from_str::<Text>(json)
            .expect("any JSON value reads")
            .0
    }

    #[test]
    fn opt_json_text_keeps_any_value_as_its_json_text() {
        assert_eq!(read(r#""a \"b\"""#).as_deref(), Some(r#"a "b""#));
        assert_eq!(read("null"), None);
        assert_eq!(read("true").as_deref(), Some("true"));
        assert_eq!(read("-7").as_deref(), Some("-7"));
        assert_eq!(read("1.0").as_deref(), Some("1.0"));
        assert_eq!(
            read(r#"{"a":[1,null]}"#).as_deref(),
            Some(r#"{"a":[1,null]}"#)
        );
    }
}
