//! [`Store`] for [`PostgresStore`].

use super::*;

impl PostgresStore {
    /// One try at storing a page (and its checkpoint), in one transaction.
    async fn try_page(
        &self,
        client: &mut Object,
        page: &[Message],
        checkpoint: Option<(&str, &serde_json::Value)>,
    ) -> Attempt<UpsertCounts> {
        let fail = self.fail("storing a page of messages");
        let tx = client.transaction().await.map_err(&fail)?;
        let Some(counts) = store_page(&tx, page, &self.identity).await? else {
            return Ok(None);
        };
        if let Some((scope, checkpoint)) = checkpoint {
            tx.execute(
                "INSERT INTO sync_checkpoints (scope, checkpoint, updated_at)
                 VALUES ($1, $2, now())
                 ON CONFLICT (scope) DO UPDATE SET checkpoint = excluded.checkpoint,
                     updated_at = excluded.updated_at",
                &[&scope, checkpoint],
            )
            .await
            .map_err(&fail)?;
        }
        tx.commit().await.map_err(&fail)?;
        Ok(Some(counts))
    }

    async fn page(
        &self,
        page: &[Message],
        checkpoint: Option<(&str, &serde_json::Value)>,
    ) -> Result<UpsertCounts, StoreError> {
        let mut client = self.client().await?;
        for _ in 0..RACE_RETRIES {
            if let Some(counts) = self.try_page(&mut client, page, checkpoint).await? {
                return Ok(counts);
            }
        }
        Err(still_racing("storing a page of messages"))
    }

    async fn try_event(&self, client: &mut Object, event: &MessageEvent) -> Attempt<EventOutcome> {
        let fail = self.fail("storing a webhook event");
        let tx = client.transaction().await.map_err(&fail)?;
        let key = event.message_id.as_str();
        let found = load_rows(&tx, &[key], &self.identity).await?;
        let (inserts, updates, outcome) = match record::merge_event(found.get(key), event) {
            Change::Insert(row) => (vec![row], vec![], EventOutcome::Inserted),
            Change::Update(row) => (vec![], vec![row], EventOutcome::Updated),
            Change::Unchanged => return Ok(Some(EventOutcome::Unchanged)),
        };
        if !write_rows(&tx, &inserts, &updates, &self.identity).await? {
            return Ok(None);
        }
        tx.commit().await.map_err(&fail)?;
        Ok(Some(outcome))
    }

    async fn try_status(
        &self,
        client: &mut Object,
        account: &AccountId,
        status: &str,
        healthy: bool,
        at: DateTime<Utc>,
    ) -> Attempt<AccountHealth> {
        let fail = self.fail("recording an account status");
        let tx = client.transaction().await.map_err(&fail)?;
        let old = tx
            .query_opt(
                &format!(
                    "SELECT {HEALTH_COLUMNS} FROM account_health WHERE account_id = $1
                     FOR UPDATE"
                ),
                &[&account.as_str()],
            )
            .await
            .map_err(&fail)?
            .map(|r| read_health(&r));
        let Some(next) = record::next_health(old.as_ref(), account, status, healthy, at) else {
            return Ok(old);
        };
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 7] = [
            &next.account_id.as_str(),
            &next.status,
            &next.status_at,
            &next.healthy,
            &next.last_healthy_at,
            &next.needs_backfill_since,
            &next.backfill_marked_at,
        ];
        let written = if old.is_some() {
            tx.execute(
                "UPDATE account_health SET status = $2, status_at = $3, healthy = $4,
                     last_healthy_at = $5, needs_backfill_since = $6, backfill_marked_at = $7
                 WHERE account_id = $1",
                &params,
            )
            .await
        } else {
            tx.execute(
                &format!(
                    "INSERT INTO account_health ({HEALTH_COLUMNS})
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING"
                ),
                &params,
            )
            .await
        }
        .map_err(&fail)?;
        if written == 0 {
            return Ok(None);
        }
        tx.commit().await.map_err(&fail)?;
        Ok(Some(next))
    }
}

