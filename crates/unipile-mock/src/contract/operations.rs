//! Contract checks of the calls that change or sync what exists: reactions, edits,
//! deletes, chat actions, chat delete and sync, what hangs off an attendee, and the user
//! lookup. Each goes through the [`Client`](unipile_core::Client) and the transport under
//! test, and checks the fake's state and the webhooks the change sent.

use std::sync::Arc;

use unipile_core::client::retry::RecordingSleeper;
use unipile_core::model::chat::MutedUntil;
use unipile_core::model::webhook_registration::WebhookSource;
use unipile_core::provider::LinkedinProduct;
use unipile_core::request::{
    ChatAction, CreateWebhook, ListAttendeeChats, ListAttendeeMessages, Paged, SendMessage,
    StartChat,
};
use unipile_core::{ChatId, ErrorKind, MessageId, Provider, ProviderId};

use super::Target;
use crate::seed::{ChatSeed, MessageSeed};

/// Runs every check of this module.
pub async fn run_all(t: &Target) {
    reactions_edits_and_deletes_change_the_message_and_send_webhooks(t).await;
    linkedin_refuses_a_delete_after_sixty_minutes(t).await;
    every_chat_action_is_applied(t).await;
    chats_are_synced_and_deleted(t).await;
    attendee_messages_chats_and_picture(t).await;
    user_lookup_resolves_what_a_person_types(t).await;
    start_chat_without_a_message_is_refused_before_sending(t).await;
}

fn events_for(t: &Target, message_id: &MessageId) -> Vec<String> {
    t.fake()
        .webhook_deliveries()
        .into_iter()
        .map(|(d, _)| d)
        .filter(|d| {
            serde_json::from_slice::<serde_json::Value>(&d.body)
                .ok()
                .is_some_and(|b| b["message_id"] == message_id.as_str())
        })
        .map(|d| d.event)
        .collect()
}

/// A reaction shows in the message's `reactions`; an edit changes the text and sets
/// `edited`; a delete sets `deleted`; each sends its webhook.
pub async fn reactions_edits_and_deletes_change_the_message_and_send_webhooks(t: &Target) {
    let client = t.client(Arc::new(RecordingSleeper::new()));
    let account = t.account(Provider::Whatsapp);
    let chat = t.chat(ChatSeed::direct(account.clone(), "Ida"));
    t.call(
        &CreateWebhook::new("https://example.invalid/ops", WebhookSource::Messaging)
            .account_id(account.clone()),
    )
    .await;
    let sent = client
        .messages()
        .send(SendMessage::new(chat.clone()).text("helo"))
        .await
        .expect("sent");
    let id = sent.message_id.expect("message id");

    client
        .messages()
        .react(id.clone(), "🎉")
        .await
        .expect("reacted");
    let message = client.messages().get(id.clone()).await.expect("message");
    assert_eq!(message.reactions.len(), 1, "{:?}", message.reactions);
    assert_eq!(message.reactions[0].value, "🎉");
    assert!(message.reactions[0].is_sender);

    client
        .messages()
        .edit(id.clone(), "hello")
        .await
        .expect("edited");
    let message = client.messages().get(id.clone()).await.expect("message");
    assert!(message.edited);
    assert_eq!(message.text.as_deref(), Some("hello"));

    client.messages().delete(id.clone()).await.expect("deleted");
    let message = client.messages().get(id.clone()).await.expect("message");
    assert!(message.deleted);
    let err = client
        .messages()
        .edit(id.clone(), "again")
        .await
        .expect_err("a deleted message cannot be edited");
    assert_eq!(err.status(), Some(422), "{err}");

    let events = events_for(t, &id);
    for event in [
        "message_received",
        "message_reaction",
        "message_edited",
        "message_deleted",
    ] {
        assert!(events.iter().any(|e| e == event), "{event} in {events:?}");
    }
    let reaction = t
        .fake()
        .webhook_deliveries()
        .into_iter()
        .map(|(d, _)| d)
        .find(|d| d.event == "message_reaction")
        .expect("a reaction webhook");
    let body: serde_json::Value = serde_json::from_slice(&reaction.body).expect("JSON");
    assert_eq!(body["reaction"], "🎉");
    assert!(body["reaction_sender"].is_object(), "{body}");
}

