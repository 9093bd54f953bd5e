//! [`Provider`]: the messaging providers as Unipile names them. Their id rules are
//! the [`provider`](crate::provider) module's.

open_string_enum! {
    /// A messaging provider, as Unipile names it in `account_type` and in list filters.
    ///
    /// Unknown names (`X_TWITTER`, say) are kept, never an error.
    pub enum Provider {
        /// LinkedIn (classic, Sales Navigator, Recruiter).
        Linkedin => "LINKEDIN",
        /// WhatsApp.
        Whatsapp => "WHATSAPP",
        /// Instagram direct messages.
        Instagram => "INSTAGRAM",
        /// Facebook Messenger.
        Messenger => "MESSENGER",
        /// Telegram.
        Telegram => "TELEGRAM",
        /// X (formerly Twitter), named `TWITTER` by the v1 API.
        Twitter => "TWITTER",
        /// Slack.
        Slack => "SLACK",
    }
}
