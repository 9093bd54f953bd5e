//! List queries: `limit`, `before`/`after`, filters and opaque cursors, as the v1 API
//! validates them, and the walk that cuts one page out of a newest-first index.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use crate::api_error::ApiFailure;

/// The position of an item in a newest-first index: its time in milliseconds since the
/// epoch, then a sequence number unique across the fake (ties on time never collide).
pub(crate) type Key = (i64, u64);

/// The default page size of every list.
pub(crate) const DEFAULT_LIMIT: usize = 100;
/// The largest page size the API accepts (core's [`unipile_core::request::MAX_LIMIT`]).
pub(crate) const MAX_LIMIT: usize = unipile_core::request::MAX_LIMIT as usize;

/// The filters a list honours. They travel inside the cursor, so later pages need only
/// `cursor` and `limit`.
#[derive(Clone, PartialEq, Eq, Default, Debug, Serialize, Deserialize)]
pub(crate) struct Filters {
    #[serde(default, rename = "a", skip_serializing_if = "Vec::is_empty")]
    pub(crate) account_ids: Vec<String>,
    #[serde(default, rename = "s", skip_serializing_if = "Option::is_none")]
    pub(crate) sender_id: Option<String>,
    #[serde(default, rename = "t", skip_serializing_if = "Option::is_none")]
    pub(crate) account_type: Option<String>,
    #[serde(default, rename = "u", skip_serializing_if = "Option::is_none")]
    pub(crate) unread: Option<bool>,
    /// Exclusive upper bound on the item time, in milliseconds.
    #[serde(default, rename = "b", skip_serializing_if = "Option::is_none")]
    pub(crate) before: Option<i64>,
    /// Exclusive lower bound on the item time, in milliseconds.
    #[serde(default, rename = "f", skip_serializing_if = "Option::is_none")]
    pub(crate) after: Option<i64>,
}

/// What a cursor holds: the list it belongs to, its filters and the last key served.
#[derive(Serialize, Deserialize)]
struct CursorState {
    #[serde(rename = "l")]
    list: String,
    #[serde(rename = "q")]
    filters: Filters,
    #[serde(rename = "k")]
    last: Key,
    /// Tells apart two cursors of the same position (an empty page's cursor from the one
    /// that asked for it).
    #[serde(default, rename = "n", skip_serializing_if = "is_zero")]
    nonce: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// One of Unipile's paging quirks, for the fake to play on a list request (scripted with
/// the list faults of [`FaultKind`](crate::FaultKind)).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ListQuirk {
    /// No items, and a cursor that resumes where this request started.
    EmptyPage,
    /// The page, with the cursor this request sent (on a first page: no quirk).
    RepeatCursor,
    /// The page starts with the last `n` items of the previous page.
    RepeatItems(usize),
}

/// A validated list query.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct ListQuery {
    pub(crate) limit: usize,
    pub(crate) filters: Filters,
    /// The key of the last item of the previous page (exclusive), when a cursor was sent.
    pub(crate) after_key: Option<Key>,
    /// Names the list this query pages through, so a cursor of one list is refused by
    /// another (`"/chats/{id}/messages"` plus the id, say).
    list: String,
    /// The cursor sent, as sent, and its nonce.
    sent_cursor: Option<(String, u64)>,
    /// The quirk to play on this page, if any.
    quirk: Option<ListQuirk>,
}

/// Which filters a list accepts; any other query parameter is ignored, as the API does.
#[derive(Clone, Copy, Default)]
pub(crate) struct Accepts {
    pub(crate) account_id: bool,
    pub(crate) account_id_list: bool,
    pub(crate) sender_id: bool,
    pub(crate) account_type: bool,
    pub(crate) unread: bool,
    pub(crate) dates: bool,
}

const ACCOUNT_TYPES: &[&str] = &[
    "WHATSAPP",
    "LINKEDIN",
    "SLACK",
    "TWITTER",
    "MESSENGER",
    "INSTAGRAM",
    "TELEGRAM",
];

