//! A JSON Schema (2020-12) validator for the keywords our generated schemas use, and no
//! more: a keyword it does not know is an error, never silently skipped.
//!
//! For our own schemas it is strict the way `"unevaluatedProperties": false` is: a member
//! of an object that no `properties` or `additionalProperties` of the schemas that matched
//! it describes is an error, so a field the SDK writes but the schema leaves out is caught.
//! For Unipile's published schemas ([`Validator::published`]) it tolerates members the
//! schema does not describe, as the official SDK's validators do, and knows the TypeBox
//! kinds the export spells out in `x-typebox-kind` (`tests/fixtures/published/README.md`).

use serde_json::Value;
use std::collections::BTreeSet;

/// Keywords that only annotate.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$defs",
    "title",
    "description",
    "default",
    "examples",
    "format",
    "$comment",
    "example",
    "contentEncoding",
];

/// A schema document, with its `$defs` for `$ref`.
pub struct Validator<'a> {
    root: &'a Value,
    /// Whether a member no schema describes is an error.
    strict: bool,
}

/// The members of an object that matching schemas described.
type Evaluated = BTreeSet<String>;

impl<'a> Validator<'a> {
    /// A validator for the schema document `root`.
    pub fn new(root: &'a Value) -> Self {
        Self { root, strict: true }
    }

    /// A validator for one of Unipile's published schemas: members it does not describe
    /// are allowed.
    pub fn published(root: &'a Value) -> Self {
        Self {
            root,
            strict: false,
        }
    }

    /// Every way `instance` fails the schema, each with the JSON path of the value.
    pub fn errors(&self, instance: &Value) -> Vec<String> {
        self.strict(self.root, instance, "$")
            .err()
            .unwrap_or_default()
    }

    /// Validates, then requires every member of an object to have been described.
    fn strict(&self, schema: &Value, instance: &Value, path: &str) -> Result<(), Vec<String>> {
        let evaluated = self.validate(schema, instance, path)?;
        let Value::Object(members) = instance else {
            return Ok(());
        };
        if !self.strict {
            return Ok(());
        }
        let undescribed: Vec<String> = members
            .keys()
            .filter(|key| !evaluated.contains(*key))
            .map(|key| format!("{path}.{key}: the schema does not describe this member"))
            .collect();
        finish((), undescribed)
    }

    fn validate(
        &self,
        schema: &Value,
        instance: &Value,
        path: &str,
    ) -> Result<Evaluated, Vec<String>> {
        let schema = match schema {
            Value::Bool(true) => return Ok(all_members(instance)),
            Value::Bool(false) => return Err(vec![format!("{path}: no value is allowed here")]),
            Value::Object(schema) => schema,
            other => return Err(vec![format!("{path}: `{other}` is not a schema")]),
        };
        let mut errors = Vec::new();
        let mut evaluated = Evaluated::new();
        for (keyword, value) in schema {
            let outcome = match keyword.as_str() {
                k if ANNOTATIONS.contains(&k) => {
                    if k == "format" && value == "date-time" {
                        date_time(instance, path)
                    } else {
                        Ok(Evaluated::new())
                    }
                }
                "type" => type_matches(value, instance, path),
                "const" => check(instance == value, || format!("{path}: is not {value}")),
                "enum" => check(
                    value.as_array().is_some_and(|all| all.contains(instance)),
                    || format!("{path}: {instance} is not one of {value}"),
                ),
                "minLength" => check(
                    instance
                        .as_str()
                        .zip(value.as_u64())
                        .is_none_or(|(text, min)| text.chars().count() as u64 >= min),
                    || format!("{path}: {instance} is shorter than {value} characters"),
                ),
                "pattern" => pattern(value, instance, path),
                "patternProperties" => self.pattern_properties(value, instance, path),
                "x-typebox-kind" => typebox_kind(value, instance, path),
                "minimum" => bound(instance, value, path, |i, b| i >= b, "less than"),
                "maximum" => bound(instance, value, path, |i, b| i <= b, "more than"),
                "required" => self.required(value, instance, path),
                "properties" => self.properties(value, instance, path),
                "additionalProperties" => self.additional(schema, value, instance, path),
                "items" => self.items(value, instance, path),
                "$ref" => self.reference(value, instance, path),
                "allOf" => self.all_of(value, instance, path),
                "anyOf" => self.some_of(value, instance, path, false),
                "oneOf" => self.some_of(value, instance, path, true),
                // Not strict: members the inner schema leaves undescribed must not make
                // it fail, and so make `not` pass.
                "not" => match self.validate(value, instance, path) {
                    Ok(_) => Err(vec![format!("{path}: matches a schema it must not match")]),
                    Err(_) => Ok(Evaluated::new()),
                },
                other => Err(vec![format!(
                    "{path}: the validator does not know the keyword `{other}`"
                )]),
            };
            match outcome {
                Ok(members) => evaluated.extend(members),
                Err(e) => errors.extend(e),
            }
        }
        finish(evaluated, errors)
    }

