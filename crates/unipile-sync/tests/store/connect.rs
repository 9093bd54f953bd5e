//! Opening by URL, the errors of a bad URL, refused credentials and an unreachable
//! server, and the password kept out of all of them.

use crate::fixture::{Fixture, POSTGRES_URL_VAR};
use unipile_sync::{Backend, StoreError};

/// A password no message could contain by chance, with the characters that break URLs.
const PASSWORD: &str = "Zq9/x@Kw7!secret";
const ENCODED: &str = "Zq9%2Fx%40Kw7!secret";

fn assert_hidden(error: &StoreError) {
    for shown in [error.to_string(), format!("{error:?}")] {
        for secret in [PASSWORD, ENCODED, "Kw7"] {
            assert!(!shown.contains(secret), "the password shows in: {shown}");
        }
    }
}

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

#[tokio::test]
async fn a_path_or_sqlite_url_opens_sqlite() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("by_path.sqlite");
    let store = unipile_sync::open(path.to_str().expect("utf-8"))
        .await
        .expect("open");
    assert_eq!(store.backend(), Backend::Sqlite);
    let url = format!("sqlite://{}", dir.path().join("by_url.sqlite").display());
    let store = unipile_sync::open(&url).await.expect("open");
    assert_eq!(store.backend(), Backend::Sqlite);
    assert!(dir.path().join("by_url.sqlite").exists());
}

#[tokio::test]
async fn an_unknown_scheme_or_an_empty_url_is_refused_by_name() {
    let error = unipile_sync::open(&format!("mysql://app:{PASSWORD}@localhost/db"))
        .await
        .expect_err("refused");
    assert!(matches!(error, StoreError::InvalidUrl { .. }), "{error:?}");
    assert!(
        error.to_string().contains("unknown scheme `mysql`"),
        "{error}"
    );
    assert_hidden(&error);
    let error = unipile_sync::open("").await.expect_err("refused");
    assert!(error.to_string().contains("empty"), "{error}");
}

#[tokio::test]
async fn a_bad_postgres_url_is_an_invalid_url_without_the_password() {
    for url in [
        format!("postgres://app:{PASSWORD}@localhost:notaport/db"),
        format!("postgresql://app:{ENCODED}@localhost/db?sslmode=sometimes"),
        format!("postgres://localhost/db?user=app&password={ENCODED}&bogus_key=1"),
    ] {
        let error = unipile_sync::open(&url).await.expect_err("refused");
        assert!(
            matches!(error, StoreError::InvalidUrl { .. }),
            "{url}: {error:?}"
        );
        assert!(error.to_string().contains("app"), "{error}");
        assert_hidden(&error);
    }
}

#[tokio::test]
async fn an_unreachable_server_is_told_apart_without_the_password() {
    let url = format!("postgres://app:{PASSWORD}@127.0.0.1:{}/db", closed_port());
    let error = unipile_sync::open(&url)
        .await
        .expect_err("nothing listens there");
    assert!(matches!(error, StoreError::Unreachable { .. }), "{error:?}");
    assert!(error.to_string().contains("app@127.0.0.1"), "{error}");
    assert_hidden(&error);
}

#[tokio::test]
async fn refused_credentials_are_told_apart_without_the_password() {
    let Some(Fixture::Postgres { url, .. }) = Fixture::postgres() else {
        return;
    };
    let Some((_, host)) = url.rsplit_once('@') else {
        panic!("{POSTGRES_URL_VAR} must name a user: postgres://USER:PASSWORD@HOST/DB");
    };
    let user = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split([':', '@']).next())
        .expect("a user");
    let wrong = format!("postgres://{user}:{PASSWORD}@{host}");
    match unipile_sync::open(&wrong).await {
        Err(error) => {
            assert!(
                matches!(error, StoreError::Authentication { .. }),
                "{error:?}"
            );
            assert_hidden(&error);
        }
        Ok(_) => eprintln!(
            "note: the server behind {POSTGRES_URL_VAR} accepts any password (trust \
             authentication): refused credentials cannot be checked against it"
        ),
    }
}

#[tokio::test]
async fn a_postgres_store_names_its_server_but_never_its_password() {
    let Some(fixture) = Fixture::postgres() else {
        return;
    };
    let store = fixture.open().await;
    assert_eq!(store.backend(), Backend::Postgres);
    let Fixture::Postgres { url, .. } = &fixture else {
        unreachable!("a PostgreSQL fixture")
    };
    let shown = format!("{store:?}");
    assert!(shown.contains("PostgresStore"), "{shown}");
    if let Some(password) = url
        .split_once("://")
        .and_then(|(_, rest)| rest.rsplit_once('@'))
        .and_then(|(userinfo, _)| userinfo.split_once(':'))
        .map(|(_, password)| password)
    {
        assert!(!shown.contains(password), "the password shows in {shown}");
    }
    drop(store);
    fixture.cleanup().await;
}
