//! What the list requests share: the page (`cursor`, `limit`) and the time window
//! (`before`, `after`).

use super::{MAX_LIMIT, check_timestamp, non_empty};
use crate::error::InvalidRequest;
use crate::model::id::Cursor;
use crate::model::timestamp::format_millis;
use crate::transport::HttpRequest;
use chrono::{DateTime, Utc};

/// `cursor` and `limit`.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub(super) struct Paging {
    pub(super) cursor: Option<Cursor>,
    pub(super) limit: Option<u32>,
}

impl Paging {
    /// Adds `limit`, if set, after checking it is within 1 to 250.
    fn push_limit(&self, request: &mut HttpRequest) -> Result<(), InvalidRequest> {
        if let Some(limit) = self.limit {
            if !(1..=MAX_LIMIT).contains(&limit) {
                return Err(InvalidRequest::new(
                    "limit",
                    format!("must be between 1 and {MAX_LIMIT}, not {limit}"),
                ));
            }
            push(request, "limit", limit.to_string());
        }
        Ok(())
    }

    /// `base` with only `cursor` and `limit` in its query: a later page. The cursor
    /// stands for the first page's filters on Unipile's side.
    pub(super) fn next_page(
        &self,
        mut base: HttpRequest,
        cursor: &Cursor,
    ) -> Result<HttpRequest, InvalidRequest> {
        non_empty("cursor", cursor.as_str())?;
        base.query.clear();
        push(&mut base, "cursor", cursor.as_str());
        self.push_limit(&mut base)?;
        Ok(base)
    }

    /// Finishes a first-page request: when a cursor was given, the request becomes that
    /// later page (filters are not sent: the cursor holds them); otherwise `limit` is added
    /// after the filters already in `request`.
    pub(super) fn finish(&self, request: HttpRequest) -> Result<HttpRequest, InvalidRequest> {
        match &self.cursor {
            Some(cursor) => self.next_page(request, cursor),
            None => {
                let mut request = request;
                self.push_limit(&mut request)?;
                Ok(request)
            }
        }
    }
}

/// `before` and `after`, both exclusive.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub(super) struct Window {
    pub(super) before: Option<DateTime<Utc>>,
    pub(super) after: Option<DateTime<Utc>>,
}

impl Window {
    /// Adds `before` then `after`, formatted as `YYYY-MM-DDTHH:MM:SS.sssZ`.
    ///
    /// Both are exclusive and the API's timestamps are whole milliseconds, so a finer
    /// `before` is rounded up (an item in its millisecond is before it) and a finer
    /// `after` truncated (an item in its millisecond is not after it): nothing the window
    /// covers is left out.
    pub(super) fn push(&self, request: &mut HttpRequest) -> Result<(), InvalidRequest> {
        let before = self.before.map(ceil_to_millisecond);
        if let (Some(before), Some(after)) = (&before, &self.after) {
            if before <= after {
                return Err(InvalidRequest::new(
                    "before",
                    format!(
                        "{} is not later than `after` ({}): both are exclusive, so nothing \
                         could match",
                        format_millis(before),
                        format_millis(after)
                    ),
                ));
            }
        }
        if let Some(before) = &before {
            push(request, "before", check_timestamp("before", before)?);
        }
        if let Some(after) = &self.after {
            push(request, "after", check_timestamp("after", after)?);
        }
        Ok(())
    }
}

/// `at` rounded up to a whole millisecond.
fn ceil_to_millisecond(at: DateTime<Utc>) -> DateTime<Utc> {
    let floored = DateTime::from_timestamp_millis(at.timestamp_millis()).unwrap_or(at);
    if floored == at {
        return at;
    }
    floored
        .checked_add_signed(chrono::TimeDelta::milliseconds(1))
        .unwrap_or(at)
}

/// Appends a query pair.
pub(super) fn push(request: &mut HttpRequest, key: &str, value: impl Into<String>) {
    request.query.push((key.to_owned(), value.into()));
}

