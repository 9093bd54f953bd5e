//! A crate's module tree, read from its source files: `mod x;` finds `x.rs` or `x/mod.rs`
//! (or the file of a `#[path]`), `mod x { … }` is a module in place. For every module it
//! keeps what it declares (child modules, items), what its `use` items bind, and every path
//! its code writes ([`references`](super::references)). Modules behind `#[cfg(test)]`
//! are not part of the tree; their files are remembered as test-only.
//!
//! [`ModuleTree::resolve`] follows a path to the module that defines what it names,
//! through re-exports (`pub use child::X` in a parent) and globs, so that `crate::Chat`
//! counts as a use of the module that defines `Chat`, not of the root that re-exports it.

use super::references::{
    ModulePath, PathRef, Reference, UseLeaf, anchor, is_test_only, item_attrs, item_name, paths_in,
    use_leaves,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::{Item, ItemMod, Meta};

/// One module.
#[derive(Debug, Default)]
pub struct Module {
    /// The file it is written in (an inline module shares its parent's).
    pub file: PathBuf,
    /// Its child modules.
    pub children: BTreeSet<String>,
    /// The names its items define (types, functions, constants, traits, macros…).
    pub items: BTreeSet<String>,
    /// What its `use` items bind: name → path.
    pub imports: BTreeMap<String, PathRef>,
    /// The modules its glob imports (`use a::*`) read.
    pub globs: Vec<PathRef>,
    /// Every path its code writes, `use` items included.
    pub references: Vec<Reference>,
}

/// A crate's modules, by path from the root.
#[derive(Debug, Default)]
pub struct ModuleTree {
    /// Every module, the root (`[]`) included.
    pub modules: BTreeMap<ModulePath, Module>,
    /// Files and folders of `#[cfg(test)]` modules (`src/seed/tests.rs`, `src/seed/tests/`).
    pub test_only: Vec<PathBuf>,
}

/// Reads a file's text, or says why it cannot.
pub type Read<'a> = &'a dyn Fn(&Path) -> Result<String, String>;

impl ModuleTree {
    /// Reads the tree of the crate whose root file is `root_file` (`src/lib.rs`).
    pub fn load(root_file: &Path, read: Read) -> Result<Self, String> {
        let mut loader = Loader {
            read,
            tree: ModuleTree::default(),
            exported_macros: Vec::new(),
        };
        let dir = root_file.parent().unwrap_or(Path::new("")).to_path_buf();
        loader.load_file(Vec::new(), root_file, &dir)?;
        // `#[macro_export]` macros live at the root, defined by the module that writes them.
        for (name, module) in loader.exported_macros {
            let import = PathRef {
                base: module,
                segments: vec![name.clone()],
                anchored: true,
            };
            let root = loader.tree.modules.entry(Vec::new()).or_default();
            if !root.items.contains(&name) {
                root.imports.entry(name).or_insert(import);
            }
        }
        Ok(loader.tree)
    }

    /// The module that defines what `path` names: `Some(module)` for a path inside the
    /// crate, `None` for one that leads outside it (another crate, a generic, a local).
    pub fn resolve(&self, path: &PathRef) -> Option<ModulePath> {
        self.walk(
            &path.base,
            &path.segments,
            path.anchored,
            &mut BTreeSet::new(),
        )
    }

    fn walk(
        &self,
        start: &[String],
        segments: &[String],
        anchored: bool,
        seen: &mut BTreeSet<(ModulePath, Vec<String>)>,
    ) -> Option<ModulePath> {
        // `seen` holds every walk taken while resolving one path: a re-export or glob
        // that leads back to itself ends there, and a walk that another route through the
        // globs already took (and that did not find the item) is not taken again, so
        // nested glob re-exports cost one visit each instead of one per route.
        if !seen.insert((start.to_vec(), segments.to_vec())) {
            return None;
        }
        self.walk_from(start, segments, anchored, seen)
    }

    fn walk_from(
        &self,
        start: &[String],
        segments: &[String],
        anchored: bool,
        seen: &mut BTreeSet<(ModulePath, Vec<String>)>,
    ) -> Option<ModulePath> {
        let mut current = start.to_vec();
        for (index, segment) in segments.iter().enumerate() {
            let module = self.modules.get(&current)?;
            if module.children.contains(segment) {
                current.push(segment.clone());
                continue;
            }
            if module.items.contains(segment) {
                return Some(current);
            }
            let rest = &segments[index + 1..];
            if let Some(target) = module.imports.get(segment) {
                // `use serde::Serialize;` or `use async_trait::async_trait;`: a bare path
                // whose first name is the very binding it defines starts at another crate.
                if !target.anchored
                    && target.base == current
                    && target.segments.first() == Some(segment)
                {
                    return None;
                }
                let mut through = target.segments.clone();
                through.extend_from_slice(rest);
                return self.walk(&target.base, &through, target.anchored, seen);
            }
            for glob in &module.globs {
                let Some(source) = self.walk(&glob.base, &glob.segments, glob.anchored, seen)
                else {
                    continue;
                };
                // A glob of a module (not of an enum's variants).
                if glob
                    .segments
                    .last()
                    .is_some_and(|s| source.last() != Some(s))
                {
                    continue;
                }
                if let Some(found) = self.walk(&source, &segments[index..], false, seen) {
                    return Some(found);
                }
            }
            // Not declared here: an anchored path names something of this module the tree
            // does not see (a variant, a macro's item); a bare one leads outside the crate.
            return (anchored || index > 0).then_some(current);
        }
        Some(current)
    }
}

struct Loader<'a> {
    read: Read<'a>,
    tree: ModuleTree,
    exported_macros: Vec<(String, ModulePath)>,
}

