//! A user's profile, as `GET /users/{identifier}` returns it (`object: "UserProfile"`).
//!
//! The fields the documentation shows are typed; everything else (LinkedIn's education
//! and experience sections, another provider's fields) is kept as JSON in
//! [`UserProfile::extra`], so a new field never breaks reading.

use crate::model::id::ProviderId;
use crate::model::lenient;
use crate::model::provider_name::Provider;
use serde::{Deserialize, Serialize};

/// The locale a profile is written in.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ProfileLocale {
    /// The country code (`FR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The language code (`fr`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// A user's profile on a provider: the ids to message them with, their name and, on
/// LinkedIn, their standing in the account's network.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct UserProfile {
    /// The provider (`LINKEDIN`, `WHATSAPP`…).
    pub provider: Provider,
    /// The provider internal id: what `attendees_ids` takes.
    pub provider_id: ProviderId,
    /// The public identifier (a LinkedIn profile slug, a username, a phone number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_identifier: Option<String>,
    /// Instagram: the id to put in `attendees_ids` (not `provider_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_messaging_id: Option<String>,
    /// The first name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// The last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The headline (LinkedIn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// Where the user is, as written on the profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The profile's locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_locale: Option<ProfileLocale>,
    /// How far the user is in the account's network (`FIRST_DEGREE`…), as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_distance: Option<String>,
    /// Whether the user is a relation of the account.
    #[serde(
        default,
        deserialize_with = "lenient::opt_flag",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_relationship: Option<bool>,
    /// Whether this is the account's own profile.
    #[serde(
        default,
        deserialize_with = "lenient::opt_flag",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_self: Option<bool>,
    /// Whether anyone can message the user without a connection (LinkedIn open profile).
    #[serde(
        default,
        deserialize_with = "lenient::opt_flag",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_open_profile: Option<bool>,
    /// Whether the user has LinkedIn Premium.
    #[serde(
        default,
        deserialize_with = "lenient::opt_flag",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_premium: Option<bool>,
    /// Whether LinkedIn marks the user an influencer.
    #[serde(
        default,
        deserialize_with = "lenient::opt_flag",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_influencer: Option<bool>,
    /// Whether the user has LinkedIn creator mode on.
    #[serde(
        default,
        deserialize_with = "lenient::opt_flag",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_creator: Option<bool>,
    /// Websites listed on the profile.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub websites: Vec<String>,
    /// The number of followers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follower_count: Option<u64>,
    /// The number of connections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections_count: Option<u64>,
    /// Every other field, as sent (including `object`).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl UserProfile {
    /// A profile with only its provider and provider id.
    pub fn new(provider: Provider, provider_id: impl Into<ProviderId>) -> Self {
        let mut extra = serde_json::Map::new();
        extra.insert("object".into(), "UserProfile".into());
        Self {
            provider,
            provider_id: provider_id.into(),
            public_identifier: None,
            provider_messaging_id: None,
            first_name: None,
            last_name: None,
            headline: None,
            location: None,
            primary_locale: None,
            network_distance: None,
            is_relationship: None,
            is_self: None,
            is_open_profile: None,
            is_premium: None,
            is_influencer: None,
            is_creator: None,
            websites: Vec::new(),
            follower_count: None,
            connections_count: None,
            extra,
        }
    }

    /// The id to send to this user in `attendees_ids`: `provider_messaging_id` when
    /// given (Instagram), else `provider_id`.
    pub fn messaging_id(&self) -> ProviderId {
        match self
            .provider_messaging_id
            .as_deref()
            .filter(|s| !s.is_empty())
        {
            Some(id) => ProviderId::new(id),
            None => self.provider_id.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_linkedin_profile_and_keeps_the_rest() {
        let text =
            include_str!("../../../../tests/fixtures/reference/user-profile-linkedin.partial.json");
        let profile: UserProfile = serde_json::from_str(text).expect("the documented profile");
        assert_eq!(profile.provider, Provider::Linkedin);
        assert_eq!(
            profile.provider_id.as_str(),
            "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E"
        );
        assert_eq!(
            profile.public_identifier.as_deref(),
            Some("julien-crepieux")
        );
        assert_eq!(profile.is_relationship, Some(true));
        assert_eq!(profile.follower_count, Some(12801));
        assert_eq!(
            profile.primary_locale.and_then(|l| l.country).as_deref(),
            Some("FR")
        );
        assert_eq!(profile.extra.get("object"), Some(&"UserProfile".into()));
        let mut unknown: serde_json::Value = serde_json::from_str(text).expect("json");
        unknown["education"] = serde_json::json!([{"school": "X"}]);
        let profile: UserProfile = serde_json::from_value(unknown).expect("an unknown field");
        assert!(profile.extra.contains_key("education"));
    }
}
