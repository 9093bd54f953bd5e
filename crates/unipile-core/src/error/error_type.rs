//! The `errors/*` types of the API, with one table of what each means and what to do.

use std::fmt;

/// What a user should do about an error type: the last column of [`ErrorType::TABLE`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Remedy {
    /// The condition is temporary: retry later, with backoff.
    RetryLater,
    /// The connected account must be reconnected by its owner.
    Reconnect,
    /// The API key (or the credentials given to connect an account) is missing or wrong.
    CheckCredentials,
    /// The account, its subscription, credits or permissions do not allow this.
    CheckAccountAccess,
    /// The request itself is wrong.
    FixRequest,
    /// This recipient cannot receive this message.
    ChangeRecipient,
    /// A provider limit was reached: wait hours or a day before repeating.
    WaitBeforeRepeating,
    /// It was already done: nothing to do.
    AlreadyDone,
    /// The provider or the API does not offer this.
    Unsupported,
    /// Unexpected on Unipile's side.
    ReportIssue,
}

impl Remedy {
    /// Every remedy, in declaration order.
    pub const ALL: &'static [Remedy] = &[
        Remedy::RetryLater,
        Remedy::Reconnect,
        Remedy::CheckCredentials,
        Remedy::CheckAccountAccess,
        Remedy::FixRequest,
        Remedy::ChangeRecipient,
        Remedy::WaitBeforeRepeating,
        Remedy::AlreadyDone,
        Remedy::Unsupported,
        Remedy::ReportIssue,
    ];

    /// What to do, in one sentence for people.
    pub fn advice(self) -> &'static str {
        match self {
            Remedy::RetryLater => {
                "Retry later with backoff: the condition is temporary (a send is repeated only \
                 when it surely did not go out)."
            }
            Remedy::Reconnect => {
                "Have the account's owner reconnect the account (for instance through a hosted \
                 auth link); retrying does not help until then."
            }
            Remedy::CheckCredentials => {
                "Check the API key and the DSN (or the credentials given to connect an \
                 account); reconnecting an existing account does not help."
            }
            Remedy::CheckAccountAccess => {
                "Check the account's permissions, subscription, credits or restrictions with \
                 the provider or in your Unipile plan."
            }
            Remedy::FixRequest => {
                "Fix the request: the detail says which parameter, id or content is wrong."
            }
            Remedy::ChangeRecipient => {
                "This recipient cannot receive it: choose another recipient, or another way \
                 to reach them (an invitation, an InMail)."
            }
            Remedy::WaitBeforeRepeating => {
                "A provider limit was reached: wait (hours, or a day) before doing it again; \
                 do not retry automatically."
            }
            Remedy::AlreadyDone => "Nothing to do: it was already done.",
            Remedy::Unsupported => "Not available for this provider or account type.",
            Remedy::ReportIssue => {
                "Unexpected: keep the error's `instance` and contact Unipile support if it \
                 persists."
            }
        }
    }
}

impl fmt::Display for Remedy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.advice())
    }
}

/// Whether the client repeats, by itself, a request that got an error: the one rule the
/// [retry policy](crate::client::retry) and [`ErrorType::TABLE`] share.
///
/// A documented type's rule follows from its row, as the API reference advises: the 429
/// `too_many_requests` is [`Always`](RetryRule::Always); a 5xx type whose remedy is
/// [`Remedy::RetryLater`] (500 `provider_error`, the 503 types) is
/// [`Reads`](RetryRule::Reads); every other type is [`Never`](RetryRule::Never): no 4xx
/// but 429 is repeated automatically, account-state 401 and 403 types included. A 4xx
/// whose remedy is to retry later (422 `provider_unreachable`, 425 `auth_in_progress`…)
/// is the caller's to repeat, once the provider or the account is ready. A response
/// whose type the SDK does not know (or that has no JSON error body) falls back on its
/// status: 429 is `Always`, 502, 503 and 504 are `Reads`, anything else is `Never`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum RetryRule {
    /// Never repeated automatically: repeating the same request cannot help (or must not
    /// happen without a person deciding).
    Never,
    /// A read (`GET`) is repeated with backoff; a send is not, since it may already have
    /// been acted on (a message must never go out twice).
    Reads,
    /// Any request is repeated, sends included: the server refused it without acting on
    /// it (a rate limit).
    Always,
}

