use super::Client;
use super::paginator::{Paginator, Step};
use crate::error::{Error, InvalidRequest};
use crate::model::id::Cursor;
use crate::model::page::{Done, Page};
use crate::request::ListRequest;
use crate::transport::HttpRequest;
use futures_core::Stream;
use serde::de::DeserializeOwned;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send>>;
type NextPage = Arc<dyn Fn(&Cursor) -> Result<HttpRequest, InvalidRequest> + Send + Sync>;

enum State<T> {
    Ready(HttpRequest),
    Fetching(PageFuture<T>),
    Failed(Error),
    Done,
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
        }
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
                State::Ready(request) => {
                    let client = this.client.clone();
                    this.state =
                        State::Fetching(Box::pin(
                            async move { client.fetch::<Page<T>>(request).await },
                        ));
                }
                State::Fetching(mut future) => match future.as_mut().poll(cx) {
                    Poll::Pending => {
                        this.state = State::Fetching(future);
                        return Poll::Pending;
                    }
                    Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
                    Poll::Ready(Ok(page)) => {
                        this.state = match this.paginator.next_page(&page) {
                            Step::Fetch(cursor) => match (this.next_page)(&cursor) {
                                Ok(request) => State::Ready(request),
                                Err(invalid) => State::Failed(invalid.into()),
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
/// Memory holds one page at a time, whatever the list's length. The first error ends it.
pub struct ItemStream<T> {
    pages: PageStream<T>,
    buffer: std::vec::IntoIter<T>,
}

impl<T> Unpin for ItemStream<T> {}

impl<T> fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> ItemStream<T> {
    pub(super) fn new(pages: PageStream<T>) -> Self {
        Self {
            pages,
            buffer: Vec::new().into_iter(),
        }
    }

    /// Stops after `max_pages` pages.
    #[must_use]
    pub fn max_pages(mut self, max_pages: u32) -> Self {
        self.pages = self.pages.max_pages(max_pages);
        self
    }

    /// Follows at most `max_empty_pages` empty pages in a row that still carry a cursor
    /// (see [`PageStream::max_empty_pages`]).
    #[must_use]
    pub fn max_empty_pages(mut self, max_empty_pages: u32) -> Self {
        self.pages = self.pages.max_empty_pages(max_empty_pages);
        self
    }

    /// Why the walk stopped, once every item was yielded.
    pub fn done(&self) -> Option<&Done> {
        if self.buffer.len() == 0 {
            self.pages.done()
        } else {
            None
        }
    }

    /// How many pages were fetched so far.
    pub fn pages_fetched(&self) -> u32 {
        self.pages.pages_fetched()
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
                return Poll::Ready(Some(Ok(item)));
            }
            // Free the spent page before fetching the next, so memory holds one page.
            this.buffer = Vec::new().into_iter();
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => this.buffer = page.items.into_iter(),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.buffer.len(), None)
    }
}
