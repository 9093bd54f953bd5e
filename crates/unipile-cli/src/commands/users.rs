//! `unipile users get`, and the LinkedIn product flag shared with `ids normalize`.

use crate::cli::{LinkedinApiArg, UserLookupArgs, UsersCommand};
use crate::failure::Failure;
use crate::output::Printer;
use unipile_core::Client;
use unipile_core::model::user_profile::UserProfile;
use unipile_core::provider::LinkedinProduct;
use unipile_core::request::{GetUserProfile, LinkedinApi};

/// `--linkedin-api` as the request's `linkedin_api`.
pub fn linkedin_api(arg: LinkedinApiArg) -> LinkedinApi {
    match arg {
        LinkedinApiArg::Classic => LinkedinApi::Classic,
        LinkedinApiArg::Recruiter => LinkedinApi::Recruiter,
        LinkedinApiArg::SalesNavigator => LinkedinApi::SalesNavigator,
    }
}

/// `--linkedin-api` as the product whose ids the provider rules produce.
pub fn linkedin_product(arg: LinkedinApiArg) -> LinkedinProduct {
    match arg {
        LinkedinApiArg::Classic => LinkedinProduct::Classic,
        LinkedinApiArg::Recruiter => LinkedinProduct::Recruiter,
        LinkedinApiArg::SalesNavigator => LinkedinProduct::SalesNavigator,
    }
}

/// Runs a `users` command.
pub async fn run(command: UsersCommand, client: &Client, out: &Printer) -> Result<(), Failure> {
    match command {
        UsersCommand::Get(args) => get(args, client, out).await,
    }
}

async fn get(args: UserLookupArgs, client: &Client, out: &Printer) -> Result<(), Failure> {
    let mut request = GetUserProfile::new(args.identifier, args.account);
    if let Some(api) = args.linkedin_api {
        request = request.linkedin_api(linkedin_api(api));
    }
    let profile = client.users().get(&request).await?;
    if out.is_json() {
        return out.json_line(&profile);
    }
    print_profile(&profile, out)
}

/// The profile, one field per line.
fn print_profile(profile: &UserProfile, out: &Printer) -> Result<(), Failure> {
    let name = [profile.first_name.as_deref(), profile.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let mut lines = vec![
        format!("provider:    {}", profile.provider.as_str()),
        format!("provider id: {}", profile.provider_id.as_str()),
        format!("send to:     {}", profile.messaging_id().as_str()),
    ];
    if let Some(public) = &profile.public_identifier {
        lines.push(format!("public id:   {public}"));
    }
    if !name.is_empty() {
        lines.push(format!("name:        {name}"));
    }
    if let Some(headline) = &profile.headline {
        lines.push(format!("headline:    {headline}"));
    }
    if let Some(distance) = &profile.network_distance {
        lines.push(format!("network:     {distance}"));
    }
    for line in lines {
        out.line(&line)?;
    }
    Ok(())
}
