//! `docs/architecture.md` names every workspace member and every module of
//! `unipile-core`, so a crate or a module cannot be added without its description.

use super::packages::workspace_packages;
use crate::workspace::{display, read_text};
use std::path::Path;

const DOC: &str = "docs/architecture.md";
const CORE_LIB: &str = "crates/unipile-core/src/lib.rs";

/// Problems: members and modules the architecture page does not name.
pub fn check(root: &Path) -> Vec<String> {
    let read = |path: &str| read_text(&root.join(path)).map_err(|e| format!("{path}: {e}"));
    let members = workspace_packages(root).map(|packages| {
        packages
            .iter()
            .map(|package| display(root, &package.dir))
            .collect::<Vec<_>>()
    });
    match (read(DOC), members, read(CORE_LIB)) {
        (Ok(doc), Ok(members), Ok(lib)) => missing(&doc, &members, &core_modules(&lib)),
        (doc, members, lib) => [doc.err(), members.err(), lib.err()]
            .into_iter()
            .flatten()
            .collect(),
    }
}

fn missing(doc: &str, members: &[String], modules: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    for member in members {
        if !doc.contains(&format!("`{member}`")) {
            problems.push(format!(
                "{DOC} does not describe the workspace member `{member}`: add it to the \
                 table of crates"
            ));
        }
    }
    for module in modules {
        if !doc.contains(&format!("`{module}`")) {
            problems.push(format!(
                "{DOC} does not describe the module `{module}` of unipile-core: add it to \
                 the modules"
            ));
        }
    }
    problems
}

/// The `pub mod` names of a `lib.rs`.
fn core_modules(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .filter_map(|l| l.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_modules_are_read() {
        let lib = "//! Docs.\npub mod account;\nmod private;\npub mod sync;\npub use x::Y;\n";
        assert_eq!(core_modules(lib), ["account", "sync"]);
    }

    #[test]
    fn an_undescribed_member_or_module_is_reported() {
        let doc = "| `crates/a` | … |\n- `account`: accounts.\n";
        let problems = missing(
            doc,
            &["crates/a".into(), "crates/b".into()],
            &["account".into(), "sync".into()],
        );
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains("`crates/b`"));
        assert!(problems[1].contains("`sync`"));
    }

    /// The real page describes the real workspace.
    #[test]
    fn the_architecture_page_names_every_crate_and_module() {
        let problems = check(&crate::workspace::root());
        assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    }
}
