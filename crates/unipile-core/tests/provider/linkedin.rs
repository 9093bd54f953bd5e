//! LinkedIn id rules: member ids per product, company ids, public identifiers, addresses.

use crate::support as provider_support;

use provider_support::{Want, check_classify, check_normalize};
use unipile_core::provider::{IdKind, LinkedinProduct, LinkedinRules, ProviderRules};

const ACO: &str = "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E";
const ACW: &str = "ACwAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E";
const AE: &str = "AEMAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E";
const ADO: &str = "ADoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E";

fn member(product: LinkedinProduct) -> Option<IdKind> {
    Some(IdKind::LinkedinMember { product })
}

#[test]
fn linkedin_classify() {
    use LinkedinProduct::*;
    check_classify(
        &LinkedinRules,
        &[
            (ACO, member(Classic)),
            (ACW, member(SalesNavigator)),
            (AE, member(Recruiter)),
            (ADO, member(Classic)),
            ("1234567", Some(IdKind::LinkedinCompany)),
            ("julien-crepieux", Some(IdKind::LinkedinPublicIdentifier)),
            // Slugs are lower case: a lower-case tail is not a member id.
            (
                "acoaaacdmmqbodylwzrrcgyhrkcafurgqva0u4e",
                Some(IdKind::LinkedinPublicIdentifier),
            ),
            ("ACo-short", Some(IdKind::LinkedinPublicIdentifier)),
            (
                "company/unipile",
                Some(IdKind::LinkedinCompanyPublicIdentifier),
            ),
            (
                "https://www.linkedin.com/in/julien-crepieux/",
                Some(IdKind::LinkedinProfileUrl),
            ),
            (
                "linkedin.com/in/julien-crepieux",
                Some(IdKind::LinkedinProfileUrl),
            ),
            (
                "linkedin.com/company/unipile",
                Some(IdKind::LinkedinCompanyUrl),
            ),
            ("https://example.com/in/julien-crepieux", None),
            ("https://evil-linkedin.com/in/julien-crepieux", None),
            ("33600000000@s.whatsapp.net", None),
            ("julien crepieux", None),
            ("ab", None),
            ("", None),
        ],
    );
}

#[test]
fn linkedin_normalize() {
    let rules = LinkedinRules;
    check_normalize(
        &rules,
        &[
            (ACO, Want::Id(ACO)),
            ("  ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E\n", Want::Id(ACO)),
            (ADO, Want::Id(ADO)),
            (
                "https://www.linkedin.com/in/ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E/",
                Want::Id(ACO),
            ),
            (
                "linkedin.com/in/ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E",
                Want::Id(ACO),
            ),
            (
                "http://fr.linkedin.com/in/ACwAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E?miniProfileUrn=x",
                Want::Id(ACW),
            ),
            (
                "urn:li:fsd_profile:ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E",
                Want::Id(ACO),
            ),
            ("1234567", Want::Id("1234567")),
            (
                "https://www.linkedin.com/company/1234567/",
                Want::Id("1234567"),
            ),
            ("julien-crepieux", Want::Lookup("julien-crepieux")),
            (
                "https://www.linkedin.com/in/julien-crepieux/",
                Want::Lookup("julien-crepieux"),
            ),
            (
                "www.linkedin.com/in/julien-crepieux?trk=public_profile#about",
                Want::Lookup("julien-crepieux"),
            ),
            (
                "https://www.linkedin.com/in/julien-crepieux/details/experience/",
                Want::Lookup("julien-crepieux"),
            ),
            (
                "https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa/",
                Want::Lookup("josé-garcía"),
            ),
            ("company/unipile", Want::Lookup("company/unipile")),
            (
                "https://www.linkedin.com/company/unipile/",
                Want::Lookup("company/unipile"),
            ),
            ("urn:li:member:123", Want::Invalid("URN")),
            (
                "https://www.linkedin.com/feed/",
                Want::Invalid("only profile"),
            ),
            (
                "https://www.linkedin.com/in/",
                Want::Invalid("only profile"),
            ),
            (
                "https://example.com/in/julien",
                Want::Invalid("not a LinkedIn address"),
            ),
            ("julien crepieux", Want::Invalid("not a LinkedIn member id")),
            ("", Want::Invalid("empty")),
            ("   ", Want::Invalid("empty")),
        ],
    );
}

#[test]
fn linkedin_member_ids_of_another_product_need_a_lookup() {
    let rules = LinkedinRules;
    let same = rules.normalize_for_product(ACO, LinkedinProduct::Classic);
    assert_eq!(same.attendee_id().expect("classic id in classic"), ACO);

    let other = rules.normalize_for_product(ACO, LinkedinProduct::SalesNavigator);
    let lookup = other.lookup_needed().expect("a conversion lookup");
    assert_eq!(lookup.identifier(), ACO);
    assert_eq!(
        lookup.query().collect::<Vec<_>>(),
        [("linkedin_api", "sales_navigator")]
    );
    assert!(
        lookup.reason().contains("classic member id"),
        "{}",
        lookup.reason()
    );

    let slug = rules.normalize_for_product("julien-crepieux", LinkedinProduct::Recruiter);
    let lookup = slug.lookup_needed().expect("a lookup");
    assert_eq!(
        lookup.query().collect::<Vec<_>>(),
        [("linkedin_api", "recruiter")]
    );
    let slug = rules.normalize_for_product("julien-crepieux", LinkedinProduct::Classic);
    assert_eq!(slug.lookup_needed().expect("a lookup").query().count(), 0);
}

#[test]
fn linkedin_chat_link() {
    let rules = LinkedinRules;
    assert_eq!(
        rules.chat_link("2-YjQ3OTJhNGQtMTIz==").as_deref(),
        Some("https://www.linkedin.com/messaging/thread/2-YjQ3OTJhNGQtMTIz%3D%3D/")
    );
    assert_eq!(
        rules.chat_link("a/../b?c").as_deref(),
        Some("https://www.linkedin.com/messaging/thread/a%2F..%2Fb%3Fc/")
    );
    assert_eq!(rules.chat_link(""), None);
    assert_eq!(rules.chat_link(".."), None);
}
