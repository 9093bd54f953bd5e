//! Connected accounts, as `GET /accounts` returns them.

use crate::model::id::{AccountId, ProviderId};
use crate::model::lenient;
use crate::model::provider_name::Provider;
use crate::model::timestamp;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

open_string_enum! {
    /// The kind of a connected account (`type`). `X_TWITTER` and other new names are
    /// kept as unknown values.
    pub enum AccountType {
        /// A mobile (SMS) account.
        Mobile => "MOBILE",
        /// An IMAP mail account.
        Mail => "MAIL",
        /// A Google mail account.
        GoogleOauth => "GOOGLE_OAUTH",
        /// An iCloud mail account.
        Icloud => "ICLOUD",
        /// An Outlook mail account.
        Outlook => "OUTLOOK",
        /// A Google calendar.
        GoogleCalendar => "GOOGLE_CALENDAR",
        /// WhatsApp.
        Whatsapp => "WHATSAPP",
        /// LinkedIn.
        Linkedin => "LINKEDIN",
        /// Slack.
        Slack => "SLACK",
        /// X (formerly Twitter).
        Twitter => "TWITTER",
        /// A Microsoft Exchange account.
        Exchange => "EXCHANGE",
        /// Telegram.
        Telegram => "TELEGRAM",
        /// Instagram.
        Instagram => "INSTAGRAM",
        /// Facebook Messenger.
        Messenger => "MESSENGER",
    }
}

impl AccountType {
    /// The messaging provider of this account type, or `None` for mail, calendar and
    /// unknown types.
    pub fn provider(&self) -> Option<Provider> {
        Some(match self {
            AccountType::Linkedin => Provider::Linkedin,
            AccountType::Whatsapp => Provider::Whatsapp,
            AccountType::Instagram => Provider::Instagram,
            AccountType::Messenger => Provider::Messenger,
            AccountType::Telegram => Provider::Telegram,
            AccountType::Twitter => Provider::Twitter,
            AccountType::Slack => Provider::Slack,
            _ => return None,
        })
    }
}

open_string_enum! {
    /// The state of one source of an account (`sources[].status`).
    pub enum SourceStatus {
        /// Working.
        Ok => "OK",
        /// Stopped.
        Stopped => "STOPPED",
        /// Failing.
        Error => "ERROR",
        /// The credentials need renewing: the user must reconnect.
        Credentials => "CREDENTIALS",
        /// Permissions are missing.
        Permissions => "PERMISSIONS",
        /// Connecting.
        Connecting => "CONNECTING",
    }
}

impl SourceStatus {
    /// Whether a person must act (`STOPPED`, `ERROR`, `CREDENTIALS`, `PERMISSIONS`).
    /// `CONNECTING` and unknown statuses are not counted.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self,
            SourceStatus::Stopped
                | SourceStatus::Error
                | SourceStatus::Credentials
                | SourceStatus::Permissions
        )
    }
}

open_string_enum! {
    /// A LinkedIn premium feature of the account (`premiumFeatures`).
    pub enum PremiumFeature {
        /// LinkedIn Recruiter.
        Recruiter => "recruiter",
        /// LinkedIn Sales Navigator.
        SalesNavigator => "sales_navigator",
        /// LinkedIn Premium.
        Premium => "premium",
    }
}

/// One source of an account and its state.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct AccountSource {
    /// The source id.
    #[serde(default, deserialize_with = "lenient::opt_string_or_number")]
    pub id: Option<String>,
    /// Its state (an empty unknown value if Unipile sent none).
    #[serde(
        default = "lenient::empty::<SourceStatus>",
        deserialize_with = "lenient::or_empty"
    )]
    pub status: SourceStatus,
}

impl AccountSource {
    /// A source `id` in `status`.
    pub fn new(id: impl Into<String>, status: SourceStatus) -> Self {
        Self {
            id: Some(id.into()),
            status,
        }
    }
}

/// A mail signature of the account.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Signature {
    /// Its title.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub title: String,
    /// Its content.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub content: String,
}

impl Signature {
    /// A signature `title` with `content`.
    pub fn new(title: impl Into<String>, content: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            content: content.into(),
        }
    }
}

/// The messaging connection details (`connection_params.im`); which fields are set
/// depends on the provider.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ImParams {
    /// The account user's provider id (LinkedIn, Instagram, Messenger, X).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ProviderId>,
    /// The account user's username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The phone number (WhatsApp).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number: Option<String>,
    /// The account user's id (Telegram).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<ProviderId>,
    /// The LinkedIn premium contract, if any.
    #[serde(
        rename = "premiumContractId",
        default,
        deserialize_with = "lenient::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub premium_contract_id: Option<String>,
    /// The LinkedIn premium features.
    #[serde(
        rename = "premiumFeatures",
        default,
        deserialize_with = "lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub premium_features: Vec<PremiumFeature>,
}

/// How the account is connected. Only the messaging parameters (`im`) are kept; mail
/// and calendar parameters are ignored.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ConnectionParams {
    /// The messaging parameters, for messaging accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub im: Option<ImParams>,
}

/// A connected account.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("Account"))
)]
#[serde(tag = "object", rename = "Account")]
#[non_exhaustive]
pub struct Account {
    /// The Unipile account id.
    pub id: AccountId,
    /// Its name (empty if Unipile sent none).
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub name: String,
    /// Its kind (an empty unknown value if Unipile sent none).
    #[serde(
        rename = "type",
        default = "lenient::empty::<AccountType>",
        deserialize_with = "lenient::or_empty"
    )]
    pub account_type: AccountType,
    /// When it was connected.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        serialize_with = "timestamp::serialize_opt"
    )]
    pub created_at: Option<DateTime<Utc>>,
    /// How it is connected.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub connection_params: ConnectionParams,
    /// Its sources and their states.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub sources: Vec<AccountSource>,
    /// The groups it belongs to.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub groups: Vec<String>,
    /// The mail signature in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_signature: Option<String>,
    /// Its mail signatures.
    #[serde(
        default,
        deserialize_with = "lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub signatures: Vec<Signature>,
}

impl Account {
    /// An account with the fields every account has; the rest empty or `None`.
    pub fn new(
        id: impl Into<AccountId>,
        name: impl Into<String>,
        account_type: AccountType,
    ) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            account_type,
            created_at: None,
            connection_params: ConnectionParams::default(),
            sources: Vec::new(),
            groups: Vec::new(),
            current_signature: None,
            signatures: Vec::new(),
        }
    }

    /// The messaging provider, for messaging accounts (see [`AccountType::provider`]).
    pub fn provider(&self) -> Option<Provider> {
        self.account_type.provider()
    }

    /// Whether every source is `OK` (and there is at least one). Message webhooks stop
    /// while an account is not OK.
    pub fn is_ok(&self) -> bool {
        !self.sources.is_empty() && self.sources.iter().all(|s| s.status == SourceStatus::Ok)
    }

    /// Whether a source needs a person to act (see [`SourceStatus::needs_attention`]).
    pub fn needs_attention(&self) -> bool {
        self.sources.iter().any(|s| s.status.needs_attention())
    }

    /// The messaging connection details, for messaging accounts.
    pub fn im(&self) -> Option<&ImParams> {
        self.connection_params.im.as_ref()
    }
}
