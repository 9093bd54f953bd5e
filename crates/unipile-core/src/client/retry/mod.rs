//! When to repeat a request, and how long to wait first: a pure, table-tested policy.
//!
//! # The rules
//!
//! An error response is retried by its [`RetryRule`], read from the error type's row of
//! [`ErrorType::TABLE`](crate::error::ErrorType::TABLE) (the one truth the generated
//! errors reference shows too), or from its status when the type is not one the SDK
//! knows:
//!
//! | outcome                                                  | reads (`GET`) | sends (`POST`, `PATCH`, `PUT`, `DELETE`) |
//! |----------------------------------------------------------|:-------------:|:----------------------------------------:|
//! | rule `Always`: 429 (`too_many_requests` or unknown type) | retry         | retry                                    |
//! | rule `Reads`: 503, 504, 500 `provider_error`, 422 `provider_unreachable` and `realtime_client_not_initialized`, 425 `auth_in_progress`; 502 or an unknown type on 502–504 | retry | **stop** |
//! | rule `Never`: every other status (2xx, 400, 401, 403, 404, 500 `unexpected_error`…) | stop | stop |
//! | connect error (nothing was sent)                         | retry         | retry                                    |
//! | timeout, I/O error after sending                         | retry         | **stop**                                 |
//! | other transport error                                    | stop          | stop                                     |
//!
//! Account-state errors (401, 403) are never retried: a person must act first.
//!
//! **Why sends are different.** Sending a message is not idempotent, and the API takes
//! no idempotency key. After a timeout, a dropped connection or a 5xx, the request may
//! well have reached Unipile and the provider: the message may be out, and sending it
//! again would deliver it twice, which a user cannot take back. So a send is repeated
//! only when it surely was not processed: the connection was never made
//! ([`TransportErrorKind::Connect`]), or the server refused it with 429. Otherwise the
//! error goes to the caller, who can check (list the chat's latest messages) before
//! deciding to send again. A message must never be sent twice.
//!
//! # Waiting
//!
//! - Backoff is exponential with full jitter: before retry *n* the policy waits a random
//!   fraction of `min(max_delay, base_delay × 2ⁿ⁻¹)`.
//! - A `Retry-After` from the server (seconds or an HTTP date, see
//!   [`parse_retry_after`]) replaces the backoff. It is honoured, but no single wait is
//!   longer than `max_retry_after`: after that the server is asked again.
//! - `max_attempts` bounds the attempts (3 by default, the first one included), and
//!   `total_budget` the time: if the server asks to wait past the budget, or the next
//!   backoff would end past it, the policy stops and the caller surfaces the last
//!   outcome; for a 429 that is
//!   [`ErrorKind::RateLimited`](crate::error::ErrorKind::RateLimited) with the server's
//!   `retry_after`, so the program can schedule the call itself.
//!
//! The policy never reads a clock nor draws a random number: the time elapsed, `now`
//! (to resolve an HTTP date) and the jitter are passed in. The waiting itself goes
//! through a [`Sleeper`], and the randomness comes from a [`Jitter`]; tests use
//! [`RecordingSleeper`] and [`FixedJitter`], so they never sleep.
//!
//! # The loop
//!
//! [`Client`](crate::client::Client) runs the loop for every request: send, turn the
//! result into an [`Outcome`], ask [`RetryState::decide`], then wait or stop. Code that
//! sends through a [`Transport`](crate::transport::Transport) without the client can
//! drive a [`RetryState`] the same way:
//!
//! ```
//! use std::time::Duration;
//! use unipile_core::client::retry::{Decision, Outcome, RetryPolicy, RetryState};
//! use unipile_core::transport::Method;
//!
//! let policy = RetryPolicy::default();
//! let mut state = RetryState::new(Method::Get);
//! let busy = Outcome::status(503).with_retry_after(Duration::from_secs(2));
//! assert_eq!(state.decide(&policy, &busy, 0.5), Decision::Retry(Duration::from_secs(2)));
//! assert!(matches!(state.decide(&policy, &Outcome::status(200), 0.5), Decision::Stop(_)));
//! assert_eq!(state.attempts(), 2);
//! ```

use crate::error::{ErrorType, RetryRule};
use crate::transport::{HttpResponse, Method, TransportError, TransportErrorKind};
use chrono::{DateTime, Utc};
use std::time::Duration;

mod clock;
mod wait;

/// Reading `Retry-After` is the transport's (the error of a response reads it too);
/// re-exported here beside the policy that honours it.
pub use crate::transport::{parse_retry_after, retry_after};
pub use clock::{Clock, FixedClock, SystemClock};
pub use wait::{FixedJitter, Jitter, NoWait, RecordingSleeper, Sleeper, XorShiftJitter};

