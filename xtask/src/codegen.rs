//! Generated files and generated sections, and keeping them up to date.
//!
//! A document owns its prose; only the parts between markers are generated:
//!
//! ```text
//! <!-- begin generated: event-types (cargo xtask codegen; do not edit) -->
//! …
//! <!-- end generated: event-types -->
//! ```
//!
//! The name after `begin generated:` says what goes there ([`render_section`]). Files
//! generated whole (the JSON Schemas) are written as they are. In [`Mode::Check`] nothing
//! is written: a file that would change is a problem that names the file and the command
//! that fixes it.

use crate::generated::{FIX, GeneratedFile};
use crate::reference;
use crate::workspace::{self, display, read_text};
use std::fs;
use std::path::{Path, PathBuf};

/// Whether to write generated files or only check them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write what changed.
    Write,
    /// Write nothing; report what would change.
    Check,
}

/// What a run did and found.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written (relative to the workspace root).
    pub updated: Vec<String>,
    /// Everything wrong: stale files, broken markers, missing sections.
    pub problems: Vec<String>,
}

/// Documents with generated sections. `docs/reference/*.md` are found by listing.
const MARKED_DOCS: &[&str] = &["docs/cookbook.md"];

/// Sections that must exist, and where: removing the markers is drift too.
const REQUIRED_SECTIONS: &[(&str, &str)] = &[
    ("docs/reference/events.md", "event-types"),
    ("docs/reference/errors.md", "error-types"),
    ("docs/reference/errors.md", "remedies"),
    ("docs/reference/endpoints.md", "endpoints"),
    ("docs/reference/providers.md", "providers"),
    ("docs/reference/README.md", "schemas"),
];

/// Where the cookbook's examples live, and the cookbook.
const EXAMPLES_DIR: &str = "examples";
const COOKBOOK: &str = "docs/cookbook.md";

/// Computes every generated file and writes it ([`Mode::Write`]) or reports it as stale
/// ([`Mode::Check`]).
pub fn run(root: &Path, mode: Mode) -> Report {
    let mut report = Report::default();
    let (expected, problems) = expected_files(root);
    report.problems.extend(problems);
    for file in &expected {
        ensure_file_contents(root, file, mode, &mut report);
    }
    remove_stale_schemas(root, &expected, mode, &mut report);
    report
}