    fn required(
        &self,
        names: &Value,
        instance: &Value,
        path: &str,
    ) -> Result<Evaluated, Vec<String>> {
        let Value::Object(members) = instance else {
            return Ok(Evaluated::new());
        };
        let missing: Vec<String> = names
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|name| !members.contains_key(*name))
            .map(|name| format!("{path}: the required member `{name}` is missing"))
            .collect();
        finish(Evaluated::new(), missing)
    }

    fn properties(
        &self,
        properties: &Value,
        instance: &Value,
        path: &str,
    ) -> Result<Evaluated, Vec<String>> {
        let (Value::Object(properties), Value::Object(members)) = (properties, instance) else {
            return Ok(Evaluated::new());
        };
        let mut errors = Vec::new();
        let mut evaluated = Evaluated::new();
        for (name, schema) in properties {
            if let Some(value) = members.get(name) {
                evaluated.insert(name.clone());
                if let Err(e) = self.strict(schema, value, &format!("{path}.{name}")) {
                    errors.extend(e);
                }
            }
        }
        finish(evaluated, errors)
    }

    fn additional(
        &self,
        schema: &serde_json::Map<String, Value>,
        additional: &Value,
        instance: &Value,
        path: &str,
    ) -> Result<Evaluated, Vec<String>> {
        let Value::Object(members) = instance else {
            return Ok(Evaluated::new());
        };
        let declared = schema.get("properties").and_then(Value::as_object);
        let mut errors = Vec::new();
        let mut evaluated = Evaluated::new();
        for (name, value) in members {
            if declared.is_some_and(|d| d.contains_key(name)) {
                continue;
            }
            evaluated.insert(name.clone());
            if let Err(e) = self.strict(additional, value, &format!("{path}.{name}")) {
                errors.extend(e);
            }
        }
        finish(evaluated, errors)
    }

    /// `patternProperties`: each member whose name matches a pattern matches its schema.
    fn pattern_properties(
        &self,
        patterns: &Value,
        instance: &Value,
        path: &str,
    ) -> Result<Evaluated, Vec<String>> {
        let (Value::Object(patterns), Value::Object(members)) = (patterns, instance) else {
            return Ok(Evaluated::new());
        };
        let mut errors = Vec::new();
        let mut evaluated = Evaluated::new();
        for (source, schema) in patterns {
            let regex = match regex::Regex::new(source) {
                Ok(regex) => regex,
                Err(e) => return Err(vec![format!("{path}: bad pattern `{source}`: {e}")]),
            };
            for (name, value) in members.iter().filter(|(name, _)| regex.is_match(name)) {
                evaluated.insert(name.clone());
                if let Err(e) = self.strict(schema, value, &format!("{path}.{name}")) {
                    errors.extend(e);
                }
            }
        }
        finish(evaluated, errors)
    }

    fn items(
        &self,
        schema: &Value,
        instance: &Value,
        path: &str,
    ) -> Result<Evaluated, Vec<String>> {
        let Value::Array(items) = instance else {
            return Ok(Evaluated::new());
        };
        let errors: Vec<String> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.strict(schema, item, &format!("{path}[{i}]")).err())
            .flatten()
            .collect();
        finish(Evaluated::new(), errors)
    }

    fn reference(
        &self,
        target: &Value,
        instance: &Value,
        path: &str,
    ) -> Result<Evaluated, Vec<String>> {
        let schema = target
            .as_str()
            .and_then(|t| t.strip_prefix('#'))
            .and_then(|pointer| self.root.pointer(pointer))
            .ok_or_else(|| vec![format!("{path}: cannot resolve `$ref` {target}")])?;
        self.validate(schema, instance, path)
    }

    fn all_of(
        &self,
        schemas: &Value,
        instance: &Value,
        path: &str,
    ) -> Result<Evaluated, Vec<String>> {
        let mut errors = Vec::new();
        let mut evaluated = Evaluated::new();
        for schema in schemas.as_array().into_iter().flatten() {
            match self.validate(schema, instance, path) {
                Ok(members) => evaluated.extend(members),
                Err(e) => errors.extend(e),
            }
        }
        finish(evaluated, errors)
    }

    /// `anyOf`, or `oneOf` when `exactly_one`.
    fn some_of(
        &self,
        schemas: &Value,
        instance: &Value,
        path: &str,
        exactly_one: bool,
    ) -> Result<Evaluated, Vec<String>> {
        let mut matched = Vec::new();
        let mut failures = Vec::new();
        for (i, schema) in schemas.as_array().into_iter().flatten().enumerate() {
            match self.validate(schema, instance, path) {
                Ok(members) => matched.push(members),
                Err(e) => failures.push(format!("branch {i}: {}", e.join("; "))),
            }
        }
        match matched.len() {
            0 => Err(vec![format!(
                "{path}: matches no branch ({})",
                failures.join(" | ")
            )]),
            n if exactly_one && n > 1 => {
                Err(vec![format!("{path}: matches {n} branches of a `oneOf`")])
            }
            _ => Ok(matched.into_iter().flatten().collect()),
        }
    }
}

