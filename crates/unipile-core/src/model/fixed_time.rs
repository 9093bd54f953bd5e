//! A fast path for the timestamps Unipile writes: `YYYY-MM-DDTHH:MM:SSZ` with an optional
//! fraction of 1 to 9 digits (`2023-09-24T13:49:07.965Z`), read without chrono's format
//! parser. Anything else (an offset, a space, a leap second, more digits, a bad date)
//! gets `None`, and the caller falls back to chrono; what it accepts, chrono's RFC 3339
//! parser reads as the same time (property-tested against it).

use chrono::{DateTime, NaiveDate, Utc};

/// The time `text` gives, if it has exactly the fixed UTC form; `None` otherwise.
pub(crate) fn parse_fixed_utc(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() < 20 || b[b.len() - 1] != b'Z' {
        return None;
    }
    if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let hour = digits(&b[11..13])?;
    let minute = digits(&b[14..16])?;
    let second = digits(&b[17..19])?;
    let nanos = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            let value = digits(fraction)?;
            value * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    // A leap second (60) is left to chrono, which has its own way of writing it.
    if second > 59 {
        return None;
    }
    let year = i32::try_from(year).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)?
        .and_hms_nano_opt(hour, minute, second, nanos)
        .map(|at| at.and_utc())
}

/// The decimal value of ASCII digits (at most 9 of them), or `None` for anything else.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |value, &c| {
        c.is_ascii_digit().then(|| value * 10 + u32::from(c - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What chrono's RFC 3339 parser reads, in UTC.
    fn chrono_rfc3339(text: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|at| at.with_timezone(&Utc))
    }

    #[test]
    fn reads_the_forms_unipile_writes() {
        for text in [
            "2023-09-24T13:49:07.965Z",
            "2023-09-24T13:49:07Z",
            "2023-09-24T13:49:07.9Z",
            "2023-09-24T13:49:07.965123Z",
            "2023-09-24T13:49:07.965123456Z",
            "2024-02-29T00:00:00.000Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
        ] {
            let fast = parse_fixed_utc(text);
            assert!(fast.is_some(), "{text}");
            assert_eq!(fast, chrono_rfc3339(text), "{text}");
        }
        assert_eq!(
            parse_fixed_utc("2023-09-24T13:49:07.965Z").map(|t| t.timestamp_millis()),
            Some(1_695_563_347_965)
        );
    }

    #[test]
    fn leaves_every_other_form_to_chrono() {
        for text in [
            "2023-09-24T13:49:07.965+00:00",
            "2023-09-24T15:49:07.965+02:00",
            "2023-09-24 13:49:07.965Z",
            "2023-09-24t13:49:07.965Z",
            "2023-09-24T13:49:07.965z",
            "2016-12-31T23:59:60Z",
            "2023-09-24T13:49:07.1234567890Z",
            "2023-09-24T13:49:07.Z",
            "2023-02-29T13:49:07Z",
            "2023-09-24T24:00:00Z",
            "2023-13-24T13:49:07Z",
            "2023-09-24T13:49:07",
            "+2023-09-24T13:49:07Z",
            "2023-9-24T13:49:07.965Z",
            "2023-09-24T13:49:07.96aZ",
            "",
            "Z",
        ] {
            assert_eq!(parse_fixed_utc(text), None, "{text}");
        }
    }

    /// Texts close to the fixed form: digits and the separators it uses, or one it does not.
    fn near_timestamp() -> impl Strategy<Value = String> {
        let form = "[0-9]{4}-[0-1][0-9]-[0-3][0-9][T t][0-2][0-9]:[0-6][0-9]:[0-6][0-9]";
        (
            form,
            "(\\.[0-9]{0,11})?",
            "(Z|z|[+-][0-2][0-9]:[0-5][0-9]|)",
        )
            .prop_map(|(date_time, fraction, zone)| format!("{date_time}{fraction}{zone}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// On times it builds: the fast path reads them, as chrono does.
        #[test]
        fn agrees_with_chrono_on_valid_times(
            secs in -62_167_219_200i64..253_402_300_799i64,
            nanos in 0u32..1_000_000_000,
            digits in prop::sample::select(vec![0usize, 3, 6, 9]),
        ) {
            let at = DateTime::from_timestamp(secs, nanos - nanos % 10u32.pow(9 - digits as u32))
                .expect("in range");
            let text = match digits {
                0 => at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                3 => at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
                6 => at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
                _ => at.format("%Y-%m-%dT%H:%M:%S%.9fZ").to_string(),
            };
            prop_assert!(parse_fixed_utc(&text).is_some(), "{}", text);
            prop_assert_eq!(parse_fixed_utc(&text), chrono_rfc3339(&text), "{}", text);
        }

        /// On near misses and valid texts alike: whatever the fast path reads, chrono
        /// reads as the same time.
        #[test]
        fn never_reads_what_chrono_would_not(text in near_timestamp()) {
            if let Some(fast) = parse_fixed_utc(&text) {
                prop_assert_eq!(Some(fast), chrono_rfc3339(&text), "{}", text);
            }
        }

        /// On any text at all.
        #[test]
        fn never_reads_arbitrary_text_differently(text in "\\PC{0,40}") {
            if let Some(fast) = parse_fixed_utc(&text) {
                prop_assert_eq!(Some(fast), chrono_rfc3339(&text), "{}", text);
            }
        }

        /// The lenient reader, fast path first, reads every text as chrono alone does:
        /// the same time, or nothing from both.
        #[test]
        fn the_lenient_reader_is_unchanged(
            text in prop_oneof![near_timestamp(), "\\PC{0,30}", "[0-9]{1,16}", " [0-9T:.Z-]{10,30} "]
        ) {
            let t = text.trim();
            prop_assert_eq!(
                crate::model::lenient::parse_timestamp(&text),
                crate::model::lenient::parse_timestamp_with_chrono(t),
                "{}", text
            );
        }
    }
}
