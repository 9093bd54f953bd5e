//! LinkedIn ids: member ids per product, company ids, public identifiers, profile addresses.

use super::text::{is_digits_len, parse_web_address};
use super::{IdKind, LinkedinProduct, Normalized, Provider, ProviderRules};
use crate::transport::encode_path_segment;

/// The rules of LinkedIn ids.
///
/// | input | kind | normalized |
/// |---|---|---|
/// | `ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E` | member id (Classic; `ACw…` Sales Navigator, `AE…` Recruiter, `ADo…` Classic) | itself |
/// | `1234567` | company id | itself |
/// | `julien-crepieux` | public identifier | lookup `julien-crepieux` |
/// | `company/unipile` | company public identifier | lookup `company/unipile` |
/// | `https://www.linkedin.com/in/ACoAAA…/` | profile address | the id in it |
/// | `linkedin.com/in/julien-crepieux?trk=x` | profile address | lookup `julien-crepieux` |
/// | `https://www.linkedin.com/company/unipile/` | company page address | lookup `company/unipile` |
/// | `urn:li:fsd_profile:ACoAAA…` | — | the id in it |
///
/// A member id only works in its own product: use
/// [`normalize_for_product`](LinkedinRules::normalize_for_product) to get an id that the
/// sending product accepts, or the lookup that converts it.
#[derive(Clone, Copy, Default, Debug)]
pub struct LinkedinRules;

/// The lengths a member id may have. Known ids are 39 characters long.
const MEMBER_ID_LEN: std::ops::RangeInclusive<usize> = 20..=80;
/// Company ids are "a series of numbers".
const COMPANY_ID_DIGITS: std::ops::RangeInclusive<usize> = 1..=20;
/// LinkedIn allows 3 to 100 characters in a custom profile address.
const SLUG_LEN: std::ops::RangeInclusive<usize> = 3..=100;

const LOOKUP_SLUG: &str = "a public identifier must be resolved into the member's internal id";
const LOOKUP_COMPANY: &str = "a company's public identifier must be resolved into its id";

/// The product of a member id, when `id` is one.
///
/// A member id is its product prefix followed by URL-safe base64 (`A–Z a–z 0–9 - _`),
/// with at least one capital after the prefix: profile slugs are lower case, so an
/// all-lower-case tail is read as a slug.
fn member_product(id: &str) -> Option<LinkedinProduct> {
    let product = LinkedinProduct::from_member_id_prefix(id)?;
    let prefix_len = if id.starts_with("AE") { 2 } else { 3 };
    let base64url = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    let well_formed = MEMBER_ID_LEN.contains(&id.len())
        && id.bytes().all(base64url)
        && id.bytes().skip(prefix_len).any(|b| b.is_ascii_uppercase());
    well_formed.then_some(product)
}

fn is_company_id(id: &str) -> bool {
    is_digits_len(id, *COMPANY_ID_DIGITS.start(), *COMPANY_ID_DIGITS.end())
}

/// Whether `text` can be a profile or company slug: letters (any script), digits, `-`, `_`.
fn is_slug(text: &str) -> bool {
    SLUG_LEN.contains(&text.chars().count()) && is_slug_chars(text)
}

fn company_slug(text: &str) -> Option<&str> {
    let slug = text.strip_prefix("company/")?;
    let slug = slug.strip_suffix('/').unwrap_or(slug);
    (!slug.is_empty() && slug.chars().count() <= *SLUG_LEN.end() && is_slug_chars(slug))
        .then_some(slug)
}

fn is_slug_chars(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && text.chars().any(char::is_alphanumeric)
}

/// A LinkedIn web address: `/in/<x>` or `/company/<x>`, on linkedin.com or a subdomain.
enum LinkedinAddress {
    Profile(String),
    Company(String),
    Other,
}

fn linkedin_address(input: &str) -> Option<LinkedinAddress> {
    if !input.contains('/') {
        return None;
    }
    let address = parse_web_address(input)?;
    if !address.is_on("linkedin.com") {
        return None;
    }
    let mut segments = address.segments.into_iter();
    let first = segments.next();
    let second = segments.next();
    Some(match (first.as_deref(), second) {
        (Some("in"), Some(x)) => LinkedinAddress::Profile(x),
        (Some("company"), Some(x)) => LinkedinAddress::Company(x),
        _ => LinkedinAddress::Other,
    })
}

