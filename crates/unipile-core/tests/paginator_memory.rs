//! The memory a walk's loop guard holds: a fingerprint per page, not the cursors' text.
//! Its own test binary, since it counts every allocation of the process.

use peak_alloc::PeakAlloc;
use unipile_core::Cursor;
use unipile_core::client::paginator::{Paginator, Step};

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

#[test]
fn a_long_walk_keeps_a_fingerprint_per_page_not_its_cursor() {
    const PAGES: usize = 2_000;
    const CURSOR_BYTES: usize = 500;
    let before = ALLOCATOR.current_usage();
    let mut pages = Paginator::new();
    for page in 0..PAGES {
        let cursor = Cursor::new(format!("{page:0>CURSOR_BYTES$}"));
        assert!(matches!(pages.next(Some(&cursor), 250), Step::Fetch(_)));
    }
    let held = ALLOCATOR.current_usage().saturating_sub(before);
    // The cursors' text alone is 1,000,000 bytes; 2,000 fingerprints of 16 bytes, in a
    // table at most half full, take under 100,000.
    assert!(
        held < 100_000,
        "the paginator holds {held} bytes after {PAGES} pages"
    );
    // A repeat is still caught, however far back.
    let first = Cursor::new(format!("{:0>CURSOR_BYTES$}", 0));
    assert!(matches!(pages.next(Some(&first), 250), Step::Done(_)));
}
