//! Webhooks: create, list, delete.

use super::endpoints::{WEBHOOKS_CREATE, WEBHOOKS_DELETE, WEBHOOKS_LIST};
use super::lists::{Paged, Paging};
use super::{ApiRequest, Endpoint, ListRequest, json_body, non_empty};
use crate::error::InvalidRequest;
use crate::model::id::Cursor;
use crate::model::id::{AccountId, WebhookId};
use crate::model::page::Page;
use crate::model::responses::{WebhookCreated, WebhookDeleted};
use crate::model::webhook_registration::{
    AccountStatusEvent, MessagingEvent, Webhook, WebhookDataField, WebhookFormat, WebhookHeader,
    WebhookSource,
};
use crate::transport::HttpRequest;
use serde::Serialize;
use std::fmt;

/// The header Unipile is asked to send with each webhook call to prove it is Unipile: the
/// receiver compares its value with the shared secret. Most integrations name it so.
const SECRET_HEADER: &str = "Unipile-Auth";

/// Checks a header of `headers[i]`. The value may be a secret: it is never repeated.
fn check_header(i: usize, header: &WebhookHeader) -> Result<(), InvalidRequest> {
    let key_parameter = format!("headers[{i}].key");
    non_empty(&key_parameter, &header.key)?;
    if let Some(c) = header.key.chars().find(|c| !is_token_char(*c)) {
        return Err(InvalidRequest::new(
            key_parameter,
            format!("{c:?} cannot appear in a header name"),
        ));
    }
    let value_parameter = format!("headers[{i}].value");
    if header.value.trim().is_empty() {
        return Err(InvalidRequest::new(value_parameter, "must not be empty"));
    }
    if header.value.trim() != header.value {
        return Err(InvalidRequest::new(
            value_parameter,
            "starts or ends with whitespace, which HTTP does not carry as sent",
        ));
    }
    if header.value.chars().any(char::is_control) {
        return Err(InvalidRequest::new(
            value_parameter,
            "contains a line break or another control character",
        ));
    }
    Ok(())
}

/// RFC 9110 `tchar`: the characters of a header name.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// An event a webhook can subscribe to, and the source it belongs to.
#[derive(Clone, PartialEq, Eq, Debug)]
struct Event {
    source: WebhookSource,
    name: String,
}

/// Registers a webhook: `POST /webhooks` (JSON).
///
/// Unipile then POSTs each event of `source` to `request_url`. v1 webhooks are not signed:
/// protect the endpoint with a shared secret header
/// ([`secret_header`](CreateWebhook::secret_header)), and ask for a JSON content type
/// ([`json_content_type`](CreateWebhook::json_content_type)), which webhooks created by
/// the API lack by default.
///
/// ```
/// use unipile_core::request::{ApiRequest, CreateWebhook};
/// use unipile_core::model::webhook_registration::MessagingEvent;
///
/// let create = CreateWebhook::messaging("https://example.com/unipile")
///     .name("inbox")
///     .messaging_events([MessagingEvent::MessageReceived, MessagingEvent::MessageRead])
///     .json_content_type()
///     .secret_header("s3cr3t");
/// assert!(!format!("{create:?}").contains("s3cr3t"));
/// assert!(create.to_http().is_ok());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct CreateWebhook {
    request_url: String,
    source: WebhookSource,
    name: Option<String>,
    format: Option<WebhookFormat>,
    account_ids: Vec<AccountId>,
    enabled: Option<bool>,
    headers: Vec<WebhookHeader>,
    events: Vec<Event>,
    data: Vec<WebhookDataField>,
}

impl CreateWebhook {
    /// A webhook that sends the events of `source` to `request_url` (an absolute
    /// `http://` or `https://` URL).
    pub fn new(request_url: impl Into<String>, source: WebhookSource) -> Self {
        Self {
            request_url: request_url.into(),
            source,
            name: None,
            format: None,
            account_ids: Vec::new(),
            enabled: None,
            headers: Vec::new(),
            events: Vec::new(),
            data: Vec::new(),
        }
    }

    /// A webhook for new messages and other messaging events.
    pub fn messaging(request_url: impl Into<String>) -> Self {
        Self::new(request_url, WebhookSource::Messaging)
    }

    /// A webhook for account status changes.
    pub fn account_status(request_url: impl Into<String>) -> Self {
        Self::new(request_url, WebhookSource::AccountStatus)
    }

