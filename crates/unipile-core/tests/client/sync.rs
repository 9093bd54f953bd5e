//! Periodic sync over a fake `GET /messages`: nothing lost, nothing handed on twice.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use std::time::Duration;
use unipile_core::client::paginator::{Paginator, Step};
use unipile_core::model::page::Done;
use unipile_core::sync::{Checkpoint, IncompletePass, PassSummary, SyncItem, SyncWindow};
use unipile_core::{AccountId, Cursor, MessageId, Page};

#[derive(Clone, Debug, PartialEq)]
struct Msg {
    id: MessageId,
    at: DateTime<Utc>,
}

impl SyncItem for Msg {
    fn sync_id(&self) -> &MessageId {
        &self.id
    }
    fn sync_timestamp(&self) -> DateTime<Utc> {
        self.at
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0)
        .single()
        .expect("date")
}

fn mins(n: i64) -> DateTime<Utc> {
    t0() + TimeDelta::minutes(n)
}

fn msg(id: &str, at: DateTime<Utc>) -> Msg {
    Msg {
        id: MessageId::new(id),
        at,
    }
}

/// A fake `GET /messages`: newest first, `after` exclusive, and a cursor that encodes
/// the last item returned (as Unipile's does), so messages arriving during a walk do
/// not shift its pages.
struct FakeServer {
    messages: Vec<Msg>,
    limit: usize,
    /// Answer an error instead of this page (1 = the first page) on the next pass.
    fail_on_page: Option<usize>,
}

impl FakeServer {
    fn new(limit: usize) -> Self {
        Self {
            messages: Vec::new(),
            limit,
            fail_on_page: None,
        }
    }

    fn add(&mut self, messages: impl IntoIterator<Item = Msg>) {
        self.messages.extend(messages);
    }

    fn list(&self, window: &SyncWindow, cursor: Option<&Cursor>) -> Page<Msg> {
        let mut all: Vec<&Msg> = self
            .messages
            .iter()
            .filter(|m| window.after.is_none_or(|after| m.at > after))
            .collect();
        all.sort_by(|a, b| (b.at, &b.id).cmp(&(a.at, &a.id)));
        let start = match cursor {
            None => 0,
            Some(cursor) => {
                let (ms, id) = cursor.as_str().split_once('|').expect("our cursor");
                let ms: i64 = ms.parse().expect("ms");
                all.iter()
                    .position(|m| (m.at.timestamp_millis(), m.id.as_str()) < (ms, id))
                    .unwrap_or(all.len())
            }
        };
        let items: Vec<Msg> = all
            .iter()
            .skip(start)
            .take(self.limit)
            .map(|m| (*m).clone())
            .collect();
        let more = start + items.len() < all.len();
        let next = items
            .last()
            .filter(|_| more)
            .map(|m| Cursor::new(format!("{}|{}", m.at.timestamp_millis(), m.id)));
        Page::new(items, next)
    }
}

/// What the user's side stored, in order.
#[derive(Default)]
struct Store {
    ids: Vec<MessageId>,
    /// Refuse to store this message (a failing handler).
    refuse: Option<MessageId>,
}

/// One cron tick, as a client drives it: window, every page, dedupe, hand on, commit.
fn run_pass(
    server: &mut FakeServer,
    checkpoint: &mut Checkpoint,
    store: &mut Store,
    overlap: Duration,
    now: DateTime<Utc>,
) -> Result<PassSummary, String> {
    let fail_on_page = server.fail_on_page.take();
    let mut pass = checkpoint.begin(overlap, now);
    let window = pass.window().clone();
    let mut pages = Paginator::new();
    let mut cursor = None;
    let mut page_number = 0;
    let done = loop {
        page_number += 1;
        if fail_on_page == Some(page_number) {
            return Err(format!("HTTP 503 on page {page_number}"));
        }
        let page = server.list(&window, cursor.as_ref());
        let step = pages.next_page(&page);
        for message in &page.items {
            if pass.is_new(message) {
                if store.refuse.as_ref() == Some(&message.id) {
                    return Err(format!("could not store {}", message.id));
                }
                store.ids.push(message.id.clone());
                pass.handed_on(message);
            }
        }
        match step {
            Step::Fetch(next) => cursor = Some(next),
            Step::Done(done) => break done,
        }
    };
    pass.complete(&done).map_err(|e| e.to_string())
}

