//! The known attachment kinds, one plain struct each. Every kind starts with the same
//! fields (`id`, `unavailable`, `file_size`, `mimetype`, `url`, `url_expires_at`), which
//! [`Attachment`](super::Attachment)'s accessors read whatever the kind; its own fields
//! follow.

use super::MediaSize;
use crate::model::id::AttachmentId;
use crate::model::lenient;
use serde::{Deserialize, Serialize};

/// An image (`"type": "img"`).
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ImageAttachment {
    /// The attachment id, unique within its message; the key to download it. Empty if
    /// Unipile sent none (or `null`).
    #[serde(
        default = "lenient::empty::<AttachmentId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub id: AttachmentId,
    /// Whether the file can no longer be fetched from the provider.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub unavailable: bool,
    /// The size of the file in bytes, when known.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_size: Option<u64>,
    /// The MIME type (`image/jpeg`…), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mimetype: Option<String>,
    /// Where the file is: often an internal `att://` reference; download it with the
    /// attachment id instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When `url` stops working, as the number Unipile sends (epoch time).
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub url_expires_at: Option<i64>,
    /// Its dimensions (`0` × `0` if Unipile sent none, or `null`).
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub size: MediaSize,
    /// Whether the image is a sticker (v1 has no separate sticker kind).
    #[serde(default, deserialize_with = "lenient::flag")]
    pub sticker: bool,
}

impl ImageAttachment {
    /// An attachment with this `id`, available, with no other details.
    pub fn new(id: impl Into<AttachmentId>) -> Self {
        Self {
            id: id.into(),
            unavailable: false,
            file_size: None,
            mimetype: None,
            url: None,
            url_expires_at: None,
            size: MediaSize::default(),
            sticker: false,
        }
    }
}

/// A video (`"type": "video"`).
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct VideoAttachment {
    /// The attachment id, unique within its message; the key to download it. Empty if
    /// Unipile sent none (or `null`).
    #[serde(
        default = "lenient::empty::<AttachmentId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub id: AttachmentId,
    /// Whether the file can no longer be fetched from the provider.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub unavailable: bool,
    /// The size of the file in bytes, when known.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_size: Option<u64>,
    /// The MIME type (`image/jpeg`…), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mimetype: Option<String>,
    /// Where the file is: often an internal `att://` reference; download it with the
    /// attachment id instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When `url` stops working, as the number Unipile sends (epoch time).
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub url_expires_at: Option<i64>,
    /// Its dimensions (`0` × `0` if Unipile sent none, or `null`).
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub size: MediaSize,
    /// Whether the video is an animated GIF.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub gif: bool,
}

impl VideoAttachment {
    /// An attachment with this `id`, available, with no other details.
    pub fn new(id: impl Into<AttachmentId>) -> Self {
        Self {
            id: id.into(),
            unavailable: false,
            file_size: None,
            mimetype: None,
            url: None,
            url_expires_at: None,
            size: MediaSize::default(),
            gif: false,
        }
    }
}

/// An audio file (`"type": "audio"`).
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct AudioAttachment {
    /// The attachment id, unique within its message; the key to download it. Empty if
    /// Unipile sent none (or `null`).
    #[serde(
        default = "lenient::empty::<AttachmentId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub id: AttachmentId,
    /// Whether the file can no longer be fetched from the provider.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub unavailable: bool,
    /// The size of the file in bytes, when known.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_size: Option<u64>,
    /// The MIME type (`image/jpeg`…), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mimetype: Option<String>,
    /// Where the file is: often an internal `att://` reference; download it with the
    /// attachment id instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When `url` stops working, as the number Unipile sends (epoch time).
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub url_expires_at: Option<i64>,
    /// Its length, as Unipile sends it (seconds), when known.
    #[serde(
        default,
        deserialize_with = "lenient::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub duration: Option<f64>,
    /// Whether it is a voice note recorded in the chat.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub voice_note: bool,
}

