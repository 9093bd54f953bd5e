//! Runnable examples of the Unipile Rust SDK; see the `examples` targets of this package.
