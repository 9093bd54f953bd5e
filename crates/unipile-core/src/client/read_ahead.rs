//! Read-ahead paging: while the caller consumes page N, page N+1 is already on its way.
//!
//! Two parts, both free of any runtime:
//!
//! - [`ReadAhead`] sits between an item stream and its page stream. As soon as a page is
//!   handed to the item stream, the fetch of the next one starts, and every later poll of
//!   the item stream (each item it yields) gives that fetch a turn, but only when the fetch
//!   has been woken since its last turn, so a caller reading items in a tight loop pays an
//!   atomic load per item. It holds at most one page ahead: with the page being consumed,
//!   two pages, whatever the list's length. Pages, errors and the end come out in the same
//!   order as without it; the page stream still decides alone whether there is a next page
//!   (the loop guard and the page cap are untouched).
//! - A [`Spawner`], optional, runs page fetches as tasks of the caller's runtime, so that
//!   one progresses (the response read and decoded) even while the caller is busy with
//!   something else between two items. Without one, the fetch progresses only when the
//!   stream is polled; the HTTP connection itself is driven by the transport (with
//!   `unipile_http`, by tokio), so the server still prepares the next page meanwhile.
//!   Dropping the stream cancels a fetch in flight, spawned or not.
//!
//! The page stream adds one more overlap for a caller waiting for a large page: the next
//! page's request leaves once the page's raw body shows its cursor, while the page is
//! decoded (see `PageStream::request_ahead`).

use crate::error::Error;
use crate::transport::{TransportError, TransportErrorKind};
use futures_core::Stream;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Wake, Waker};

/// A task handed to a [`Spawner`]: it runs to completion, and ends early (dropping the
/// request in flight) when the stream that started it is dropped.
pub type Task = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Runs the item streams' page fetches as background tasks of the caller's runtime (set
/// with [`ClientBuilder::spawner`](crate::client::ClientBuilder::spawner);
/// `unipile_http`'s ready-made clients set a tokio one).
///
/// The core has no runtime and starts no thread: without a spawner, a page fetched ahead
/// progresses whenever the stream is polled. With one, it also progresses while the caller
/// awaits something else between two items.
///
/// ```
/// use unipile_core::client::{Spawner, Task};
///
/// /// Never spawns: every fetch then runs inside the stream, as without a spawner.
/// #[derive(Debug)]
/// struct Inline;
///
/// impl Spawner for Inline {
///     fn spawn(&self, task: Task) -> Result<(), Task> {
///         Err(task)
///     }
/// }
/// ```
pub trait Spawner: Send + Sync + fmt::Debug {
    /// Runs `task` in the background, or hands it back when it cannot (no runtime in
    /// reach, say); the stream then drives the task itself.
    fn spawn(&self, task: Task) -> Result<(), Task>;
}

/// A boxed fetch, as the page stream holds it.
pub(super) type Fetch<O> = Pin<Box<dyn Future<Output = Result<O, Error>> + Send>>;

/// `fetch` on `spawner`, when there is one; as it is otherwise.
pub(super) fn on_spawner<O: Send + 'static>(
    spawner: Option<&Arc<dyn Spawner>>,
    fetch: Fetch<O>,
) -> Fetch<O> {
    let Some(spawner) = spawner else {
        return fetch;
    };
    let slot = Arc::new(Mutex::new(Slot::default()));
    let task: Task = Box::pin(Background {
        fetch: Some(fetch),
        slot: Arc::clone(&slot),
    });
    let inline = spawner.spawn(task).err();
    Box::pin(Spawned { slot, inline })
}

/// What a spawned fetch and the stream waiting for it share.
struct Slot<O> {
    output: Option<Result<O, Error>>,
    /// The stream's waker, woken when the output is in.
    waiter: Option<Waker>,
    /// The task's waker, woken when the stream gives up (to drop the request at once).
    task: Option<Waker>,
    cancelled: bool,
    /// The task was dropped before it finished (its runtime shut down).
    abandoned: bool,
}

impl<O> Default for Slot<O> {
    fn default() -> Self {
        Self {
            output: None,
            waiter: None,
            task: None,
            cancelled: false,
            abandoned: false,
        }
    }
}

pub(super) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The spawned side: runs the fetch and puts its output in the slot.
struct Background<O> {
    fetch: Option<Fetch<O>>,
    slot: Arc<Mutex<Slot<O>>>,
}

impl<O> Future for Background<O> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        {
            let mut slot = lock(&this.slot);
            if slot.cancelled {
                this.fetch = None;
                return Poll::Ready(());
            }
            slot.task = Some(cx.waker().clone());
        }
        let Some(fetch) = this.fetch.as_mut() else {
            return Poll::Ready(());
        };
        let output = match fetch.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(output) => output,
        };
        this.fetch = None;
        let waiter = {
            let mut slot = lock(&this.slot);
            slot.output = Some(output);
            slot.waiter.take()
        };
        if let Some(waiter) = waiter {
            waiter.wake();
        }
        Poll::Ready(())
    }
}

