//! Starting a chat: a 1:1 message to a user, a new group, a LinkedIn InMail.

use super::endpoints::CHATS_START;
use super::follow_up::RecruiterFollowUp;
use super::messages::push_field;
use super::upload::{Files, file_methods};
use super::{ApiRequest, Endpoint, TextLen, non_empty};
use crate::error::InvalidRequest;
use crate::model::id::{AccountId, ProviderId};
use crate::model::responses::ChatStarted;
use crate::transport::{Body, HttpRequest, Multipart};
use std::fmt;

/// Starts a chat, or sends to users by their provider ids: `POST /chats` (multipart).
///
/// Unipile sends into the 1:1 chat with the attendee, creating and syncing it if needed;
/// with several attendees it creates a group.
///
/// ```
/// use unipile_core::request::{ApiRequest, LinkedinOptions, StartChat};
///
/// // A LinkedIn InMail.
/// let inmail = StartChat::new("acc_linkedin", "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E")
///     .text("Hello!")
///     .linkedin(LinkedinOptions::classic().inmail(true));
/// let http = inmail.to_http().unwrap();
/// assert_eq!(http.path, "/chats");
///
/// // A WhatsApp group.
/// let group = StartChat::group(
///     "acc_whatsapp",
///     ["33600000000@s.whatsapp.net", "33600000001@s.whatsapp.net"],
///     "Vacation",
/// )
/// .text("Hello world !");
/// assert!(group.to_http().is_ok());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct StartChat {
    account_id: AccountId,
    attendees_ids: Vec<ProviderId>,
    text: Option<String>,
    title: Option<String>,
    subject: Option<String>,
    linkedin: Option<LinkedinOptions>,
    files: Files,
}

impl StartChat {
    /// A chat between the account `account_id` and one user, given by the provider's
    /// internal id (LinkedIn `ACo…`, a WhatsApp JID, Instagram's `provider_messaging_id`).
    pub fn new(account_id: impl Into<AccountId>, attendee: impl Into<ProviderId>) -> Self {
        Self {
            account_id: account_id.into(),
            attendees_ids: vec![attendee.into()],
            text: None,
            title: None,
            subject: None,
            linkedin: None,
            files: Files::default(),
        }
    }

    /// A group chat named `title` with these users (provider internal ids).
    pub fn group(
        account_id: impl Into<AccountId>,
        attendees: impl IntoIterator<Item = impl Into<ProviderId>>,
        title: impl Into<String>,
    ) -> Self {
        Self {
            account_id: account_id.into(),
            attendees_ids: attendees.into_iter().map(Into::into).collect(),
            text: None,
            title: Some(title.into()),
            subject: None,
            linkedin: None,
            files: Files::default(),
        }
    }

    /// Adds another attendee (one more `attendees_ids` part).
    pub fn attendee(mut self, attendee: impl Into<ProviderId>) -> Self {
        self.attendees_ids.push(attendee.into());
        self
    }

    /// The first message's text (`text`). An empty text counts as none.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// The group's name (`title`).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The subject (`subject`; LinkedIn InMail, Recruiter and Sales Navigator).
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// LinkedIn options: which product sends it, InMail, Recruiter fields.
    pub fn linkedin(mut self, options: LinkedinOptions) -> Self {
        self.linkedin = Some(options);
        self
    }

    file_methods!();
}

impl ApiRequest for StartChat {
    type Response = ChatStarted;
    const ENDPOINT: Endpoint = CHATS_START;

    /// Parts, in order: `account_id`, each `attendees_ids`, `text`, `title`, `subject`,
    /// the `linkedin[…]` fields, each `attachments`, `voice_message`, `video_message`.
    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        let request = Self::ENDPOINT.http_request(&[])?;
        non_empty("account_id", self.account_id.as_str())?;
        if self.attendees_ids.is_empty() {
            return Err(InvalidRequest::new(
                "attendees_ids",
                "at least one attendee (a provider internal id) is required",
            ));
        }
        for (i, id) in self.attendees_ids.iter().enumerate() {
            non_empty(&format!("attendees_ids[{i}]"), id.as_str())?;
        }
        self.files.check()?;

        let mut form = Multipart::new();
        form.push_text("account_id", self.account_id.as_str());
        for id in &self.attendees_ids {
            form.push_text("attendees_ids", id.as_str());
        }
        if let Some(text) = self.text.as_deref().filter(|t| !t.is_empty()) {
            form.push_text("text", text);
        }
        push_field(&mut form, "title", self.title.as_ref())?;
        push_field(&mut form, "subject", self.subject.as_ref())?;
        if let Some(linkedin) = &self.linkedin {
            linkedin.push_fields(&mut form)?;
        }
        if self.text.as_deref().is_none_or(|t| t.is_empty()) && !self.files.any() {
            return Err(InvalidRequest::new(
                "text",
                "a chat starts with a message: it needs text, an attachment, or a voice or \
                 video message",
            ));
        }
        self.files.push_parts(&mut form);
        Ok(request.with_body(Body::Multipart(form)))
    }
}

