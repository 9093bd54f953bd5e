//! The shared-secret check of webhook calls.

use unipile_core::transport::{HeaderValue, Headers};
use unipile_core::webhook::{WebhookAuthError, WebhookSecret};

const SECRET: &str = "wh_9f8e7d6c5b4a3210-very-secret";

fn secret() -> WebhookSecret {
    WebhookSecret::new("Unipile-Auth", SECRET).expect("valid secret")
}

fn headers(pairs: &[(&str, &str)]) -> Headers {
    let mut h = Headers::new();
    for (name, value) in pairs {
        h.append(name, HeaderValue::new(*value));
    }
    h
}

fn missing() -> WebhookAuthError {
    WebhookAuthError::MissingHeader {
        header: "Unipile-Auth".to_owned(),
    }
}

fn wrong() -> WebhookAuthError {
    WebhookAuthError::WrongSecret {
        header: "Unipile-Auth".to_owned(),
    }
}

#[test]
fn the_right_secret_passes() {
    let s = secret();
    assert_eq!(s.verify(&headers(&[("Unipile-Auth", SECRET)])), Ok(()));
    assert_eq!(
        s.verify(&headers(&[("unipile-auth", SECRET)])),
        Ok(()),
        "names ignore case"
    );
    let padded = format!("  {SECRET} ");
    assert_eq!(s.verify(&headers(&[("UNIPILE-AUTH", &padded)])), Ok(()));
    assert_eq!(
        s.verify(&headers(&[
            ("content-type", "application/json"),
            ("unipile-auth", "stale"),
            ("Unipile-Auth", SECRET),
        ])),
        Ok(()),
        "one matching value among repeated headers is enough"
    );
}

#[test]
fn missing_and_wrong_are_distinct_errors() {
    let s = secret();
    assert_eq!(s.verify(&Headers::new()), Err(missing()));
    assert_eq!(
        s.verify(&headers(&[("Authorization", SECRET)])),
        Err(missing()),
        "the secret under another name does not count"
    );
    let same_length_wrong: String = SECRET.chars().rev().collect();
    for value in [
        "",
        "wrong",
        same_length_wrong.as_str(),
        &SECRET[..SECRET.len() - 1],
        &format!("{SECRET}x"),
    ] {
        assert_eq!(
            s.verify(&headers(&[("Unipile-Auth", value)])),
            Err(wrong()),
            "{value:?}"
        );
    }
}

#[test]
fn framework_header_pairs_are_accepted() {
    let s = secret();
    // Like an http::HeaderMap: names as strings, values as bytes.
    let owned: Vec<(String, Vec<u8>)> = vec![
        ("host".to_owned(), b"example.com".to_vec()),
        ("unipile-auth".to_owned(), SECRET.as_bytes().to_vec()),
    ];
    assert_eq!(s.verify_pairs(owned.iter().map(|(n, v)| (n, v))), Ok(()));
    assert_eq!(
        s.verify_pairs([("unipile-auth", b"nope".as_slice())]),
        Err(wrong())
    );
    assert_eq!(
        s.verify_pairs(std::iter::empty::<(&str, &str)>()),
        Err(missing())
    );
    // Bytes that are not UTF-8 are compared as bytes, never a panic.
    assert_eq!(
        s.verify_pairs([("unipile-auth", [0xff_u8, 0xfe].as_slice())]),
        Err(wrong())
    );
}

#[test]
fn the_secret_never_shows() {
    let s = secret();
    let wrong_value = "attacker-guess-123";
    let shown = [
        format!("{s:?}"),
        format!("{:?}", s.verify(&headers(&[("Unipile-Auth", wrong_value)]))),
        s.verify(&headers(&[("Unipile-Auth", wrong_value)]))
            .expect_err("wrong")
            .to_string(),
        s.verify(&Headers::new()).expect_err("missing").to_string(),
    ];
    for text in &shown {
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains(wrong_value), "{text}");
        assert!(text.contains("Unipile-Auth"), "names the header: {text}");
    }
    assert!(shown[0].contains("<redacted>"), "{}", shown[0]);
    assert_eq!(s.expose_secret(), SECRET);
    assert_eq!(s.header_name(), "Unipile-Auth");
    assert_eq!(WebhookSecret::DEFAULT_HEADER, "Unipile-Auth");
}

#[test]
fn unusable_secrets_and_names_are_refused() {
    for (name, secret, parameter) in [
        ("Unipile-Auth", "", "secret"),
        ("Unipile-Auth", "   ", "secret"),
        ("Unipile-Auth", " padded-secret", "secret"),
        ("Unipile-Auth", "line\nbreak", "secret"),
        ("", "s3cr3t", "header_name"),
        ("Unipile Auth", "s3cr3t", "header_name"),
        ("Unipile-Auth:", "s3cr3t", "header_name"),
    ] {
        let err = WebhookSecret::new(name, secret).expect_err(name);
        assert_eq!(err.parameter(), parameter, "{name:?} {secret:?}");
        if !secret.trim().is_empty() {
            assert!(!err.to_string().contains(secret.trim()), "{err}");
        }
    }
}
