//! Decoding one full page of 250 realistic messages: into the typed `Page<Message>` (as
//! the client does, through `unipile_core::model::decode`, which tracks the JSON path of a bad
//! field; and through plain `serde_json::from_slice`), against decoding the same bytes
//! into an untyped `serde_json::Value`.

mod support;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use unipile_core::{Message, Page};

fn decode_page(c: &mut Criterion) {
    let fake = support::fake();
    let account = support::account(&fake);
    let chat = support::group_chat(&fake, &account, 1_000);
    let body = support::runtime().block_on(support::first_page_body(&fake, &chat));

    let page: Page<Message> = unipile_core::decode(&body).expect("a page of messages");
    assert_eq!(page.items.len(), support::PAGE as usize);
    let count = |f: fn(&Message) -> bool| page.items.iter().filter(|m| f(m)).count();
    println!(
        "page: {} messages, {} bytes of JSON; {} with attachments, {} with reactions, \
         {} with read receipts, {} quoting another, {} edited, {} deleted",
        page.items.len(),
        body.len(),
        count(|m| !m.attachments.is_empty()),
        count(|m| !m.reactions.is_empty()),
        count(|m| !m.seen_by.is_empty()),
        count(|m| m.quoted.is_some()),
        count(|m| m.edited),
        count(|m| m.deleted),
    );

    let mut group = c.benchmark_group("decode_page_250");
    group.throughput(Throughput::Elements(page.items.len() as u64));
    group.bench_function("typed_core_decode", |b| {
        b.iter(|| {
            let page: Page<Message> = unipile_core::decode(black_box(&body)).expect("decodes");
            page
        })
    });
    group.bench_function("typed_serde_json", |b| {
        b.iter(|| {
            let page: Page<Message> = serde_json::from_slice(black_box(&body)).expect("decodes");
            page
        })
    });
    group.bench_function("untyped_value", |b| {
        b.iter(|| {
            let value: serde_json::Value =
                serde_json::from_slice(black_box(&body)).expect("decodes");
            value
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = decode_page
}
criterion_main!(benches);
