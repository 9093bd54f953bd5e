//! The [`ProviderRules`] trait: everything the SDK knows about one provider's ids.

use super::{IdKind, Normalized, Provider};
use std::fmt;

/// The rules about one provider's ids: the extension point for new providers.
///
/// A provider is one implementation of this trait, registered in a
/// [`ProviderRegistry`](super::ProviderRegistry). The built-in ones are registered by
/// [`ProviderRegistry::builtin`](super::ProviderRegistry::builtin); a downstream crate
/// registers its own, and a later registration for the same [`Provider`] replaces the
/// earlier one.
///
/// Implementations are pure (no I/O): they read text and say what it is.
///
/// # Adding a provider
///
/// ```
/// use unipile_core::provider::{IdKind, Normalized, Provider, ProviderRegistry, ProviderRules};
///
/// /// Discord user ids are "snowflakes": 17 to 20 digits.
/// #[derive(Debug)]
/// struct DiscordRules;
///
/// impl DiscordRules {
///     fn snowflake() -> IdKind {
///         IdKind::Custom { label: "Discord user id".into(), attendee_id: true }
///     }
/// }
///
/// impl ProviderRules for DiscordRules {
///     fn provider(&self) -> Provider {
///         Provider::from("DISCORD")
///     }
///
///     fn classify(&self, id: &str) -> Option<IdKind> {
///         let digits = id.bytes().all(|b| b.is_ascii_digit());
///         (digits && (17..=20).contains(&id.len())).then(Self::snowflake)
///     }
///
///     fn normalize(&self, input: &str) -> Normalized {
///         let input = input.trim();
///         if let Some(kind) = self.classify(input) {
///             return Normalized::resolved(input, kind);
///         }
///         match input.strip_prefix('@').unwrap_or(input) {
///             "" => Normalized::invalid(input, "a Discord user id or username is needed"),
///             name => Normalized::lookup(name, "a username must be resolved into a user id"),
///         }
///     }
///     // `chat_link` keeps its default: no link.
/// }
///
/// let mut registry = ProviderRegistry::builtin();
/// registry.register(DiscordRules);
///
/// let discord = Provider::from("DISCORD");
/// let kind = registry.classify(&discord, "80351110224678912").expect("a snowflake");
/// assert!(kind.is_attendee_id());
/// let normalized = registry.normalize(&discord, " @nelly ");
/// assert_eq!(normalized.lookup_needed().expect("a lookup").identifier(), "nelly");
/// assert!(registry.classify_any("80351110224678912").iter().any(|(p, _)| *p == discord));
/// ```
pub trait ProviderRules: Send + Sync + fmt::Debug {
    /// The provider these rules are for.
    fn provider(&self) -> Provider;

    /// What kind of id `id` is, as this provider writes its ids, or `None` when it is not
    /// an id of this provider. `id` is taken as is: no trimming, no decoding.
    fn classify(&self, id: &str) -> Option<IdKind>;

    /// Turns what a user typed (an id, a phone number, a profile address, a username…)
    /// into the id to send in `attendees_ids` where that is deterministic; otherwise says
    /// that a `GET /users/{identifier}` lookup is needed, or that the input is invalid,
    /// and why.
    fn normalize(&self, input: &str) -> Normalized;

    /// The address that opens the chat in the provider's own app, given the chat's
    /// provider id (`provider_id` of a chat, `provider_chat_id` of a webhook), when the
    /// provider has such an address. Ids are percent-encoded into it.
    ///
    /// The default is `None`: give a link only for a documented address scheme.
    fn chat_link(&self, chat_provider_id: &str) -> Option<String> {
        let _ = chat_provider_id;
        None
    }
}
