//! Tolerant deserializers for the shapes Unipile actually sends.
//!
//! The REST API sends flags as `0`/`1`, webhooks send them as `"true"`/`"false"`, and a
//! newer API version sends real booleans; numbers arrive as strings in webhooks; a list
//! may arrive as a single object. These functions accept all of those and are meant for
//! `#[serde(deserialize_with = "…")]`. Serialization always writes the plain Rust value.
//!
//! They are public so that a downstream crate adding its own types can reuse them.

use chrono::{DateTime, TimeZone, Utc};
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A string, or an integer kept as its decimal text.
pub fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or an integer")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(V)
}

/// Like [`string_or_number`], with `null` or a missing field as `None`.
pub fn opt_string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct W(#[serde(deserialize_with = "string_or_number")] String);
    Ok(Option::<W>::deserialize(d)?.map(|w| w.0))
}

struct FlagVisitor;

impl<'de> Visitor<'de> for FlagVisitor {
    type Value = Option<bool>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a flag: 0 or 1, true or false, \"true\" or \"false\", \"0\" or \"1\"")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        match v {
            0 => Ok(Some(false)),
            1 => Ok(Some(true)),
            _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match v {
            0 => Ok(Some(false)),
            1 => Ok(Some(true)),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if v == 0.0 {
            Ok(Some(false))
        } else if v == 1.0 {
            Ok(Some(true))
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match v.trim() {
            "true" | "True" | "TRUE" | "1" => Ok(Some(true)),
            "false" | "False" | "FALSE" | "0" => Ok(Some(false)),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(FlagVisitor)
    }
}

/// A flag sent as `0`/`1`, `true`/`false` or `"true"`/`"false"`; `null` reads as `false`.
///
/// Pair it with `#[serde(default)]` so that a missing flag is `false` too.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(d.deserialize_any(FlagVisitor)?.unwrap_or(false))
}

/// A flag that may be absent or `null` (`None`), in any of the forms [`flag`] accepts.
pub fn opt_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_option(FlagVisitor)
}

macro_rules! lenient_number {
    ($fn_name:ident, $ty:ident, $what:literal) => {
        #[doc = concat!("An optional ", $what, " sent as a JSON number or as a numeric string; `null`, `\"\"` and a missing field read as `None`.")]
        pub fn $fn_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<$ty>, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Option<$ty>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(concat!($what, ", as a number or a numeric string"))
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                    lenient_number!(@int $ty, v, self, Signed)
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                    lenient_number!(@int $ty, v, self, Unsigned)
                }
                fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                    lenient_number!(@float $ty, v, self)
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                    let t = v.trim();
                    if t.is_empty() {
                        return Ok(None);
                    }
                    if let Ok(n) = t.parse::<$ty>() {
                        return Ok(Some(n));
                    }
                    match t.parse::<f64>() {
                        Ok(f) if f.is_finite() => self.visit_f64(f),
                        _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                    }
                }
                fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
                fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
                fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
                    d.deserialize_any(V)
                }
            }
            d.deserialize_option(V)
        }
    };
    (@int f64, $v:ident, $self:ident, $unexpected:ident) => {{
        #[allow(clippy::cast_precision_loss)]
        Ok(Some($v as f64))
    }};
    (@int $ty:ident, $v:ident, $self:ident, $unexpected:ident) => {
        <$ty>::try_from($v)
            .map(Some)
            .map_err(|_| de::Error::invalid_value(de::Unexpected::$unexpected($v), &$self))
    };
    (@float f64, $v:ident, $self:ident) => {
        Ok(Some($v))
    };
    (@float $ty:ident, $v:ident, $self:ident) => {{
        // Integral floats such as `150.0` are accepted; fractions are not.
        if $v.fract() == 0.0 && $v >= <$ty>::MIN as f64 && $v <= <$ty>::MAX as f64 {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Ok(Some($v as $ty))
        } else {
            Err(de::Error::invalid_value(de::Unexpected::Float($v), &$self))
        }
    }};
}

lenient_number!(opt_u64, u64, "an unsigned integer");
lenient_number!(opt_i64, i64, "an integer");
lenient_number!(opt_u32, u32, "an unsigned 32-bit integer");
lenient_number!(opt_f64, f64, "a number");