impl RetryRule {
    /// The rule of a documented row: its status and remedy.
    pub const fn for_row(status: u16, remedy: Remedy) -> Self {
        match (remedy, status) {
            (Remedy::RetryLater, 429) => RetryRule::Always,
            (Remedy::RetryLater, 500..=599) => RetryRule::Reads,
            _ => RetryRule::Never,
        }
    }

    /// The rule of a status alone, for a type the SDK does not know or a body that is
    /// not the API's JSON error: 429 `Always`; 502, 503, 504 `Reads`; else `Never`.
    pub const fn for_status(status: u16) -> Self {
        match status {
            429 => RetryRule::Always,
            502..=504 => RetryRule::Reads,
            _ => RetryRule::Never,
        }
    }

    /// The rule of an error response: its type's, when the SDK knows the type, else its
    /// status's.
    pub fn for_error(status: u16, error_type: Option<&ErrorType>) -> Self {
        match error_type.and_then(ErrorType::info) {
            Some(row) => row.retry,
            None => Self::for_status(status),
        }
    }

    /// The rule of a response: `Never` for a success, else as [`RetryRule::for_error`]
    /// with the `type` read from the body (if it is the API's JSON error).
    pub fn for_response(status: u16, body: &[u8]) -> Self {
        if (200..300).contains(&status) {
            return RetryRule::Never;
        }
        #[derive(serde::Deserialize)]
        struct TypeOnly {
            #[serde(rename = "type")]
            error_type: ErrorType,
        }
        let error_type = serde_json::from_slice::<TypeOnly>(body)
            .ok()
            .map(|b| b.error_type);
        Self::for_error(status, error_type.as_ref())
    }

    /// Whether a request of this method is repeated (`read`: a `GET`).
    pub fn repeats(self, read: bool) -> bool {
        match self {
            RetryRule::Never => false,
            RetryRule::Reads => read,
            RetryRule::Always => true,
        }
    }

    /// A short name for tables: `never`, `reads` or `always`.
    pub fn as_str(self) -> &'static str {
        match self {
            RetryRule::Never => "never",
            RetryRule::Reads => "reads",
            RetryRule::Always => "always",
        }
    }
}

/// One row of [`ErrorType::TABLE`]: a documented error type, its HTTP status, what it
/// means and what to do about it.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct ErrorTypeInfo {
    /// The type (its wire value is `errors/<slug>`).
    pub error_type: ErrorType,
    /// The HTTP status Unipile sends it with.
    pub status: u16,
    /// What it means, in one sentence.
    pub meaning: &'static str,
    /// Whether the same request may succeed later without any change: `remedy` is
    /// [`Remedy::RetryLater`]. `retry` says which of these the client repeats by itself;
    /// the others (a 4xx such as 422 `provider_unreachable`) are the caller's to repeat.
    pub retryable: bool,
    /// Whether the client repeats a request that got it, by itself.
    pub retry: RetryRule,
    /// What to do about it.
    pub remedy: Remedy,
}

/// Defines [`ErrorType`] and its table from one list, so the two cannot drift apart.
macro_rules! error_types {
    ( $( $variant:ident => $wire:literal, $status:literal, $remedy:ident, $meaning:literal; )+ ) => {
        open_string_enum! {
            /// The `type` of an API error (`errors/invalid_recipient`…): branch on this,
            /// never on the title.
            ///
            /// Every type Unipile documents is a variant; any other is kept as sent in
            /// `Unknown`. [`ErrorType::TABLE`] says, for each, its HTTP status, its
            /// meaning and what to do.
            pub enum ErrorType {
                $( #[doc = $meaning] $variant => $wire, )+
            }
        }

        impl ErrorType {
            /// Every documented error type: status, meaning, whether it is retryable, whether
            /// the client retries it by itself ([`RetryRule`]) and what to do. Grouped by status; the docs' reference table is generated
            /// from it.
            pub const TABLE: &'static [ErrorTypeInfo] = &[
                $( ErrorTypeInfo {
                    error_type: ErrorType::$variant,
                    status: $status,
                    meaning: $meaning,
                    retryable: matches!(Remedy::$remedy, Remedy::RetryLater),
                    retry: RetryRule::for_row($status, Remedy::$remedy),
                    remedy: Remedy::$remedy,
                }, )+
            ];
        }
    };
}

