//! Files to send: attachments, voice and video messages.

use crate::error::InvalidRequest;
use crate::transport::{Multipart, Part};
use bytes::Bytes;
use std::fmt;

/// The default size limit of one file: 15 MiB, Unipile's documented "standard maximum"
/// (providers may accept more or less; change it per request with `max_attachment_bytes`).
pub const DEFAULT_MAX_ATTACHMENT_BYTES: u64 = 15 * 1024 * 1024;

/// A file to upload, sent as one multipart part with its file name and content type.
///
/// `Debug` shows the name, type and size, never the content.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FileUpload {
    /// The file name the recipient sees (`report.pdf`).
    pub filename: String,
    /// The MIME type (`application/pdf`).
    pub content_type: String,
    /// The content. Cheap to clone, so a retried request re-sends the same bytes.
    pub data: Bytes,
}

impl FileUpload {
    /// A file with an explicit content type.
    pub fn new(
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        Self {
            filename: filename.into(),
            content_type: content_type.into(),
            data: data.into(),
        }
    }

    /// A file whose content type is guessed from the extension of its name (see
    /// [`guess_content_type`]).
    ///
    /// ```
    /// use unipile_core::request::FileUpload;
    /// let file = FileUpload::from_bytes_guess_type("Holiday.JPG", vec![0xFF, 0xD8]);
    /// assert_eq!(file.content_type, "image/jpeg");
    /// ```
    pub fn from_bytes_guess_type(filename: impl Into<String>, data: impl Into<Bytes>) -> Self {
        let filename = filename.into();
        let content_type = guess_content_type(&filename).to_owned();
        Self {
            filename,
            content_type,
            data: data.into(),
        }
    }

    /// The size in bytes.
    pub fn len(&self) -> u64 {
        self.data.len() as u64
    }

    /// Whether the file has no content.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Checks the file before it is sent as `parameter` (`attachments[1]`, `voice_message`).
    pub(super) fn check(&self, parameter: &str, max_bytes: u64) -> Result<(), InvalidRequest> {
        if self.filename.is_empty() {
            return Err(InvalidRequest::new(parameter, "the file name is empty"));
        }
        if self.content_type.is_empty() {
            return Err(InvalidRequest::new(parameter, "the content type is empty"));
        }
        if self.data.is_empty() {
            return Err(InvalidRequest::new(
                parameter,
                format!("`{}` is empty (0 bytes)", self.filename),
            ));
        }
        if self.len() > max_bytes {
            return Err(InvalidRequest::new(
                parameter,
                format!(
                    "`{}` is {} bytes, over the limit of {} bytes; raise the limit with \
                     max_attachment_bytes if the provider accepts larger files",
                    self.filename,
                    self.len(),
                    max_bytes
                ),
            ));
        }
        Ok(())
    }

    pub(super) fn to_part(&self, name: &str) -> Part {
        Part::file(
            name,
            self.filename.as_str(),
            self.content_type.as_str(),
            self.data.clone(),
        )
    }
}

impl fmt::Debug for FileUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileUpload")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("data", &format_args!("{} bytes", self.data.len()))
            .finish()
    }
}

/// Known extensions (lower case) and their content types.
const CONTENT_TYPES: &[(&str, &str)] = &[
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("mp4", "video/mp4"),
    ("mov", "video/quicktime"),
    ("mp3", "audio/mpeg"),
    ("m4a", "audio/mp4"),
    ("ogg", "audio/ogg"),
    ("wav", "audio/wav"),
    ("pdf", "application/pdf"),
    ("txt", "text/plain"),
    ("csv", "text/csv"),
    ("doc", "application/msword"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("xls", "application/vnd.ms-excel"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("zip", "application/zip"),
];

/// The content type of a file name's extension (case-insensitive), or
/// `application/octet-stream` for any other.
///
/// ```
/// use unipile_core::request::guess_content_type;
/// assert_eq!(guess_content_type("notes.TXT"), "text/plain");
/// assert_eq!(guess_content_type("archive.tar.gz"), "application/octet-stream");
/// ```
pub fn guess_content_type(filename: &str) -> &'static str {
    filename
        .rsplit_once('.')
        .and_then(|(_, ext)| {
            CONTENT_TYPES
                .iter()
                .find(|(known, _)| known.eq_ignore_ascii_case(ext))
        })
        .map_or("application/octet-stream", |(_, content_type)| content_type)
}

/// The builder methods of the requests that send files ([`SendMessage`](super::SendMessage),
/// [`StartChat`](super::StartChat)); the request needs a `files: Files` field.
macro_rules! file_methods {
    () => {
        /// Adds a file (one `attachments` part per file, in the order added).
        pub fn attachment(mut self, file: $crate::request::FileUpload) -> Self {
            self.files.attachments.push(file);
            self
        }

        /// Adds several files.
        pub fn attachments(
            mut self,
            files: impl IntoIterator<Item = $crate::request::FileUpload>,
        ) -> Self {
            self.files.attachments.extend(files);
            self
        }

        /// A voice message (`voice_message`; LinkedIn only).
        pub fn voice_message(mut self, file: $crate::request::FileUpload) -> Self {
            self.files.voice_message = Some(file);
            self
        }

        /// A video message (`video_message`; LinkedIn only).
        pub fn video_message(mut self, file: $crate::request::FileUpload) -> Self {
            self.files.video_message = Some(file);
            self
        }

        /// The size limit of each file, in bytes (default
        /// [`DEFAULT_MAX_ATTACHMENT_BYTES`](crate::request::DEFAULT_MAX_ATTACHMENT_BYTES),
        /// 15 MiB).
        pub fn max_attachment_bytes(mut self, max: u64) -> Self {
            self.files.max_bytes = max;
            self
        }
    };
}

pub(super) use file_methods;

/// The files of a message: attachments, and the LinkedIn voice and video messages.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(super) struct Files {
    pub(super) attachments: Vec<FileUpload>,
    pub(super) voice_message: Option<FileUpload>,
    pub(super) video_message: Option<FileUpload>,
    pub(super) max_bytes: u64,
}

impl Default for Files {
    fn default() -> Self {
        Self {
            attachments: Vec::new(),
            voice_message: None,
            video_message: None,
            max_bytes: DEFAULT_MAX_ATTACHMENT_BYTES,
        }
    }
}

impl Files {
    /// Whether there is at least one file.
    pub(super) fn any(&self) -> bool {
        !self.attachments.is_empty() || self.voice_message.is_some() || self.video_message.is_some()
    }

    /// Checks every file against the size limit.
    pub(super) fn check(&self) -> Result<(), InvalidRequest> {
        for (i, file) in self.attachments.iter().enumerate() {
            file.check(&format!("attachments[{i}]"), self.max_bytes)?;
        }
        if let Some(file) = &self.voice_message {
            file.check("voice_message", self.max_bytes)?;
        }
        if let Some(file) = &self.video_message {
            file.check("video_message", self.max_bytes)?;
        }
        Ok(())
    }

    /// Appends the file parts: each attachment under the repeated name `attachments`,
    /// then `voice_message`, then `video_message`.
    pub(super) fn push_parts(&self, form: &mut Multipart) {
        for file in &self.attachments {
            form.push(file.to_part("attachments"));
        }
        if let Some(file) = &self.voice_message {
            form.push(file.to_part("voice_message"));
        }
        if let Some(file) = &self.video_message {
            form.push(file.to_part("video_message"));
        }
    }
}
