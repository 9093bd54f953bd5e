//! The outcome of turning user input into an attendee id: [`Normalized`].

use super::IdKind;
use crate::error::InvalidRequest;
use crate::model::id::ProviderId;
use std::borrow::Cow;
use std::fmt;

/// What [`ProviderRules::normalize`](super::ProviderRules::normalize) made of user input.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Normalized {
    /// The input names a user deterministically: `id` can be sent in `attendees_ids`.
    Resolved {
        /// The provider id to send.
        id: ProviderId,
        /// What kind of id it is.
        kind: IdKind,
    },
    /// The input is a public identifier: only `GET /users/{identifier}` (with the
    /// `account_id` of the account that will send) can turn it into an id.
    LookupNeeded(Lookup),
    /// The input cannot name a user of this provider.
    Invalid(InvalidInput),
}

impl Normalized {
    /// A resolved id of `kind`.
    pub fn resolved(id: impl Into<ProviderId>, kind: IdKind) -> Self {
        Normalized::Resolved {
            id: id.into(),
            kind,
        }
    }

    /// A lookup of `identifier`, needed for the given reason.
    pub fn lookup(identifier: impl Into<String>, reason: impl Into<Cow<'static, str>>) -> Self {
        Normalized::LookupNeeded(Lookup::new(identifier, reason))
    }

    /// Invalid `input`, for the given reason.
    pub fn invalid(input: impl Into<String>, reason: impl Into<Cow<'static, str>>) -> Self {
        Normalized::Invalid(InvalidInput::new(input, reason))
    }

    /// The id to send in `attendees_ids`, when the input resolved to one.
    pub fn attendee_id(&self) -> Option<&ProviderId> {
        match self {
            Normalized::Resolved { id, .. } => Some(id),
            _ => None,
        }
    }

    /// The kind of the resolved id.
    pub fn kind(&self) -> Option<&IdKind> {
        match self {
            Normalized::Resolved { kind, .. } => Some(kind),
            _ => None,
        }
    }

    /// The lookup to make, when one is needed.
    pub fn lookup_needed(&self) -> Option<&Lookup> {
        match self {
            Normalized::LookupNeeded(lookup) => Some(lookup),
            _ => None,
        }
    }

    /// Why the input is invalid, when it is.
    pub fn invalid_input(&self) -> Option<&InvalidInput> {
        match self {
            Normalized::Invalid(invalid) => Some(invalid),
            _ => None,
        }
    }
}

/// A `GET /users/{identifier}` call needed to turn a public identifier into an id.
///
/// Send [`identifier`](Lookup::identifier) as the one path segment (percent-encoded), with
/// the `account_id` of the account that will send, plus any [`query`](Lookup::query)
/// pairs; the profile's `provider_id` is then the attendee id (on Instagram, its
/// `provider_messaging_id`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Lookup {
    identifier: String,
    reason: Cow<'static, str>,
    query: Vec<(Cow<'static, str>, String)>,
}

impl Lookup {
    /// A lookup of `identifier`, needed for the given reason.
    pub fn new(identifier: impl Into<String>, reason: impl Into<Cow<'static, str>>) -> Self {
        Self {
            identifier: identifier.into(),
            reason: reason.into(),
            query: Vec::new(),
        }
    }

    /// Adds a query parameter to send besides `account_id` (`linkedin_api`, say).
    pub fn with_query(
        mut self,
        key: impl Into<Cow<'static, str>>,
        value: impl Into<String>,
    ) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// The identifier to put in the path of `GET /users/{identifier}`, not yet encoded.
    pub fn identifier(&self) -> &str {
        &self.identifier
    }

    /// Why the input could not be resolved without asking Unipile.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// Query parameters to send besides `account_id`, in order.
    pub fn query(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query.iter().map(|(k, v)| (k.as_ref(), v.as_str()))
    }
}

impl fmt::Display for Lookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "resolve `{}` with GET /users/{{identifier}}: {}",
            self.identifier, self.reason
        )
    }
}

/// Input that cannot name a user of a provider, and why.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct InvalidInput {
    input: String,
    reason: Cow<'static, str>,
}

impl InvalidInput {
    /// `input` is invalid for the given reason.
    pub fn new(input: impl Into<String>, reason: impl Into<Cow<'static, str>>) -> Self {
        Self {
            input: input.into(),
            reason: reason.into(),
        }
    }

    /// The input as given.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// Why it cannot name a user, and what to give instead.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// This as an [`InvalidRequest`] on `parameter` (`attendees_ids`, say).
    pub fn into_invalid_request(self, parameter: impl Into<String>) -> InvalidRequest {
        InvalidRequest::new(parameter, self.to_string())
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.input, self.reason)
    }
}

impl std::error::Error for InvalidInput {}
