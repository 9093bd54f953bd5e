//! Import circles between the modules of a crate.
//!
//! **Which imports count.** Every path a module writes (a `use` leaf, a path in code, a
//! `crate::`/`$crate::`/`super::`/`self::` path in macro tokens) is resolved to the module
//! that *defines* what it names ([`ModuleTree::resolve`]), following re-exports and globs.
//! The importing module and the defining module are then compared **as siblings under
//! their nearest common parent**: each is replaced by its ancestor just below that parent
//! (a module and its descendants are one node when compared with its siblings), giving an
//! edge `from -> to` between two children of that parent.
//!
//! - When one of the two contains the other there is no edge: a parent using its child
//!   (`pub use child::X;` in a `mod.rs`, `mod` declarations) and a child using its
//!   ancestors' own items (`use super::*;`, `super::helper()`, `crate::Error` defined at
//!   the root) are how a tree is built, not circles.
//! - A path through a parent's re-export counts for the module that defines the item:
//!   `use crate::Chat;` in `schema`, with `pub use chat::Chat;` at the root, is an edge
//!   `schema -> chat`.
//! - `super::sibling::X` and `crate::a::b::X` from `a::c` are edges `c -> b` under `a`.
//! - Paths that lead outside the crate (other crates, generics, locals) do not count, nor
//!   do code and modules behind `#[cfg(test)]`, attributes, and `pub(in …)` visibilities.
//!
//! A circle is a group of siblings that reach each other through such edges; it is
//! reported once, with its modules, a shortest way round, and the import behind each edge:
//! `unipile-mock: import circle seed -> handlers -> seed; the imports: …`.

use super::module_tree::ModuleTree;
use super::references::ModulePath;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

/// One import between two sibling modules.
#[derive(Clone, Debug)]
pub struct Edge {
    /// The importing sibling.
    pub from: String,
    /// The imported sibling.
    pub to: String,
    /// The file and line of the import, and the path as written.
    pub file: PathBuf,
    /// The line of the import.
    pub line: usize,
    /// The path as written.
    pub shown: String,
}

/// A circle: siblings under `parent` that import each other.
#[derive(Debug)]
pub struct Circle {
    /// The parent module (`[]` for the crate root).
    pub parent: ModulePath,
    /// The siblings in the circle, sorted.
    pub members: Vec<String>,
    /// A shortest way round from the first member back to it, both ends included.
    pub example: Vec<String>,
    /// One import per edge inside the circle.
    pub edges: Vec<Edge>,
}

/// The siblings a path from `source` to `target` goes between, and their parent; `None`
/// when one module contains the other (or they are the same).
pub fn sibling_pair(source: &[String], target: &[String]) -> Option<(ModulePath, String, String)> {
    let common = source
        .iter()
        .zip(target)
        .take_while(|(a, b)| a == b)
        .count();
    if common == source.len() || common == target.len() {
        return None;
    }
    Some((
        source[..common].to_vec(),
        source[common].clone(),
        target[common].clone(),
    ))
}

/// The imports between siblings, by parent; one per (from, to), the first written.
pub fn sibling_edges(tree: &ModuleTree) -> BTreeMap<ModulePath, Vec<Edge>> {
    let mut edges: BTreeMap<ModulePath, Vec<Edge>> = BTreeMap::new();
    for (source, module) in &tree.modules {
        for reference in &module.references {
            let Some(target) = tree.resolve(&reference.path) else {
                continue;
            };
            let Some((parent, from, to)) = sibling_pair(source, &target) else {
                continue;
            };
            let list = edges.entry(parent).or_default();
            if !list.iter().any(|e| e.from == from && e.to == to) {
                list.push(Edge {
                    from,
                    to,
                    file: module.file.clone(),
                    line: reference.line,
                    shown: reference.shown.clone(),
                });
            }
        }
    }
    edges
}

