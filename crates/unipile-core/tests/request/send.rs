//! Sending: `SendMessage`, `StartChat` and their files, rendered part by part.

use std::time::Duration;
use unipile_core::request::{
    ApiRequest, DEFAULT_MAX_ATTACHMENT_BYTES, FileUpload, LinkedinOptions, LinkedinTopic,
    RecruiterVisibility, SendMessage, StartChat, guess_content_type,
};
use unipile_core::transport::{Body, HttpRequest, Method, Multipart};

fn form(request: &HttpRequest) -> &Multipart {
    match &request.body {
        Body::Multipart(form) => form,
        other => panic!("expected a multipart body, got {other:?}"),
    }
}

/// Each part as `name=text` or `name@filename(content type)=<n bytes>`, in order.
fn parts(request: &HttpRequest) -> Vec<String> {
    form(request)
        .parts()
        .iter()
        .map(|p| match (&p.filename, &p.content_type) {
            (Some(file), Some(ct)) => format!("{}@{file}({ct})=<{} bytes>", p.name, p.data.len()),
            (None, None) => format!("{}={}", p.name, p.as_text().expect("text part")),
            _ => panic!("half a file part: {p:?}"),
        })
        .collect()
}

fn png(bytes: usize) -> FileUpload {
    FileUpload::from_bytes_guess_type("cute_dog.png", vec![7u8; bytes])
}

fn accept(request: &HttpRequest) -> Option<&str> {
    request.headers.get("accept")
}

#[test]
fn send_message_renders_every_field_in_order() {
    let request = SendMessage::new("9f9uio56sopa456s")
        .text("Hello world !")
        .account_id("acc_1")
        .quote("msg_9")
        .thread_id("th_1")
        .typing_duration(Duration::from_millis(1500))
        .attachment(png(4))
        .attachment(FileUpload::new(
            "report.pdf",
            "application/pdf",
            b"%PDF".to_vec(),
        ))
        .voice_message(FileUpload::new("hi.m4a", "audio/mp4", vec![1u8; 3]))
        .video_message(FileUpload::new("hi.mp4", "video/mp4", vec![2u8; 5]));
    let http = request.to_http().expect("valid");
    assert_eq!(http.method, Method::Post);
    assert_eq!(http.path, "/chats/9f9uio56sopa456s/messages");
    assert_eq!(http.route, "/chats/{chat_id}/messages");
    assert!(http.query.is_empty());
    assert_eq!(accept(&http), Some("application/json"));
    assert_eq!(
        parts(&http),
        [
            "text=Hello world !",
            "account_id=acc_1",
            "quote_id=msg_9",
            "thread_id=th_1",
            "typing_duration=1500",
            "attachments@cute_dog.png(image/png)=<4 bytes>",
            "attachments@report.pdf(application/pdf)=<4 bytes>",
            "voice_message@hi.m4a(audio/mp4)=<3 bytes>",
            "video_message@hi.mp4(video/mp4)=<5 bytes>",
        ]
    );
    assert_eq!(&form(&http).files("attachments")[1].data[..], b"%PDF");
}

#[test]
fn send_message_is_byte_exact_on_the_wire() {
    let http = SendMessage::new("c")
        .text("hi")
        .attachment(FileUpload::new("a.txt", "text/plain", "x"))
        .to_http()
        .expect("valid");
    let want = "--B\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhi\r\n\
                --B\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a.txt\"\r\n\
                Content-Type: text/plain\r\n\r\nx\r\n--B--\r\n";
    assert_eq!(form(&http).encode("B"), want.as_bytes());
}

#[test]
fn chat_id_is_one_encoded_path_segment() {
    let http = SendMessage::new("a/b?c")
        .text("x")
        .to_http()
        .expect("valid");
    assert_eq!(http.path, "/chats/a%2Fb%3Fc/messages");
    assert_eq!(http.route, "/chats/{chat_id}/messages");
    let http = SendMessage::new("33600000000@s.whatsapp.net")
        .text("x")
        .to_http()
        .expect("valid");
    assert_eq!(http.path, "/chats/33600000000%40s.whatsapp.net/messages");
}

