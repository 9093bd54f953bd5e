//! The error answers of the fake, in the documented body `{status, type, title, detail}`.

use unipile_core::error::{ApiErrorBody, ErrorType};
use unipile_core::transport::HttpResponse;

/// An error answer: the HTTP status and Unipile's error body.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct ApiFailure {
    pub(crate) status: u16,
    pub(crate) error_type: &'static str,
    pub(crate) title: &'static str,
    pub(crate) detail: Option<String>,
}

impl ApiFailure {
    pub(crate) fn new(
        status: u16,
        error_type: &'static str,
        title: &'static str,
        detail: impl Into<Option<String>>,
    ) -> Self {
        Self {
            status,
            error_type,
            title,
            detail: detail.into(),
        }
    }

    /// 404 `errors/resource_not_found`, naming what was looked for.
    pub(crate) fn not_found(what: &str, id: &str) -> Self {
        Self::new(
            404,
            "errors/resource_not_found",
            "Resource not found.",
            format!("{what} {id:?} was not found."),
        )
    }

    /// 400 `errors/invalid_parameters`, naming the parameter.
    pub(crate) fn invalid_parameter(name: &str, reason: impl std::fmt::Display) -> Self {
        Self::new(
            400,
            "errors/invalid_parameters",
            "Invalid parameters",
            format!("Invalid parameter `{name}`: {reason}"),
        )
    }

    /// 400 `errors/missing_parameters`, naming the parameter.
    pub(crate) fn missing_parameter(name: &str) -> Self {
        Self::new(
            400,
            "errors/missing_parameters",
            "Missing parameters",
            format!("The parameter `{name}` is required."),
        )
    }

    /// 400 `errors/malformed_request`.
    pub(crate) fn malformed(detail: impl Into<String>) -> Self {
        Self::new(
            400,
            "errors/malformed_request",
            "Malformed request",
            detail.into(),
        )
    }

    /// 401 `errors/missing_credentials`.
    pub(crate) fn missing_credentials() -> Self {
        Self::new(
            401,
            "errors/missing_credentials",
            "Missing credentials",
            "The X-API-KEY header is missing.".to_owned(),
        )
    }

    /// 401 `errors/invalid_credentials`.
    pub(crate) fn invalid_credentials() -> Self {
        Self::new(
            401,
            "errors/invalid_credentials",
            "Invalid credentials",
            "The provided API key is invalid.".to_owned(),
        )
    }

    /// 401 `errors/disconnected_account`: a request on an account whose credentials
    /// expired.
    pub(crate) fn disconnected_account(account_id: &str) -> Self {
        Self::new(
            401,
            "errors/disconnected_account",
            "Disconnected account",
            format!(
                "The account {account_id:?} is disconnected from its provider: its owner must \
                 reconnect it."
            ),
        )
    }

    /// 404 for a path no route serves.
    pub(crate) fn no_route(method: &str, path: &str) -> Self {
        Self::new(
            404,
            "errors/resource_not_found",
            "Resource not found.",
            format!("Cannot {method} {path}"),
        )
    }

    /// 405 for a path served with other methods.
    pub(crate) fn method_not_allowed(method: &str, path: &str) -> Self {
        Self::new(
            405,
            "errors/method_not_allowed",
            "Method not allowed",
            format!("Cannot {method} {path}"),
        )
    }

    /// The canned body of a status injected by a fault.
    pub(crate) fn for_status(status: u16) -> Self {
        let (error_type, title) = match status {
            400 => ("errors/invalid_parameters", "Invalid parameters"),
            401 => ("errors/disconnected_account", "Disconnected account"),
            403 => (
                "errors/insufficient_permissions",
                "Insufficient permissions",
            ),
            404 => ("errors/resource_not_found", "Resource not found."),
            422 => ("errors/cannot_resend_yet", "Cannot resend yet"),
            429 => ("errors/too_many_requests", "Too many requests"),
            500 => ("errors/unexpected_error", "Unexpected error"),
            501 => ("errors/feature_not_implemented", "Feature not implemented"),
            502 => ("errors/provider_error", "Provider error"),
            503 => ("errors/service_unavailable", "Service unavailable"),
            504 => ("errors/request_timeout", "Request timeout"),
            _ => ("errors/unexpected_error", "Unexpected error"),
        };
        Self::new(
            status,
            error_type,
            title,
            "Injected by a fault of the fake.".to_owned(),
        )
    }

    /// The body, as core models it.
    pub(crate) fn api_body(&self) -> ApiErrorBody {
        let body = ApiErrorBody::new(self.status, ErrorType::from(self.error_type), self.title);
        match &self.detail {
            Some(detail) => body.with_detail(detail.clone()),
            None => body,
        }
    }

    /// The JSON body.
    pub(crate) fn body(&self) -> Vec<u8> {
        serde_json::to_vec(&self.api_body()).unwrap_or_default()
    }

    /// The HTTP answer.
    pub(crate) fn into_response(self) -> HttpResponse {
        HttpResponse::new(self.status, self.body()).with_header("content-type", "application/json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_the_documented_shape() {
        let r = ApiFailure::not_found("Chat", "a/b").into_response();
        assert_eq!(r.status, 404);
        let v: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
        assert_eq!(v["status"], 404);
        assert_eq!(v["type"], "errors/resource_not_found");
        assert_eq!(v["title"], "Resource not found.");
        assert_eq!(v["detail"], "Chat \"a/b\" was not found.");
        let parsed = ApiErrorBody::parse(404, &r.body).expect("core parses it");
        assert!(parsed.is_not_found());
    }
}
