//! Providers (LinkedIn, WhatsApp…) and the rules about their ids.
//!
//! Every provider has two kinds of user id: the **internal** id that messages and
//! attendees carry and that `attendees_ids` accepts (`ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E`,
//! `33600000000@s.whatsapp.net`), and the **public** identifier people know (a profile slug,
//! a phone number, a username), which `GET /users/{identifier}` resolves into the
//! internal one.
//!
//! A [`ProviderRules`] implementation per provider says what an id is
//! ([`classify`](ProviderRules::classify) → [`IdKind`]), turns user input into an id to
//! send where that is deterministic ([`normalize`](ProviderRules::normalize) →
//! [`Normalized`]), and builds the "open in the app" address of a chat
//! ([`chat_link`](ProviderRules::chat_link)). A [`ProviderRegistry`] holds them: the
//! built-in ones, plus any a downstream crate registers.
//!
//! WhatsApp `@lid` ids hold no phone number; nothing here ever reads one out of them.

mod instagram;
mod kind;
mod linkedin;
mod messenger;
mod normalized;
mod registry;
mod rules;
mod slack;
mod telegram;
mod text;
mod twitter;
mod whatsapp;

pub use instagram::InstagramRules;
pub use kind::{IdKind, LinkedinProduct};
pub use linkedin::LinkedinRules;
pub use messenger::MessengerRules;
pub use normalized::{InvalidInput, Lookup, Normalized};
pub use registry::ProviderRegistry;
pub use rules::ProviderRules;
pub use slack::SlackRules;
pub use telegram::TelegramRules;
pub use twitter::TwitterRules;
pub use whatsapp::WhatsappRules;

/// The provider names, a value of the model; re-exported here beside their rules.
pub use crate::model::provider_name::Provider;