/// What one attempt gave: a response's status (with its `Retry-After`), or a transport
/// failure.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// A response came back.
    Response {
        /// Its HTTP status.
        status: u16,
        /// The wait its `Retry-After` asks for, already resolved against `now`.
        retry_after: Option<Duration>,
        /// Whether it may be repeated: the rule of its error type, or of its status.
        rule: RetryRule,
    },
    /// No response: the transport failed.
    Transport(TransportErrorKind),
}

impl Outcome {
    /// A response with `status`, no `Retry-After`, and no error type: its rule is the
    /// status's ([`RetryRule::for_status`]).
    pub fn status(status: u16) -> Self {
        Outcome::Response {
            status,
            retry_after: None,
            rule: RetryRule::for_status(status),
        }
    }

    /// The same response outcome for an error body of type `error_type`: the rule becomes
    /// the type's, when the SDK knows it (no effect on a transport outcome).
    pub fn with_error_type(self, error_type: &ErrorType) -> Self {
        match self {
            Outcome::Response {
                status,
                retry_after,
                ..
            } => Outcome::Response {
                status,
                retry_after,
                rule: RetryRule::for_error(status, Some(error_type)),
            },
            other => other,
        }
    }

    /// The same response outcome with a `Retry-After` wait (no effect on a transport
    /// outcome).
    pub fn with_retry_after(self, wait: Duration) -> Self {
        match self {
            Outcome::Response { status, rule, .. } => Outcome::Response {
                status,
                retry_after: Some(wait),
                rule,
            },
            other => other,
        }
    }

    /// The outcome of a response, its `Retry-After` resolved at `now` and its rule read
    /// from the error type in its body ([`RetryRule::for_response`]).
    pub fn from_response(response: &HttpResponse, now: DateTime<Utc>) -> Self {
        Outcome::Response {
            status: response.status,
            retry_after: retry_after(&response.headers, now),
            rule: RetryRule::for_response(response.status, &response.body),
        }
    }

    /// The outcome of a transport call.
    pub fn from_result(result: &Result<HttpResponse, TransportError>, now: DateTime<Utc>) -> Self {
        match result {
            Ok(response) => Self::from_response(response, now),
            Err(error) => Outcome::Transport(error.kind()),
        }
    }
}

/// What to do after an attempt.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Decision {
    /// Wait this long, then send the request again.
    Retry(Duration),
    /// Do not send it again; hand the outcome to the caller.
    Stop(StopReason),
}

/// Why the policy stopped.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum StopReason {
    /// The outcome is final: a success, or an error that repeating cannot fix.
    Final,
    /// A send whose request may have reached the server (a timeout, an I/O error, a
    /// 5xx): repeating could send the message twice.
    UnsafeToRepeat,
    /// `max_attempts` attempts were made.
    AttemptsExhausted,
    /// The wait (the server's `Retry-After`, or the backoff) would end past
    /// `total_budget`.
    BudgetExhausted {
        /// The wait that did not fit.
        wait: Duration,
    },
}

