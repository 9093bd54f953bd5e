//! [`TokioSleeper`]: the client's waits between retries on tokio's timer.

use std::time::Duration;
use unipile_core::client::retry::Sleeper;

/// A [`Sleeper`] on tokio's timer: a wait between retries parks the task, not a thread.
///
/// The clients built by [`client`](crate::client) and
/// [`client_from_env`](crate::client_from_env) use it. It needs a tokio runtime with the
/// time driver enabled (`#[tokio::main]` has it), as reqwest does anyway.
///
/// ```
/// use std::time::Duration;
/// use unipile_core::client::retry::Sleeper;
/// use unipile_http::TokioSleeper;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// TokioSleeper.sleep(Duration::from_millis(1)).await;
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokioSleeper;

#[async_trait::async_trait]
impl Sleeper for TokioSleeper {
    async fn sleep(&self, duration: Duration) {
        if duration.is_zero() {
            return;
        }
        tokio::time::sleep(duration).await;
    }
}
