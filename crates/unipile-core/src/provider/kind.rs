//! What kind of id a string is: [`IdKind`] and the LinkedIn products.

use std::borrow::Cow;
use std::fmt;

/// The LinkedIn product a member id belongs to.
///
/// Each LinkedIn member has a different fixed id in each product: Classic `ACo…` (and,
/// more recently, `ADo…`), Sales Navigator `ACw…`, Recruiter `AE…`. An id only works in
/// its own product; to message a member from another product, resolve the id first with
/// `GET /users/{identifier}` and that product's `linkedin_api`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum LinkedinProduct {
    /// LinkedIn itself (ids `ACo…` and `ADo…`).
    Classic,
    /// Sales Navigator (ids `ACw…`).
    SalesNavigator,
    /// Recruiter (ids `AE…`).
    Recruiter,
}

impl LinkedinProduct {
    /// Every product, in declaration order.
    pub const ALL: &'static [LinkedinProduct] = &[
        LinkedinProduct::Classic,
        LinkedinProduct::SalesNavigator,
        LinkedinProduct::Recruiter,
    ];

    /// The product's name as the API writes it in `linkedin[api]` and `linkedin_api`
    /// (`classic`, `sales_navigator`, `recruiter`).
    pub fn api_name(self) -> &'static str {
        match self {
            LinkedinProduct::Classic => "classic",
            LinkedinProduct::SalesNavigator => "sales_navigator",
            LinkedinProduct::Recruiter => "recruiter",
        }
    }

    /// The product whose member ids start like `id`, if any (`ACo…` → Classic).
    ///
    /// Only the prefix is looked at; [`IdKind::LinkedinMember`] is what a full check of
    /// the id gives.
    pub fn from_member_id_prefix(id: &str) -> Option<LinkedinProduct> {
        let product = if id.starts_with("ACo") || id.starts_with("ADo") {
            LinkedinProduct::Classic
        } else if id.starts_with("ACw") {
            LinkedinProduct::SalesNavigator
        } else if id.starts_with("AE") {
            LinkedinProduct::Recruiter
        } else {
            return None;
        };
        Some(product)
    }
}

impl fmt::Display for LinkedinProduct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.api_name())
    }
}

/// The kind of a provider id, as a provider's [rules](super::ProviderRules) classify it.
///
/// [`IdKind::is_attendee_id`] says whether an id of this kind can be sent as is in
/// `attendees_ids` (`POST /chats`); [`IdKind::is_public_identifier`] whether it must first
/// be resolved with `GET /users/{identifier}`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum IdKind {
    /// A LinkedIn member's internal id (`ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E`), in
    /// the product its prefix names.
    LinkedinMember {
        /// The product the id belongs to.
        product: LinkedinProduct,
    },
    /// A LinkedIn company id: a series of digits.
    LinkedinCompany,
    /// A LinkedIn member's public identifier: the profile slug (`julien-crepieux`).
    LinkedinPublicIdentifier,
    /// A LinkedIn company's public identifier (`company/unipile`).
    LinkedinCompanyPublicIdentifier,
    /// A LinkedIn profile address (`https://www.linkedin.com/in/julien-crepieux/`), which
    /// carries either a public identifier or an internal id.
    LinkedinProfileUrl,
    /// A LinkedIn company page address (`https://www.linkedin.com/company/unipile/`).
    LinkedinCompanyUrl,
    /// A WhatsApp user id made from a phone number (`33600000000@s.whatsapp.net`).
    WhatsappPhone {
        /// The phone number's digits, country code first (`33600000000`).
        phone: String,
    },
    /// A WhatsApp `@lid` user id (`0000000000@lid`). It holds **no** phone number: its
    /// digits are an opaque identifier and must never be read as one.
    WhatsappLid,
    /// A WhatsApp group id (`120363000000000000@g.us`). It names a chat, not a user.
    WhatsappGroup,
    /// A phone number written as digits, country code first (`33600000000`): the public
    /// identifier of a WhatsApp or Telegram user.
    PhoneNumber {
        /// The digits.
        digits: String,
    },
    /// A numeric user id (Instagram, Messenger, Telegram, X), such as `013456789`.
    ///
    /// On Instagram, send the profile's `provider_messaging_id` (the id that messages and
    /// attendees carry); a numeric `provider_id` taken from elsewhere has the same shape
    /// but may be refused.
    NumericUserId,
    /// A username (`unipile`, `@unipile`): the public identifier of an Instagram, X or
    /// Telegram user.
    Username,
    /// A Slack user id (`U012AB3CD`, or `W…` on Enterprise Grid).
    SlackUser,
    /// A Slack conversation id: a channel (`C…`), private channel (`G…`) or direct
    /// message (`D…`). It names a chat, not a user.
    SlackConversation,
    /// A kind defined by a provider outside this crate.
    Custom {
        /// A short name for the kind (`discord snowflake`).
        label: Cow<'static, str>,
        /// Whether ids of this kind can be sent as is in `attendees_ids`.
        attendee_id: bool,
    },
}

