//! WhatsApp ids: phone ids, `@lid` ids, group ids, phone numbers.

use super::text::{Phone, is_digits_len, parse_phone, parse_web_address};
use super::{IdKind, Normalized, Provider, ProviderRules};
use crate::transport::encode_path_segment;

/// The rules of WhatsApp ids.
///
/// | input | kind | normalized |
/// |---|---|---|
/// | `33600000000@s.whatsapp.net` | phone id (phone `33600000000`) | itself |
/// | `0000000000@lid` | `@lid` id | itself |
/// | `120363000000000000@g.us` | group id | invalid: a group is a chat |
/// | `33600000000` | phone number | `33600000000@s.whatsapp.net` |
/// | `+33 6 00 00 00 00`, `0033600000000`, `(33) 600-000-000` | — | `33600000000@s.whatsapp.net` |
/// | `06 00 00 00 00` | — | invalid: no country code |
/// | `https://wa.me/33600000000` | — | `33600000000@s.whatsapp.net` |
///
/// A phone id is built from the number without asking WhatsApp, so it does not prove
/// that the number uses WhatsApp: `GET /users/{identifier}` tells.
///
/// An `@lid` id holds **no** phone number. Its digits are an opaque identifier that
/// WhatsApp uses to hide the number; these rules never read a number out of it, and
/// [`IdKind::phone_digits`] is `None` for it.
#[derive(Clone, Copy, Default, Debug)]
pub struct WhatsappRules;

const PHONE_DOMAIN: &str = "@s.whatsapp.net";
const LID_DOMAIN: &str = "@lid";
const GROUP_DOMAIN: &str = "@g.us";

/// Phone ids hold an international number: at most 15 digits (E.164).
fn is_phone_digits(text: &str) -> bool {
    is_digits_len(text, 6, 15) && !text.starts_with('0')
}

fn is_group_user(text: &str) -> bool {
    // `120363…@g.us`, or the older `<creator phone>-<creation time>@g.us`.
    let mut parts = text.splitn(2, '-');
    let first = parts.next().unwrap_or_default();
    is_digits_len(first, 1, 30) && parts.next().is_none_or(|p| is_digits_len(p, 1, 30))
}

fn phone_id(digits: String) -> Normalized {
    let id = format!("{digits}{PHONE_DOMAIN}");
    Normalized::resolved(id, IdKind::WhatsappPhone { phone: digits })
}

impl ProviderRules for WhatsappRules {
    fn provider(&self) -> Provider {
        Provider::Whatsapp
    }

    fn classify(&self, id: &str) -> Option<IdKind> {
        if let Some(user) = id.strip_suffix(PHONE_DOMAIN) {
            return is_phone_digits(user).then(|| IdKind::WhatsappPhone {
                phone: user.to_owned(),
            });
        }
        if let Some(user) = id.strip_suffix(LID_DOMAIN) {
            return is_digits_len(user, 1, 30).then_some(IdKind::WhatsappLid);
        }
        if let Some(user) = id.strip_suffix(GROUP_DOMAIN) {
            return is_group_user(user).then_some(IdKind::WhatsappGroup);
        }
        is_phone_digits(id).then(|| IdKind::PhoneNumber {
            digits: id.to_owned(),
        })
    }

    fn normalize(&self, input: &str) -> Normalized {
        let text = input.trim();
        if text.is_empty() {
            return Normalized::invalid(input, "an empty string names no one");
        }
        match self.classify(text) {
            Some(kind @ (IdKind::WhatsappPhone { .. } | IdKind::WhatsappLid)) => {
                return Normalized::resolved(text, kind);
            }
            Some(IdKind::WhatsappGroup) => {
                return Normalized::invalid(
                    input,
                    "a group id names a chat, not a user: send into the group's chat instead",
                );
            }
            Some(IdKind::PhoneNumber { digits }) => return phone_id(digits),
            _ => {}
        }
        if text.contains('@') {
            return Normalized::invalid(
                input,
                "not a WhatsApp user id: those end in `@s.whatsapp.net` or `@lid`",
            );
        }
        if let Some(address) = parse_web_address(text).filter(|a| a.host == "wa.me") {
            return match address.segments.as_slice() {
                [digits] if is_phone_digits(digits) => phone_id(digits.clone()),
                _ => Normalized::invalid(input, "this wa.me address holds no phone number"),
            };
        }
        match parse_phone(text) {
            Phone::International(digits) => phone_id(digits),
            Phone::Local(_) => Normalized::invalid(
                input,
                "a national number without a country code: which country it belongs to \
                 cannot be known, and a lookup needs it too; write it in international form \
                 (`+33 6 00 00 00 00`)",
            ),
            Phone::Invalid(reason) => Normalized::invalid(input, reason),
            Phone::Other => Normalized::invalid(
                input,
                "not a WhatsApp id (`33600000000@s.whatsapp.net`, `…@lid`) or phone number",
            ),
        }
    }

    /// `https://wa.me/<digits>`, for a phone id only: an `@lid` id has no number to put
    /// in the link, and a group has no such link.
    fn chat_link(&self, chat_provider_id: &str) -> Option<String> {
        match self.classify(chat_provider_id)? {
            IdKind::WhatsappPhone { phone } => {
                Some(format!("https://wa.me/{}", encode_path_segment(&phone)))
            }
            _ => None,
        }
    }
}
