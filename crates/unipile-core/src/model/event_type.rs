//! Event messages: what `event_type` means when a message's `is_event` is set.
//!
//! Some messages are not written by a person but record an event: a reaction, a group
//! change, a missed call. Unipile marks them with `is_event` and gives the kind in
//! `event_type`. Events a provider shows but Unipile does not support yet get code `0`
//! ([`EventType::Unsupported`]); a code this SDK does not know (a newer server sends up
//! to 14 or more) is kept as [`EventType::Unknown`].
//!
//! [`EventType::TABLE`] is the one table of codes, names and descriptions: conversions
//! come from the same list of variants, the tests check the two agree, and the
//! reference docs are generated from it.

use std::borrow::Cow;

open_int_enum! {
    /// The kind of an event message (`event_type`).
    ///
    /// ```
    /// use unipile_core::model::event_type::EventType;
    /// let e = EventType::from(5);
    /// assert_eq!(e, EventType::ParticipantAdded);
    /// assert!(e.is_group_change());
    /// assert_eq!(e.description(), "A new participant was added to the group");
    /// let newer = EventType::from(14);
    /// assert!(newer.is_unknown());
    /// assert_eq!(newer.code(), 14);
    /// ```
    pub enum EventType {
        /// `0`: an event the provider shows that Unipile does not support yet.
        Unsupported => 0,
        /// `1`: a user reacted to a message.
        Reaction => 1,
        /// `2`: a user reacted to a message of the connected account's user.
        ReactionToOwnMessage => 2,
        /// `3`: the group was created.
        GroupCreated => 3,
        /// `4`: the group's title changed.
        GroupTitleChanged => 4,
        /// `5`: a participant was added to the group.
        ParticipantAdded => 5,
        /// `6`: a participant was removed from the group.
        ParticipantRemoved => 6,
        /// `7`: a participant left the group.
        ParticipantLeft => 7,
        /// `8`: a missed voice call.
        MissedVoiceCall => 8,
        /// `9`: a missed video call (the message-object page calls it a missed audio
        /// call, the API reference a missed video/audio call).
        MissedVideoCall => 9,
    }
}

/// One row of [`EventType::TABLE`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct EventTypeRow {
    /// The variant.
    pub event: EventType,
    /// The code on the wire.
    pub code: i64,
    /// The variant's name in Rust.
    pub name: &'static str,
    /// What the event means, in Unipile's words.
    pub description: &'static str,
}

const fn row(
    event: EventType,
    code: i64,
    name: &'static str,
    description: &'static str,
) -> EventTypeRow {
    EventTypeRow {
        event,
        code,
        name,
        description,
    }
}

