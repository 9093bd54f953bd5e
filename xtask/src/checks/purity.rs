//! `unipile-core` does no I/O: no I/O crate among its normal dependencies (direct or
//! not), and no `std::net`, `std::fs` or `std::process` in its code outside tests.

use crate::workspace::{cargo_metadata, display, files_under, read_text};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::path::Path;

/// The crate that must stay pure.
const CORE: &str = "unipile-core";

/// Crates that do I/O, or exist to drive it (runtimes, HTTP stacks, TLS, databases).
const IO_CRATES: &[&str] = &[
    "tokio",
    "tokio-util",
    "tokio-rustls",
    "mio",
    "socket2",
    "async-std",
    "async-io",
    "smol",
    "hyper",
    "hyper-util",
    "hyper-rustls",
    "hyper-tls",
    "h2",
    "h3",
    "reqwest",
    "ureq",
    "isahc",
    "surf",
    "curl",
    "axum",
    "actix-web",
    "warp",
    "tower",
    "tower-http",
    "rustls",
    "native-tls",
    "openssl",
    "tungstenite",
    "tokio-tungstenite",
    "rusqlite",
];

/// Paths of the standard library that do I/O.
const IO_PATHS: &[&str] = &["std::net", "std::fs", "std::process"];

/// Problems: I/O dependencies of `unipile-core`, and I/O in its code.
pub fn check(root: &Path) -> Vec<String> {
    let mut problems = match cargo_metadata(root, &[]) {
        Ok(metadata) => io_dependencies(&metadata, CORE)
            .unwrap_or_else(|e| vec![format!("cannot read `cargo metadata`: {e}")]),
        Err(e) => vec![e],
    };
    problems.extend(io_in_code(root, &root.join("crates/unipile-core/src")));
    problems
}

/// Walks the normal (not dev, not build) dependencies of `start` in `cargo metadata`
/// output; a problem per I/O crate reached, with the chain that brings it in.
pub fn io_dependencies(metadata: &Value, start: &str) -> Result<Vec<String>, String> {
    let names: HashMap<&str, &str> = metadata["packages"]
        .as_array()
        .ok_or("no `packages`")?
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?)))
        .collect();
    let nodes: HashMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .ok_or("no `resolve.nodes`")?
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .ok_or("no `workspace_members`")?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let root_id = members
        .iter()
        .copied()
        .find(|id| names.get(id) == Some(&start))
        .ok_or_else(|| format!("`{start}` is not a workspace member"))?;

    // Breadth first, remembering who brought each package in.
    let mut parent: HashMap<&str, &str> = HashMap::new();
    let mut queue = VecDeque::from([root_id]);
    let mut problems = Vec::new();
    while let Some(id) = queue.pop_front() {
        let Some(node) = nodes.get(id) else { continue };
        for dep in node["deps"].as_array().into_iter().flatten() {
            let normal = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| k["kind"].is_null());
            let Some(dep_id) = dep["pkg"].as_str() else {
                continue;
            };
            if !normal || dep_id == root_id || parent.contains_key(dep_id) {
                continue;
            }
            parent.insert(dep_id, id);
            let name = names.get(dep_id).copied().unwrap_or(dep_id);
            if IO_CRATES.contains(&name) {
                let mut chain = vec![name];
                let mut at = id;
                while at != root_id {
                    chain.push(names.get(at).copied().unwrap_or(at));
                    at = parent[at];
                }
                chain.push(start);
                chain.reverse();
                problems.push(format!(
                    "{start} depends on the I/O crate `{name}` ({}): the core must stay \
                     free of I/O; move that code to unipile-http or unipile-mock, or make \
                     it a dev-dependency",
                    chain.join(" -> ")
                ));
            } else {
                queue.push_back(dep_id);
            }
        }
    }
    Ok(problems)
}

/// Uses of [`IO_PATHS`] in the code of `src`, outside `#[cfg(test)]` (everything after a
/// file's first `#[cfg(test)]` counts as test code).
fn io_in_code(root: &Path, src: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for path in files_under(src) {
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = match read_text(&path) {
            Ok(text) => text,
            Err(e) => {
                problems.push(format!("{}: cannot read it: {e}", display(root, &path)));
                continue;
            }
        };
        for (index, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            let code = line.split("//").next().unwrap_or("");
            if let Some(io) = IO_PATHS.iter().find(|p| code.contains(*p)) {
                problems.push(format!(
                    "{}:{}: `{io}` in unipile-core: the core does no I/O (only its tests may)",
                    display(root, &path),
                    index + 1
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dep(pkg: &str, kind: Value) -> Value {
        json!({ "name": pkg, "pkg": pkg, "dep_kinds": [{ "kind": kind, "target": null }] })
    }

    /// core -> serde; core -> helper -> mio; core -(dev)-> tokio; helper -(build)-> h2.
    fn metadata(helper_deps: Vec<Value>) -> Value {
        json!({
            "workspace_members": ["core"],
            "packages": [
                { "id": "core", "name": "unipile-core" },
                { "id": "serde", "name": "serde" },
                { "id": "helper", "name": "helper" },
                { "id": "mio", "name": "mio" },
                { "id": "tokio", "name": "tokio" },
                { "id": "h2", "name": "h2" },
            ],
            "resolve": { "nodes": [
                { "id": "core", "deps": [
                    dep("serde", Value::Null),
                    dep("helper", Value::Null),
                    dep("tokio", json!("dev")),
                ] },
                { "id": "serde", "deps": [] },
                { "id": "helper", "deps": helper_deps },
                { "id": "mio", "deps": [] },
                { "id": "tokio", "deps": [dep("mio", Value::Null)] },
                { "id": "h2", "deps": [] },
            ] }
        })
    }

    #[test]
    fn a_transitive_io_crate_is_found_with_its_chain() {
        let problems = io_dependencies(
            &metadata(vec![dep("mio", Value::Null), dep("h2", json!("build"))]),
            "unipile-core",
        )
        .expect("walks");
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].starts_with(
                "unipile-core depends on the I/O crate `mio` (unipile-core -> helper -> mio)"
            ),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn dev_and_build_dependencies_do_not_count() {
        let problems = io_dependencies(&metadata(vec![dep("h2", json!("build"))]), "unipile-core")
            .expect("walks");
        assert_eq!(problems, Vec::<String>::new());
    }

    #[test]
    fn io_in_code_outside_tests_is_found() {
        let tmp = crate::workspace::TempDir::new("purity");
        let dir = &tmp.0;
        std::fs::write(
            dir.join("lib.rs"),
            "//! Uses std::fs in a comment only.\nuse std::fs::read;\n#[cfg(test)]\nmod tests { use std::net::TcpStream; }\n",
        )
        .expect("write");
        let problems = io_in_code(dir, dir);
        assert_eq!(
            problems,
            ["lib.rs:2: `std::fs` in unipile-core: the core does no I/O (only its tests may)"]
        );
    }

    /// The real workspace: the core is pure.
    #[test]
    fn core_does_no_io() {
        let problems = check(&crate::workspace::root());
        assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    }
}
