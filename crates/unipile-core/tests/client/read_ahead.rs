//! Read-ahead paging: the next page is requested while the caller consumes the current
//! one, and nothing the caller sees changes (order, errors, the loop guard, retries), with
//! two pages held at most and the request in flight dropped with the stream.

use crate::client::{api_error, page};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use unipile_core::client::retry::{FixedJitter, RecordingSleeper};
use unipile_core::client::{Client, ItemStream, Spawner, Task};
use unipile_core::error::ErrorKind;
use unipile_core::model::message::Message;
use unipile_core::model::page::Done;
use unipile_core::request::{ListMessages, Paged};
use unipile_core::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};

/// A transport that answers by cursor (`None`: the first page), records when each request
/// starts and ends, can hold one cursor's request for ever, and counts the requests
/// dropped before they were answered.
#[derive(Debug, Default)]
struct Pager {
    answers: Mutex<HashMap<Option<String>, VecDeque<HttpResponse>>>,
    /// Requests started, by cursor, in order.
    started: Mutex<Vec<Option<String>>>,
    /// Requests answered, by cursor, in order.
    answered: Mutex<Vec<Option<String>>>,
    dropped: AtomicUsize,
    /// The request for this cursor never gets an answer.
    hold: Option<String>,
    /// How many times each request gives the runtime a turn before it answers.
    yields: usize,
}

impl Pager {
    fn new(pages: Vec<(Option<&str>, HttpResponse)>) -> Self {
        let mut answers: HashMap<Option<String>, VecDeque<HttpResponse>> = HashMap::new();
        for (cursor, response) in pages {
            answers
                .entry(cursor.map(str::to_owned))
                .or_default()
                .push_back(response);
        }
        Self {
            answers: Mutex::new(answers),
            ..Self::default()
        }
    }

    fn holding(mut self, cursor: &str) -> Self {
        self.hold = Some(cursor.to_owned());
        self
    }

    fn yielding(mut self, turns: usize) -> Self {
        self.yields = turns;
        self
    }

    fn started(&self) -> Vec<Option<String>> {
        self.started.lock().expect("lock").clone()
    }

    fn answered(&self) -> usize {
        self.answered.lock().expect("lock").len()
    }

    fn dropped(&self) -> usize {
        self.dropped.load(Ordering::SeqCst)
    }
}

/// Counts a request as dropped unless it was answered.
struct InFlight<'a> {
    dropped: &'a AtomicUsize,
    answered: bool,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if !self.answered {
            self.dropped.fetch_add(1, Ordering::SeqCst);
        }
    }
}

#[async_trait::async_trait]
impl Transport for Pager {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let cursor = request.query_value("cursor").map(str::to_owned);
        self.started.lock().expect("lock").push(cursor.clone());
        let mut in_flight = InFlight {
            dropped: &self.dropped,
            answered: false,
        };
        for _ in 0..self.yields {
            tokio::task::yield_now().await;
        }
        if cursor.is_some() && self.hold == cursor {
            std::future::pending::<()>().await;
        }
        let answer = self
            .answers
            .lock()
            .expect("lock")
            .get_mut(&cursor)
            .and_then(VecDeque::pop_front);
        in_flight.answered = true;
        self.answered.lock().expect("lock").push(cursor);
        answer.ok_or_else(|| TransportError::new(TransportErrorKind::Other, "no such page"))
    }
}

/// Runs page fetches as tokio tasks.
#[derive(Debug)]
struct OnTokio;

impl Spawner for OnTokio {
    fn spawn(&self, task: Task) -> Result<(), Task> {
        drop(tokio::spawn(task));
        Ok(())
    }
}

/// Accepts every task and drops it unrun, as a runtime shutting down would.
#[derive(Debug)]
struct Dropping;

impl Spawner for Dropping {
    fn spawn(&self, task: Task) -> Result<(), Task> {
        drop(task);
        Ok(())
    }
}

/// Three pages: m1-m3 (cursor c1), m4-m6 (cursor c2), m7 (the last).
fn three_pages() -> Vec<(Option<&'static str>, HttpResponse)> {
    vec![
        (None, page(&["m1", "m2", "m3"], Some("c1"))),
        (Some("c1"), page(&["m4", "m5", "m6"], Some("c2"))),
        (Some("c2"), page(&["m7"], None)),
    ]
}

fn client_over(transport: &Arc<Pager>) -> Client {
    Client::builder(transport.clone(), "sk_test")
        .sleeper(RecordingSleeper::new())
        .jitter(FixedJitter(0.5))
        .build()
}

