//! What one module's code refers to, read with `syn`: the paths of its `use` trees, the
//! paths in its code (types, expressions, patterns, trait bounds, macro calls) and the
//! `crate::…`, `$crate::…`, `super::…` and `self::…` paths in the tokens of macros (a
//! `macro_rules!` body or a macro call's arguments) and of attributes (a derive's helper
//! attribute such as `schemars(transform = crate::schema::ObjectTag("Chat"))` expands
//! into code that uses the path). Code behind `#[cfg(test)]` is left out, and so are
//! `pub(in …)` visibilities: they name a module without using it.

use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{Attribute, ImplItem, Item, Meta, TraitItem, UseTree};

/// A module's path from its crate's root: `[]` is the root, `["handlers", "write"]` the
/// module `handlers::write`.
pub type ModulePath = Vec<String>;

/// A path as a module wrote it, made absolute as far as the syntax allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathRef {
    /// The module the segments start from: the root for `crate::`/`$crate::`, the parent
    /// for `super::`, the writing module for `self::` and for bare paths.
    pub base: ModulePath,
    /// The segments after the anchor (`crate`, `super`, `self`).
    pub segments: Vec<String>,
    /// Whether the path is anchored in the crate (`crate`, `$crate`, `super`, `self`). A
    /// bare path (`model::Chat`, `Chat`, `serde::Serialize`) may name an item of the
    /// module, or another crate: it counts only when it resolves inside the crate.
    pub anchored: bool,
}

/// A path and where it was written, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The path.
    pub path: PathRef,
    /// The line it is written on.
    pub line: usize,
    /// The path as written (`crate::seed::profile_url`).
    pub shown: String,
}

/// One leaf of a `use` tree: the path it imports and the name it binds.
#[derive(Debug, PartialEq, Eq)]
pub enum UseLeaf {
    /// `use a::b;` (`b`), `use a::b as c;` (`c`), `use a::{self};` (`a`); `as _` binds
    /// nothing.
    Name(Option<String>),
    /// `use a::*;`: every public name of `a`.
    Glob,
}

/// Turns segments as written in `module` into a [`PathRef`]; `None` for a path that starts
/// with `::` (another crate) or climbs above the root.
pub fn anchor(module: &[String], segments: &[String]) -> Option<PathRef> {
    let (first, rest) = segments.split_first()?;
    let (base, rest, anchored) = match first.as_str() {
        "crate" | "$crate" => (Vec::new(), rest, true),
        "self" => (module.to_vec(), rest, true),
        "super" => {
            let mut base = module.to_vec();
            base.pop()?;
            let mut rest = rest;
            while let Some(("super", tail)) = rest.split_first().map(|(s, t)| (s.as_str(), t)) {
                base.pop()?;
                rest = tail;
            }
            (base, rest, true)
        }
        "" => return None,
        _ => (module.to_vec(), segments, false),
    };
    Some(PathRef {
        base,
        segments: rest.to_vec(),
        anchored,
    })
}

/// Every leaf of a `use` tree with its full path (`use crate::{a::X, b::{Y, Z}}` gives
/// `crate::a::X`, `crate::b::Y`, `crate::b::Z`).
pub fn use_leaves(tree: &UseTree) -> Vec<(Vec<String>, UseLeaf)> {
    let mut leaves = Vec::new();
    collect_leaves(tree, &mut Vec::new(), &mut leaves);
    leaves
}

fn collect_leaves(tree: &UseTree, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, UseLeaf)>) {
    match tree {
        UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            collect_leaves(&path.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(name) if name.ident == "self" => {
            let binding = prefix.last().cloned();
            out.push((prefix.clone(), UseLeaf::Name(binding)));
        }
        UseTree::Name(name) => {
            let mut path = prefix.clone();
            path.push(name.ident.to_string());
            out.push((path, UseLeaf::Name(Some(name.ident.to_string()))));
        }
        UseTree::Rename(rename) => {
            let mut path = prefix.clone();
            if rename.ident != "self" {
                path.push(rename.ident.to_string());
            }
            let binding = (rename.rename != "_").then(|| rename.rename.to_string());
            out.push((path, UseLeaf::Name(binding)));
        }
        UseTree::Glob(_) => out.push((prefix.clone(), UseLeaf::Glob)),
        UseTree::Group(group) => {
            for tree in &group.items {
                collect_leaves(tree, prefix, out);
            }
        }
    }
}

/// Whether the attributes make an item exist only in test builds: `#[cfg(test)]`, or
/// `#[cfg(all(…, test, …))]`. (`cfg(not(test))` and `cfg(any(test, …))` do not.)
pub fn is_test_only(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| {
        let Meta::List(list) = &attr.meta else {
            return false;
        };
        list.path.is_ident("cfg") && requires_test(list.tokens.clone())
    })
}

