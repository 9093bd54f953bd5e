//! The paginator's states, driven the way a client loop drives it.

use std::collections::HashMap;
use unipile_core::client::paginator::{Paginator, Step};
use unipile_core::model::page::Done;
use unipile_core::{Cursor, Page};

fn c(text: &str) -> Cursor {
    Cursor::new(text)
}

/// A fake list endpoint: the first request (`None`) and each cursor map to a page.
struct FakeList {
    pages: HashMap<Option<String>, Page<u32>>,
    fetched: Vec<Option<String>>,
}

impl FakeList {
    fn new(pages: Vec<(Option<&str>, Vec<u32>, Option<&str>)>) -> Self {
        let pages = pages
            .into_iter()
            .map(|(at, items, next)| (at.map(str::to_owned), Page::new(items, next.map(c))))
            .collect();
        Self {
            pages,
            fetched: Vec::new(),
        }
    }

    fn fetch(&mut self, cursor: Option<&Cursor>) -> Page<u32> {
        let key = cursor.map(|c| c.as_str().to_owned());
        self.fetched.push(key.clone());
        self.pages
            .get(&key)
            .cloned()
            .expect("a page for this cursor")
    }

    /// Walks the list as a client does, with a hard bound so a broken paginator fails
    /// the test instead of hanging it.
    fn walk(&mut self, mut paginator: Paginator) -> (Vec<u32>, Done) {
        let mut items = Vec::new();
        let mut cursor = None;
        for _ in 0..1_000 {
            let page = self.fetch(cursor.as_ref());
            let step = paginator.next_page(&page);
            items.extend(page.items);
            match step {
                Step::Fetch(next) => cursor = Some(next),
                Step::Done(done) => return (items, done),
            }
        }
        panic!("the paginator never stopped");
    }
}

#[test]
fn a_null_cursor_ends_the_walk() {
    let mut list = FakeList::new(vec![
        (None, vec![1, 2], Some("A")),
        (Some("A"), vec![3, 4], Some("B")),
        (Some("B"), vec![5], None),
    ]);
    let (items, done) = list.walk(Paginator::new());
    assert_eq!(items, vec![1, 2, 3, 4, 5]);
    assert_eq!(done, Done::LastPage);
    assert!(done.reached_end());
    assert_eq!(
        list.fetched,
        vec![None, Some("A".to_owned()), Some("B".to_owned())]
    );
}

#[test]
fn a_single_page_and_an_empty_list() {
    let mut p = Paginator::new();
    assert_eq!(p.next(None, 3), Step::Done(Done::LastPage));
    assert_eq!(p.pages(), 1);
    let mut p = Paginator::new();
    assert_eq!(p.next(None, 0), Step::Done(Done::LastPage));
    let mut p = Paginator::new();
    assert_eq!(
        p.next(Some(&c("")), 5),
        Step::Done(Done::LastPage),
        "an empty cursor is no cursor"
    );
}

#[test]
fn an_empty_page_with_a_cursor_is_followed_to_the_items_behind_it() {
    let mut list = FakeList::new(vec![
        (None, vec![1], Some("A")),
        (Some("A"), vec![], Some("B")),
        (Some("B"), vec![2], None),
    ]);
    let (items, done) = list.walk(Paginator::new());
    assert_eq!(items, vec![1, 2]);
    assert_eq!(done, Done::LastPage);
    assert!(done.is_complete());
    assert_eq!(list.fetched.len(), 3);
}

#[test]
fn empty_pages_past_the_cap_end_the_walk_incomplete() {
    let mut list = FakeList::new(vec![
        (None, vec![1], Some("A")),
        (Some("A"), vec![], Some("B")),
        (Some("B"), vec![], Some("C")),
        (Some("C"), vec![2], None),
    ]);
    let (items, done) = list.walk(Paginator::new().with_max_empty_pages(1));
    assert_eq!(items, vec![1]);
    assert_eq!(
        done,
        Done::EmptyPages {
            count: 2,
            cursor: c("C")
        }
    );
    assert!(!done.is_complete());
    assert!(!done.reached_end());
    assert_eq!(list.fetched.len(), 3);
}

