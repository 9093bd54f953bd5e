//! The providers and their id rules: sample ids and inputs run through the built-in
//! [`ProviderRegistry`], so the tables show what the code does.

use crate::markdown::{code, table as markdown_table, yes_no};
use unipile_core::provider::{Normalized, ProviderRegistry};

/// Ids of every kind the built-in rules know, as the API sends them.
const SAMPLE_IDS: &[&str] = &[
    "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E",
    "ACwAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E",
    "AEMAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E",
    "1234567",
    "013456789",
    "33600000000",
    "julien-crepieux",
    "company/unipile",
    "https://www.linkedin.com/in/julien-crepieux/",
    "https://www.linkedin.com/company/unipile/",
    "33600000000@s.whatsapp.net",
    "123456789012345@lid",
    "120363000000000000@g.us",
    "unipile",
    "@unipile",
    "U012AB3CD",
    "W012AB3CD",
    "C012AB3CD",
    "D012AB3CD",
];

/// What people type when they mean a user.
const SAMPLE_INPUTS: &[&str] = &[
    "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E",
    "urn:li:fsd_profile:ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E",
    "https://www.linkedin.com/in/julien-crepieux/?trk=x",
    "+33 6 00 00 00 00",
    "33600000000@s.whatsapp.net",
    "@unipile",
    "https://www.instagram.com/unipile/",
    "https://t.me/unipile",
    "https://x.com/unipile",
    "U012AB3CD",
    "not an id!",
];

/// One section per built-in provider: which sample ids it recognises and as what, and
/// what it makes of sample inputs.
pub fn render() -> String {
    let registry = ProviderRegistry::builtin();
    let mut out = String::new();
    for rules in registry.iter() {
        let provider = rules.provider();
        out.push_str(&format!("### {}\n\n", code(provider.as_str())));

        let rows: Vec<Vec<String>> = SAMPLE_IDS
            .iter()
            .filter_map(|id| rules.classify(id).map(|kind| (id, kind)))
            .map(|(id, kind)| {
                vec![
                    code(id),
                    kind.describe().into_owned(),
                    yes_no(kind.is_attendee_id()),
                    yes_no(kind.is_public_identifier()),
                    yes_no(kind.is_chat_id()),
                ]
            })
            .collect();
        if rows.is_empty() {
            out.push_str("None of the sample ids is an id of this provider.\n\n");
        } else {
            out.push_str(&markdown_table(
                &[
                    "Sample id",
                    "`classify` gives",
                    "Send in `attendees_ids`",
                    "Public identifier (look up first)",
                    "Names a chat",
                ],
                &rows,
            ));
            out.push('\n');
        }

        let rows: Vec<Vec<String>> = SAMPLE_INPUTS
            .iter()
            .map(|input| vec![code(input), describe(&rules.normalize(input))])
            .collect();
        out.push_str(&markdown_table(&["Input", "`normalize` gives"], &rows));
        out.push('\n');
    }
    // One blank line between sections, none at the end.
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn describe(normalized: &Normalized) -> String {
    if let (Some(id), Some(kind)) = (normalized.attendee_id(), normalized.kind()) {
        format!("send {} ({kind})", code(id.as_str()))
    } else if let Some(lookup) = normalized.lookup_needed() {
        let query: Vec<String> = lookup.query().map(|(k, v)| format!("{k}={v}")).collect();
        let query = if query.is_empty() {
            String::new()
        } else {
            format!(" with {}", code(&query.join("&")))
        };
        format!(
            "look up {}{query}: {}",
            code(lookup.identifier()),
            lookup.reason()
        )
    } else if let Some(invalid) = normalized.invalid_input() {
        format!("invalid: {}", invalid.reason())
    } else {
        "an outcome this version of the docs does not describe".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_has_a_section_and_every_sample_id_a_provider() {
        let text = render();
        let registry = ProviderRegistry::builtin();
        for provider in registry.providers() {
            assert!(
                text.contains(&format!("### `{provider}`")),
                "{provider}: {text}"
            );
        }
        for id in SAMPLE_IDS {
            assert!(
                !registry.classify_any(id).is_empty(),
                "sample id {id} is an id of no provider: drop it or fix the rules"
            );
        }
        assert!(
            text.contains("| `33600000000@s.whatsapp.net` | WhatsApp phone id | yes | no | no |"),
            "{text}"
        );
    }
}
