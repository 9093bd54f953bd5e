//! JSON Schemas of the public response and webhook types, under `docs/reference/schema/`.

use crate::codegen::Expected;

/// Where the schemas are written, relative to the workspace root.
pub const DIR: &str = "docs/reference/schema";

/// The schema files, one per type.
pub fn files() -> Result<Vec<Expected>, String> {
    Ok(Vec::new())
}
