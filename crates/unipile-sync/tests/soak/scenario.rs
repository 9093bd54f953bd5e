//! The soak's scripted day: the fake Unipile with every quirk and fault, a webhook
//! listener and sync passes killed at random points, all into one store; then the store
//! is compared with the fake's truth.
//!
//! Shared by the short test (`tests/soak/main.rs`) and the long run
//! (`examples/soak.rs`).

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use unipile_core::client::retry::{Clock, NoWait};
use unipile_core::client::{Client, SendResolution};
use unipile_core::request::{CreateWebhook, SendMessage};
use unipile_core::transport::{Method, Transport};
use unipile_core::webhook::WebhookSecret;
use unipile_core::{AccountId, ChatId, Provider};
use unipile_mock::{
    AccountSeed, ChatSeed, DeliveryChaos, DeliveryOutcome, FakeUnipile, Fault, MessageSeed,
};
use unipile_sync::intake::{Listener, WebhookIntake};
use unipile_sync::{AccountOutcome, Completeness, Store, SyncSettings, Syncer};

#[path = "balancer.rs"]
mod balancer;

const SECRET: &str = "soak-s3cr3t";
const HOUR_MS: i64 = 3_600_000;

/// The size of the day.
#[derive(Clone, Debug)]
pub struct Soak {
    /// The seed of everything random.
    pub seed: u64,
    /// Connected accounts.
    pub accounts: usize,
    /// Chats per account.
    pub chats: usize,
    /// Messages each chat had before the day.
    pub history: usize,
    /// Steps in the day (each moves the clock by 24 h / steps).
    pub steps: usize,
    /// Messages arriving per step, across the chats.
    pub arrivals: usize,
    /// A send every this many steps.
    pub send_every: usize,
    /// Percent of sync passes killed at a random point.
    pub kill_percent: u64,
    /// Messages per page: small, so that every walk spans several pages and the quirks
    /// land inside walks.
    pub page_size: u32,
}

/// Who shares the one store: sync workers and webhook listeners (behind a load
/// balancer when more than one), and whether one of each is killed midway.
#[derive(Clone, Copy, Debug)]
pub struct Fleet {
    /// Sync workers running their passes side by side.
    pub workers: usize,
    /// Webhook listeners.
    pub listeners: usize,
    /// At mid-day, abort one worker in a pass (its leases are left to lapse) and shut
    /// down one listener (the balancer sends its calls to the other).
    pub kill_midway: bool,
}

impl Fleet {
    /// One worker, one listener.
    pub const SINGLE: Fleet = Fleet {
        workers: 1,
        listeners: 1,
        kill_midway: false,
    };
}

/// What the day ended with.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Summary {
    /// Messages in the fake's truth.
    pub messages: usize,
    /// Messages of the truth missing from the store.
    pub lost: usize,
    /// Rows the truth does not have, and sends that went out more than once.
    pub duplicated: usize,
    /// Rows that differ from the truth or are still partial.
    pub stale: usize,
    /// Sends whose outcome stayed unknown, or that never went out.
    pub unresolved: usize,
}

impl Summary {
    /// Whether nothing was lost, duplicated, stale or left unresolved.
    pub fn is_clean(&self) -> bool {
        self.lost == 0 && self.duplicated == 0 && self.stale == 0 && self.unresolved == 0
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "soak: {} messages, {} lost, {} duplicated, {} stale, {} unresolved sends",
            self.messages, self.lost, self.duplicated, self.stale, self.unresolved
        )
    }
}

/// What else happened, for the long run's figures.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub passes: usize,
    pub killed: usize,
    pub webhooks_sent: usize,
    pub webhooks_dropped: usize,
    pub sends: usize,
    pub sends_unknown: usize,
    pub resent: usize,
    pub faults: usize,
    pub quirks: usize,
    pub final_passes: usize,
    pub workers_killed_midway: usize,
    pub listeners_killed_midway: usize,
    pub redelivered: usize,
    pub elapsed: Duration,
}

/// SplitMix64, seeded: the same seed, the same day.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The fake's clock, for the client's send attempts and the syncer's windows.
#[derive(Debug)]
struct FakeClock(FakeUnipile);

impl Clock for FakeClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0.clock_ms()).unwrap_or_default()
    }
}

