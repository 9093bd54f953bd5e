//! Quickstart (written once the client lands).
fn main() {}
