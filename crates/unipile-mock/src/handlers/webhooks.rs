//! Registering and deleting webhooks: `POST /webhooks`, `DELETE /webhooks/{webhook_id}`.

use serde::Deserialize;
use unipile_core::WebhookId;
use unipile_core::model::responses::{WebhookCreated, WebhookDeleted};
use unipile_core::transport::HttpRequest;

use super::body::{Written, json, json_body};
use crate::api_error::ApiFailure;
use crate::state::{State, WebhookRec};

#[derive(Deserialize)]
struct HeaderField {
    key: String,
    value: String,
}

#[derive(Deserialize)]
struct CreateWebhookBody {
    request_url: Option<String>,
    source: Option<String>,
    name: Option<String>,
    format: Option<String>,
    #[serde(default)]
    account_ids: Vec<String>,
    enabled: Option<bool>,
    #[serde(default)]
    headers: Vec<HeaderField>,
    #[serde(default)]
    events: Vec<String>,
}

const SOURCES: &[&str] = &[
    "messaging",
    "email",
    "email_tracking",
    "account_status",
    "users",
    "calendar_event",
];

const MESSAGING_EVENTS: &[&str] = &[
    "message_received",
    "message_read",
    "message_reaction",
    "message_edited",
    "message_deleted",
];

/// `POST /webhooks`.
pub(super) fn create_webhook(state: &mut State, request: &HttpRequest) -> Written {
    let body: CreateWebhookBody = json_body(request)?;
    let request_url = body
        .request_url
        .filter(|u| !u.is_empty())
        .ok_or_else(|| ApiFailure::missing_parameter("request_url"))?;
    if !(request_url.starts_with("http://") || request_url.starts_with("https://")) {
        return Err(ApiFailure::new(
            400,
            "errors/invalid_url",
            "Invalid URL",
            format!("`request_url` must be an http(s) URL, got {request_url:?}"),
        ));
    }
    let source = body
        .source
        .ok_or_else(|| ApiFailure::missing_parameter("source"))?;
    if !SOURCES.contains(&source.as_str()) {
        return Err(ApiFailure::invalid_parameter(
            "source",
            format!("must be one of {}, got {source:?}", SOURCES.join(", ")),
        ));
    }
    let format = body.format.unwrap_or_else(|| "json".to_owned());
    if format != "json" && format != "form" {
        return Err(ApiFailure::invalid_parameter(
            "format",
            format!("must be json or form, got {format:?}"),
        ));
    }
    if source == "messaging"
        && let Some((i, bad)) = body
            .events
            .iter()
            .enumerate()
            .find(|(_, e)| !MESSAGING_EVENTS.contains(&e.as_str()))
    {
        return Err(ApiFailure::invalid_parameter(
            &format!("events[{i}]"),
            format!(
                "must be one of {}, got {bad:?}",
                MESSAGING_EVENTS.join(", ")
            ),
        ));
    }
    let mut account_ids = Vec::new();
    for (i, id) in body.account_ids.iter().enumerate() {
        match state.accounts.get(id.as_str()) {
            Some(account) => account_ids.push(account.id.clone()),
            None => {
                return Err(ApiFailure::invalid_parameter(
                    &format!("account_ids[{i}]"),
                    format!("no account {id:?}"),
                ));
            }
        }
    }
    let seq = state.next_seq();
    let now = state.now_ms();
    let id = WebhookId::new(state.new_id(22));
    state.insert_webhook(WebhookRec {
        id: id.clone(),
        name: body.name,
        request_url,
        source,
        format,
        account_ids,
        enabled: body.enabled.unwrap_or(true),
        headers: body.headers.into_iter().map(|h| (h.key, h.value)).collect(),
        events: body.events,
        key: (now, seq),
    });
    let body = WebhookCreated::new(id);
    Ok((json(201, &body), vec![]))
}

/// `DELETE /webhooks/{webhook_id}`.
pub(super) fn delete_webhook(state: &mut State, id: &str) -> Written {
    if state.remove_webhook(id) {
        Ok((json(200, &WebhookDeleted::new()), vec![]))
    } else {
        Err(ApiFailure::not_found("Webhook", id))
    }
}