impl EventType {
    /// Every documented code with its name and description, in code order, one row per
    /// entry of [`EventType::KNOWN`].
    pub const TABLE: &'static [EventTypeRow] = &[
        row(
            EventType::Unsupported,
            0,
            "Unsupported",
            "An event the provider shows that Unipile does not support yet",
        ),
        row(
            EventType::Reaction,
            1,
            "Reaction",
            "A user reacted to a message",
        ),
        row(
            EventType::ReactionToOwnMessage,
            2,
            "ReactionToOwnMessage",
            "A user reacted to a message of the connected account's user",
        ),
        row(
            EventType::GroupCreated,
            3,
            "GroupCreated",
            "The group was created",
        ),
        row(
            EventType::GroupTitleChanged,
            4,
            "GroupTitleChanged",
            "The group has changed title",
        ),
        row(
            EventType::ParticipantAdded,
            5,
            "ParticipantAdded",
            "A new participant was added to the group",
        ),
        row(
            EventType::ParticipantRemoved,
            6,
            "ParticipantRemoved",
            "A participant was removed from the group",
        ),
        row(
            EventType::ParticipantLeft,
            7,
            "ParticipantLeft",
            "A participant left the group",
        ),
        row(
            EventType::MissedVoiceCall,
            8,
            "MissedVoiceCall",
            "Missed voice call",
        ),
        row(
            EventType::MissedVideoCall,
            9,
            "MissedVideoCall",
            "Missed video or audio call",
        ),
    ];

    /// This type's row of [`EventType::TABLE`], or `None` for an unknown code.
    pub fn row(self) -> Option<&'static EventTypeRow> {
        Self::TABLE.iter().find(|r| r.event == self)
    }

    /// The variant's name (`"Reaction"`), or `"Unknown"` for a code the SDK does not know.
    pub fn name(self) -> &'static str {
        self.row().map_or("Unknown", |r| r.name)
    }

    /// What the event means, for people. An unknown code says so and gives the code.
    pub fn description(self) -> Cow<'static, str> {
        match self.row() {
            Some(r) => Cow::Borrowed(r.description),
            None => Cow::Owned(format!(
                "An event this version of the SDK does not know (event_type {})",
                self.code()
            )),
        }
    }

    /// A reaction to a message (`1` or `2`).
    pub fn is_reaction(self) -> bool {
        matches!(self, EventType::Reaction | EventType::ReactionToOwnMessage)
    }

    /// A change to a group: created, retitled, or a participant added, removed or gone
    /// (`3` to `7`).
    pub fn is_group_change(self) -> bool {
        matches!(
            self,
            EventType::GroupCreated
                | EventType::GroupTitleChanged
                | EventType::ParticipantAdded
                | EventType::ParticipantRemoved
                | EventType::ParticipantLeft
        )
    }

    /// A missed call, voice or video (`8` or `9`).
    pub fn is_missed_call(self) -> bool {
        matches!(
            self,
            EventType::MissedVoiceCall | EventType::MissedVideoCall
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_known_agree() {
        assert_eq!(EventType::TABLE.len(), EventType::KNOWN.len());
        for (row, known) in EventType::TABLE.iter().zip(EventType::KNOWN) {
            assert_eq!(row.event, *known);
            assert_eq!(row.event.code(), row.code);
            assert_eq!(EventType::from(row.code), row.event);
            assert_eq!(format!("{:?}", row.event), row.name);
            assert_eq!(row.event.name(), row.name);
            assert_eq!(row.event.description(), row.description);
            assert!(!row.event.is_unknown());
        }
        let codes: Vec<i64> = EventType::TABLE.iter().map(|r| r.code).collect();
        assert_eq!(codes, (0..=9).collect::<Vec<_>>());
    }

    #[test]
    fn serde_both_ways_including_unknown() {
        for row in EventType::TABLE {
            let json = serde_json::to_string(&row.event).expect("serialize");
            assert_eq!(json, row.code.to_string());
            assert_eq!(
                serde_json::from_str::<EventType>(&json).expect("parse"),
                row.event
            );
            let quoted = format!("\"{}\"", row.code);
            assert_eq!(
                serde_json::from_str::<EventType>(&quoted).expect("string code"),
                row.event
            );
        }
        let newer: EventType = serde_json::from_str("14").expect("14");
        assert!(newer.is_unknown());
        assert_eq!(newer.code(), 14);
        assert_eq!(serde_json::to_string(&newer).expect("serialize"), "14");
        assert_eq!(newer.name(), "Unknown");
        assert!(
            newer.description().contains("14"),
            "{}",
            newer.description()
        );
        assert!(!newer.is_reaction() && !newer.is_group_change() && !newer.is_missed_call());
    }

    #[test]
    fn semantic_groups() {
        let reactions: Vec<i64> = EventType::KNOWN
            .iter()
            .filter(|e| e.is_reaction())
            .map(|e| e.code())
            .collect();
        assert_eq!(reactions, [1, 2]);
        let group: Vec<i64> = EventType::KNOWN
            .iter()
            .filter(|e| e.is_group_change())
            .map(|e| e.code())
            .collect();
        assert_eq!(group, [3, 4, 5, 6, 7]);
        let calls: Vec<i64> = EventType::KNOWN
            .iter()
            .filter(|e| e.is_missed_call())
            .map(|e| e.code())
            .collect();
        assert_eq!(calls, [8, 9]);
        assert!(!EventType::Unsupported.is_reaction());
    }
}
