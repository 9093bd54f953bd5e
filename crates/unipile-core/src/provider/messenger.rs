//! Messenger ids: numeric.

use super::text::is_numeric_user_id;
use super::{IdKind, Normalized, Provider, ProviderRules};

/// The rules of Messenger ids.
///
/// | input | kind | normalized |
/// |---|---|---|
/// | `100012345678901` | numeric user id | itself |
/// | anything else | — | invalid |
///
/// Messenger ids are numeric, as Unipile gives them in attendees and messages. No public
/// identifier for Messenger users is documented, so names are not resolved.
#[derive(Clone, Copy, Default, Debug)]
pub struct MessengerRules;

impl ProviderRules for MessengerRules {
    fn provider(&self) -> Provider {
        Provider::Messenger
    }

    fn classify(&self, id: &str) -> Option<IdKind> {
        is_numeric_user_id(id).then_some(IdKind::NumericUserId)
    }

    fn normalize(&self, input: &str) -> Normalized {
        let text = input.trim();
        match self.classify(text) {
            Some(kind) => Normalized::resolved(text, kind),
            None => Normalized::invalid(
                input,
                "Messenger user ids are numeric; take them from the attendees or messages \
                 of a Messenger account (no way to resolve a name is documented)",
            ),
        }
    }
}
