//! Received attachments: the `attachments` of a message, discriminated by `type`.
//!
//! Unipile v1 knows six kinds (`img`, `video`, `audio`, `file`, `linkedin_post`,
//! `video_meeting`). A kind this SDK does not know (`sticker_pack`, say) is kept as an
//! [`UnknownAttachment`] with its `type` and its raw JSON, never an error.
//!
//! Decoding is lenient: webhooks send numbers and booleans as strings (`"height":"150"`,
//! `"sticker":"false"`), the REST API as numbers and `0`/`1`; both read the same. A field
//! of the wrong shape inside a known kind is an error that names the field
//! (`invalid \`img\` attachment at \`size.height\`: …`).
//!
//! Note that there is no `sticker` kind in v1: a sticker is an `img` with
//! [`ImageAttachment::sticker`] set. To download the file, call
//! `GET /messages/{message_id}/attachments/{attachment_id}` with [`Attachment::id`];
//! `url` is often an internal `att://` reference, not a downloadable address.

use crate::model::id::AttachmentId;
use crate::model::lenient;
use compact_str::CompactString;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;
use std::fmt;

mod kinds;

pub use kinds::{
    AudioAttachment, FileAttachment, ImageAttachment, LinkedinPostAttachment, VideoAttachment,
    VideoMeetingAttachment,
};

open_string_enum! {
    /// The `type` of an attachment.
    pub enum AttachmentKind {
        /// An image (`img`), possibly a sticker.
        Image => "img",
        /// A video, possibly a GIF.
        Video => "video",
        /// An audio file, possibly a voice note.
        Audio => "audio",
        /// Any other file (a PDF, a document…).
        File => "file",
        /// A shared LinkedIn post.
        LinkedinPost => "linkedin_post",
        /// A video meeting invitation.
        VideoMeeting => "video_meeting",
    }
}

/// The `{width, height}` of an image or a video, in pixels.
///
/// A missing or `null` dimension reads as `0`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct MediaSize {
    /// Width in pixels.
    #[serde(default, deserialize_with = "crate::model::lenient::u32_or_zero")]
    pub width: u32,
    /// Height in pixels.
    #[serde(default, deserialize_with = "crate::model::lenient::u32_or_zero")]
    pub height: u32,
}

impl MediaSize {
    /// A size of `width` × `height` pixels.
    pub fn new(width: u32, height: u32) -> Self {
        Self { width, height }
    }
}

/// An attachment of a kind this SDK does not know, kept with its raw JSON.
///
/// The common fields are read on a best-effort basis; a field of an unexpected shape
/// reads as absent rather than failing, since nothing is known about the kind.
#[derive(Clone)]
pub struct UnknownAttachment {
    kind: AttachmentKind,
    id: AttachmentId,
    unavailable: bool,
    file_size: Option<u64>,
    mimetype: Option<String>,
    url: Option<String>,
    raw: Box<RawValue>,
}

impl UnknownAttachment {
    /// The `type` as Unipile sent it (empty if it sent none).
    pub fn kind(&self) -> &AttachmentKind {
        &self.kind
    }

    /// The whole attachment object as Unipile sent it, `type` included.
    pub fn raw_json(&self) -> &str {
        self.raw.get()
    }
}

impl PartialEq for UnknownAttachment {
    fn eq(&self, other: &Self) -> bool {
        // Everything else is read from the raw JSON.
        self.raw.get() == other.raw.get()
    }
}

impl fmt::Debug for UnknownAttachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnknownAttachment")
            .field("kind", &self.kind.as_str())
            .field("raw", &self.raw.get())
            .finish()
    }
}

/// One attachment of a message.
///
/// Match on the kinds you handle and fall back to the accessors ([`Attachment::kind`],
/// [`Attachment::mimetype`]…) for the rest. Kinds may be added, so the enum is
/// `#[non_exhaustive]`.
///
/// ```
/// use unipile_core::model::attachment::{Attachment, AttachmentKind};
/// let a: Attachment = serde_json::from_str(
///     r#"{"type":"img","id":"a1","unavailable":"false","size":{"width":"150","height":"150"},"sticker":"false"}"#,
/// ).unwrap();
/// assert_eq!(a.kind(), AttachmentKind::Image);
/// let Attachment::Image(img) = &a else { panic!() };
/// assert_eq!(img.size.height, 150);
/// assert!(!img.sticker);
/// ```
#[derive(Clone, PartialEq, Debug)]
#[non_exhaustive]
pub enum Attachment {
    /// `img`.
    Image(ImageAttachment),
    /// `video`.
    Video(VideoAttachment),
    /// `audio`.
    Audio(AudioAttachment),
    /// `file`.
    File(FileAttachment),
    /// `linkedin_post`.
    LinkedinPost(LinkedinPostAttachment),
    /// `video_meeting`.
    VideoMeeting(VideoMeetingAttachment),
    /// A kind this SDK does not know, kept as sent.
    Unknown(UnknownAttachment),
}

