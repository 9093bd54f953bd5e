//! Users: the profile lookup that turns a public identifier into a provider id.

use super::endpoints::USERS_GET;
use super::lists::push;
use super::start_chat::LinkedinApi;
use super::{ApiRequest, Endpoint, non_empty};
use crate::error::InvalidRequest;
use crate::model::id::AccountId;
use crate::model::user_profile::UserProfile;
use crate::provider::Lookup;
use crate::transport::HttpRequest;

/// Reads a user's profile: `GET /users/{identifier}?account_id=…`.
///
/// `identifier` is a provider internal id or a public one (a LinkedIn profile slug, a
/// username, a phone number). For Sales Navigator and Recruiter, ask with
/// [`linkedin_api`](GetUserProfile::linkedin_api): the member has another id there.
///
/// ```
/// use unipile_core::request::{ApiRequest, GetUserProfile, LinkedinApi};
///
/// let http = GetUserProfile::new("julien-crepieux", "acc")
///     .linkedin_api(LinkedinApi::SalesNavigator)
///     .to_http()
///     .unwrap();
/// assert_eq!(
///     http.path_and_query(),
///     "/users/julien-crepieux?account_id=acc&linkedin_api=sales_navigator"
/// );
/// let err = GetUserProfile::new("x", "").to_http().unwrap_err();
/// assert_eq!(err.parameter(), "account_id");
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct GetUserProfile {
    identifier: String,
    account_id: AccountId,
    linkedin_api: Option<LinkedinApi>,
    query: Vec<(String, String)>,
}

impl GetUserProfile {
    /// The profile of `identifier`, seen from the account `account_id` (required).
    pub fn new(identifier: impl Into<String>, account_id: impl Into<AccountId>) -> Self {
        Self {
            identifier: identifier.into(),
            account_id: account_id.into(),
            linkedin_api: None,
            query: Vec::new(),
        }
    }

    /// The lookup the provider rules asked for
    /// ([`Normalized::LookupNeeded`](crate::provider::Normalized::LookupNeeded)), with its
    /// query (such as `linkedin_api`).
    pub fn from_lookup(lookup: &Lookup, account_id: impl Into<AccountId>) -> Self {
        let mut request = Self::new(lookup.identifier(), account_id);
        for (key, value) in lookup.query() {
            if key == "linkedin_api" {
                request.linkedin_api = Some(LinkedinApi::from(value));
            } else {
                request.query.push((key.to_owned(), value.to_owned()));
            }
        }
        request
    }

    /// The LinkedIn product whose id to return (`linkedin_api`): Recruiter and Sales
    /// Navigator members have ids of their own.
    pub fn linkedin_api(mut self, api: LinkedinApi) -> Self {
        self.linkedin_api = Some(api);
        self
    }

    /// The identifier looked up.
    pub fn identifier(&self) -> &str {
        &self.identifier
    }
}

impl ApiRequest for GetUserProfile {
    type Response = UserProfile;
    const ENDPOINT: Endpoint = USERS_GET;

    /// Query, in order: `account_id`, `linkedin_api`, then any other parameter of the
    /// lookup.
    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        let mut request = Self::ENDPOINT.http_request(&[("user_id", &self.identifier)])?;
        non_empty("account_id", self.account_id.as_str())?;
        push(&mut request, "account_id", self.account_id.as_str());
        if let Some(api) = &self.linkedin_api {
            non_empty("linkedin_api", api.as_str())?;
            push(&mut request, "linkedin_api", api.as_str());
        }
        for (key, value) in &self.query {
            non_empty(key, value)?;
            push(&mut request, key, value.as_str());
        }
        Ok(request)
    }
}