    /// A name, sent back in each call as `webhook_name`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The payload format (`json` or `form`).
    pub fn format(mut self, format: WebhookFormat) -> Self {
        self.format = Some(format);
        self
    }

    /// Only the events of this account; call again to add more. Without any, the
    /// webhook covers every account, current and future.
    pub fn account_id(mut self, account_id: impl Into<AccountId>) -> Self {
        self.account_ids.push(account_id.into());
        self
    }

    /// Only the events of these accounts.
    pub fn account_ids(mut self, ids: impl IntoIterator<Item = impl Into<AccountId>>) -> Self {
        self.account_ids.extend(ids.into_iter().map(Into::into));
        self
    }

    /// Whether the webhook starts enabled.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = Some(enabled);
        self
    }

    /// Adds a header to each call.
    pub fn header(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push(WebhookHeader::new(key, value));
        self
    }

    /// Adds the shared-secret header `Unipile-Auth: <secret>` to each call, for the
    /// receiver to check (another header name: [`header`](CreateWebhook::header)).
    pub fn secret_header(self, secret: impl Into<String>) -> Self {
        self.header(SECRET_HEADER, secret)
    }

    /// Adds `Content-Type: application/json` to each call, as Unipile's docs recommend.
    pub fn json_content_type(self) -> Self {
        self.header("Content-Type", "application/json")
    }

    /// Subscribes to these messaging events (Unipile's default is `message_received`).
    /// Needs the `messaging` source.
    pub fn messaging_events(mut self, events: impl IntoIterator<Item = MessagingEvent>) -> Self {
        self.events.extend(events.into_iter().map(|e| Event {
            source: WebhookSource::Messaging,
            name: e.as_str().to_owned(),
        }));
        self
    }

    /// Subscribes to these account status events. Needs the `account_status` source.
    pub fn account_status_events(
        mut self,
        events: impl IntoIterator<Item = AccountStatusEvent>,
    ) -> Self {
        self.events.extend(events.into_iter().map(|e| Event {
            source: WebhookSource::AccountStatus,
            name: e.as_str().to_owned(),
        }));
        self
    }

    /// Sends the payload key `key` (`message`, `chat_id`…) under the name `as_name`
    /// (`data[{name, key}]`). Handlers that parse the standard payload then no longer find
    /// it: rename only for receivers of your own.
    pub fn rename_key(mut self, key: impl Into<String>, as_name: impl Into<String>) -> Self {
        self.data.push(WebhookDataField::new(as_name, key));
        self
    }

    /// Adds a `data` entry as it is.
    pub fn data_field(mut self, field: WebhookDataField) -> Self {
        self.data.push(field);
        self
    }
}

impl ApiRequest for CreateWebhook {
    type Response = WebhookCreated;
    const ENDPOINT: Endpoint = WEBHOOKS_CREATE;

    /// The JSON keys, in order: `request_url`, `source`, `name`, `format`, `account_ids`,
    /// `enabled`, `headers`, `events`, `data` (unset and empty ones left out).
    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        let request = Self::ENDPOINT.http_request(&[])?;
        check_request_url(&self.request_url)?;
        non_empty("source", self.source.as_str())?;
        if let Some(name) = &self.name {
            non_empty("name", name)?;
        }
        if let Some(format) = &self.format {
            non_empty("format", format.as_str())?;
        }
        for (i, id) in self.account_ids.iter().enumerate() {
            non_empty(&format!("account_ids[{i}]"), id.as_str())?;
        }
        for (i, header) in self.headers.iter().enumerate() {
            check_header(i, header)?;
        }
        for (i, event) in self.events.iter().enumerate() {
            let parameter = format!("events[{i}]");
            non_empty(&parameter, &event.name)?;
            if event.source != self.source {
                return Err(InvalidRequest::new(
                    parameter,
                    format!(
                        "`{}` is a {} event, but the webhook's source is {}",
                        event.name, event.source, self.source
                    ),
                ));
            }
        }
        for (i, rename) in self.data.iter().enumerate() {
            non_empty(&format!("data[{i}].key"), &rename.key)?;
            non_empty(&format!("data[{i}].name"), &rename.name)?;
        }

