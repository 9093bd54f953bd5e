//! [`RawCall`]: any method and path, through the client's authentication, retries and
//! error mapping, answered as JSON. For calls the SDK does not model yet.

use super::Client;
use crate::error::{Error, InvalidRequest};
use crate::transport::{Body, HeaderValue, HttpRequest, Method};

/// The route template raw calls are logged and reported under: their path may hold ids.
pub const RAW_ROUTE: &str = "{raw}";

/// A call of any method and path; from [`Client::raw`].
///
/// It goes through the same pipeline as every typed call: `X-API-KEY`, the
/// [`RetryPolicy`](crate::client::retry::RetryPolicy) (by method: a `GET` is retried on
/// transient failures, a send only when nothing reached the server or on 429) and the
/// mapping of error statuses to [`Error`]. The answer is the response's JSON (`null` for
/// an empty body).
///
/// The path is relative to the API base (`/api/v1`) and sent as given: percent-encode
/// any id in it (with [`encode_path_segment`](crate::transport::encode_path_segment)).
/// Errors and logs name the call `METHOD {raw}`, never the path.
///
/// ```
/// # async fn demo(client: unipile_core::client::Client) -> Result<(), unipile_core::error::Error> {
/// use unipile_core::transport::{Method, encode_path_segment};
///
/// let profile = client
///     .raw(Method::Get, format!("/users/{}", encode_path_segment("john-doe")))
///     .query("account_id", "acc_1")
///     .send()
///     .await?;
/// println!("{}", profile["provider_id"]);
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use]
pub struct RawCall<'a> {
    client: &'a Client,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<serde_json::Value>,
}

impl<'a> RawCall<'a> {
    pub(super) fn new(client: &'a Client, method: Method, path: String) -> Self {
        Self {
            client,
            method,
            path,
            query: Vec::new(),
            body: None,
        }
    }

    /// Adds a query parameter (encoded when sent).
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Sends `body` as the JSON body.
    pub fn json(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }

    /// The request this call sends (without the API key, which the client adds).
    ///
    /// # Errors
    /// An [`InvalidRequest`] naming `path` if it does not start with `/`, holds a `?` or
    /// a `#`, or a `.` or `..` segment (which would leave the route).
    pub fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        check_path(&self.path)?;
        let mut request = HttpRequest::new(self.method, RAW_ROUTE, self.path.clone());
        request.query = self.query.clone();
        request
            .headers
            .insert("accept", HeaderValue::new("application/json"));
        if let Some(body) = &self.body {
            let body = Body::json(body)
                .map_err(|e| InvalidRequest::new("body", format!("cannot be serialized: {e}")))?;
            request.body = body;
        }
        Ok(request)
    }

    /// Sends the call and reads the answer as JSON (`null` for an empty body).
    ///
    /// # Errors
    /// As for any call: [`InvalidRequest`] before sending, then an API error, a rate
    /// limit, a transport failure, or a success body that is not JSON.
    pub async fn send(self) -> Result<serde_json::Value, Error> {
        let request = self.to_http()?;
        let summary = HttpRequest::new(request.method, request.route, String::new());
        let (response, attempts) = self.client.send_counted(request).await?;
        if response.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(serde_json::Value::Null);
        }
        crate::model::decode::decode(&response.body)
            .map_err(|e| Error::decode(response.status, e).with_request(&summary, attempts))
    }
}

/// A raw path must stay a path under the API base.
fn check_path(path: &str) -> Result<(), InvalidRequest> {
    let refuse = |why: &str| Err(InvalidRequest::new("path", why.to_owned()));
    if !path.starts_with('/') {
        return refuse("must start with `/` (it is relative to the API base, /api/v1)");
    }
    if path.contains(['?', '#']) {
        return refuse("must not hold `?` or `#`: add query parameters with `query`");
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return refuse("must not hold a `.` or `..` segment");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_path;

    #[test]
    fn raw_paths_stay_under_the_base() {
        for good in ["/accounts", "/users/john%2Fdoe", "/"] {
            assert!(check_path(good).is_ok(), "{good}");
        }
        for bad in ["accounts", "/a?b=1", "/a#x", "/a/../b", "/.", ""] {
            let err = check_path(bad).expect_err(bad);
            assert_eq!(err.parameter(), "path");
        }
    }
}
