//! Attendees: their profile links, and the attendee a provider id names.

use unipile_core::{AccountId, AttendeeId};

use super::{AttendeeRec, State};

/// A profile link for an attendee of `account_type`.
pub(crate) fn profile_url(account_type: &str, provider_id: &str) -> Option<String> {
    let id = unipile_core::transport::encode_path_segment(provider_id);
    match account_type {
        "LINKEDIN" => Some(format!("https://www.linkedin.com/in/{id}/")),
        "INSTAGRAM" => Some(format!("https://www.instagram.com/{id}/")),
        "TWITTER" => Some(format!("https://x.com/i/user/{id}")),
        _ => None,
    }
}

/// The attendee with provider id `provider_id` in `account_id`, created if new.
pub(crate) fn attendee_for(
    state: &mut State,
    account_id: &AccountId,
    provider_id: &str,
) -> AttendeeId {
    if let Some(found) = state
        .attendees
        .values()
        .find(|a| a.account_id == *account_id && a.provider_id == provider_id)
    {
        return found.id.clone();
    }
    let seq = state.next_seq();
    let now = state.now_ms();
    let id = AttendeeId::new(state.new_id(22));
    let account_type = state.accounts[account_id].account_type.clone();
    state.insert_attendee(AttendeeRec {
        id: id.clone(),
        account_id: account_id.clone(),
        provider_id: provider_id.to_owned(),
        name: provider_id.to_owned(),
        is_self: false,
        hidden: false,
        picture_url: None,
        profile_url: profile_url(&account_type, provider_id),
        linkedin: None,
        key: (now, seq),
    });
    id
}