fn all_members(instance: &Value) -> Evaluated {
    match instance {
        Value::Object(members) => members.keys().cloned().collect(),
        _ => Evaluated::new(),
    }
}

/// `value` when nothing went wrong, else every error.
fn finish<T>(value: T, errors: Vec<String>) -> Result<T, Vec<String>> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(errors)
    }
}

fn check(ok: bool, message: impl FnOnce() -> String) -> Result<Evaluated, Vec<String>> {
    if ok {
        Ok(Evaluated::new())
    } else {
        Err(vec![message()])
    }
}

fn type_matches(expected: &Value, instance: &Value, path: &str) -> Result<Evaluated, Vec<String>> {
    let is = |name: &str| match name {
        "null" => instance.is_null(),
        "boolean" => instance.is_boolean(),
        "object" => instance.is_object(),
        "array" => instance.is_array(),
        "string" => instance.is_string(),
        "number" => instance.is_number(),
        "integer" => instance.is_i64() || instance.is_u64(),
        _ => false,
    };
    let ok = match expected {
        Value::String(name) => is(name),
        Value::Array(names) => names.iter().filter_map(Value::as_str).any(is),
        _ => false,
    };
    check(ok, || {
        format!("{path}: {instance} is not of type {expected}")
    })
}

fn bound(
    instance: &Value,
    limit: &Value,
    path: &str,
    within: fn(f64, f64) -> bool,
    word: &str,
) -> Result<Evaluated, Vec<String>> {
    match (instance.as_f64(), limit.as_f64()) {
        (Some(value), Some(limit)) => check(within(value, limit), || {
            format!("{path}: {value} is {word} {limit}")
        }),
        _ => Ok(Evaluated::new()),
    }
}

/// `pattern`, when the value is a string.
fn pattern(source: &Value, instance: &Value, path: &str) -> Result<Evaluated, Vec<String>> {
    let Some(text) = instance.as_str() else {
        return Ok(Evaluated::new());
    };
    match source.as_str().map(regex::Regex::new) {
        Some(Ok(regex)) => check(regex.is_match(text), || {
            format!("{path}: `{text}` does not match the pattern {source}")
        }),
        _ => Err(vec![format!("{path}: bad pattern {source}")]),
    }
}

/// The TypeBox kinds Unipile's SDK checks with a function, as the export describes them.
fn typebox_kind(kind: &Value, instance: &Value, path: &str) -> Result<Evaluated, Vec<String>> {
    let text = instance.as_str();
    match kind.as_str() {
        // Standard base64: a length that is a multiple of 4, `A-Z a-z 0-9 + /`, and at most
        // two `=` of padding at the end.
        Some("EncodedQueryCursor") => check(text.is_some_and(is_padded_base64), || {
            format!(
                "{path}: {instance} is not a padded standard base64 cursor (length a \
                 multiple of 4, `A-Z a-z 0-9 + /`, `=` padding)"
            )
        }),
        // What JavaScript's `toISOString()` prints: `YYYY-MM-DDTHH:MM:SS.sssZ`.
        Some("UTCDateTimeMs") => check(
            text.is_some_and(|t| {
                t.len() == 24
                    && t.ends_with('Z')
                    && t.as_bytes()[19] == b'.'
                    && chrono_like_rfc3339(t)
            }),
            || format!("{path}: {instance} is not a UTC time as `YYYY-MM-DDTHH:MM:SS.sssZ`"),
        ),
        // Checked by the `enum` beside it.
        Some("StringEnum") => Ok(Evaluated::new()),
        _ => Err(vec![format!(
            "{path}: the validator does not know the TypeBox kind {kind}"
        )]),
    }
}

fn is_padded_base64(text: &str) -> bool {
    let data = text.trim_end_matches('=');
    text.len().is_multiple_of(4)
        && text.len() - data.len() <= 2
        && data
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
}

