use crate::retry::Sleeper;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

/// A [`Sleeper`] that works under any async runtime: each wait parks a short-lived
/// helper thread that wakes the task when the time is up.
///
/// Waits only happen between retries, so the thread per wait costs nothing that matters.
/// Under tokio, `unipile_http::TokioSleeper` uses the runtime's timer instead.
#[derive(Clone, Copy, Debug, Default)]
pub struct ThreadSleeper;

#[async_trait::async_trait]
impl Sleeper for ThreadSleeper {
    async fn sleep(&self, duration: Duration) {
        if duration.is_zero() {
            return;
        }
        ThreadTimer::start(duration).await;
    }
}

#[derive(Default)]
struct TimerState {
    fired: bool,
    waker: Option<Waker>,
}

struct ThreadTimer {
    state: Arc<Mutex<TimerState>>,
}

impl ThreadTimer {
    fn start(duration: Duration) -> Self {
        let state = Arc::new(Mutex::new(TimerState::default()));
        let shared = Arc::clone(&state);
        let spawned = std::thread::Builder::new()
            .name("unipile-retry-wait".to_owned())
            .spawn(move || {
                std::thread::sleep(duration);
                let waker = {
                    let mut state = shared.lock().unwrap_or_else(|e| e.into_inner());
                    state.fired = true;
                    state.waker.take()
                };
                if let Some(waker) = waker {
                    waker.wake();
                }
            });
        if spawned.is_err() {
            // No thread to be had: retry at once rather than fail the call.
            state.lock().unwrap_or_else(|e| e.into_inner()).fired = true;
        }
        Self { state }
    }
}

impl Future for ThreadTimer {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.fired {
            Poll::Ready(())
        } else {
            state.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_wait_wakes_the_task_when_it_ends() {
        // Bounded so a lost wake-up fails the test instead of hanging it.
        let waited = tokio::time::timeout(
            Duration::from_secs(10),
            ThreadSleeper.sleep(Duration::from_millis(5)),
        )
        .await;
        assert!(waited.is_ok(), "the sleeping task was never woken");
        ThreadSleeper.sleep(Duration::ZERO).await;
    }
}