impl LinkedinRules {
    /// Like [`normalize`](ProviderRules::normalize), for sending from `product`.
    ///
    /// A member id of another product becomes a lookup with `linkedin_api` set to
    /// `product`, which returns the member's id in that product; so does a public
    /// identifier when `product` is not Classic.
    pub fn normalize_for_product(&self, input: &str, product: LinkedinProduct) -> Normalized {
        match self.normalize(input) {
            Normalized::Resolved {
                id,
                kind: IdKind::LinkedinMember { product: of_id },
            } if of_id != product => {
                let reason =
                    format!("this is a {of_id} member id; in {product} the member has another id");
                Normalized::LookupNeeded(
                    super::Lookup::new(id.into_string(), reason)
                        .with_query("linkedin_api", product.api_name()),
                )
            }
            Normalized::LookupNeeded(lookup) if product != LinkedinProduct::Classic => {
                Normalized::LookupNeeded(lookup.with_query("linkedin_api", product.api_name()))
            }
            other => other,
        }
    }

    fn normalize_profile_segment(input: &str, segment: String) -> Normalized {
        if let Some(product) = member_product(&segment) {
            Normalized::resolved(segment, IdKind::LinkedinMember { product })
        } else if is_slug(&segment) {
            Normalized::lookup(segment, LOOKUP_SLUG)
        } else {
            Normalized::invalid(
                input,
                "the profile address holds neither a member id nor a public identifier",
            )
        }
    }

    fn normalize_company_segment(input: &str, segment: String) -> Normalized {
        if is_company_id(&segment) {
            Normalized::resolved(segment, IdKind::LinkedinCompany)
        } else if is_slug_chars(&segment) {
            Normalized::lookup(format!("company/{segment}"), LOOKUP_COMPANY)
        } else {
            Normalized::invalid(
                input,
                "the company page address holds neither a company id nor a public identifier",
            )
        }
    }
}

impl ProviderRules for LinkedinRules {
    fn provider(&self) -> Provider {
        Provider::Linkedin
    }

    fn classify(&self, id: &str) -> Option<IdKind> {
        if let Some(product) = member_product(id) {
            return Some(IdKind::LinkedinMember { product });
        }
        if is_company_id(id) {
            return Some(IdKind::LinkedinCompany);
        }
        if company_slug(id).is_some() {
            return Some(IdKind::LinkedinCompanyPublicIdentifier);
        }
        if let Some(address) = linkedin_address(id) {
            return match address {
                LinkedinAddress::Profile(_) => Some(IdKind::LinkedinProfileUrl),
                LinkedinAddress::Company(_) => Some(IdKind::LinkedinCompanyUrl),
                LinkedinAddress::Other => None,
            };
        }
        is_slug(id).then_some(IdKind::LinkedinPublicIdentifier)
    }

    fn normalize(&self, input: &str) -> Normalized {
        let text = input.trim();
        if text.is_empty() {
            return Normalized::invalid(input, "an empty string names no one");
        }
        if let Some(product) = member_product(text) {
            return Normalized::resolved(text, IdKind::LinkedinMember { product });
        }
        if is_company_id(text) {
            return Normalized::resolved(text, IdKind::LinkedinCompany);
        }
        if let Some(tail) = text.strip_prefix("urn:li:") {
            let id = tail.rsplit(':').next().unwrap_or_default();
            return match member_product(id) {
                Some(product) => Normalized::resolved(id, IdKind::LinkedinMember { product }),
                None => Normalized::invalid(input, "this LinkedIn URN does not end in a member id"),
            };
        }
        if let Some(slug) = company_slug(text) {
            return Normalized::lookup(format!("company/{slug}"), LOOKUP_COMPANY);
        }
        match linkedin_address(text) {
            Some(LinkedinAddress::Profile(segment)) => {
                return Self::normalize_profile_segment(input, segment);
            }
            Some(LinkedinAddress::Company(segment)) => {
                return Self::normalize_company_segment(input, segment);
            }
            Some(LinkedinAddress::Other) => {
                return Normalized::invalid(
                    input,
                    "only profile (`/in/…`) and company (`/company/…`) addresses name someone",
                );
            }
            None => {}
        }
        if text.contains('/') {
            return Normalized::invalid(input, "not a LinkedIn address");
        }
        if is_slug(text) {
            return Normalized::lookup(text, LOOKUP_SLUG);
        }
        Normalized::invalid(
            input,
            "not a LinkedIn member id (`ACo…`, `ACw…`, `AE…`, `ADo…`), company id (digits), \
             public identifier (`julien-crepieux`, `company/unipile`) or profile address",
        )
    }

    /// `https://www.linkedin.com/messaging/thread/{id}/`.
    fn chat_link(&self, chat_provider_id: &str) -> Option<String> {
        if matches!(chat_provider_id, "" | "." | "..") {
            return None;
        }
        Some(format!(
            "https://www.linkedin.com/messaging/thread/{}/",
            encode_path_segment(chat_provider_id)
        ))
    }
}
