//! The audit trail over both backends. Appenders serialise on the single `audit_head` row
//! (locked first in their transaction), so the chain never forks; `seq` is assigned here,
//! never by the database. Reading the whole trail (verification, export) has a fast path per
//! backend beside the pooled one: `sqlite_read` and `pg_copy`.

mod pages;
mod pg_copy;
mod sqlite_read;
mod witness;

use super::SqlStore;
use crate::audit::{
    AuditEntry, AuditEvent, AuditFilter, Checkpoint, DEFAULT_LIMIT, Outcome, RawBatch, VerifyReport, chain,
    verify_batches,
};
use crate::url::Backend;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::PersonId;
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use pages::pooled_pages;
use pg_copy::pg_copy_batches;
pub(crate) use sqlite_read::sqlite_batches;
use sqlx::Row;
use sqlx::any::AnyRow;

pub(crate) const COLS: &str =
    "seq, at, actor, action, target_kind, target_id, person_id, ip, outcome, detail, prev_hash, hash";
pub(super) const NCOLS: usize = 12;
/// Rows per INSERT statement: 12 × 500 parameters stays well under both backends' limits.
const INSERT_ROWS: usize = 500;
/// Rows per page when streaming the whole trail.
pub(super) const STREAM_BATCH: i64 = 10_000;

pub(super) fn entry_from_row(r: &AnyRow) -> Result<AuditEntry> {
    let seq: i64 = r.try_get(0)?;
    let outcome: String = r.try_get(8)?;
    let outcome = Outcome::from_code(&outcome).ok_or_else(|| {
        StoreError::Corrupt(format!("nhật ký kiểm toán mục số {seq}: kết quả \"{outcome}\" không hợp lệ"))
    })?;
    Ok(AuditEntry {
        seq,
        event: AuditEvent {
            at: r.try_get(1)?,
            actor: r.try_get(2)?,
            action: r.try_get(3)?,
            target_kind: r.try_get(4)?,
            target_id: r.try_get(5)?,
            person_id: r.try_get::<Option<i64>, _>(6)?.map(PersonId),
            ip: r.try_get(7)?,
            outcome,
            detail: r.try_get(9)?,
        },
        prev_hash: r.try_get(10)?,
        hash: r.try_get(11)?,
    })
}

/// The exclusive upper bound for `to`: a bare date `YYYY-MM-DD` includes that whole day.
fn upper_bound(to: &str) -> (bool, String) {
    match chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d") {
        Ok(d) if to.len() == 10 => match d.succ_opt() {
            Some(next) => (true, next.format("%Y-%m-%d").to_string()),
            None => (false, to.to_string()),
        },
        _ => (false, to.to_string()),
    }
}

#[async_trait]
impl crate::AuditLog for SqlStore {
    async fn append_audit(&self, events: &[AuditEvent]) -> Result<i64> {
        if events.is_empty() {
            return Ok(self.audit_head().await?.0);
        }
        let mut tx = self.begin_write().await?;
        let last = append_in(&mut tx, self.url.backend() == Backend::Sqlite, events).await?;
        tx.commit_alone().await?;
        Ok(last)
    }

