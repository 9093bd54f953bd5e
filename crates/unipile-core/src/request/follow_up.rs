//! The LinkedIn Recruiter follow-up of [`StartChat`](super::StartChat): a second message
//! sent later if the first gets no answer (`linkedin[follow_up][…]`).

use super::non_empty;
use super::upload::{DEFAULT_MAX_ATTACHMENT_BYTES, FileUpload};
use crate::error::InvalidRequest;
use crate::transport::Multipart;

/// When the follow-up is sent, counted from the first message: 3 to 28 days, or 1 to 4
/// weeks, in a time zone (an IANA name such as `Europe/Paris`).
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum FollowUpDelay {
    /// After this many days (3 to 28).
    Days {
        /// The number of days.
        days: u8,
        /// The time zone the day is counted in.
        timezone: String,
    },
    /// After this many weeks (1 to 4).
    Weeks {
        /// The number of weeks.
        weeks: u8,
        /// The time zone the week is counted in.
        timezone: String,
    },
}

impl FollowUpDelay {
    /// After `days` days (3 to 28) in `timezone`.
    pub fn days(days: u8, timezone: impl Into<String>) -> Self {
        FollowUpDelay::Days {
            days,
            timezone: timezone.into(),
        }
    }

    /// After `weeks` weeks (1 to 4) in `timezone`.
    pub fn weeks(weeks: u8, timezone: impl Into<String>) -> Self {
        FollowUpDelay::Weeks {
            weeks,
            timezone: timezone.into(),
        }
    }

    /// `(field, amount, allowed range, timezone)`.
    fn parts(&self) -> (&'static str, u8, std::ops::RangeInclusive<u8>, &str) {
        match self {
            FollowUpDelay::Days { days, timezone } => ("days", *days, 3..=28, timezone),
            FollowUpDelay::Weeks { weeks, timezone } => ("weeks", *weeks, 1..=4, timezone),
        }
    }
}

/// A Recruiter follow-up message: subject, text, attachments and when to send it.
///
/// ```
/// use unipile_core::request::{FollowUpDelay, LinkedinOptions, RecruiterFollowUp, StartChat};
///
/// let follow_up = RecruiterFollowUp::new("Just checking in", FollowUpDelay::weeks(1, "Europe/Paris"))
///     .subject("Our opening");
/// let start = StartChat::new("acc", "AEMAAB123")
///     .text("Hello!")
///     .linkedin(LinkedinOptions::recruiter().follow_up(follow_up));
/// # let _ = start;
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RecruiterFollowUp {
    subject: Option<String>,
    text: String,
    attachments: Vec<FileUpload>,
    scheduled_time: FollowUpDelay,
}

impl RecruiterFollowUp {
    /// A follow-up with `text`, sent after `delay`.
    pub fn new(text: impl Into<String>, delay: FollowUpDelay) -> Self {
        Self {
            subject: None,
            text: text.into(),
            attachments: Vec::new(),
            scheduled_time: delay,
        }
    }

    /// Its subject.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Attaches a file to it.
    pub fn attachment(mut self, file: FileUpload) -> Self {
        self.attachments.push(file);
        self
    }

    /// Appends the `linkedin[follow_up][…]` fields, after checking them.
    pub(super) fn push_fields(&self, form: &mut Multipart) -> Result<(), InvalidRequest> {
        const PREFIX: &str = "linkedin[follow_up]";
        if let Some(subject) = &self.subject {
            non_empty(&format!("{PREFIX}[subject]"), subject)?;
            form.push_text(format!("{PREFIX}[subject]"), subject.as_str());
        }
        if self.text.trim().is_empty() {
            return Err(InvalidRequest::new(
                format!("{PREFIX}[text]"),
                "a follow-up needs text",
            ));
        }
        form.push_text(format!("{PREFIX}[text]"), self.text.as_str());
        let (unit, amount, range, timezone) = self.scheduled_time.parts();
        let key = format!("{PREFIX}[scheduled_time][{unit}]");
        if !range.contains(&amount) {
            return Err(InvalidRequest::new(
                key,
                format!(
                    "must be between {} and {} {unit}, not {amount}",
                    range.start(),
                    range.end()
                ),
            ));
        }
        let tz_key = format!("{PREFIX}[scheduled_time][timezone]");
        non_empty(&tz_key, timezone)?;
        form.push_text(key, amount.to_string());
        form.push_text(tz_key, timezone);
        for (i, file) in self.attachments.iter().enumerate() {
            file.check(
                &format!("{PREFIX}[attachments][{i}]"),
                DEFAULT_MAX_ATTACHMENT_BYTES,
            )?;
            form.push(file.to_part(&format!("{PREFIX}[attachments]")));
        }
        Ok(())
    }
}