fn requires_test(tokens: TokenStream) -> bool {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    match trees.as_slice() {
        [TokenTree::Ident(ident)] => ident == "test",
        [TokenTree::Ident(all), TokenTree::Group(group)] if all == "all" => {
            let mut current = Vec::new();
            let mut found = false;
            for tree in group.stream().into_iter().chain(std::iter::once(comma())) {
                if matches!(&tree, TokenTree::Punct(p) if p.as_char() == ',') {
                    found |= requires_test(current.drain(..).collect());
                } else {
                    current.push(tree);
                }
            }
            found
        }
        _ => false,
    }
}

fn comma() -> TokenTree {
    TokenTree::Punct(proc_macro2::Punct::new(',', Spacing::Alone))
}

/// The attributes of an item.
pub fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// The name an item defines in its module's namespace, if any (a `macro_rules!` counts).
pub fn item_name(item: &Item) -> Option<String> {
    let ident = match item {
        Item::Const(i) => &i.ident,
        Item::Enum(i) => &i.ident,
        Item::Fn(i) => &i.sig.ident,
        Item::Macro(i) => i.ident.as_ref()?,
        Item::Static(i) => &i.ident,
        Item::Struct(i) => &i.ident,
        Item::Trait(i) => &i.ident,
        Item::TraitAlias(i) => &i.ident,
        Item::Type(i) => &i.ident,
        Item::Union(i) => &i.ident,
        _ => return None,
    };
    Some(ident.to_string())
}

/// Every path written in `item` (outside `#[cfg(test)]` code), as segments with the line.
/// `use` declarations inside function bodies count as paths; module-level `use` items are
/// read by the caller, which also records what they bind.
pub fn paths_in(item: &Item) -> Vec<(Vec<String>, usize)> {
    let mut collector = PathCollector::default();
    collector.visit_item(item);
    collector.found
}

#[derive(Default)]
struct PathCollector {
    found: Vec<(Vec<String>, usize)>,
}

impl<'ast> Visit<'ast> for PathCollector {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() {
            let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
            let line = path
                .segments
                .first()
                .map_or(0, |s| s.ident.span().start().line);
            self.found.push((segments, line));
        }
        visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.visit_path(&mac.path);
        scan_tokens(mac.tokens.clone(), &mut self.found);
    }

    fn visit_attribute(&mut self, attr: &'ast Attribute) {
        if let Meta::List(list) = &attr.meta {
            scan_tokens(list.tokens.clone(), &mut self.found);
        }
    }

    fn visit_vis_restricted(&mut self, _: &'ast syn::VisRestricted) {}

    fn visit_item(&mut self, item: &'ast Item) {
        if is_test_only(item_attrs(item)) {
            return;
        }
        match item {
            // A module inside a function body is rare, and its own tree; not followed.
            Item::Mod(_) => {}
            Item::Use(item_use) => {
                let line = item_use.use_token.span.start().line;
                for (path, _) in use_leaves(&item_use.tree) {
                    if item_use.leading_colon.is_none() {
                        self.found.push((path, line));
                    }
                }
            }
            _ => visit::visit_item(self, item),
        }
    }

    fn visit_impl_item(&mut self, item: &'ast ImplItem) {
        let attrs = match item {
            ImplItem::Const(i) => &i.attrs,
            ImplItem::Fn(i) => &i.attrs,
            ImplItem::Type(i) => &i.attrs,
            ImplItem::Macro(i) => &i.attrs,
            _ => return visit::visit_impl_item(self, item),
        };
        if !is_test_only(attrs) {
            visit::visit_impl_item(self, item);
        }
    }

    fn visit_trait_item(&mut self, item: &'ast TraitItem) {
        let attrs = match item {
            TraitItem::Const(i) => &i.attrs,
            TraitItem::Fn(i) => &i.attrs,
            TraitItem::Type(i) => &i.attrs,
            TraitItem::Macro(i) => &i.attrs,
            _ => return visit::visit_trait_item(self, item),
        };
        if !is_test_only(attrs) {
            visit::visit_trait_item(self, item);
        }
    }
}