/// Every generated file with the contents it should have, and the problems met on the way.
pub fn expected_files(root: &Path) -> (Vec<GeneratedFile>, Vec<String>) {
    let mut problems = Vec::new();
    let mut expected = Vec::new();

    let mut docs: Vec<PathBuf> = workspace::files_under(&root.join("docs/reference"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.extend(MARKED_DOCS.iter().map(|d| root.join(d)));

    let mut present: Vec<(String, String)> = Vec::new();
    for doc in docs {
        let path = display(root, &doc);
        let text = match read_text(&doc) {
            Ok(text) => text,
            Err(e) => {
                problems.push(format!("{path}: cannot read it: {e}"));
                continue;
            }
        };
        match splice(&text, |name| render_section(root, name)) {
            Ok((contents, names)) => {
                present.extend(names.into_iter().map(|n| (path.clone(), n)));
                expected.push(GeneratedFile { path, contents });
            }
            Err(e) => problems.push(format!("{path}: {e}")),
        }
    }

    for (doc, section) in REQUIRED_SECTIONS {
        if !present.iter().any(|(d, s)| d == doc && s == section) {
            problems.push(format!(
                "{doc} has no generated section `{section}`: add the lines\n  {}\n  {}\n\
                 where it belongs, then {FIX}",
                begin_marker(section),
                end_marker(section)
            ));
        }
    }
    for example in example_names(root) {
        let section = format!("example {example}");
        if !present.iter().any(|(d, s)| d == COOKBOOK && *s == section) {
            problems.push(format!(
                "{EXAMPLES_DIR}/{example}.rs is not shown in {COOKBOOK}: add a recipe with the \
                 lines\n  {}\n  {}\nthen {FIX}",
                begin_marker(&section),
                end_marker(&section)
            ));
        }
    }

    match reference::schema::files() {
        Ok(files) => expected.extend(files),
        Err(e) => problems.push(e),
    }
    (expected, problems)
}

fn ensure_file_contents(root: &Path, file: &GeneratedFile, mode: Mode, report: &mut Report) {
    let path = root.join(&file.path);
    let current = read_text(&path).ok();
    if current.as_deref() == Some(file.contents.as_str()) {
        return;
    }
    match mode {
        Mode::Check => {
            let detail = match &current {
                Some(current) => first_difference(current, &file.contents),
                None => "it does not exist".to_string(),
            };
            report
                .problems
                .push(format!("{} is not up to date ({detail}): {FIX}", file.path));
        }
        Mode::Write => {
            let written = path
                .parent()
                .map_or(Ok(()), fs::create_dir_all)
                .and_then(|()| fs::write(&path, &file.contents));
            match written {
                Ok(()) => report.updated.push(file.path.clone()),
                Err(e) => report
                    .problems
                    .push(format!("cannot write {}: {e}", file.path)),
            }
        }
    }
}

/// JSON Schemas of types that no longer have one are stale too.
fn remove_stale_schemas(root: &Path, expected: &[GeneratedFile], mode: Mode, report: &mut Report) {
    let dir = root.join(reference::schema::DIR);
    for path in workspace::files_under(&dir) {
        let shown = display(root, &path);
        if expected.iter().any(|e| e.path == shown) {
            continue;
        }
        match mode {
            Mode::Check => report.problems.push(format!(
                "{shown} is no longer generated (no type has this schema): {FIX}"
            )),
            Mode::Write => match fs::remove_file(&path) {
                Ok(()) => report.updated.push(shown),
                Err(e) => report.problems.push(format!("cannot remove {shown}: {e}")),
            },
        }
    }
}

/// Where two texts part, for a message: the first differing line.
fn first_difference(current: &str, expected: &str) -> String {
    let mut current_lines = current.lines();
    let mut expected_lines = expected.lines();
    let mut number = 1;
    loop {
        match (current_lines.next(), expected_lines.next()) {
            (Some(a), Some(b)) if a == b => number += 1,
            (a, b) => {
                let show = |line: Option<&str>| match line {
                    Some(line) => format!("`{}`", shorten(line)),
                    None => "the end of the file".to_string(),
                };
                return format!("line {number} is {}, the code gives {}", show(a), show(b));
            }
        }
    }
}

fn shorten(line: &str) -> String {
    const MAX: usize = 80;
    if line.chars().count() <= MAX {
        line.to_string()
    } else {
        let cut: String = line.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// The generated text of section `name`.
pub fn render_section(root: &Path, name: &str) -> Result<String, String> {
    match name {
        "event-types" => Ok(reference::events::table()),
        "error-types" => Ok(reference::errors::table()),
        "remedies" => Ok(reference::errors::remedies()),
        "endpoints" => Ok(reference::endpoints::table()),
        "providers" => Ok(reference::providers::render()),
        "schemas" => Ok(reference::schema::index()),
        _ => match name.strip_prefix("example ") {
            Some(example) => render_example(root, example),
            None => Err(format!("unknown generated section `{name}`")),
        },
    }
}

/// An example file as a Rust code block.
fn render_example(root: &Path, example: &str) -> Result<String, String> {
    let valid = !example.is_empty()
        && example
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid {
        return Err(format!("`{example}` is not an example name"));
    }
    let path = root.join(EXAMPLES_DIR).join(format!("{example}.rs"));
    let code = read_text(&path).map_err(|_| {
        format!("the section `example {example}` shows {EXAMPLES_DIR}/{example}.rs, which does not exist")
    })?;
    let code = code.trim_end();
    Ok(format!("```rust\n{code}\n```\n"))
}

/// The examples of the examples package: every `examples/*.rs` but its `lib.rs`.
fn example_names(root: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(root.join(EXAMPLES_DIR)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|name| name != "lib")
        .collect();
    names.sort();
    names
}

fn begin_marker(name: &str) -> String {
    format!("<!-- begin generated: {name} (cargo xtask codegen; do not edit) -->")
}

fn end_marker(name: &str) -> String {
    format!("<!-- end generated: {name} -->")
}

const BEGIN_PREFIX: &str = "<!-- begin generated: ";
const END_PREFIX: &str = "<!-- end generated: ";

/// Replaces the body of every generated section of `text` with what `render` gives for its
/// name, and rewrites the markers in their canonical form. Returns the new text and the
/// names of the sections found, in order.
pub fn splice(
    text: &str,
    mut render: impl FnMut(&str) -> Result<String, String>,
) -> Result<(String, Vec<String>), String> {
    let mut out = String::with_capacity(text.len());
    let mut names = Vec::new();
    let mut open: Option<(String, usize)> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix(BEGIN_PREFIX) {
            if let Some((name, at)) = &open {
                return Err(format!(
                    "line {number}: a section begins inside section `{name}` (begun on line {at})"
                ));
            }
            let name = rest
                .split_once(" (")
                .map(|(n, _)| n)
                .or_else(|| rest.strip_suffix(" -->"))
                .unwrap_or(rest)
                .trim()
                .to_string();
            let body = render(&name).map_err(|e| format!("line {number}: {e}"))?;
            out.push_str(&begin_marker(&name));
            out.push('\n');
            out.push_str(&body);
            if !body.is_empty() && !body.ends_with('\n') {
                out.push('\n');
            }
            names.push(name.clone());
            open = Some((name, number));
        } else if let Some(rest) = trimmed.strip_prefix(END_PREFIX) {
            let name = rest.strip_suffix(" -->").unwrap_or(rest).trim();
            match open.take() {
                Some((open_name, _)) if open_name == name => {
                    out.push_str(&end_marker(name));
                    out.push('\n');
                }
                Some((open_name, at)) => {
                    return Err(format!(
                        "line {number}: section `{name}` ends, but `{open_name}` (begun on line \
                         {at}) is the one open"
                    ));
                }
                None => {
                    return Err(format!(
                        "line {number}: section `{name}` ends but never began"
                    ));
                }
            }
        } else if open.is_none() {
            out.push_str(line);
            out.push('\n');
        }
    }
    if let Some((name, at)) = open {
        return Err(format!(
            "section `{name}` (begun on line {at}) never ends: add `{}`",
            end_marker(&name)
        ));
    }
    Ok((out, names))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(name: &str) -> Result<String, String> {
        match name {
            "a" => Ok("A1\nA2\n".to_string()),
            "b" => Ok("B".to_string()),
            other => Err(format!("unknown generated section `{other}`")),
        }
    }

    #[test]
    fn splice_replaces_only_the_generated_parts() {
        let text = "# Title\n\nprose\n\
            <!-- begin generated: a (cargo xtask codegen; do not edit) -->\nold\nlines\n\
            <!-- end generated: a -->\nmore prose\n\
            <!-- begin generated: b -->\n<!-- end generated: b -->\n";
        let (out, names) = splice(text, render).expect("spliced");
        assert_eq!(
            out,
            "# Title\n\nprose\n\
             <!-- begin generated: a (cargo xtask codegen; do not edit) -->\nA1\nA2\n\
             <!-- end generated: a -->\nmore prose\n\
             <!-- begin generated: b (cargo xtask codegen; do not edit) -->\nB\n\
             <!-- end generated: b -->\n"
        );
        assert_eq!(names, ["a", "b"]);
        // Splicing is idempotent.
        let (again, _) = splice(&out, render).expect("spliced");
        assert_eq!(again, out);
    }

    #[test]
    fn splice_reports_broken_markers_with_their_line() {
        let unclosed = "x\n<!-- begin generated: a -->\nbody\n";
        let err = splice(unclosed, render).expect_err("unclosed");
        assert!(err.contains("`a` (begun on line 2) never ends"), "{err}");

        let crossed = "<!-- begin generated: a -->\n<!-- end generated: b -->\n";
        let err = splice(crossed, render).expect_err("crossed");
        assert!(err.starts_with("line 2:"), "{err}");

        let nested = "<!-- begin generated: a -->\n<!-- begin generated: b -->\n";
        let err = splice(nested, render).expect_err("nested");
        assert!(err.contains("inside section `a`"), "{err}");

        let stray = "<!-- end generated: a -->\n";
        let err = splice(stray, render).expect_err("stray");
        assert_eq!(err, "line 1: section `a` ends but never began");

        let unknown = "<!-- begin generated: zzz -->\n<!-- end generated: zzz -->\n";
        let err = splice(unknown, render).expect_err("unknown");
        assert_eq!(err, "line 1: unknown generated section `zzz`");
    }

    #[test]
    fn first_difference_names_the_line() {
        assert_eq!(
            first_difference("a\nb\nc\n", "a\nB\nc\n"),
            "line 2 is `b`, the code gives `B`"
        );
        assert_eq!(
            first_difference("a\n", "a\nb\n"),
            "line 2 is the end of the file, the code gives `b`"
        );
    }

    /// A hand edit inside a section is stale in check mode and repaired in write mode;
    /// the message names the file and the command.
    #[test]
    fn check_mode_reports_and_write_mode_repairs() {
        let tmp = crate::workspace::TempDir::new("codegen");
        let dir = &tmp.0;
        let file = GeneratedFile {
            path: "doc.md".to_string(),
            contents: "fresh\n".to_string(),
        };
        fs::write(dir.join("doc.md"), "edited by hand\n").expect("write");

        let mut report = Report::default();
        ensure_file_contents(dir, &file, Mode::Check, &mut report);
        assert_eq!(
            report.problems,
            [
                "doc.md is not up to date (line 1 is `edited by hand`, the code gives `fresh`): \
              run `cargo xtask codegen` and commit the result"
            ]
        );
        assert_eq!(
            fs::read_to_string(dir.join("doc.md")).expect("read"),
            "edited by hand\n"
        );

        let mut report = Report::default();
        ensure_file_contents(dir, &file, Mode::Write, &mut report);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(report.updated, ["doc.md"]);
        assert_eq!(
            fs::read_to_string(dir.join("doc.md")).expect("read"),
            "fresh\n"
        );

        let mut report = Report::default();
        ensure_file_contents(dir, &file, Mode::Check, &mut report);
        assert!(report.problems.is_empty() && report.updated.is_empty());
    }
}
