//! The commands that call the API once or walk a list: accounts, chats, messages (and
//! the [`actions`] on both), attendees, users, attachments, webhooks; and the `ids` rules.

pub mod accounts;
pub mod actions;
pub mod attachments;
pub mod attendees;
pub mod chats;
pub mod ids;
pub mod messages;
pub mod users;
pub mod webhooks;

use crate::cli::PagingArgs;
use crate::failure::Failure;
use crate::output::{Printer, Table};
use crate::progress::Progress;
use futures_core::Stream;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::pin::Pin;
use unipile_core::Client;
use unipile_core::model::page::Page;
use unipile_core::request::ListRequest;

/// How to show the items of one list: the table's columns, a row per item, and the
/// plural noun for notes (`chats`).
pub struct Listing<T> {
    /// The table that collects the rows.
    pub table: Table,
    /// One item as a row.
    pub row: fn(&T) -> Vec<String>,
    /// The items' plural noun.
    pub noun: &'static str,
    /// Hides secrets of an item before it is printed as JSON.
    pub redact: Option<fn(&mut T)>,
}

/// Prints a list: the first page (with a hint on stderr when more remain), or with
/// `--all` every page as it arrives, with a spinner on a terminal.
pub async fn print_list<L>(
    client: &Client,
    request: L,
    paging: &PagingArgs,
    mut listing: Listing<L::Item>,
    out: &Printer,
) -> Result<(), Failure>
where
    L: ListRequest + Send + Sync + 'static,
    L::Item: DeserializeOwned + Serialize + Send + 'static,
{
    if paging.all {
        let progress = Progress::start(format!("fetching {}", listing.noun));
        let mut pages = client.pages(request);
        let mut count = 0;
        while let Some(page) = next_page(&mut pages).await {
            let page = page?;
            count += page.items.len();
            print_page(page, &mut listing, out)?;
            progress.update(format!(
                "{count} {} ({} pages)",
                listing.noun,
                pages.pages_fetched()
            ));
        }
        drop(progress);
    } else {
        let page = client.call(&request).await?;
        let cursor = page.cursor.clone();
        print_page(page, &mut listing, out)?;
        if let Some(cursor) = cursor {
            eprintln!(
                "more {} remain: add --all for every page, or --cursor {}",
                listing.noun,
                cursor.as_str()
            );
        }
    }
    if !out.is_json() && listing.table.len() == 0 {
        eprintln!("no {}", listing.noun);
    }
    Ok(())
}

fn print_page<T: Serialize>(
    page: Page<T>,
    listing: &mut Listing<T>,
    out: &Printer,
) -> Result<(), Failure> {
    for mut item in page.items {
        if let Some(redact) = listing.redact {
            redact(&mut item);
        }
        if out.is_json() {
            out.json_line(&item)?;
        } else {
            listing.table.row((listing.row)(&item));
        }
    }
    listing.table.flush(out)
}

/// The next page of a page stream.
pub async fn next_page<S: Stream + Unpin>(pages: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| Pin::new(&mut *pages).poll_next(cx)).await
}

/// Prints a one-line result: the table line for people, the response for `--json`.
pub fn print_result<T: Serialize>(out: &Printer, value: &T, line: &str) -> Result<(), Failure> {
    if out.is_json() {
        out.json_line(value)
    } else {
        out.line(line)
    }
}
