//! Walking every page of a list: a pure state machine the client's loop drives.

use crate::model::id::Cursor;
use crate::model::page::{Done, Page};
use std::collections::HashSet;

/// Decides, page after page, whether to fetch another page and with which cursor.
///
/// The client sends the first request (with the user's filters), then tells the
/// paginator each page's cursor and item count; the paginator answers
/// [`Step::Fetch`] with the cursor to send, or [`Step::Done`] with the reason it stops:
///
/// - the cursor is `null`: the documented end of the list;
/// - the page is empty but still has a cursor (undocumented; following it could loop);
/// - the cursor was seen before: a server repeating one cursor, or cycling A→B→A, would
///   otherwise be followed forever and hand out the same items again;
/// - the optional page cap was reached.
///
/// Later pages send only `cursor` and `limit` (the cursor encodes the original
/// filters); building that request is the request types' job, the paginator only
/// decides.
///
/// Memory: the paginator keeps every cursor it followed, one short string per page
/// (about 100 KB for 1,000 pages of cursors of 100 bytes; items are never kept), so
/// that any repeat, not only an immediate one, is caught before a page is fetched
/// twice. [`Paginator::with_max_pages`] bounds it when that matters.
///
/// ```
/// use unipile_core::Cursor;
/// use unipile_core::client::paginator::{Paginator, Step};
/// use unipile_core::model::page::Done;
///
/// let mut pages = Paginator::new();
/// assert_eq!(pages.next(Some(&Cursor::new("A")), 100), Step::Fetch(Cursor::new("A")));
/// assert_eq!(pages.next(Some(&Cursor::new("B")), 100), Step::Fetch(Cursor::new("B")));
/// // The server sends cursor A again: stop before fetching a page already seen.
/// assert_eq!(
///     pages.next(Some(&Cursor::new("A")), 100),
///     Step::Done(Done::RepeatedCursor(Cursor::new("A")))
/// );
/// assert_eq!(pages.pages(), 3);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Paginator {
    seen: HashSet<Cursor>,
    pages: u32,
    max_pages: Option<u32>,
    done: Option<Done>,
}

/// What to do after a page.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Step {
    /// Fetch the next page with this cursor (and the same `limit`).
    Fetch(Cursor),
    /// Stop.
    Done(Done),
}

impl Paginator {
    /// A paginator with no page cap.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stops after `max_pages` pages (at least 1), with [`Done::MaxPages`].
    pub fn with_max_pages(mut self, max_pages: u32) -> Self {
        self.max_pages = Some(max_pages.max(1));
        self
    }

    /// Counts `cursor` as followed already: for a walk whose first request was sent with
    /// it (resumed after a page cap, say). A server answering that page with the same
    /// cursor then stops the walk with [`Done::RepeatedCursor`] instead of having the page
    /// fetched and handed out a second time.
    ///
    /// ```
    /// use unipile_core::Cursor;
    /// use unipile_core::client::paginator::{Paginator, Step};
    /// use unipile_core::model::page::Done;
    ///
    /// let mut pages = Paginator::new().resuming_from(Cursor::new("A"));
    /// assert_eq!(
    ///     pages.next(Some(&Cursor::new("A")), 100),
    ///     Step::Done(Done::RepeatedCursor(Cursor::new("A")))
    /// );
    /// ```
    pub fn resuming_from(mut self, cursor: Cursor) -> Self {
        if !cursor.is_empty() {
            self.seen.insert(cursor);
        }
        self
    }

    /// Takes in one fetched page (its `cursor` and how many items it had) and says what
    /// to do next. After [`Step::Done`], it keeps answering the same `Done`.
    pub fn next(&mut self, cursor: Option<&Cursor>, item_count: usize) -> Step {
        if let Some(done) = &self.done {
            return Step::Done(done.clone());
        }
        self.pages = self.pages.saturating_add(1);
        let step = match cursor {
            None => Step::Done(Done::LastPage),
            Some(cursor) if cursor.is_empty() => Step::Done(Done::LastPage),
            Some(cursor) if item_count == 0 => Step::Done(Done::EmptyPage(cursor.clone())),
            Some(cursor) if !self.seen.insert(cursor.clone()) => {
                Step::Done(Done::RepeatedCursor(cursor.clone()))
            }
            Some(cursor) if self.max_pages.is_some_and(|max| self.pages >= max) => {
                Step::Done(Done::MaxPages(cursor.clone()))
            }
            Some(cursor) => Step::Fetch(cursor.clone()),
        };
        if let Step::Done(done) = &step {
            self.done = Some(done.clone());
        }
        step
    }

    /// [`Paginator::next`] for a decoded page.
    pub fn next_page<T>(&mut self, page: &Page<T>) -> Step {
        self.next(page.cursor.as_ref(), page.items.len())
    }

    /// How many pages were taken in.
    pub fn pages(&self) -> u32 {
        self.pages
    }

    /// Why the walk stopped, once it has.
    pub fn done(&self) -> Option<&Done> {
        self.done.as_ref()
    }
}