#[test]
fn send_message_refuses_bad_ids() {
    for id in ["", "..", "."] {
        let err = SendMessage::new(id)
            .text("x")
            .to_http()
            .expect_err("must be refused");
        assert_eq!(err.parameter(), "chat_id", "{id:?}");
        assert!(err.to_string().contains("chat_id"), "{err}");
    }
    // An id that merely contains dots is fine.
    let http = SendMessage::new("...")
        .text("x")
        .to_http()
        .expect("not a dot segment");
    assert_eq!(http.path, "/chats/.../messages");
    let err = SendMessage::new("c")
        .text("x")
        .account_id("")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "account_id");
    let err = SendMessage::new("c")
        .text("x")
        .quote("")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "quote_id");
}

#[test]
fn send_message_needs_text_or_a_file() {
    let err = SendMessage::new("c")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "text");
    let err = SendMessage::new("c")
        .text("")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "text");

    // A file alone is a message; an empty text is then left out.
    let http = SendMessage::new("c")
        .text("")
        .attachment(png(1))
        .to_http()
        .expect("file only");
    assert_eq!(
        parts(&http),
        ["attachments@cute_dog.png(image/png)=<1 bytes>"]
    );
    let http = SendMessage::new("c")
        .voice_message(FileUpload::new("v.m4a", "audio/mp4", vec![1]))
        .to_http()
        .expect("voice only");
    assert_eq!(parts(&http), ["voice_message@v.m4a(audio/mp4)=<1 bytes>"]);
}

#[test]
fn files_over_the_limit_are_refused_with_their_sizes() {
    let limit = DEFAULT_MAX_ATTACHMENT_BYTES as usize;
    assert_eq!(limit, 15 * 1024 * 1024);
    let http = SendMessage::new("c")
        .attachment(png(limit))
        .to_http()
        .expect("exactly at the limit");
    assert_eq!(
        parts(&http),
        [format!(
            "attachments@cute_dog.png(image/png)=<{limit} bytes>"
        )]
    );

    let err = SendMessage::new("c")
        .attachment(png(10))
        .attachment(png(limit + 1))
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "attachments[1]");
    assert!(err.reason().contains(&(limit + 1).to_string()), "{err}");
    assert!(err.reason().contains(&limit.to_string()), "{err}");

    // The limit is per request.
    let err = SendMessage::new("c")
        .text("x")
        .voice_message(FileUpload::new("v.m4a", "audio/mp4", vec![1u8; 11]))
        .max_attachment_bytes(10)
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "voice_message");
    assert!(
        err.reason().contains("11 bytes") && err.reason().contains("10 bytes"),
        "{err}"
    );
    let http = SendMessage::new("c")
        .attachment(png(limit + 1))
        .max_attachment_bytes(20 * 1024 * 1024)
        .to_http()
        .expect("under the raised limit");
    assert_eq!(
        parts(&http),
        [format!(
            "attachments@cute_dog.png(image/png)=<{} bytes>",
            limit + 1
        )]
    );

    let err = StartChat::new("acc", "u")
        .video_message(FileUpload::new("v.mp4", "video/mp4", vec![0u8; 3]))
        .max_attachment_bytes(2)
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "video_message");
}

#[test]
fn empty_or_nameless_files_are_refused() {
    let err = SendMessage::new("c")
        .attachment(FileUpload::new("a.txt", "text/plain", Vec::<u8>::new()))
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "attachments[0]");
    let err = SendMessage::new("c")
        .attachment(FileUpload::new("", "text/plain", "x"))
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "attachments[0]");
}

