//! Records rendered as core's API types, which serialize with Unipile's `"object"` tag.

use unipile_core::model::account::{
    Account, AccountSource, AccountType, ConnectionParams, ImParams, PremiumFeature, SourceStatus,
};
use unipile_core::model::attendee::{AttendeeSpecifics, ChatAttendee, NetworkDistance};
use unipile_core::model::chat::{
    Chat, ChatContentType, ChatFolder, ChatType, MutedUntil, ReadOnly,
};
use unipile_core::model::message::Message;
use unipile_core::model::webhook_registration::{
    Webhook, WebhookAccount, WebhookFormat, WebhookHeader, WebhookSource, WebhookType,
};
use unipile_core::{Provider, ProviderId};

use crate::state::time::time;
use crate::state::{AccountRec, AttendeeRec, ChatRec, MessageRec, State, WebhookRec};

/// Milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub(crate) fn iso(ms: i64) -> String {
    unipile_core::model::timestamp::format_millis(&time(ms))
}

/// A message is stored as the API object: rendering it is borrowing it.
pub(crate) fn message(m: &MessageRec) -> &Message {
    &m.message
}

pub(crate) fn account(a: &AccountRec) -> Account {
    let mut im = ImParams::default();
    match a.account_type.as_str() {
        "WHATSAPP" => im.phone_number = Some(a.username.clone()),
        "TELEGRAM" => {
            im.user_id = Some(ProviderId::new(a.user_id.as_str()));
            im.username = Some(a.username.clone());
        }
        kind => {
            im.id = Some(ProviderId::new(a.user_id.as_str()));
            im.username = Some(a.username.clone());
            if kind == "LINKEDIN" {
                im.premium_features = vec![PremiumFeature::from("premium")];
            }
        }
    }
    let mut params = ConnectionParams::default();
    params.im = Some(im);
    let mut account = Account::new(
        a.id.clone(),
        a.name.clone(),
        AccountType::from(a.account_type.as_str()),
    );
    account.created_at = Some(time(a.created_at));
    account.connection_params = params;
    let status = if a.disconnected { "CREDENTIALS" } else { "OK" };
    account.sources = vec![AccountSource::new(
        format!("{}_MESSAGING", a.id),
        SourceStatus::from(status),
    )];
    account
}

pub(crate) fn attendee(a: &AttendeeRec) -> ChatAttendee {
    let mut out = ChatAttendee::new(
        a.id.clone(),
        a.account_id.clone(),
        a.provider_id.as_str(),
        a.name.clone(),
    );
    out.is_self = a.is_self;
    out.hidden = a.hidden;
    out.picture_url = a.picture_url.clone();
    out.profile_url = a.profile_url.clone();
    if let Some((occupation, distance)) = &a.linkedin {
        let mut specifics = AttendeeSpecifics::default();
        specifics.provider = Some(Provider::Linkedin);
        specifics.member_urn = Some(format!("urn:li:member:{}", a.key.1 * 7919));
        specifics.occupation = Some(occupation.clone());
        specifics.network_distance = Some(NetworkDistance::from(distance.as_str()));
        out.specifics = Some(specifics);
    }
    out
}

pub(crate) fn chat(c: &ChatRec) -> Chat {
    let mut out = Chat::new(
        c.id.clone(),
        c.account_id.clone(),
        Provider::from(c.account_type.as_str()),
        c.provider_id.as_str(),
    );
    out.attendee_provider_id = c.attendee_provider_id.as_deref().map(ProviderId::new);
    out.name = c.name.clone();
    out.chat_type = ChatType::from(i64::from(c.kind));
    out.timestamp = c.timestamp.map(time);
    out.unread_count = c.unread_count;
    out.archived = c.archived;
    if c.muted {
        out.muted_until = MutedUntil::Forever;
    }
    out.pinned = c.pinned;
    out.read_only = ReadOnly::from(i64::from(c.read_only));
    out.subject = c.subject.clone();
    out.content_type = c.content_type.as_deref().map(ChatContentType::from);
    out.folder = c
        .folder
        .iter()
        .map(|f| ChatFolder::from(f.as_str()))
        .collect();
    out
}

pub(crate) fn webhook(state: &State, w: &WebhookRec) -> Webhook {
    let mut out = Webhook::new(w.id.clone(), w.request_url.clone());
    out.account_ids = w
        .account_ids
        .iter()
        .filter_map(|id| state.accounts.get(id))
        .map(|a| {
            let mut account = WebhookAccount::new(a.id.clone());
            account.name = Some(a.name.clone());
            account.account_type = Some(AccountType::from(a.account_type.as_str()));
            account
        })
        .collect();
    out.enabled = w.enabled;
    out.name = w.name.clone();
    out.format = WebhookFormat::from(w.format.as_str());
    out.headers = w
        .headers
        .iter()
        .map(|(k, v)| WebhookHeader::new(k.clone(), v.clone()))
        .collect();
    out.events = w.events.clone();
    out.webhook_type = Some(WebhookType::from("AUTO"));
    out.source = Some(WebhookSource::from(w.source.as_str()));
    out
}