fn ids(names: &[&str]) -> Vec<MessageId> {
    names.iter().map(|n| MessageId::new(*n)).collect()
}

fn account() -> AccountId {
    AccountId::new("acc_1")
}

const HOUR: Duration = Duration::from_secs(3600);

#[test]
fn two_passes_with_overlap_hand_on_each_message_once() {
    let mut server = FakeServer::new(2);
    server.add([msg("m1", mins(1)), msg("m2", mins(2)), msg("m3", mins(3))]);
    let mut checkpoint = Checkpoint::new(account());
    let mut store = Store::default();

    let first = run_pass(&mut server, &mut checkpoint, &mut store, HOUR, mins(5)).expect("pass 1");
    assert_eq!(store.ids, ids(&["m3", "m2", "m1"]));
    assert_eq!(first.handed_on, 3);
    assert_eq!(checkpoint.newest(), Some(mins(3)));

    server.add([msg("m4", mins(10)), msg("m5", mins(11))]);
    let second =
        run_pass(&mut server, &mut checkpoint, &mut store, HOUR, mins(15)).expect("pass 2");
    assert_eq!(store.ids, ids(&["m3", "m2", "m1", "m5", "m4"]));
    assert_eq!(second.handed_on, 2);
    assert_eq!(second.duplicates, 3, "the overlap fetched m1..m3 again");
    assert_eq!(checkpoint.newest(), Some(mins(11)));

    // A third pass with nothing new hands on nothing.
    let third = run_pass(&mut server, &mut checkpoint, &mut store, HOUR, mins(20)).expect("pass 3");
    assert_eq!(third.handed_on, 0);
    assert_eq!(store.ids.len(), 5);
}

#[test]
fn a_pass_failing_on_page_two_keeps_the_checkpoint_and_loses_nothing() {
    let mut server = FakeServer::new(2);
    server.add([msg("old", mins(0))]);
    let mut checkpoint = Checkpoint::new(account());
    let mut store = Store::default();
    run_pass(&mut server, &mut checkpoint, &mut store, HOUR, mins(1)).expect("pass 1");
    assert_eq!(checkpoint.newest(), Some(mins(0)));

    // Six new messages; the next pass fails on its second page.
    server.add((1..=6).map(|n| msg(&format!("n{n}"), mins(n))));
    server.fail_on_page = Some(2);
    let failed = run_pass(&mut server, &mut checkpoint, &mut store, HOUR, mins(10));
    assert!(failed.is_err());
    // Page 1 (the two newest) was handed on; the checkpoint did not move past them.
    assert_eq!(store.ids, ids(&["old", "n6", "n5"]));
    assert_eq!(
        checkpoint.newest(),
        Some(mins(0)),
        "not moved by a failed pass"
    );
    assert!(checkpoint.was_handed_on(&MessageId::new("n6")));

    // The next pass fetches the whole window again: the missed ones, once.
    let next = run_pass(&mut server, &mut checkpoint, &mut store, HOUR, mins(11)).expect("pass 3");
    assert_eq!(store.ids, ids(&["old", "n6", "n5", "n4", "n3", "n2", "n1"]));
    assert_eq!(next.handed_on, 4);
    assert_eq!(next.duplicates, 3, "old, n6, n5 seen again and skipped");
    assert_eq!(checkpoint.newest(), Some(mins(6)));
}

