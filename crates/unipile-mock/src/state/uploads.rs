//! Uploaded files: the attachment a file becomes (its kind from its content type) and the
//! bytes kept to serve its download.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use unipile_core::attachment::{
    Attachment, AudioAttachment, FileAttachment, ImageAttachment, MediaSize, VideoAttachment,
};
use unipile_core::transport::Part;

use super::{State, StoredFile};

/// A LinkedIn voice or video message.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Special {
    Voice,
    Video,
}

/// The `att://` reference of an attachment.
pub(crate) fn attachment_url(id: &str) -> String {
    format!("att://{}", STANDARD.encode(id))
}

/// The pixel size a PNG declares in its header.
pub(crate) fn image_size(data: &[u8]) -> Option<(u32, u32)> {
    if data.len() < 24 || &data[..8] != b"\x89PNG\r\n\x1a\n" || &data[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(data[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(data[20..24].try_into().ok()?);
    Some((w, h))
}

/// An uploaded file as an attachment, its kind from its content type, and its bytes.
pub(crate) fn uploaded(
    state: &mut State,
    part: &Part,
    special: Option<Special>,
) -> (Attachment, StoredFile) {
    let id = state.new_id(24);
    let content_type = part
        .content_type
        .clone()
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let mimetype = Some(content_type.clone());
    let file_size = Some(part.data.len() as u64);
    let url = Some(attachment_url(&id));
    let attachment = if special == Some(Special::Voice) || content_type.starts_with("audio/") {
        let mut a = AudioAttachment::new(id.as_str());
        (a.mimetype, a.file_size, a.url) = (mimetype, file_size, url);
        a.voice_note = special == Some(Special::Voice);
        Attachment::from(a)
    } else if special == Some(Special::Video) || content_type.starts_with("video/") {
        let mut a = VideoAttachment::new(id.as_str());
        (a.mimetype, a.file_size, a.url) = (mimetype, file_size, url);
        Attachment::from(a)
    } else if content_type.starts_with("image/") {
        let mut a = ImageAttachment::new(id.as_str());
        (a.mimetype, a.file_size, a.url) = (mimetype, file_size, url);
        if let Some((w, h)) = image_size(&part.data) {
            a.size = MediaSize::new(w, h);
        }
        Attachment::from(a)
    } else {
        let mut a = FileAttachment::new(id.as_str());
        (a.mimetype, a.file_size, a.url) = (mimetype, file_size, url);
        a.file_name = part.filename.clone().unwrap_or_default();
        Attachment::from(a)
    };
    let file = StoredFile {
        id,
        content_type,
        data: part.data.clone(),
    };
    (attachment, file)
}
