//! `unipile demo`: a guided tour of the SDK.
//!
//! With neither `UNIPILE_DSN` nor `UNIPILE_API_KEY` set it runs on the embedded demo data:
//! it sends a message, starts an InMail, streams a history, syncs to SQLite twice and
//! receives a webhook. With them set it runs only the read-only steps on your account
//! (accounts, a history, a sync into a temporary database, provider ids): the tour never
//! sends a message that could reach a real person.

use crate::cli::GlobalArgs;
use crate::commands::next_page;
use crate::connect::connect;
use crate::failure::Failure;
use crate::listen;
use crate::output::{Column, MESSAGE_COLUMNS, Printer, Table, message_row};
use crate::store::{ALL_ACCOUNTS, Store};
use crate::sync::PassSettings;
use std::time::Duration;
use unipile_core::model::webhook_registration::MessagingEvent;
use unipile_core::request::{
    CreateWebhook, FileUpload, LinkedinOptions, ListAccounts, ListChatMessages, ListChats, Paged,
    SendMessage, StartChat,
};
use unipile_core::sync::Checkpoint;
use unipile_core::webhook::WebhookSecret;
use unipile_core::{Account, AccountType, Client, Provider, ProviderRegistry};
use unipile_mock::{FakeUnipile, MessageSeed};

/// A LinkedIn member id, as Unipile's docs show one.
const LINKEDIN_MEMBER: &str = "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E";

/// Runs the tour: the whole of it on the embedded demo data, the read-only steps on a real
/// account. With `--json`, the steps' results are the same JSON lines the other commands
/// print.
pub async fn run(global: &GlobalArgs, out: &Printer) -> Result<(), Failure> {
    let backend = connect(global)?;
    let client = &backend.client;
    match backend.fake.as_ref() {
        Some(fake) => tour_on_demo_data(client, fake, out).await?,
        None => tour_on_your_account(client, out).await?,
    }

    heading(out, "Next")?;
    for line in [
        "The same commands work on demo data and, with UNIPILE_DSN and UNIPILE_API_KEY set, \
         on your account:",
        "  unipile accounts list",
        "  unipile chats list --limit 20",
        "  unipile messages list --chat CHAT_ID --all",
        "  unipile messages send --chat CHAT_ID --text 'Hello' --attach report.pdf",
        "  unipile sync --db messages.sqlite --every 5m",
        "  unipile webhooks listen --port 8080       # the secret from UNIPILE_WEBHOOK_SECRET",
        "`unipile --help` lists every command and the exit codes.",
    ] {
        out.line(line)?;
    }
    Ok(())
}

async fn tour_on_demo_data(
    client: &Client,
    fake: &FakeUnipile,
    out: &Printer,
) -> Result<(), Failure> {
    let accounts = accounts(client, out).await?;
    let whatsapp = find_account(&accounts, AccountType::Whatsapp)?;
    let linkedin = find_account(&accounts, AccountType::Linkedin)?;
    let chat = send(client, out, whatsapp).await?;
    inmail(client, out, fake, linkedin).await?;
    history(client, out, &chat, None).await?;
    sync_twice(client, out).await?;
    webhook(client, out, fake, &chat).await?;
    ids(out)
}

/// The pages of a real chat the tour reads at most.
const REAL_HISTORY_PAGES: u32 = 3;

async fn tour_on_your_account(client: &Client, out: &Printer) -> Result<(), Failure> {
    eprintln!(
        "note: running the read-only steps of the tour on your account (steps 2, 3 and 6 \
         send messages and run only on the demo data)"
    );
    accounts(client, out).await?;
    let chats = client.chats().list(&ListChats::new().limit(1)).await?;
    match chats.items.first() {
        Some(chat) => history(client, out, chat.id.as_str(), Some(REAL_HISTORY_PAGES)).await?,
        None => say(out, "(no chat yet: the history step is skipped)")?,
    }
    sync_twice(client, out).await?;
    ids(out)
}

fn heading(out: &Printer, title: &str) -> Result<(), Failure> {
    if out.is_json() {
        eprintln!("== {title}");
        Ok(())
    } else {
        out.line("")?;
        out.line(&format!("== {title}"))
    }
}

