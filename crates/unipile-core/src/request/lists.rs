//! What the list requests share: the page (`cursor`, `limit`) and the time window
//! (`before`, `after`).

use super::{MAX_LIMIT, check_timestamp, non_empty};
use crate::error::InvalidRequest;
use crate::model::id::Cursor;
use crate::model::timestamp::format_millis;
use crate::transport::HttpRequest;
use chrono::{DateTime, Utc};

/// The paging parameters of a list request: `cursor` and `limit`, set through [`Paged`].
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Paging {
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

    /// The first page's request: `route`, then the filters `push_filters` adds (left out
    /// when a cursor is given: the cursor stands for them), then `cursor` or `limit`.
    pub(super) fn first_page(
        &self,
        mut route: HttpRequest,
        push_filters: impl FnOnce(&mut HttpRequest) -> Result<(), InvalidRequest>,
    ) -> Result<HttpRequest, InvalidRequest> {
        if self.cursor.is_none() {
            push_filters(&mut route)?;
        }
        self.finish(route)
    }

    /// Finishes a first-page request: when a cursor was given, the request becomes that
    /// later page (filters are not sent: the cursor holds them); otherwise `limit` is added
    /// after the filters already in `request`.
    fn finish(&self, request: HttpRequest) -> Result<HttpRequest, InvalidRequest> {
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

/// The time window of a list request: `before` and `after`, both exclusive, set through
/// [`Windowed`].
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Window {
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
        if let (Some(before), Some(after)) = (&before, &self.after)
            && before <= after
        {
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

/// A list request paged with a cursor: the `cursor` and `limit` builder methods.
///
/// ```
/// use unipile_core::request::{ListChats, Paged};
/// let request = ListChats::new().limit(50).cursor("next-page");
/// # let _ = request;
/// ```
pub trait Paged: Sized {
    /// The request's paging parameters, which the builder methods set.
    fn paging_mut(&mut self) -> &mut Paging;

    /// Starts from a cursor a previous page returned. The cursor stands for that
    /// listing's filters, so when it is set only `cursor` and `limit` are sent.
    fn cursor(mut self, cursor: impl Into<Cursor>) -> Self {
        self.paging_mut().cursor = Some(cursor.into());
        self
    }

    /// Items per page, 1 to 250 (checked when the request is rendered). Unipile's
    /// default is 100.
    fn limit(mut self, limit: u32) -> Self {
        self.paging_mut().limit = Some(limit);
        self
    }
}

/// A list request filtered by date: the `before` and `after` builder methods.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use unipile_core::request::{ListMessages, Windowed};
/// let request = ListMessages::new().after(Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap());
/// # let _ = request;
/// ```
pub trait Windowed: Sized {
    /// The request's time window, which the builder methods set.
    fn window_mut(&mut self) -> &mut Window;

    /// Only items strictly before this moment (sent in UTC, to the millisecond; a finer
    /// moment is rounded up, so an item in its millisecond is kept).
    fn before<Tz: chrono::TimeZone>(mut self, at: DateTime<Tz>) -> Self {
        self.window_mut().before = Some(at.with_timezone(&Utc));
        self
    }

    /// Only items strictly after this moment (sent in UTC, to the millisecond; a finer
    /// moment is truncated).
    fn after<Tz: chrono::TimeZone>(mut self, at: DateTime<Tz>) -> Self {
        self.window_mut().after = Some(at.with_timezone(&Utc));
        self
    }
}