#[test]
fn content_types_are_guessed_from_the_extension() {
    let table = [
        ("a.png", "image/png"),
        ("a.jpg", "image/jpeg"),
        ("a.JPEG", "image/jpeg"),
        ("a.gif", "image/gif"),
        ("a.webp", "image/webp"),
        ("a.mp4", "video/mp4"),
        ("a.mov", "video/quicktime"),
        ("a.mp3", "audio/mpeg"),
        ("a.m4a", "audio/mp4"),
        ("a.ogg", "audio/ogg"),
        ("a.wav", "audio/wav"),
        ("a.pdf", "application/pdf"),
        ("a.txt", "text/plain"),
        ("a.csv", "text/csv"),
        ("a.doc", "application/msword"),
        (
            "a.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("a.xls", "application/vnd.ms-excel"),
        (
            "a.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("a.zip", "application/zip"),
        ("a.tar.gz", "application/octet-stream"),
        ("README", "application/octet-stream"),
        ("png", "application/octet-stream"),
        ("a.", "application/octet-stream"),
    ];
    for (name, want) in table {
        assert_eq!(guess_content_type(name), want, "{name}");
        assert_eq!(
            FileUpload::from_bytes_guess_type(name, "x").content_type,
            want,
            "{name}"
        );
    }
}

#[test]
fn debug_never_shows_message_text_or_file_content() {
    let request = SendMessage::new("c")
        .text("my private words")
        .attachment(FileUpload::new("a.txt", "text/plain", "file secret"));
    let shown = format!("{request:?}");
    assert!(!shown.contains("private"), "{shown}");
    assert!(!shown.contains("file secret"), "{shown}");
    assert!(shown.contains("a.txt"), "{shown}");
    let shown = format!("{:?}", StartChat::new("a", "u").text("my private words"));
    assert!(!shown.contains("private"), "{shown}");
}

#[test]
fn start_chat_one_to_one_with_attachment() {
    let http = StartChat::new("sSR22ds5dd_ds", "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E")
        .text("Hello world !")
        .attachment(png(3))
        .to_http()
        .expect("valid");
    assert_eq!(http.method, Method::Post);
    assert_eq!(http.path, "/chats");
    assert_eq!(http.route, "/chats");
    assert_eq!(accept(&http), Some("application/json"));
    assert_eq!(
        parts(&http),
        [
            "account_id=sSR22ds5dd_ds",
            "attendees_ids=ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E",
            "text=Hello world !",
            "attachments@cute_dog.png(image/png)=<3 bytes>",
        ]
    );
}

#[test]
fn start_chat_group_repeats_attendees_ids_and_sends_title() {
    let http = StartChat::group(
        "k0_s8cdss9Dz8ds",
        ["33600000000@s.whatsapp.net", "33600000001@s.whatsapp.net"],
        "Vacation",
    )
    .attendee("33600000002@s.whatsapp.net")
    .text("Hello world !")
    .subject("Plans")
    .attachment(png(1))
    .attachment(FileUpload::new("b.txt", "text/plain", "b"))
    .to_http()
    .expect("valid");
    assert_eq!(
        parts(&http),
        [
            "account_id=k0_s8cdss9Dz8ds",
            "attendees_ids=33600000000@s.whatsapp.net",
            "attendees_ids=33600000001@s.whatsapp.net",
            "attendees_ids=33600000002@s.whatsapp.net",
            "text=Hello world !",
            "title=Vacation",
            "subject=Plans",
            "attachments@cute_dog.png(image/png)=<1 bytes>",
            "attachments@b.txt(text/plain)=<1 bytes>",
        ]
    );
}

#[test]
fn start_chat_needs_attendees_and_an_account() {
    let err = StartChat::group("acc", Vec::<String>::new(), "Team")
        .text("x")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "attendees_ids");
    let err = StartChat::group("acc", ["a", ""], "Team")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "attendees_ids[1]");
    let err = StartChat::new("", "u")
        .text("x")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "account_id");
    let err = StartChat::group("acc", ["a"], "")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "title");
}

