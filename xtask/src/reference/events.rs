//! The event types table, from [`EventType::TABLE`].

use crate::markdown::{code, table as markdown_table, yes_no};
use unipile_core::model::event_type::EventType;

/// Code, variant, meaning, and which semantics methods hold, one row per documented code.
pub fn table() -> String {
    let rows: Vec<Vec<String>> = EventType::TABLE
        .iter()
        .map(|row| {
            vec![
                row.code.to_string(),
                code(&format!("EventType::{}", row.name)),
                row.description.to_string(),
                yes_no(row.event.is_reaction()),
                yes_no(row.event.is_group_change()),
                yes_no(row.event.is_missed_call()),
            ]
        })
        .collect();
    markdown_table(
        &[
            "`event_type`",
            "Variant",
            "Meaning",
            "`is_reaction()`",
            "`is_group_change()`",
            "`is_missed_call()`",
        ],
        &rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_code_with_its_semantics() {
        let text = table();
        assert_eq!(text.lines().count(), 2 + EventType::TABLE.len());
        assert!(
            text.contains(
                "| 5 | `EventType::ParticipantAdded` | A new participant was added to the group | no | yes | no |"
            ),
            "{text}"
        );
        assert!(text.contains("| 1 | `EventType::Reaction` |"), "{text}");
    }
}
