//! The injected clock: where the client reads the current time.
//!
//! The client reads the time for one thing: to turn a `Retry-After` HTTP date into a
//! wait. Like the [`Sleeper`](super::Sleeper) and the [`Jitter`](super::Jitter) it is
//! injected, so tests pin it with a [`FixedClock`].

use chrono::{DateTime, Utc};
use std::fmt;
use std::sync::{Mutex, PoisonError};

/// Tells the current time.
///
/// ```
/// use unipile_core::client::retry::{Clock, FixedClock, SystemClock};
/// use chrono::{TimeZone, Utc};
///
/// let at = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
/// let clock = FixedClock::new(at);
/// assert_eq!(clock.now(), at);
/// clock.advance(chrono::TimeDelta::seconds(5));
/// assert_eq!(clock.now(), at + chrono::TimeDelta::seconds(5));
/// assert!(SystemClock.now() > at);
/// ```
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
}

impl<T: Clock + ?Sized> Clock for std::sync::Arc<T> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

impl<T: Clock + ?Sized> Clock for Box<T> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

/// The system's clock (reading it is not I/O). The client's default.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::<Utc>::from(std::time::SystemTime::now())
    }
}

/// A clock that tells the time it is set to, for tests: it moves only when told to.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<DateTime<Utc>>,
}

impl FixedClock {
    /// A clock stopped at `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(now),
        }
    }

    /// Sets the time.
    pub fn set(&self, now: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner) = now;
    }

    /// Moves the time by `by` (backwards when negative).
    pub fn advance(&self, by: chrono::TimeDelta) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *now += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
