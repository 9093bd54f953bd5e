//! Uploaded files: the attachment a file becomes (its kind from its content type) and the
//! bytes kept to serve its download.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use unipile_core::model::attachment::{
    Attachment, AudioAttachment, FileAttachment, ImageAttachment, MediaSize, VideoAttachment,
};
use unipile_core::request::guess_content_type;
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

/// An uploaded file as an attachment, its kind from its content type (or, without one,
/// its file name), and its bytes.
pub(crate) fn uploaded(
    state: &mut State,
    part: &Part,
    special: Option<Special>,
) -> (Attachment, StoredFile) {
    let id = state.new_id(24);
    // A part without a content type gets the one the SDK would send for its file name
    // (`application/octet-stream` when the name says nothing).
    let content_type = part.content_type.clone().unwrap_or_else(|| {
        guess_content_type(part.filename.as_deref().unwrap_or_default()).to_owned()
    });
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
        name: part.filename.clone(),
        data: part.data.clone(),
    };
    (attachment, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_without_type(filename: &str, data: &'static [u8]) -> Part {
        let mut part = Part::file("attachments", filename, "", data);
        part.content_type = None;
        part
    }

    #[test]
    fn a_part_without_a_content_type_gets_the_one_its_name_implies() {
        let mut state = State::new(1);
        let (attachment, file) = uploaded(&mut state, &file_without_type("notes.TXT", b"hi"), None);
        assert_eq!(file.content_type, "text/plain");
        assert_eq!(attachment.mimetype(), Some("text/plain"));
        assert!(matches!(attachment, Attachment::File(_)), "{attachment:?}");

        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x02\x00\x00\x00\x03";
        let (attachment, file) = uploaded(&mut state, &file_without_type("pic.png", png), None);
        assert_eq!(file.content_type, "image/png");
        match attachment {
            Attachment::Image(image) => assert_eq!(image.size, MediaSize::new(2, 3)),
            other => panic!("not an image: {other:?}"),
        }

        let (attachment, file) = uploaded(&mut state, &file_without_type("README", b"x"), None);
        assert_eq!(file.content_type, "application/octet-stream");
        assert_eq!(attachment.mimetype(), Some("application/octet-stream"));
        assert_eq!(file.data.as_ref(), b"x");
    }

    #[test]
    fn a_given_content_type_wins_over_the_file_name() {
        let mut state = State::new(1);
        let part = Part::file("attachments", "clip.png", "video/mp4", &b"...."[..]);
        let (attachment, file) = uploaded(&mut state, &part, None);
        assert_eq!(file.content_type, "video/mp4");
        assert!(matches!(attachment, Attachment::Video(_)), "{attachment:?}");
    }
}