/// The fields every kind has, borrowed from whichever kind an [`Attachment`] is.
struct CommonFields<'a> {
    id: &'a AttachmentId,
    unavailable: bool,
    file_size: Option<u64>,
    mimetype: Option<&'a str>,
    url: Option<&'a str>,
}

impl Attachment {
    /// The fields every kind has.
    fn common(&self) -> CommonFields<'_> {
        match self {
            Attachment::Image(a) => CommonFields {
                id: &a.id,
                unavailable: a.unavailable,
                file_size: a.file_size,
                mimetype: a.mimetype.as_deref(),
                url: a.url.as_deref(),
            },
            Attachment::Video(a) => CommonFields {
                id: &a.id,
                unavailable: a.unavailable,
                file_size: a.file_size,
                mimetype: a.mimetype.as_deref(),
                url: a.url.as_deref(),
            },
            Attachment::Audio(a) => CommonFields {
                id: &a.id,
                unavailable: a.unavailable,
                file_size: a.file_size,
                mimetype: a.mimetype.as_deref(),
                url: a.url.as_deref(),
            },
            Attachment::File(a) => CommonFields {
                id: &a.id,
                unavailable: a.unavailable,
                file_size: a.file_size,
                mimetype: a.mimetype.as_deref(),
                url: a.url.as_deref(),
            },
            Attachment::LinkedinPost(a) => CommonFields {
                id: &a.id,
                unavailable: a.unavailable,
                file_size: a.file_size,
                mimetype: a.mimetype.as_deref(),
                url: a.url.as_deref(),
            },
            Attachment::VideoMeeting(a) => CommonFields {
                id: &a.id,
                unavailable: a.unavailable,
                file_size: a.file_size,
                mimetype: a.mimetype.as_deref(),
                url: a.url.as_deref(),
            },
            Attachment::Unknown(u) => CommonFields {
                id: &u.id,
                unavailable: u.unavailable,
                file_size: u.file_size,
                mimetype: u.mimetype.as_deref(),
                url: u.url.as_deref(),
            },
        }
    }

    /// The attachment id, to download it with
    /// `GET /messages/{message_id}/attachments/{attachment_id}`.
    pub fn id(&self) -> &AttachmentId {
        self.common().id
    }

    /// The kind (`type`) of the attachment.
    pub fn kind(&self) -> AttachmentKind {
        match self {
            Attachment::Image(_) => AttachmentKind::Image,
            Attachment::Video(_) => AttachmentKind::Video,
            Attachment::Audio(_) => AttachmentKind::Audio,
            Attachment::File(_) => AttachmentKind::File,
            Attachment::LinkedinPost(_) => AttachmentKind::LinkedinPost,
            Attachment::VideoMeeting(_) => AttachmentKind::VideoMeeting,
            Attachment::Unknown(u) => u.kind.clone(),
        }
    }

    /// The MIME type, when known.
    pub fn mimetype(&self) -> Option<&str> {
        self.common().mimetype
    }

    /// The size in bytes, when known.
    pub fn file_size(&self) -> Option<u64> {
        self.common().file_size
    }

    /// Whether the file can no longer be fetched.
    pub fn is_unavailable(&self) -> bool {
        self.common().unavailable
    }

    /// The `url` field (often an internal `att://` reference), when present.
    pub fn url(&self) -> Option<&str> {
        self.common().url
    }
}

