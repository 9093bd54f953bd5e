//! Where the transport sends requests and how long it waits: the DSN, the timeouts.

use crate::error::ConfigError;
use std::fmt;
use std::time::Duration;
use url::{Host, Url};

/// The path of the v1 API under a Unipile DSN.
const API_PATH: &str = "/api/v1";

/// The `User-Agent` every request carries: `unipile-rust/<version of this crate>`.
pub const USER_AGENT: &str = concat!("unipile-rust/", env!("CARGO_PKG_VERSION"));

/// The default limit for opening a connection (TCP and TLS): 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default limit for a whole request, from connecting to the last byte of the
/// response: 60 seconds.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The default limit for one read from the connection while a streamed download is in
/// progress: 30 seconds without a byte fails the download.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// The settings of an [`HttpTransport`](crate::HttpTransport): a validated base URL and the
/// timeouts. Build one with [`HttpConfig::builder`].
///
/// ```
/// use std::time::Duration;
/// use unipile_http::HttpConfig;
///
/// let config = HttpConfig::builder("api8.unipile.com:13443")
///     .request_timeout(Duration::from_secs(30))
///     .build()?;
/// assert_eq!(config.base_url(), "https://api8.unipile.com:13443/api/v1");
/// # Ok::<(), unipile_http::ConfigError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct HttpConfig {
    base_url: Url,
    connect_timeout: Duration,
    request_timeout: Duration,
    read_timeout: Duration,
}

impl HttpConfig {
    /// Starts a configuration for `dsn`: the DSN as Unipile gives it
    /// (`api8.unipile.com:13443`, which means `https://api8.unipile.com:13443/api/v1`) or a
    /// base URL, with or without the `/api/v1` path (`https://api8.unipile.com:13443`,
    /// `http://127.0.0.1:8080/api/v1`). Nothing is checked until
    /// [`HttpConfigBuilder::build`].
    pub fn builder(dsn: impl Into<String>) -> HttpConfigBuilder {
        HttpConfigBuilder {
            dsn: dsn.into(),
            allow_insecure_http: false,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
        }
    }

    /// The API base every request path is appended to, such as
    /// `https://api8.unipile.com:13443/api/v1` (no trailing slash).
    pub fn base_url(&self) -> &str {
        self.base_url.as_str()
    }

    /// The limit for opening a connection.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The limit for a whole [`send`](unipile_core::transport::Transport::send), and for
    /// the response head of a [streamed download](unipile_core::transport::Transport::send_streaming).
    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
    }

    /// The limit for one read from the connection; bounds a streamed download that stalls.
    pub fn read_timeout(&self) -> Duration {
        self.read_timeout
    }

    /// Whether the base URL points at this machine (127.0.0.0/8, `::1`, `localhost`).
    pub fn is_loopback(&self) -> bool {
        self.base_url.host().is_some_and(|h| is_loopback_host(&h))
    }

    pub(crate) fn url(&self) -> &Url {
        &self.base_url
    }
}

impl fmt::Debug for HttpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpConfig")
            .field("base_url", &self.base_url.as_str())
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("read_timeout", &self.read_timeout)
            .finish()
    }
}

/// Builds an [`HttpConfig`]; see [`HttpConfig::builder`].
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct HttpConfigBuilder {
    dsn: String,
    allow_insecure_http: bool,
    connect_timeout: Duration,
    request_timeout: Duration,
    read_timeout: Duration,
}

