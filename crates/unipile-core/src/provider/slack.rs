//! Slack ids: user ids and conversation ids.

use super::{IdKind, Normalized, Provider, ProviderRules};

/// The rules of Slack ids.
///
/// | input | kind | normalized |
/// |---|---|---|
/// | `U012AB3CD`, `W012AB3CD` | user id | itself |
/// | `C012AB3CD`, `G…`, `D…` | conversation id | invalid: a conversation is a chat |
///
/// Conservative: an id is one prefix letter followed by 8 to 20 capital letters and
/// digits; anything else is not recognised. No way to resolve a Slack name or e-mail
/// address is documented.
#[derive(Clone, Copy, Default, Debug)]
pub struct SlackRules;

fn body_is_id(body: &str) -> bool {
    (8..=20).contains(&body.len())
        && body
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl ProviderRules for SlackRules {
    fn provider(&self) -> Provider {
        Provider::Slack
    }

    fn classify(&self, id: &str) -> Option<IdKind> {
        let mut chars = id.chars();
        let prefix = chars.next()?;
        if !body_is_id(chars.as_str()) {
            return None;
        }
        match prefix {
            'U' | 'W' => Some(IdKind::SlackUser),
            'C' | 'G' | 'D' => Some(IdKind::SlackConversation),
            _ => None,
        }
    }

    fn normalize(&self, input: &str) -> Normalized {
        let text = input.trim();
        match self.classify(text) {
            Some(IdKind::SlackUser) => Normalized::resolved(text, IdKind::SlackUser),
            Some(_) => Normalized::invalid(
                input,
                "a conversation id names a chat, not a user: send into that chat instead",
            ),
            None => Normalized::invalid(
                input,
                "not a Slack user id (`U012AB3CD`); no way to resolve a Slack name is documented",
            ),
        }
    }
}
