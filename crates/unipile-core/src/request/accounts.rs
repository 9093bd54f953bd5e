//! Connected accounts.

use super::endpoints::{ACCOUNTS_GET, ACCOUNTS_LIST};
use super::lists::{Paging, list_request, paging_methods};
use super::{ApiRequest, Endpoint};
use crate::error::InvalidRequest;
use crate::model::account::Account;
use crate::model::id::AccountId;
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

    paging_methods!();
}

list_request!(ListAccounts, ACCOUNTS_LIST, Account);

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