fn stream(client: &Client) -> ItemStream<Message> {
    client.messages().stream(ListMessages::new().limit(3))
}

/// Everything the caller sees: each item's id or error kind, then how the walk ended.
async fn walk(mut stream: ItemStream<Message>) -> (Vec<String>, Option<Done>) {
    let mut seen = Vec::new();
    while let Some(item) = stream.next_item().await {
        seen.push(match item {
            Ok(message) => message.id.to_string(),
            Err(error) => format!("error: {:?}", error.kind()),
        });
    }
    (seen, stream.done().cloned())
}

async fn item_id(stream: &mut ItemStream<Message>) -> String {
    stream
        .next_item()
        .await
        .expect("an item")
        .expect("no error")
        .id
        .to_string()
}

#[tokio::test]
async fn the_next_page_is_requested_with_the_first_item_and_no_further() {
    let transport = Arc::new(Pager::new(three_pages()));
    let client = client_over(&transport);
    let mut stream = stream(&client);

    assert_eq!(item_id(&mut stream).await, "m1");
    assert_eq!(
        transport.started(),
        [None, Some("c1".to_owned())],
        "page 2 is on its way while page 1 is consumed"
    );
    assert_eq!(item_id(&mut stream).await, "m2");
    assert_eq!(item_id(&mut stream).await, "m3");
    assert_eq!(
        transport.started().len(),
        2,
        "never more than one page ahead: two pages held at most"
    );
    assert_eq!(item_id(&mut stream).await, "m4");
    assert_eq!(transport.started().len(), 3, "page 3 starts with page 2");
    assert_eq!(stream.done(), None, "items remain");
}

#[tokio::test]
async fn switched_off_the_next_page_waits_for_the_last_item() {
    let transport = Arc::new(Pager::new(three_pages()));
    let client = client_over(&transport);
    let mut stream = stream(&client).read_ahead(false);

    for expected in ["m1", "m2", "m3"] {
        assert_eq!(item_id(&mut stream).await, expected);
        assert_eq!(transport.started().len(), 1);
    }
    assert_eq!(item_id(&mut stream).await, "m4");
    assert_eq!(transport.started().len(), 2);
}