/// The `crate::a::b`, `$crate::a::b`, `super::a` and `self::a` paths among macro tokens
/// (groups included). `$crate` is reported as `crate`.
fn scan_tokens(tokens: TokenStream, found: &mut Vec<(Vec<String>, usize)>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut index = 0;
    while index < trees.len() {
        match &trees[index] {
            TokenTree::Group(group) => scan_tokens(group.stream(), found),
            TokenTree::Ident(ident)
                if ["crate", "super", "self"].iter().any(|k| ident == k)
                    && path_separator_at(&trees, index + 1) =>
            {
                let mut segments = vec![ident.to_string()];
                let mut next = index + 1;
                while path_separator_at(&trees, next) {
                    let Some(TokenTree::Ident(segment)) = trees.get(next + 2) else {
                        break;
                    };
                    segments.push(segment.to_string());
                    next += 3;
                }
                found.push((segments, ident.span().start().line));
                index = next;
                continue;
            }
            _ => {}
        }
        index += 1;
    }
}

/// Whether `::` starts at `index`.
fn path_separator_at(trees: &[TokenTree], index: usize) -> bool {
    matches!(
        (trees.get(index), trees.get(index + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn leaves(source: &str) -> Vec<(String, UseLeaf)> {
        let item: syn::ItemUse = syn::parse_str(source).expect("a use item");
        use_leaves(&item.tree)
            .into_iter()
            .map(|(path, leaf)| (path.join("::"), leaf))
            .collect()
    }

    #[test]
    fn use_groups_renames_self_and_globs_are_flattened() {
        assert_eq!(
            leaves("use crate::{a::X, b::{Y, Z as W, self}, c::*, d::Q as _};"),
            [
                ("crate::a::X".into(), UseLeaf::Name(Some("X".into()))),
                ("crate::b::Y".into(), UseLeaf::Name(Some("Y".into()))),
                ("crate::b::Z".into(), UseLeaf::Name(Some("W".into()))),
                ("crate::b".into(), UseLeaf::Name(Some("b".into()))),
                ("crate::c".into(), UseLeaf::Glob),
                ("crate::d::Q".into(), UseLeaf::Name(None)),
            ]
        );
        // Spread over lines, with comments, as rustfmt writes long ones.
        assert_eq!(
            leaves("use super::{\n    // the handlers\n    handlers::{time,\n uploaded},\n};")
                .len(),
            2
        );
    }

    #[test]
    fn paths_are_anchored_where_they_start() {
        let module = strings(&["handlers", "write"]);
        let path = |segments: &[&str]| anchor(&module, &strings(segments));
        assert_eq!(
            path(&["super", "super", "seed", "image_size"]),
            Some(PathRef {
                base: vec![],
                segments: strings(&["seed", "image_size"]),
                anchored: true
            })
        );
        assert_eq!(
            path(&["$crate", "seed"]).map(|p| (p.base, p.anchored)),
            Some((vec![], true))
        );
        assert_eq!(path(&["self", "x"]).map(|p| p.base), Some(module.clone()));
        let bare = path(&["serde", "Serialize"]).expect("bare");
        assert!(!bare.anchored && bare.base == module);
        assert_eq!(path(&["super", "super", "super", "x"]), None);
    }

    #[test]
    fn test_only_code_is_recognised() {
        let attrs = |source: &str| {
            let item: syn::ItemMod = syn::parse_str(&format!("{source} mod m {{}}")).expect("mod");
            is_test_only(&item.attrs)
        };
        assert!(attrs("#[cfg(test)]"));
        assert!(attrs("#[cfg(all(test, feature = \"x\"))]"));
        assert!(!attrs("#[cfg(not(test))]"));
        assert!(!attrs("#[cfg(any(test, feature = \"x\"))]"));
        assert!(!attrs("#[cfg(feature = \"test\")]"));
    }

    #[test]
    fn paths_in_code_and_macro_tokens_are_found_but_not_test_code() {
        let file = syn::parse_file(
            "fn f() -> crate::a::X {
                 let y: super::b::Y = g();
                 use crate::inner::Z;
                 format!(\"{}\", crate::c::show(y))
             }
             macro_rules! m { () => { $crate::d::make() }; }
             #[cfg_attr(feature = \"schema\", schemars(transform = crate::g::Tag(\"S\")))]
             #[derive(serde::Serialize)]
             struct T;
             #[cfg(test)]
             fn t() { crate::e::f(); }
             pub(in crate::f) struct S;",
        )
        .expect("parses");
        let found: Vec<String> = file
            .items
            .iter()
            .flat_map(paths_in)
            .map(|(segments, _)| segments.join("::"))
            .filter(|p| p.starts_with("crate") || p.starts_with("super"))
            .collect();
        assert_eq!(
            found,
            [
                "crate::a::X",
                "super::b::Y",
                "crate::inner::Z",
                "crate::c::show",
                "crate::d::make",
                "crate::g::Tag"
            ]
        );
    }
}
