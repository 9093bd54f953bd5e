//! [`ProviderRegistry`]: the set of [`ProviderRules`] the SDK consults.

use super::{
    IdKind, InstagramRules, LinkedinRules, MessengerRules, Normalized, Provider, ProviderRules,
    SlackRules, TelegramRules, TwitterRules, WhatsappRules,
};
use std::sync::Arc;

/// The rules of every known provider, looked up by [`Provider`].
///
/// [`ProviderRegistry::builtin`] (also [`Default`]) holds the providers this crate knows;
/// [`register`](ProviderRegistry::register) adds another or replaces one. Cheap to clone:
/// the rules are shared.
///
/// ```
/// use unipile_core::provider::{IdKind, Provider, ProviderRegistry};
///
/// let registry = ProviderRegistry::default();
/// let normalized = registry.normalize(&Provider::Whatsapp, "+33 6 00 00 00 00");
/// assert_eq!(normalized.attendee_id().unwrap(), "33600000000@s.whatsapp.net");
/// assert_eq!(
///     registry.classify(&Provider::Linkedin, "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E"),
///     Some(IdKind::LinkedinMember { product: unipile_core::provider::LinkedinProduct::Classic }),
/// );
/// ```
#[derive(Clone, Debug)]
pub struct ProviderRegistry {
    rules: Vec<Arc<dyn ProviderRules>>,
}

impl ProviderRegistry {
    /// A registry with no providers.
    pub fn empty() -> Self {
        Self { rules: Vec::new() }
    }

    /// The providers this crate knows: LinkedIn, WhatsApp, Instagram, Messenger,
    /// Telegram, X (`TWITTER`) and Slack.
    ///
    /// This is the one place where built-in providers are registered.
    pub fn builtin() -> Self {
        let mut registry = Self::empty();
        registry
            .register(LinkedinRules)
            .register(WhatsappRules)
            .register(InstagramRules)
            .register(MessengerRules)
            .register(TelegramRules)
            .register(TwitterRules)
            .register(SlackRules);
        registry
    }

    /// Registers `rules` for their provider, replacing (in place) any rules registered
    /// for the same provider before.
    pub fn register(&mut self, rules: impl ProviderRules + 'static) -> &mut Self {
        self.register_shared(Arc::new(rules))
    }

    /// Like [`register`](Self::register), for rules already shared.
    pub fn register_shared(&mut self, rules: Arc<dyn ProviderRules>) -> &mut Self {
        let provider = rules.provider();
        match self.rules.iter_mut().find(|r| r.provider() == provider) {
            Some(slot) => *slot = rules,
            None => self.rules.push(rules),
        }
        self
    }

    /// The rules of `provider`, if registered.
    pub fn get(&self, provider: &Provider) -> Option<&dyn ProviderRules> {
        self.rules
            .iter()
            .find(|r| r.provider() == *provider)
            .map(|r| r.as_ref())
    }

    /// Every registered provider, in registration order.
    pub fn providers(&self) -> impl Iterator<Item = Provider> + '_ {
        self.rules.iter().map(|r| r.provider())
    }

    /// Every registered set of rules, in registration order.
    pub fn iter(&self) -> impl Iterator<Item = &dyn ProviderRules> {
        self.rules.iter().map(|r| r.as_ref())
    }

    /// What kind of `provider` id `id` is; `None` when it is not one, or when `provider`
    /// has no rules registered.
    pub fn classify(&self, provider: &Provider, id: &str) -> Option<IdKind> {
        self.get(provider)?.classify(id)
    }

    /// Every provider whose rules recognise `id`, with the kind each sees, in registration
    /// order. Many strings fit several providers (digits are an Instagram, Telegram, X and
    /// Messenger id alike), so this is a list.
    pub fn classify_any(&self, id: &str) -> Vec<(Provider, IdKind)> {
        self.rules
            .iter()
            .filter_map(|r| r.classify(id).map(|kind| (r.provider(), kind)))
            .collect()
    }

    /// Normalizes `input` with `provider`'s rules; invalid when `provider` has no rules.
    pub fn normalize(&self, provider: &Provider, input: &str) -> Normalized {
        match self.get(provider) {
            Some(rules) => rules.normalize(input),
            None => Normalized::invalid(
                input,
                format!("no rules are registered for provider `{provider}`"),
            ),
        }
    }

    /// The "open in the provider's app" address of a chat, when `provider` has one.
    pub fn chat_link(&self, provider: &Provider, chat_provider_id: &str) -> Option<String> {
        self.get(provider)?.chat_link(chat_provider_id)
    }
}

impl Default for ProviderRegistry {
    /// The [built-in](ProviderRegistry::builtin) providers.
    fn default() -> Self {
        Self::builtin()
    }
}
