//! One page of a list, and why a walk over the pages stopped ([`Done`]); the
//! paginator that walks them is the client's.

use crate::model::id::Cursor;
use serde::{Deserialize, Serialize};

/// One page of a list: `{"object": "…List", "items": […], "cursor": "…" | null}`.
///
/// A `null` (or missing) cursor means there are no more pages.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>", serialize = "T: Serialize"))]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page, in the order the API sent them.
    #[serde(
        default = "Vec::new",
        deserialize_with = "crate::model::lenient::null_as_default"
    )]
    pub items: Vec<T>,
    /// The cursor of the next page, if there is one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_cursor"
    )]
    pub cursor: Option<Cursor>,
}

impl<T> Page<T> {
    /// A page of `items` followed by `cursor`.
    pub fn new(items: Vec<T>, cursor: Option<Cursor>) -> Self {
        Self { items, cursor }
    }
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Self::new(Vec::new(), None)
    }
}

/// The list cursor is documented as `{} | null`: anything but a non-empty string means
/// "no more pages".
fn opt_cursor<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Cursor>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(i64),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Option::<Raw>::deserialize(d)? {
        Some(Raw::Text(s)) if !s.is_empty() => Some(Cursor::new(s)),
        Some(Raw::Number(n)) => Some(Cursor::new(n.to_string())),
        _ => None,
    })
}

/// Why the walk stopped.
///
/// Only [`Done::LastPage`] (a `null` cursor, the one end the API documents) is a
/// complete walk; every other reason leaves pages that may hold items never fetched,
/// and [`Done::is_complete`] is `false` for them.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Done {
    /// The page's cursor was `null`: the list has no more pages.
    LastPage,
    /// Too many empty pages in a row still carried a cursor (the cap is set with
    /// `Paginator::with_max_empty_pages`): the walk gave up following them. Incomplete:
    /// the cursor may still lead to items.
    EmptyPages {
        /// How many empty pages came in a row.
        count: u32,
        /// The cursor of the last of them.
        cursor: Cursor,
    },
    /// The page's cursor had already been followed: the next page would be one already
    /// fetched. Incomplete: the server may have more that this walk cannot reach.
    RepeatedCursor(Cursor),
    /// The cap set with `Paginator::with_max_pages` (in the client) was reached. The
    /// cursor resumes the walk where it stopped. Incomplete.
    MaxPages(Cursor),
}

impl Done {
    /// Whether every page the server would give was fetched: true only after a `null`
    /// cursor. A sync pass moves its checkpoint only then.
    pub fn is_complete(&self) -> bool {
        matches!(self, Done::LastPage)
    }

    /// The same as [`Done::is_complete`]: true only after a `null` cursor.
    pub fn reached_end(&self) -> bool {
        self.is_complete()
    }

    /// A short, stable name for the reason: `last_page`, `empty_pages`,
    /// `repeated_cursor` or `max_pages` (for reports and JSON output).
    pub fn reason(&self) -> &'static str {
        match self {
            Done::LastPage => "last_page",
            Done::EmptyPages { .. } => "empty_pages",
            Done::RepeatedCursor(_) => "repeated_cursor",
            Done::MaxPages(_) => "max_pages",
        }
    }
}

impl std::fmt::Display for Done {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Done::LastPage => f.write_str("the last page (a null cursor)"),
            Done::EmptyPages { count, .. } => write!(
                f,
                "{count} empty pages in a row that still had a cursor (the cap)"
            ),
            Done::RepeatedCursor(_) => f.write_str("a cursor the walk had already followed"),
            Done::MaxPages(_) => f.write_str("the page cap"),
        }
    }
}

/// `schemars::JsonSchema`, written by hand for this serde of its own (feature `schema`).
#[cfg(feature = "schema")]
mod json_schema {
    use super::Page;
    use crate::model::schema::schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    impl<T: JsonSchema> JsonSchema for Page<T> {
        fn schema_name() -> Cow<'static, str> {
            format!("{}Page", T::schema_name()).into()
        }

        fn schema_id() -> Cow<'static, str> {
            format!("unipile_core::model::page::Page<{}>", T::schema_id()).into()
        }

        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let items = generator.subschema_for::<T>();
            json_schema!({
                "description": format!(
                    "One page of a list of {}: the items, and the cursor of the next page when \
                     there is one (no cursor: the last page). Unipile's list bodies also carry \
                     an `object` tag (`MessageList`…), which the SDK reads and ignores.",
                    T::schema_name()
                ),
                "type": "object",
                "properties": {
                    "items": {
                        "description": "The items of this page, in the order the API sent them.",
                        "type": "array",
                        "items": items,
                    },
                    "cursor": {
                        "description": "The cursor of the next page, sent back as-is to get it.",
                        "type": "string",
                    },
                },
                "required": ["items"],
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_null_empty_or_object_means_last_page() {
        for json in [
            r#"{"object":"ChatList","items":[1],"cursor":null}"#,
            r#"{"object":"ChatList","items":[1]}"#,
            r#"{"object":"ChatList","items":[1],"cursor":""}"#,
            r#"{"object":"ChatList","items":[1],"cursor":{}}"#,
        ] {
            let page: Page<u8> = serde_json::from_str(json).expect(json);
            assert_eq!(page.cursor, None, "{json}");
            assert_eq!(page.items, vec![1]);
        }
        let page: Page<u8> =
            serde_json::from_str(r#"{"items":null,"cursor":"abc"}"#).expect("null items");
        assert!(page.items.is_empty());
        assert_eq!(page.cursor, Some(Cursor::new("abc")));
    }
}
