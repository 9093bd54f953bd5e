//! `unipile ids classify|normalize`: the provider-id rules, offline; with `--account`,
//! `normalize` also performs the lookup the rules ask for.

use crate::cli::IdsCommand;
use crate::failure::Failure;
use crate::output::{Column, Printer, Table};
use serde::Serialize;
use unipile_core::client::Recipient;
use unipile_core::provider::{LinkedinRules, Normalized};
use unipile_core::{Client, IdKind, Provider, ProviderRegistry};

/// One provider's view of an id, as `--json` prints it.
#[derive(Serialize)]
struct Classified<'a> {
    id: &'a str,
    provider: String,
    kind: String,
    /// Can be sent as is in `attendees_ids`.
    attendee_id: bool,
    /// Must be resolved with `GET /users/{identifier}` first.
    public_identifier: bool,
    /// Names a chat rather than a user.
    chat_id: bool,
}

/// What `normalize` made of the input, as `--json` prints it.
#[derive(Serialize)]
struct NormalizedOut<'a> {
    input: &'a str,
    provider: &'a str,
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lookup: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

const COLUMNS: &[Column] = &[
    Column::new("PROVIDER", 12),
    Column::new("KIND", 48),
    Column::new("USE", 60),
];

/// Runs an `ids` command (no network).
pub fn run(command: IdsCommand, out: &Printer) -> Result<(), Failure> {
    let registry = ProviderRegistry::builtin();
    match command {
        IdsCommand::Classify { id, provider } => {
            let found: Vec<(Provider, IdKind)> = match provider {
                Some(name) => {
                    let provider = known_provider(&registry, &name)?;
                    registry
                        .classify(&provider, &id)
                        .map(|kind| vec![(provider, kind)])
                        .unwrap_or_default()
                }
                None => registry.classify_any(&id),
            };
            if found.is_empty() {
                return Err(Failure::Invalid(format!(
                    "`{id}` is not an id of any provider asked"
                )));
            }
            let mut table = Table::new(COLUMNS);
            for (provider, kind) in &found {
                if out.is_json() {
                    out.json_line(&Classified {
                        id: &id,
                        provider: provider.as_str().to_owned(),
                        kind: kind.describe().into_owned(),
                        attendee_id: kind.is_attendee_id(),
                        public_identifier: kind.is_public_identifier(),
                        chat_id: kind.is_chat_id(),
                    })?;
                } else {
                    table.row(vec![
                        provider.as_str().to_owned(),
                        kind.describe().into_owned(),
                        usage(kind).to_owned(),
                    ]);
                }
            }
            table.flush(out)
        }
        IdsCommand::Normalize {
            input,
            provider,
            linkedin_api,
            ..
        } => {
            let provider = known_provider(&registry, &provider)?;
            let name = provider.as_str();
            let normalized = match (&provider, linkedin_api) {
                (Provider::Linkedin, Some(api)) => {
                    LinkedinRules.normalize_for_product(&input, super::users::linkedin_product(api))
                }
                _ => registry.normalize(&provider, &input),
            };
            match normalized {
                Normalized::Resolved { id, kind } => {
                    if out.is_json() {
                        out.json_line(&NormalizedOut {
                            input: &input,
                            provider: name,
                            result: "resolved",
                            id: Some(id.as_str()),
                            kind: Some(kind.describe().into_owned()),
                            lookup: None,
                            reason: None,
                        })
                    } else {
                        out.line(&format!("{}  ({})", id.as_str(), kind.describe()))
                    }
                }
                Normalized::LookupNeeded(lookup) => {
                    if out.is_json() {
                        out.json_line(&NormalizedOut {
                            input: &input,
                            provider: name,
                            result: "lookup_needed",
                            id: None,
                            kind: None,
                            lookup: Some(lookup.identifier()),
                            reason: Some(lookup.reason()),
                        })
                    } else {
                        out.line(&format!("lookup needed: {lookup}"))
                    }
                }
                Normalized::Invalid(invalid) => Err(Failure::Invalid(format!(
                    "`{}` is not a {name} user: {}",
                    invalid.input(),
                    invalid.reason()
                ))),
                other => Err(Failure::Invalid(format!(
                    "`{input}` could not be normalized: {other:?}"
                ))),
            }
        }
    }
}

/// Whether the command calls the API: `ids normalize --account …`.
pub fn needs_client(command: &IdsCommand) -> bool {
    matches!(
        command,
        IdsCommand::Normalize {
            account: Some(_),
            ..
        }
    )
}

/// What `normalize --account` found, as `--json` prints it.
#[derive(Serialize)]
struct ResolvedOut<'a> {
    input: &'a str,
    provider: &'a str,
    /// `resolved` (the input was an id already) or `looked_up`.
    result: &'static str,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_identifier: Option<&'a str>,
}

/// `ids normalize --account …`: the id to send to, looked up through the API only when
/// the rules say the input is not one already.
pub async fn resolve(command: IdsCommand, client: &Client, out: &Printer) -> Result<(), Failure> {
    let IdsCommand::Normalize {
        input,
        provider,
        account: Some(account),
        linkedin_api,
    } = command
    else {
        return run(command, out);
    };
    let provider = known_provider(&ProviderRegistry::builtin(), &provider)?;
    let product = linkedin_api.map(super::users::linkedin_product);
    let recipient = client
        .users()
        .resolve_recipient(&provider, account, &input, product)
        .await?;
    let id = recipient.provider_id();
    let (result, public) = match &recipient {
        Recipient::LookedUp(profile) => ("looked_up", profile.public_identifier.as_deref()),
        _ => ("resolved", None),
    };
    if out.is_json() {
        out.json_line(&ResolvedOut {
            input: &input,
            provider: provider.as_str(),
            result,
            id: id.as_str(),
            public_identifier: public,
        })
    } else if result == "looked_up" {
        out.line(&format!(
            "{}  (looked up with GET /users/{{identifier}})",
            id.as_str()
        ))
    } else {
        out.line(&format!("{}  (an id already: no lookup)", id.as_str()))
    }
}

/// What to do with an id of this kind.
fn usage(kind: &IdKind) -> &'static str {
    if kind.is_attendee_id() {
        "send as is: messages start --to"
    } else if kind.is_chat_id() {
        "names a chat: send into it with messages send --chat"
    } else if kind.is_public_identifier() {
        "public identifier: resolve it with GET /users/{identifier} first"
    } else {
        "-"
    }
}

/// The provider named `name` (any case), if the registry has rules for it.
fn known_provider(registry: &ProviderRegistry, name: &str) -> Result<Provider, Failure> {
    let provider = Provider::from(name.to_uppercase());
    if registry.get(&provider).is_some() {
        return Ok(provider);
    }
    let known: Vec<String> = registry
        .providers()
        .map(|p| p.as_str().to_owned())
        .collect();
    Err(Failure::Usage(format!(
        "invalid `--provider`: unknown provider `{name}`, use one of {}",
        known.join(", ")
    )))
}