impl fmt::Debug for StartChat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StartChat")
            .field("account_id", &self.account_id)
            .field("attendees_ids", &self.attendees_ids)
            .field("text", &TextLen(&self.text))
            .field("title", &self.title)
            .field("subject", &self.subject)
            .field("linkedin", &self.linkedin)
            .field("files", &self.files)
            .finish()
    }
}

open_string_enum! {
    /// The LinkedIn product that sends the message (`linkedin[api]`).
    pub enum LinkedinApi {
        /// LinkedIn itself (Unipile's default), with InMail for premium accounts.
        Classic => "classic",
        /// LinkedIn Recruiter.
        Recruiter => "recruiter",
        /// LinkedIn Sales Navigator.
        SalesNavigator => "sales_navigator",
    }
}

open_string_enum! {
    /// Why you write to a company page (`linkedin[topic]`): mandatory to start a
    /// conversation with a company.
    pub enum LinkedinTopic {
        /// A service request.
        ServiceRequest => "service_request",
        /// A demo request.
        RequestDemo => "request_demo",
        /// Support.
        Support => "support",
        /// Careers.
        Careers => "careers",
        /// Anything else.
        Other => "other",
    }
}

open_string_enum! {
    /// Who sees a Recruiter message in the hiring project (`linkedin[visibility]`;
    /// LinkedIn's default is private).
    pub enum RecruiterVisibility {
        /// Everyone in the company.
        Public => "PUBLIC",
        /// The sender only.
        Private => "PRIVATE",
        /// The hiring project's members.
        Project => "PROJECT",
    }
}

/// LinkedIn options of [`StartChat`], sent as `linkedin[…]` form fields.
///
/// Start from the product that sends the message: [`classic`](LinkedinOptions::classic)
/// (with [`inmail`](LinkedinOptions::inmail), [`topic`](LinkedinOptions::topic)…),
/// [`recruiter`](LinkedinOptions::recruiter) (with [`signature`](LinkedinOptions::signature),
/// [`hiring_project_id`](LinkedinOptions::hiring_project_id)…) or
/// [`sales_navigator`](LinkedinOptions::sales_navigator). [`new`](LinkedinOptions::new)
/// leaves `linkedin[api]` unset (Unipile then uses classic); an InMail flag is sent all the
/// same.
///
/// Options of one product given with another are refused when the request is rendered:
/// Unipile would ignore them silently.
///
/// ```
/// use unipile_core::request::{LinkedinOptions, RecruiterVisibility};
///
/// let inmail = LinkedinOptions::new().inmail(true);
/// let recruiter = LinkedinOptions::recruiter()
///     .signature("Jane, Talent team")
///     .hiring_project_id("123")
///     .visibility(RecruiterVisibility::Project);
/// # let _ = (inmail, recruiter);
/// ```
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct LinkedinOptions {
    api: Option<LinkedinApi>,
    inmail: Option<bool>,
    topic: Option<LinkedinTopic>,
    applicant_id: Option<String>,
    invitation_id: Option<String>,
    signature: Option<String>,
    hiring_project_id: Option<String>,
    job_posting_id: Option<String>,
    email_address: Option<String>,
    visibility: Option<RecruiterVisibility>,
    follow_up: Option<RecruiterFollowUp>,
}

/// Which products a `linkedin[…]` option belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Product {
    Classic,
    Recruiter,
}

impl LinkedinOptions {
    /// No option set; `linkedin[api]` is not sent (Unipile uses classic).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sent by LinkedIn classic (`linkedin[api]=classic`).
    pub fn classic() -> Self {
        Self::new().api(LinkedinApi::Classic)
    }

    /// Sent by LinkedIn Recruiter (`linkedin[api]=recruiter`).
    pub fn recruiter() -> Self {
        Self::new().api(LinkedinApi::Recruiter)
    }

    /// Sent by Sales Navigator (`linkedin[api]=sales_navigator`).
    pub fn sales_navigator() -> Self {
        Self::new().api(LinkedinApi::SalesNavigator)
    }

    /// Sets the product (`linkedin[api]`).
    pub fn api(mut self, api: LinkedinApi) -> Self {
        self.api = Some(api);
        self
    }

    /// Sends as an InMail (`linkedin[inmail]`; classic, premium accounts): needed to write
    /// to someone who is not a relation. Sent even when the product is left unset.
    pub fn inmail(mut self, inmail: bool) -> Self {
        self.inmail = Some(inmail);
        self
    }

    /// The topic, to write to a company (`linkedin[topic]`; classic).
    pub fn topic(mut self, topic: LinkedinTopic) -> Self {
        self.topic = Some(topic);
        self
    }

    /// Answers a job applicant (`linkedin[applicant_id]`; classic).
    pub fn applicant_id(mut self, id: impl Into<String>) -> Self {
        self.applicant_id = Some(id.into());
        self
    }

