//! Creating chats.

use unipile_core::{AccountId, AttendeeId, ChatId};

use super::{ChatRec, State};

/// Creates a chat between the account and `attendees` (a group when several).
pub(crate) fn create_chat(
    state: &mut State,
    account_id: &AccountId,
    attendees: Vec<AttendeeId>,
    title: Option<String>,
    subject: Option<String>,
    inmail: bool,
) -> ChatId {
    let seq = state.next_seq();
    let now = state.now_ms();
    let id = ChatId::new(state.new_id(22));
    let provider_id = state.new_id(30);
    let account_type = state.accounts[account_id].account_type.clone();
    let group = attendees.len() > 1;
    let first = attendees.first().and_then(|a| state.attendees.get(a));
    let name = if group {
        title
    } else {
        first.map(|a| a.name.clone())
    };
    let attendee_provider_id = if group {
        None
    } else {
        first.map(|a| a.provider_id.clone())
    };
    state.insert_chat(ChatRec {
        id: id.clone(),
        account_id: account_id.clone(),
        account_type,
        provider_id,
        name,
        kind: u8::from(group),
        timestamp: None,
        unread_count: 0,
        archived: false,
        muted: false,
        pinned: false,
        labels: Vec::new(),
        read_only: 0,
        attendee_provider_id,
        subject,
        content_type: inmail.then(|| "inmail".to_owned()),
        folder: vec!["INBOX".to_owned()],
        attendees,
        messages: Default::default(),
        key: (now, seq),
    });
    id
}
