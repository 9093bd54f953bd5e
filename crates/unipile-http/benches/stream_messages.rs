//! Streaming a chat's whole history through the SDK (`Client` + `HttpTransport`, pages of
//! 250) from the fake served on 127.0.0.1: messages per second for 10,000 and 100,000
//! messages, and, under `cargo bench`, the memory high-water mark while streaming, to
//! show it stays about one page whatever the history's length.
//!
//! Memory is counted by a global allocator that tracks the live bytes of the whole
//! process and their peak. The fake's stored histories are allocated before each
//! measurement starts, so the figure is what streaming adds: the client (the response
//! body, the decoded page, the stream), and the fake server's own work for the page it is
//! answering (rendering its JSON), which is bounded by a page too.

mod support;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use peak_alloc::PeakAlloc;
use std::time::Duration;
use unipile_core::request::{ListChatMessages, Paged};
use unipile_core::{ChatId, Client, Message, Page};

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const TOTALS: [usize; 2] = [10_000, 100_000];

fn kib(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

/// What `run` does to the live bytes: the most it adds at any moment (the peak), and
/// what is still held when it returns (retained), above what was live when it started.
struct Footprint {
    peak: usize,
    retained: usize,
}

fn footprint<T>(run: impl FnOnce() -> T) -> (T, Footprint) {
    let baseline = ALLOCATOR.current_usage();
    ALLOCATOR.reset_peak_usage();
    let out = run();
    let footprint = Footprint {
        peak: ALLOCATOR.peak_usage().saturating_sub(baseline),
        retained: ALLOCATOR.current_usage().saturating_sub(baseline),
    };
    (out, footprint)
}

fn memory_report(
    rt: &tokio::runtime::Runtime,
    fake: &unipile_mock::FakeUnipile,
    client: &Client,
    chats: &[(usize, ChatId)],
) {
    let (_, small) = &chats[0];
    // What one page weighs: its JSON, and the decoded `Page<Message>` kept alive.
    let body = rt.block_on(support::first_page_body(fake, small));
    let (page, decoded) = footprint(|| {
        let page: Page<Message> = unipile_core::decode(&body).expect("a page");
        page
    });
    drop(page);
    println!(
        "one page of {}: {:.0} KiB of JSON; decoded, {:.0} KiB held ({:.0} KiB at the peak \
         of decoding; a Message is {} bytes inline)",
        support::PAGE,
        kib(body.len()),
        kib(decoded.retained),
        kib(decoded.peak),
        std::mem::size_of::<Message>()
    );

    // Warm up: the connection pool, lazily built tables, the runtime's buffers.
    rt.block_on(support::stream_history(client, small));

    // The fake keeps a log of every request it receives (for tests' assertions): that
    // log grows with the number of pages, and is what remains allocated after the stream
    // ends (the SDK keeps nothing). The working set of streaming is the peak less it.
    let mut working_sets = Vec::new();
    for (total, chat) in chats {
        let largest = rt.block_on(support::largest_page_body(fake, chat));
        let (count, used) = footprint(|| rt.block_on(support::stream_history(client, chat)));
        assert_eq!(count, *total, "every message streamed once");
        let working_set = used.peak.saturating_sub(used.retained);
        println!(
            "streaming {total:>7} messages ({} pages): peak {:>5.0} KiB above the start, \
             {:>4.0} KiB retained after (the fake's request log), working set {:>5.0} KiB \
             = {:.1} x the largest page's JSON ({:.0} KiB)",
            total.div_ceil(support::PAGE as usize),
            kib(used.peak),
            kib(used.retained),
            kib(working_set),
            working_set as f64 / largest as f64,
            kib(largest),
        );
        working_sets.push(working_set);
    }
    // Ten times the messages must not take more memory than about one page more.
    let (shortest, longest) = (working_sets[0], working_sets[working_sets.len() - 1]);
    assert!(
        longest < shortest + shortest / 2,
        "memory grew with the history: {shortest} bytes for the shortest, {longest} for the \
         longest"
    );

    // For contrast, and as a check that the counter sees growth: the same 10,000
    // messages collected into a Vec.
    let (all, used) = footprint(|| {
        rt.block_on(
            client
                .chats()
                .stream_messages(ListChatMessages::new(small.clone()).limit(support::PAGE))
                .try_collect(),
        )
        .expect("collected")
    });
    println!(
        "collecting {:>6} messages into a Vec instead (not streaming): peak {:>6.0} KiB",
        all.len(),
        kib(used.peak)
    );
}

fn stream_messages(c: &mut Criterion) {
    let rt = support::runtime();
    let fake = support::fake();
    let account = support::account(&fake);
    let chats: Vec<(usize, ChatId)> = TOTALS
        .iter()
        .map(|&total| (total, support::group_chat(&fake, &account, total)))
        .collect();
    let (server, client) = rt.block_on(support::served(&fake));

    // Only under `cargo bench`: `cargo test --benches` runs each benchmark once, quickly.
    if std::env::args().any(|arg| arg == "--bench") {
        memory_report(&rt, &fake, &client, &chats);
    }

    let mut group = c.benchmark_group("stream_messages");
    group.sampling_mode(SamplingMode::Flat);
    for (total, chat) in &chats {
        group.throughput(Throughput::Elements(*total as u64));
        group.bench_function(format!("{total}_in_pages_of_{}", support::PAGE), |b| {
            b.iter(|| {
                let count = rt.block_on(support::stream_history(&client, chat));
                assert_eq!(count, *total);
            })
        });
    }
    group.finish();
    rt.block_on(server.shutdown());
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = stream_messages
}
criterion_main!(benches);
