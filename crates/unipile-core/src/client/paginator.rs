//! Walking every page of a list: a pure state machine the client's loop drives.

use crate::model::id::Cursor;
use crate::model::page::{Done, Page};
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Decides, page after page, whether to fetch another page and with which cursor.
///
/// The client sends the first request (with the user's filters), then tells the
/// paginator each page's cursor and item count; the paginator answers
/// [`Step::Fetch`] with the cursor to send, or [`Step::Done`] with the reason it stops:
///
/// - the cursor is `null`: the documented end of the list, the only **complete** walk;
/// - the cursor was seen before: a server repeating one cursor, or cycling A→B→A, would
///   otherwise be followed forever and hand out the same items again (incomplete);
/// - [`Paginator::with_max_empty_pages`] empty pages in a row still carried a cursor
///   (incomplete; [`DEFAULT_MAX_EMPTY_PAGES`] unless set);
/// - the optional page cap was reached (incomplete).
///
/// An empty page that still has a cursor is not the end: the items may lie behind it
/// (the API does not document such a page, but a server may send one), so its cursor is
/// followed, up to the cap of empty pages in a row. A page with items resets the count.
///
/// Later pages send only `cursor` and `limit` (the cursor encodes the original
/// filters); building that request is the request types' job, the paginator only
/// decides.
///
/// Memory: so that any repeat, not only an immediate one, is caught before a page is
/// fetched twice, the paginator remembers every cursor it followed, as a 128-bit
/// fingerprint of its text rather than the text itself: 16 bytes a page (about 35 KB for
/// 1,000 pages, whatever the cursors' length; items are never kept). Two different
/// cursors share a fingerprint with a probability of about 2⁻¹²⁸ per pair, so a walk is
/// not stopped by a repeat that is not one. [`Paginator::with_max_pages`] bounds it when
/// that matters.
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
/// assert!(!pages.done().expect("stopped").is_complete());
///
/// // An empty page with a cursor is followed; only a null cursor completes the walk.
/// let mut pages = Paginator::new();
/// assert_eq!(pages.next(Some(&Cursor::new("A")), 0), Step::Fetch(Cursor::new("A")));
/// assert_eq!(pages.next(None, 100), Step::Done(Done::LastPage));
/// assert!(pages.done().expect("stopped").is_complete());
/// ```
#[derive(Clone, Debug)]
pub struct Paginator {
    /// The [`fingerprint`] of every cursor followed.
    seen: HashSet<u128>,
    pages: u32,
    max_pages: Option<u32>,
    max_empty_pages: u32,
    empty_in_a_row: u32,
    done: Option<Done>,
}

/// How many empty pages in a row that still carry a cursor a walk follows before it
/// stops as incomplete with [`Done::EmptyPages`], unless
/// [`Paginator::with_max_empty_pages`] says otherwise.
pub const DEFAULT_MAX_EMPTY_PAGES: u32 = 3;

impl Default for Paginator {
    fn default() -> Self {
        Self {
            seen: HashSet::new(),
            pages: 0,
            max_pages: None,
            max_empty_pages: DEFAULT_MAX_EMPTY_PAGES,
            empty_in_a_row: 0,
            done: None,
        }
    }
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

    /// Follows at most `max_empty_pages` empty pages in a row that still carry a cursor;
    /// the next one stops the walk with [`Done::EmptyPages`] (incomplete). `0` stops at
    /// the first empty page with a cursor.
    pub fn with_max_empty_pages(mut self, max_empty_pages: u32) -> Self {
        self.max_empty_pages = max_empty_pages;
        self
    }

