//! Request bodies and JSON answers, shared by the endpoint handlers.

use serde::Serialize;
use unipile_core::transport::{Body, HttpRequest, HttpResponse, Multipart};

use crate::api_error::ApiFailure;
use crate::delivery::WebhookDelivery;

/// What a write answers: the response and the webhook deliveries it causes.
pub(super) type Written = Result<(HttpResponse, Vec<WebhookDelivery>), ApiFailure>;

/// A JSON answer.
pub(crate) fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> HttpResponse {
    match serde_json::to_vec(value) {
        Ok(body) => HttpResponse::new(status, body).with_header("content-type", "application/json"),
        Err(e) => ApiFailure::new(
            500,
            "errors/unexpected_error",
            "Unexpected error",
            format!("the fake could not serialize its answer: {e}"),
        )
        .into_response(),
    }
}

/// A list answer: `{"object": …, "items": […], "cursor": …}`.
#[derive(Serialize)]
pub(crate) struct ListBody<T> {
    pub(crate) object: &'static str,
    pub(crate) items: Vec<T>,
    pub(crate) cursor: Option<String>,
}

/// The multipart form of a request, or a 400 naming what was sent instead.
pub(crate) fn form(request: &HttpRequest) -> Result<&Multipart, ApiFailure> {
    match &request.body {
        Body::Multipart(form) => Ok(form),
        Body::Json(_) => Err(ApiFailure::malformed(
            "This endpoint takes multipart/form-data, not JSON.",
        )),
        Body::Empty => Err(ApiFailure::malformed(
            "This endpoint takes a multipart/form-data body; none was sent.",
        )),
    }
}

/// The JSON body of a request decoded as `T`, or a 400 naming the bad field.
pub(crate) fn json_body<T: serde::de::DeserializeOwned>(
    request: &HttpRequest,
) -> Result<T, ApiFailure> {
    match &request.body {
        Body::Json(bytes) => {
            let de = &mut serde_json::Deserializer::from_slice(bytes);
            serde_path_to_error::deserialize(de).map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                if inner.is_data() && path != "." {
                    ApiFailure::invalid_parameter(&path, inner)
                } else if inner.is_data() {
                    ApiFailure::malformed(format!("Invalid JSON body: {inner}"))
                } else {
                    ApiFailure::malformed(format!("The body is not valid JSON: {inner}"))
                }
            })
        }
        Body::Multipart(_) => Err(ApiFailure::malformed(
            "This endpoint takes a JSON body, not multipart/form-data.",
        )),
        Body::Empty => Err(ApiFailure::malformed(
            "This endpoint takes a JSON body; none was sent.",
        )),
    }
}