#[test]
fn a_server_repeating_one_cursor_forever_is_walked_once() {
    let mut list = FakeList::new(vec![
        (None, vec![1, 2], Some("X")),
        // Every request with cursor X answers the same page and cursor X again.
        (Some("X"), vec![3, 4], Some("X")),
    ]);
    let (items, done) = list.walk(Paginator::new());
    assert_eq!(items, vec![1, 2, 3, 4], "each page's items once");
    assert_eq!(done, Done::RepeatedCursor(c("X")));
    assert_eq!(list.fetched, vec![None, Some("X".to_owned())]);
}

#[test]
fn a_cycle_a_b_a_stops_before_fetching_a_again() {
    let mut list = FakeList::new(vec![
        (None, vec![1], Some("A")),
        (Some("A"), vec![2], Some("B")),
        (Some("B"), vec![3], Some("A")),
    ]);
    let (items, done) = list.walk(Paginator::new());
    assert_eq!(items, vec![1, 2, 3]);
    assert_eq!(done, Done::RepeatedCursor(c("A")));
    assert!(
        !done.reached_end(),
        "a repeated cursor is an incomplete walk"
    );
    assert_eq!(
        list.fetched,
        vec![None, Some("A".to_owned()), Some("B".to_owned())]
    );
}

#[test]
fn a_page_cap_stops_with_the_cursor_to_resume() {
    let pages = vec![
        (None, vec![1], Some("A")),
        (Some("A"), vec![2], Some("B")),
        (Some("B"), vec![3], Some("C")),
        (Some("C"), vec![4], None),
    ];
    let mut list = FakeList::new(pages.clone());
    let (items, done) = list.walk(Paginator::new().with_max_pages(2));
    assert_eq!(items, vec![1, 2]);
    assert_eq!(done, Done::MaxPages(c("B")));
    assert!(!done.reached_end());

    let mut list = FakeList::new(pages.clone());
    let (items, done) = list.walk(Paginator::new().with_max_pages(0));
    assert_eq!(items, vec![1], "a cap of 0 counts as 1");
    assert_eq!(done, Done::MaxPages(c("A")));

    // The cap does not hide a real end.
    let mut list = FakeList::new(pages);
    let (items, done) = list.walk(Paginator::new().with_max_pages(4));
    assert_eq!(items, vec![1, 2, 3, 4]);
    assert_eq!(done, Done::LastPage);
}

#[test]
fn once_done_it_stays_done() {
    let mut p = Paginator::new();
    assert_eq!(p.next(Some(&c("A")), 1), Step::Fetch(c("A")));
    assert_eq!(
        p.next(Some(&c("A")), 1),
        Step::Done(Done::RepeatedCursor(c("A")))
    );
    assert_eq!(p.done(), Some(&Done::RepeatedCursor(c("A"))));
    // Whatever it is told afterwards.
    assert_eq!(
        p.next(Some(&c("Z")), 9),
        Step::Done(Done::RepeatedCursor(c("A")))
    );
    assert_eq!(p.next(None, 0), Step::Done(Done::RepeatedCursor(c("A"))));
    assert_eq!(p.pages(), 2);
}

#[test]
fn a_long_history_is_walked_page_by_page() {
    let total = 1_000u32;
    let limit = 100u32;
    let mut pages = Vec::new();
    for n in 0..total / limit {
        let at = (n > 0).then(|| format!("p{n}"));
        let next = (n + 1 < total / limit).then(|| format!("p{}", n + 1));
        pages.push((at, (n * limit..(n + 1) * limit).collect::<Vec<_>>(), next));
    }
    let pages: Vec<(Option<&str>, Vec<u32>, Option<&str>)> = pages
        .iter()
        .map(|(a, i, n)| (a.as_deref(), i.clone(), n.as_deref()))
        .collect();
    let mut list = FakeList::new(pages);
    let (items, done) = list.walk(Paginator::new());
    assert_eq!(items, (0..total).collect::<Vec<_>>());
    assert_eq!(done, Done::LastPage);
    assert_eq!(list.fetched.len(), 10);
}
