//! The retry policy, as a table: (method, outcome, attempt, elapsed) → decision.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use std::time::Duration;
use unipile_core::client::retry::{
    Decision, Outcome, RetryPolicy, RetryState, StopReason, parse_retry_after,
};
use unipile_core::transport::{HttpResponse, Method, TransportErrorKind};

const S: fn(u64) -> Duration = Duration::from_secs;

fn policy() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_base_delay(S(1))
        .with_max_delay(S(8))
        .with_max_retry_after(S(30))
        .with_total_budget(S(60))
}

fn status(code: u16) -> Outcome {
    Outcome::status(code)
}

fn status_ra(code: u16, wait: Duration) -> Outcome {
    Outcome::status(code).with_retry_after(wait)
}

fn transport(kind: TransportErrorKind) -> Outcome {
    Outcome::Transport(kind)
}

fn retry(wait: Duration) -> Decision {
    Decision::Retry(wait)
}

fn stop(reason: StopReason) -> Decision {
    Decision::Stop(reason)
}

const SENDS: [Method; 4] = [Method::Post, Method::Patch, Method::Put, Method::Delete];

#[test]
fn reads_follow_the_table() {
    use StopReason::*;
    use TransportErrorKind::*;
    // (outcome, attempt, elapsed, expected), jitter 1.0 so backoffs are the ceilings.
    let rows: Vec<(Outcome, u32, Duration, Decision)> = vec![
        (status(429), 1, S(0), retry(S(1))),
        (status(502), 1, S(0), retry(S(1))),
        (status(503), 2, S(1), retry(S(2))),
        (status(504), 1, S(0), retry(S(1))),
        (status(500), 1, S(0), stop(Final)),
        (status(501), 1, S(0), stop(Final)),
        (status(200), 1, S(0), stop(Final)),
        (status(401), 1, S(0), stop(Final)),
        (status(404), 1, S(0), stop(Final)),
        (status(408), 1, S(0), stop(Final)),
        (status(422), 1, S(0), stop(Final)),
        (transport(Connect), 1, S(0), retry(S(1))),
        (transport(Timeout), 1, S(0), retry(S(1))),
        (transport(Io), 2, S(1), retry(S(2))),
        (transport(Other), 1, S(0), stop(Final)),
        // The attempt limit: attempt 3 of 3 is the last.
        (status(503), 3, S(3), stop(AttemptsExhausted)),
        (transport(Timeout), 3, S(3), stop(AttemptsExhausted)),
        // Retry-After replaces the backoff, and is clamped to max_retry_after.
        (status_ra(429, S(10)), 1, S(0), retry(S(10))),
        (status_ra(503, S(4)), 1, S(0), retry(S(4))),
        (status_ra(429, S(45)), 1, S(0), retry(S(30))),
        (status_ra(429, S(0)), 1, S(0), retry(S(0))),
        // The budget: a wait that would end past it stops the policy.
        (
            status_ra(429, S(3600)),
            1,
            S(0),
            stop(BudgetExhausted { wait: S(3600) }),
        ),
        (status_ra(503, S(5)), 2, S(55), retry(S(5))),
        (
            status_ra(503, S(5)),
            2,
            S(56),
            stop(BudgetExhausted { wait: S(5) }),
        ),
        (
            status(503),
            1,
            Duration::from_millis(59_500),
            stop(BudgetExhausted { wait: S(1) }),
        ),
        // A Retry-After on a status that is not retried changes nothing.
        (status_ra(500, S(1)), 1, S(0), stop(Final)),
    ];
    for (outcome, attempt, elapsed, expected) in rows {
        let got = policy().decide(attempt, Method::Get, &outcome, elapsed, 1.0);
        assert_eq!(
            got, expected,
            "GET {outcome:?} attempt {attempt} after {elapsed:?}"
        );
    }
}

#[test]
fn sends_retry_only_when_nothing_was_processed() {
    use StopReason::*;
    use TransportErrorKind::*;
    let rows: Vec<(Outcome, u32, Duration, Decision)> = vec![
        (transport(Connect), 1, S(0), retry(S(1))),
        (status(429), 1, S(0), retry(S(1))),
        (status_ra(429, S(10)), 2, S(1), retry(S(10))),
        // Never after a timeout, an I/O error or a 5xx: the message may be out.
        (transport(Timeout), 1, S(0), stop(UnsafeToRepeat)),
        (transport(Io), 1, S(0), stop(UnsafeToRepeat)),
        (status(500), 1, S(0), stop(UnsafeToRepeat)),
        (status(502), 1, S(0), stop(UnsafeToRepeat)),
        (status(503), 1, S(0), stop(UnsafeToRepeat)),
        (status_ra(503, S(1)), 1, S(0), stop(UnsafeToRepeat)),
        (status(504), 1, S(0), stop(UnsafeToRepeat)),
        (transport(Other), 1, S(0), stop(Final)),
        (status(201), 1, S(0), stop(Final)),
        (status(422), 1, S(0), stop(Final)),
        (transport(Connect), 3, S(3), stop(AttemptsExhausted)),
        (
            status_ra(429, S(3600)),
            1,
            S(0),
            stop(BudgetExhausted { wait: S(3600) }),
        ),
    ];
    for method in SENDS {
        for (outcome, attempt, elapsed, expected) in &rows {
            let got = policy().decide(*attempt, method, outcome, *elapsed, 1.0);
            assert_eq!(got, *expected, "{method} {outcome:?} attempt {attempt}");
        }
    }
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("date").to_utc()
}

