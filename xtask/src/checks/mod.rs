//! The project checks that are not generated files: each returns its problems, each
//! message naming the file and what to do.

pub mod architecture;
pub mod coverage;
pub mod fixtures;
pub mod published;
pub mod purity;
pub mod schemas;
pub mod secrets;

use std::path::Path;

/// Every check's problems.
pub fn run_all(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    problems.extend(architecture::check(root));
    problems.extend(coverage::check(root));
    problems.extend(fixtures::check(root));
    problems.extend(published::check(root));
    problems.extend(purity::check(root));
    problems.extend(schemas::check(root));
    problems.extend(secrets::check(root));
    problems
}
