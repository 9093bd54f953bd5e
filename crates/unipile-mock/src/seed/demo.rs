//! The demo data the `unipile-mock` binary and `FakeUnipile::demo` serve.

use unipile_core::Provider;

use super::{AccountSeed, ChatSeed};
use crate::state::State;

impl State {
    /// One account per messaging provider, each with three 1:1 chats and a group, each
    /// chat with a history of 30 messages (see [`FakeUnipile::add_demo_data`]).
    ///
    /// [`FakeUnipile::add_demo_data`]: crate::FakeUnipile::add_demo_data
    pub(crate) fn add_demo_data(&mut self) {
        let providers = [
            (Provider::Linkedin, "Kim Unipile"),
            (Provider::Whatsapp, "Kim (WhatsApp)"),
            (Provider::Instagram, "kim.unipile"),
            (Provider::Messenger, "Kim Messenger"),
            (Provider::Telegram, "Kim Telegram"),
            (Provider::Twitter, "@kim_unipile"),
        ];
        for (provider, name) in providers {
            let account = self.add_account(AccountSeed::new(provider, name));
            for _ in 0..3 {
                let name = self.random_name();
                self.add_chat(ChatSeed::direct(account.clone(), name).history(30));
            }
            let names: Vec<String> = (0..3).map(|_| self.random_name()).collect();
            self.add_chat(ChatSeed::group(account.clone(), "Project team 🚀", names).history(30));
        }
    }
}
