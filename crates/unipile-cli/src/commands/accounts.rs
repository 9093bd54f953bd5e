//! `unipile accounts list`.

use super::{Listing, print_list};
use crate::cli::{AccountsCommand, PagingArgs};
use crate::failure::Failure;
use crate::output::{Column, Printer, Table, opt_time};
use unipile_core::request::ListAccounts;
use unipile_core::{Account, Client};

const COLUMNS: &[Column] = &[
    Column::new("ID", 40),
    Column::new("TYPE", 16),
    Column::new("NAME", 32),
    Column::new("STATUS", 24),
    Column::new("CREATED (UTC)", 19),
];

/// Runs an `accounts` command.
pub async fn run(command: AccountsCommand, client: &Client, out: &Printer) -> Result<(), Failure> {
    match command {
        AccountsCommand::List => {
            let listing = Listing {
                table: Table::new(COLUMNS),
                row: account_row,
                noun: "accounts",
                redact: None,
            };
            let every_page = PagingArgs::every_page();
            print_list(client, ListAccounts::new(), &every_page, listing, out).await
        }
    }
}

fn account_row(account: &Account) -> Vec<String> {
    let status = if account.sources.is_empty() {
        "-".to_owned()
    } else {
        let mut statuses: Vec<&str> = account.sources.iter().map(|s| s.status.as_str()).collect();
        statuses.dedup();
        statuses.join(",")
    };
    vec![
        account.id.as_str().to_owned(),
        account.account_type.as_str().to_owned(),
        account.name.clone(),
        status,
        opt_time(account.created_at.as_ref()),
    ]
}