#[test]
fn a_failing_handler_leaves_the_message_for_the_next_pass() {
    let mut server = FakeServer::new(10);
    server.add([msg("a", mins(1)), msg("b", mins(2)), msg("c", mins(3))]);
    let mut checkpoint = Checkpoint::new(account());
    let mut store = Store {
        refuse: Some(MessageId::new("b")),
        ..Store::default()
    };
    assert!(run_pass(&mut server, &mut checkpoint, &mut store, HOUR, mins(5)).is_err());
    assert_eq!(store.ids, ids(&["c"]));
    assert_eq!(checkpoint.newest(), None);

    store.refuse = None;
    run_pass(&mut server, &mut checkpoint, &mut store, HOUR, mins(6)).expect("retry pass");
    assert_eq!(store.ids, ids(&["c", "b", "a"]));
}

#[test]
fn equal_timestamps_at_the_boundary_are_not_lost() {
    // Without any overlap: a message with the same millisecond as the newest one
    // handed on, listed only after the pass, is still fetched and handed on.
    let mut server = FakeServer::new(10);
    server.add([msg("first", mins(1))]);
    let mut checkpoint = Checkpoint::new(account());
    let mut store = Store::default();
    run_pass(
        &mut server,
        &mut checkpoint,
        &mut store,
        Duration::ZERO,
        mins(2),
    )
    .expect("pass 1");
    server.add([msg("same_ms", mins(1))]);
    run_pass(
        &mut server,
        &mut checkpoint,
        &mut store,
        Duration::ZERO,
        mins(3),
    )
    .expect("pass 2");
    assert_eq!(store.ids, ids(&["first", "same_ms"]));

    // With an overlap: a late message exactly at `newest - overlap` is inside the window.
    let overlap = Duration::from_secs(600);
    let mut server = FakeServer::new(10);
    server.add([msg("x", mins(30))]);
    let mut checkpoint = Checkpoint::new(account());
    let mut store = Store::default();
    run_pass(&mut server, &mut checkpoint, &mut store, overlap, mins(31)).expect("pass 1");
    server.add([msg("late_on_the_edge", mins(20))]);
    run_pass(&mut server, &mut checkpoint, &mut store, overlap, mins(32)).expect("pass 2");
    assert_eq!(store.ids, ids(&["x", "late_on_the_edge"]));
}

#[test]
fn equal_timestamps_across_a_page_boundary_are_not_lost() {
    let mut server = FakeServer::new(2);
    server.add((0..5).map(|n| msg(&format!("s{n}"), mins(7))));
    let mut checkpoint = Checkpoint::new(account());
    let mut store = Store::default();
    run_pass(&mut server, &mut checkpoint, &mut store, HOUR, mins(8)).expect("pass");
    let mut got = store.ids.clone();
    got.sort();
    assert_eq!(got, ids(&["s0", "s1", "s2", "s3", "s4"]));
}

#[test]
fn the_window_follows_the_checkpoint() {
    let overlap = Duration::from_secs(300);
    let fresh = Checkpoint::new(account());
    assert_eq!(
        fresh.window(overlap).after,
        None,
        "a first pass fetches everything"
    );
    assert_eq!(fresh.window(overlap).account_id, Some(account()));
    assert_eq!(Checkpoint::all_accounts().window(overlap).account_id, None);

    let started = Checkpoint::new(account()).starting_at(mins(0));
    assert_eq!(
        started.window(overlap).after,
        Some(mins(0) - TimeDelta::milliseconds(1)),
        "messages at the start itself are included"
    );

    let mut server = FakeServer::new(10);
    let at = mins(60) + TimeDelta::microseconds(1_500);
    server.add([msg("m", at)]);
    let mut checkpoint = Checkpoint::new(account());
    run_pass(
        &mut server,
        &mut checkpoint,
        &mut Store::default(),
        overlap,
        mins(61),
    )
    .expect("pass");
    // newest - overlap, on a whole millisecond, minus one millisecond (after is exclusive).
    assert_eq!(
        checkpoint.window(overlap).after,
        Some(mins(55) + TimeDelta::milliseconds(1) - TimeDelta::milliseconds(1))
    );
    // An overlap reaching before any date fetches everything.
    assert_eq!(checkpoint.window(Duration::MAX).after, None);

    // The start is a floor, even when newest - overlap is older.
    let mut started = Checkpoint::new(account()).starting_at(mins(58));
    run_pass(
        &mut server,
        &mut started,
        &mut Store::default(),
        overlap,
        mins(61),
    )
    .expect("pass");
    assert_eq!(
        started.window(overlap).after,
        Some(mins(58) - TimeDelta::milliseconds(1))
    );
}

