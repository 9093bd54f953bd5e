//! Extra parameters on any request: for what the SDK does not model yet, like the Node
//! SDK's `extra_params`.

use super::{ApiRequest, Endpoint, ListRequest};
use crate::error::InvalidRequest;
use crate::model::id::Cursor;
use crate::transport::{Body, HttpRequest};
use bytes::Bytes;

/// Adds [`extra_param`](ExtraParams::extra_param) to every request type.
///
/// An extra parameter goes where the request's own parameters go: into the query of a
/// request without a body (`GET`, `DELETE`), into the JSON object of a JSON body, or as a
/// text part of a multipart form. It may not take the name of a parameter the request
/// already sends, of a path parameter, or (on a list) `cursor` or `limit`: rendering
/// then fails with an [`InvalidRequest`] naming it.
///
/// ```
/// use unipile_core::request::{ApiRequest, ExtraParams, ListChats, SendMessage};
///
/// let http = ListChats::new().extra_param("unread", "true").to_http().unwrap();
/// assert_eq!(http.query_value("unread"), Some("true"));
///
/// let http = SendMessage::new("chat_1").text("Hi").extra_param("new_flag", "1").to_http().unwrap();
/// # let _ = http;
/// let err = SendMessage::new("chat_1").text("Hi").extra_param("text", "again").to_http().unwrap_err();
/// assert_eq!(err.parameter(), "text");
/// ```
pub trait ExtraParams: ApiRequest + Sized {
    /// This request with one more parameter, `key` = `value`.
    fn extra_param(self, key: impl Into<String>, value: impl Into<String>) -> WithExtra<Self> {
        WithExtra {
            request: self,
            extra: Vec::new(),
        }
        .extra_param(key, value)
    }
}

impl<R: ApiRequest> ExtraParams for R {}

/// A request with extra parameters; from [`ExtraParams::extra_param`].
///
/// On a list, the extras go with the first page only: a cursor stands for the first
/// page's filters, so later pages send only `cursor` and `limit`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct WithExtra<R> {
    request: R,
    extra: Vec<(String, String)>,
}

impl<R> WithExtra<R> {
    /// One more parameter, `key` = `value`.
    pub fn extra_param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.push((key.into(), value.into()));
        self
    }

    /// The request the extras are added to.
    pub fn inner(&self) -> &R {
        &self.request
    }

    /// The extra parameters, in order.
    pub fn extra_params(&self) -> &[(String, String)] {
        &self.extra
    }
}

impl<R: ApiRequest> ApiRequest for WithExtra<R> {
    type Response = R::Response;
    const ENDPOINT: Endpoint = R::ENDPOINT;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        let mut http = self.request.to_http()?;
        add_extra(&mut http, &R::ENDPOINT, &self.extra)?;
        Ok(http)
    }
}

impl<L: ListRequest> ListRequest for WithExtra<L> {
    type Item = L::Item;

    fn page_limit(&self) -> Option<u32> {
        self.request.page_limit()
    }

    fn next_page(&self, cursor: &Cursor) -> Result<HttpRequest, InvalidRequest> {
        self.request.next_page(cursor)
    }
}

/// Adds `extra` to `http` where its parameters go, refusing a name already taken.
fn add_extra(
    http: &mut HttpRequest,
    endpoint: &Endpoint,
    extra: &[(String, String)],
) -> Result<(), InvalidRequest> {
    for (key, value) in extra {
        let taken = |why: &str| {
            InvalidRequest::new(
                key.as_str(),
                format!("is {why}; an extra parameter cannot replace it"),
            )
        };
        if key.is_empty() {
            return Err(InvalidRequest::new(
                "extra_param",
                "a parameter name must not be empty",
            ));
        }
        if endpoint.path_parameters().any(|p| p == key) {
            return Err(taken("a path parameter of this call"));
        }
        if endpoint.paginated && (key == "cursor" || key == "limit") {
            return Err(taken("the paging of this list"));
        }
        match &mut http.body {
            Body::Empty => {
                if http.query.iter().any(|(k, _)| k == key) {
                    return Err(taken("already sent by this request"));
                }
                http.query.push((key.clone(), value.clone()));
            }
            Body::Json(bytes) => {
                let mut object: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_slice(bytes).map_err(|_| {
                        InvalidRequest::new(
                            key.as_str(),
                            "this request's JSON body is not an object",
                        )
                    })?;
                if object.contains_key(key) {
                    return Err(taken("already sent by this request"));
                }
                object.insert(key.clone(), serde_json::Value::String(value.clone()));
                let body = serde_json::to_vec(&object).map_err(|e| {
                    InvalidRequest::new("body", format!("cannot be serialized: {e}"))
                })?;
                *bytes = Bytes::from(body);
            }
            Body::Multipart(form) => {
                // `linkedin` would clash with `linkedin[api]`; `linkedin[new]` is an addition.
                if form
                    .parts()
                    .iter()
                    .any(|p| p.name == *key || p.name.split('[').next() == Some(key.as_str()))
                {
                    return Err(taken("already sent by this request"));
                }
                form.push_text(key.clone(), value.clone());
            }
        }
    }
    Ok(())
}