impl<O> Drop for Background<O> {
    fn drop(&mut self) {
        if self.fetch.take().is_some() {
            let waiter = {
                let mut slot = lock(&self.slot);
                slot.abandoned = true;
                slot.waiter.take()
            };
            if let Some(waiter) = waiter {
                waiter.wake();
            }
        }
    }
}

/// The stream's side of a spawned fetch. Dropping it cancels the fetch.
struct Spawned<O> {
    slot: Arc<Mutex<Slot<O>>>,
    /// The task, when the spawner handed it back: driven from here.
    inline: Option<Task>,
}

impl<O> Future for Spawned<O> {
    type Output = Result<O, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if let Some(task) = this.inline.as_mut()
            && task.as_mut().poll(cx).is_ready()
        {
            this.inline = None;
        }
        let mut slot = lock(&this.slot);
        if let Some(output) = slot.output.take() {
            return Poll::Ready(output);
        }
        if slot.abandoned {
            return Poll::Ready(Err(TransportError::new(
                TransportErrorKind::Other,
                "the runtime dropped the task fetching the next page before it finished",
            )
            .into()));
        }
        slot.waiter = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl<O> Drop for Spawned<O> {
    fn drop(&mut self) {
        let task = {
            let mut slot = lock(&self.slot);
            slot.cancelled = true;
            slot.task.take()
        };
        if let Some(task) = task {
            task.wake();
        }
    }
}

/// Wakes the caller's task and remembers it did, so the fetch ahead is polled again only
/// once it has something new.
#[derive(Default)]
struct Nudge {
    woken: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl Wake for Nudge {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        if let Some(waker) = lock(&self.waker).as_ref() {
            waker.wake_by_ref();
        }
    }
}

/// A page stream with (by default) one page read ahead. See the module documentation.
pub(super) struct ReadAhead<S, P> {
    pages: S,
    /// The page (or error) fetched ahead, not yet handed out.
    next: Option<P>,
    /// The page stream has ended.
    ended: bool,
    enabled: bool,
    nudge: Arc<Nudge>,
    nudge_waker: Waker,
}

impl<S, P> ReadAhead<S, P> {
    /// `pages`, read ahead.
    pub(super) fn new(pages: S) -> Self {
        let nudge = Arc::new(Nudge::default());
        Self {
            pages,
            next: None,
            ended: false,
            enabled: true,
            nudge_waker: Waker::from(Arc::clone(&nudge)),
            nudge,
        }
    }

    /// Turns reading ahead on or off.
    pub(super) fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// Whether it reads ahead.
    pub(super) fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The page stream (before the first poll: to configure it).
    pub(super) fn map_pages(mut self, configure: impl FnOnce(S) -> S) -> Self {
        self.pages = configure(self.pages);
        self
    }

    /// The page stream.
    pub(super) fn pages(&self) -> &S {
        &self.pages
    }

    /// The page stream, to change how it fetches.
    pub(super) fn pages_mut(&mut self) -> &mut S {
        &mut self.pages
    }

    /// The page fetched ahead, if one is held.
    pub(super) fn held(&self) -> Option<&P> {
        self.next.as_ref()
    }
}

impl<S, P> ReadAhead<S, P>
where
    S: Stream<Item = P> + Unpin,
{
    /// The next page: the one fetched ahead if it is in, otherwise from the page stream.
    pub(super) fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<P>> {
        if let Some(page) = self.next.take() {
            // The next fetch starts at the next turn.
            self.nudge.woken.store(true, Ordering::Release);
            return Poll::Ready(Some(page));
        }
        if self.ended {
            return Poll::Ready(None);
        }
        match Pin::new(&mut self.pages).poll_next(cx) {
            Poll::Ready(None) => {
                self.ended = true;
                Poll::Ready(None)
            }
            Poll::Ready(Some(page)) => {
                self.nudge.woken.store(true, Ordering::Release);
                Poll::Ready(Some(page))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    /// Gives the fetch of the next page a turn, while the caller consumes this one: starts
    /// it, or polls it if it was woken since. Holds at most one page ahead.
    pub(super) fn poll_ahead(&mut self, cx: &mut Context<'_>) {
        if !self.enabled || self.ended || self.next.is_some() {
            return;
        }
        if !self.nudge.woken.swap(false, Ordering::AcqRel) {
            return;
        }
        {
            let mut waker = lock(&self.nudge.waker);
            if !waker.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
                *waker = Some(cx.waker().clone());
            }
        }
        let mut ahead = Context::from_waker(&self.nudge_waker);
        match Pin::new(&mut self.pages).poll_next(&mut ahead) {
            Poll::Ready(Some(page)) => self.next = Some(page),
            Poll::Ready(None) => self.ended = true,
            Poll::Pending => {}
        }
    }
}