/// The retry policy. Pure: [`RetryPolicy::decide`] depends on its arguments only.
///
/// ```
/// use std::time::Duration;
/// use unipile_core::client::retry::{Decision, Outcome, RetryPolicy, StopReason};
/// use unipile_core::transport::{Method, TransportErrorKind};
///
/// let policy = RetryPolicy::default();
/// let timeout = Outcome::Transport(TransportErrorKind::Timeout);
/// // A read is retried after a timeout…
/// assert!(matches!(
///     policy.decide(1, Method::Get, &timeout, Duration::ZERO, 0.5),
///     Decision::Retry(_)
/// ));
/// // …a send never is: the message may already be out.
/// assert_eq!(
///     policy.decide(1, Method::Post, &timeout, Duration::ZERO, 0.5),
///     Decision::Stop(StopReason::UnsafeToRepeat)
/// );
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// The most attempts, the first one included (3 by default; 0 counts as 1).
    pub max_attempts: u32,
    /// The backoff ceiling before the first retry (500 ms by default); it doubles for
    /// each retry after that.
    pub base_delay: Duration,
    /// The largest backoff ceiling (8 s by default).
    pub max_delay: Duration,
    /// The longest single wait a `Retry-After` can cause (30 s by default): a longer
    /// ask is clamped to this, and the server is asked again.
    pub max_retry_after: Duration,
    /// The most time one call may spend retrying (60 s by default). A wait that would
    /// end past it stops the policy.
    pub total_budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
            total_budget: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries (one attempt).
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets [`max_attempts`](Self::max_attempts).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets [`base_delay`](Self::base_delay).
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// Sets [`max_delay`](Self::max_delay).
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Sets [`max_retry_after`](Self::max_retry_after).
    pub fn with_max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// Sets [`total_budget`](Self::total_budget).
    pub fn with_total_budget(mut self, total_budget: Duration) -> Self {
        self.total_budget = total_budget;
        self
    }

    /// Decides what to do after attempt number `attempt` (1 for the first) of a
    /// `method` request ended with `outcome`, `elapsed` after the call began.
    ///
    /// `jitter` is a number in `[0, 1]` (clamped; NaN counts as 1) that picks the
    /// backoff within its ceiling. See the [module docs](self) for the rules.
    pub fn decide(
        &self,
        attempt: u32,
        method: Method,
        outcome: &Outcome,
        elapsed: Duration,
        jitter: f64,
    ) -> Decision {
        match classify(method, outcome) {
            Class::Final => return Decision::Stop(StopReason::Final),
            Class::UnsafeToRepeat => return Decision::Stop(StopReason::UnsafeToRepeat),
            Class::Retryable => {}
        }
        if attempt >= self.max_attempts.max(1) {
            return Decision::Stop(StopReason::AttemptsExhausted);
        }
        let server_wait = match outcome {
            Outcome::Response { retry_after, .. } => *retry_after,
            Outcome::Transport(_) => None,
        };
        let (asked, wait) = match server_wait {
            Some(asked) => (asked, asked.min(self.max_retry_after)),
            None => {
                let backoff = self.backoff(attempt, jitter);
                (backoff, backoff)
            }
        };
        match elapsed.checked_add(asked) {
            Some(end) if end <= self.total_budget => Decision::Retry(wait),
            _ => Decision::Stop(StopReason::BudgetExhausted { wait: asked }),
        }
    }

    /// The backoff before the retry that follows attempt `attempt`: `jitter` (clamped
    /// to `[0, 1]`, NaN counting as 1) times `min(max_delay, base_delay × 2^(attempt−1))`.
    pub fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let doublings = attempt.saturating_sub(1).min(32);
        let ceiling = self
            .base_delay
            .checked_mul(1u32 << doublings.min(31))
            .unwrap_or(Duration::MAX)
            .min(self.max_delay);
        let jitter = if jitter.is_nan() {
            1.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        // Through `try_from`: `mul_f64` panics when the float rounds past `Duration::MAX`
        // (a ceiling of `Duration::MAX` means "no cap" to some callers).
        Duration::try_from_secs_f64(ceiling.as_secs_f64() * jitter)
            .map_or(ceiling, |wait| wait.min(ceiling))
    }
}

enum Class {
    Retryable,
    UnsafeToRepeat,
    Final,
}

fn classify(method: Method, outcome: &Outcome) -> Class {
    let read = method.is_read();
    match *outcome {
        Outcome::Response { rule, .. } if rule.repeats(read) => Class::Retryable,
        Outcome::Response {
            status: 500..=599, ..
        } if !read => Class::UnsafeToRepeat,
        Outcome::Response { .. } => Class::Final,
        Outcome::Transport(TransportErrorKind::Connect) => Class::Retryable,
        Outcome::Transport(TransportErrorKind::Timeout | TransportErrorKind::Io) if read => {
            Class::Retryable
        }
        Outcome::Transport(TransportErrorKind::Timeout | TransportErrorKind::Io) => {
            Class::UnsafeToRepeat
        }
        Outcome::Transport(_) => Class::Final,
    }
}

/// The bookkeeping of one call's attempts, so a client loop only sends, decides and
/// waits (see the [module docs](self) for the loop).
///
/// It counts the attempts and adds up the waits it decided; the budget is measured
/// against those waits, so it bounds the time spent waiting between attempts (the
/// transport's timeout bounds each attempt). With a [`RecordingSleeper`] the whole
/// behaviour, budget included, is testable without a clock.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RetryState {
    method: Method,
    attempts: u32,
    waited: Duration,
}

impl RetryState {
    /// The state before the first attempt of a `method` request.
    pub fn new(method: Method) -> Self {
        Self {
            method,
            attempts: 0,
            waited: Duration::ZERO,
        }
    }

    /// Records that one more attempt ended with `outcome` and decides what to do.
    pub fn decide(&mut self, policy: &RetryPolicy, outcome: &Outcome, jitter: f64) -> Decision {
        self.attempts = self.attempts.saturating_add(1);
        let decision = policy.decide(self.attempts, self.method, outcome, self.waited, jitter);
        if let Decision::Retry(wait) = decision {
            self.waited = self.waited.saturating_add(wait);
        }
        decision
    }

    /// How many attempts were made so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The sum of the waits decided so far.
    pub fn waited(&self) -> Duration {
        self.waited
    }
}
