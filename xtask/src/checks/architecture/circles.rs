//! Import circles between the modules of a crate.
//!
//! **Which imports count.** Every path a module writes (a `use` leaf, a path in code, a
//! `crate::`/`$crate::`/`super::`/`self::` path in the tokens of a macro or an attribute)
//! is resolved to the module that *defines* what it names ([`ModuleTree::resolve`]),
//! following re-exports and globs.
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
//!   do code and modules behind `#[cfg(test)]`, and `pub(in …)` visibilities.
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The tree of an in-memory crate whose root is `src/lib.rs`.
    pub(crate) fn tree(files: &[(&str, &str)]) -> Result<ModuleTree, String> {
        let files: BTreeMap<PathBuf, String> = files
            .iter()
            .map(|(path, text)| (PathBuf::from(path), text.to_string()))
            .collect();
        let read = move |path: &Path| {
            files
                .get(path)
                .cloned()
                .ok_or_else(|| format!("{} does not exist", path.display()))
        };
        ModuleTree::load(Path::new("src/lib.rs"), &read)
    }

    /// Each circle as `parent: a -> b -> a`.
    fn found(files: &[(&str, &str)]) -> Vec<String> {
        circles(&tree(files).expect("the tree loads"))
            .into_iter()
            .map(|c| format!("{}: {}", c.parent.join("::"), c.example.join(" -> ")))
            .collect()
    }

    fn show(path: &Path) -> String {
        path.display().to_string()
    }

    #[test]
    fn a_circle_between_siblings_is_found_and_reported_with_its_imports() {
        let files = [
            ("src/lib.rs", "mod fake;\nmod handlers;\nmod seed;\n"),
            ("src/seed.rs", "use crate::handlers::create_chat;\n"),
            (
                "src/handlers/mod.rs",
                "mod write;\npub fn create_chat() {}\n",
            ),
            (
                "src/handlers/write.rs",
                "fn f() -> usize {\n    super::super::seed::image_size()\n}\n",
            ),
            ("src/fake.rs", "use crate::seed::Seed;\n"),
        ];
        let problems = problems("demo", &tree(&files).expect("loads"), &show);
        assert_eq!(
            problems,
            [
                "demo: import circle handlers -> seed -> handlers; the imports: handlers -> \
                 seed: `super::super::seed::image_size` (src/handlers/write.rs:2); seed -> \
                 handlers: `crate::handlers::create_chat` (src/seed.rs:1); make them point one \
                 way (move what both sides need into a module below them)"
            ]
        );
    }

    #[test]
    fn a_larger_circle_is_one_circle_with_its_modules() {
        let files = [
            ("src/lib.rs", "mod a;\nmod b;\nmod c;\nmod d;\n"),
            ("src/a.rs", "use crate::b::B;\n"),
            ("src/b.rs", "pub struct B(crate::c::C);\n"),
            ("src/c.rs", "pub struct C;\nfn f() { crate::a::g(); }\n"),
            ("src/d.rs", "use crate::a::g;\n"),
        ];
        let problems = problems("demo", &tree(&files).expect("loads"), &show);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].starts_with(
                "demo: import circle between a, b, c (one way round: a -> b -> c -> a); \
                 the imports: a -> b: `crate::b::B` (src/a.rs:1); "
            ),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn an_item_imported_from_a_crate_of_the_same_name_leads_outside() {
        // `use async_trait::async_trait;` defines the name its own path starts with: it is
        // resolved once, to another crate, instead of through itself without end.
        let files = [
            ("src/lib.rs", "mod a;\nmod b;\n"),
            (
                "src/a.rs",
                "use async_trait::async_trait;\n#[async_trait]\npub trait T {}\n\
                 fn f() { async_trait::g(); }\n",
            ),
            ("src/b.rs", "use crate::a::T;\n"),
        ];
        assert!(found(&files).is_empty());
    }

    #[test]
    fn imports_that_point_one_way_pass() {
        let files = [
            (
                "src/lib.rs",
                "mod client;\nmod model;\nmod wire;\npub use model::*;\n\
                 pub use client::Client;\n",
            ),
            ("src/wire.rs", "pub fn iso() {}\n"),
            (
                "src/model/mod.rs",
                "mod chat;\nmod message;\npub use chat::Chat;\npub use message::Message;\n",
            ),
            (
                "src/model/message.rs",
                "pub struct Message;\nuse crate::wire::iso;\n",
            ),
            (
                "src/model/chat.rs",
                "use super::Message;\npub struct Chat(Message);\n",
            ),
            (
                "src/client.rs",
                "use crate::{Chat, model::Message, wire};\npub struct Client;\n",
            ),
        ];
        assert_eq!(found(&files), Vec::<String>::new());
        // The edges are there, one way: through re-exports to the defining module.
        let edges = sibling_edges(&tree(&files).expect("loads"));
        let pairs: Vec<(String, &str, &str)> = edges
            .iter()
            .flat_map(|(parent, edges)| {
                edges
                    .iter()
                    .map(move |e| (parent.join("::"), e.from.as_str(), e.to.as_str()))
            })
            .collect();
        assert_eq!(
            pairs,
            [
                (String::new(), "client", "model"),
                (String::new(), "client", "wire"),
                (String::new(), "model", "wire"),
                ("model".to_string(), "chat", "message"),
            ]
        );
    }

    /// A parent re-exporting its children (`pub use child::X`) and children using their
    /// parent (`use super::*`, `super::helper()`, `crate::Error` defined at the root) are
    /// not circles; a circle through a parent's re-export still is.
    #[test]
    fn parent_child_imports_are_not_counted_but_re_exports_are_followed() {
        let files = [
            (
                "src/lib.rs",
                "mod model;\npub use model::*;\npub struct Error;\nfn f() { model::chat::g(); }\n",
            ),
            (
                "src/model/mod.rs",
                "mod chat;\nmod message;\npub use chat::*;\npub use message::Message;\n\
                 pub fn helper() {}\n",
            ),
            (
                "src/model/chat.rs",
                "use super::*;\nuse crate::Error;\npub fn g() { super::helper(); }\n",
            ),
            (
                "src/model/message.rs",
                "pub struct Message(crate::Error);\n",
            ),
        ];
        assert_eq!(found(&files), Vec::<String>::new());

        // The same tree, where message uses chat's item through the root's re-export and
        // chat uses message's through model's: a circle inside `model`.
        let mut circular = files;
        circular[2].1 = "use super::Message;\npub fn g() {}\n";
        circular[3].1 = "pub struct Message;\nfn f() { crate::g(); }\n";
        assert_eq!(found(&circular), ["model: chat -> message -> chat"]);
    }

    #[test]
    fn macros_test_code_and_inline_modules() {
        let files = [
            ("src/lib.rs", "mod chat;\nmod open_enum;\nmod schema;\n"),
            (
                "src/open_enum.rs",
                "#[macro_export]\nmacro_rules! open {\n    () => { $crate::schema::tag() };\n}\n",
            ),
            ("src/schema.rs", "pub fn tag() {}\nuse crate::chat::Chat;\n"),
            (
                "src/chat.rs",
                "pub struct Chat;\nfn f() { crate::open!(); }\n",
            ),
        ];
        assert_eq!(
            found(&files),
            [": chat -> open_enum -> schema -> chat"],
            "an exported macro belongs to the module that writes it"
        );

        let files = [
            ("src/lib.rs", "mod a;\nmod b;\n"),
            (
                "src/a.rs",
                "pub fn x() {}\n#[cfg(test)]\nmod tests {\n    use crate::b::y;\n}\n\
                 #[cfg(test)]\nuse crate::b::z;\n",
            ),
            (
                "src/b.rs",
                "pub fn y() {}\npub fn z() {}\nmod inner {\n    use super::super::a::x;\n}\n",
            ),
        ];
        assert_eq!(found(&files), Vec::<String>::new(), "test code is left out");
        let tree = tree(&files).expect("loads");
        assert!(
            tree.modules
                .contains_key(&vec!["b".to_string(), "inner".to_string()])
        );
        let edges = sibling_edges(&tree);
        assert_eq!(edges[&Vec::new()].len(), 1, "b::inner uses a: b -> a");
    }

    #[test]
    fn a_missing_module_file_is_an_error() {
        let err = tree(&[("src/lib.rs", "mod gone;\n")]).expect_err("no file");
        assert_eq!(
            err,
            "`mod gone;` in src/lib.rs has no file: src/gone.rs does not exist"
        );
    }

    #[test]
    fn only_siblings_are_compared() {
        let path = |p: &str| -> ModulePath { p.split("::").map(str::to_string).collect() };
        assert_eq!(sibling_pair(&path("a::b"), &path("a")), None);
        assert_eq!(sibling_pair(&path("a"), &path("a::b::c")), None);
        assert_eq!(sibling_pair(&path("a::b"), &path("a::b")), None);
        assert_eq!(
            sibling_pair(&path("a::b::c"), &path("a::d::e")),
            Some((path("a"), "b".to_string(), "d".to_string()))
        );
        assert_eq!(
            sibling_pair(&path("a::b"), &path("x")),
            Some((Vec::new(), "a".to_string(), "x".to_string()))
        );
    }
}