impl Loader<'_> {
    /// Loads the module at `file`; its `mod x;` children are looked for in `child_dir`.
    fn load_file(
        &mut self,
        module: ModulePath,
        file: &Path,
        child_dir: &Path,
    ) -> Result<(), String> {
        let text = (self.read)(file)?;
        let parsed = syn::parse_file(&text).map_err(|e| {
            let at = e.span().start();
            format!("{}:{}: cannot parse it: {e}", file.display(), at.line)
        })?;
        self.tree.modules.insert(
            module.clone(),
            Module {
                file: file.to_path_buf(),
                ..Module::default()
            },
        );
        self.load_items(&module, &parsed.items, file, child_dir)
    }

    fn load_items(
        &mut self,
        module: &ModulePath,
        items: &[Item],
        file: &Path,
        child_dir: &Path,
    ) -> Result<(), String> {
        for item in items {
            if is_test_only(item_attrs(item)) {
                if let Item::Mod(declared) = item {
                    let (file, dir) = self.module_file(declared, file, child_dir);
                    self.tree.test_only.extend([file, dir]);
                }
                continue;
            }
            match item {
                Item::Mod(declared) => self.load_child(module, declared, file, child_dir)?,
                Item::Use(item_use) if item_use.leading_colon.is_none() => {
                    let line = item_use.use_token.span.start().line;
                    for (segments, leaf) in use_leaves(&item_use.tree) {
                        self.add_use(module, &segments, leaf, line);
                    }
                }
                Item::Use(_) => {}
                _ => {
                    if let Some(name) = item_name(item) {
                        if let Item::Macro(mac) = item
                            && mac.attrs.iter().any(|a| a.path().is_ident("macro_export"))
                        {
                            self.exported_macros.push((name.clone(), module.clone()));
                        }
                        self.module_mut(module).items.insert(name);
                    }
                    for (segments, line) in paths_in(item) {
                        self.add_reference(module, &segments, line);
                    }
                }
            }
        }
        Ok(())
    }

    fn load_child(
        &mut self,
        module: &ModulePath,
        declared: &ItemMod,
        file: &Path,
        child_dir: &Path,
    ) -> Result<(), String> {
        let name = declared.ident.to_string();
        self.module_mut(module).children.insert(name.clone());
        let mut child = module.clone();
        child.push(name.clone());
        if let Some((_, items)) = &declared.content {
            self.tree.modules.insert(
                child.clone(),
                Module {
                    file: file.to_path_buf(),
                    ..Module::default()
                },
            );
            return self.load_items(&child, items, file, &child_dir.join(&name));
        }
        let (child_file, grandchild_dir) = self.module_file(declared, file, child_dir);
        if let Err(e) = (self.read)(&child_file) {
            return Err(format!(
                "`mod {name};` in {} has no file: {e}",
                file.display()
            ));
        }
        self.load_file(child, &child_file, &grandchild_dir)
    }

    /// The file of `mod name;` and the folder of its own children: `#[path = "…"]`
    /// (relative to the declaring file's folder), else `name.rs` or `name/mod.rs` in
    /// `child_dir`, whichever exists (`name.rs` when neither does, for the message).
    fn module_file(&self, declared: &ItemMod, file: &Path, child_dir: &Path) -> (PathBuf, PathBuf) {
        let name = declared.ident.to_string();
        if let Some(path) = path_attribute(declared) {
            let target = file.parent().unwrap_or(Path::new("")).join(path);
            let dir = target.parent().unwrap_or(Path::new("")).to_path_buf();
            return (target, dir);
        }
        let flat = child_dir.join(format!("{name}.rs"));
        let folder = child_dir.join(&name).join("mod.rs");
        let file = if (self.read)(&flat).is_err() && (self.read)(&folder).is_ok() {
            folder
        } else {
            flat
        };
        (file, child_dir.join(name))
    }

    fn add_use(&mut self, module: &ModulePath, segments: &[String], leaf: UseLeaf, line: usize) {
        let Some(path) = anchor(module, segments) else {
            return;
        };
        let target = self.module_mut(module);
        match leaf {
            UseLeaf::Name(Some(binding)) => {
                target.imports.insert(binding, path.clone());
            }
            UseLeaf::Name(None) => {}
            UseLeaf::Glob => target.globs.push(path.clone()),
        }
        target.references.push(Reference {
            path,
            line,
            shown: segments.join("::"),
        });
    }

    fn add_reference(&mut self, module: &ModulePath, segments: &[String], line: usize) {
        if let Some(path) = anchor(module, segments) {
            self.module_mut(module).references.push(Reference {
                path,
                line,
                shown: segments.join("::"),
            });
        }
    }

    fn module_mut(&mut self, module: &ModulePath) -> &mut Module {
        self.tree.modules.entry(module.clone()).or_default()
    }
}

fn path_attribute(declared: &ItemMod) -> Option<String> {
    declared.attrs.iter().find_map(|attr| match &attr.meta {
        Meta::NameValue(pair) if pair.path.is_ident("path") => match &pair.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) => Some(text.value()),
            _ => None,
        },
        _ => None,
    })
}
