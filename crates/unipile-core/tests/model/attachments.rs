//! Attachments one by one: every kind, lenient scalars, unknown kinds, errors.

use serde::Deserialize;
use unipile_core::model::attachment::{Attachment, AttachmentKind, ImageAttachment, MediaSize};
use unipile_core::model::lenient;

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

/// `null` where an id or a size is expected reads as empty, as a missing member does; an
/// attachment that fails to decode fails its whole message, and with it the whole page.
#[test]
fn null_id_and_null_size_read_as_empty() {
    let a = parse(r#"{"type":"img","id":null,"size":null,"sticker":null}"#);
    let Attachment::Image(img) = &a else {
        panic!("not an image: {a:?}")
    };
    assert_eq!(img.id, "");
    assert_eq!(img.size, MediaSize::default());
    let a = parse(r#"{"type":"video","id":"v","size":null}"#);
    let Attachment::Video(video) = &a else {
        panic!("not a video: {a:?}")
    };
    assert_eq!(video.size, MediaSize::default());
    assert_eq!(parse(r#"{"type":"file","id":null}"#).id(), "");
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
