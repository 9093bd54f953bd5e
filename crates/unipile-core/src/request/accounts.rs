//! Connected accounts.

use super::endpoints::{ACCOUNTS_GET, ACCOUNTS_LIST};
use super::lists::{Paged, Paging};
use super::{ApiRequest, Endpoint, ListRequest};
use crate::error::InvalidRequest;
use crate::model::account::Account;
use crate::model::id::AccountId;
use crate::model::id::Cursor;
use crate::model::page::Page;
use crate::transport::HttpRequest;

/// Lists the connected accounts: `GET /accounts`.
///
/// Query: `limit` (or, with a cursor, `cursor` and `limit`).
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct ListAccounts {
    paging: Paging,
}

impl ListAccounts {
    /// Every connected account.
    pub fn new() -> Self {
        Self::default()
    }
}

impl ApiRequest for ListAccounts {
    type Response = Page<Account>;
    const ENDPOINT: Endpoint = ACCOUNTS_LIST;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        self.paging
            .first_page(Self::ENDPOINT.http_request(&[])?, |_| Ok(()))
    }
}

impl ListRequest for ListAccounts {
    type Item = Account;

    fn page_limit(&self) -> Option<u32> {
        self.paging.limit
    }

    fn next_page(&self, cursor: &Cursor) -> Result<HttpRequest, InvalidRequest> {
        self.paging
            .next_page(Self::ENDPOINT.http_request(&[])?, cursor)
    }
}

impl Paged for ListAccounts {
    fn paging_mut(&mut self) -> &mut Paging {
        &mut self.paging
    }
}

/// Reads one connected account: `GET /accounts/{account_id}`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct GetAccount {
    account_id: AccountId,
}

impl GetAccount {
    /// The account `account_id`.
    pub fn new(account_id: impl Into<AccountId>) -> Self {
        Self {
            account_id: account_id.into(),
        }
    }
}

impl ApiRequest for GetAccount {
    type Response = Account;
    const ENDPOINT: Endpoint = ACCOUNTS_GET;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        Self::ENDPOINT.http_request(&[("account_id", self.account_id.as_str())])
    }
}
