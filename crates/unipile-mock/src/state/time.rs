//! Times as the fake stores them (milliseconds since the epoch) and as the API shows them.

use chrono::{DateTime, Utc};

/// Milliseconds since the epoch as a time.
pub(crate) fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}
