//! The injected parts of retrying: how to wait, and where the randomness comes from.

use std::fmt;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Waits between attempts. The core never sleeps by itself (it has no runtime and starts
/// no thread): `unipile-http` provides `TokioSleeper`, tests use [`RecordingSleeper`],
/// which returns at once, and a client given none uses [`NoWait`].
///
/// ```
/// use std::time::Duration;
/// use unipile_core::client::retry::Sleeper;
///
/// /// A sleeper for a runtime of your own.
/// #[derive(Debug)]
/// struct MySleeper;
///
/// #[async_trait::async_trait]
/// impl Sleeper for MySleeper {
///     async fn sleep(&self, duration: Duration) {
///         // e.g. tokio::time::sleep(duration).await
///         let _ = duration;
///     }
/// }
/// ```
#[async_trait::async_trait]
pub trait Sleeper: Send + Sync + fmt::Debug {
    /// Returns after `duration`.
    async fn sleep(&self, duration: Duration);
}

#[async_trait::async_trait]
impl<T: Sleeper + ?Sized> Sleeper for Arc<T> {
    async fn sleep(&self, duration: Duration) {
        (**self).sleep(duration).await;
    }
}

#[async_trait::async_trait]
impl<T: Sleeper + ?Sized> Sleeper for Box<T> {
    async fn sleep(&self, duration: Duration) {
        (**self).sleep(duration).await;
    }
}

/// A [`Sleeper`] that returns at once and remembers every wait it was asked for: tests
/// of retrying code run instantly and can assert the delays.
///
/// ```
/// use std::time::Duration;
/// use unipile_core::client::retry::{RecordingSleeper, Sleeper};
/// # async fn demo() {
/// let sleeper = RecordingSleeper::new();
/// sleeper.sleep(Duration::from_secs(2)).await;
/// assert_eq!(sleeper.waits(), vec![Duration::from_secs(2)]);
/// # }
/// ```
#[derive(Debug, Default)]
pub struct RecordingSleeper {
    waits: Mutex<Vec<Duration>>,
}

impl RecordingSleeper {
    /// A sleeper with no waits recorded.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every wait asked for, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.waits
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The sum of the waits.
    pub fn total(&self) -> Duration {
        self.waits().iter().sum()
    }
}

#[async_trait::async_trait]
impl Sleeper for RecordingSleeper {
    async fn sleep(&self, duration: Duration) {
        self.waits
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(duration);
    }
}

/// A [`Sleeper`] that does not wait: each retry follows at once. What a
/// [`Client`](crate::client::Client) uses when it is given no sleeper, since the core
/// cannot wait without a runtime: give it one (`unipile_http::TokioSleeper`, which
/// `unipile_http::client_from_env` and `client_builder` set) so that retries honour the
/// backoff and `Retry-After`.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoWait;

#[async_trait::async_trait]
impl Sleeper for NoWait {
    async fn sleep(&self, _duration: Duration) {}
}

/// Where backoff randomness comes from: each call gives a number in `[0, 1)`.
///
/// [`RetryPolicy::decide`](super::RetryPolicy::decide) takes the number as an argument,
/// so it stays deterministic; the client draws it from a `Jitter`.
pub trait Jitter: Send + Sync + fmt::Debug {
    /// A number in `[0, 1)`.
    fn sample(&self) -> f64;
}

impl<T: Jitter + ?Sized> Jitter for Arc<T> {
    fn sample(&self) -> f64 {
        (**self).sample()
    }
}

impl<T: Jitter + ?Sized> Jitter for Box<T> {
    fn sample(&self) -> f64 {
        (**self).sample()
    }
}

/// Always the same number: for tests that want exact delays (`FixedJitter(1.0)` waits
/// the whole backoff).
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct FixedJitter(pub f64);

impl Jitter for FixedJitter {
    fn sample(&self) -> f64 {
        self.0
    }
}

/// A small xorshift64* generator: plenty for spreading retries, not for secrets.
///
/// The same seed gives the same sequence; [`XorShiftJitter::from_entropy`] seeds it from
/// the standard library's per-process random hashing keys (no dependency, no I/O).
///
/// ```
/// use unipile_core::client::retry::{Jitter, XorShiftJitter};
/// let a = XorShiftJitter::new(7);
/// let b = XorShiftJitter::new(7);
/// let x = a.sample();
/// assert!((0.0..1.0).contains(&x));
/// assert_eq!(x, b.sample());
/// ```
#[derive(Debug)]
pub struct XorShiftJitter {
    state: AtomicU64,
}

impl XorShiftJitter {
    /// A generator seeded with `seed` (0 is replaced by a fixed non-zero seed).
    pub fn new(seed: u64) -> Self {
        let seed = if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        };
        Self {
            state: AtomicU64::new(seed),
        }
    }

    /// A generator seeded differently in every process.
    pub fn from_entropy() -> Self {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(0x5EED);
        Self::new(hasher.finish())
    }

    fn step(mut x: u64) -> u64 {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        x
    }
}

impl Jitter for XorShiftJitter {
    fn sample(&self) -> f64 {
        let previous = self
            .state
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |x| {
                Some(Self::step(x))
            })
            .unwrap_or_else(|x| x);
        let out = Self::step(previous).wrapping_mul(0x2545_F491_4F6C_DD1D);
        // The top 53 bits as a fraction of 2^53: exactly representable, always < 1.
        #[allow(clippy::cast_precision_loss)]
        let fraction = (out >> 11) as f64 / (1u64 << 53) as f64;
        fraction
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xorshift_stays_in_range_and_spreads() {
        let jitter = XorShiftJitter::new(42);
        let samples: Vec<f64> = (0..10_000).map(|_| jitter.sample()).collect();
        assert!(samples.iter().all(|x| (0.0..1.0).contains(x)));
        let low = samples.iter().filter(|x| **x < 0.5).count();
        assert!((4_000..6_000).contains(&low), "{low} of 10000 below 0.5");
        let zero_seeded = XorShiftJitter::new(0);
        assert!((0.0..1.0).contains(&zero_seeded.sample()));
    }
}