    /// Answers an invitation (`linkedin[invitation_id]`; classic).
    pub fn invitation_id(mut self, id: impl Into<String>) -> Self {
        self.invitation_id = Some(id.into());
        self
    }

    /// The signature (`linkedin[signature]`; Recruiter).
    pub fn signature(mut self, signature: impl Into<String>) -> Self {
        self.signature = Some(signature.into());
        self
    }

    /// The hiring project (`linkedin[hiring_project_id]`; Recruiter).
    pub fn hiring_project_id(mut self, id: impl Into<String>) -> Self {
        self.hiring_project_id = Some(id.into());
        self
    }

    /// The job posting (`linkedin[job_posting_id]`; Recruiter).
    pub fn job_posting_id(mut self, id: impl Into<String>) -> Self {
        self.job_posting_id = Some(id.into());
        self
    }

    /// The recipient's email address (`linkedin[email_address]`; Recruiter).
    pub fn email_address(mut self, email: impl Into<String>) -> Self {
        self.email_address = Some(email.into());
        self
    }

    /// Who sees the message in the project (`linkedin[visibility]`; Recruiter).
    pub fn visibility(mut self, visibility: RecruiterVisibility) -> Self {
        self.visibility = Some(visibility);
        self
    }

    /// A follow-up sent later if the first message gets no answer
    /// (`linkedin[follow_up][…]`; Recruiter).
    pub fn follow_up(mut self, follow_up: RecruiterFollowUp) -> Self {
        self.follow_up = Some(follow_up);
        self
    }

    /// Checks that each option suits the chosen product.
    fn check_product(&self, key: &str, product: Product) -> Result<(), InvalidRequest> {
        let (fits, hint) = match (&self.api, product) {
            // A product this SDK does not know: let Unipile judge.
            (Some(LinkedinApi::Unknown(_)), _) => (true, ""),
            (None | Some(LinkedinApi::Classic), Product::Classic) => (true, ""),
            (Some(LinkedinApi::Recruiter), Product::Recruiter) => (true, ""),
            (None, Product::Recruiter) => (
                false,
                "is a Recruiter option, and linkedin[api] is not set (Unipile would use \
                 classic and ignore it): start from LinkedinOptions::recruiter()",
            ),
            (Some(_), Product::Recruiter) => (
                false,
                "is a Recruiter option: it needs linkedin[api]=recruiter \
                 (LinkedinOptions::recruiter())",
            ),
            (Some(_), Product::Classic) => (
                false,
                "is a LinkedIn classic option (Recruiter and Sales Navigator messages are \
                 InMails already): it needs linkedin[api]=classic or unset",
            ),
        };
        if fits {
            Ok(())
        } else {
            let api = self.api.as_ref().map_or("unset", LinkedinApi::as_str);
            Err(InvalidRequest::new(
                key,
                format!("{hint} (linkedin[api] is {api})"),
            ))
        }
    }

    /// Appends the `linkedin[…]` fields, in a fixed order, after checking them.
    fn push_fields(&self, form: &mut Multipart) -> Result<(), InvalidRequest> {
        if let Some(api) = &self.api {
            non_empty("linkedin[api]", api.as_str())?;
            form.push_text("linkedin[api]", api.as_str());
        }
        if let Some(inmail) = self.inmail {
            self.check_product("linkedin[inmail]", Product::Classic)?;
            form.push_text("linkedin[inmail]", inmail.to_string());
        }
        let topic = self.topic.as_ref().map(LinkedinTopic::as_str);
        let visibility = self.visibility.as_ref().map(RecruiterVisibility::as_str);
        let fields = [
            ("linkedin[topic]", topic, Product::Classic),
            (
                "linkedin[applicant_id]",
                self.applicant_id.as_deref(),
                Product::Classic,
            ),
            (
                "linkedin[invitation_id]",
                self.invitation_id.as_deref(),
                Product::Classic,
            ),
            (
                "linkedin[signature]",
                self.signature.as_deref(),
                Product::Recruiter,
            ),
            (
                "linkedin[hiring_project_id]",
                self.hiring_project_id.as_deref(),
                Product::Recruiter,
            ),
            (
                "linkedin[job_posting_id]",
                self.job_posting_id.as_deref(),
                Product::Recruiter,
            ),
            (
                "linkedin[email_address]",
                self.email_address.as_deref(),
                Product::Recruiter,
            ),
            ("linkedin[visibility]", visibility, Product::Recruiter),
        ];
        for (key, value, product) in fields {
            let Some(value) = value else { continue };
            self.check_product(key, product)?;
            non_empty(key, value)?;
            if key == "linkedin[email_address]" && !value.contains('@') {
                return Err(InvalidRequest::new(
                    key,
                    format!("`{value}` is not an email address"),
                ));
            }
            form.push_text(key, value);
        }
        if let Some(follow_up) = &self.follow_up {
            self.check_product("linkedin[follow_up]", Product::Recruiter)?;
            follow_up.push_fields(form)?;
        }
        Ok(())
    }
}
