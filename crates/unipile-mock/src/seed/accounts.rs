//! Seeded accounts and attendees: realistic names, provider ids of each provider's shape.

use unipile_core::{AccountId, AttendeeId};

use super::{AccountSeed, HISTORY_END_MS};
use crate::rng::Rng;
use crate::state::attendees::profile_url;
use crate::state::{AccountRec, AttendeeRec, State};

const FIRST_NAMES: &[&str] = &[
    "Kim", "Bastien", "Amélie", "Jonas", "Priya", "Mateo", "Chloé", "Yuki", "Omar", "Lena", "Noah",
    "Zoë", "Sven", "Aïcha", "Luca", "Marta",
];
const LAST_NAMES: &[&str] = &[
    "Martin", "Dubois", "Nakamura", "Okafor", "Silva", "Kowalski", "Müller", "García", "Haddad",
    "Rossi", "Andersen", "Lefèvre",
];
/// A provider id of the shape `account_type` uses.
fn provider_user_id(rng: &mut Rng, account_type: &str) -> String {
    match account_type {
        "LINKEDIN" => format!("ACoAA{}", rng.id(34).replace(['-', '_'], "x")),
        "WHATSAPP" => format!("33{}@s.whatsapp.net", rng.digits(9)),
        _ => format!("{}{}", 1 + rng.below(9), rng.digits(9)),
    }
}

impl State {
    /// Adds an account (with its own attendee) and returns its id.
    pub(crate) fn add_account(&mut self, seed: AccountSeed) -> AccountId {
        let account_type = seed.provider.as_str().to_owned();
        let id = AccountId::new(seed.id.unwrap_or_else(|| self.rng.id(22)));
        let user_id = provider_user_id(&mut self.rng, &account_type);
        let seq = self.next_seq();
        let created_at = HISTORY_END_MS - 86_400_000 * (30 + self.rng.below(300) as i64);
        let self_attendee = AttendeeId::new(self.rng.id(22));
        let username = match account_type.as_str() {
            "WHATSAPP" => user_id.split('@').next().unwrap_or_default().to_owned(),
            _ => seed.name.to_lowercase().replace(' ', "."),
        };
        let attendee_seq = self.next_seq();
        self.insert_attendee(AttendeeRec {
            id: self_attendee.clone(),
            account_id: id.clone(),
            provider_id: user_id.clone(),
            name: seed.name.clone(),
            is_self: true,
            hidden: false,
            picture_url: None,
            profile_url: profile_url(&account_type, &user_id),
            linkedin: None,
            key: (created_at, attendee_seq),
        });
        self.insert_account(AccountRec {
            id: id.clone(),
            account_type,
            name: seed.name,
            created_at,
            user_id,
            username,
            self_attendee,
            disconnected: false,
            key: (created_at, seq),
        });
        id
    }

    /// A new attendee of `account_id` named `name`.
    pub(super) fn add_attendee(&mut self, account_id: &AccountId, name: String) -> AttendeeId {
        let account_type = self.accounts[account_id].account_type.clone();
        let provider_id = provider_user_id(&mut self.rng, &account_type);
        let id = AttendeeId::new(self.rng.id(22));
        let seq = self.next_seq();
        let linkedin = (account_type == "LINKEDIN").then(|| {
            let jobs = [
                "Founder at Acme",
                "Head of Sales",
                "Recruiter",
                "CTO",
                "Designer",
            ];
            let distance = ["DISTANCE_1", "DISTANCE_2", "DISTANCE_3", "OUT_OF_NETWORK"];
            (
                self.rng.pick(&jobs).to_string(),
                self.rng.pick(&distance).to_string(),
            )
        });
        let picture = self
            .rng
            .chance(70)
            .then(|| format!("https://cdn.example.com/avatars/{}.jpg", self.rng.id(12)));
        self.insert_attendee(AttendeeRec {
            id: id.clone(),
            account_id: account_id.clone(),
            profile_url: profile_url(&account_type, &provider_id),
            provider_id,
            name,
            is_self: false,
            hidden: false,
            picture_url: picture,
            linkedin,
            key: (HISTORY_END_MS - 86_400_000, seq),
        });
        id
    }

    /// A random first and last name.
    pub(super) fn random_name(&mut self) -> String {
        format!(
            "{} {}",
            self.rng.pick(FIRST_NAMES),
            self.rng.pick(LAST_NAMES)
        )
    }
}
