//! The Rust clients, each run as its own process by the benchmark: the SDK's item stream,
//! and bare reqwest parsing every page into a `serde_json::Value`. Both walk every page of
//! `GET /messages?limit=250`, count the messages, and print one [`Sample`] as JSON, the
//! same object the Node client (`node-sdk/stream-bench.mjs`) prints.
//!
//! What each measures is what the Node client measures: wall and CPU time of the page loop
//! alone (from before the first request to after the last page), and the peak resident
//! memory of the whole process.

use std::collections::HashSet;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use unipile_core::request::{ListMessages, Paged};

use crate::proc_stats;

/// The page size every client asks for: the largest the API accepts.
pub const PAGE_LIMIT: u32 = 250;

/// One client run, as the client process prints it on its standard output.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Sample {
    /// Messages seen.
    pub items: u64,
    /// Pages fetched.
    pub pages: u64,
    /// Wall time of the page loop, in milliseconds.
    pub wall_ms: f64,
    /// CPU time (user + system) of the page loop, in milliseconds.
    pub cpu_ms: f64,
    /// Peak resident memory of the whole process, in KiB.
    pub peak_rss_kib: u64,
}

/// What a client loop counted.
struct Counted {
    items: u64,
    pages: u64,
}

/// A single-threaded runtime: every client runs its loop on one thread, as the Node SDK
/// does on its event loop, so the CPU figures compare the same kind of work.
pub fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the tokio runtime: {e}"))
}

/// Runs `walk` and measures it; the peak memory is read after it returns.
fn measured(walk: impl FnOnce() -> Result<Counted, String>) -> Result<Sample, String> {
    let cpu_before = proc_stats::own_cpu_ms().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let counted = walk()?;
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    let cpu_ms = proc_stats::own_cpu_ms().map_err(|e| e.to_string())? - cpu_before;
    Ok(Sample {
        items: counted.items,
        pages: counted.pages,
        wall_ms,
        cpu_ms,
        peak_rss_kib: proc_stats::own_peak_rss_kib().map_err(|e| e.to_string())?,
    })
}

/// The SDK's client for the fake at `base_url`, over `unipile_http::HttpTransport`.
pub fn sdk_client(base_url: &str, api_key: &str) -> Result<unipile_core::Client, String> {
    let config = unipile_http::HttpConfig::builder(base_url)
        .build()
        .map_err(|e| format!("--base-url {base_url:?}: {e}"))?;
    let key = unipile_http::api_key(api_key).map_err(|e| format!("--api-key: {e}"))?;
    unipile_http::client(config, key).map_err(|e| e.to_string())
}

/// The SDK: `unipile_core::Client` over `unipile_http::HttpTransport`, streaming
/// `client.messages().stream(ListMessages::new().limit(250))`.
pub fn sdk(base_url: &str, api_key: &str) -> Result<Sample, String> {
    let client = sdk_client(base_url, api_key)?;
    let runtime = runtime()?;
    measured(|| {
        runtime.block_on(async {
            let mut stream = client
                .messages()
                .stream(ListMessages::new().limit(PAGE_LIMIT));
            let mut items = 0;
            while let Some(message) = stream.next_item().await {
                message.map_err(|e| format!("message {items}: {e}"))?;
                items += 1;
            }
            Ok(Counted {
                items,
                pages: u64::from(stream.pages_fetched()),
            })
        })
    })
}

/// Bare reqwest: the cursor loop by hand, `X-API-KEY` header, each page parsed into a
/// `serde_json::Value`, the messages counted from its `items` array.
pub fn reqwest_value(base_url: &str, api_key: &str) -> Result<Sample, String> {
    let (http, list_url) = bare_reqwest(base_url)?;
    let runtime = runtime()?;
    measured(|| {
        runtime.block_on(async {
            let (mut items, mut pages) = (0, 0);
            let mut cursor: Option<String> = None;
            let mut seen = HashSet::new();
            loop {
                let body = fetch_page(&http, &list_url, api_key, cursor.as_deref(), pages).await?;
                let page: serde_json::Value = serde_json::from_slice(&body)
                    .map_err(|e| format!("page {pages}: not JSON: {e}"))?;
                let page_items = page["items"]
                    .as_array()
                    .ok_or_else(|| format!("page {pages}: no `items` array"))?;
                items += page_items.len() as u64;
                pages += 1;
                cursor = page["cursor"].as_str().map(str::to_owned);
                match &cursor {
                    None => break,
                    // As the Node loop does: a repeated cursor would loop for ever.
                    Some(c) if !seen.insert(c.clone()) => {
                        return Err(format!("the server repeated a cursor after {pages} pages"));
                    }
                    Some(_) => {}
                }
            }
            Ok(Counted { items, pages })
        })
    })
}

/// A bare reqwest client and the URL of `GET /messages` under `base_url`.
pub fn bare_reqwest(base_url: &str) -> Result<(reqwest::Client, reqwest::Url), String> {
    let list_url = reqwest::Url::parse(&format!("{}/messages", base_url.trim_end_matches('/')))
        .map_err(|e| format!("--base-url {base_url:?}: {e}"))?;
    let http = reqwest::Client::builder()
        .build()
        .map_err(|e| format!("cannot build the reqwest client: {e}"))?;
    Ok((http, list_url))
}

/// Page `page` (counted from 0, for errors) of `GET {list_url}?limit=250[&cursor=…]`
/// through bare reqwest with the `X-API-KEY` header: the body of a success.
pub async fn fetch_page(
    http: &reqwest::Client,
    list_url: &reqwest::Url,
    api_key: &str,
    cursor: Option<&str>,
    page: u64,
) -> Result<bytes::Bytes, String> {
    let mut url = list_url.clone();
    url.query_pairs_mut()
        .append_pair("limit", &PAGE_LIMIT.to_string());
    if let Some(cursor) = cursor {
        url.query_pairs_mut().append_pair("cursor", cursor);
    }
    let response = http
        .get(url)
        .header("X-API-KEY", api_key)
        .send()
        .await
        .map_err(|e| format!("page {page}: {e}"))?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("page {page}: {e}"))?;
    if !status.is_success() {
        return Err(format!("page {page}: HTTP {status}"));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_reads_the_node_clients_output() {
        let node = r#"{"client":"unipile-node-sdk","sdk_version":"1.9.3","items":100000,"pages":400,
            "wall_ms":6012.3,"cpu_user_ms":5000.1,"cpu_system_ms":400,"cpu_ms":5400.1,"peak_rss_kib":134000}"#;
        let sample: Sample = serde_json::from_str(node).expect("a sample");
        assert_eq!(sample.items, 100_000);
        assert_eq!(sample.pages, 400);
        assert_eq!(sample.cpu_ms, 5400.1);
        assert_eq!(sample.peak_rss_kib, 134_000);
    }
}