    /// The cap of empty pages in a row (see [`Paginator::with_max_empty_pages`]).
    pub fn max_empty_pages(&self) -> u32 {
        self.max_empty_pages
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
            self.seen.insert(fingerprint(&cursor));
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
        if item_count == 0 {
            self.empty_in_a_row = self.empty_in_a_row.saturating_add(1);
        } else {
            self.empty_in_a_row = 0;
        }
        let step = match cursor {
            None => Step::Done(Done::LastPage),
            Some(cursor) if cursor.is_empty() => Step::Done(Done::LastPage),
            Some(cursor) if !self.seen.insert(fingerprint(cursor)) => {
                Step::Done(Done::RepeatedCursor(cursor.clone()))
            }
            Some(cursor) if self.empty_in_a_row > self.max_empty_pages => {
                Step::Done(Done::EmptyPages {
                    count: self.empty_in_a_row,
                    cursor: cursor.clone(),
                })
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

    /// Whether the next page taken in, if its cursor is `cursor`, would have the walk
    /// fetch that cursor, whatever the page's item count: so that its request may leave
    /// before the page is decoded. Changes nothing; the decoded page is still taken in
    /// with [`Paginator::next`], which decides.
    ///
    /// ```
    /// use unipile_core::Cursor;
    /// use unipile_core::client::paginator::Paginator;
    ///
    /// let mut pages = Paginator::new().with_max_pages(3);
    /// assert!(pages.would_follow(&Cursor::new("A")));
    /// pages.next(Some(&Cursor::new("A")), 10);
    /// assert!(!pages.would_follow(&Cursor::new("A")), "a cursor seen before");
    /// assert!(pages.would_follow(&Cursor::new("B")));
    /// pages.next(Some(&Cursor::new("B")), 10);
    /// assert!(!pages.would_follow(&Cursor::new("C")), "the third page is the last");
    /// ```
    pub fn would_follow(&self, cursor: &Cursor) -> bool {
        let pages = self.pages.saturating_add(1);
        self.done.is_none()
            && !cursor.is_empty()
            && !self.seen.contains(&fingerprint(cursor))
            // Even if that page is empty, the walk goes on.
            && self.empty_in_a_row.saturating_add(1) <= self.max_empty_pages
            && self.max_pages.is_none_or(|max| pages < max)
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

/// A 128-bit fingerprint of a cursor's text: two SipHash-1-3 values of it (std's
/// `DefaultHasher`, with its fixed keys), each after its own one-byte prefix.
fn fingerprint(cursor: &Cursor) -> u128 {
    let half = |prefix: u8| {
        let mut hasher = DefaultHasher::new();
        prefix.hash(&mut hasher);
        cursor.as_str().hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Cursor {
        Cursor::new(s)
    }

    /// Each row: the pages as (cursor, item count), the paginator's settings, and the
    /// expected end (`None`: still fetching after the last page given).
    #[test]
    fn every_way_a_walk_ends() {
        type Row = (
            &'static str,
            Vec<(Option<&'static str>, usize)>,
            Option<u32>,
            Option<u32>,
            Option<Done>,
            bool,
        );
        let rows: Vec<Row> = vec![
            (
                "null cursor",
                vec![(Some("A"), 5), (None, 5)],
                None,
                None,
                Some(Done::LastPage),
                true,
            ),
            (
                "empty last page",
                vec![(Some("A"), 5), (None, 0)],
                None,
                None,
                Some(Done::LastPage),
                true,
            ),
            (
                "one empty page in the middle is followed",
                vec![(Some("A"), 5), (Some("B"), 0), (Some("C"), 5), (None, 1)],
                None,
                None,
                Some(Done::LastPage),
                true,
            ),
            (
                "three empty pages in a row are followed by default",
                vec![
                    (Some("A"), 0),
                    (Some("B"), 0),
                    (Some("C"), 0),
                    (Some("D"), 4),
                ],
                None,
                None,
                None,
                false,
            ),
            (
                "the fourth empty page in a row stops, incomplete",
                vec![
                    (Some("A"), 0),
                    (Some("B"), 0),
                    (Some("C"), 0),
                    (Some("D"), 0),
                ],
                None,
                None,
                Some(Done::EmptyPages {
                    count: 4,
                    cursor: c("D"),
                }),
                false,
            ),
            (
                "a page with items resets the count",
                vec![
                    (Some("A"), 0),
                    (Some("B"), 0),
                    (Some("C"), 1),
                    (Some("D"), 0),
                    (Some("E"), 0),
                    (None, 0),
                ],
                Some(2),
                None,
                Some(Done::LastPage),
                true,
            ),
            (
                "a cap of 0 stops at the first empty page with a cursor",
                vec![(Some("A"), 3), (Some("B"), 0)],
                Some(0),
                None,
                Some(Done::EmptyPages {
                    count: 1,
                    cursor: c("B"),
                }),
                false,
            ),
            (
                "a repeated cursor is incomplete",
                vec![(Some("A"), 3), (Some("B"), 3), (Some("A"), 3)],
                None,
                None,
                Some(Done::RepeatedCursor(c("A"))),
                false,
            ),
            (
                "an empty page repeating a cursor is incomplete",
                vec![(Some("A"), 3), (Some("A"), 0)],
                None,
                None,
                Some(Done::RepeatedCursor(c("A"))),
                false,
            ),
            (
                "the page cap is incomplete",
                vec![(Some("A"), 3), (Some("B"), 3)],
                None,
                Some(2),
                Some(Done::MaxPages(c("B"))),
                false,
            ),
        ];
        for (name, pages, max_empty, max_pages, expected, complete) in rows {
            let mut paginator = Paginator::new();
            if let Some(max) = max_empty {
                paginator = paginator.with_max_empty_pages(max);
            }
            if let Some(max) = max_pages {
                paginator = paginator.with_max_pages(max);
            }
            let mut last = None;
            for (i, (cursor, count)) in pages.iter().enumerate() {
                let cursor = cursor.map(c);
                let step = paginator.next(cursor.as_ref(), *count);
                if i + 1 < pages.len() {
                    assert_eq!(
                        step,
                        Step::Fetch(cursor.clone().expect("a cursor")),
                        "{name}: page {i}"
                    );
                }
                last = Some(step);
            }
            match &expected {
                Some(done) => assert_eq!(last, Some(Step::Done(done.clone())), "{name}"),
                None => assert!(matches!(last, Some(Step::Fetch(_))), "{name}: {last:?}"),
            }
            assert_eq!(paginator.done(), expected.as_ref(), "{name}");
            assert_eq!(
                paginator.done().is_some_and(Done::is_complete),
                complete,
                "{name}"
            );
            assert_eq!(paginator.pages() as usize, pages.len(), "{name}");
        }
    }

    /// `would_follow` says `true` only where `next` fetches the cursor, whatever the
    /// page's item count.
    #[test]
    fn would_follow_agrees_with_next_for_any_item_count() {
        let cursors = ["A", "B", "A", "", "C", "D", "E"];
        for max_empty in [0, 1, 3] {
            for max_pages in [None, Some(1), Some(2), Some(4)] {
                for counts in [[0; 7], [5; 7], [0, 5, 0, 0, 5, 0, 0]] {
                    let mut paginator = Paginator::new().with_max_empty_pages(max_empty);
                    if let Some(max) = max_pages {
                        paginator = paginator.with_max_pages(max);
                    }
                    for (cursor, count) in cursors.iter().zip(counts) {
                        let cursor = c(cursor);
                        let would = paginator.would_follow(&cursor);
                        let fetches_either_way = [0, 1].iter().all(|&n| {
                            matches!(paginator.clone().next(Some(&cursor), n), Step::Fetch(_))
                        });
                        assert_eq!(
                            would, fetches_either_way,
                            "{cursor} {max_empty} {max_pages:?}"
                        );
                        paginator.next(Some(&cursor), count);
                    }
                }
            }
        }
    }

    #[test]
    fn after_done_it_keeps_answering_the_same_reason() {
        let mut pages = Paginator::new().with_max_empty_pages(0);
        let done = Done::EmptyPages {
            count: 1,
            cursor: c("A"),
        };
        assert_eq!(pages.next(Some(&c("A")), 0), Step::Done(done.clone()));
        assert_eq!(pages.next(None, 10), Step::Done(done));
        assert_eq!(pages.pages(), 1);
    }
}
