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
    #[serde(default = "Vec::new", deserialize_with = "page_items")]
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

/// The most items a page's list starts with room for: above any page size the API allows.
const MOST_ITEMS_EXPECTED: usize = 1_000;

thread_local! {
    /// How many items the last page decoded on this thread held.
    static LAST_PAGE_ITEMS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A page's items (`null` reads as none), in a list that starts with room for as many
/// items as the last page decoded on this thread: the pages of a walk hold as many items
/// each, and a list growing from empty would move every item decoded so far about eight
/// times a page (a message is some 800 bytes). A list left more than half empty gives its
/// spare room back, so a short page after a long one holds no more than it needs.
fn page_items<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Items<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Items<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
            d.deserialize_seq(self)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let expected = LAST_PAGE_ITEMS.with(std::cell::Cell::get);
            let room = seq.size_hint().unwrap_or(expected).min(MOST_ITEMS_EXPECTED);
            let mut items = Vec::with_capacity(room);
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            LAST_PAGE_ITEMS.with(|last| last.set(items.len()));
            if items.len() < items.capacity() / 2 {
                items.shrink_to_fit();
            }
            Ok(items)
        }
    }
    d.deserialize_option(Items(std::marker::PhantomData))
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

/// The cursor of a page body, read from its raw bytes without decoding the page: for
/// the next page's request to leave while this page is decoded.
///
/// `Some` only when the body, if it decodes at all, decodes to a [`Page`] with exactly
/// this cursor: the body is an object whose last member is `"cursor"` with a non-empty
/// string holding no escape (so its text is its value). Any other shape (no cursor, `null`,
/// a number, an escape, the cursor not last) gives `None`, and the caller waits for the
/// decoded page. A body that does not decode has no page and so no cursor: the caller
/// must still decode it and follow only a decoded page's cursor.
///
/// ```
/// use unipile_core::Cursor;
/// use unipile_core::model::page::peek_cursor;
///
/// let body = br#"{"object":"MessageList","items":[{"id":"m1"}],"cursor":"eyJsIjo="}"#;
/// assert_eq!(peek_cursor(body), Some(Cursor::new("eyJsIjo=")));
/// // The last page, or a shape it does not read for sure: decode to know.
/// assert_eq!(peek_cursor(br#"{"items":[],"cursor":null}"#), None);
/// assert_eq!(peek_cursor(br#"{"cursor":"a\"b"}"#), None);
/// ```
pub fn peek_cursor(body: &[u8]) -> Option<Cursor> {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let start = body.iter().position(|b| !is_space(b))?;
    if body[start] != b'{' {
        return None;
    }
    let mut end = body.iter().rposition(|b| !is_space(b))?;
    // The document's last byte closes the root object, so the member just before it is
    // the root's last member: `"cursor" : "value"`, read backwards.
    if end <= start || body[end] != b'}' {
        return None;
    }
    let trim_back = |mut i: usize| {
        while i > start && is_space(&body[i - 1]) {
            i -= 1;
        }
        i
    };
    // The value: a string whose closing quote comes right before the brace.
    end = trim_back(end);
    if body[end - 1] != b'"' {
        return None;
    }
    let close = end - 1;
    let open = body[start..close].iter().rposition(|&b| b == b'"')? + start;
    let value = &body[open + 1..close];
    // No escape inside (so no quote in it either) and no control character: the raw text
    // is the value.
    if value.is_empty() || value.iter().any(|&b| b == b'\\' || b < 0x20) {
        return None;
    }
    // Before the value's opening quote (which no backslash escapes: none is in the value
    // and the byte before it must be the colon): `"cursor"`, then `{` or `,`.
    let colon = trim_back(open);
    if colon == start || body[colon - 1] != b':' {
        return None;
    }
    let key_end = trim_back(colon - 1);
    let key = b"\"cursor\"";
    if key_end < start + key.len() || &body[key_end - key.len()..key_end] != key {
        return None;
    }
    let before_key = trim_back(key_end - key.len());
    if before_key == 0 || !matches!(body[before_key - 1], b',' | b'{') {
        return None;
    }
    let text = std::str::from_utf8(value).ok()?;
    Some(Cursor::new(text))
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

    /// What decoding gives as the cursor, when the body decodes.
    fn decoded(body: &str) -> Option<Option<Cursor>> {
        serde_json::from_str::<Page<serde_json::Value>>(body)
            .ok()
            .map(|p| p.cursor)
    }

    #[test]
    fn items_start_with_the_room_of_the_last_page_and_keep_no_more_than_needed() {
        let page = |n: usize| {
            let items = vec!["1"; n].join(",");
            serde_json::from_str::<Page<u8>>(&format!(r#"{{"items":[{items}],"cursor":null}}"#))
                .expect("a page")
        };
        let long = page(250);
        assert_eq!(long.items.len(), 250);
        let next = page(250);
        assert_eq!(next.items, vec![1; 250]);
        assert_eq!(
            next.items.capacity(),
            250,
            "room for the whole page at once"
        );
        let short = page(3);
        assert_eq!(short.items, vec![1; 3]);
        assert!(short.items.capacity() < 250, "{}", short.items.capacity());
        for absent in [r#"{"items":null}"#, r#"{"cursor":"c"}"#, r#"{"items":[]}"#] {
            let page: Page<u8> = serde_json::from_str(absent).expect(absent);
            assert!(page.items.is_empty(), "{absent}");
        }
        let err = serde_json::from_str::<Page<u8>>(r#"{"items":7}"#).expect_err("a number");
        assert!(err.to_string().contains("expected a sequence"), "{err}");
    }

    #[test]
    fn a_cursor_peeked_is_the_one_decoding_gives() {
        let sure = [
            (
                r#"{"object":"MessageList","items":[{"cursor":"x"}],"cursor":"abc"}"#,
                "abc",
            ),
            ("{\"items\":[] , \"cursor\" :\t\"a=b/c+\" }\n", "a=b/c+"),
            (r#"{"cursor":"only"}"#, "only"),
            (r#"{"items":["\"cursor\":\"no\""],"cursor":"yes"}"#, "yes"),
            (r#"{"items":[],"cursor":"é😄"}"#, "é😄"),
        ];
        for (body, cursor) in sure {
            assert_eq!(
                peek_cursor(body.as_bytes()),
                Some(Cursor::new(cursor)),
                "{body}"
            );
            assert_eq!(decoded(body), Some(Some(Cursor::new(cursor))), "{body}");
        }
        // Not sure, or no cursor: the decoded page says.
        let unsure = [
            r#"{"items":[],"cursor":null}"#,
            r#"{"items":[],"cursor":""}"#,
            r#"{"items":[],"cursor":12}"#,
            r#"{"items":[],"cursor":"a\"b"}"#,
            r#"{"items":[],"cursor":"a\\b"}"#,
            r#"{"items":[],"cursor":"\u0041"}"#,
            r#"{"cursor":"abc","items":[]}"#,
            r#"{"items":[],"xcursor":"abc"}"#,
            r#"{"items":[],"a\"cursor":"abc"}"#,
            r#"{"items":{"cursor":"abc"}}"#,
            r#"["cursor","abc"]"#,
            r#"{"items":["x"], "cursor":"abc"]"#,
            r#""cursor":"abc"}"#,
            "",
            "}",
            r#"{""}"#,
        ];
        for body in unsure {
            assert_eq!(peek_cursor(body.as_bytes()), None, "{body}");
        }
        // A body that does not decode may still show a cursor: only a decoded page's
        // cursor is followed.
        let broken = r#"{"items":[{"id":1}],"items":[],"cursor":"abc"}"#;
        assert_eq!(peek_cursor(broken.as_bytes()), Some(Cursor::new("abc")));
        assert_eq!(decoded(broken), None);
    }

    /// A JSON text for one member value: a string of tricky characters, a number, `null`,
    /// or an object or array holding a `cursor` of its own.
    fn value_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let text = "[a-c\"\\\\é{}:, ]{0,6}";
        let json = |s: String| serde_json::to_string(&s).expect("a string");
        prop_oneof![
            text.prop_map(json),
            text.prop_map(move |s| format!("{{\"cursor\":{}}}", json(s))),
            text.prop_map(move |s| format!("[{}]", json(s))),
            Just("null".to_owned()),
            Just("12".to_owned()),
        ]
    }

    proptest::proptest! {
        /// Whatever the members, their order, duplicates and spacing: a cursor peeked is
        /// the one the page decodes to, or the body does not decode.
        #[test]
        fn a_peeked_cursor_never_differs_from_the_decoded_one(
            members in proptest::collection::vec(
                (proptest::sample::select(vec!["cursor", "items", "object", "a\"cursor", "x"]),
                 value_text()),
                0..5,
            ),
            space in "[ \n]{0,2}",
        ) {
            let body = format!(
                "{{{}}}",
                members
                    .iter()
                    .map(|(key, value)| {
                        let key = serde_json::to_string(key).expect("a key");
                        format!("{space}{key}{space}:{space}{value}{space}")
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            );
            if let Some(cursor) = peek_cursor(body.as_bytes()) {
                let decoded = decoded(&body);
                proptest::prop_assert!(
                    decoded.is_none() || decoded == Some(Some(cursor.clone())),
                    "{} peeked {:?}, decoded {:?}", body, cursor, decoded
                );
            }
        }
    }

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
