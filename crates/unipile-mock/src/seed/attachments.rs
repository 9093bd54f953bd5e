//! Received attachments of each kind, with bytes to download.

use bytes::Bytes;
use unipile_core::model::attachment::{
    Attachment, AudioAttachment, FileAttachment, ImageAttachment, LinkedinPostAttachment,
    MediaSize, VideoAttachment, VideoMeetingAttachment,
};

use super::HISTORY_END_MS;
use crate::rng::Rng;
use crate::state::StoredFile;
use crate::state::uploads::attachment_url;

/// A received attachment of `kind` with bytes to download.
pub(super) fn random_attachment(rng: &mut Rng, kind: &str) -> (Attachment, StoredFile) {
    let id = rng.id(32);
    // Some old files can no longer be fetched from the provider.
    let unavailable = rng.chance(3);
    let url = Some(attachment_url(&id));
    let (attachment, content_type, data): (Attachment, &str, Bytes) = match kind {
        "img" | "sticker" => {
            let sticker = kind == "sticker";
            let (w, h) = if sticker { (512, 512) } else { (1280, 720) };
            let mut a = ImageAttachment::new(id.as_str());
            a.size = MediaSize::new(w, h);
            a.sticker = sticker;
            (a.into(), "image/png", png(rng, w, h))
        }
        "video" => {
            let mut a = VideoAttachment::new(id.as_str());
            a.size = MediaSize::new(640, 360);
            a.gif = rng.chance(30);
            let data = filler(rng, b"\x00\x00\x00\x18ftypmp42", 512);
            (a.into(), "video/mp4", data)
        }
        "audio" => {
            let mut a = AudioAttachment::new(id.as_str());
            a.voice_note = true;
            a.duration = Some((2 + rng.below(60)) as f64);
            (a.into(), "audio/ogg", filler(rng, b"OggS", 384))
        }
        "linkedin_post" => {
            let a = LinkedinPostAttachment::new(id.as_str());
            let data = Bytes::from_static(b"<a href=\"https://www.linkedin.com/feed/\">post</a>");
            (a.into(), "text/html", data)
        }
        "video_meeting" => {
            let mut a = VideoMeetingAttachment::new(id.as_str());
            let starts = HISTORY_END_MS / 1000 + 86_400;
            a.starts_at = Some(starts);
            a.expires_at = Some(starts + 3_600);
            a.time_range = Some(3_600);
            let data = Bytes::from_static(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
            (a.into(), "text/calendar", data)
        }
        _ => {
            let mut a = FileAttachment::new(id.as_str());
            a.file_name = format!("proposal-{}.pdf", rng.digits(3));
            (a.into(), "application/pdf", filler(rng, b"%PDF-1.7\n", 700))
        }
    };
    let attachment = with_common(
        attachment,
        content_type,
        data.len() as u64,
        unavailable,
        url,
    );
    let file = StoredFile {
        id,
        content_type: content_type.to_owned(),
        name: None,
        data,
    };
    (attachment, file)
}

/// Sets the fields every attachment kind has.
fn with_common(
    mut attachment: Attachment,
    content_type: &str,
    size: u64,
    unavailable: bool,
    url: Option<String>,
) -> Attachment {
    macro_rules! set {
        ($a:expr) => {{
            $a.mimetype = Some(content_type.to_owned());
            $a.file_size = Some(size);
            $a.unavailable = unavailable;
            $a.url = url;
        }};
    }
    match &mut attachment {
        Attachment::Image(a) => set!(a),
        Attachment::Video(a) => set!(a),
        Attachment::Audio(a) => set!(a),
        Attachment::File(a) => set!(a),
        Attachment::LinkedinPost(a) => set!(a),
        Attachment::VideoMeeting(a) => set!(a),
        _ => {}
    }
    attachment
}

/// A PNG header declaring `w`×`h`, followed by filler: enough for a download to be real.
fn png(rng: &mut Rng, w: u32, h: u32) -> Bytes {
    let mut v = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    v.extend_from_slice(&w.to_be_bytes());
    v.extend_from_slice(&h.to_be_bytes());
    v.extend_from_slice(&[8, 6, 0, 0, 0]);
    v.extend((0..64 + rng.below(512)).map(|_| rng.next_u64() as u8));
    Bytes::from(v)
}

/// `header` followed by `len` random bytes.
fn filler(rng: &mut Rng, header: &[u8], len: u64) -> Bytes {
    let mut v = header.to_vec();
    v.extend((0..len).map(|_| rng.next_u64() as u8));
    Bytes::from(v)
}