/// An unsigned integer in any form [`opt_u64`] accepts; `null` or missing reads as `0`.
pub fn u64_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(opt_u64(d)?.unwrap_or(0))
}

/// An unsigned 32-bit integer in any form [`opt_u32`] accepts; `null` or missing reads
/// as `0`.
pub fn u32_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Ok(opt_u32(d)?.unwrap_or(0))
}

/// A flag in any form [`flag`] accepts, where `null` means `true`; pair it with
/// `#[serde(default = "lenient::default_true")]` so that a missing flag is `true` too.
pub fn flag_or_true<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(opt_flag(d)?.unwrap_or(true))
}

/// `true`, for `#[serde(default = …)]`.
pub fn default_true() -> bool {
    true
}

/// An optional id sent as a string or as a number (kept as its decimal text); `null` is
/// `None`.
pub fn opt_id<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: From<String>,
{
    Ok(opt_string_or_number(d)?.map(T::from))
}

/// An HTTP status as a number or a numeric string. An out-of-range or unreadable status
/// reads as `0` instead of failing: it is not worth losing the rest of an error body for.
pub fn status_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .unwrap_or(0))
}

/// Parses a timestamp as Unipile writes them: an RFC 3339 / ISO 8601 string
/// (`2023-09-24T13:49:07.965Z`), or epoch milliseconds as a number or numeric string.
///
/// Returns `None` for text that is neither.
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    super::fixed_time::parse_fixed_utc(t).or_else(|| parse_timestamp_with_chrono(t))
}

/// [`parse_timestamp`] without the fast path for Unipile's fixed form: chrono alone.
pub(crate) fn parse_timestamp_with_chrono(t: &str) -> Option<DateTime<Utc>> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Some(dt.with_timezone(&Utc));
    }
    // ISO 8601 without an offset: Unipile's times are UTC.
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(naive) = chrono::NaiveDateTime::parse_from_str(t, fmt) {
            return Some(Utc.from_utc_datetime(&naive));
        }
    }
    t.parse::<i64>().ok().and_then(millis_to_datetime)
}

fn millis_to_datetime(ms: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms).single()
}

struct TimestampVisitor;

impl<'de> Visitor<'de> for TimestampVisitor {
    type Value = Option<DateTime<Utc>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an ISO 8601 timestamp or epoch milliseconds")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        parse_timestamp(v)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        millis_to_datetime(v)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .ok()
            .and_then(millis_to_datetime)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
            #[allow(clippy::cast_possible_truncation)]
            return self.visit_i64(v as i64);
        }
        Err(E::invalid_value(de::Unexpected::Float(v), &self))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(TimestampVisitor)
    }
}

/// A required timestamp in any form [`parse_timestamp`] accepts.
pub fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    d.deserialize_option(TimestampVisitor)?
        .ok_or_else(|| de::Error::custom("expected a timestamp, found null or an empty string"))
}

/// An optional timestamp; `null`, `""` and a missing field read as `None`.
pub fn opt_timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    d.deserialize_option(TimestampVisitor)
}