#[tokio::test]
async fn reading_ahead_changes_nothing_the_caller_sees() {
    let bad_body = HttpResponse::new(200, r#"{"object":"MessageList","items":[{"id":12}]}"#);
    let scripts: Vec<Vec<(Option<&str>, HttpResponse)>> = vec![
        three_pages(),
        // An error on page 2: after every item of page 1, then the end.
        vec![
            (None, page(&["m1", "m2", "m3"], Some("c1"))),
            (Some("c1"), api_error(400, "invalid_parameters")),
        ],
        // A body that does not fit on page 3.
        vec![
            (None, page(&["m1", "m2"], Some("c1"))),
            (Some("c1"), page(&["m3"], Some("c2"))),
            (Some("c2"), bad_body),
        ],
        // An empty last page.
        vec![
            (None, page(&["m1"], Some("c1"))),
            (Some("c1"), page(&[], None)),
        ],
    ];
    for script in scripts {
        let ahead = Arc::new(Pager::new(script.clone()));
        let plain = Arc::new(Pager::new(script));
        let seen_ahead = walk(stream(&client_over(&ahead))).await;
        let seen_plain = walk(stream(&client_over(&plain)).read_ahead(false)).await;
        assert_eq!(seen_ahead, seen_plain);
        assert_eq!(ahead.started(), plain.started(), "the same requests");
    }

    let transport = Arc::new(Pager::new(vec![
        (None, page(&["m1", "m2", "m3"], Some("c1"))),
        (Some("c1"), api_error(400, "invalid_parameters")),
    ]));
    let (seen, done) = walk(stream(&client_over(&transport))).await;
    assert_eq!(seen.len(), 4);
    assert_eq!(seen[..3], ["m1", "m2", "m3"]);
    assert!(seen[3].starts_with("error: Api"), "{seen:?}");
    assert_eq!(done, None, "an error is not an end");
}

#[tokio::test]
async fn the_loop_guard_and_the_page_cap_hold_when_reading_ahead() {
    let transport = Arc::new(Pager::new(vec![
        (None, page(&["m1"], Some("same"))),
        (Some("same"), page(&["m2"], Some("same"))),
        (Some("same"), page(&["m3"], Some("same"))),
    ]));
    let (seen, done) = walk(stream(&client_over(&transport))).await;
    assert_eq!(seen, ["m1", "m2"]);
    assert_eq!(done, Some(Done::RepeatedCursor("same".into())));
    assert_eq!(
        transport.started().len(),
        2,
        "the repeated cursor is not followed"
    );

    let transport = Arc::new(Pager::new(three_pages()));
    let (seen, done) = walk(stream(&client_over(&transport)).max_pages(2)).await;
    assert_eq!(seen, ["m1", "m2", "m3", "m4", "m5", "m6"]);
    assert_eq!(done, Some(Done::MaxPages("c2".into())));
    assert_eq!(
        transport.started().len(),
        2,
        "no page past the cap is requested"
    );
}

#[tokio::test]
async fn a_retry_of_the_next_page_does_not_disturb_the_current_one() {
    let transport = Arc::new(Pager::new(vec![
        (None, page(&["m1", "m2", "m3"], Some("c1"))),
        (Some("c1"), api_error(503, "service_unavailable")),
        (Some("c1"), page(&["m4"], None)),
    ]));
    let client = client_over(&transport);
    let mut stream = stream(&client);
    assert_eq!(item_id(&mut stream).await, "m1");
    assert_eq!(
        transport.started(),
        [None, Some("c1".to_owned()), Some("c1".to_owned())],
        "page 2 failed once and was retried while page 1 was consumed"
    );
    let (rest, done) = walk(stream).await;
    assert_eq!(rest, ["m2", "m3", "m4"]);
    assert_eq!(done, Some(Done::LastPage));
}

#[tokio::test]
async fn dropping_the_stream_drops_the_request_in_flight() {
    for spawned in [false, true] {
        let transport = Arc::new(Pager::new(three_pages()).holding("c1"));
        let client = if spawned {
            Client::builder(transport.clone(), "sk_test")
                .spawner(OnTokio)
                .build()
        } else {
            client_over(&transport)
        };
        let mut stream = stream(&client);
        assert_eq!(item_id(&mut stream).await, "m1");
        // Give a spawned fetch the turns it needs to send its request.
        for _ in 0..100 {
            if transport.started().len() == 2 {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(transport.started().len(), 2, "page 2 is in flight");
        assert_eq!(transport.dropped(), 0);
        drop(stream);
        for _ in 0..100 {
            if transport.dropped() == 1 {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(transport.dropped(), 1, "spawned: {spawned}");
    }
}

#[tokio::test]
async fn with_a_spawner_the_next_page_progresses_while_the_caller_is_busy() {
    for spawned in [false, true] {
        let transport = Arc::new(Pager::new(three_pages()).yielding(3));
        let builder = Client::builder(transport.clone(), "sk_test");
        let client = if spawned {
            builder.spawner(OnTokio).build()
        } else {
            builder.build()
        };
        let mut stream = stream(&client);
        assert_eq!(item_id(&mut stream).await, "m1");
        // The caller is busy elsewhere and does not poll the stream.
        for _ in 0..50 {
            tokio::task::yield_now().await;
        }
        assert_eq!(
            transport.answered(),
            if spawned { 2 } else { 1 },
            "spawned: {spawned}"
        );
        let (rest, done) = walk(stream).await;
        assert_eq!(rest, ["m2", "m3", "m4", "m5", "m6", "m7"]);
        assert_eq!(done, Some(Done::LastPage));
    }
}

#[tokio::test]
async fn a_fetch_its_runtime_drops_unrun_ends_in_an_error_not_a_hang() {
    let transport = Arc::new(Pager::new(three_pages()));
    let client = Client::builder(transport.clone(), "sk_test")
        .spawner(Dropping)
        .build();
    let mut stream = stream(&client);
    let first = stream.next_item().await.expect("an answer");
    match first.expect_err("the fetch never ran").kind() {
        ErrorKind::Transport(error) => assert!(error.message().contains("dropped"), "{error}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(stream.next_item().await.is_none());
    assert!(transport.started().is_empty());
}

/// `page`, made large enough (over 64 KiB) for its cursor to be read from the raw body
/// before the page is decoded.
fn large(response: HttpResponse) -> HttpResponse {
    let body = String::from_utf8(response.body.to_vec()).expect("UTF-8");
    let padded = body.replacen('{', &format!(r#"{{"padding":"{}","#, "x".repeat(70_000)), 1);
    HttpResponse::new(response.status, padded)
}

/// The answers of a script, by cursor.
type Script = Vec<(Option<&'static str>, HttpResponse)>;

fn large_pages(pages: Script) -> Script {
    pages
        .into_iter()
        .map(|(cursor, response)| (cursor, large(response)))
        .collect()
}

fn spawning_client(transport: &Arc<Pager>) -> Client {
    Client::builder(transport.clone(), "sk_test")
        .sleeper(RecordingSleeper::new())
        .jitter(FixedJitter(0.5))
        .spawner(OnTokio)
        .build()
}

#[tokio::test]
async fn a_large_page_asks_for_the_next_one_before_it_is_decoded() {
    // Page 1 shows cursor c1 at its end but does not decode (a message without its
    // timestamp): c1 can only have been read from the raw body, before decoding.
    let broken = large(HttpResponse::new(
        200,
        r#"{"object":"MessageList","items":[{"id":"m1"}],"cursor":"c1"}"#,
    ));
    let script = vec![(None, broken), (Some("c1"), page(&["m2"], None))];

    let transport = Arc::new(Pager::new(script.clone()).holding("c1"));
    let (seen, done) = walk(stream(&spawning_client(&transport))).await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(seen[0].starts_with("error: Decode"), "{seen:?}");
    assert_eq!(done, None);
    assert_eq!(
        transport.started(),
        [None, Some("c1".to_owned())],
        "the next page was requested while this one was decoded"
    );
    // That request is dropped with the page that failed.
    for _ in 0..100 {
        if transport.dropped() == 1 {
            break;
        }
        tokio::task::yield_now().await;
    }
    assert_eq!(transport.dropped(), 1);

    // Without reading ahead, or without a caller waiting for items (a page stream), the
    // next page is requested only after a page is decoded.
    let plain = Arc::new(Pager::new(script.clone()));
    let seen_plain = walk(stream(&spawning_client(&plain)).read_ahead(false)).await;
    assert_eq!(seen_plain, (seen, None));
    assert_eq!(plain.started(), [None]);
    let pages_only = Arc::new(Pager::new(script));
    let mut pages =
        spawning_client(&pages_only).pages(unipile_core::request::ListMessages::new().limit(3));
    let first = std::future::poll_fn(|cx| {
        futures_core::Stream::poll_next(std::pin::Pin::new(&mut pages), cx)
    })
    .await;
    assert!(matches!(first, Some(Err(_))));
    assert_eq!(pages_only.started(), [None]);
}

#[tokio::test]
async fn with_large_pages_the_early_request_changes_nothing_the_caller_sees() {
    let scripts: Vec<(&str, Script, Option<u32>)> = vec![
        ("three pages", large_pages(three_pages()), None),
        (
            "an error on page 2",
            large_pages(vec![
                (None, page(&["m1", "m2", "m3"], Some("c1"))),
                (Some("c1"), api_error(400, "invalid_parameters")),
            ]),
            None,
        ),
        (
            "a retry of page 2",
            large_pages(vec![
                (None, page(&["m1", "m2", "m3"], Some("c1"))),
                (Some("c1"), api_error(503, "service_unavailable")),
                (Some("c1"), page(&["m4"], None)),
            ]),
            None,
        ),
        (
            "a repeated cursor",
            large_pages(vec![
                (None, page(&["m1"], Some("same"))),
                (Some("same"), page(&["m2"], Some("same"))),
                (Some("same"), page(&["m3"], Some("same"))),
            ]),
            None,
        ),
        ("the page cap", large_pages(three_pages()), Some(2)),
        (
            "empty pages",
            large_pages(vec![
                (None, page(&[], Some("c1"))),
                (Some("c1"), page(&[], Some("c2"))),
                (Some("c2"), page(&[], Some("c3"))),
                (Some("c3"), page(&[], Some("c4"))),
                (Some("c4"), page(&["m1"], None)),
            ]),
            None,
        ),
    ];
    for (name, script, max_pages) in scripts {
        let early = Arc::new(Pager::new(script.clone()).yielding(2));
        let plain = Arc::new(Pager::new(script).yielding(2));
        let mut early_stream = stream(&spawning_client(&early));
        let mut plain_stream = stream(&spawning_client(&plain)).read_ahead(false);
        if let Some(max) = max_pages {
            early_stream = early_stream.max_pages(max);
            plain_stream = plain_stream.max_pages(max);
        }
        let seen_early = walk(early_stream).await;
        let seen_plain = walk(plain_stream).await;
        assert_eq!(seen_early, seen_plain, "{name}");
        assert_eq!(
            early.started(),
            plain.started(),
            "{name}: the same requests"
        );
    }
}