error_types! {
    // 400
    InvalidParameters => "errors/invalid_parameters", 400, FixRequest,
        "One or more parameters are invalid.";
    MalformedRequest => "errors/malformed_request", 400, FixRequest,
        "The request is malformed.";
    ContentTooLarge => "errors/content_too_large", 400, FixRequest,
        "The content (a text or a file) is too large.";
    InvalidUrl => "errors/invalid_url", 400, FixRequest,
        "A URL in the request is invalid.";
    TooManyCharacters => "errors/too_many_characters", 400, FixRequest,
        "A text is longer than the provider allows.";
    UnescapedCharacters => "errors/unescaped_characters", 400, FixRequest,
        "A text holds characters that must be escaped.";
    MissingParameters => "errors/missing_parameters", 400, FixRequest,
        "A required parameter is missing.";
    // 401
    MissingCredentials => "errors/missing_credentials", 401, CheckCredentials,
        "No valid credentials: the API key is missing or wrong, or an account connection lacks its credentials.";
    MultipleSessions => "errors/multiple_sessions", 401, Reconnect,
        "The provider account has several sessions and the connection could not proceed.";
    InvalidCheckpointSolution => "errors/invalid_checkpoint_solution", 401, Reconnect,
        "The answer to the provider's security checkpoint (a 2FA code…) was wrong.";
    CheckpointError => "errors/checkpoint_error", 401, Reconnect,
        "The provider's security checkpoint could not be completed.";
    InvalidCredentials => "errors/invalid_credentials", 401, CheckCredentials,
        "The API key is wrong (on any request), or the credentials given to connect an account are.";
    ExpiredCredentials => "errors/expired_credentials", 401, Reconnect,
        "The account's credentials or session expired.";
    InsufficientPrivileges => "errors/insufficient_privileges", 401, Reconnect,
        "The account's credentials do not grant the privileges this needs.";
    DisconnectedAccount => "errors/disconnected_account", 401, Reconnect,
        "The account is disconnected from the provider.";
    DisconnectedFeature => "errors/disconnected_feature", 401, Reconnect,
        "A feature of the account (Sales Navigator, Recruiter…) is disconnected.";
    InvalidCredentialsButValidAccountImap => "errors/invalid_credentials_but_valid_account_imap", 401, Reconnect,
        "The mail account exists but the credentials given for it are wrong.";
    ExpiredLink => "errors/expired_link", 401, Reconnect,
        "The hosted authentication link expired.";
    WrongAccount => "errors/wrong_account", 401, Reconnect,
        "The account that signed in is not the one being reconnected.";
    CaptchaNotSupported => "errors/captcha_not_supported", 401, Reconnect,
        "The provider asked for a captcha, which this way of connecting cannot solve.";
    InvalidProxyCredentials => "errors/invalid_proxy_credentials", 401, Reconnect,
        "The proxy credentials of the account are wrong.";
    InvalidImapConfiguration => "errors/invalid_imap_configuration", 401, Reconnect,
        "The IMAP settings of the mail account are wrong.";
    InvalidSmtpConfiguration => "errors/invalid_smtp_configuration", 401, Reconnect,
        "The SMTP settings of the mail account are wrong.";
    // 403
    AccountRestricted => "errors/account_restricted", 403, CheckAccountAccess,
        "The provider restricted the account.";
    AccountMismatch => "errors/account_mismatch", 403, FixRequest,
        "The resource belongs to another account than the one given.";
    InsufficientPermissions => "errors/insufficient_permissions", 403, CheckAccountAccess,
        "The account lacks the permission for this action.";
    SessionMismatch => "errors/session_mismatch", 403, Reconnect,
        "The provider session no longer matches the account.";
    FeatureNotSubscribed => "errors/feature_not_subscribed", 403, CheckAccountAccess,
        "The account is not subscribed to the provider feature this needs.";
    SubscriptionRequired => "errors/subscription_required", 403, CheckAccountAccess,
        "A subscription is required for this.";
    UnknownAuthenticationContext => "errors/unknown_authentication_context", 403, Reconnect,
        "The provider asked for authentication in a context Unipile does not know.";
    ActionRequired => "errors/action_required", 403, CheckAccountAccess,
        "The provider requires an action from the account's owner in its own app.";
    ResourceAccessRestricted => "errors/resource_access_restricted", 403, CheckAccountAccess,
        "The account may not access this resource.";
    // 404
    ResourceNotFound => "errors/resource_not_found", 404, FixRequest,
        "The resource (account, chat, message, attendee…) does not exist.";
    InvalidResourceIdentifier => "errors/invalid_resource_identifier", 404, FixRequest,
        "The id is not a valid id for this resource.";
    // 415
    UnsupportedMediaType => "errors/unsupported_media_type", 415, FixRequest,
        "The provider rejected the media (the attachment's type or format).";
    // 422
    InvalidAccount => "errors/invalid_account", 422, CheckAccountAccess,
        "The account cannot be used for this.";
    InvalidRecipient => "errors/invalid_recipient", 422, ChangeRecipient,
        "The recipient is not valid.";
    NoConnectionWithRecipient => "errors/no_connection_with_recipient", 422, ChangeRecipient,
        "The account has no connection with the recipient (on LinkedIn, invite them or send an InMail).";
    BlockedRecipient => "errors/blocked_recipient", 422, ChangeRecipient,
        "The recipient is blocked.";
    UserUnreachable => "errors/user_unreachable", 422, ChangeRecipient,
        "The recipient cannot be reached.";
    UnprocessableEntity => "errors/unprocessable_entity", 422, FixRequest,
        "The request is well formed but cannot be processed.";
    ActionAlreadyPerformed => "errors/action_already_performed", 422, AlreadyDone,
        "This was already done.";
    InvalidMessage => "errors/invalid_message", 422, FixRequest,
        "The message is not valid for the provider.";
    InvalidPost => "errors/invalid_post", 422, FixRequest,
        "The post is not valid.";
    NotAllowedInmail => "errors/not_allowed_inmail", 422, CheckAccountAccess,
        "The account may not send an InMail here.";
    InsufficientCredits => "errors/insufficient_credits", 422, CheckAccountAccess,
        "The account has no credits left for this (InMail credits…).";
    CannotResendYet => "errors/cannot_resend_yet", 422, WaitBeforeRepeating,
        "The same action was done too recently for the provider to allow it again yet.";
    CannotResendWithin24hrs => "errors/cannot_resend_within_24hrs", 422, WaitBeforeRepeating,
        "The provider does not allow repeating this within 24 hours.";
    LimitExceeded => "errors/limit_exceeded", 422, WaitBeforeRepeating,
        "A provider limit (daily invitations, messages…) is reached.";
    AlreadyInvitedRecently => "errors/already_invited_recently", 422, WaitBeforeRepeating,
        "The person was invited recently.";
    CannotInviteAttendee => "errors/cannot_invite_attendee", 422, ChangeRecipient,
        "The person cannot be invited.";
    ParentMailNotFound => "errors/parent_mail_not_found", 422, FixRequest,
        "The mail replied to does not exist.";
    InvalidReplySubject => "errors/invalid_reply_subject", 422, FixRequest,
        "The subject of the reply is not valid.";
    InvalidHeaders => "errors/invalid_headers", 422, FixRequest,
        "The mail headers are not valid.";
    SendAsDenied => "errors/send_as_denied", 422, CheckAccountAccess,
        "The account may not send as this address.";
    InvalidFolder => "errors/invalid_folder", 422, FixRequest,
        "The folder is not valid.";
    InvalidThread => "errors/invalid_thread", 422, FixRequest,
        "The thread is not valid.";
    LimitTooHigh => "errors/limit_too_high", 422, FixRequest,
        "The `limit` parameter is too high.";
    Unauthorized => "errors/unauthorized", 422, CheckAccountAccess,
        "The provider refused the action for this account (a 422, not an HTTP 401).";
    SenderRejected => "errors/sender_rejected", 422, CheckAccountAccess,
        "The mail server rejected the sender.";
    RecipientRejected => "errors/recipient_rejected", 422, ChangeRecipient,
        "The server rejected the recipient.";
    IpRejectedByServer => "errors/ip_rejected_by_server", 422, ReportIssue,
        "The mail server rejected the sending IP.";
    ProviderUnreachable => "errors/provider_unreachable", 422, RetryLater,
        "The provider could not be reached.";
    AccountConfigurationError => "errors/account_configuration_error", 422, CheckAccountAccess,
        "The account is misconfigured.";
    CantSendMessage => "errors/cant_send_message", 422, ReportIssue,
        "The provider could not send the message.";
    RealtimeClientNotInitialized => "errors/realtime_client_not_initialized", 422, RetryLater,
        "The account's real-time client is still starting.";
    // 425
    AuthInProgress => "errors/auth_in_progress", 425, RetryLater,
        "An authentication of the account is in progress.";
    // 429
    TooManyRequests => "errors/too_many_requests", 429, RetryLater,
        "The provider cannot accept more requests at the moment.";
    // 500
    UnexpectedError => "errors/unexpected_error", 500, ReportIssue,
        "An unexpected error on Unipile's side.";
    ProviderError => "errors/provider_error", 500, RetryLater,
        "The provider is having operational problems.";
    AuthenticationIntentError => "errors/authentication_intent_error", 500, Reconnect,
        "The authentication attempt failed.";
    // 501
    FeatureNotImplemented => "errors/feature_not_implemented", 501, Unsupported,
        "The feature is not implemented for this provider.";
    // 503
    NoClientSession => "errors/no_client_session", 503, RetryLater,
        "No client session is ready for the account.";
    NoChannel => "errors/no_channel", 503, RetryLater,
        "No channel to the provider is available.";
    NoHandler => "errors/no_handler", 503, RetryLater,
        "No handler is available for the request.";
    NetworkDown => "errors/network_down", 503, RetryLater,
        "The network is down: wait a moment and retry.";
    ServiceUnavailable => "errors/service_unavailable", 503, RetryLater,
        "The service is unavailable.";
    // 504
    RequestTimeout => "errors/request_timeout", 504, RetryLater,
        "The request timed out on the provider's side.";
}

