//! The SDK's floor in the streaming benchmark (`unipile-bench client-floor`): what a walk
//! on one thread cannot take less than, measured in one process, in two passes over the
//! same pages.
//!
//! 1. **The bare exchange**: bare reqwest fetches every page, reading only the cursor from
//!    each raw body (`unipile_core::model::page::peek_cursor`), and decodes nothing. Its
//!    CPU time is the client's own share of the exchange (requests, responses, the
//!    socket's bytes); it is walked several times, and the figures are the means.
//! 2. **Decoding**: the same walk again, each body decoded into `Page<Message>` with
//!    `unipile_core::decode` as soon as it is in, and the page dropped, as the SDK's loop
//!    drops each message; only the decoding and the dropping are timed.
//!
//! On one thread the SDK does both kinds of work one after the other, so its wall time
//! cannot be less than their sum, however its walk overlaps the server's work with its own.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use unipile_core::Cursor;
use unipile_core::model::page::peek_cursor;
use unipile_core::model::{Message, Page};

use crate::clients::{bare_reqwest, fetch_page, runtime};
use crate::proc_stats;

/// How many times the bare exchange is walked, for a finer mean of its CPU time.
const EXCHANGE_WALKS: u32 = 5;

/// What the floor client prints, as JSON on one line.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct FloorSample {
    /// Messages decoded in the second pass.
    pub items: u64,
    /// Pages of each pass.
    pub pages: u64,
    /// Wall time of one bare exchange of every page, ms.
    pub exchange_wall_ms: f64,
    /// CPU time of one bare exchange of every page, ms.
    pub exchange_cpu_ms: f64,
    /// Time spent decoding pages and dropping them, ms.
    pub decode_ms: f64,
}

impl FloorSample {
    /// Decoding plus the client's CPU in the bare exchange: the least an SDK walk on one
    /// thread can take.
    pub fn floor_ms(&self) -> f64 {
        self.decode_ms + self.exchange_cpu_ms
    }
}

/// Runs both passes against the fake at `base_url`.
pub fn client(base_url: &str, api_key: &str) -> Result<FloorSample, String> {
    let (http, list_url) = bare_reqwest(base_url)?;
    let runtime = runtime()?;
    let run = |decode: bool| runtime.block_on(walk(&http, &list_url, api_key, decode));

    // The CPU clock counts 10 ms ticks, about half a walk's CPU here: the bare exchange
    // is walked several times and the mean taken.
    let cpu_before = proc_stats::own_cpu_ms().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut exchange = run(false)?;
    for _ in 1..EXCHANGE_WALKS {
        exchange = run(false)?;
    }
    let walks = f64::from(EXCHANGE_WALKS);
    let exchange_wall_ms = started.elapsed().as_secs_f64() * 1000.0 / walks;
    let exchange_cpu_ms =
        (proc_stats::own_cpu_ms().map_err(|e| e.to_string())? - cpu_before) / walks;

    let decoded = run(true)?;
    if decoded.pages != exchange.pages {
        return Err(format!(
            "the two passes saw {} and {} pages",
            exchange.pages, decoded.pages
        ));
    }
    Ok(FloorSample {
        items: decoded.items,
        pages: decoded.pages,
        exchange_wall_ms,
        exchange_cpu_ms,
        decode_ms: decoded.decoding.as_secs_f64() * 1000.0,
    })
}

/// What one pass saw.
struct Pass {
    pages: u64,
    items: u64,
    decoding: Duration,
}

/// Every page of `GET /messages?limit=250`, following the cursor read from each raw body
/// (`peek_cursor`); with `decode`, each body is also decoded and its cursor checked
/// against the decoded one.
async fn walk(
    http: &reqwest::Client,
    list_url: &reqwest::Url,
    api_key: &str,
    decode: bool,
) -> Result<Pass, String> {
    let mut pass = Pass {
        pages: 0,
        items: 0,
        decoding: Duration::ZERO,
    };
    let mut cursor: Option<String> = None;
    loop {
        let page_number = pass.pages;
        let body = fetch_page(http, list_url, api_key, cursor.as_deref(), page_number).await?;
        pass.pages += 1;
        // The cursor read from the raw body, as the SDK reads it for its early request;
        // `None` (the last page's `null`, or a shape it does not read) ends the walk, and
        // the decoding pass checks it against the decoded cursor.
        cursor = peek_cursor(&body).map(Cursor::into_string);
        if decode {
            let started = Instant::now();
            let page: Page<Message> = unipile_core::model::decode(&body)
                .map_err(|e| format!("page {page_number}: {e}"))?;
            let decoded_cursor = page.cursor.as_ref().map(|c| c.as_str().to_owned());
            pass.items += page.items.len() as u64;
            drop(page);
            pass.decoding += started.elapsed();
            if decoded_cursor != cursor {
                return Err(format!(
                    "page {page_number}: the cursor read from the raw body is not the decoded one"
                ));
            }
        }
        if cursor.is_none() {
            return Ok(pass);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_adds_decoding_to_the_exchanges_cpu() {
        let sample = FloorSample {
            items: 100_000,
            pages: 400,
            exchange_wall_ms: 25.0,
            exchange_cpu_ms: 20.0,
            decode_ms: 140.0,
        };
        assert_eq!(sample.floor_ms(), 160.0);
    }
}
