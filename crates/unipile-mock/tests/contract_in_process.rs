//! The contract suite against the fake in process.

use std::sync::Arc;
use std::time::Duration;

use unipile_mock::{FakeUnipile, contract};

#[tokio::test]
async fn contract_in_process() {
    let fake = FakeUnipile::builder().seed(2024).build();
    let target = contract::Target::new(fake.clone(), Arc::new(fake));
    tokio::time::timeout(Duration::from_secs(60), contract::run_all(&target))
        .await
        .expect("the suite finishes");
}