impl HttpConfigBuilder {
    /// Allows a plain `http://` base URL for a host that is not loopback. Off by default:
    /// over plain HTTP the API key and every message travel in clear text. Loopback hosts
    /// (a local fake server) are always allowed plain HTTP.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Sets the limit for opening a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the limit for a whole request (default 60 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Sets the limit for one read while a download streams (default 30 s).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// Checks the DSN and the timeouts.
    ///
    /// # Errors
    /// [`ConfigError::InvalidDsn`] saying what is wrong with the DSN (empty, not a URL,
    /// an unsupported scheme, a path other than `/api/v1`, a query, credentials in it,
    /// plain HTTP to a host that is not loopback); [`ConfigError::InvalidSetting`] for a
    /// zero timeout.
    pub fn build(self) -> Result<HttpConfig, ConfigError> {
        let base_url = parse_dsn(&self.dsn, self.allow_insecure_http)?;
        for (name, value) in [
            ("connect_timeout", self.connect_timeout),
            ("request_timeout", self.request_timeout),
            ("read_timeout", self.read_timeout),
        ] {
            if value.is_zero() {
                return Err(ConfigError::InvalidSetting {
                    name,
                    reason: "must be greater than zero".to_owned(),
                });
            }
        }
        Ok(HttpConfig {
            base_url,
            connect_timeout: self.connect_timeout,
            request_timeout: self.request_timeout,
            read_timeout: self.read_timeout,
        })
    }
}

/// Turns a DSN or base URL into the API base URL, `https://host:port/api/v1`.
fn parse_dsn(dsn: &str, allow_insecure_http: bool) -> Result<Url, ConfigError> {
    let text = dsn.trim();
    let invalid = |reason: String| ConfigError::InvalidDsn {
        dsn: redact_userinfo(text),
        reason,
    };
    if text.is_empty() {
        return Err(invalid(
            "it is empty: expected the DSN Unipile gives, such as `api8.unipile.com:13443`, \
             or a base URL such as `https://api8.unipile.com:13443/api/v1`"
                .to_owned(),
        ));
    }
    // A bare DSN (`host:port`) has no scheme; Unipile serves it over https.
    let candidate = if text.contains("://") {
        text.to_owned()
    } else {
        format!("https://{text}")
    };
    let mut url = Url::parse(&candidate).map_err(|e| invalid(format!("not a valid URL: {e}")))?;

    let scheme = url.scheme().to_owned();
    if scheme != "https" && scheme != "http" {
        return Err(invalid(format!(
            "the scheme `{scheme}` is not supported: use https://"
        )));
    }
    let Some(host) = url.host().map(|h| h.to_owned()) else {
        return Err(invalid("it has no host".to_owned()));
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "it holds a user name or password: the API key goes in its own setting".to_owned(),
        ));
    }
    if url.query().is_some() {
        return Err(invalid(
            "it has a query (`?…`), which a base URL cannot have".to_owned(),
        ));
    }
    if url.fragment().is_some() {
        return Err(invalid(
            "it has a fragment (`#…`), which a base URL cannot have".to_owned(),
        ));
    }
    let path = url.path().trim_end_matches('/').to_owned();
    if path.is_empty() {
        url.set_path(API_PATH);
    } else if path.ends_with(API_PATH) {
        url.set_path(&path);
    } else {
        return Err(invalid(format!(
            "it has the path `{path}`: expected no path or one ending in `{API_PATH}`"
        )));
    }
    if scheme == "http" && !allow_insecure_http && !is_loopback_host(&host) {
        return Err(invalid(format!(
            "plain http:// to `{host}`, which is not loopback, would send the API key in \
             clear text: use https://, or allow_insecure_http(true) if that is intended"
        )));
    }
    Ok(url)
}

/// Whether `host` is this machine: 127.0.0.0/8, `::1` or `localhost`.
fn is_loopback_host<S: AsRef<str>>(host: &Host<S>) -> bool {
    match host {
        Host::Domain(name) => name.as_ref().eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// Replaces any `user:password@` in the authority of `text` so an error never repeats a
/// credential someone put in a URL.
pub(crate) fn redact_userinfo(text: &str) -> String {
    let authority_start = text.find("://").map_or(0, |i| i + 3);
    let rest = &text[authority_start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}<redacted>@{}", &text[..authority_start], &rest[at + 1..]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_redacted() {
        assert_eq!(
            redact_userinfo("https://me:pw@host:1/api/v1"),
            "https://<redacted>@host:1/api/v1"
        );
        assert_eq!(redact_userinfo("key@host:1"), "<redacted>@host:1");
        assert_eq!(redact_userinfo("host:1/a@b"), "host:1/a@b");
    }
}