impl AudioAttachment {
    /// An attachment with this `id`, available, with no other details.
    pub fn new(id: impl Into<AttachmentId>) -> Self {
        Self {
            id: id.into(),
            unavailable: false,
            file_size: None,
            mimetype: None,
            url: None,
            url_expires_at: None,
            duration: None,
            voice_note: false,
        }
    }
}

/// Any other file (`"type": "file"`).
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct FileAttachment {
    /// The attachment id, unique within its message; the key to download it. Empty if
    /// Unipile sent none (or `null`).
    #[serde(
        default = "lenient::empty::<AttachmentId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub id: AttachmentId,
    /// Whether the file can no longer be fetched from the provider.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub unavailable: bool,
    /// The size of the file in bytes, when known.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_size: Option<u64>,
    /// The MIME type (`image/jpeg`…), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mimetype: Option<String>,
    /// Where the file is: often an internal `att://` reference; download it with the
    /// attachment id instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When `url` stops working, as the number Unipile sends (epoch time).
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub url_expires_at: Option<i64>,
    /// The file's name as the sender gave it. Empty if Unipile sent none.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub file_name: String,
}

impl FileAttachment {
    /// An attachment with this `id`, available, with no other details.
    pub fn new(id: impl Into<AttachmentId>) -> Self {
        Self {
            id: id.into(),
            unavailable: false,
            file_size: None,
            mimetype: None,
            url: None,
            url_expires_at: None,
            file_name: String::new(),
        }
    }
}

/// A shared LinkedIn post (`"type": "linkedin_post"`).
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct LinkedinPostAttachment {
    /// The attachment id, unique within its message; the key to download it. Empty if
    /// Unipile sent none (or `null`).
    #[serde(
        default = "lenient::empty::<AttachmentId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub id: AttachmentId,
    /// Whether the file can no longer be fetched from the provider.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub unavailable: bool,
    /// The size of the file in bytes, when known.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_size: Option<u64>,
    /// The MIME type (`image/jpeg`…), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mimetype: Option<String>,
    /// Where the file is: often an internal `att://` reference; download it with the
    /// attachment id instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When `url` stops working, as the number Unipile sends (epoch time).
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub url_expires_at: Option<i64>,
}

impl LinkedinPostAttachment {
    /// An attachment with this `id`, available, with no other details.
    pub fn new(id: impl Into<AttachmentId>) -> Self {
        Self {
            id: id.into(),
            unavailable: false,
            file_size: None,
            mimetype: None,
            url: None,
            url_expires_at: None,
        }
    }
}

/// A video meeting invitation (`"type": "video_meeting"`).
///
/// The three times are the numbers Unipile sends (epoch time), or `None` for `null`.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct VideoMeetingAttachment {
    /// The attachment id, unique within its message; the key to download it. Empty if
    /// Unipile sent none (or `null`).
    #[serde(
        default = "lenient::empty::<AttachmentId>",
        deserialize_with = "lenient::or_empty"
    )]
    pub id: AttachmentId,
    /// Whether the file can no longer be fetched from the provider.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub unavailable: bool,
    /// The size of the file in bytes, when known.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_size: Option<u64>,
    /// The MIME type (`image/jpeg`…), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mimetype: Option<String>,
    /// Where the file is: often an internal `att://` reference; download it with the
    /// attachment id instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When `url` stops working, as the number Unipile sends (epoch time).
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub url_expires_at: Option<i64>,
    /// When the meeting starts.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub starts_at: Option<i64>,
    /// When the meeting link expires.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub expires_at: Option<i64>,
    /// The meeting's length.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub time_range: Option<i64>,
}

impl VideoMeetingAttachment {
    /// An attachment with this `id`, available, with no other details.
    pub fn new(id: impl Into<AttachmentId>) -> Self {
        Self {
            id: id.into(),
            unavailable: false,
            file_size: None,
            mimetype: None,
            url: None,
            url_expires_at: None,
            starts_at: None,
            expires_at: None,
            time_range: None,
        }
    }
}
