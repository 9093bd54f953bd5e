//! The floor under `unipile-bench sync`: what each database takes to write the rows of a
//! first sync by itself, with no client, network or JSON serialization in the way.
//!
//! Once a first sync has stored its messages, the database copies them, inside itself
//! and in one statement, into a new table with the same columns and indexes as the
//! store's `messages` table. No store can write those rows faster than that, so this
//! figure, as a ratio to the stream, is the least a first sync can cost on this machine.

use std::path::Path;
use std::time::Instant;

/// The copy of `messages` that the floor writes.
const COPY: &str = "messages_floor_copy";

/// SQLite copying the `messages` rows of the file at `path`; the wall time in
/// milliseconds.
pub fn sqlite(path: &Path) -> Result<f64, String> {
    let fail = |e: rusqlite::Error| format!("{}: {e}", path.display());
    let conn = rusqlite::Connection::open(path).map_err(fail)?;
    // The table and its indexes as the store made them, renamed.
    let mut statement = conn
        .prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'messages' AND sql IS NOT NULL")
        .map_err(fail)?;
    let schema: Vec<String> = statement
        .query_map([], |r| r.get(0))
        .map_err(fail)?
        .collect::<Result<_, _>>()
        .map_err(fail)?;
    for sql in &schema {
        conn.execute_batch(&sql.replace("messages", COPY))
            .map_err(fail)?;
    }
    let started = Instant::now();
    conn.execute_batch(&format!(
        "BEGIN; INSERT INTO {COPY} SELECT * FROM messages; COMMIT;"
    ))
    .map_err(fail)?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    conn.execute_batch(&format!("DROP TABLE {COPY}"))
        .map_err(fail)?;
    Ok(ms)
}

/// PostgreSQL copying the `messages` rows of `schema`; the wall time in milliseconds.
pub async fn postgres(url: &str, schema: &str) -> Result<f64, String> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .map_err(|e| format!("connecting to PostgreSQL: {e}"))?;
    let driver = tokio::spawn(connection);
    let fail = |e: tokio_postgres::Error| format!("copying the rows in PostgreSQL: {e}");
    client
        .batch_execute(&format!(
            "CREATE TABLE {schema}.{COPY} (LIKE {schema}.messages INCLUDING ALL)"
        ))
        .await
        .map_err(fail)?;
    let started = Instant::now();
    client
        .batch_execute(&format!(
            "INSERT INTO {schema}.{COPY} SELECT * FROM {schema}.messages"
        ))
        .await
        .map_err(fail)?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    client
        .batch_execute(&format!("DROP TABLE {schema}.{COPY}"))
        .await
        .map_err(fail)?;
    drop(client);
    let _ = driver.await;
    Ok(ms)
}