/// LinkedIn lets a message be deleted only within 60 minutes of its send: an older one is
/// refused with a 422, and stays as it was.
pub async fn linkedin_refuses_a_delete_after_sixty_minutes(t: &Target) {
    let client = t.client(Arc::new(RecordingSleeper::new()));
    let account = t.account(Provider::Linkedin);
    let chat = t.chat(ChatSeed::direct(account.clone(), "Jon").history(40));
    let old = t
        .fake()
        .chat_message_ids(&chat)
        .into_iter()
        .filter_map(|id| t.fake().message(&id))
        .find(|m| m.is_sender && !m.deleted && !m.is_event)
        .expect("an old message of the account in the history");
    let err = client
        .messages()
        .delete(old.id.clone())
        .await
        .expect_err("too late on LinkedIn");
    assert_eq!(err.status(), Some(422), "{err}");
    assert!(!t.fake().message(&old.id).expect("kept").deleted);

    let sent = client
        .messages()
        .send(SendMessage::new(chat).text("oops"))
        .await
        .expect("sent");
    let id = sent.message_id.expect("id");
    client.messages().delete(id.clone()).await.expect("in time");
    assert!(t.fake().message(&id).expect("kept as deleted").deleted);
}

/// Mute, archive, pin, label, add a participant, mark read: each is applied.
pub async fn every_chat_action_is_applied(t: &Target) {
    let client = t.client(Arc::new(RecordingSleeper::new()));
    let account = t.account(Provider::Whatsapp);
    let chat = t.chat(ChatSeed::group(account.clone(), "Team", ["Kim", "Lou"]).history(4));
    let chats = client.chats();
    chats
        .patch(chat.clone(), ChatAction::SetMuteStatus(true))
        .await
        .expect("muted");
    chats
        .patch(chat.clone(), ChatAction::SetArchiveStatus(true))
        .await
        .expect("archived");
    chats
        .patch(chat.clone(), ChatAction::SetPinnedStatus(true))
        .await
        .expect("pinned");
    chats
        .patch(chat.clone(), ChatAction::SetLabel("Leads".into()))
        .await
        .expect("labelled");
    chats
        .patch(chat.clone(), ChatAction::SetReadStatus(true))
        .await
        .expect("read");
    let before = t.fake().chat_attendees(&chat).len();
    chats
        .patch(
            chat.clone(),
            ChatAction::AddParticipant(ProviderId::new("33611112222@s.whatsapp.net")),
        )
        .await
        .expect("participant added");
    let read = chats.get(chat.clone()).await.expect("chat");
    assert_eq!(read.muted_until, MutedUntil::Forever);
    assert!(read.archived && read.pinned);
    assert_eq!(read.unread_count, 0);
    assert_eq!(t.fake().chat_labels(&chat), ["Leads"]);
    let after = t.fake().chat_attendees(&chat);
    assert_eq!(after.len(), before + 1);
    assert!(
        after
            .iter()
            .any(|a| a.provider_id.as_str() == "33611112222@s.whatsapp.net")
    );
    chats
        .patch(chat.clone(), ChatAction::SetMuteStatus(false))
        .await
        .expect("unmuted");
    assert_eq!(
        chats.get(chat).await.expect("chat").muted_until,
        MutedUntil::NotMuted
    );
}

/// A chat's history can be synced; a deleted chat and its messages are gone.
pub async fn chats_are_synced_and_deleted(t: &Target) {
    let client = t.client(Arc::new(RecordingSleeper::new()));
    let account = t.account(Provider::Linkedin);
    let chat = t.chat(ChatSeed::direct(account, "Max").history(3));
    client.chats().sync(chat.clone()).await.expect("synced");
    let messages = t.fake().chat_message_ids(&chat);
    client.chats().delete(chat.clone()).await.expect("deleted");
    assert!(!t.fake().chat_ids().contains(&chat));
    assert!(t.fake().message(&messages[0]).is_none());
    let err = client.chats().get(chat.clone()).await.expect_err("gone");
    assert_eq!(err.status(), Some(404));
    let err = client
        .chats()
        .sync(ChatId::new("no-such-chat"))
        .await
        .expect_err("unknown");
    assert_eq!(err.status(), Some(404));
}

