use super::Client;
use super::paginator::{Paginator, Step};
use super::read_ahead::{self, ReadAhead, lock};
use crate::error::{Error, InvalidRequest};
use crate::model::id::Cursor;
use crate::model::page::{Done, Page, peek_cursor};
use crate::request::ListRequest;
use crate::transport::HttpRequest;
use futures_core::Stream;
use serde::de::DeserializeOwned;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

type PageFuture<T> = read_ahead::Fetch<Page<T>>;
type NextPage = Arc<dyn Fn(&Cursor) -> Result<HttpRequest, InvalidRequest> + Send + Sync>;

/// From this size on, a page's cursor is read from its raw body, so that the next page's
/// request may leave while the page is decoded; a smaller page is decoded at once.
const EARLY_CURSOR_FROM: usize = 64 * 1024;

/// How many turns a fetch gives the runtime once the item stream has taken up the cursor
/// its raw body showed, before it decodes its page: for the next page's request to leave
/// (the request's task, then the connection's).
const TURNS_BEFORE_DECODING: u32 = 2;

enum State<T> {
    Ready(HttpRequest),
    Fetching(Fetching<T>),
    Failed(Error),
    Done,
}

/// A page on its way: the fetch, and the cursor its raw body showed before it was decoded.
struct Fetching<T> {
    page: PageFuture<T>,
    early: Arc<Mutex<EarlyCursor>>,
}

/// The cursor a page's raw body shows (see `peek_cursor`), told as soon as the body is in
/// and before it is decoded, to the item stream waiting for that page.
#[derive(Default)]
struct EarlyCursor {
    cursor: Option<Cursor>,
    /// The item stream waiting for this page, to wake when the cursor is told.
    waiter: Option<Waker>,
    /// The stream has taken the cursor up (and requested the next page, or decided not to).
    taken: bool,
    /// The fetch waiting for the stream to take the cursor up.
    fetch: Option<Waker>,
}

/// Waits for the item stream to take up the cursor told, then gives the runtime a few
/// turns so that the next page's request leaves, before the fetch decodes its page.
struct NextRequestFirst {
    early: Arc<Mutex<EarlyCursor>>,
    turns: u32,
}