impl ListQuery {
    /// Parses and validates `query` for the list named `list`.
    pub(crate) fn parse(
        query: &[(String, String)],
        list: String,
        accepts: Accepts,
    ) -> Result<ListQuery, ApiFailure> {
        let get = |key: &str| {
            query
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let limit = match get("limit") {
            None => DEFAULT_LIMIT,
            Some(text) => match text.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(ApiFailure::invalid_parameter(
                        "limit",
                        format!("must be an integer from 1 to {MAX_LIMIT}, got {text:?}"),
                    ));
                }
            },
        };
        if let Some(cursor) = get("cursor") {
            // Like the real API, a cursor carries the filters: other parameters are ignored.
            let state = decode_cursor(cursor)
                .filter(|s| s.list == list)
                .ok_or_else(|| {
                    ApiFailure::invalid_parameter("cursor", "is not a cursor of this list")
                })?;
            return Ok(ListQuery {
                limit,
                filters: state.filters,
                after_key: Some(state.last),
                list,
                sent_cursor: Some((cursor.to_owned(), state.nonce)),
                quirk: None,
            });
        }
        let mut filters = Filters::default();
        if accepts.account_id
            && let Some(ids) = get("account_id")
        {
            filters.account_ids = if accepts.account_id_list {
                ids.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            } else {
                vec![ids.to_owned()]
            };
            if filters.account_ids.is_empty() || ids.is_empty() {
                return Err(ApiFailure::invalid_parameter("account_id", "is empty"));
            }
        }
        if accepts.sender_id
            && let Some(sender) = get("sender_id")
        {
            if sender.is_empty() {
                return Err(ApiFailure::invalid_parameter("sender_id", "is empty"));
            }
            filters.sender_id = Some(sender.to_owned());
        }
        if accepts.account_type
            && let Some(kind) = get("account_type")
        {
            if !ACCOUNT_TYPES.contains(&kind) {
                return Err(ApiFailure::invalid_parameter(
                    "account_type",
                    format!("must be one of {}, got {kind:?}", ACCOUNT_TYPES.join(", ")),
                ));
            }
            filters.account_type = Some(kind.to_owned());
        }
        if accepts.unread
            && let Some(flag) = get("unread")
        {
            filters.unread = Some(match flag {
                "true" | "1" => true,
                "false" | "0" => false,
                _ => {
                    return Err(ApiFailure::invalid_parameter(
                        "unread",
                        format!("must be true or false, got {flag:?}"),
                    ));
                }
            });
        }
        if accepts.dates {
            filters.before = get("before").map(|t| parse_date("before", t)).transpose()?;
            filters.after = get("after").map(|t| parse_date("after", t)).transpose()?;
        }
        Ok(ListQuery {
            limit,
            filters,
            after_key: None,
            list,
            sent_cursor: None,
            quirk: None,
        })
    }

    /// The exclusive upper key to start the newest-first walk from.
    pub(crate) fn start_below(&self) -> Key {
        let mut bound = (i64::MAX, u64::MAX);
        if let Some(before) = self.filters.before {
            bound = bound.min((before, 0));
        }
        if let Some(last) = self.after_key {
            bound = bound.min(last);
        }
        bound
    }

    /// Cuts one page out of `items`, newest first, whose keys are all below
    /// [`ListQuery::start_below`]; `keep` is the per-item filter. Returns the page and the
    /// cursor of the next one (`None` on the last page).
    pub(crate) fn page<T>(
        &self,
        items: impl Iterator<Item = (Key, T)>,
        mut keep: impl FnMut(&T) -> bool,
    ) -> (Vec<T>, Option<String>) {
        match (self.quirk, &self.sent_cursor) {
            (Some(ListQuirk::EmptyPage), sent) => {
                let nonce = sent.as_ref().map_or(0, |(_, n)| *n) + 1;
                return (Vec::new(), Some(self.cursor_at(self.start_below(), nonce)));
            }
            (Some(ListQuirk::RepeatCursor), Some((sent, _))) => {
                let (page, _) = self.without_quirk().page(items, keep);
                return (page, Some(sent.clone()));
            }
            _ => {}
        }
        let mut page = Vec::with_capacity(self.limit.min(64));
        let mut last = None;
        for (key, item) in items {
            if self.filters.after.is_some_and(|after| key.0 <= after) {
                return (page, None);
            }
            if !keep(&item) {
                continue;
            }
            if page.len() == self.limit {
                return (page, last.map(|k| self.cursor(k)));
            }
            last = Some(key);
            page.push(item);
        }
        (page, None)
    }

    /// This query, playing `quirk` on its page.
    pub(crate) fn with_quirk(&self, quirk: Option<ListQuirk>) -> ListQuery {
        ListQuery {
            quirk,
            ..self.clone()
        }
    }

    fn without_quirk(&self) -> ListQuery {
        self.with_quirk(None)
    }

    fn cursor(&self, last: Key) -> String {
        self.cursor_at(last, 0)
    }

    fn cursor_at(&self, last: Key, nonce: u64) -> String {
        let state = CursorState {
            list: self.list.clone(),
            filters: self.filters.clone(),
            last,
            nonce,
        };
        STANDARD.encode(serde_json::to_vec(&state).unwrap_or_default())
    }
}

