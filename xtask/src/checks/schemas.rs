//! The committed JSON Schemas describe what the SDK writes: every typed fixture, decoded by
//! its type and serialized back, validates against the schema of that type in
//! `docs/reference/schema/`, and every member it has is described there.

use crate::checks::fixtures::{DIR as FIXTURES, Expect, MANIFEST};
use crate::generated::FIX;
use crate::json_schema::Validator;
use crate::reference::schema::DIR as SCHEMA_DIR;
use crate::workspace::read_text;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Every typed fixture of [`MANIFEST`]: its path under `tests/fixtures/`, its type's
/// schema file, and how to read it and write it back.
fn cases() -> impl Iterator<Item = (&'static str, &'static str, Rewrite)> {
    MANIFEST
        .iter()
        .filter_map(|(fixture, expect)| match expect {
            Expect::Typed {
                schema, rewrite, ..
            } => Some((*fixture, *schema, *rewrite)),
            Expect::Json { .. } => None,
        })
}

/// Decodes a fixture and serializes it back.
type Rewrite = fn(&[u8]) -> Result<Value, String>;

/// Problems: fixtures whose written-back form does not match their type's schema.
pub fn check(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    // Several fixtures share a schema: each schema file is read and parsed once.
    let mut schemas: BTreeMap<&str, Result<Value, String>> = BTreeMap::new();
    for (fixture, schema_file, rewrite) in cases() {
        let schema_path = format!("{SCHEMA_DIR}/{schema_file}");
        let schema = schemas.entry(schema_file).or_insert_with(|| {
            read_text(&root.join(&schema_path))
                .map_err(|e| e.to_string())
                .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
        });
        let schema = match schema {
            Ok(schema) => &*schema,
            Err(e) => {
                problems.push(format!("{schema_path}: cannot read it ({e}): {}", FIX));
                continue;
            }
        };
        let fixture_path = format!("{FIXTURES}/{fixture}");
        let written = match fs::read(root.join(&fixture_path)) {
            Ok(bytes) => rewrite(&bytes),
            Err(e) => Err(format!("cannot read it: {e}")),
        };
        match written {
            Ok(value) => {
                for error in Validator::new(schema).errors(&value) {
                    problems.push(format!(
                        "{fixture_path}, decoded and written back, does not match \
                         {schema_path} at {error}: fix the type's serialization or its \
                         schema (`unipile-core`'s `schema` feature), then {}",
                        FIX
                    ));
                }
            }
            Err(e) => problems.push(format!("{fixture_path}: {e}")),
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use unipile_core::Message;

    /// The manifest names schema files that codegen writes, and types every fixture the
    /// schema check covers.
    #[test]
    fn every_typed_fixture_names_a_generated_schema() {
        let cases: Vec<_> = cases().collect();
        assert_eq!(cases.len(), 24, "the typed fixtures");
        for (fixture, schema, _) in cases {
            assert!(
                crate::reference::schema::FILES
                    .iter()
                    .any(|f| f.file == schema),
                "{fixture}: no generated schema `{schema}`"
            );
        }
    }

    /// What the SDK writes back from every typed fixture matches its committed schema.
    #[test]
    fn fixtures_written_back_match_their_schema() {
        let problems = check(&crate::workspace::root());
        assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    }

    /// The check can fail: a field the schema does not describe, or of the wrong type.
    #[test]
    fn a_written_form_the_schema_does_not_describe_is_caught() {
        let schema = crate::reference::schema::FILES
            .iter()
            .find(|f| f.file == "message.json")
            .map(|f| (f.schema)())
            .expect("message.json is generated");
        let message: Message =
            serde_json::from_str(r#"{"id":"m1","timestamp":"2023-09-24T13:49:07.965Z"}"#)
                .expect("a message");
        let mut value = serde_json::to_value(&message).expect("serialize");
        assert!(Validator::new(&schema).errors(&value).is_empty());

        let mut flag_as_number = value.clone();
        flag_as_number["seen"] = Value::from(1);
        assert_eq!(
            Validator::new(&schema).errors(&flag_as_number),
            ["$.seen: 1 is not of type \"boolean\""]
        );

        value["brand_new"] = Value::from("x");
        assert_eq!(
            Validator::new(&schema).errors(&value),
            ["$.brand_new: the schema does not describe this member"]
        );
    }
}