impl Future for NextRequestFirst {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        {
            let mut early = lock(&this.early);
            if !early.taken {
                early.fetch = Some(cx.waker().clone());
                return Poll::Pending;
            }
        }
        if this.turns >= TURNS_BEFORE_DECODING {
            return Poll::Ready(());
        }
        this.turns += 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// A stream of the pages of a list, fetched one at a time as it is polled.
///
/// It stops after the last page (a `null` cursor): a complete walk. As loop guards, it
/// also stops on a cursor it has followed before (the one the request started from
/// included), after too many empty pages in a row that still carry a cursor
/// ([`PageStream::max_empty_pages`]; an empty page alone is followed, not taken as the
/// end), or at the page cap: incomplete walks. [`PageStream::done`] says which, and
/// [`Done::is_complete`] whether every page was fetched. The first error ends the stream.
pub struct PageStream<T> {
    client: Client,
    next_page: NextPage,
    paginator: Paginator,
    state: State<T>,
    /// The next page, requested with the cursor its body showed while this one is decoded.
    ahead: Option<(Cursor, Fetching<T>)>,
    /// Whether the next page may be requested before this one is decoded (set by the item
    /// stream while its caller waits for this page, never for a page stream alone).
    early_next: bool,
}

impl<T> Unpin for PageStream<T> {}

impl<T> fmt::Debug for PageStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageStream")
            .field("pages", &self.paginator.pages())
            .field("done", &self.paginator.done())
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> PageStream<T> {
    pub(super) fn new<L>(client: Client, request: L) -> Self
    where
        L: ListRequest<Item = T> + Send + Sync + 'static,
    {
        let mut paginator = Paginator::new();
        let state = match request.to_http() {
            Ok(first) => {
                // A walk resumed from a cursor: that cursor is followed already.
                if let Some(cursor) = first.query_value("cursor") {
                    paginator = paginator.resuming_from(Cursor::new(cursor));
                }
                State::Ready(first)
            }
            Err(invalid) => State::Failed(invalid.into()),
        };
        let request = Arc::new(request);
        Self {
            client,
            next_page: Arc::new(move |cursor| request.next_page(cursor)),
            paginator,
            state,
            ahead: None,
            early_next: false,
        }
    }

    /// Starts fetching `request`: the response is read, its cursor told as soon as the
    /// raw body shows it (giving the item stream turns to request the next page), then the
    /// body decoded.
    fn start(&self, request: HttpRequest) -> Fetching<T> {
        let client = self.client.clone();
        let early = Arc::new(Mutex::new(EarlyCursor::default()));
        let tell = Arc::clone(&early);
        let fetch = Box::pin(async move {
            let answer = client.answer(request, true).await?;
            if answer.body().len() >= EARLY_CURSOR_FROM
                && let Some(cursor) = peek_cursor(answer.body())
            {
                // Only an item stream waiting for this page takes the cursor up; when
                // none waits (its caller is busy with the page before), decode now.
                let waiter = {
                    let mut early = lock(&tell);
                    let waiter = early.waiter.take();
                    if waiter.is_some() {
                        early.cursor = Some(cursor);
                    }
                    waiter
                };
                if let Some(waiter) = waiter {
                    waiter.wake();
                    NextRequestFirst {
                        early: tell,
                        turns: 0,
                    }
                    .await;
                }
            }
            answer.read::<Page<T>>()
        });
        Fetching {
            page: read_ahead::on_spawner(self.client.spawner(), fetch),
            early,
        }
    }

    /// Before `fetching` is decoded: requests the next page with the cursor its raw body
    /// showed, when the caller waits for this page and the walk would follow that cursor
    /// whatever the page holds, then lets the fetch go on. Otherwise asks to be told the
    /// cursor (while the caller waits) or not (while it is busy).
    fn request_ahead(&mut self, fetching: &Fetching<T>, cx: &Context<'_>) {
        let cursor = {
            let mut early = lock(&fetching.early);
            if !self.early_next || self.ahead.is_some() {
                // Not now: a fetch told the cursor decodes at once.
                early.waiter = None;
                if early.cursor.take().is_some() {
                    early.taken = true;
                    if let Some(fetch) = early.fetch.take() {
                        fetch.wake();
                    }
                }
                return;
            }
            match early.cursor.take() {
                Some(cursor) => {
                    early.taken = true;
                    cursor
                }
                None => {
                    if !early.taken {
                        early.waiter = Some(cx.waker().clone());
                    }
                    return;
                }
            }
        };
        if self.paginator.would_follow(&cursor)
            && let Ok(request) = (self.next_page)(&cursor)
        {
            self.ahead = Some((cursor, self.start(request)));
        }
        // The next request, if any, is on its way first: the fetch may decode now.
        if let Some(fetch) = lock(&fetching.early).fetch.take() {
            fetch.wake();
        }
    }

    /// Lets the next page be requested before this one is decoded, or not (the item
    /// stream, while its caller waits for this page).
    pub(super) fn set_early_next(&mut self, on: bool) {
        self.early_next = on;
    }

    /// Stops after `max_pages` pages; [`PageStream::done`] then says
    /// [`Done::MaxPages`] with the cursor to resume from.
    #[must_use]
    pub fn max_pages(mut self, max_pages: u32) -> Self {
        self.paginator = std::mem::take(&mut self.paginator).with_max_pages(max_pages);
        self
    }

    /// Follows at most `max_empty_pages` empty pages in a row that still carry a cursor
    /// ([`DEFAULT_MAX_EMPTY_PAGES`](super::paginator::DEFAULT_MAX_EMPTY_PAGES) unless
    /// set); past that, the walk stops, incomplete, with [`Done::EmptyPages`].
    #[must_use]
    pub fn max_empty_pages(mut self, max_empty_pages: u32) -> Self {
        self.paginator = std::mem::take(&mut self.paginator).with_max_empty_pages(max_empty_pages);
        self
    }

    /// Why the walk stopped, once it has (`None` while pages remain or after an error).
    pub fn done(&self) -> Option<&Done> {
        self.paginator.done()
    }

    /// How many pages were fetched.
    pub fn pages_fetched(&self) -> u32 {
        self.paginator.pages()
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for PageStream<T> {
    type Item = Result<Page<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match std::mem::replace(&mut this.state, State::Done) {
                State::Ready(request) => this.state = State::Fetching(this.start(request)),
                State::Fetching(mut fetching) => match fetching.page.as_mut().poll(cx) {
                    Poll::Pending => {
                        this.request_ahead(&fetching, cx);
                        this.state = State::Fetching(fetching);
                        return Poll::Pending;
                    }
                    Poll::Ready(Err(error)) => {
                        // A page requested ahead of one that failed is dropped, unsent or
                        // cancelled: the stream ends here.
                        this.ahead = None;
                        return Poll::Ready(Some(Err(error)));
                    }
                    Poll::Ready(Ok(page)) => {
                        let ahead = this.ahead.take();
                        // The decoded page decides, as ever; the page requested ahead is
                        // used only when it asked for the cursor decided on.
                        this.state = match this.paginator.next_page(&page) {
                            Step::Fetch(cursor) => match ahead {
                                Some((asked, fetching)) if asked == cursor => {
                                    State::Fetching(fetching)
                                }
                                _ => match (this.next_page)(&cursor) {
                                    Ok(request) => State::Ready(request),
                                    Err(invalid) => State::Failed(invalid.into()),
                                },
                            },
                            Step::Done(_) => State::Done,
                        };
                        return Poll::Ready(Some(Ok(page)));
                    }
                },
                State::Failed(error) => return Poll::Ready(Some(Err(error))),
                State::Done => return Poll::Ready(None),
            }
        }
    }
}

/// A stream of the items of a list, across every page, in the order the API sends them.
/// The first error ends it.
///
/// It reads ahead (unless [`ItemStream::read_ahead`] turns that off): while the caller
/// consumes one page's items, the next page is already being fetched, so memory holds at
/// most two pages, whatever the list's length. While the caller waits for a large page
/// (64 KiB or more), the request for the page after it leaves as soon as the page's raw
/// body shows its cursor (exactly as decoding will read it), before the page is decoded;
/// the decoded page still decides (the loop guard, the page cap), and a page that fails
/// to decode drops that request. What the caller sees is the same either
/// way: the same items in the same order, an error at the same position (after every item
/// of the pages before it), the same end.
pub struct ItemStream<T> {
    pages: ReadAhead<PageStream<T>, Result<Page<T>, Error>>,
    buffer: std::vec::IntoIter<T>,
}

impl<T> Unpin for ItemStream<T> {}

impl<T> fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream")
            .field("pages", self.pages.pages())
            .field("buffered", &self.buffer.len())
            .field("read_ahead", &self.pages.is_enabled())
            .finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> ItemStream<T> {
    pub(super) fn new(pages: PageStream<T>) -> Self {
        Self {
            pages: ReadAhead::new(pages),
            buffer: Vec::new().into_iter(),
        }
    }

    /// Stops after `max_pages` pages.
    #[must_use]
    pub fn max_pages(mut self, max_pages: u32) -> Self {
        self.pages = self.pages.map_pages(|pages| pages.max_pages(max_pages));
        self
    }

    /// Whether to fetch the next page while the caller consumes this one (on by default).
    /// Off, the next page is fetched only once every item of this one was yielded, and
    /// memory holds one page.
    #[must_use]
    pub fn read_ahead(mut self, on: bool) -> Self {
        self.pages = self.pages.enabled(on);
        self
    }

    /// Follows at most `max_empty_pages` empty pages in a row that still carry a cursor
    /// (see [`PageStream::max_empty_pages`]).
    #[must_use]
    pub fn max_empty_pages(mut self, max_empty_pages: u32) -> Self {
        self.pages = self
            .pages
            .map_pages(|pages| pages.max_empty_pages(max_empty_pages));
        self
    }

    /// Why the walk stopped, once every item was yielded.
    pub fn done(&self) -> Option<&Done> {
        if self.buffer.len() == 0 && self.pages.held().is_none() {
            self.pages.pages().done()
        } else {
            None
        }
    }

    /// How many pages were fetched so far (with reading ahead, the page being fetched
    /// ahead counts once it is in).
    pub fn pages_fetched(&self) -> u32 {
        self.pages.pages().pages_fetched()
    }

    /// Collects every item into a `Vec` (for short lists; prefer polling the stream for
    /// long ones).
    pub async fn try_collect(mut self) -> Result<Vec<T>, Error> {
        let mut out = Vec::new();
        while let Some(item) = std::future::poll_fn(|cx| Pin::new(&mut self).poll_next(cx)).await {
            out.push(item?);
        }
        Ok(out)
    }

    /// The next item, or `None` at the end (so no stream-extension crate is needed).
    pub async fn next_item(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for ItemStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                this.pages.poll_ahead(cx);
                return Poll::Ready(Some(Ok(item)));
            }
            // Free the spent page before taking the next, so memory holds two pages at most.
            this.buffer = Vec::new().into_iter();
            // The caller waits for the next page: the one after it may be requested as soon
            // as its cursor shows, before the next page is decoded.
            let early_next = this.pages.is_enabled();
            this.pages.pages_mut().set_early_next(early_next);
            let polled = this.pages.poll_page(cx);
            this.pages.pages_mut().set_early_next(false);
            match polled {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => this.buffer = page.items.into_iter(),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let ahead = match self.pages.held() {
            Some(Ok(page)) => page.items.len(),
            _ => 0,
        };
        (self.buffer.len() + ahead, None)
    }
}