#[test]
fn a_message_dated_in_the_future_does_not_hide_later_ones() {
    let overlap = Duration::from_secs(300);
    let mut server = FakeServer::new(10);
    server.add([
        msg("now", mins(0)),
        msg("future", mins(0) + TimeDelta::days(1)),
    ]);
    let mut checkpoint = Checkpoint::new(account());
    let mut store = Store::default();
    run_pass(&mut server, &mut checkpoint, &mut store, overlap, mins(1)).expect("pass 1");
    assert_eq!(
        checkpoint.newest(),
        Some(mins(1)),
        "capped at the pass's now"
    );

    server.add([msg("next", mins(2))]);
    run_pass(&mut server, &mut checkpoint, &mut store, overlap, mins(3)).expect("pass 2");
    assert_eq!(store.ids, ids(&["future", "now", "next"]));
}

#[test]
fn complete_refuses_an_unfinished_pass() {
    let mut checkpoint = Checkpoint::new(account());
    let pass = checkpoint.begin(HOUR, mins(0));
    assert_eq!(
        pass.complete(&Done::MaxPages(Cursor::new("c"))),
        Err(IncompletePass::PagesLeft(Done::MaxPages(Cursor::new("c"))))
    );

    let mut pass = checkpoint.begin(HOUR, mins(10));
    let shown = msg("shown", mins(5));
    assert!(pass.is_new(&shown));
    assert!(!pass.is_new(&shown), "the same id twice in one pass");
    assert_eq!(
        pass.complete(&Done::LastPage),
        Err(IncompletePass::NotHandedOn { count: 1 })
    );
    assert_eq!(checkpoint.newest(), None);

    let mut pass = checkpoint.begin(HOUR, mins(10));
    let kept = pass.keep_new(vec![shown.clone(), msg("other", mins(4))]);
    assert_eq!(kept.len(), 2);
    for m in &kept {
        pass.handed_on(m);
    }
    let summary = pass.complete(&Done::LastPage).expect("complete");
    assert_eq!(summary.handed_on, 2);
    assert_eq!(checkpoint.newest(), Some(mins(5)));
}

#[test]
fn the_dedupe_memory_stays_within_the_overlap() {
    // One message a minute, a pass every 10 minutes, a 30-minute overlap.
    let overlap = Duration::from_secs(30 * 60);
    let mut server = FakeServer::new(7);
    let mut checkpoint = Checkpoint::new(account());
    let mut store = Store::default();
    let mut minute = 0;
    for tick in 1..=50 {
        while minute < tick * 10 {
            server.add([msg(&format!("m{minute:04}"), mins(minute))]);
            minute += 1;
        }
        run_pass(
            &mut server,
            &mut checkpoint,
            &mut store,
            overlap,
            mins(tick * 10),
        )
        .expect("pass");
        // Only ids newer than the next window's `after` are kept: the 30 minutes (and
        // the message on the boundary) before the newest one.
        assert!(
            checkpoint.remembered() <= 31,
            "{} ids kept",
            checkpoint.remembered()
        );
    }
    assert_eq!(store.ids.len(), 500, "every message once");
    let mut unique = store.ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 500);
}