impl From<ImageAttachment> for Attachment {
    fn from(a: ImageAttachment) -> Self {
        Attachment::Image(a)
    }
}
impl From<VideoAttachment> for Attachment {
    fn from(a: VideoAttachment) -> Self {
        Attachment::Video(a)
    }
}
impl From<AudioAttachment> for Attachment {
    fn from(a: AudioAttachment) -> Self {
        Attachment::Audio(a)
    }
}
impl From<FileAttachment> for Attachment {
    fn from(a: FileAttachment) -> Self {
        Attachment::File(a)
    }
}
impl From<LinkedinPostAttachment> for Attachment {
    fn from(a: LinkedinPostAttachment) -> Self {
        Attachment::LinkedinPost(a)
    }
}
impl From<VideoMeetingAttachment> for Attachment {
    fn from(a: VideoMeetingAttachment) -> Self {
        Attachment::VideoMeeting(a)
    }
}

/// Writes `type` first, then the fields of the kind.
#[derive(Serialize)]
struct Tagged<'a, T> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    inner: &'a T,
}

impl Serialize for Attachment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        fn tagged<S: Serializer, T: Serialize>(
            s: S,
            kind: &'static str,
            inner: &T,
        ) -> Result<S::Ok, S::Error> {
            Tagged { kind, inner }.serialize(s)
        }
        match self {
            Attachment::Image(a) => tagged(s, "img", a),
            Attachment::Video(a) => tagged(s, "video", a),
            Attachment::Audio(a) => tagged(s, "audio", a),
            Attachment::File(a) => tagged(s, "file", a),
            Attachment::LinkedinPost(a) => tagged(s, "linkedin_post", a),
            Attachment::VideoMeeting(a) => tagged(s, "video_meeting", a),
            Attachment::Unknown(u) => u.raw.serialize(s),
        }
    }
}

/// The members of an attachment object, each value kept as its JSON text until the
/// `type` (which may come last) says how to read them. A key (`mimetype`, `file_size`…)
/// is kept inline, without an allocation of its own.
type Entries = Vec<(CompactString, Box<RawValue>)>;

impl<'de> Deserialize<'de> for Attachment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(AttachmentVisitor)
    }
}

struct AttachmentVisitor;

impl<'de> Visitor<'de> for AttachmentVisitor {
    type Value = Attachment;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an attachment object with a `type`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Attachment, A::Error> {
        let mut entries: Entries = Vec::with_capacity(8);
        while let Some(key) = map.next_key::<CompactString>()? {
            let value: Box<RawValue> = map.next_value()?;
            entries.push((key, value));
        }
        let kind = match entry(&entries, "type") {
            None => AttachmentKind::from(""),
            Some(raw) => {
                #[derive(Deserialize)]
                struct Kind(#[serde(deserialize_with = "lenient::string_or_number")] String);
                let Kind(kind) = serde_json::from_str(raw.get()).map_err(|e| {
                    de::Error::custom(format!("attachment `type`: {}", clean_message(&e)))
                })?;
                AttachmentKind::from(kind)
            }
        };
        let parsed = match kind {
            AttachmentKind::Image => read_kind(&entries, &kind).map(Attachment::Image),
            AttachmentKind::Video => read_kind(&entries, &kind).map(Attachment::Video),
            AttachmentKind::Audio => read_kind(&entries, &kind).map(Attachment::Audio),
            AttachmentKind::File => read_kind(&entries, &kind).map(Attachment::File),
            AttachmentKind::LinkedinPost => {
                read_kind(&entries, &kind).map(Attachment::LinkedinPost)
            }
            AttachmentKind::VideoMeeting => {
                read_kind(&entries, &kind).map(Attachment::VideoMeeting)
            }
            AttachmentKind::Unknown(_) => unknown(kind, &entries).map(Attachment::Unknown),
        };
        parsed.map_err(de::Error::custom)
    }
}

fn entry<'a>(entries: &'a Entries, key: &str) -> Option<&'a RawValue> {
    entries
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_ref())
}

/// Reads a known kind from the buffered members, with the path of a bad field.
fn read_kind<T: DeserializeOwned>(entries: &Entries, kind: &AttachmentKind) -> Result<T, String> {
    let members = entries
        .iter()
        .filter(|(k, _)| k != "type")
        .map(|(k, v)| (k.as_str(), v.as_ref()));
    // Tracking the path of every field costs more than reading them: it is paid only
    // when the members do not fit, to name the bad one.
    let plain = T::deserialize(de::value::MapDeserializer::<_, serde_json::Error>::new(
        members.clone(),
    ));
    if let Ok(attachment) = plain {
        return Ok(attachment);
    }
    let de = de::value::MapDeserializer::<_, serde_json::Error>::new(members);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        format!(
            "invalid `{kind}` attachment at `{path}`: {}",
            clean_message(&inner)
        )
    })
}

