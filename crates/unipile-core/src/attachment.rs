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

use crate::id::AttachmentId;
use crate::lenient;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;
use std::fmt;

crate::open_string_enum! {
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
#[non_exhaustive]
pub struct MediaSize {
    /// Width in pixels.
    #[serde(default, deserialize_with = "u32_or_zero")]
    pub width: u32,
    /// Height in pixels.
    #[serde(default, deserialize_with = "u32_or_zero")]
    pub height: u32,
}

impl MediaSize {
    /// A size of `width` × `height` pixels.
    pub fn new(width: u32, height: u32) -> Self {
        Self { width, height }
    }
}

fn u32_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Ok(lenient::opt_u32(d)?.unwrap_or(0))
}

fn empty_attachment_id() -> AttachmentId {
    AttachmentId::new("")
}

/// Defines one attachment kind: the fields every kind has, then its own.
macro_rules! attachment_kind {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty = $init:expr ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct $name {
            /// The attachment id, unique within its message; the key to download it.
            /// Empty if Unipile sent none.
            #[serde(default = "empty_attachment_id")]
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
            /// Where the file is: often an internal `att://` reference; download it with
            /// the attachment id instead.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub url: Option<String>,
            /// When `url` stops working, as the number Unipile sends (epoch time).
            #[serde(
                default,
                deserialize_with = "lenient::opt_i64",
                skip_serializing_if = "Option::is_none"
            )]
            pub url_expires_at: Option<i64>,
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $name {
            /// An attachment with this `id`, available, with no other details.
            pub fn new(id: impl Into<AttachmentId>) -> Self {
                Self {
                    id: id.into(),
                    unavailable: false,
                    file_size: None,
                    mimetype: None,
                    url: None,
                    url_expires_at: None,
                    $( $field: $init, )*
                }
            }
        }
    };
}

attachment_kind! {
    /// An image (`"type": "img"`).
    pub struct ImageAttachment {
        /// Its dimensions.
        #[serde(default)]
        pub size: MediaSize = MediaSize::default(),
        /// Whether the image is a sticker (v1 has no separate sticker kind).
        #[serde(default, deserialize_with = "lenient::flag")]
        pub sticker: bool = false,
    }
}

attachment_kind! {
    /// A video (`"type": "video"`).
    pub struct VideoAttachment {
        /// Its dimensions.
        #[serde(default)]
        pub size: MediaSize = MediaSize::default(),
        /// Whether the video is an animated GIF.
        #[serde(default, deserialize_with = "lenient::flag")]
        pub gif: bool = false,
    }
}

attachment_kind! {
    /// An audio file (`"type": "audio"`).
    pub struct AudioAttachment {
        /// Its length, as Unipile sends it (seconds), when known.
        #[serde(
            default,
            deserialize_with = "lenient::opt_f64",
            skip_serializing_if = "Option::is_none"
        )]
        pub duration: Option<f64> = None,
        /// Whether it is a voice note recorded in the chat.
        #[serde(default, deserialize_with = "lenient::flag")]
        pub voice_note: bool = false,
    }
}

attachment_kind! {
    /// Any other file (`"type": "file"`).
    pub struct FileAttachment {
        /// The file's name as the sender gave it. Empty if Unipile sent none.
        #[serde(default, deserialize_with = "lenient::null_as_default")]
        pub file_name: String = String::new(),
    }
}

attachment_kind! {
    /// A shared LinkedIn post (`"type": "linkedin_post"`).
    pub struct LinkedinPostAttachment {}
}

