//! `unipile ids classify|normalize`: the provider-id rules, offline.

use crate::cli::IdsCommand;
use crate::failure::Failure;
use crate::output::{Column, Printer, Table};
use serde::Serialize;
use unipile_core::provider::Normalized;
use unipile_core::{IdKind, Provider, ProviderRegistry};

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
        IdsCommand::Normalize { input, provider } => {
            let provider = known_provider(&registry, &provider)?;
            let name = provider.as_str();
            match registry.normalize(&provider, &input) {
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
