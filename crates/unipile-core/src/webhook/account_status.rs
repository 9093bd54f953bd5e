//! The payload of the account status webhook: [`AccountStatusEvent`].

use crate::model::account::AccountType;
use crate::model::id::AccountId;
use serde::{Deserialize, Serialize};

open_string_enum! {
    /// What happened to an account (`AccountStatus.message`).
    ///
    /// While an account is not running, its message webhooks stop.
    pub enum AccountStatus {
        /// The account works.
        Ok => "OK",
        /// An unexpected error stopped the account.
        Error => "ERROR",
        /// The account was stopped.
        Stopped => "STOPPED",
        /// The provider refused the account's credentials: the user must reconnect it.
        Credentials => "CREDENTIALS",
        /// The account is connecting.
        Connecting => "CONNECTING",
        /// The account was deleted.
        Deleted => "DELETED",
        /// The account was added.
        CreationSuccess => "CREATION_SUCCESS",
        /// The account was reconnected.
        Reconnected => "RECONNECTED",
        /// The account finished synchronising.
        SyncSuccess => "SYNC_SUCCESS",
    }
}

impl AccountStatus {
    /// Whether the status says the account works (`OK`, `CREATION_SUCCESS`,
    /// `RECONNECTED`, `SYNC_SUCCESS`).
    pub fn is_running(&self) -> bool {
        matches!(
            self,
            AccountStatus::Ok
                | AccountStatus::CreationSuccess
                | AccountStatus::Reconnected
                | AccountStatus::SyncSuccess
        )
    }

    /// Whether the user must reconnect the account (`CREDENTIALS`).
    pub fn needs_reconnection(&self) -> bool {
        matches!(self, AccountStatus::Credentials)
    }
}

/// The account status webhook: `{"AccountStatus":{"account_id","account_type","message"}}`.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct AccountStatusEvent {
    /// The Unipile id of the account.
    pub account_id: AccountId,
    /// The kind of account (mail accounts have status webhooks too);
    /// [`AccountType::provider`] gives the messaging provider.
    pub account_type: AccountType,
    /// What happened.
    pub message: AccountStatus,
}

impl AccountStatusEvent {
    /// The status `message` of the account `account_id`.
    pub fn new(
        account_id: impl Into<AccountId>,
        account_type: AccountType,
        message: AccountStatus,
    ) -> Self {
        Self {
            account_id: account_id.into(),
            account_type,
            message,
        }
    }
}

/// The wrapper the account status payload comes in.
#[derive(Serialize, Deserialize)]
pub(super) struct AccountStatusEnvelope<T> {
    #[serde(rename = "AccountStatus")]
    pub(super) account_status: T,
}
