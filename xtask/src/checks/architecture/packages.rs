//! The workspace's packages and the crates they build, as `cargo metadata` reports them:
//! a package added under `crates/` is checked without being listed here.

use crate::workspace::cargo_metadata;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One workspace package.
#[derive(Debug)]
pub struct Package {
    /// Its folder.
    pub dir: PathBuf,
    /// Its library and binaries (not its tests, benchmarks or examples).
    pub crates: Vec<CrateRoot>,
}

/// One crate: its name in messages and its root file.
#[derive(Debug)]
pub struct CrateRoot {
    /// `unipile-mock`, or `unipile-mock (bin unipile-mock)` beside a library.
    pub label: String,
    /// `src/lib.rs`, `src/main.rs`, `src/bin/x.rs`…
    pub root_file: PathBuf,
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<MetadataPackage>,
}

#[derive(Deserialize)]
struct MetadataPackage {
    name: String,
    manifest_path: PathBuf,
    targets: Vec<MetadataTarget>,
}

#[derive(Deserialize)]
struct MetadataTarget {
    name: String,
    kind: Vec<String>,
    src_path: PathBuf,
}

/// The workspace members of the workspace at `root`.
pub fn workspace_packages(root: &Path) -> Result<Vec<Package>, String> {
    let metadata = cargo_metadata(root, &["--no-deps"])?;
    let metadata: Metadata = serde_json::from_value(metadata)
        .map_err(|e| format!("cannot read `cargo metadata`'s answer: {e}"))?;
    Ok(metadata.packages.into_iter().map(package).collect())
}

fn package(package: MetadataPackage) -> Package {
    let built: Vec<MetadataTarget> = package
        .targets
        .into_iter()
        .filter(|t| {
            t.kind
                .iter()
                .any(|k| k.contains("lib") || k == "bin" || k == "proc-macro")
        })
        .collect();
    let alone = built.len() == 1;
    let crates = built
        .into_iter()
        .map(|target| CrateRoot {
            label: if alone || !target.kind.iter().any(|k| k == "bin") {
                package.name.clone()
            } else {
                format!("{} (bin {})", package.name, target.name)
            },
            root_file: target.src_path,
        })
        .collect();
    Package {
        dir: package
            .manifest_path
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf(),
        crates,
    }
}