fn say(out: &Printer, line: &str) -> Result<(), Failure> {
    if out.is_json() {
        eprintln!("{line}");
        Ok(())
    } else {
        out.line(line)
    }
}

async fn accounts(client: &Client, out: &Printer) -> Result<Vec<Account>, Failure> {
    heading(
        out,
        "1. Connected accounts: client.accounts().stream(ListAccounts::new())",
    )?;
    let accounts = client
        .accounts()
        .stream(ListAccounts::new())
        .try_collect()
        .await?;
    let mut table = Table::new(&[
        Column::new("ID", 40),
        Column::new("TYPE", 12),
        Column::new("NAME", 24),
    ]);
    for account in &accounts {
        if out.is_json() {
            out.json_line(account)?;
        } else {
            table.row(vec![
                account.id.as_str().to_owned(),
                account.account_type.as_str().to_owned(),
                account.name.clone(),
            ]);
        }
    }
    table.flush(out)?;
    Ok(accounts)
}

fn find_account(accounts: &[Account], kind: AccountType) -> Result<&Account, Failure> {
    accounts
        .iter()
        .find(|a| a.account_type == kind)
        .ok_or_else(|| Failure::Local(format!("the demo data has no {} account", kind.as_str())))
}

/// Sends a text with an attachment into the account's first chat; returns the chat id.
async fn send(client: &Client, out: &Printer, account: &Account) -> Result<String, Failure> {
    heading(
        out,
        "2. Send a message with a file: client.messages().send(SendMessage::new(chat)…)",
    )?;
    let chats = client
        .chats()
        .list(&ListChats::new().account_id(account.id.clone()).limit(1))
        .await?;
    let chat = chats
        .items
        .first()
        .ok_or_else(|| Failure::Local("the demo account has no chat".to_owned()))?;
    let chat_id = chat.id.as_str().to_owned();
    let request = SendMessage::new(chat_id.as_str())
        .text("Hello from the unipile CLI 👋")
        .attachment(FileUpload::from_bytes_guess_type(
            "notes.txt",
            b"Meeting notes: ship it.\n".to_vec(),
        ));
    let sent = client.messages().send(request).await?;
    let Some(message_id) = sent.message_id.clone() else {
        return Err(Failure::Local("the fake gave no message id".to_owned()));
    };
    say(
        out,
        &format!(
            "sent {} to the {} chat {chat_id}",
            message_id.as_str(),
            account.account_type.as_str()
        ),
    )?;
    let message = client.messages().get(message_id).await?;
    if out.is_json() {
        out.json_line(&message)?;
    } else {
        let mut table = Table::new(MESSAGE_COLUMNS);
        table.row(message_row(&message));
        table.flush(out)?;
    }
    Ok(chat_id)
}

async fn inmail(
    client: &Client,
    out: &Printer,
    fake: &FakeUnipile,
    account: &Account,
) -> Result<(), Failure> {
    heading(
        out,
        "3. Start a LinkedIn InMail: client.chats().start(StartChat::new(…).linkedin(…))",
    )?;
    let request = StartChat::new(account.id.clone(), LINKEDIN_MEMBER)
        .subject("Quick question")
        .text("Hi! Would you be open to a short call next week?")
        .linkedin(LinkedinOptions::classic().inmail(true));
    let started = client.chats().start(request).await?;
    let chat = started.chat_id.as_ref().map_or("?", |c| c.as_str());
    say(out, &format!("started chat {chat} with {LINKEDIN_MEMBER}"))?;
    if let Some(recorded) = fake.started_chats().last() {
        say(
            out,
            &format!(
                "the fake received linkedin[api]={} linkedin[inmail]={}",
                recorded.linkedin_option("api").unwrap_or("-"),
                recorded.linkedin_option("inmail").unwrap_or("-")
            ),
        )?;
    }
    if out.is_json() {
        out.json_line(&started)?;
    }
    Ok(())
}

