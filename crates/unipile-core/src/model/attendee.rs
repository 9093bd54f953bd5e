//! Chat attendees: the people (and pages) in an account's chats.
//!
//! `GET /chats/{id}/attendees` and `GET /chat_attendees` return a `ChatAttendeeList`
//! (read it as a [`crate::Page`]`<ChatAttendee>`; the first has no cursor).

use crate::model::id::{AccountId, AttendeeId, ProviderId};
use crate::model::lenient;
use crate::model::provider_name::Provider;
use serde::{Deserialize, Serialize};

open_string_enum! {
    /// How far a LinkedIn attendee is in the account's network (`network_distance`).
    pub enum NetworkDistance {
        /// A first-degree relation.
        Distance1 => "DISTANCE_1",
        /// A second-degree relation.
        Distance2 => "DISTANCE_2",
        /// A third-degree relation.
        Distance3 => "DISTANCE_3",
        /// Out of the account's network.
        OutOfNetwork => "OUT_OF_NETWORK",
        /// The connected account itself.
        SelfProfile => "SELF",
    }
}

/// One social handle in an attendee's contact info.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct SocialHandle {
    /// The network (`TWITTER`…), as sent.
    #[serde(
        rename = "type",
        default,
        deserialize_with = "lenient::null_as_default"
    )]
    pub kind: String,
    /// The handle on that network.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub name: String,
}

impl SocialHandle {
    /// The handle `name` on the network `kind`.
    pub fn new(kind: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            name: name.into(),
        }
    }
}

/// The contact details LinkedIn shares about a relation.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ContactInfo {
    /// Email addresses.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub emails: Vec<String>,
    /// Phone numbers.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub phone_numbers: Vec<String>,
    /// Websites.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub websites: Vec<String>,
    /// Handles on other social networks.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub social_handles: Vec<SocialHandle>,
}

/// Provider-specific details of an attendee. Only LinkedIn documents them; every field
/// is optional so another provider's details read as far as they match.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct AttendeeSpecifics {
    /// The provider these details come from (`LINKEDIN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Provider>,
    /// The LinkedIn member URN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_urn: Option<String>,
    /// The attendee's occupation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
    /// How far the attendee is in the account's network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_distance: Option<NetworkDistance>,
    /// Whether an invitation to connect is pending.
    #[serde(
        default,
        deserialize_with = "lenient::opt_flag",
        skip_serializing_if = "Option::is_none"
    )]
    pub pending_invitation: Option<bool>,
    /// Where the attendee is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The attendee's headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// Contact details, for relations who share them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_info: Option<ContactInfo>,
}

/// A person (or page) taking part in an account's chats.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("ChatAttendee"))
)]
#[serde(tag = "object", rename = "ChatAttendee")]
#[non_exhaustive]
pub struct ChatAttendee {
    /// The Unipile attendee id (a message's `sender_attendee_id`).
    pub id: AttendeeId,
    /// The Unipile id of the account that sees this attendee.
    #[serde(
        default = "lenient::empty::<AccountId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub account_id: AccountId,
    /// The provider's id of the attendee (a message's `sender_id`).
    #[serde(
        default = "lenient::empty::<ProviderId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub provider_id: ProviderId,
    /// The attendee's display name (empty if Unipile sent none).
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub name: String,
    /// Whether the attendee is the connected account's user.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_self: bool,
    /// Whether the attendee is hidden.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub hidden: bool,
    /// A picture of the attendee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture_url: Option<String>,
    /// The attendee's profile page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_url: Option<String>,
    /// Provider-specific details (LinkedIn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specifics: Option<AttendeeSpecifics>,
}

impl ChatAttendee {
    /// An attendee with the fields every attendee has; the rest empty or `None`.
    pub fn new(
        id: impl Into<AttendeeId>,
        account_id: impl Into<AccountId>,
        provider_id: impl Into<ProviderId>,
        name: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            account_id: account_id.into(),
            provider_id: provider_id.into(),
            name: name.into(),
            is_self: false,
            hidden: false,
            picture_url: None,
            profile_url: None,
            specifics: None,
        }
    }

    /// How far the attendee is in the account's LinkedIn network, when known.
    pub fn network_distance(&self) -> Option<&NetworkDistance> {
        self.specifics.as_ref()?.network_distance.as_ref()
    }
}
