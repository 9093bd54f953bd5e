//! One page of a list, and (with the paginator) how to walk every page.

use crate::id::Cursor;
use serde::{Deserialize, Serialize};

mod paginator;

pub use paginator::{Done, Paginator, Step};

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
        deserialize_with = "crate::lenient::null_as_default"
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
