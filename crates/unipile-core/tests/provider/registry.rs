//! The provider registry, used the way a downstream crate would: register a provider of
//! its own, replace a built-in one, look ids up across providers.

use proptest::prelude::*;
use std::sync::Arc;
use unipile_core::provider::{
    IdKind, LinkedinRules, Normalized, Provider, ProviderRegistry, ProviderRules,
};

/// A provider this crate does not know: Discord, whose user ids are 17 to 20 digits.
#[derive(Debug)]
struct DiscordRules;

fn snowflake() -> IdKind {
    IdKind::Custom {
        label: "Discord user id".into(),
        attendee_id: true,
    }
}

impl ProviderRules for DiscordRules {
    fn provider(&self) -> Provider {
        Provider::from("DISCORD")
    }

    fn classify(&self, id: &str) -> Option<IdKind> {
        let digits = id.bytes().all(|b| b.is_ascii_digit());
        (digits && (17..=20).contains(&id.len())).then(snowflake)
    }

    fn normalize(&self, input: &str) -> Normalized {
        let input = input.trim();
        match self.classify(input) {
            Some(kind) => Normalized::resolved(input, kind),
            None => Normalized::lookup(input, "a username must be resolved"),
        }
    }

    fn chat_link(&self, chat_provider_id: &str) -> Option<String> {
        Some(format!(
            "https://discord.com/channels/@me/{}",
            unipile_core::transport::encode_path_segment(chat_provider_id)
        ))
    }
}

#[test]
fn builtin_registry_covers_every_known_provider() {
    let registry = ProviderRegistry::builtin();
    let providers: Vec<Provider> = registry.providers().collect();
    assert_eq!(providers, Provider::KNOWN, "one rules per known provider");
    for provider in Provider::KNOWN {
        let rules = registry.get(provider).expect("registered");
        assert_eq!(&rules.provider(), provider);
    }
    assert_eq!(
        ProviderRegistry::default().providers().count(),
        Provider::KNOWN.len()
    );
}

#[test]
fn a_downstream_provider_can_be_registered() {
    let discord = Provider::from("DISCORD");
    assert!(discord.is_unknown());

    let mut registry = ProviderRegistry::default();
    assert!(registry.get(&discord).is_none());
    assert!(registry.normalize(&discord, "x").invalid_input().is_some());

    registry.register(DiscordRules);
    assert_eq!(registry.providers().count(), Provider::KNOWN.len() + 1);
    let rules = registry.get(&discord).expect("registered");
    assert_eq!(rules.classify("80351110224678912"), Some(snowflake()));
    assert_eq!(
        registry
            .normalize(&discord, " 80351110224678912 ")
            .attendee_id()
            .expect("resolved"),
        "80351110224678912"
    );
    assert_eq!(
        registry.chat_link(&discord, "1/2").as_deref(),
        Some("https://discord.com/channels/@me/1%2F2")
    );

    // A 17-digit string is a Discord id, and also what several built-in providers call
    // a numeric id: every reading is returned, in registration order.
    let found = registry.classify_any("80351110224678912");
    let providers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        providers,
        [
            "LINKEDIN",
            "INSTAGRAM",
            "MESSENGER",
            "TELEGRAM",
            "TWITTER",
            "DISCORD"
        ]
    );
    assert_eq!(found.last().map(|(_, k)| k), Some(&snowflake()));
}

/// A stricter LinkedIn that refuses public identifiers, to show replacement.
#[derive(Debug)]
struct InternalIdsOnly;

impl ProviderRules for InternalIdsOnly {
    fn provider(&self) -> Provider {
        Provider::Linkedin
    }
    fn classify(&self, id: &str) -> Option<IdKind> {
        LinkedinRules.classify(id).filter(IdKind::is_attendee_id)
    }
    fn normalize(&self, input: &str) -> Normalized {
        match LinkedinRules.normalize(input) {
            Normalized::LookupNeeded(_) => Normalized::invalid(input, "internal ids only"),
            other => other,
        }
    }
}

