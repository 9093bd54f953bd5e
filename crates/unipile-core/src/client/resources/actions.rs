//! The calls that change or sync what exists (react, edit, delete, patch, sync), what
//! hangs off an attendee, and the user lookup.

use super::{Attendees, Chats, Messages, Users};
use crate::client::{Download, ItemStream};
use crate::error::Error;
use crate::model::chat::Chat;
use crate::model::id::{AccountId, AttendeeId, ChatId, MessageId, ProviderId};
use crate::model::message::Message;
use crate::model::page::Page;
use crate::model::provider_name::Provider;
use crate::model::responses::{
    ChatDeleted, ChatPatched, ChatSynced, MessageDeleted, MessageEdited, MessageReactionAdded,
};
use crate::model::user_profile::UserProfile;
use crate::provider::{LinkedinProduct, LinkedinRules, Normalized, ProviderRegistry};
use crate::request::ApiRequest as _;
use crate::request::{
    AddReaction, ChatAction, DeleteChat, DeleteMessage, DownloadAttendeePicture, EditMessage,
    GetUserProfile, ListAttendeeChats, ListAttendeeMessages, PatchChat, SyncChat,
};

impl Messages<'_> {
    /// Reacts to a message with a native emoji (`POST /messages/{message_id}/reaction`;
    /// WhatsApp and LinkedIn).
    pub async fn react(
        &self,
        message_id: impl Into<MessageId>,
        reaction: impl Into<String>,
    ) -> Result<MessageReactionAdded, Error> {
        self.client
            .call(&AddReaction::new(message_id, reaction))
            .await
    }

    /// Replaces the text of a message the account sent (`PATCH /messages/{message_id}`).
    pub async fn edit(
        &self,
        message_id: impl Into<MessageId>,
        text: impl Into<String>,
    ) -> Result<MessageEdited, Error> {
        self.client.call(&EditMessage::new(message_id, text)).await
    }

    /// Deletes a message the account sent (`DELETE /messages/{message_id}`; WhatsApp, and
    /// LinkedIn within 60 minutes of the send).
    pub async fn delete(&self, message_id: impl Into<MessageId>) -> Result<MessageDeleted, Error> {
        self.client.call(&DeleteMessage::new(message_id)).await
    }
}

impl Chats<'_> {
    /// Applies one action to a chat (`PATCH /chats/{chat_id}`): mute, archive, pin, add a
    /// participant, label, mark read.
    pub async fn patch(
        &self,
        chat_id: impl Into<ChatId>,
        action: ChatAction,
    ) -> Result<ChatPatched, Error> {
        self.client.call(&PatchChat::new(chat_id, action)).await
    }

    /// Deletes a chat (`DELETE /chats/{chat_id}`; WhatsApp and LinkedIn).
    pub async fn delete(&self, chat_id: impl Into<ChatId>) -> Result<ChatDeleted, Error> {
        self.client.call(&DeleteChat::new(chat_id)).await
    }

    /// Syncs a chat's history from its beginning (`GET /chats/{chat_id}/sync`).
    pub async fn sync(&self, chat_id: impl Into<ChatId>) -> Result<ChatSynced, Error> {
        self.client.call(&SyncChat::new(chat_id)).await
    }
}

impl Attendees<'_> {
    /// One page of an attendee's messages (`GET /chat_attendees/{attendee_id}/messages`).
    pub async fn messages(&self, request: &ListAttendeeMessages) -> Result<Page<Message>, Error> {
        self.client.call(request).await
    }

    /// Every message of an attendee, across all pages, newest first.
    pub fn stream_messages(&self, request: ListAttendeeMessages) -> ItemStream<Message> {
        self.client.stream(request)
    }

    /// One page of the 1:1 chats of one or several attendees
    /// (`GET /chat_attendees/{attendee_id}/chats`).
    pub async fn chats(&self, request: &ListAttendeeChats) -> Result<Page<Chat>, Error> {
        self.client.call(request).await
    }

    /// Every 1:1 chat of the attendees, across all pages.
    pub fn stream_chats(&self, request: ListAttendeeChats) -> ItemStream<Chat> {
        self.client.stream(request)
    }

    /// An attendee's picture, or a group's when given a chat id
    /// (`GET /chat_attendees/{attendee_id}/picture`), streamed like an attachment: read it
    /// chunk by chunk, or [`Download::collect`] it into memory.
    pub async fn picture(&self, attendee_id: impl Into<AttendeeId>) -> Result<Download, Error> {
        let request = DownloadAttendeePicture::new(attendee_id).to_http()?;
        self.client.download(request).await
    }

    /// A group chat's picture (`GET /chat_attendees/{chat_id}/picture`), streamed.
    pub async fn group_picture(&self, chat_id: impl Into<ChatId>) -> Result<Download, Error> {
        let request = DownloadAttendeePicture::of_group(chat_id).to_http()?;
        self.client.download(request).await
    }
}

/// Where [`Users::resolve_recipient`] found the id to send to.
#[derive(Clone, PartialEq, Debug)]
#[non_exhaustive]
pub enum Recipient {
    /// The input was already an id the provider rules accept: no call was made.
    Direct(ProviderId),
    /// The input needed `GET /users/{identifier}`; the profile it returned.
    LookedUp(Box<UserProfile>),
}

impl Recipient {
    /// The id to put in `attendees_ids`.
    pub fn provider_id(&self) -> ProviderId {
        match self {
            Recipient::Direct(id) => id.clone(),
            Recipient::LookedUp(profile) => profile.messaging_id(),
        }
    }
}

impl Users<'_> {
    /// A user's profile (`GET /users/{identifier}`).
    pub async fn get(&self, request: &GetUserProfile) -> Result<UserProfile, Error> {
        self.client.call(request).await
    }

    /// Turns what a person types (a LinkedIn profile URL or public identifier, a phone
    /// number, a username) into the provider id to send to from `account_id`.
    ///
    /// The provider rules decide: an input that already is an id is returned as it is,
    /// with no call; a public identifier is looked up with `GET /users/{identifier}`
    /// (for LinkedIn, in the id space of `linkedin_product`, Classic when `None`). Input
    /// the rules refuse is an [`InvalidRequest`](crate::error::InvalidRequest) naming
    /// `input`.
    pub async fn resolve_recipient(
        &self,
        provider: &Provider,
        account_id: impl Into<AccountId>,
        input: &str,
        linkedin_product: Option<LinkedinProduct>,
    ) -> Result<Recipient, Error> {
        let normalized = match (provider, linkedin_product) {
            (Provider::Linkedin, Some(product)) => {
                LinkedinRules.normalize_for_product(input, product)
            }
            _ => ProviderRegistry::builtin().normalize(provider, input),
        };
        match normalized {
            Normalized::Resolved { id, .. } => Ok(Recipient::Direct(id)),
            Normalized::LookupNeeded(lookup) => {
                let request = GetUserProfile::from_lookup(&lookup, account_id);
                let profile = self.client.call(&request).await?;
                Ok(Recipient::LookedUp(Box::new(profile)))
            }
            Normalized::Invalid(invalid) => Err(invalid.into_invalid_request("input").into()),
        }
    }
}
