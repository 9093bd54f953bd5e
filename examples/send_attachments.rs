//! Send files with a message. Each file is a multipart part; the client checks sizes
//! before sending, and a send that is retried replays the same bytes.

use unipile_core::Client;
use unipile_core::Provider;
use unipile_core::request::{FileUpload, SendMessage};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeUnipile::new();
    let account = fake.add_account(AccountSeed::new(Provider::Linkedin, "Kim"));
    let chat_id = fake
        .add_chat(ChatSeed::direct(account, "Julien"))
        .ok_or("the account exists")?;
    let client = Client::new(fake.clone(), fake.api_key());

    // In a program, read the bytes from a file (`std::fs::read`) or a download.
    let report = FileUpload::new(
        "report.pdf",
        "application/pdf",
        b"%PDF-1.7 a small report".to_vec(),
    );
    // Or let the SDK guess the content type from the file name.
    let photo = FileUpload::from_bytes_guess_type("team.png", vec![0x89, b'P', b'N', b'G']);

    let request = SendMessage::new(chat_id)
        .text("Here are the report and the photo")
        .attachment(report)
        .attachment(photo);
    let sent = client.messages().send(request).await?;
    println!("sent {:?}", sent.message_id);

    // Read them back: attachments come typed (image, file, video…).
    if let Some(id) = sent.message_id {
        let message = client.messages().get(id).await?;
        for attachment in &message.attachments {
            println!(
                "{:?} attachment {}: {} ({} bytes)",
                attachment.kind(),
                attachment.id(),
                attachment.mimetype().unwrap_or("unknown type"),
                attachment.file_size().unwrap_or(0)
            );
        }
    }
    Ok(())
}