async fn history(
    client: &Client,
    out: &Printer,
    chat_id: &str,
    max_pages: Option<u32>,
) -> Result<(), Failure> {
    heading(
        out,
        "4. Stream a chat's history, 10 per page: client.chats().stream_messages(…)",
    )?;
    let mut pages = client.pages(ListChatMessages::new(chat_id).limit(10));
    if let Some(max) = max_pages {
        pages = pages.max_pages(max);
    }
    let mut table = Table::new(MESSAGE_COLUMNS);
    let mut total = 0;
    while let Some(page) = next_page(&mut pages).await {
        let page = page?;
        total += page.items.len();
        for message in page.items.iter().take(5usize.saturating_sub(table.len())) {
            if out.is_json() {
                out.json_line(message)?;
            }
            table.row(message_row(message));
        }
    }
    if !out.is_json() {
        table.flush(out)?;
    }
    say(
        out,
        &format!(
            "… {total} messages in {} pages, newest first, one page in memory at a time",
            pages.pages_fetched()
        ),
    )
}

async fn sync_twice(client: &Client, out: &Printer) -> Result<(), Failure> {
    heading(
        out,
        "5. Sync every message to SQLite twice: core's sync window and checkpoint",
    )?;
    let dir = tempfile::tempdir().map_err(|e| Failure::local("cannot create a temp dir", e))?;
    let path = dir.path().join("messages.sqlite");
    let mut store = Store::open(&path)?;
    let mut checkpoint = Checkpoint::all_accounts();
    let settings = PassSettings {
        client,
        scope: ALL_ACCOUNTS,
        overlap: Duration::from_secs(600),
        page_size: 100,
    };
    for pass in ["first", "second"] {
        let counts = settings.pass(&mut store, &mut checkpoint).await?;
        if out.is_json() {
            out.json_line(&counts)?;
        }
        say(
            out,
            &format!(
                "{pass} pass: {} new, {} updated, {} unchanged, {} page(s) fetched; {} rows",
                counts.new,
                counts.updated,
                counts.unchanged,
                counts.pages,
                store.message_count()?
            ),
        )?;
    }
    say(
        out,
        "the second pass fetched only the overlap window and added nothing: no duplicates",
    )
}

async fn webhook(
    client: &Client,
    out: &Printer,
    fake: &FakeUnipile,
    chat_id: &str,
) -> Result<(), Failure> {
    heading(
        out,
        "6. Receive a webhook: check the secret header, then webhook::parse",
    )?;
    let secret = "demo-shared-secret";
    let shared = WebhookSecret::new(WebhookSecret::DEFAULT_HEADER, secret)
        .map_err(|e| Failure::Local(e.to_string()))?;
    let mut receiver = listen::start(0, shared).await?;
    let url = format!("http://{}/unipile", receiver.addr);
    let created = client
        .webhooks()
        .create(
            CreateWebhook::messaging(url.as_str())
                .name("demo")
                .messaging_events([MessagingEvent::MessageReceived])
                .json_content_type()
                .secret_header(secret),
        )
        .await?;
    say(
        out,
        &format!(
            "registered webhook {} for {url} (Unipile-Auth header)",
            created.webhook_id.as_str()
        ),
    )?;
    fake.receive_message(
        &chat_id.into(),
        MessageSeed::text("A new message, delivered by webhook 📬"),
    )
    .ok_or_else(|| Failure::Local("the demo chat vanished".to_owned()))?;
    let event = tokio::time::timeout(Duration::from_secs(5), receiver.events.recv())
        .await
        .ok()
        .flatten()
        .ok_or_else(|| Failure::Local("no webhook arrived within 5 seconds".to_owned()))?;
    listen::print_event(&event, out, None)
}

fn ids(out: &Printer) -> Result<(), Failure> {
    heading(out, "7. Provider ids: ProviderRegistry::builtin()")?;
    let registry = ProviderRegistry::builtin();
    for (provider, id) in [
        (Provider::Linkedin, LINKEDIN_MEMBER),
        (Provider::Whatsapp, "33600000000@s.whatsapp.net"),
        (Provider::Whatsapp, "0000000000@lid"),
    ] {
        let kind = registry
            .classify(&provider, id)
            .map_or_else(|| "not an id".to_owned(), |k| k.describe().into_owned());
        say(out, &format!("{id}: {kind}"))?;
    }
    let input = "+33 6 00 00 00 00";
    let normalized = registry.normalize(&Provider::Whatsapp, input);
    let result = normalized
        .attendee_id()
        .map_or_else(|| format!("{normalized:?}"), |id| id.as_str().to_owned());
    say(out, &format!("WhatsApp `{input}` → {result}"))
}
