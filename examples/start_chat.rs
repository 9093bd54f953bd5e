//! Start a chat with a user (1:1, or reuse the existing one), and send a LinkedIn InMail.
//!
//! `POST /chats` takes the provider's **internal** user id. Turn what a user typed (a
//! profile address, a phone number) into one with the provider rules first: some inputs
//! resolve at once, others need a `GET /users/{identifier}` lookup.

use unipile_core::Client;
use unipile_core::Provider;
use unipile_core::provider::ProviderRegistry;
use unipile_core::request::{LinkedinOptions, StartChat};
use unipile_mock::{AccountSeed, FakeUnipile};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeUnipile::new();
    let whatsapp = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Kim"));
    let linkedin = fake.add_account(AccountSeed::new(Provider::Linkedin, "Kim"));
    let client = Client::new(fake.clone(), fake.api_key());
    let providers = ProviderRegistry::builtin();

    // WhatsApp: a phone number normalizes into the attendee id to send.
    let normalized = providers.normalize(&Provider::Whatsapp, "+33 6 00 00 00 00");
    let attendee = normalized
        .attendee_id()
        .ok_or("a phone number resolves without a lookup")?
        .clone();
    let started = client
        .chats()
        .start(StartChat::new(whatsapp, attendee).text("Hi, it's Kim!"))
        .await?;
    println!("WhatsApp chat {:?}", started.chat_id);

    // LinkedIn: a profile address with a slug needs a lookup; a member id does not.
    let typed = "https://www.linkedin.com/in/julien-crepieux/";
    if let Some(lookup) = providers
        .normalize(&Provider::Linkedin, typed)
        .lookup_needed()
    {
        println!(
            "{typed}: look up {} first ({})",
            lookup.identifier(),
            lookup.reason()
        );
    }
    let member_id = "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E";

    // An InMail reaches a member outside your network and takes a subject. From LinkedIn
    // Classic (with Premium) it is asked for with `inmail(true)`; messages sent with
    // `LinkedinOptions::sales_navigator()` or `recruiter()` are InMails already (their
    // member ids differ: resolve them with that product's lookup).
    let inmail = StartChat::new(linkedin, member_id)
        .subject("Quick question")
        .text("Hello Julien, would you have 15 minutes next week?")
        .linkedin(LinkedinOptions::classic().inmail(true));
    let started = client.chats().start(inmail).await?;
    println!(
        "InMail sent in chat {:?} (message {:?})",
        started.chat_id, started.message_id
    );
    Ok(())
}