attachment_kind! {
    /// A video meeting invitation (`"type": "video_meeting"`).
    ///
    /// The three times are the numbers Unipile sends (epoch time), or `None` for `null`.
    pub struct VideoMeetingAttachment {
        /// When the meeting starts.
        #[serde(default, deserialize_with = "lenient::opt_i64")]
        pub starts_at: Option<i64> = None,
        /// When the meeting link expires.
        #[serde(default, deserialize_with = "lenient::opt_i64")]
        pub expires_at: Option<i64> = None,
        /// The meeting's length.
        #[serde(default, deserialize_with = "lenient::opt_i64")]
        pub time_range: Option<i64> = None,
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
/// use unipile_core::attachment::{Attachment, AttachmentKind};
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

macro_rules! common_field {
    ($self:ident, $a:ident => $e:expr, $u:ident => $ue:expr) => {
        match $self {
            Attachment::Image($a) => $e,
            Attachment::Video($a) => $e,
            Attachment::Audio($a) => $e,
            Attachment::File($a) => $e,
            Attachment::LinkedinPost($a) => $e,
            Attachment::VideoMeeting($a) => $e,
            Attachment::Unknown($u) => $ue,
        }
    };
}

impl Attachment {
    /// The attachment id, to download it with
    /// `GET /messages/{message_id}/attachments/{attachment_id}`.
    pub fn id(&self) -> &AttachmentId {
        common_field!(self, a => &a.id, u => &u.id)
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
        common_field!(self, a => a.mimetype.as_deref(), u => u.mimetype.as_deref())
    }

    /// The size in bytes, when known.
    pub fn file_size(&self) -> Option<u64> {
        common_field!(self, a => a.file_size, u => u.file_size)
    }

    /// Whether the file can no longer be fetched.
    pub fn is_unavailable(&self) -> bool {
        common_field!(self, a => a.unavailable, u => u.unavailable)
    }

    /// The `url` field (often an internal `att://` reference), when present.
    pub fn url(&self) -> Option<&str> {
        common_field!(self, a => a.url.as_deref(), u => u.url.as_deref())
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
/// `type` (which may come last) says how to read them.
type Entries = Vec<(String, Box<RawValue>)>;

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
        while let Some(key) = map.next_key::<String>()? {
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
        id: probe(entries, "id").unwrap_or_else(empty_attachment_id),
        unavailable: probe::<Flag>(entries, "unavailable").is_some_and(|f| f.0),
        file_size: probe::<Size>(entries, "file_size").and_then(|s| s.0),
        mimetype: probe(entries, "mimetype"),
        url: probe(entries, "url"),
        kind,
        raw,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Attachment {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    fn round_trip(a: &Attachment) {
        let json = serde_json::to_string(a).expect("serialize");
        assert_eq!(&parse(&json), a, "{json}");
    }

    #[test]
    fn webhook_image_with_string_scalars() {
        let a = parse(
            r#"{"id":"2-MTY5","size":{"height":"150","width":"150"},"sticker":"false",
                "unavailable":"false","mimetype":"image/jpeg","type":"img",
                "url":"att://iWfw"}"#,
        );
        let Attachment::Image(img) = &a else {
            panic!("not an image: {a:?}")
        };
        assert_eq!(img.id, "2-MTY5");
        assert_eq!(img.size, MediaSize::new(150, 150));
        assert!(!img.sticker);
        assert!(!a.is_unavailable());
        assert_eq!(a.mimetype(), Some("image/jpeg"));
        assert_eq!(a.url(), Some("att://iWfw"));
        assert_eq!(a.kind(), AttachmentKind::Image);
        round_trip(&a);
    }

    #[test]
    fn every_known_kind_reads_its_own_fields() {
        let a = parse(
            r#"{"type":"video","id":"v","unavailable":0,"size":{"width":640,"height":480},"gif":1,"file_size":"2048"}"#,
        );
        let Attachment::Video(v) = &a else { panic!() };
        assert!(v.gif);
        assert_eq!(v.size.width, 640);
        assert_eq!(a.file_size(), Some(2048));
        round_trip(&a);

        let a = parse(
            r#"{"type":"audio","id":"au","unavailable":true,"duration":"12.5","voice_note":"true"}"#,
        );
        let Attachment::Audio(au) = &a else { panic!() };
        assert_eq!(au.duration, Some(12.5));
        assert!(au.voice_note);
        assert!(a.is_unavailable());
        round_trip(&a);

        let a = parse(
            r#"{"type":"file","id":"f","unavailable":false,"file_name":"cute_dog.pdf","mimetype":"application/pdf"}"#,
        );
        let Attachment::File(f) = &a else { panic!() };
        assert_eq!(f.file_name, "cute_dog.pdf");
        round_trip(&a);

        let a = parse(r#"{"type":"linkedin_post","id":"p","unavailable":0}"#);
        assert_eq!(a.kind(), AttachmentKind::LinkedinPost);
        assert_eq!(a.id(), "p");
        round_trip(&a);

        let a = parse(
            r#"{"type":"video_meeting","id":"m","unavailable":0,"starts_at":1735689600000,"expires_at":null,"time_range":"3600000"}"#,
        );
        let Attachment::VideoMeeting(m) = &a else {
            panic!()
        };
        assert_eq!(m.starts_at, Some(1_735_689_600_000));
        assert_eq!(m.expires_at, None);
        assert_eq!(m.time_range, Some(3_600_000));
        round_trip(&a);
    }

    #[test]
    fn unknown_kind_keeps_type_and_raw_json() {
        let json = r#"{"type":"sticker_pack","id":"s1","unavailable":"false","pack":{"name":"cats","count":12},"url":"att://x"}"#;
        let a = parse(json);
        let Attachment::Unknown(u) = &a else {
            panic!("{a:?}")
        };
        assert_eq!(u.kind().as_str(), "sticker_pack");
        assert!(u.kind().is_unknown());
        assert_eq!(u.raw_json(), json);
        assert_eq!(a.id(), "s1");
        assert_eq!(a.url(), Some("att://x"));
        assert_eq!(a.kind().as_str(), "sticker_pack");
        assert_eq!(serde_json::to_string(&a).expect("serialize"), json);
        round_trip(&a);
    }

    #[test]
    fn unknown_kind_tolerates_odd_common_fields() {
        let a = parse(r#"{"type":"poll","id":{"x":1},"file_size":"big","options":[1,2]}"#);
        assert_eq!(a.id(), "");
        assert_eq!(a.file_size(), None);
        assert_eq!(a.kind().as_str(), "poll");
    }

    #[test]
    fn bad_field_error_names_the_field() {
        let err = serde_json::from_str::<Attachment>(
            r#"{"type":"img","id":"a","size":{"width":1,"height":"tall"}}"#,
        )
        .expect_err("bad height");
        let text = err.to_string();
        assert!(text.contains("`img` attachment"), "{text}");
        assert!(text.contains("size.height"), "{text}");
        assert!(text.contains("tall"), "{text}");

        let err =
            serde_json::from_str::<Attachment>(r#"{"type":"file","id":"a","unavailable":"maybe"}"#)
                .expect_err("bad flag");
        assert!(err.to_string().contains("`unavailable`"), "{err}");
    }

    #[test]
    fn missing_type_is_an_unknown_kind() {
        let a = parse(r#"{"id":"x"}"#);
        assert!(a.kind().is_unknown());
        assert_eq!(a.kind().as_str(), "");
        assert_eq!(a.id(), "x");
    }

    #[test]
    fn reads_through_value_and_single_object_lists() {
        let value = serde_json::json!({"type":"img","id":"a","size":{"width":"2","height":3}});
        let a: Attachment = serde_json::from_value(value).expect("from value");
        assert_eq!(a.id(), "a");

        #[derive(Deserialize)]
        struct Payload {
            #[serde(deserialize_with = "lenient::one_or_many")]
            attachments: Vec<Attachment>,
        }
        let p: Payload =
            serde_json::from_str(r#"{"attachments":{"type":"file","id":"f","file_name":"a.txt"}}"#)
                .expect("one object");
        assert_eq!(p.attachments.len(), 1);
        assert_eq!(p.attachments[0].kind(), AttachmentKind::File);
    }

    #[test]
    fn serialization_writes_type_and_plain_flags() {
        let mut img = ImageAttachment::new("i");
        img.sticker = true;
        img.size = MediaSize::new(1, 2);
        let json = serde_json::to_value(Attachment::from(img)).expect("serialize");
        assert_eq!(
            json,
            serde_json::json!({"type":"img","id":"i","unavailable":false,"size":{"width":1,"height":2},"sticker":true})
        );
    }

    #[test]
    fn kind_table_both_ways() {
        for (kind, wire) in [
            (AttachmentKind::Image, "img"),
            (AttachmentKind::Video, "video"),
            (AttachmentKind::Audio, "audio"),
            (AttachmentKind::File, "file"),
            (AttachmentKind::LinkedinPost, "linkedin_post"),
            (AttachmentKind::VideoMeeting, "video_meeting"),
        ] {
            assert_eq!(kind.as_str(), wire);
            assert_eq!(AttachmentKind::from(wire), kind);
        }
        assert_eq!(AttachmentKind::KNOWN.len(), 6);
    }
}
