//! Helpers shared by the model tests.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use std::path::PathBuf;

/// The workspace's `tests/fixtures/` folder.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// The bytes of a fixture, by its path under `tests/fixtures/`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Decodes a fixture, failing the test with the decode error (path and reason).
pub fn decode_fixture<T: DeserializeOwned>(name: &str) -> T {
    unipile_core::decode::<T>(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Serializes `value`, decodes it back and checks nothing changed.
pub fn assert_round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
    let bytes = serde_json::to_vec(value).expect("serialize");
    let back: T = unipile_core::decode(&bytes).unwrap_or_else(|e| {
        panic!(
            "re-decoding failed: {e}\n{}",
            String::from_utf8_lossy(&bytes)
        )
    });
    assert_eq!(&back, value, "{}", String::from_utf8_lossy(&bytes));
}

/// A UTC time from RFC 3339 text.
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("valid test timestamp")
        .with_timezone(&Utc)
}
