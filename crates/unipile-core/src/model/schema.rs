//! JSON Schemas of the response and webhook types (feature `schema`).
//!
//! With the `schema` feature, the response and webhook types implement
//! [`schemars::JsonSchema`], and [`root_schema`] gives the schema of one of them. A schema
//! describes what the type *serializes* to: flags as booleans, timestamps as RFC 3339
//! strings, ids as strings. Reading is looser (see [`LENIENT_READING`]), so a payload
//! from Unipile may decode fine without matching the schema; what the SDK writes back
//! always matches it.
//!
//! Open enums stay open in the schema: a string enum is a string with its known values
//! listed as `examples`, an integer code an integer with its known codes described,
//! never a closed `enum`, since a value Unipile adds later is valid. Ids are strings.
//!
//! ```
//! use unipile_core::{Message, model::schema};
//! let schema = schema::root_schema::<Message>();
//! let required = schema.get("required").and_then(|r| r.as_array()).unwrap();
//! assert!(required.iter().any(|field| field == "timestamp"));
//! ```
//!
//! The reference docs carry the generated schemas (`docs/reference/schema/`).

use schemars::generate::SchemaSettings;
use schemars::transform::{RecursiveTransform, Transform};
use schemars::{JsonSchema, Schema, json_schema};
use serde_json::{Value, json};

#[doc(hidden)]
pub use schemars;

/// What the SDK accepts when it reads, beyond what the schemas describe. Every root
/// schema's description ends with it.
pub const LENIENT_READING: &str = "This schema describes what the SDK's types serialize \
to. When reading Unipile's JSON the SDK also accepts looser forms: flags as 0/1 or \
\"true\"/\"false\", numbers, codes and ids as numeric strings (or numbers), timestamps as \
epoch milliseconds, a single object where a list is expected, and null for an empty list \
or string. Fields it does not know are ignored.";

/// The schema of `T` as a standalone document: JSON Schema 2020-12, describing what `T`
/// serializes to, with the types it uses under `$defs` and [`LENIENT_READING`] at the end
/// of its description.
pub fn root_schema<T: JsonSchema>() -> Schema {
    let generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<T>();
    RecursiveTransform(|subschema: &mut Schema| {
        if let Some(Value::String(text)) = subschema.get_mut("description") {
            *text = plain_description(text);
        }
    })
    .transform(&mut schema);
    let object = schema.ensure_object();
    let description = match object.get("description").and_then(Value::as_str) {
        Some(own) => format!("{own}\n\n{LENIENT_READING}"),
        None => LENIENT_READING.to_owned(),
    };
    object.insert("description".into(), description.into());
    schema
}

/// A doc comment as a schema description: code examples dropped, the lines of each
/// paragraph joined, and rustdoc links (`` [`Message::event`] ``, `[text](path)`) reduced to
/// their text, since none of them mean anything outside the Rust docs.
fn plain_description(doc: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut in_code = false;
    for line in doc.lines() {
        let line = line.trim();
        if line.starts_with("```") {
            in_code = !in_code;
        } else if in_code {
        } else if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs
        .iter()
        .map(|p| without_links(p))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `[text]` and `[text](target)` outside code spans become `text`.
fn without_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut in_code = false;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        } else if c == '['
            && !in_code
            && let Some(close) = rest.find(']')
        {
            let inner = &rest[1..close];
            let mut after = &rest[close + 1..];
            if after.starts_with('(')
                && let Some(end) = after.find(')')
            {
                after = &after[end + 1..];
            }
            out.push_str(inner);
            rest = after;
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Adds the `object` member that `#[serde(tag = "object")]` writes first (`"object":
/// "Message"`), which the derive leaves out. Use it as
/// `#[schemars(transform = ObjectTag("Message"))]`, with the same name as serde's `rename`.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct ObjectTag(pub &'static str);

impl Transform for ObjectTag {
    fn transform(&mut self, schema: &mut Schema) {
        let object = schema.ensure_object();
        let tag = json!({
            "description": format!("The kind of object: always `{}`.", self.0),
            "type": "string",
            "const": self.0,
        });
        if let Some(Value::Object(properties)) = object.get_mut("properties") {
            properties.insert("object".into(), tag);
        } else {
            object.insert("properties".into(), json!({ "object": tag }));
        }
        match object.get_mut("required") {
            Some(Value::Array(required)) => required.insert(0, "object".into()),
            _ => {
                object.insert("required".into(), json!(["object"]));
            }
        }
    }
}

/// The schema of an id: any string (some providers' ids are numeric, and are written as
/// their decimal text).
#[doc(hidden)]
pub fn string_id() -> Schema {
    json_schema!({ "type": "string" })
}

/// The schema of an open string enum: a string, with the known values as `examples`.
#[doc(hidden)]
pub fn open_string_enum(known: &[&str]) -> Schema {
    let listed: Vec<String> = known.iter().map(|v| format!("`{v}`")).collect();
    json_schema!({
        "type": "string",
        "description": format!(
            "Known values: {}. Any other string is valid too: a value Unipile adds later is \
             kept as sent.",
            listed.join(", ")
        ),
        "examples": known,
    })
}

/// The schema of an open integer enum: an integer, with the known codes described.
#[doc(hidden)]
pub fn open_int_enum(known: &[(i64, &str)]) -> Schema {
    let listed: Vec<String> = known
        .iter()
        .map(|(code, name)| format!("`{code}` ({name})"))
        .collect();
    let codes: Vec<i64> = known.iter().map(|(code, _)| *code).collect();
    json_schema!({
        "type": "integer",
        "description": format!(
            "Known codes: {}. Any other integer is valid too: a code Unipile adds later is \
             kept as sent.",
            listed.join(", ")
        ),
        "examples": codes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_lose_code_wraps_and_links() {
        let doc = "The kind, see [`Message::event`] and\n[the docs](crate::model::event_type).\n\n\
                   ```\nlet x = [1];\n\n```\nKept: `[1]` stays.";
        assert_eq!(
            plain_description(doc),
            "The kind, see `Message::event` and the docs.\n\nKept: `[1]` stays."
        );
    }
}