/// An RFC 3339 date-time, when the value is a string.
fn date_time(instance: &Value, path: &str) -> Result<Evaluated, Vec<String>> {
    match instance.as_str() {
        Some(text) => check(chrono_like_rfc3339(text), || {
            format!("{path}: `{text}` is not an RFC 3339 date-time")
        }),
        None => Ok(Evaluated::new()),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, checked by shape.
fn chrono_like_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let fixed = digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && bytes.get(7) == Some(&b'-')
        && digits(8..10)
        && matches!(bytes.get(10), Some(b'T' | b't'))
        && digits(11..13)
        && bytes.get(13) == Some(&b':')
        && digits(14..16)
        && bytes.get(16) == Some(&b':')
        && digits(17..19);
    if !fixed {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(fraction.len());
        if end == 0 {
            return false;
        }
        rest = &fraction[end..];
    }
    matches!(rest, "Z" | "z")
        || (rest.len() == 6
            && matches!(rest.as_bytes()[0], b'+' | b'-')
            && rest.as_bytes()[3] == b':'
            && rest[1..3]
                .chars()
                .chain(rest[4..].chars())
                .all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn errors(schema: Value, instance: Value) -> Vec<String> {
        Validator::new(&schema).errors(&instance)
    }

    #[test]
    fn types_required_and_undescribed_members() {
        let schema = json!({
            "type": "object",
            "properties": { "id": { "type": "string" }, "n": { "type": ["integer", "null"] } },
            "required": ["id"],
        });
        assert!(errors(schema.clone(), json!({"id": "a", "n": null})).is_empty());
        assert_eq!(
            errors(schema.clone(), json!({"n": 1.5})),
            [
                "$.n: 1.5 is not of type [\"integer\",\"null\"]",
                "$: the required member `id` is missing"
            ]
        );
        assert_eq!(
            errors(schema, json!({"id": "a", "extra": 1})),
            ["$.extra: the schema does not describe this member"]
        );
    }

    #[test]
    fn refs_branches_and_members_described_by_any_matching_schema() {
        let schema = json!({
            "$defs": { "Img": { "type": "object", "properties": { "w": { "minimum": 0 } } } },
            "oneOf": [
                { "allOf": [{ "$ref": "#/$defs/Img" }], "properties": { "type": { "const": "img" } }, "required": ["type"] },
                { "type": "object", "properties": { "type": { "not": { "enum": ["img"] } } }, "additionalProperties": true },
            ],
        });
        assert!(errors(schema.clone(), json!({"type": "img", "w": 3})).is_empty());
        assert!(errors(schema.clone(), json!({"type": "gif", "anything": [1]})).is_empty());
        let bad = errors(schema.clone(), json!({"type": "img", "w": -1}));
        assert!(bad[0].contains("-1 is less than 0"), "{bad:?}");
        let bad = errors(schema, json!({"type": "img", "h": 3}));
        assert!(
            bad[0].contains("$.h: the schema does not describe this member"),
            "{bad:?}"
        );
    }

    #[test]
    fn published_schemas_allow_undescribed_members_and_know_typebox_kinds() {
        let schema = json!({
            "type": "object",
            "required": ["cursor", "id"],
            "properties": {
                "cursor": { "anyOf": [
                    { "type": "string", "contentEncoding": "base64",
                      "x-typebox-kind": "EncodedQueryCursor" },
                    { "type": "null" } ] },
                "at": { "type": "string", "format": "date-time",
                        "pattern": "^\\d{4}-.*Z$", "x-typebox-kind": "UTCDateTimeMs" },
                "id": { "type": "string", "minLength": 1 },
                "seen_by": { "type": "object",
                             "patternProperties": { "^(.*)$": { "type": "boolean" } } }
            }
        });
        let valid = json!({"cursor": "eyJhIjoxfQ==", "id": "x", "extra": 1,
                           "at": "2025-06-02T09:29:27.702Z", "seen_by": {"u": true}});
        assert!(Validator::published(&schema).errors(&valid).is_empty());
        assert_eq!(
            Validator::new(&schema).errors(&valid),
            ["$.extra: the schema does not describe this member"]
        );
        let invalid = json!({"cursor": "eyJhIjoxfQ", "id": "",
                             "at": "2025-06-02T09:29:27Z", "seen_by": {"u": 1}});
        let errors = Validator::published(&schema).errors(&invalid);
        assert_eq!(errors.len(), 4, "{errors:?}");
        for path in ["$.cursor", "$.id", "$.at", "$.seen_by.u"] {
            assert!(
                errors.iter().any(|e| e.starts_with(path)),
                "{path}: {errors:?}"
            );
        }
    }

    #[test]
    fn date_times_and_unknown_keywords() {
        let schema = json!({ "type": "string", "format": "date-time" });
        assert!(errors(schema.clone(), json!("2023-09-24T13:49:07.965Z")).is_empty());
        assert!(errors(schema.clone(), json!("2023-09-24T13:49:07+02:00")).is_empty());
        assert_eq!(
            errors(schema, json!("1695563347965")),
            ["$: `1695563347965` is not an RFC 3339 date-time"]
        );
        assert_eq!(
            errors(json!({ "propertyNames": {} }), json!("a")),
            ["$: the validator does not know the keyword `propertyNames`"]
        );
    }
}
