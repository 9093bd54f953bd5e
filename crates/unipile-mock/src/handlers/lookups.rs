//! The reads that are not lists: `GET /chats/{chat_id}/sync`,
//! `GET /chat_attendees/{attendee_id}/picture`, `GET /users/{identifier}`.

use serde_json::{Value, json as json_value};
use unipile_core::model::responses::ChatSynced;
use unipile_core::transport::{HttpRequest, HttpResponse};

use super::body::json;
use crate::api_error::ApiFailure;
use crate::state::{AttendeeRec, State};

/// `GET /chats/{chat_id}/sync`: the fake holds every message already, so the sync is
/// done as soon as it is asked for.
pub(super) fn sync_chat(
    state: &State,
    chat_id: &str,
    request: &HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    state
        .find_chat(chat_id, request.query_value("account_id"))
        .ok_or_else(|| ApiFailure::not_found("Chat", chat_id))?;
    Ok(json(200, &ChatSynced::new()))
}

/// The bytes the fake serves as the picture of `id`: a JPEG header, then the id, so each
/// picture differs and is recognisable in tests.
pub fn picture_bytes(id: &str) -> Vec<u8> {
    let mut data = vec![0xFF, 0xD8, 0xFF, 0xE0];
    data.extend_from_slice(id.as_bytes());
    data.extend_from_slice(&[0xFF, 0xD9]);
    data
}

/// `GET /chat_attendees/{attendee_id}/picture`: an attendee's picture, or a group chat's
/// when given its chat id; 404 when there is none.
pub(super) fn attendee_picture(state: &State, id: &str) -> Result<HttpResponse, ApiFailure> {
    let owner = match state.find_attendee(id) {
        Some(attendee) if attendee.picture_url.is_some() => attendee.id.to_string(),
        Some(_) => return Err(ApiFailure::not_found("Picture of attendee", id)),
        None => match state.chats.get(id) {
            Some(chat) if chat.kind == 1 => chat.id.to_string(),
            Some(_) => return Err(ApiFailure::not_found("Picture of group chat", id)),
            None => return Err(ApiFailure::not_found("Attendee", id)),
        },
    };
    Ok(HttpResponse::new(200, picture_bytes(&owner)).with_header("content-type", "image/jpeg"))
}

/// The public identifier the fake gives a user: their name as a slug (`ana-lopez`).
pub fn public_identifier(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Whether `identifier` names `attendee`: its provider id, its public identifier, or on
/// WhatsApp its phone number.
fn names(attendee: &AttendeeRec, identifier: &str) -> bool {
    attendee.provider_id == identifier
        || public_identifier(&attendee.name) == identifier
        || attendee
            .provider_id
            .strip_suffix("@s.whatsapp.net")
            .is_some_and(|phone| phone == identifier.trim_start_matches('+'))
}

/// The id of a LinkedIn member in `product`: each product has its own prefix.
fn linkedin_id_in(provider_id: &str, product: Option<&str>) -> Result<String, ApiFailure> {
    let rest = provider_id.get(3..).unwrap_or_default();
    Ok(match product {
        None | Some("classic") => provider_id.to_owned(),
        Some("sales_navigator") => format!("ACw{rest}"),
        Some("recruiter") => format!("AEM{rest}"),
        Some(other) => {
            return Err(ApiFailure::invalid_parameter(
                "linkedin_api",
                format!("must be classic, recruiter or sales_navigator, got {other:?}"),
            ));
        }
    })
}

/// `GET /users/{identifier}?account_id=…`: the profile of a user the account knows, by
/// provider id or public identifier; `linkedin_api` gives a LinkedIn member's id in that
/// product.
pub(super) fn user_profile(
    state: &State,
    identifier: &str,
    request: &HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    let account_id = request
        .query_value("account_id")
        .filter(|a| !a.is_empty())
        .ok_or_else(|| ApiFailure::missing_parameter("account_id"))?;
    let account = state
        .accounts
        .get(account_id)
        .ok_or_else(|| ApiFailure::not_found("Account", account_id))?;
    let attendee = state
        .attendee_order
        .values()
        .filter_map(|id| state.attendees.get(id))
        .find(|a| a.account_id == account.id && names(a, identifier))
        .ok_or_else(|| ApiFailure::not_found("User", identifier))?;
    let linkedin = account.account_type == "LINKEDIN";
    let provider_id = if linkedin {
        linkedin_id_in(&attendee.provider_id, request.query_value("linkedin_api"))?
    } else {
        attendee.provider_id.clone()
    };
    let mut names = attendee.name.splitn(2, ' ');
    let mut profile = json_value!({
        "object": "UserProfile",
        "provider": account.account_type,
        "provider_id": provider_id,
        "public_identifier": public_identifier(&attendee.name),
        "first_name": names.next().unwrap_or_default(),
        "last_name": names.next().unwrap_or_default(),
        "is_self": attendee.is_self,
        "websites": [],
    });
    if let (true, Some((occupation, distance))) = (linkedin, &attendee.linkedin) {
        profile["headline"] = Value::from(occupation.as_str());
        let degree = match distance.as_str() {
            "DISTANCE_1" => "FIRST_DEGREE",
            "DISTANCE_2" => "SECOND_DEGREE",
            "DISTANCE_3" => "THIRD_DEGREE",
            _ => "OUT_OF_NETWORK",
        };
        profile["network_distance"] = Value::from(degree);
        profile["is_relationship"] = Value::from(degree == "FIRST_DEGREE");
    }
    if account.account_type == "INSTAGRAM" {
        profile["provider_messaging_id"] = Value::from(attendee.provider_id.as_str());
    }
    Ok(json(200, &profile))
}
