//! Helpers: raw requests to the fake, in process.
#![allow(dead_code)]

use serde_json::Value;
use unipile_core::transport::{
    Body, HeaderValue, HttpRequest, HttpResponse, Method, Multipart, Transport, encode_path_segment,
};
use unipile_mock::FakeUnipile;

/// Builds `path` from segments, each percent-encoded.
pub fn path(segments: &[&str]) -> String {
    segments
        .iter()
        .map(|s| format!("/{}", encode_path_segment(s)))
        .collect()
}

pub fn request(fake: &FakeUnipile, method: Method, path: &str) -> HttpRequest {
    let mut r = HttpRequest::new(method, "", path);
    r.headers
        .insert("X-API-KEY", HeaderValue::sensitive(fake.api_key()));
    r
}

pub async fn send(fake: &FakeUnipile, request: HttpRequest) -> HttpResponse {
    let fut = fake.send(request);
    tokio::time::timeout(std::time::Duration::from_secs(10), fut)
        .await
        .expect("in time")
        .expect("answered")
}

pub fn body_json(response: &HttpResponse) -> Value {
    serde_json::from_slice(&response.body).expect("JSON body")
}

pub async fn get(fake: &FakeUnipile, path: &str, query: &[(&str, &str)]) -> (u16, Value) {
    let mut r = request(fake, Method::Get, path);
    for (k, v) in query {
        r = r.with_query(*k, *v);
    }
    let response = send(fake, r).await;
    (response.status, body_json(&response))
}

pub async fn post_form(fake: &FakeUnipile, path: &str, form: Multipart) -> (u16, Value) {
    let r = request(fake, Method::Post, path).with_body(Body::Multipart(form));
    let response = send(fake, r).await;
    (response.status, body_json(&response))
}

pub async fn json_call(
    fake: &FakeUnipile,
    method: Method,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let r = request(fake, method, path).with_body(Body::json(&body).expect("json"));
    let response = send(fake, r).await;
    (response.status, body_json(&response))
}
