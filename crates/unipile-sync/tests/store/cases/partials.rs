//! Partial messages the API did not find, and the order of the list of partials.

use super::{event, message, stored};
use crate::fixture::Fixture;
use unipile_sync::{Completeness, MessageId, PartialMessage};

fn ids(listed: Vec<PartialMessage>) -> Vec<String> {
    listed
        .into_iter()
        .map(|p| p.message_id.as_str().to_owned())
        .collect()
}

pub async fn a_partial_the_api_did_not_find_goes_behind_the_others(fixture: &Fixture) {
    let store = fixture.open().await;
    for id in ["m1", "m2", "m3"] {
        store
            .apply_message_event(&event("message_received", id, 0, Some("partial")))
            .await
            .expect("apply");
    }
    let listed = || async { ids(store.partial_messages(None, 10).await.expect("list")) };
    assert_eq!(listed().await, ["m1", "m2", "m3"]);

    let not_found = |id: &'static str| {
        let store = store.clone();
        async move {
            store
                .partial_not_found(&MessageId::new(id))
                .await
                .expect("recorded");
        }
    };
    not_found("m1").await;
    assert_eq!(listed().await, ["m2", "m3", "m1"]);
    // Missed twice goes behind missed once; equal misses keep the order stored.
    not_found("m2").await;
    not_found("m1").await;
    assert_eq!(listed().await, ["m3", "m2", "m1"]);
    assert_eq!(
        store.partial_messages(None, 2).await.expect("list").len(),
        2,
        "the limit still holds"
    );
    // Not found is not lost: the row stays, partial.
    assert_eq!(
        stored(&store, "m1").await.completeness,
        Completeness::Partial
    );

    // A full row and an unknown id are left alone.
    store
        .upsert_messages(&[message("m3", 0, "the full text")])
        .await
        .expect("store");
    not_found("m3").await;
    not_found("never-stored").await;
    assert_eq!(listed().await, ["m2", "m1"]);
    assert_eq!(stored(&store, "m3").await.completeness, Completeness::Full);
    assert_eq!(store.message_count().await.expect("count"), 3);
}
