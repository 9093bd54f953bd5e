//! The store's error, and the redaction that keeps database passwords out of it.

/// Why a store could not be opened, read or written.
///
/// No variant ever holds a password: URLs are shown with their password replaced by
/// `***`, and the server's messages are scrubbed of it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database URL cannot be understood.
    #[error("invalid database URL `{url}`: {reason}")]
    InvalidUrl {
        /// The URL, password redacted.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The PostgreSQL server refused the user name or password.
    #[error("the PostgreSQL server {target} refused the credentials: {message}")]
    Authentication {
        /// `user@host:port/database`.
        target: String,
        /// The server's message.
        message: String,
    },
    /// The PostgreSQL server could not be reached (refused, unknown host, timed out,
    /// TLS failed).
    #[error("cannot reach the PostgreSQL server {target}: {message}")]
    Unreachable {
        /// `user@host:port/database`.
        target: String,
        /// Why.
        message: String,
    },
    /// The SQLite file could not be opened or created.
    #[error("cannot open the SQLite database {path}: {message}")]
    Open {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// The database is at a schema version newer than this program knows.
    #[error(
        "the database's schema is at version {found}, newer than this program knows \
         ({known}): use a newer version of the program"
    )]
    SchemaTooNew {
        /// The database's version.
        found: u32,
        /// The newest version this program knows.
        known: u32,
    },
    /// A stored value could not be read back.
    #[error("the stored {what} is unreadable: {message}")]
    Corrupt {
        /// Which value (`message m1`, `checkpoint of acc_1`…).
        what: String,
        /// Why.
        message: String,
    },
    /// A query failed.
    #[error("{operation} failed: {message}")]
    Database {
        /// What the store was doing.
        operation: &'static str,
        /// The database's message.
        message: String,
    },
}

impl StoreError {
    pub(crate) fn database(operation: &'static str, error: impl std::fmt::Display) -> Self {
        StoreError::Database {
            operation,
            message: error.to_string(),
        }
    }
}

/// `url` with its password (in the user info or a `password=` parameter) replaced by
/// `***`. The user info ends at the last `@`, so a password holding `@` or `/` is
/// hidden whole.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return redact_password_parameter(url);
    };
    let (scheme, rest) = url.split_at(scheme_end + 3);
    let redacted = match rest.rfind('@') {
        Some(at) => {
            let userinfo = &rest[..at];
            let user = userinfo.split_once(':').map_or(userinfo, |(user, _)| user);
            let hidden = if userinfo.contains(':') { ":***" } else { "" };
            format!("{scheme}{user}{hidden}{}", &rest[at..])
        }
        None => url.to_owned(),
    };
    redact_password_parameter(&redacted)
}

fn redact_password_parameter(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{base}?{}", query.join("&"))
}

/// Text with every occurrence of the given secrets replaced by `***`.
pub(crate) fn scrub(text: &str, secrets: &[String]) -> String {
    secrets
        .iter()
        .filter(|s| !s.is_empty())
        .fold(text.to_owned(), |text, secret| {
            text.replace(secret.as_str(), "***")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden_in_every_url_shape() {
        let cases = [
            (
                "postgres://app:Zq9/x@y!@db.example:5432/unipile?sslmode=require",
                "postgres://app:***@db.example:5432/unipile?sslmode=require",
            ),
            (
                "postgresql://app:Zq9%2Fx%40y@localhost/db",
                "postgresql://app:***@localhost/db",
            ),
            ("postgres://app@localhost/db", "postgres://app@localhost/db"),
            (
                "postgres://localhost/db?user=app&password=Zq9secret&sslmode=disable",
                "postgres://localhost/db?user=app&password=***&sslmode=disable",
            ),
            ("sqlite:///tmp/x.db", "sqlite:///tmp/x.db"),
        ];
        for (url, expected) in cases {
            assert_eq!(redact_url(url), expected, "{url}");
        }
    }

    #[test]
    fn scrub_replaces_each_secret() {
        let secrets = vec!["s3cr/et".to_owned(), String::new()];
        assert_eq!(scrub("bad s3cr/et here", &secrets), "bad *** here");
    }
}
