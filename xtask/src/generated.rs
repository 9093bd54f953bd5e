//! What every generator shares: a file as it should be, and the command that brings
//! generated files up to date. The generators (`reference`), the runner (`codegen`) and
//! the checks all depend on this module; it depends on none of them.

/// The command that brings generated files up to date, as messages quote it.
pub const FIX: &str = "run `cargo xtask codegen` and commit the result";

/// One generated file as it should be.
#[derive(Debug)]
pub struct GeneratedFile {
    /// Relative to the workspace root, `/`-separated.
    pub path: String,
    /// The whole contents.
    pub contents: String,
}