#[test]
fn retry_after_in_every_form() {
    let now = at("2025-06-01T12:00:00Z");
    let outcome = |value: &str| {
        Outcome::from_response(
            &HttpResponse::new(429, "").with_header("Retry-After", value),
            now,
        )
    };
    let decide = |p: &RetryPolicy, o: Outcome| p.decide(1, Method::Get, &o, Duration::ZERO, 1.0);

    // Seconds.
    assert_eq!(decide(&policy(), outcome("12")), retry(S(12)));
    assert_eq!(decide(&policy(), outcome(" 12 ")), retry(S(12)));
    // An HTTP date (IMF-fixdate), 20 s after now.
    assert_eq!(
        decide(&policy(), outcome("Sun, 01 Jun 2025 12:00:20 GMT")),
        retry(S(20))
    );
    // A date in the past: retry at once.
    assert_eq!(
        decide(&policy(), outcome("Sun, 01 Jun 2025 11:00:00 GMT")),
        retry(S(0))
    );
    // Absurdly large: never overflows; stops on the budget, or, with an unbounded
    // budget, waits no longer than max_retry_after.
    let absurd = outcome("99999999999999999999999999");
    assert_eq!(
        absurd,
        Outcome::status(429).with_retry_after(Duration::from_secs(u64::MAX))
    );
    assert_eq!(
        decide(&policy(), absurd),
        stop(StopReason::BudgetExhausted {
            wait: Duration::from_secs(u64::MAX)
        })
    );
    let unbounded = policy().with_total_budget(Duration::MAX);
    assert_eq!(decide(&unbounded, absurd), retry(S(30)));
    assert_eq!(
        decide(&unbounded, outcome("Fri, 31 Dec 9999 23:59:59 GMT")),
        retry(S(30))
    );
    // Malformed: ignored, so the backoff applies.
    for bad in [
        "soon",
        "-5",
        "1.5",
        "",
        "12 s",
        "Sun, 32 Jun 2025 12:00:00 GMT",
    ] {
        assert_eq!(
            outcome(bad),
            Outcome::status(429),
            "{bad:?} should be ignored"
        );
        assert_eq!(decide(&policy(), outcome(bad)), retry(S(1)), "{bad:?}");
    }
    // No header at all.
    let plain = Outcome::from_response(&HttpResponse::new(503, ""), now);
    assert_eq!(plain, Outcome::status(503));
    assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
}

#[test]
fn backoff_is_full_jitter_within_its_ceiling() {
    let p = policy();
    let ceilings = [1, 2, 4, 8, 8, 8];
    for (i, ceiling) in ceilings.iter().enumerate() {
        let attempt = u32::try_from(i).expect("small") + 1;
        assert_eq!(p.backoff(attempt, 1.0), S(*ceiling), "attempt {attempt}");
        assert_eq!(p.backoff(attempt, 0.0), Duration::ZERO);
        assert_eq!(
            p.backoff(attempt, 0.5),
            S(*ceiling) / 2,
            "attempt {attempt}"
        );
        for j in [0.0, 0.1, 0.33, 0.999_999] {
            assert!(p.backoff(attempt, j) <= S(*ceiling));
        }
    }
    // Out-of-range jitter is clamped; NaN waits the whole ceiling.
    assert_eq!(p.backoff(1, 7.0), S(1));
    assert_eq!(p.backoff(1, -3.0), Duration::ZERO);
    assert_eq!(p.backoff(1, f64::NAN), S(1));
    assert_eq!(p.backoff(u32::MAX, 1.0), S(8));
    assert_eq!(p.backoff(0, 1.0), S(1));
}