#[test]
fn a_later_registration_replaces_the_earlier_in_place() {
    let mut registry = ProviderRegistry::builtin();
    let before: Vec<Provider> = registry.providers().collect();
    assert!(
        registry
            .normalize(&Provider::Linkedin, "julien-crepieux")
            .lookup_needed()
            .is_some()
    );

    registry.register(InternalIdsOnly);
    let after: Vec<Provider> = registry.providers().collect();
    assert_eq!(before, after, "same providers, same order");
    let normalized = registry.normalize(&Provider::Linkedin, "julien-crepieux");
    assert_eq!(
        normalized.invalid_input().map(|i| i.reason()),
        Some("internal ids only")
    );
    assert_eq!(
        registry.classify(&Provider::Linkedin, "julien-crepieux"),
        None
    );

    // Registering the Discord rules twice keeps one entry, the later one.
    registry.register(DiscordRules);
    registry.register_shared(Arc::new(DiscordRules));
    let discords = registry
        .providers()
        .filter(|p| p.as_str() == "DISCORD")
        .count();
    assert_eq!(discords, 1);
}

#[test]
fn an_empty_registry_knows_nothing() {
    let registry = ProviderRegistry::empty();
    assert!(
        registry
            .classify_any("33600000000@s.whatsapp.net")
            .is_empty()
    );
    let normalized = registry.normalize(&Provider::Whatsapp, "+33 6 00 00 00 00");
    let invalid = normalized.invalid_input().expect("no rules");
    assert!(invalid.reason().contains("WHATSAPP"), "{invalid}");
    assert_eq!(registry.chat_link(&Provider::Linkedin, "abc"), None);
}

#[test]
fn the_registry_can_be_shared_across_threads() {
    fn shared<T: Send + Sync + Clone + 'static>(_: &T) {}
    let registry = ProviderRegistry::builtin();
    shared(&registry);
    let clone = registry.clone();
    let handle = std::thread::spawn(move || clone.classify_any("U012AB3CD"));
    let found = handle.join().expect("thread");
    assert!(
        found.contains(&(Provider::Slack, IdKind::SlackUser)),
        "{found:?}"
    );
}

/// Inputs close to real ones, so that the properties reach past the first checks.
fn id_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[+(0-9 ).-]{0,20}",
        "[0-9]{1,20}@(s\\.whatsapp\\.net|lid|g\\.us|c\\.us)",
        "(AC[ow]|ADo|AE)[A-Za-z0-9_-]{0,60}",
        "(https?://)?([a-z]{1,3}\\.)?(linkedin|x|twitter|instagram)\\.com/[a-z%0-9A-Z/._-]{0,40}",
        "(https?://)?(wa\\.me|t\\.me)/[a-z0-9+]{0,20}",
        "@?[A-Za-z0-9._-]{0,40}",
        "urn:li:[a-z_]{1,12}:[A-Za-z0-9]{0,40}",
        "[UWCGD][A-Z0-9]{0,22}",
    ]
}

proptest! {
    /// Any text: classify and normalize answer without panicking, and whatever resolves
    /// is an id that its rules classify as a sendable kind.
    #[test]
    fn resolved_ids_are_sendable_and_classify_back(input in id_like()) {
        let registry = ProviderRegistry::builtin();
        for rules in registry.iter() {
            let _ = rules.classify(&input);
            let _ = rules.chat_link(&input);
            match rules.normalize(&input) {
                Normalized::Resolved { id, kind } => {
                    prop_assert!(kind.is_attendee_id(), "{:?}: {:?}", input, kind);
                    prop_assert_eq!(rules.classify(id.as_str()), Some(kind));
                }
                Normalized::LookupNeeded(lookup) => {
                    prop_assert!(!lookup.identifier().is_empty());
                    prop_assert!(!lookup.reason().is_empty());
                }
                Normalized::Invalid(invalid) => {
                    prop_assert_eq!(invalid.input(), input.as_str());
                    prop_assert!(!invalid.reason().is_empty());
                }
                other => prop_assert!(false, "unexpected {:?}", other),
            }
        }
        let _ = registry.classify_any(&input);
    }

    /// Chat links never let an id change the address: the id is one encoded segment.
    #[test]
    fn linkedin_chat_links_encode_the_id(id in any::<String>()) {
        if let Some(link) = LinkedinRules.chat_link(&id) {
            let tail = link
                .strip_prefix("https://www.linkedin.com/messaging/thread/")
                .and_then(|t| t.strip_suffix('/'));
            let tail = tail.expect("fixed prefix and suffix");
            prop_assert!(!tail.contains(['/', '?', '#']), "{}", link);
        }
    }
}