fn settings(soak: &Soak, worker: usize) -> SyncSettings {
    let mut settings = SyncSettings::default();
    settings.page_size = soak.page_size;
    settings.lease_ttl = Duration::from_millis(300);
    settings.worker_id = format!("soak-worker-{worker}");
    settings
}

/// Runs the day; `open` opens a new handle on the one store (each restarted syncer and
/// the listener get their own).
#[allow(dead_code)]
pub async fn run<F, Fut>(soak: &Soak, open: F) -> (Summary, Tally)
where
    F: Fn() -> Fut,
    Fut: Future<Output = Arc<dyn Store>>,
{
    run_fleet(soak, Fleet::SINGLE, open).await
}

/// Runs the day with `fleet` sharing the store.
pub async fn run_fleet<F, Fut>(soak: &Soak, fleet: Fleet, open: F) -> (Summary, Tally)
where
    F: Fn() -> Fut,
    Fut: Future<Output = Arc<dyn Store>>,
{
    let started = Instant::now();
    let mut rng = Rng(soak.seed);
    let mut tally = Tally::default();
    let fake = FakeUnipile::builder().seed(soak.seed).build();
    let real_now = Utc::now().timestamp_millis();
    fake.set_clock(real_now - 25 * HOUR_MS);

    let providers = [
        Provider::Whatsapp,
        Provider::Linkedin,
        Provider::Telegram,
        Provider::Instagram,
    ];
    let mut chats: Vec<(AccountId, ChatId)> = Vec::new();
    let mut accounts = Vec::new();
    for a in 0..soak.accounts {
        let provider = providers[a % providers.len()].clone();
        let account = fake.add_account(AccountSeed::new(provider, format!("Account {a}")));
        for c in 0..soak.chats {
            let chat = fake
                .add_chat(
                    ChatSeed::direct(account.clone(), format!("Peer {a}.{c}"))
                        .history(soak.history),
                )
                .expect("chat");
            chats.push((account.clone(), chat));
        }
        accounts.push(account);
    }

    let transport: Arc<dyn Transport> = Arc::new(fake.clone());
    let client = Client::builder(transport, fake.api_key())
        .sleeper(NoWait)
        .clock(FakeClock(fake.clone()))
        .build();
    let syncer_clock: unipile_sync::Clock = {
        let fake = fake.clone();
        Arc::new(move || DateTime::from_timestamp_millis(fake.clock_ms()).unwrap_or_default())
    };
    let new_syncer = |store: Arc<dyn Store>, worker: usize| {
        Syncer::new(client.clone(), store, settings(soak, worker)).with_clock(syncer_clock.clone())
    };

    // The webhook listeners, each with its own handle on the same store; several sit
    // behind a load balancer.
    let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
    let mut listeners = Vec::new();
    for _ in 0..fleet.listeners.max(1) {
        let secret = WebhookSecret::new(WebhookSecret::DEFAULT_HEADER, SECRET).expect("secret");
        let intake = Arc::new(WebhookIntake::new(open().await, secret));
        let listener = Listener::bind(loopback, intake)
            .await
            .expect("listener binds a loopback port");
        listeners.push(listener);
    }
    let (front, redelivered) = if listeners.len() > 1 {
        let balancer = balancer::Balancer::new(listeners.iter().map(|l| l.addr()).collect());
        let redelivered = balancer.redelivered.clone();
        let front = Listener::bind(loopback, Arc::new(balancer))
            .await
            .expect("balancer binds a loopback port");
        (front.addr(), Some((front, redelivered)))
    } else {
        (listeners[0].addr(), None)
    };
    let url = format!("http://{front}/unipile");
    client
        .webhooks()
        .create(CreateWebhook::messaging(url.clone()).secret_header(SECRET))
        .await
        .expect("messaging webhook");
    client
        .webhooks()
        .create(CreateWebhook::account_status(url).secret_header(SECRET))
        .await
        .expect("account status webhook");
    fake.set_webhook_chaos(Some(DeliveryChaos::new(10, 10, 20, soak.seed)));

    // The sends of the day: text -> resolved or not.
    let mut sends: HashMap<String, bool> = HashMap::new();
    let mut worker = 0;
    let mut syncers = Vec::new();
    for _ in 0..fleet.workers.max(1) {
        syncers.push((worker, new_syncer(open().await, worker)));
        worker += 1;
    }
    let midway = soak.steps / 2;
    let step_ms = 24 * HOUR_MS / soak.steps.max(1) as i64;
    let gone = &accounts[0];
    let (gone_at, back_at) = (soak.steps / 3, 2 * soak.steps / 3);

    // As measured on Unipile: an empty page that keeps its cursor, second in the first
    // full sync (whose history no webhook ever announces).
    fake.inject(Fault::empty_page().on(Method::Get, "/messages").skip(1));
    tally.quirks += 1;

    for step in 0..soak.steps {
        fake.advance_clock(Duration::from_millis(step_ms as u64));
        if step == gone_at {
            fake.disconnect_account(gone);
        }
        if step == back_at {
            fake.reconnect_account(gone);
        }
        for _ in 0..soak.arrivals {
            let (_, chat) = &chats[rng.below(chats.len() as u64) as usize];
            let text = format!("arrival {step}.{}", rng.next() % 100_000);
            fake.receive_message(chat, MessageSeed::text(text));
            fake.advance_clock(Duration::from_millis(rng.below(1000) + 1));
        }
        for _ in 0..1 + rng.below(3) {
            inject_trouble(&fake, &mut rng, &mut tally);
        }

        if soak.send_every > 0 && step % soak.send_every == 0 {
            let healthy: Vec<_> = chats
                .iter()
                .filter(|(a, _)| a != gone || step < gone_at || step >= back_at)
                .collect();
            let (_, chat) = healthy[rng.below(healthy.len() as u64) as usize];
            let text = format!("soak send {step}");
            let resolved =
                send_and_resolve(&client, &fake, chat, &text, &mut rng, &mut tally).await;
            sends.insert(text, resolved);
        }

        if fleet.kill_midway && step == midway && listeners.len() > 1 {
            listeners.remove(0).shutdown().await;
            tally.listeners_killed_midway += 1;
        }

        // A pass of each worker, side by side, killed at a random point now and then; a
        // killed one is replaced by a new syncer (a new worker) on a new store handle.
        let mut tasks = Vec::new();
        for (id, syncer) in syncers.iter_mut() {
            let syncer = Arc::new(std::mem::replace(syncer, new_syncer(open().await, *id)));
            tasks.push(tokio::spawn(async move { syncer.pass().await.map(|_| ()) }));
            tally.passes += 1;
        }
        let mut dead = None;
        for (slot, task) in tasks.into_iter().enumerate() {
            let killed_midway =
                fleet.kill_midway && step == midway && slot == 0 && syncers.len() > 1;
            if killed_midway || rng.chance(soak.kill_percent) {
                for _ in 0..rng.below(200) {
                    tokio::task::yield_now().await;
                }
                if rng.chance(50) {
                    tokio::time::sleep(Duration::from_micros(rng.below(3000))).await;
                }
                // Aborted: the leases it holds are not released, they lapse.
                task.abort();
                let _ = task.await;
                tally.killed += 1;
                if killed_midway {
                    tally.workers_killed_midway += 1;
                    dead = Some(slot);
                } else {
                    syncers[slot] = (worker, new_syncer(open().await, worker));
                    worker += 1;
                }
            } else {
                let _ = task.await;
            }
        }
        if let Some(slot) = dead {
            syncers.remove(slot);
        }
    }

    // The day is over: no more trouble; late webhooks arrive; the sync catches up.
    fake.clear_faults();
    fake.set_webhook_chaos(None);
    fake.release_late_webhooks();
    wait_for_deliveries(&fake).await;
    let store = open().await;
    let syncer = new_syncer(store.clone(), worker + 1);
    for _ in 0..60 {
        tally.final_passes += 1;
        let report = syncer.pass().await.expect("a pass without faults");
        let all_complete = report
            .accounts
            .iter()
            .all(|a| matches!(a.outcome, AccountOutcome::Complete));
        let partials = store.partial_messages(None, 1).await.expect("partials");
        if all_complete && partials.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if let Some((front, redelivered)) = redelivered {
        tally.redelivered = redelivered.load(std::sync::atomic::Ordering::Relaxed);
        front.shutdown().await;
    }
    for listener in listeners {
        listener.shutdown().await;
    }

    let deliveries = fake.webhook_deliveries();
    tally.webhooks_sent = deliveries.len();
    tally.webhooks_dropped = deliveries
        .iter()
        .filter(|(_, o)| *o == Some(DeliveryOutcome::Dropped))
        .count();
    let summary = compare(&fake, store.as_ref(), &sends).await;
    tally.elapsed = started.elapsed();
    (summary, tally)
}

/// Some trouble for the next requests: a transport fault or one of Unipile's paging
/// quirks, on `GET /messages`, a page or two ahead.
fn inject_trouble(fake: &FakeUnipile, rng: &mut Rng, tally: &mut Tally) {
    let ahead = rng.below(4) as usize;
    let on = |f: Fault| f.on(Method::Get, "/messages").skip(ahead);
    let fault = match rng.below(10) {
        0 => on(Fault::status(503)),
        1 => on(Fault::timeout()),
        2 => on(Fault::drop_connection()),
        3 => on(Fault::too_many_requests(Some(Duration::from_secs(1)))),
        4 => on(Fault::truncated_body()),
        5 => Fault::status(502).on(Method::Get, "/messages/{message_id}"),
        6 => on(Fault::empty_page()).times(1 + rng.below(2) as usize),
        7 => on(Fault::repeat_cursor()),
        8 => on(Fault::repeat_items(1 + rng.below(5) as usize)),
        _ => return,
    };
    if fault.kind().clone() == unipile_mock::FaultKind::EmptyPage
        || matches!(
            fault.kind(),
            unipile_mock::FaultKind::RepeatCursor | unipile_mock::FaultKind::RepeatItems(_)
        )
    {
        tally.quirks += 1;
    } else {
        tally.faults += 1;
    }
    fake.inject(fault);
}

/// Sends `text`, sometimes through a fault that leaves the outcome unknown, and resolves
/// it; a send proven not delivered is sent again with its proof. Whether it ended known.
async fn send_and_resolve(
    client: &Client,
    fake: &FakeUnipile,
    chat: &ChatId,
    text: &str,
    rng: &mut Rng,
    tally: &mut Tally,
) -> bool {
    tally.sends += 1;
    let request = SendMessage::new(chat.clone()).text(text);
    match rng.below(3) {
        0 => fake.inject(Fault::send_stored_then_dropped()),
        1 => fake.inject(Fault::send_dropped_before_storing()),
        _ => {}
    }
    let mut attempt = client.messages().attempt(&request);
    let mut result = client.messages().send(request.clone()).await;
    for _ in 0..3 {
        match result {
            Ok(_) => return true,
            Err(e) if e.send_outcome_unknown() => {
                tally.sends_unknown += 1;
                match client.messages().resolve_send(&attempt).await {
                    Ok(SendResolution::Delivered(_)) => return true,
                    Ok(SendResolution::NotDelivered(proof)) => {
                        tally.resent += 1;
                        attempt = client.messages().attempt(&request);
                        result = client.messages().resend(proof, request.clone()).await;
                    }
                    Err(_) => return false,
                }
            }
            Err(_) => return false,
        }
    }
    false
}

/// Waits (bounded) until every webhook POST has an outcome.
async fn wait_for_deliveries(fake: &FakeUnipile) {
    for _ in 0..200 {
        if fake.webhook_deliveries().iter().all(|(_, o)| o.is_some()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The store against the fake's truth.
async fn compare(fake: &FakeUnipile, store: &dyn Store, sends: &HashMap<String, bool>) -> Summary {
    let mut summary = Summary::default();
    let mut texts: HashMap<String, usize> = HashMap::new();
    for chat in fake.chat_ids() {
        for id in fake.chat_message_ids(&chat) {
            let truth = fake.message(&id).expect("listed");
            summary.messages += 1;
            if let Some(text) = &truth.text {
                *texts.entry(text.clone()).or_default() += 1;
            }
            match store.message(&id).await.expect("read the store") {
                None => summary.lost += 1,
                Some(row) => {
                    let m = &row.message;
                    let same = m.text == truth.text
                        && m.timestamp == truth.timestamp
                        && m.chat_id == truth.chat_id
                        && m.account_id == truth.account_id
                        && m.is_sender == truth.is_sender
                        && m.attachments.len() == truth.attachments.len();
                    if row.completeness != Completeness::Full || !same {
                        summary.stale += 1;
                    }
                }
            }
        }
    }
    let rows = store.message_count().await.expect("count") as usize;
    summary.duplicated += rows.saturating_sub(summary.messages - summary.lost);
    for (text, resolved) in sends {
        match texts.get(text).copied().unwrap_or(0) {
            0 => summary.unresolved += 1,
            1 if *resolved => {}
            1 => summary.unresolved += 1,
            _ => summary.duplicated += 1,
        }
    }
    summary
}
