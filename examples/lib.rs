//! Runnable examples of the Unipile Rust SDK; see the `examples` targets of this package.

/// The README's code blocks, compiled as doctests so that the first example a user reads
/// always builds.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
