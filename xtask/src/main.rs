//! `cargo xtask`: the project's own tasks, written in Rust and run with cargo.
//!
//! - `cargo xtask codegen` regenerates everything that is generated from the code (the
//!   tables of `docs/reference/`, the JSON Schemas of `docs/reference/schema/`, the code
//!   shown in `docs/cookbook.md`) and then runs the project checks: every endpoint has a
//!   client call and a fake implementation, every fixture parses and decodes (and, written
//!   back by its type, matches the type's schema), the fake's answers match Unipile's
//!   published schemas (`tests/fixtures/published/`), `unipile-core` does no I/O, no fixture,
//!   doc or example holds a credential, `docs/architecture.md` names every crate and core
//!   module, no crate has an import circle between its modules, and no source file is
//!   over 600 lines.
//! - `cargo xtask codegen --check` changes nothing: it fails, naming the stale file and the
//!   command that fixes it, when anything generated is out of date or a check fails.
//!
//! The same checks run as this crate's tests, so `cargo test --workspace` catches drift.

mod checks;
mod codegen;
mod fake_support;
mod generated;
mod json_schema;
mod markdown;
mod reference;
mod workspace;

use codegen::Mode;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check]

  codegen          regenerate the reference docs, the JSON Schemas and the cookbook's code,
                   then run the checks
  codegen --check  change nothing; fail when anything generated is stale or a check fails
";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Task {
    Help,
    Codegen(Mode),
}

fn parse_args(args: &[String]) -> Result<Task, String> {
    let mut args = args.iter().map(String::as_str);
    match args.next() {
        None | Some("help" | "-h" | "--help") => Ok(Task::Help),
        Some("codegen") => {
            let mut mode = Mode::Write;
            for arg in args {
                match arg {
                    "--check" => mode = Mode::Check,
                    other => return Err(format!("unknown argument to `codegen`: `{other}`")),
                }
            }
            Ok(Task::Codegen(mode))
        }
        Some(other) => Err(format!("unknown task `{other}`")),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match parse_args(&args) {
        Ok(Task::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Task::Codegen(mode)) => mode,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let root = workspace::root();
    let report = codegen::run(&root, mode);
    for path in &report.updated {
        println!("updated {path}");
    }
    let problems: Vec<String> = report
        .problems
        .into_iter()
        .chain(checks::run_all(&root))
        .collect();
    if problems.is_empty() {
        if mode == Mode::Check || report.updated.is_empty() {
            println!("everything generated is up to date, and every check passes");
        }
        return ExitCode::SUCCESS;
    }
    for problem in &problems {
        eprintln!("error: {problem}");
    }
    eprintln!("{} problem(s) found", problems.len());
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn command_line() {
        assert_eq!(parse_args(&args(&[])), Ok(Task::Help));
        assert_eq!(
            parse_args(&args(&["codegen"])),
            Ok(Task::Codegen(Mode::Write))
        );
        assert_eq!(
            parse_args(&args(&["codegen", "--check"])),
            Ok(Task::Codegen(Mode::Check))
        );
        let err = parse_args(&args(&["codegen", "--force"])).expect_err("unknown flag");
        assert!(err.contains("--force"), "{err}");
        let err = parse_args(&args(&["dist"])).expect_err("unknown task");
        assert!(err.contains("dist"), "{err}");
    }

    /// The drift check: what `cargo xtask codegen` would write is what is committed.
    #[test]
    fn generated_files_are_up_to_date() {
        let report = codegen::run(&workspace::root(), Mode::Check);
        assert!(report.updated.is_empty(), "check mode wrote files");
        assert!(
            report.problems.is_empty(),
            "\n{}\n",
            report.problems.join("\n")
        );
    }
}