impl ErrorType {
    /// This type's row of [`ErrorType::TABLE`]; `None` for a type the SDK does not know.
    pub fn info(&self) -> Option<&'static ErrorTypeInfo> {
        if self.is_unknown() {
            return None;
        }
        Self::TABLE.iter().find(|row| row.error_type == *self)
    }

    /// The part after `errors/` (`invalid_recipient`), or the whole value if it has no
    /// such prefix.
    pub fn slug(&self) -> &str {
        let wire = self.as_str();
        wire.strip_prefix("errors/").unwrap_or(wire)
    }

    /// The HTTP status Unipile documents for this type.
    pub fn documented_status(&self) -> Option<u16> {
        self.info().map(|row| row.status)
    }

    /// What to do about it; `None` for an unknown type.
    pub fn remedy(&self) -> Option<Remedy> {
        self.info().map(|row| row.remedy)
    }

    /// Whether the same request may succeed later unchanged (429, 503, 504, 500
    /// `provider_error`, `network_down`…). `false` for an unknown type: look at the HTTP
    /// status instead, as [`ApiErrorBody::is_retryable`](super::ApiErrorBody::is_retryable)
    /// does.
    pub fn is_retryable(&self) -> bool {
        self.info().is_some_and(|row| row.retryable)
    }

    /// Whether the account must be reconnected by its owner before this can work: the
    /// account-state errors (`disconnected_account`, `expired_credentials`…).
    ///
    /// `missing_credentials` and `invalid_credentials` are *not* among them: they mean the
    /// API key (or the credentials of an account being connected) is missing or wrong,
    /// which no reconnection fixes (see [`ErrorType::needs_credentials_check`]).
    /// `errors/unauthorized` is not either: despite its name it is a 422, the provider
    /// refusing one action.
    pub fn needs_reconnect(&self) -> bool {
        self.remedy() == Some(Remedy::Reconnect)
    }

    /// Whether the API key (or the credentials given to connect an account) is missing or
    /// wrong: `missing_credentials`, `invalid_credentials`. Unipile answers a wrong
    /// `X-API-KEY` with `invalid_credentials`; an account whose credentials expired gets
    /// an account-state type instead (see [`ErrorType::needs_reconnect`]).
    pub fn needs_credentials_check(&self) -> bool {
        self.remedy() == Some(Remedy::CheckCredentials)
    }

    /// Whether this is the rate-limit type, `errors/too_many_requests`.
    pub fn is_rate_limit(&self) -> bool {
        *self == ErrorType::TooManyRequests
    }

    /// Whether the recipient cannot receive the message (`invalid_recipient`,
    /// `no_connection_with_recipient`, `blocked_recipient`, `user_unreachable`,
    /// `recipient_rejected`, `cannot_invite_attendee`).
    pub fn is_invalid_recipient(&self) -> bool {
        self.remedy() == Some(Remedy::ChangeRecipient)
    }

    /// Whether the resource does not exist (`resource_not_found`,
    /// `invalid_resource_identifier`).
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            ErrorType::ResourceNotFound | ErrorType::InvalidResourceIdentifier
        )
    }
}