/// A serde_json error message without the position, which would be relative to one
/// member's text and mislead.
fn clean_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    if e.line() == 0 {
        return text;
    }
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

fn unknown(kind: AttachmentKind, entries: &Entries) -> Result<UnknownAttachment, String> {
    fn probe<T: DeserializeOwned>(entries: &Entries, key: &str) -> Option<T> {
        entry(entries, key).and_then(|raw| serde_json::from_str(raw.get()).ok())
    }
    #[derive(Deserialize)]
    struct Flag(#[serde(deserialize_with = "lenient::flag")] bool);
    #[derive(Deserialize)]
    struct Size(#[serde(deserialize_with = "lenient::opt_u64")] Option<u64>);

    let mut json = String::from("{");
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&serde_json::to_string(key).map_err(|e| e.to_string())?);
        json.push(':');
        json.push_str(value.get());
    }
    json.push('}');
    let raw = RawValue::from_string(json).map_err(|e| e.to_string())?;
    Ok(UnknownAttachment {
        id: probe(entries, "id").unwrap_or_else(lenient::empty::<AttachmentId>),
        unavailable: probe::<Flag>(entries, "unavailable").is_some_and(|f| f.0),
        file_size: probe::<Size>(entries, "file_size").and_then(|s| s.0),
        mimetype: probe(entries, "mimetype"),
        url: probe(entries, "url"),
        kind,
        raw,
    })
}

/// `schemars::JsonSchema`, written by hand for this serde of its own (feature `schema`).
#[cfg(feature = "schema")]
mod json_schema {
    use super::{
        Attachment, AttachmentKind, AudioAttachment, FileAttachment, ImageAttachment,
        LinkedinPostAttachment, VideoAttachment, VideoMeetingAttachment,
    };
    use crate::model::schema::schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use serde_json::Value;
    use std::borrow::Cow;

    /// The struct that holds the fields of a known attachment kind; `None` for an unknown
    /// kind. The match is exhaustive, so a new kind cannot be left out of the schema.
    fn attachment_fields(kind: &AttachmentKind, generator: &mut SchemaGenerator) -> Option<Schema> {
        Some(match kind {
            AttachmentKind::Image => generator.subschema_for::<ImageAttachment>(),
            AttachmentKind::Video => generator.subschema_for::<VideoAttachment>(),
            AttachmentKind::Audio => generator.subschema_for::<AudioAttachment>(),
            AttachmentKind::File => generator.subschema_for::<FileAttachment>(),
            AttachmentKind::LinkedinPost => generator.subschema_for::<LinkedinPostAttachment>(),
            AttachmentKind::VideoMeeting => generator.subschema_for::<VideoMeetingAttachment>(),
            AttachmentKind::Unknown(_) => return None,
        })
    }

    /// An object whose `type` names one kind, with that kind's fields.
    impl JsonSchema for Attachment {
        fn schema_name() -> Cow<'static, str> {
            "Attachment".into()
        }

        fn schema_id() -> Cow<'static, str> {
            "unipile_core::model::attachment::Attachment".into()
        }

        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let mut branches: Vec<Schema> = AttachmentKind::KNOWN
                .iter()
                .filter_map(|kind| {
                    let fields = attachment_fields(kind, generator)?;
                    let mut branch = json_schema!({
                        "type": "object",
                        "properties": { "type": { "const": kind.as_str() } },
                        "required": ["type"],
                    });
                    branch.insert("allOf".into(), Value::Array(vec![fields.to_value()]));
                    Some(branch)
                })
                .collect();
            let known: Vec<&str> = AttachmentKind::KNOWN.iter().map(|k| k.as_str()).collect();
            branches.push(json_schema!({
                "description": "An attachment of a kind this SDK does not know, written back as \
                    Unipile sent it.",
                "type": "object",
                "properties": { "type": { "not": { "enum": known } } },
                "additionalProperties": true,
            }));
            json_schema!({
                "description": "One attachment of a message: an object whose `type` says its kind \
                    (`img`, `video`, `audio`, `file`, `linkedin_post`, `video_meeting`), with the \
                    fields of that kind. An attachment of another kind is kept as sent.",
                "oneOf": branches,
            })
        }
    }
}