        #[derive(Serialize)]
        struct CreateBody<'a> {
            request_url: &'a str,
            source: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            name: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            format: Option<&'a str>,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            account_ids: &'a [AccountId],
            #[serde(skip_serializing_if = "Option::is_none")]
            enabled: Option<bool>,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            headers: &'a [WebhookHeader],
            #[serde(skip_serializing_if = "Vec::is_empty")]
            events: Vec<&'a str>,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            data: &'a [WebhookDataField],
        }
        json_body(
            request,
            &CreateBody {
                request_url: &self.request_url,
                source: self.source.as_str(),
                name: self.name.as_deref(),
                format: self.format.as_ref().map(WebhookFormat::as_str),
                account_ids: &self.account_ids,
                enabled: self.enabled,
                headers: &self.headers,
                events: self.events.iter().map(|e| e.name.as_str()).collect(),
                data: &self.data,
            },
        )
    }
}

impl fmt::Debug for CreateWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateWebhook")
            .field("request_url", &redacted_url(&self.request_url))
            .field("source", &self.source)
            .field("name", &self.name)
            .field("format", &self.format)
            .field("account_ids", &self.account_ids)
            .field("enabled", &self.enabled)
            .field("headers", &self.headers)
            .field(
                "events",
                &self.events.iter().map(|e| &e.name).collect::<Vec<_>>(),
            )
            .field("data", &self.data)
            .finish()
    }
}

/// The URL without what may be a secret: user info, query and fragment.
fn redacted_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let (before_query, query) = rest.split_at(end);
    let authority_end = before_query.find('/').unwrap_or(before_query.len());
    let (authority, path) = before_query.split_at(authority_end);
    let host = match authority.rsplit_once('@') {
        Some((_, host)) => format!("<redacted>@{host}"),
        None => authority.to_owned(),
    };
    let query = if query.is_empty() { "" } else { "?<redacted>" };
    let scheme = if scheme.is_empty() {
        String::new()
    } else {
        format!("{scheme}://")
    };
    format!("{scheme}{host}{path}{query}")
}

/// Checks that `url` is an absolute `http://` or `https://` URL with a host. The URL is
/// never repeated in the error: it may hold a token.
fn check_request_url(url: &str) -> Result<(), InvalidRequest> {
    let fail = |reason: &str| Err(InvalidRequest::new("request_url", reason));
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return fail("must be an absolute URL starting with http:// or https://");
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return fail("contains a space or a control character");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_and_port = authority.rsplit('@').next().unwrap_or_default();
    let (host, port) = match host_and_port.strip_prefix('[') {
        Some(ipv6) => match ipv6.split_once(']') {
            Some((host, after)) => (host, after.strip_prefix(':')),
            None => return fail("has an unclosed `[` in its host"),
        },
        None => match host_and_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_and_port, None),
        },
    };
    if host.is_empty() {
        return fail("has no host");
    }
    if let Some(port) = port
        && port.parse::<u16>().is_err()
    {
        return fail("has a port that is not a number from 0 to 65535");
    }
    Ok(())
}

/// Lists the registered webhooks: `GET /webhooks`.
///
/// Query: `limit` (or, with a cursor, `cursor` and `limit`).
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct ListWebhooks {
    paging: Paging,
}

impl ListWebhooks {
    /// Every webhook.
    pub fn new() -> Self {
        Self::default()
    }
}

impl ApiRequest for ListWebhooks {
    type Response = Page<Webhook>;
    const ENDPOINT: Endpoint = WEBHOOKS_LIST;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        self.paging
            .first_page(Self::ENDPOINT.http_request(&[])?, |_| Ok(()))
    }
}

impl ListRequest for ListWebhooks {
    type Item = Webhook;

    fn page_limit(&self) -> Option<u32> {
        self.paging.limit
    }

    fn next_page(&self, cursor: &Cursor) -> Result<HttpRequest, InvalidRequest> {
        self.paging
            .next_page(Self::ENDPOINT.http_request(&[])?, cursor)
    }
}

impl Paged for ListWebhooks {
    fn paging_mut(&mut self) -> &mut Paging {
        &mut self.paging
    }
}

/// Removes a webhook: `DELETE /webhooks/{webhook_id}`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DeleteWebhook {
    webhook_id: WebhookId,
}

impl DeleteWebhook {
    /// Removes the webhook `webhook_id`.
    pub fn new(webhook_id: impl Into<WebhookId>) -> Self {
        Self {
            webhook_id: webhook_id.into(),
        }
    }
}

impl ApiRequest for DeleteWebhook {
    type Response = WebhookDeleted;
    const ENDPOINT: Endpoint = WEBHOOKS_DELETE;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        Self::ENDPOINT.http_request(&[("webhook_id", self.webhook_id.as_str())])
    }
}