/// Every circle of the tree.
pub fn circles(tree: &ModuleTree) -> Vec<Circle> {
    let mut found = Vec::new();
    for (parent, edges) in sibling_edges(tree) {
        let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for edge in &edges {
            next.entry(&edge.from).or_default().insert(&edge.to);
        }
        let reach: BTreeMap<&str, BTreeSet<&str>> = next
            .keys()
            .map(|&node| (node, reachable(&next, node)))
            .collect();
        let mut placed: BTreeSet<&str> = BTreeSet::new();
        for (&node, reached) in &reach {
            if placed.contains(node) || !reached.contains(node) {
                continue;
            }
            let members: BTreeSet<&str> = reached
                .iter()
                .copied()
                .filter(|other| reach.get(other).is_some_and(|back| back.contains(node)))
                .collect();
            placed.extend(&members);
            let first = members.first().copied().unwrap_or(node);
            let mut example = vec![first.to_string()];
            example.extend(
                shortest_path(&next, &members, first, |n| n == first)
                    .into_iter()
                    .flatten()
                    .map(str::to_string),
            );
            found.push(Circle {
                parent: parent.clone(),
                members: members.iter().map(|m| m.to_string()).collect(),
                example,
                edges: edges
                    .iter()
                    .filter(|e| {
                        members.contains(e.from.as_str()) && members.contains(e.to.as_str())
                    })
                    .cloned()
                    .collect(),
            });
        }
    }
    found
}

/// The problems of one crate (`label`), files shown by `show`.
pub fn problems(label: &str, tree: &ModuleTree, show: &dyn Fn(&Path) -> String) -> Vec<String> {
    circles(tree)
        .into_iter()
        .map(|circle| {
            let name = |member: &str| {
                let mut path = circle.parent.clone();
                path.push(member.to_string());
                path.join("::")
            };
            let members: Vec<String> = circle.members.iter().map(|m| name(m)).collect();
            let example: Vec<String> = circle.example.iter().map(|m| name(m)).collect();
            let imports: Vec<String> = circle
                .edges
                .iter()
                .map(|e| {
                    format!(
                        "{} -> {}: `{}` ({}:{})",
                        name(&e.from),
                        name(&e.to),
                        e.shown,
                        show(&e.file),
                        e.line
                    )
                })
                .collect();
            let circle = if members.len() == 2 {
                example.join(" -> ")
            } else {
                format!(
                    "between {} (one way round: {})",
                    members.join(", "),
                    example.join(" -> ")
                )
            };
            format!(
                "{label}: import circle {circle}; the imports: {}; make them point one way \
                 (move what both sides need into a module below them)",
                imports.join("; ")
            )
        })
        .collect()
}

/// Every node reachable from `start` in one step or more.
fn reachable<'a>(next: &BTreeMap<&'a str, BTreeSet<&'a str>>, start: &'a str) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut pending = vec![start];
    while let Some(node) = pending.pop() {
        for &to in next.get(node).into_iter().flatten() {
            if seen.insert(to) {
                pending.push(to);
            }
        }
    }
    seen
}

/// The nodes after `from` on a shortest path (inside `members`) to a node that `goal`
/// accepts.
fn shortest_path<'a>(
    next: &BTreeMap<&'a str, BTreeSet<&'a str>>,
    members: &BTreeSet<&'a str>,
    from: &'a str,
    goal: impl Fn(&str) -> bool,
) -> Option<Vec<&'a str>> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([from]);
    while let Some(node) = queue.pop_front() {
        for &to in next.get(node).into_iter().flatten() {
            if !members.contains(to) || came_from.contains_key(to) || to == from && !goal(to) {
                continue;
            }
            came_from.insert(to, node);
            if goal(to) {
                let mut path = vec![to];
                let mut at = node;
                while at != from {
                    path.push(at);
                    at = came_from[at];
                }
                path.reverse();
                return Some(path);
            }
            queue.push_back(to);
        }
    }
    None
}
