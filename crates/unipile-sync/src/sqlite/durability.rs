//! How durable a commit of the SQLite store is when it returns: the connection's
//! `synchronous` mode, set per operation.

use rusqlite::Connection;

/// How far a commit is on disk when it returns.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Commit {
    /// Through a power loss (`synchronous = FULL`: the log is flushed to the disk at each
    /// commit). For every write that is acknowledged to someone: a webhook answered 200,
    /// a checkpoint, a lease, an account's health.
    Durable,
    /// Through a crash of the process, not of the machine (`synchronous = NORMAL`: the
    /// log is flushed at its next checkpoint, or with the next durable commit, which
    /// carries every commit before it). For pages of a sync, which nobody is told about:
    /// until the walk's checkpoint is saved (durably, and so with every page before it),
    /// a page lost by a power loss is fetched again by the next pass.
    Refetchable,
}

/// The connection, and the `synchronous` mode it is in.
#[derive(Debug)]
pub(super) struct Durable {
    pub(super) conn: Connection,
    pub(super) synchronous: Option<Commit>,
}

impl Durable {
    /// Puts the connection in the mode `commit` needs, if it is not in it already.
    pub(super) fn commit_as(&mut self, commit: Commit) -> rusqlite::Result<()> {
        if self.synchronous != Some(commit) {
            let mode = match commit {
                Commit::Durable => "FULL",
                Commit::Refetchable => "NORMAL",
            };
            // Should the change fail, the mode is unknown: it is set again next time.
            self.synchronous = None;
            self.conn.pragma_update(None, "synchronous", mode)?;
            self.synchronous = Some(commit);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::SqliteStore;
    use crate::Store;
    use chrono::Utc;
    use unipile_core::{AccountId, ChatId, Message, MessageId};

    /// The connection's `synchronous` mode: 1 is NORMAL, 2 is FULL.
    fn synchronous(store: &SqliteStore) -> i64 {
        let durable = store.conn.lock().expect("not poisoned");
        durable
            .conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .expect("PRAGMA synchronous")
    }

    async fn after_a_page(store: &SqliteStore) {
        store.upsert_messages(&[]).await.expect("an empty page");
        assert_eq!(synchronous(store), 1, "a page: NORMAL");
    }

    #[tokio::test]
    async fn pages_commit_refetchable_and_every_acknowledged_write_commits_durable() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SqliteStore::open(dir.path().join("sync.sqlite"))
            .await
            .expect("open");
        let account = AccountId::new("acc_1");
        let message = Message::new(
            MessageId::new("m1"),
            ChatId::new("c1"),
            account.clone(),
            Utc::now(),
        );
        store.upsert_messages(&[message]).await.expect("a page");
        assert_eq!(synchronous(&store), 1, "a page: NORMAL");
        store
            .save_checkpoint("acc_1", &serde_json::json!({"newest": null}))
            .await
            .expect("a checkpoint");
        assert_eq!(synchronous(&store), 2, "a checkpoint after a page: FULL");

        after_a_page(&store).await;
        store
            .add_dead_letter(b"?", "unreadable", Utc::now())
            .await
            .expect("a dead letter");
        assert_eq!(synchronous(&store), 2, "a dead letter after a page: FULL");
        after_a_page(&store).await;
        let ttl = std::time::Duration::from_secs(60);
        store
            .try_acquire_lease(&account, "w1", ttl)
            .await
            .expect("a lease");
        assert_eq!(synchronous(&store), 2, "a lease after a page: FULL");
        after_a_page(&store).await;
        store
            .record_account_status(&account, "OK", true, Utc::now())
            .await
            .expect("a status");
        assert_eq!(
            synchronous(&store),
            2,
            "an account's health after a page: FULL"
        );
    }
}
