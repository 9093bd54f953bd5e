//! Helpers shared by the provider rule tables.

use unipile_core::provider::{IdKind, Normalized, ProviderRules};

/// What `normalize` should give.
#[derive(Debug)]
pub enum Want {
    /// Resolved to this attendee id.
    Id(&'static str),
    /// A lookup of this identifier.
    Lookup(&'static str),
    /// Invalid, with a reason containing this text.
    Invalid(&'static str),
}

pub fn check_normalize(rules: &dyn ProviderRules, table: &[(&str, Want)]) {
    for (input, want) in table {
        let got = rules.normalize(input);
        match (want, &got) {
            (Want::Id(id), Normalized::Resolved { id: got_id, kind }) => {
                assert_eq!(got_id, id, "{input:?}");
                assert!(kind.is_attendee_id(), "{input:?}: {kind:?} not sendable");
                assert_eq!(
                    rules.classify(got_id.as_str()).as_ref(),
                    Some(kind),
                    "{input:?}: the resolved id classifies as its kind"
                );
            }
            (Want::Lookup(identifier), Normalized::LookupNeeded(lookup)) => {
                assert_eq!(lookup.identifier(), *identifier, "{input:?}");
                assert!(!lookup.reason().is_empty(), "{input:?}");
            }
            (Want::Invalid(reason), Normalized::Invalid(invalid)) => {
                assert!(
                    invalid.reason().contains(reason),
                    "{input:?}: reason {:?} lacks {reason:?}",
                    invalid.reason()
                );
                assert_eq!(invalid.input(), *input);
            }
            _ => panic!("{input:?}: want {want:?}, got {got:?}"),
        }
    }
}

pub fn check_classify(rules: &dyn ProviderRules, table: &[(&str, Option<IdKind>)]) {
    for (id, want) in table {
        assert_eq!(&rules.classify(id), want, "{id:?}");
    }
}