/// A cursor is standard, padded base64 (`A-Z a-z 0-9 + /`, `=` padding), as Unipile's
/// published types require. A `+` sent unencoded in a query arrives as a space (form
/// encoding): it is read back as the `+` it was.
fn decode_cursor(text: &str) -> Option<CursorState> {
    let bytes = STANDARD.decode(text.replace(' ', "+")).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Parses `YYYY-MM-DDTHH:MM:SS.sssZ` (exactly that form) into milliseconds.
pub(crate) fn parse_date(name: &str, text: &str) -> Result<i64, ApiFailure> {
    let bad = || {
        ApiFailure::invalid_parameter(
            name,
            format!("must be an ISO 8601 UTC datetime YYYY-MM-DDTHH:MM:SS.sssZ, got {text:?}"),
        )
    };
    let b = text.as_bytes();
    let shape_ok = b.len() == 24
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'.',
            23 => *c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(bad());
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|d| d.timestamp_millis())
        .map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn all() -> Accepts {
        Accepts {
            account_id: true,
            account_id_list: true,
            sender_id: true,
            account_type: true,
            unread: true,
            dates: true,
        }
    }

    #[test]
    fn limit_defaults_to_100_and_must_be_1_to_250() {
        let parsed = ListQuery::parse(&q(&[]), "l".into(), all()).expect("ok");
        assert_eq!(parsed.limit, 100);
        for bad in ["0", "251", "-1", "ten", ""] {
            let err =
                ListQuery::parse(&q(&[("limit", bad)]), "l".into(), all()).expect_err("refused");
            assert_eq!(err.status, 400);
            assert_eq!(err.error_type, "errors/invalid_parameters");
            assert!(err.detail.as_deref().unwrap_or("").contains("limit"));
        }
        assert!(ListQuery::parse(&q(&[("limit", "250")]), "l".into(), all()).is_ok());
    }

    #[test]
    fn dates_must_have_the_exact_form() {
        assert_eq!(
            parse_date("before", "2025-12-31T23:59:59.999Z").expect("ok"),
            1_767_225_599_999
        );
        for bad in [
            "2025-12-31T23:59:59Z",
            "2025-12-31T23:59:59.999+00:00",
            "2025-12-31 23:59:59.999Z",
            "2025-13-31T23:59:59.999Z",
        ] {
            let err = parse_date("after", bad).expect_err("refused");
            assert!(
                err.detail.as_deref().unwrap_or("").contains("after"),
                "{bad}"
            );
        }
    }

    #[test]
    fn pages_walk_every_item_once_and_cursors_carry_filters() {
        let items: Vec<(Key, u32)> = (0..10).rev().map(|i| ((i as i64, i), i as u32)).collect();
        let first = ListQuery::parse(&q(&[("limit", "3"), ("sender_id", "s")]), "l".into(), all())
            .expect("ok");
        let (page, cursor) = first.page(items.iter().copied(), |_| true);
        assert_eq!(page, vec![9, 8, 7]);
        let mut seen = page;
        let mut cursor = cursor;
        while let Some(c) = cursor {
            let next = ListQuery::parse(&q(&[("cursor", &c), ("limit", "3")]), "l".into(), all())
                .expect("cursor");
            assert_eq!(next.filters.sender_id.as_deref(), Some("s"));
            let below = next.start_below();
            let (page, more) =
                next.page(items.iter().copied().filter(|(k, _)| *k < below), |_| true);
            seen.extend(page);
            cursor = more;
        }
        assert_eq!(seen, (0..10).rev().collect::<Vec<u32>>());
    }

    #[test]
    fn a_cursor_of_another_list_is_refused() {
        let items = [((1, 1), 1), ((0, 0), 0)];
        let first = ListQuery::parse(&q(&[("limit", "1")]), "a".into(), all()).expect("ok");
        let (_, cursor) = first.page(items.iter().copied(), |_| true);
        let cursor = cursor.expect("more");
        assert!(ListQuery::parse(&q(&[("cursor", &cursor)]), "b".into(), all()).is_err());
        assert!(ListQuery::parse(&q(&[("cursor", "garbage")]), "a".into(), all()).is_err());
    }

    #[test]
    fn cursors_are_padded_standard_base64_and_survive_the_query() {
        let items: Vec<(Key, u32)> = (0..300).rev().map(|i| ((i as i64, i), i as u32)).collect();
        let mut sent = ListQuery::parse(&q(&[("limit", "1")]), "l".into(), all()).expect("ok");
        // Filters of several lengths give cursors with and without padding, `+` and `/`.
        for sender in ["s", "s?", "s??", "s>>>", "s???"] {
            sent.filters.sender_id = Some(sender.to_owned());
            let (_, cursor) = sent.page(items.iter().copied(), |_| true);
            let cursor = cursor.expect("more");
            assert_eq!(cursor.len() % 4, 0, "{cursor}");
            assert!(
                cursor
                    .trim_end_matches('=')
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/'),
                "{cursor}"
            );
            // As the SDK's client sends it, and as the fake's server decodes it.
            let query = format!(
                "cursor={}",
                unipile_core::transport::encode_query_component(&cursor)
            );
            let decoded = crate::server::parse_query(&query);
            assert_eq!(decoded[0].1, cursor);
            let next = ListQuery::parse(&decoded, "l".into(), all()).expect("cursor");
            assert_eq!(next.filters.sender_id.as_deref(), Some(sender));
            // Unencoded, a `+` arrives as a space: still the same cursor.
            let raw = crate::server::parse_query(&format!("cursor={cursor}"));
            let next = ListQuery::parse(&raw, "l".into(), all()).expect("raw cursor");
            assert_eq!(next.filters.sender_id.as_deref(), Some(sender));
        }
    }

    #[test]
    fn a_full_last_page_has_no_cursor() {
        let items = [((1, 1), 1), ((0, 0), 0)];
        let query = ListQuery::parse(&q(&[("limit", "2")]), "a".into(), all()).expect("ok");
        let (page, cursor) = query.page(items.iter().copied(), |_| true);
        assert_eq!(page.len(), 2);
        assert_eq!(cursor, None);
    }
}
