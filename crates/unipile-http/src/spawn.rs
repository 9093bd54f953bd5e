//! [`TokioSpawner`]: the item streams fetch the page they read ahead as tokio tasks.

use unipile_core::client::{Spawner, Task};

/// A [`Spawner`] on the current tokio runtime: the page an item stream reads ahead is
/// fetched and decoded by a task of its own, so it progresses while the caller awaits
/// something else between two items (and, on a multi-threaded runtime, on another core).
///
/// The clients built by [`client`](crate::client) and
/// [`client_from_env`](crate::client_from_env) use it. Outside a tokio runtime it hands
/// the task back, and the stream drives the fetch itself. Dropping the stream ends the
/// task and the request in flight.
///
/// ```
/// use unipile_core::client::{Spawner, Task};
/// use unipile_http::TokioSpawner;
///
/// // No runtime here: the task comes back, to be driven by the caller.
/// let task: Task = Box::pin(async {});
/// assert!(TokioSpawner.spawn(task).is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokioSpawner;

impl Spawner for TokioSpawner {
    fn spawn(&self, task: Task) -> Result<(), Task> {
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                drop(runtime.spawn(task));
                Ok(())
            }
            Err(_) => Err(task),
        }
    }
}