    async fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let mut q = format!("SELECT {COLS} FROM audit_log WHERE 1 = 1");
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        // Placeholders are numbered in order of first use; values are bound in the same order.
        if f.actor.is_some() {
            q += &format!(" AND actor = {}", next());
        }
        if f.action.is_some() {
            q += &format!(" AND action = {}", next());
        }
        if f.person_id.is_some() {
            q += &format!(" AND person_id = {}", next());
        }
        if f.from.is_some() {
            q += &format!(" AND at >= {}", next());
        }
        let to = f.to.as_deref().map(upper_bound);
        if let Some((exclusive, _)) = &to {
            q += &format!(" AND at {} {}", if *exclusive { "<" } else { "<=" }, next());
        }
        if f.before.is_some() {
            q += &format!(" AND seq < {}", next());
        }
        if f.scope_org.is_some() {
            q += &format!(
                " AND person_id IN (SELECT p.id FROM persons p WHERE p.org_id IN
                  (SELECT id FROM orgs WHERE path LIKE (SELECT path FROM orgs WHERE id = {}) || '%'))",
                next()
            );
        }
        q += &format!(" ORDER BY seq DESC LIMIT {}", next());
        let mut query = sqlx::query(sqlx::AssertSqlSafe(q));
        if let Some(a) = &f.actor {
            query = query.bind(a.as_str());
        }
        if let Some(a) = &f.action {
            query = query.bind(a.as_str());
        }
        if let Some(p) = f.person_id {
            query = query.bind(p.0);
        }
        if let Some(from) = &f.from {
            query = query.bind(from.as_str());
        }
        if let Some((_, to)) = to {
            query = query.bind(to);
        }
        if let Some(b) = f.before {
            query = query.bind(b);
        }
        if let Some(o) = f.scope_org {
            query = query.bind(o.0);
        }
        let limit = if f.limit > 0 { f.limit } else { DEFAULT_LIMIT };
        let rows = query.bind(limit).fetch_all(&self.pool).await?;
        rows.iter().map(entry_from_row).collect()
    }

    async fn audit_head(&self) -> Result<(i64, String)> {
        Ok(sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&self.pool).await?)
    }

    async fn put_checkpoint(&self, c: &Checkpoint) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_checkpoints (seq, hash, at, key, signature) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (seq) DO NOTHING",
        )
        .bind(c.seq)
        .bind(&c.hash)
        .bind(&c.at)
        .bind(&c.key)
        .bind(&c.signature)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn checkpoints(&self) -> Result<Vec<Checkpoint>> {
        let rows: Vec<(i64, String, String, String, String)> =
            sqlx::query_as("SELECT seq, hash, at, key, signature FROM audit_checkpoints ORDER BY seq")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(seq, hash, at, key, signature)| Checkpoint { seq, hash, at, key, signature })
            .collect())
    }

    async fn verify_audit_with(&self, trusted_keys: &[String], outside: &[Checkpoint]) -> Result<VerifyReport> {
        // The head first: entries appended while verifying lie beyond it and are fine.
        let head = self.audit_head().await?;
        let checkpoints = crate::audit::merged(&self.checkpoints().await?, outside);
        let batches = match (self.url.backend(), self.url.sqlite_path()) {
            (Backend::Sqlite, Some(path)) => sqlite_batches::<RawBatch>(path),
            (Backend::Postgres, _) => pg_copy_batches(self.url.expose().to_string()),
            // An in-memory database has no file to read on the side.
            (Backend::Sqlite, None) => return crate::audit::verify_log_with(self, trusted_keys, outside).await,
        };
        verify_batches(batches, &checkpoints, trusted_keys, Some(head)).await
    }

    fn stream_audit(&self) -> BoxStream<'_, Result<AuditEntry>> {
        if let Some(path) = self.url.sqlite_path() {
            return sqlite_batches::<Vec<AuditEntry>>(path)
                .map_ok(|b| stream::iter(b.into_iter().map(Ok)))
                .try_flatten()
                .boxed();
        }
        pooled_pages::<Vec<AuditEntry>>(self.pool.clone())
            .map_ok(|b| stream::iter(b.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}

/// Appends `events` to the chain inside the caller's write transaction (the data it records
/// commits with it, or neither does); returns the sequence number of the last one.
pub(crate) async fn append_in(tx: &mut sqlx::AnyConnection, sqlite: bool, events: &[AuditEvent]) -> Result<i64> {
    let n = events.len() as i64;
    // Taking the head row first serialises appenders: a row lock on PostgreSQL, the write
    // lock on SQLite. Nobody else can chain to the old head until this commits.
    let (last, old_hash): (i64, String) =
        sqlx::query_as("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
            .bind(n)
            .fetch_one(&mut *tx)
            .await?;
    let entries = chain(last - n, old_hash, events);
    // The driver asks SQLite for the name of every parameter it binds, which SQLite finds
    // by a linear scan: quadratic in a statement with thousands of `$n`. Anonymous `?`
    // (bound in order, as here) have no name to look up.
    for part in entries.chunks(INSERT_ROWS) {
        let mut q = format!("INSERT INTO audit_log ({COLS}) VALUES ");
        for i in 0..part.len() {
            if i > 0 {
                q.push_str(", ");
            }
            q.push('(');
            for c in 0..NCOLS {
                if c > 0 {
                    q.push_str(", ");
                }
                if sqlite {
                    q.push('?');
                } else {
                    q.push('$');
                    q.push_str(&(i * NCOLS + c + 1).to_string());
                }
            }
            q.push(')');
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(q));
        for e in part {
            query = bind_entry(query, e);
        }
        query.execute(&mut *tx).await?;
    }
    let head = entries.last().map(|e| e.hash.as_str()).unwrap_or_default();
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(head).execute(&mut *tx).await?;
    Ok(last)
}

/// The values of one `audit_log` row, bound in the order of [`COLS`], on either driver (the
/// pooled writers and the PostgreSQL importer's own connection).
pub(crate) fn bind_entry<'q, DB: sqlx::Database>(
    q: sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments>,
    e: &'q AuditEntry,
) -> sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments>
where
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    let v = &e.event;
    q.bind(e.seq)
        .bind(v.at.as_str())
        .bind(v.actor.as_str())
        .bind(v.action.as_str())
        .bind(v.target_kind.as_str())
        .bind(v.target_id.as_str())
        .bind(v.person_id.map(|p| p.0))
        .bind(v.ip.as_str())
        .bind(v.outcome.code())
        .bind(v.detail.as_str())
        .bind(e.prev_hash.as_str())
        .bind(e.hash.as_str())
}
