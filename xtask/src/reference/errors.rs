//! The error types table, from [`ErrorType::TABLE`], and the remedies it refers to.

use crate::markdown::{code, table as markdown_table, yes_no};
use unipile_core::error::{ErrorType, Remedy, RetryRule};

/// Status, type, variant, meaning, whether retryable, whether the client retries it by
/// itself (its `RetryRule`), and what to do, per documented type.
pub fn table() -> String {
    let rows: Vec<Vec<String>> = ErrorType::TABLE
        .iter()
        .map(|info| {
            vec![
                info.status.to_string(),
                code(info.error_type.as_str()),
                code(&format!("ErrorType::{:?}", info.error_type)),
                info.meaning.to_string(),
                yes_no(info.retryable),
                client_retries(info.retry).to_owned(),
                code(&format!("{:?}", info.remedy)),
            ]
        })
        .collect();
    markdown_table(
        &[
            "Status",
            "`type`",
            "Variant",
            "Meaning",
            "Retryable",
            "Client retries",
            "What to do",
        ],
        &rows,
    )
}

/// What the client does by itself about a type, by its [`RetryRule`].
fn client_retries(rule: RetryRule) -> &'static str {
    match rule {
        RetryRule::Always => "every request",
        RetryRule::Reads => "reads only",
        _ => "never",
    }
}

/// Each [`Remedy`] with its advice.
pub fn remedies() -> String {
    let rows: Vec<Vec<String>> = Remedy::ALL
        .iter()
        .map(|remedy| {
            vec![
                code(&format!("Remedy::{remedy:?}")),
                remedy.advice().to_string(),
            ]
        })
        .collect();
    markdown_table(&["Remedy", "What to do"], &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_type_and_per_remedy() {
        let text = table();
        assert_eq!(text.lines().count(), 2 + ErrorType::TABLE.len());
        assert!(
            text.contains(
                "| 401 | `errors/disconnected_account` | `ErrorType::DisconnectedAccount` |"
            ),
            "{text}"
        );
        let text = remedies();
        assert_eq!(text.lines().count(), 2 + Remedy::ALL.len());
        assert!(text.contains("| `Remedy::Reconnect` | Have the account's owner"));
    }
}
