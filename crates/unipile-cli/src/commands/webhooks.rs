//! `unipile webhooks create|list|delete|listen|dead-letters`.

use super::{Listing, print_list, print_result};
use crate::cli::{CreateWebhookArgs, PagingArgs, WebhooksCommand};
use crate::failure::Failure;
use crate::output::{Column, Printer, Table};
use unipile_core::Client;
use unipile_core::model::webhook_registration::{
    AccountStatusEvent, MessagingEvent, Webhook, WebhookSource,
};
use unipile_core::request::{CreateWebhook, ListWebhooks};

const COLUMNS: &[Column] = &[
    Column::new("ID", 40),
    Column::new("NAME", 24),
    Column::new("SOURCE", 14),
    Column::new("ENABLED", 7),
    Column::new("EVENTS", 60),
    Column::new("URL", 80),
];

/// Runs a `webhooks` command.
pub async fn run(command: WebhooksCommand, client: &Client, out: &Printer) -> Result<(), Failure> {
    match command {
        WebhooksCommand::Create(args) => create(args, client, out).await,
        WebhooksCommand::List => {
            let listing = Listing {
                table: Table::new(COLUMNS),
                row: webhook_row,
                noun: "webhooks",
                redact: Some(redact_headers),
            };
            let every_page = PagingArgs::every_page();
            print_list(client, ListWebhooks::new(), &every_page, listing, out).await
        }
        WebhooksCommand::Delete { webhook_id } => {
            let deleted = client.webhooks().delete(webhook_id.as_str()).await?;
            print_result(out, &deleted, &format!("deleted webhook {webhook_id}"))
        }
        WebhooksCommand::Listen(args) => crate::listen::run(args, out).await,
        WebhooksCommand::DeadLetters(command) => crate::dead_letters::run(command, out).await,
    }
}

async fn create(args: CreateWebhookArgs, client: &Client, out: &Printer) -> Result<(), Failure> {
    let source = WebhookSource::from(args.source.to_lowercase());
    if source.is_unknown() {
        eprintln!(
            "note: `{}` is not a source this version knows; sending it as is",
            args.source
        );
    }
    let mut request = CreateWebhook::new(args.url.as_str(), source.clone()).json_content_type();
    if let Some(name) = &args.name {
        request = request.name(name.as_str());
    }
    for account in &args.accounts {
        request = request.account_id(account.as_str());
    }
    if let Some(secret) = &args.secret {
        request = request.secret_header(secret.as_str());
    }
    if !args.events.is_empty() {
        request = match source {
            WebhookSource::Messaging => {
                let events: Vec<MessagingEvent> = args
                    .events
                    .iter()
                    .map(|e| MessagingEvent::from(e.as_str()))
                    .collect();
                warn_unknown(
                    events
                        .iter()
                        .filter(|e| e.is_unknown())
                        .map(MessagingEvent::as_str),
                );
                request.messaging_events(events)
            }
            WebhookSource::AccountStatus => {
                let events: Vec<AccountStatusEvent> = args
                    .events
                    .iter()
                    .map(|e| AccountStatusEvent::from(e.as_str()))
                    .collect();
                warn_unknown(
                    events
                        .iter()
                        .filter(|e| e.is_unknown())
                        .map(AccountStatusEvent::as_str),
                );
                request.account_status_events(events)
            }
            other => {
                return Err(Failure::Invalid(format!(
                    "invalid `--event`: this command subscribes to events of the messaging \
                     and account_status sources only, not {}",
                    other.as_str()
                )));
            }
        };
    }
    let created = client.webhooks().create(request).await?;
    let mut line = format!("created webhook {}", created.webhook_id.as_str());
    if args.secret.is_some() {
        line.push_str(" (calls carry the secret in the Unipile-Auth header)");
    }
    print_result(out, &created, &line)
}

/// Hides the values of the headers Unipile sends with each call (the shared secret among
/// them) from the output; `Content-Type` stays readable.
fn redact_headers(webhook: &mut Webhook) {
    for header in &mut webhook.headers {
        if !header.key.eq_ignore_ascii_case("content-type") {
            header.value = "<redacted>".to_owned();
        }
    }
}

fn warn_unknown<'a>(names: impl Iterator<Item = &'a str>) {
    for name in names {
        eprintln!("note: `{name}` is not an event this version knows; sending it as is");
    }
}

fn webhook_row(webhook: &Webhook) -> Vec<String> {
    let events = if webhook.events.is_empty() {
        "-".to_owned()
    } else {
        webhook.events.join(",")
    };
    vec![
        webhook.id.as_str().to_owned(),
        webhook.name.clone().unwrap_or_else(|| "-".to_owned()),
        webhook
            .source
            .as_ref()
            .map_or_else(|| "-".to_owned(), |s| s.as_str().to_owned()),
        if webhook.enabled { "yes" } else { "no" }.to_owned(),
        events,
        webhook.request_url.clone(),
    ]
}