/// Appends an optional id filter, refusing an empty one.
pub(super) fn push_id(
    request: &mut HttpRequest,
    key: &str,
    id: Option<&str>,
) -> Result<(), InvalidRequest> {
    if let Some(id) = id {
        non_empty(key, id)?;
        push(request, key, id);
    }
    Ok(())
}

/// The builder methods every cursor-paged list request has.
macro_rules! paging_methods {
    () => {
        /// Starts from a cursor a previous page returned. The cursor stands for that
        /// listing's filters, so when it is set only `cursor` and `limit` are sent.
        pub fn cursor(mut self, cursor: impl Into<$crate::model::id::Cursor>) -> Self {
            self.paging.cursor = Some(cursor.into());
            self
        }

        /// Items per page, 1 to 250 (checked when the request is rendered). Unipile's
        /// default is 100.
        pub fn limit(mut self, limit: u32) -> Self {
            self.paging.limit = Some(limit);
            self
        }
    };
}

/// The builder methods of list requests filtered by date.
macro_rules! window_methods {
    () => {
        /// Only items strictly before this moment (sent in UTC, to the millisecond; a
        /// finer moment is rounded up, so an item in its millisecond is kept).
        pub fn before<Tz: chrono::TimeZone>(mut self, at: chrono::DateTime<Tz>) -> Self {
            self.window.before = Some(at.with_timezone(&chrono::Utc));
            self
        }

        /// Only items strictly after this moment (sent in UTC, to the millisecond; a
        /// finer moment is truncated).
        pub fn after<Tz: chrono::TimeZone>(mut self, at: chrono::DateTime<Tz>) -> Self {
            self.window.after = Some(at.with_timezone(&chrono::Utc));
            self
        }
    };
}

/// Implements [`ApiRequest`](super::ApiRequest) and [`ListRequest`](super::ListRequest) for a
/// cursor-paged list request, which states only its endpoint, its item type, the fields
/// that fill its route's ids, and the private method that pushes its filters.
///
/// The first page is the route, then the filters (left out when a cursor is given: the
/// cursor stands for them), then `cursor` or `limit` ([`Paging::finish`]); a later page is
/// the route with only `cursor` and `limit` ([`Paging::next_page`]). The request needs a
/// `paging: Paging` field.
///
/// ```text
/// list_request!(ListChatMessages, CHATS_MESSAGES, Message, path: [chat_id], filters: push_filters);
/// ```
macro_rules! list_request {
    (
        $request:ident, $endpoint:expr, $item:ty
        $(, path: [$($id:ident),+ $(,)?])?
        $(, filters: $filters:ident)?
        $(,)?
    ) => {
        impl $request {
            /// The request of the route, with its ids and no query.
            fn route(
                &self,
            ) -> Result<$crate::transport::HttpRequest, $crate::error::InvalidRequest> {
                <Self as $crate::request::ApiRequest>::ENDPOINT
                    .http_request(&[$($((stringify!($id), self.$id.as_str())),+)?])
            }
        }

        impl $crate::request::ApiRequest for $request {
            type Response = $crate::model::page::Page<$item>;
            const ENDPOINT: $crate::request::Endpoint = $endpoint;

            fn to_http(
                &self,
            ) -> Result<$crate::transport::HttpRequest, $crate::error::InvalidRequest> {
                let request = self.route()?;
                $(
                    let mut request = request;
                    if self.paging.cursor.is_none() {
                        self.$filters(&mut request)?;
                    }
                )?
                self.paging.finish(request)
            }
        }

        impl $crate::request::ListRequest for $request {
            type Item = $item;

            fn page_limit(&self) -> Option<u32> {
                self.paging.limit
            }

            fn next_page(
                &self,
                cursor: &$crate::model::id::Cursor,
            ) -> Result<$crate::transport::HttpRequest, $crate::error::InvalidRequest> {
                self.paging.next_page(self.route()?, cursor)
            }
        }
    };
}

pub(super) use {list_request, paging_methods, window_methods};