#[async_trait]
impl Store for PostgresStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    async fn schema_version(&self) -> Result<u32, StoreError> {
        let client = self.client().await?;
        let version: i32 = client
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                &[],
            )
            .await
            .map_err(self.fail("reading the schema version"))?
            .get(0);
        Ok(u32::try_from(version).unwrap_or(0))
    }

    async fn upsert_messages(&self, page: &[Message]) -> Result<UpsertCounts, StoreError> {
        self.page(page, None).await
    }

    async fn upsert_page_with_checkpoint(
        &self,
        page: &[Message],
        scope: &str,
        checkpoint: &serde_json::Value,
    ) -> Result<UpsertCounts, StoreError> {
        self.page(page, Some((scope, checkpoint))).await
    }

    async fn apply_message_event(&self, event: &MessageEvent) -> Result<EventOutcome, StoreError> {
        let mut client = self.client().await?;
        for _ in 0..RACE_RETRIES {
            if let Some(outcome) = self.try_event(&mut client, event).await? {
                return Ok(outcome);
            }
        }
        Err(still_racing("storing a webhook event"))
    }

    async fn message(&self, id: &MessageId) -> Result<Option<StoredMessage>, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT source, json, text_at FROM messages WHERE id = $1",
                &[&id.as_str()],
            )
            .await
            .map_err(self.fail("reading a message"))?;
        row.map(|r| {
            let source: String = r.get(0);
            Ok(StoredMessage {
                message: serde_json::from_value(r.get(1)).map_err(|e| StoreError::Corrupt {
                    what: format!("message `{}`", id.as_str()),
                    message: e.to_string(),
                })?,
                completeness: if record::is_complete_source(&source) {
                    Completeness::Full
                } else {
                    Completeness::Partial
                },
                text_at: r.get(2),
            })
        })
        .transpose()
    }

    async fn message_count(&self) -> Result<u64, StoreError> {
        let client = self.client().await?;
        let n: i64 = client
            .query_one("SELECT COUNT(*) FROM messages", &[])
            .await
            .map_err(self.fail("counting messages"))?
            .get(0);
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn partial_messages(
        &self,
        account: Option<&AccountId>,
        limit: u32,
    ) -> Result<Vec<PartialMessage>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT account_id, id FROM messages WHERE source = 'webhook'
                     AND ($2::text IS NULL OR account_id = $2)
                 ORDER BY partial_misses, stored_at, id LIMIT $1",
                &[&i64::from(limit), &account.map(AccountId::as_str)],
            )
            .await
            .map_err(self.fail("listing partial messages"))?;
        Ok(rows
            .iter()
            .map(|r| PartialMessage {
                account_id: AccountId::new(r.get::<_, String>(0)),
                message_id: MessageId::new(r.get::<_, String>(1)),
            })
            .collect())
    }

    async fn partial_not_found(&self, id: &MessageId) -> Result<(), StoreError> {
        let client = self.client().await?;
        client
            .execute(
                "UPDATE messages SET partial_misses = partial_misses + 1
                 WHERE id = $1 AND source = 'webhook'",
                &[&id.as_str()],
            )
            .await
            .map_err(self.fail("recording a partial message not found"))?;
        Ok(())
    }

    async fn checkpoint(&self, scope: &str) -> Result<Option<serde_json::Value>, StoreError> {
        let client = self.client().await?;
        Ok(client
            .query_opt(
                "SELECT checkpoint FROM sync_checkpoints WHERE scope = $1",
                &[&scope],
            )
            .await
            .map_err(self.fail("reading a checkpoint"))?
            .map(|r| r.get(0)))
    }

    async fn save_checkpoint(
        &self,
        scope: &str,
        checkpoint: &serde_json::Value,
    ) -> Result<(), StoreError> {
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO sync_checkpoints (scope, checkpoint, updated_at)
                 VALUES ($1, $2, now())
                 ON CONFLICT (scope) DO UPDATE SET checkpoint = excluded.checkpoint,
                     updated_at = excluded.updated_at",
                &[&scope, checkpoint],
            )
            .await
            .map_err(self.fail("saving a checkpoint"))?;
        Ok(())
    }

    async fn record_account_status(
        &self,
        account: &AccountId,
        status: &str,
        healthy: bool,
        at: DateTime<Utc>,
    ) -> Result<AccountHealth, StoreError> {
        let mut client = self.client().await?;
        for _ in 0..RACE_RETRIES {
            if let Some(health) = self
                .try_status(&mut client, account, status, healthy, at)
                .await?
            {
                return Ok(health);
            }
        }
        Err(still_racing("recording an account status"))
    }

    async fn account_health(
        &self,
        account: &AccountId,
    ) -> Result<Option<AccountHealth>, StoreError> {
        let client = self.client().await?;
        Ok(client
            .query_opt(
                &format!("SELECT {HEALTH_COLUMNS} FROM account_health WHERE account_id = $1"),
                &[&account.as_str()],
            )
            .await
            .map_err(self.fail("reading an account's health"))?
            .map(|r| read_health(&r)))
    }

    async fn accounts_health(&self) -> Result<Vec<AccountHealth>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                &format!("SELECT {HEALTH_COLUMNS} FROM account_health ORDER BY account_id"),
                &[],
            )
            .await
            .map_err(self.fail("listing the accounts' health"))?;
        Ok(rows.iter().map(read_health).collect())
    }

    async fn complete_backfill(
        &self,
        account: &AccountId,
        pass_started_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let n = client
            .execute(
                "UPDATE account_health SET needs_backfill_since = NULL, backfill_marked_at = NULL
                 WHERE account_id = $1 AND needs_backfill_since IS NOT NULL
                     AND backfill_marked_at <= $2",
                &[&account.as_str(), &pass_started_at],
            )
            .await
            .map_err(self.fail("clearing a backfill marker"))?;
        Ok(n > 0)
    }

    async fn add_dead_letter(
        &self,
        body: &[u8],
        reason: &str,
        received_at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let client = self.client().await?;
        Ok(client
            .query_one(
                "INSERT INTO dead_letters (received_at, reason, body) VALUES ($1, $2, $3)
                 RETURNING id",
                &[&received_at, &reason, &body],
            )
            .await
            .map_err(self.fail("keeping a dead letter"))?
            .get(0))
    }

    async fn dead_letters(&self, limit: u32) -> Result<Vec<DeadLetter>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT id, received_at, reason, body, replayed_at FROM dead_letters
                 WHERE replayed_at IS NULL ORDER BY id LIMIT $1",
                &[&i64::from(limit)],
            )
            .await
            .map_err(self.fail("listing dead letters"))?;
        Ok(rows
            .iter()
            .map(|r| DeadLetter {
                id: r.get(0),
                received_at: r.get(1),
                reason: r.get(2),
                body: r.get(3),
                replayed_at: r.get(4),
            })
            .collect())
    }

    async fn mark_dead_letter_replayed(
        &self,
        id: i64,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let n = client
            .execute(
                "UPDATE dead_letters SET replayed_at = $2 WHERE id = $1",
                &[&id, &at],
            )
            .await
            .map_err(self.fail("marking a dead letter replayed"))?;
        Ok(n > 0)
    }

    async fn set_dead_letter_reason(&self, id: i64, reason: &str) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let n = client
            .execute(
                "UPDATE dead_letters SET reason = $2 WHERE id = $1 AND replayed_at IS NULL",
                &[&id, &reason],
            )
            .await
            .map_err(self.fail("updating a dead letter's reason"))?;
        Ok(n > 0)
    }

    async fn delete_dead_letter(&self, id: i64) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let n = client
            .execute("DELETE FROM dead_letters WHERE id = $1", &[&id])
            .await
            .map_err(self.fail("deleting a dead letter"))?;
        Ok(n > 0)
    }

    async fn try_acquire_lease(
        &self,
        account: &AccountId,
        worker: &str,
        ttl: Duration,
    ) -> Result<Option<Lease>, StoreError> {
        let client = self.client().await?;
        // One statement: the conflicting row is locked while its WHERE is checked, so
        // of two workers racing for a lapsed lease exactly one gets it.
        let row = client
            .query_opt(
                "INSERT INTO sync_leases (account_id, worker_id, token, acquired_at, expires_at)
                 VALUES ($1, $2, 1, now(), now() + $3::bigint * interval '1 millisecond')
                 ON CONFLICT (account_id) DO UPDATE SET
                     token = CASE WHEN sync_leases.worker_id = excluded.worker_id
                         AND sync_leases.expires_at > now()
                         THEN sync_leases.token ELSE sync_leases.token + 1 END,
                     acquired_at = CASE WHEN sync_leases.worker_id = excluded.worker_id
                         AND sync_leases.expires_at > now()
                         THEN sync_leases.acquired_at ELSE excluded.acquired_at END,
                     worker_id = excluded.worker_id, expires_at = excluded.expires_at
                 WHERE sync_leases.expires_at <= now()
                     OR sync_leases.worker_id = excluded.worker_id
                 RETURNING account_id, worker_id, token, expires_at",
                &[&account.as_str(), &worker, &millis(ttl)],
            )
            .await
            .map_err(self.fail("acquiring a lease"))?;
        Ok(row.map(|r| read_lease(&r)))
    }

    async fn renew_lease(
        &self,
        account: &AccountId,
        worker: &str,
        ttl: Duration,
    ) -> Result<Option<Lease>, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "UPDATE sync_leases SET expires_at = now() + $3::bigint * interval '1 millisecond'
                 WHERE account_id = $1 AND worker_id = $2 AND expires_at > now()
                 RETURNING account_id, worker_id, token, expires_at",
                &[&account.as_str(), &worker, &millis(ttl)],
            )
            .await
            .map_err(self.fail("renewing a lease"))?;
        Ok(row.map(|r| read_lease(&r)))
    }

    async fn release_lease(&self, account: &AccountId, worker: &str) -> Result<bool, StoreError> {
        let client = self.client().await?;
        // The row stays (expired) so that the token keeps growing across holders.
        let n = client
            .execute(
                "UPDATE sync_leases SET expires_at = now()
                 WHERE account_id = $1 AND worker_id = $2 AND expires_at > now()",
                &[&account.as_str(), &worker],
            )
            .await
            .map_err(self.fail("releasing a lease"))?;
        Ok(n > 0)
    }

    async fn lease(&self, account: &AccountId) -> Result<Option<Lease>, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT account_id, worker_id, token, expires_at FROM sync_leases
                 WHERE account_id = $1 AND expires_at > now()",
                &[&account.as_str()],
            )
            .await
            .map_err(self.fail("reading a lease"))?;
        Ok(row.map(|r| read_lease(&r)))
    }
}