impl IdKind {
    /// Whether an id of this kind can be sent as is in `attendees_ids` to start a chat or
    /// message a user.
    ///
    /// True for internal user ids (LinkedIn member and company ids, WhatsApp `@s.whatsapp.net`
    /// and `@lid` ids, numeric ids, Slack user ids). False for public identifiers and
    /// addresses (resolve them with `GET /users/{identifier}` first) and for ids that name
    /// a chat (WhatsApp groups, Slack conversations: send into the chat instead).
    ///
    /// A LinkedIn member id works only in its own [`LinkedinProduct`].
    pub fn is_attendee_id(&self) -> bool {
        match self {
            IdKind::LinkedinMember { .. }
            | IdKind::LinkedinCompany
            | IdKind::WhatsappPhone { .. }
            | IdKind::WhatsappLid
            | IdKind::NumericUserId
            | IdKind::SlackUser => true,
            IdKind::LinkedinPublicIdentifier
            | IdKind::LinkedinCompanyPublicIdentifier
            | IdKind::LinkedinProfileUrl
            | IdKind::LinkedinCompanyUrl
            | IdKind::WhatsappGroup
            | IdKind::PhoneNumber { .. }
            | IdKind::Username
            | IdKind::SlackConversation => false,
            IdKind::Custom { attendee_id, .. } => *attendee_id,
        }
    }

    /// Whether this is a public identifier (a slug, username, phone number or profile
    /// address) that `GET /users/{identifier}` resolves into an internal id.
    pub fn is_public_identifier(&self) -> bool {
        matches!(
            self,
            IdKind::LinkedinPublicIdentifier
                | IdKind::LinkedinCompanyPublicIdentifier
                | IdKind::LinkedinProfileUrl
                | IdKind::LinkedinCompanyUrl
                | IdKind::PhoneNumber { .. }
                | IdKind::Username
        )
    }

    /// Whether the id names a chat (a group or a channel) rather than a user.
    pub fn is_chat_id(&self) -> bool {
        matches!(self, IdKind::WhatsappGroup | IdKind::SlackConversation)
    }

    /// The phone number inside a WhatsApp phone id, or of a phone-number identifier.
    ///
    /// Always `None` for `@lid` ids, which hold no phone number.
    pub fn phone_digits(&self) -> Option<&str> {
        match self {
            IdKind::WhatsappPhone { phone } => Some(phone),
            IdKind::PhoneNumber { digits } => Some(digits),
            _ => None,
        }
    }

    /// A short description for people (`LinkedIn member id (sales_navigator)`).
    pub fn describe(&self) -> Cow<'static, str> {
        let text = match self {
            IdKind::LinkedinMember { product } => {
                return Cow::Owned(format!("LinkedIn member id ({product})"));
            }
            IdKind::LinkedinCompany => "LinkedIn company id",
            IdKind::LinkedinPublicIdentifier => "LinkedIn public identifier",
            IdKind::LinkedinCompanyPublicIdentifier => "LinkedIn company public identifier",
            IdKind::LinkedinProfileUrl => "LinkedIn profile address",
            IdKind::LinkedinCompanyUrl => "LinkedIn company page address",
            IdKind::WhatsappPhone { .. } => "WhatsApp phone id",
            IdKind::WhatsappLid => "WhatsApp @lid id",
            IdKind::WhatsappGroup => "WhatsApp group id",
            IdKind::PhoneNumber { .. } => "phone number",
            IdKind::NumericUserId => "numeric user id",
            IdKind::Username => "username",
            IdKind::SlackUser => "Slack user id",
            IdKind::SlackConversation => "Slack conversation id",
            IdKind::Custom { label, .. } => return label.clone(),
        };
        Cow::Borrowed(text)
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}