#[test]
fn a_stored_checkpoint_keeps_deduping() {
    let mut server = FakeServer::new(3);
    server.add((1..=5).map(|n| msg(&format!("m{n}"), mins(n))));
    let mut checkpoint = Checkpoint::new(account()).starting_at(mins(0));
    let mut store = Store::default();
    run_pass(&mut server, &mut checkpoint, &mut store, HOUR, mins(6)).expect("pass 1");

    let json = serde_json::to_string(&checkpoint).expect("serialize");
    assert!(json.contains("\"account_id\":\"acc_1\""), "{json}");
    let mut restored: Checkpoint = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(restored, checkpoint);

    server.add([msg("m6", mins(6))]);
    run_pass(&mut server, &mut restored, &mut store, HOUR, mins(7)).expect("pass 2");
    assert_eq!(store.ids, ids(&["m5", "m4", "m3", "m2", "m1", "m6"]));
}

#[test]
fn messages_from_get_messages_sync_as_they_are() {
    use unipile_core::Message;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/message_list.json");
    let bytes = std::fs::read(&path).expect("the message_list fixture");
    let page: Page<Message> = unipile_core::decode(&bytes).expect("a MessageList");
    assert!(page.items.len() > 1);

    let mut checkpoint = Checkpoint::new(account());
    let now = page.items.iter().map(|m| m.timestamp).max().expect("items");
    let mut handed_on = Vec::new();
    let mut summaries = Vec::new();
    for _tick in 0..2 {
        let mut pass = checkpoint.begin(HOUR, now);
        // The same whole page given to both passes, as a list ignoring `after` would:
        // the second pass hands on nothing, even for the ids it no longer remembers.
        for message in pass.keep_new(page.items.clone()) {
            handed_on.push(message.id.clone());
            pass.handed_on(&message);
        }
        summaries.push(pass.complete(&Done::LastPage).expect("complete"));
    }
    assert_eq!(summaries[1].handed_on, 0);
    assert_eq!(
        summaries[1].duplicates, 2,
        "the two inside the 1-hour overlap"
    );
    assert_eq!(
        summaries[1].outside_window, 4,
        "the four older than the window"
    );
    let expected: Vec<MessageId> = page.items.iter().map(|m| m.id.clone()).collect();
    assert_eq!(handed_on, expected);
    assert_eq!(checkpoint.newest(), Some(now));
}