#[test]
fn inmail_is_sent_even_without_api() {
    // The official Node SDK drops `inmail` unless `api: 'classic'` is set explicitly.
    let http = StartChat::new("acc", "ACo1")
        .text("Hi")
        .linkedin(LinkedinOptions::new().inmail(true))
        .to_http()
        .expect("valid");
    assert_eq!(
        parts(&http),
        [
            "account_id=acc",
            "attendees_ids=ACo1",
            "text=Hi",
            "linkedin[inmail]=true"
        ]
    );
    assert_eq!(form(&http).text("linkedin[api]"), None);
}

#[test]
fn linkedin_classic_options_as_bracket_keys() {
    let http = StartChat::new("Asdq-j08dsqQS89QSD", "ACo1")
        .text("Hello world !")
        .linkedin(
            LinkedinOptions::classic()
                .inmail(false)
                .topic(LinkedinTopic::RequestDemo)
                .applicant_id("app_1")
                .invitation_id("inv_1"),
        )
        .to_http()
        .expect("valid");
    assert_eq!(
        parts(&http)[3..],
        [
            "linkedin[api]=classic",
            "linkedin[inmail]=false",
            "linkedin[topic]=request_demo",
            "linkedin[applicant_id]=app_1",
            "linkedin[invitation_id]=inv_1",
        ]
    );
}

#[test]
fn linkedin_recruiter_options_as_bracket_keys() {
    let http = StartChat::new("acc", "AEm1")
        .text("<strong>Hi</strong>")
        .subject("A role for you")
        .linkedin(
            LinkedinOptions::recruiter()
                .signature("Jane")
                .hiring_project_id("hp_1")
                .job_posting_id("jp_1")
                .email_address("bob@example.com")
                .visibility(RecruiterVisibility::Project),
        )
        .to_http()
        .expect("valid");
    assert_eq!(
        parts(&http)[3..],
        [
            "subject=A role for you",
            "linkedin[api]=recruiter",
            "linkedin[signature]=Jane",
            "linkedin[hiring_project_id]=hp_1",
            "linkedin[job_posting_id]=jp_1",
            "linkedin[email_address]=bob@example.com",
            "linkedin[visibility]=PROJECT",
        ]
    );
    let http = StartChat::new("acc", "ACw1")
        .text("x")
        .linkedin(LinkedinOptions::sales_navigator())
        .to_http()
        .expect("valid");
    assert_eq!(parts(&http)[3..], ["linkedin[api]=sales_navigator"]);
}

#[test]
fn linkedin_options_of_another_product_are_refused() {
    let start = |options: LinkedinOptions| {
        StartChat::new("acc", "ACo1")
            .text("x")
            .linkedin(options)
            .to_http()
            .expect_err("must be refused")
    };
    let err = start(LinkedinOptions::classic().signature("Jane"));
    assert_eq!(err.parameter(), "linkedin[signature]");
    assert!(err.reason().contains("recruiter"), "{err}");
    let err = start(LinkedinOptions::sales_navigator().hiring_project_id("1"));
    assert_eq!(err.parameter(), "linkedin[hiring_project_id]");
    let err = start(LinkedinOptions::new().visibility(RecruiterVisibility::Public));
    assert_eq!(err.parameter(), "linkedin[visibility]");
    assert!(err.reason().contains("not set"), "{err}");
    let err = start(LinkedinOptions::recruiter().inmail(true));
    assert_eq!(err.parameter(), "linkedin[inmail]");
    let err = start(LinkedinOptions::sales_navigator().topic(LinkedinTopic::Support));
    assert_eq!(err.parameter(), "linkedin[topic]");
    let err = start(LinkedinOptions::recruiter().email_address("not-an-email"));
    assert_eq!(err.parameter(), "linkedin[email_address]");
    let err = start(LinkedinOptions::recruiter().signature(""));
    assert_eq!(err.parameter(), "linkedin[signature]");
}