/// A list sent as an array, as one bare value (an object, a string, a number…), or as
/// `null` (an empty list).
pub fn one_or_many<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array, a single value or null")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|one| vec![one])
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
            T::deserialize(de::value::StrDeserializer::<E>::new(v)).map(|one| vec![one])
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Vec<T>, E> {
            T::deserialize(de::value::StringDeserializer::<E>::new(v)).map(|one| vec![one])
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<T>, E> {
            T::deserialize(de::value::BoolDeserializer::<E>::new(v)).map(|one| vec![one])
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<T>, E> {
            T::deserialize(de::value::I64Deserializer::<E>::new(v)).map(|one| vec![one])
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<T>, E> {
            T::deserialize(de::value::U64Deserializer::<E>::new(v)).map(|one| vec![one])
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<T>, E> {
            T::deserialize(de::value::F64Deserializer::<E>::new(v)).map(|one| vec![one])
        }
        fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Vec<T>, D2::Error> {
            d.deserialize_any(self)
        }
    }
    d.deserialize_option(V(PhantomData))
}

/// A value whose `null` reads as its default (an empty list or string, say).
pub fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Skips any value. Useful to accept a field whose content is not modelled.
pub fn ignore<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
    IgnoredAny::deserialize(d).map(|_| ())
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
    Ok(opt_i64(d)?.map(T::from))
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
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct Flags {
        #[serde(default, deserialize_with = "flag")]
        f: bool,
        #[serde(default, deserialize_with = "opt_flag")]
        o: Option<bool>,
        #[serde(default, deserialize_with = "opt_u64")]
        n: Option<u64>,
        #[serde(default, deserialize_with = "opt_timestamp")]
        t: Option<DateTime<Utc>>,
    }

    fn parse(json: &str) -> Result<Flags, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn flags_accept_every_documented_form() {
        let table = [
            ("0", false),
            ("1", true),
            ("true", true),
            ("false", false),
            ("\"true\"", true),
            ("\"false\"", false),
            ("\"1\"", true),
            ("\"0\"", false),
            ("null", false),
        ];
        for (text, want) in table {
            let got = parse(&format!("{{\"f\":{text}}}")).expect(text);
            assert_eq!(got.f, want, "flag {text}");
        }
        assert!(!parse("{}").expect("missing").f);
        assert_eq!(parse("{\"o\":\"true\"}").expect("o").o, Some(true));
        assert_eq!(parse("{\"o\":null}").expect("o").o, None);
        assert!(parse("{\"f\":2}").is_err());
        assert!(parse("{\"f\":\"maybe\"}").is_err());
    }

    #[test]
    fn numbers_accept_strings() {
        assert_eq!(parse("{\"n\":\"150\"}").expect("n").n, Some(150));
        assert_eq!(parse("{\"n\":150}").expect("n").n, Some(150));
        assert_eq!(parse("{\"n\":150.0}").expect("n").n, Some(150));
        assert_eq!(parse("{\"n\":\"\"}").expect("n").n, None);
        assert!(parse("{\"n\":-1}").is_err());
        assert!(parse("{\"n\":\"abc\"}").is_err());
    }

    #[test]
    fn timestamps_accept_iso_and_millis() {
        let t = parse("{\"t\":\"2023-09-24T13:49:07.965Z\"}")
            .expect("iso")
            .t;
        assert_eq!(t.expect("some").timestamp_millis(), 1_695_563_347_965);
        let t = parse("{\"t\":1695563347965}").expect("ms").t;
        assert_eq!(t.expect("some").timestamp_millis(), 1_695_563_347_965);
        let t = parse("{\"t\":\"2023-09-24T15:49:07.965+02:00\"}")
            .expect("offset")
            .t;
        assert_eq!(t.expect("some").timestamp_millis(), 1_695_563_347_965);
        assert!(parse("{\"t\":\"yesterday\"}").is_err());
    }

    #[test]
    fn one_or_many_accepts_object_array_null() {
        #[derive(Deserialize)]
        struct L {
            #[serde(default, deserialize_with = "one_or_many")]
            v: Vec<u8>,
        }
        #[derive(Deserialize, PartialEq, Debug)]
        struct O {
            a: u8,
        }
        #[derive(Deserialize)]
        struct M {
            #[serde(deserialize_with = "one_or_many")]
            v: Vec<O>,
        }
        let l: L = serde_json::from_str("{\"v\":[1,2]}").expect("array");
        assert_eq!(l.v, vec![1, 2]);
        let l: L = serde_json::from_str("{\"v\":null}").expect("null");
        assert!(l.v.is_empty());
        let m: M = serde_json::from_str("{\"v\":{\"a\":3}}").expect("object");
        assert_eq!(m.v, vec![O { a: 3 }]);
        let l: L = serde_json::from_str("{\"v\":7}").expect("bare number");
        assert_eq!(l.v, vec![7]);
        #[derive(Deserialize)]
        struct S {
            #[serde(deserialize_with = "one_or_many")]
            v: Vec<String>,
        }
        let s: S = serde_json::from_str("{\"v\":\"INBOX\"}").expect("bare string");
        assert_eq!(s.v, vec!["INBOX".to_owned()]);
        assert!(serde_json::from_str::<M>("{\"v\":\"x\"}").is_err());
    }

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