/// An attendee's messages and 1:1 chats stream page by page; their picture and a
/// group's come back as bytes.
pub async fn attendee_messages_chats_and_picture(t: &Target) {
    let client = t.client(Arc::new(RecordingSleeper::new()));
    let account = t.account(Provider::Whatsapp);
    let chat = t.chat(ChatSeed::direct(account.clone(), "Ned"));
    let ned = t.fake().chat_attendees(&chat).pop().expect("Ned");
    for i in 0..7 {
        t.fake().add_message(
            &chat,
            MessageSeed::text(format!("m{i}")).from(ned.id.clone()),
        );
    }
    let mut stream = client.attendees().stream_messages(
        ListAttendeeMessages::new(ned.id.clone())
            .account_id(account.clone())
            .limit(3),
    );
    let mut seen = 0;
    while let Some(message) = stream.next_item().await {
        assert_eq!(message.expect("a message").sender_attendee_id, ned.id);
        seen += 1;
    }
    assert_eq!(seen, 7);

    let other = t.chat(ChatSeed::direct(account.clone(), "Ola"));
    let ola = t.fake().chat_attendees(&other).pop().expect("Ola");
    let mut stream = client.attendees().stream_chats(
        ListAttendeeChats::new(ned.provider_id.as_str())
            .attendee(ola.id.clone())
            .account_id(account.clone())
            .limit(1),
    );
    let mut chats = Vec::new();
    while let Some(found) = stream.next_item().await {
        chats.push(found.expect("a chat").id);
    }
    chats.sort();
    let mut expected = vec![chat.clone(), other];
    expected.sort();
    assert_eq!(chats, expected);

    let group = t.chat(ChatSeed::group(account, "Club", ["Pia", "Quin"]));
    let picture = client
        .attendees()
        .group_picture(group.clone())
        .await
        .expect("group picture");
    assert_eq!(picture.content_type(), Some("image/jpeg"));
    let picture = picture.collect().await.expect("the picture's bytes");
    assert_eq!(
        picture.data,
        crate::picture_bytes(group.as_str()).as_slice()
    );
}

/// What a person types becomes the id to send to: an id as it is, without a call; a
/// profile URL or a phone number through `GET /users/{identifier}`; in Sales Navigator,
/// the member's id in that product.
pub async fn user_lookup_resolves_what_a_person_types(t: &Target) {
    let client = t.client(Arc::new(RecordingSleeper::new()));
    let account = t.account(Provider::Linkedin);
    let chat = t.chat(ChatSeed::direct(account.clone(), "Rosa Park"));
    let rosa = t.fake().chat_attendees(&chat).pop().expect("Rosa");
    let users = client.users();

    let before = t.fake().total_requests();
    let direct = users
        .resolve_recipient(
            &Provider::Linkedin,
            account.clone(),
            rosa.provider_id.as_str(),
            None,
        )
        .await
        .expect("an id already");
    assert_eq!(direct.provider_id(), rosa.provider_id);
    assert_eq!(t.fake().total_requests(), before, "no call for an id");

    let looked_up = users
        .resolve_recipient(
            &Provider::Linkedin,
            account.clone(),
            "https://www.linkedin.com/in/rosa-park/",
            None,
        )
        .await
        .expect("looked up");
    assert_eq!(looked_up.provider_id(), rosa.provider_id);
    let sales = users
        .resolve_recipient(
            &Provider::Linkedin,
            account.clone(),
            "rosa-park",
            Some(LinkedinProduct::SalesNavigator),
        )
        .await
        .expect("looked up in Sales Navigator");
    assert!(sales.provider_id().as_str().starts_with("ACw"), "{sales:?}");

    let err = users
        .resolve_recipient(&Provider::Linkedin, account.clone(), "nobody-here", None)
        .await
        .expect_err("unknown user");
    assert_eq!(err.status(), Some(404));
    let err = users
        .resolve_recipient(&Provider::Linkedin, account, "not a profile!", None)
        .await
        .expect_err("invalid input");
    assert!(matches!(err.kind(), ErrorKind::InvalidRequest(_)), "{err}");

    let wa = t.account(Provider::Whatsapp);
    let wa_chat = t.chat(ChatSeed::direct(wa.clone(), "Sam"));
    let sam = t.fake().chat_attendees(&wa_chat).pop().expect("Sam");
    let phone = sam
        .provider_id
        .as_str()
        .strip_suffix("@s.whatsapp.net")
        .expect("a phone JID")
        .to_owned();
    let found = users
        .resolve_recipient(&Provider::Whatsapp, wa, &format!("+{phone}"), None)
        .await
        .expect("a phone number");
    assert_eq!(found.provider_id(), sam.provider_id);
}

/// `StartChat` without text or a file is refused before anything is sent.
pub async fn start_chat_without_a_message_is_refused_before_sending(t: &Target) {
    let client = t.client(Arc::new(RecordingSleeper::new()));
    let account = t.account(Provider::Linkedin);
    let before = t.fake().total_requests();
    let err = client
        .chats()
        .start(StartChat::new(account, "ACoAAContract2"))
        .await
        .expect_err("no message");
    assert!(matches!(err.kind(), ErrorKind::InvalidRequest(_)), "{err}");
    assert_eq!(t.fake().total_requests(), before);
}
