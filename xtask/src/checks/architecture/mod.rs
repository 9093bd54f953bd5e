//! The architecture checks: the docs describe every crate and core module ([`docs`]), no
//! crate has an import circle between its modules ([`circles`]), every module with child
//! module files is a `folder/mod.rs` ([`module_file_style`]), and no source file runs past
//! 600 lines ([`file_length`]).

pub mod circles;
pub mod docs;
pub mod file_length;
pub mod module_tree;
pub mod packages;
pub mod references;

use crate::workspace::{display, read_text};
use module_tree::ModuleTree;
use std::path::{Path, PathBuf};

/// Every architecture problem of the workspace at `root`.
pub fn check(root: &Path) -> Vec<String> {
    let mut problems = docs::check(root);
    problems.extend(structure(root));
    problems
}

/// Modules of a crate with child module files that are not a `folder/mod.rs` (an `x.rs`
/// beside a folder `x/`): one style, so a folder holds the whole of its module.
pub fn module_file_style(
    label: &str,
    tree: &ModuleTree,
    show: &dyn Fn(&Path) -> String,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (module, found) in &tree.modules {
        let name = found.file.file_name().and_then(|n| n.to_str());
        let has_folder = found.children.iter().any(|child| {
            let child_path: Vec<String> = module.iter().chain([child]).cloned().collect();
            tree.modules
                .get(&child_path)
                .is_some_and(|c| c.file != found.file)
        });
        if has_folder && !matches!(name, Some("mod.rs" | "main.rs" | "lib.rs")) {
            problems.push(format!(
                "{label}: {} has child module files: make it {}/mod.rs",
                show(&found.file),
                module.join("/")
            ));
        }
    }
    problems
}

/// Import circles and module file styles in every crate of the workspace, and source
/// files that are too long.
pub fn structure(root: &Path) -> Vec<String> {
    let packages = match packages::workspace_packages(root) {
        Ok(packages) => packages,
        Err(e) => return vec![e],
    };
    // Paths inside the trees are relative to the workspace root, as messages show them.
    let read = |path: &Path| {
        read_text(&root.join(path))
            .map_err(|e| format!("{}: cannot read it: {e}", display(root, path)))
    };
    let show = |path: &Path| display(Path::new(""), path);
    let mut problems = Vec::new();
    let mut test_only: Vec<PathBuf> = Vec::new();
    for package in &packages {
        for krate in &package.crates {
            let root_file = krate
                .root_file
                .strip_prefix(root)
                .unwrap_or(&krate.root_file);
            match ModuleTree::load(root_file, &read) {
                Ok(tree) => {
                    problems.extend(circles::problems(&krate.label, &tree, &show));
                    problems.extend(module_file_style(&krate.label, &tree, &show));
                    test_only.extend(tree.test_only.iter().map(|path| root.join(path)));
                }
                Err(e) => problems.push(format!("{}: {e}", krate.label)),
            }
        }
    }
    let dirs: Vec<PathBuf> = packages.into_iter().map(|p| p.dir).collect();
    problems.extend(file_length::check(root, &dirs, &test_only));
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    /// This crate itself: no import circle, and one module-file style (`x/mod.rs`, never
    /// `x.rs` beside a folder `x/`). Unlike the workspace-wide test below, this one does not
    /// wait for the other crates' moves.
    #[test]
    fn xtask_has_no_import_circle_and_one_module_file_style() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let read = |path: &Path| read_text(path).map_err(|e| e.to_string());
        let tree = ModuleTree::load(&src.join("main.rs"), &read).expect("xtask's tree loads");
        let show = |path: &Path| display(&src, path);
        assert_eq!(
            circles::problems("xtask", &tree, &show),
            Vec::<String>::new()
        );
        assert_eq!(
            module_file_style("xtask", &tree, &show),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_module_file_beside_its_folder_is_reported() {
        let show = |path: &Path| path.display().to_string();
        let beside = circles::tests::tree(&[
            ("src/lib.rs", "mod cli;\n"),
            ("src/cli.rs", "mod sync;\n"),
            ("src/cli/sync.rs", "pub struct Args;\n"),
        ])
        .expect("the tree loads");
        assert_eq!(
            module_file_style("demo", &beside, &show),
            vec!["demo: src/cli.rs has child module files: make it cli/mod.rs".to_owned()]
        );
        let folder = circles::tests::tree(&[
            ("src/lib.rs", "mod cli;\nmod inline { mod inner {} }\n"),
            ("src/cli/mod.rs", "mod sync;\n"),
            ("src/cli/sync.rs", "pub struct Args;\n"),
        ])
        .expect("the tree loads");
        assert_eq!(
            module_file_style("demo", &folder, &show),
            Vec::<String>::new()
        );
    }

    /// The real workspace: no import circle in any crate, no source file too long.
    #[test]
    fn no_crate_has_an_import_circle_or_a_file_too_long() {
        let problems = structure(&crate::workspace::root());
        assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    }
}