/// One row per pass kind: the window it walks, and what completing it records.
#[test]
fn backfill_and_deep_passes_widen_the_window_and_never_narrow_it() {
    use unipile_core::sync::{DeepPass, PassKind, PassPlanner};
    let ms = TimeDelta::milliseconds(1);
    let mut checkpoint = Checkpoint::new(account());
    let mut pass = checkpoint.begin(HOUR, mins(100));
    let newest = msg("newest", mins(100));
    assert!(pass.is_new(&newest));
    pass.handed_on(&newest);
    pass.complete(&Done::LastPage).expect("complete");
    let regular = mins(40) - ms;
    let rows: Vec<(&str, PassKind, Option<DateTime<Utc>>)> = vec![
        ("regular", PassKind::Regular, Some(regular)),
        (
            "backfill before the window",
            PassKind::Backfill { since: mins(10) },
            Some(mins(-50) - ms),
        ),
        (
            "backfill inside the window keeps it",
            PassKind::Backfill { since: mins(110) },
            Some(regular),
        ),
        (
            "deep",
            PassKind::Deep { from: mins(-1000) },
            Some(mins(-1000) - ms),
        ),
    ];
    for (name, kind, after) in rows {
        let mut copy = checkpoint.clone();
        let pass = copy.begin_kind(kind, HOUR, mins(120));
        assert_eq!(pass.window().after, after, "{name}");
        assert_eq!(pass.kind(), kind, "{name}");
        let summary = pass.complete(&Done::LastPage).expect(name);
        assert_eq!(summary.kind, kind, "{name}");
        let deep_recorded = matches!(kind, PassKind::Deep { .. });
        assert_eq!(copy.deep_pass_at().is_some(), deep_recorded, "{name}");
    }

    // A start set on the checkpoint bounds every kind of window.
    let mut started = Checkpoint::new(account()).starting_at(mins(0));
    let pass = started.begin_kind(PassKind::Deep { from: mins(-1000) }, HOUR, mins(5));
    assert_eq!(pass.window().after, Some(mins(0) - ms));

    // An incomplete backfill or deep pass moves nothing and records nothing.
    let mut copy = checkpoint.clone();
    let pass = copy.begin_kind(PassKind::Deep { from: mins(-1000) }, HOUR, mins(120));
    let stop = Done::RepeatedCursor(Cursor::new("x"));
    assert_eq!(
        pass.complete(&stop),
        Err(IncompletePass::PagesLeft(stop.clone()))
    );
    assert_eq!(copy.deep_pass_at(), None);
    assert_eq!(copy.newest(), checkpoint.newest());

    // The planner: backfill first, then a deep pass when due, else regular.
    let day = Duration::from_secs(86_400);
    let planner = PassPlanner::new().deep_pass(DeepPass::new(day, 7 * day));
    assert_eq!(
        planner.plan(&checkpoint, Some(mins(10)), mins(120)),
        PassKind::Backfill { since: mins(10) }
    );
    let first = planner.plan(&checkpoint, None, mins(120));
    assert_eq!(
        first,
        PassKind::Deep {
            from: mins(120) - TimeDelta::days(7)
        }
    );
    let mut deep_done = checkpoint.clone();
    deep_done
        .begin_kind(first, HOUR, mins(120))
        .complete(&Done::LastPage)
        .expect("deep");
    assert_eq!(planner.plan(&deep_done, None, mins(130)), PassKind::Regular);
    assert!(matches!(
        planner.plan(&deep_done, None, mins(120) + TimeDelta::days(1)),
        PassKind::Deep { .. }
    ));
    assert_eq!(
        PassPlanner::new().plan(&checkpoint, None, mins(120)),
        PassKind::Regular
    );
}

#[test]
fn a_pass_whose_store_is_the_dedupe_moves_the_window_and_remembers_no_id() {
    let overlap = Duration::from_secs(300);
    let mut checkpoint = Checkpoint::new(account());
    let mut pass = checkpoint.begin(overlap, mins(61));
    // The same id twice: the store keeps one row, the pass does not care.
    for message in [msg("a", mins(10)), msg("b", mins(60)), msg("a", mins(10))] {
        pass.saw_stored(&message);
    }
    let summary = pass.complete(&Done::LastPage).expect("a complete pass");
    assert_eq!(summary.newest, Some(mins(60)));
    assert_eq!(summary.handed_on, 3);
    assert_eq!(summary.duplicates, 0);
    assert_eq!(summary.remembered, 0);
    assert_eq!(checkpoint.remembered(), 0, "no id is kept");
    assert_eq!(
        checkpoint.window(overlap).after,
        Some(mins(55) - TimeDelta::milliseconds(1))
    );

    // A message at or before the window's `after` is outside it and moves nothing.
    let mut pass = checkpoint.begin(overlap, mins(70));
    pass.saw_stored(&msg("old", mins(1)));
    let summary = pass.complete(&Done::LastPage).expect("a complete pass");
    assert_eq!(summary.outside_window, 1);
    assert_eq!(summary.handed_on, 0);
    assert_eq!(summary.newest, Some(mins(60)));

    // Stopped before a `null` cursor, the pass leaves the window where it was.
    let mut pass = checkpoint.begin(overlap, mins(80));
    pass.saw_stored(&msg("c", mins(75)));
    assert!(pass.complete(&Done::MaxPages(Cursor::new("c"))).is_err());
    assert_eq!(checkpoint.newest(), Some(mins(60)));
}