#[test]
fn attempt_limits() {
    let any = status(503);
    assert_eq!(
        RetryPolicy::never().decide(1, Method::Get, &any, Duration::ZERO, 1.0),
        stop(StopReason::AttemptsExhausted)
    );
    assert_eq!(
        policy()
            .with_max_attempts(0)
            .decide(1, Method::Get, &any, Duration::ZERO, 1.0),
        stop(StopReason::AttemptsExhausted),
        "0 attempts counts as 1"
    );
    let five = policy().with_max_attempts(5);
    for attempt in 1..5 {
        assert!(matches!(
            five.decide(attempt, Method::Get, &any, Duration::ZERO, 1.0),
            Decision::Retry(_)
        ));
    }
    assert_eq!(
        five.decide(5, Method::Get, &any, Duration::ZERO, 1.0),
        stop(StopReason::AttemptsExhausted)
    );
    let d = RetryPolicy::default();
    assert_eq!(d.max_attempts, 3);
}

#[test]
fn retry_state_counts_attempts_and_waits() {
    let p = policy();
    let mut state = RetryState::new(Method::Get);
    assert_eq!(state.decide(&p, &status(503), 1.0), retry(S(1)));
    assert_eq!(state.decide(&p, &status(503), 1.0), retry(S(2)));
    assert_eq!(
        state.decide(&p, &status(503), 1.0),
        stop(StopReason::AttemptsExhausted)
    );
    assert_eq!(state.attempts(), 3);
    assert_eq!(state.waited(), S(3));

    // The budget is measured against the waits.
    let p = policy().with_max_attempts(10).with_total_budget(S(25));
    let mut state = RetryState::new(Method::Get);
    let ask = status_ra(429, S(10));
    assert_eq!(state.decide(&p, &ask, 1.0), retry(S(10)));
    assert_eq!(state.decide(&p, &ask, 1.0), retry(S(10)));
    assert_eq!(
        state.decide(&p, &ask, 1.0),
        stop(StopReason::BudgetExhausted { wait: S(10) })
    );
    assert_eq!(state.waited(), S(20));
}

fn any_method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::Get),
        Just(Method::Post),
        Just(Method::Patch),
        Just(Method::Put),
        Just(Method::Delete),
    ]
}

fn any_outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        (100u16..600, proptest::option::of(0u64..100_000)).prop_map(|(s, ra)| match ra {
            Some(secs) => Outcome::status(s).with_retry_after(Duration::from_secs(secs)),
            None => Outcome::status(s),
        }),
        prop_oneof![
            Just(TransportErrorKind::Connect),
            Just(TransportErrorKind::Timeout),
            Just(TransportErrorKind::Io),
            Just(TransportErrorKind::Other),
        ]
        .prop_map(Outcome::Transport),
    ]
}

proptest! {
    #[test]
    fn no_send_is_repeated_unless_nothing_was_processed(
        method in any_method(),
        outcome in any_outcome(),
        attempt in 0u32..10,
        elapsed_ms in 0u64..120_000,
        jitter in -1.0f64..2.0,
    ) {
        let p = RetryPolicy::default();
        let elapsed = Duration::from_millis(elapsed_ms);
        let decision = p.decide(attempt, method, &outcome, elapsed, jitter);
        if let Decision::Retry(wait) = decision {
            prop_assert!(wait <= p.max_delay.max(p.max_retry_after));
            prop_assert!(elapsed + wait <= p.total_budget);
            prop_assert!(attempt < p.max_attempts);
            if !method.is_read() {
                let nothing_processed = matches!(
                    outcome,
                    Outcome::Transport(TransportErrorKind::Connect)
                        | Outcome::Response { status: 429, .. }
                );
                prop_assert!(nothing_processed, "{} retried after {:?}", method, outcome);
            }
        }
    }
}

#[test]
fn a_huge_delay_setting_saturates_instead_of_panicking() {
    // `Duration::MAX` as "no cap" must not make the backoff overflow.
    let p = RetryPolicy::default()
        .with_base_delay(Duration::MAX)
        .with_max_delay(Duration::MAX);
    for jitter in [1.0, 0.999_999_999, 0.5, 0.0] {
        let wait = p.backoff(1, jitter);
        assert!(wait <= Duration::MAX);
    }
    assert_eq!(p.backoff(40, 0.0), Duration::ZERO);
    assert!(matches!(
        p.decide(1, Method::Get, &status(503), Duration::ZERO, 1.0),
        Decision::Stop(StopReason::BudgetExhausted { .. })
    ));
}

/// An error response with a JSON body of `error_type`, read as the client reads it.
fn typed(code: u16, error_type: &str) -> Outcome {
    let body = format!(r#"{{"status":{code},"type":"errors/{error_type}","title":"t"}}"#);
    Outcome::from_response(&HttpResponse::new(code, body), at("2025-06-01T12:00:00Z"))
}

#[test]
fn error_types_are_retried_by_their_row_of_the_table() {
    use StopReason::*;
    // (outcome, decision for a read, decision for a send), jitter 1.0, first attempt.
    let rows: Vec<(Outcome, Decision, Decision)> = vec![
        // The reference's list: 429, 503, 504 and 500 provider_error, with backoff.
        (typed(429, "too_many_requests"), retry(S(1)), retry(S(1))),
        (
            typed(503, "no_client_session"),
            retry(S(1)),
            stop(UnsafeToRepeat),
        ),
        (
            typed(503, "network_down"),
            retry(S(1)),
            stop(UnsafeToRepeat),
        ),
        (
            typed(504, "request_timeout"),
            retry(S(1)),
            stop(UnsafeToRepeat),
        ),
        (
            typed(500, "provider_error"),
            retry(S(1)),
            stop(UnsafeToRepeat),
        ),
        // The table's 4xx "retry later" types are the caller's to repeat: no 4xx but 429
        // is repeated automatically.
        (typed(422, "provider_unreachable"), stop(Final), stop(Final)),
        (
            typed(422, "realtime_client_not_initialized"),
            stop(Final),
            stop(Final),
        ),
        (typed(425, "auth_in_progress"), stop(Final), stop(Final)),
        // Never: a 500 that is not the provider's, account state, bad requests, limits.
        (
            typed(500, "unexpected_error"),
            stop(Final),
            stop(UnsafeToRepeat),
        ),
        (typed(401, "disconnected_account"), stop(Final), stop(Final)),
        (typed(401, "invalid_credentials"), stop(Final), stop(Final)),
        (typed(403, "account_restricted"), stop(Final), stop(Final)),
        (typed(403, "session_mismatch"), stop(Final), stop(Final)),
        (typed(422, "limit_exceeded"), stop(Final), stop(Final)),
        (typed(422, "invalid_recipient"), stop(Final), stop(Final)),
        (typed(400, "invalid_parameters"), stop(Final), stop(Final)),
        // A type the SDK does not know: its status decides.
        (typed(503, "brand_new"), retry(S(1)), stop(UnsafeToRepeat)),
        (typed(500, "brand_new"), stop(Final), stop(UnsafeToRepeat)),
        (typed(401, "brand_new"), stop(Final), stop(Final)),
        (typed(429, "brand_new"), retry(S(1)), retry(S(1))),
        // No JSON body at all (a proxy's page): the status decides.
        (
            Outcome::from_response(
                &HttpResponse::new(502, "<html>"),
                at("2025-06-01T12:00:00Z"),
            ),
            retry(S(1)),
            stop(UnsafeToRepeat),
        ),
    ];
    let p = policy();
    for (outcome, read, send) in rows {
        assert_eq!(
            p.decide(1, Method::Get, &outcome, S(0), 1.0),
            read,
            "GET {outcome:?}"
        );
        for method in SENDS {
            assert_eq!(
                p.decide(1, method, &outcome, S(0), 1.0),
                send,
                "{method} {outcome:?}"
            );
        }
    }
}

#[test]
fn the_policy_and_the_table_read_one_rule() {
    use unipile_core::error::{ErrorType, Remedy, RetryRule};
    let p = policy();
    for row in ErrorType::TABLE {
        let outcome = Outcome::status(row.status).with_error_type(&row.error_type);
        let read_retried = matches!(
            p.decide(1, Method::Get, &outcome, S(0), 1.0),
            Decision::Retry(_)
        );
        let send_retried = matches!(
            p.decide(1, Method::Post, &outcome, S(0), 1.0),
            Decision::Retry(_)
        );
        // A read is repeated for a "retry later" type, unless it is a 4xx other than 429.
        let client_error = (400..500).contains(&row.status) && row.status != 429;
        assert_eq!(
            read_retried,
            row.retryable && !client_error,
            "{:?}",
            row.error_type
        );
        assert_eq!(
            row.retryable,
            row.remedy == Remedy::RetryLater,
            "{:?}",
            row.error_type
        );
        assert_eq!(
            read_retried,
            row.retry.repeats(true),
            "{:?}",
            row.error_type
        );
        assert_eq!(
            send_retried,
            row.retry == RetryRule::Always,
            "{:?}",
            row.error_type
        );
        assert_eq!(row.error_type.is_retryable(), row.retryable);
        if matches!(row.status, 401 | 403) {
            assert_eq!(
                row.retry,
                RetryRule::Never,
                "account state: {:?}",
                row.error_type
            );
        }
        // The same rule whether the type comes from a body or is given.
        assert_eq!(
            typed(row.status, row.error_type.slug()),
            outcome,
            "{:?}",
            row.error_type
        );
    }
    assert_eq!(
        ErrorType::TooManyRequests.info().map(|r| r.retry),
        Some(RetryRule::Always)
    );
}
