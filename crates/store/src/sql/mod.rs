//! The everyday implementation of [`Store`] for both backends: runtime SQL over sqlx's `Any`
//! driver. Placeholders are `$1, $2, …` in order of first use, which SQLite binds by position
//! exactly as PostgreSQL does.

mod accounts;
mod audit;
mod campaigns;
mod case_lists;
mod case_notices;
mod case_requests;
mod cases;
mod conclusions;
mod delegations;
mod foreign_relations;
pub(crate) mod orgs;
mod passports;
mod persons;
mod read;
mod scope;
mod session_cache;
mod trips;
mod workflow;

use crate::url::{Backend, DatabaseUrl};
use crate::{
    BulkWriter, Holdings, OpenMode, OrgMove, PersonRecord, PersonSummary, Result, Stats, Store, StoreError, VersionMeta,
};
use async_trait::async_trait;
use bvctnb_core::Declaration;
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::org::{MergePlan, OrgNode};
use futures::stream::BoxStream;
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Pragmas for every SQLite connection: they are per connection, not per database.
pub(crate) const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; \
     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

pub(crate) struct SqlStore {
    pub(crate) pool: AnyPool,
    pub(crate) url: DatabaseUrl,
    pub(crate) cache: session_cache::SessionCache,
}

impl SqlStore {
    pub(crate) async fn connect(url: &DatabaseUrl, mode: OpenMode) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = url.backend();
        let conn_url = match backend {
            Backend::Sqlite => {
                let path = url.sqlite_path().ok_or_else(|| StoreError::UnknownScheme(url.to_string()))?;
                if mode == OpenMode::Existing && !path.exists() {
                    return Err(StoreError::Missing(path.display().to_string()));
                }
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| StoreError::Migration(format!("không tạo được thư mục {}: {e}", dir.display())))?;
                }
                let m = if mode == OpenMode::Create { "rwc" } else { "rw" };
                format!("sqlite://{}?mode={m}", path.display())
            }
            Backend::Postgres => url.expose().to_string(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 16 })
            // A ping before each use is one more hand-off to SQLite's worker thread per query,
            // and a connection to a local file does not go stale; a server's connection can.
            .test_before_acquire(backend != Backend::Sqlite)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        sqlx::raw_sql(SQLITE_PRAGMAS).execute(conn).await?;
                    }
                    Ok(())
                })
            })
            .connect(&conn_url)
            .await?;
        crate::migrate::run(&pool, backend).await?;
        Ok(Self { pool, url: url.clone(), cache: session_cache::SessionCache::default() })
    }

    /// Takes the next change sequence number inside the caller's transaction.
    pub(crate) async fn next_seq(tx: &mut sqlx::AnyConnection) -> Result<i64> {
        let (v,): (i64,) =
            sqlx::query_as("UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value")
                .fetch_one(tx)
                .await?;
        Ok(v)
    }
}

/// A code in a row that no enum knows: the data was written by something else.
pub(crate) fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} không rõ: {v}"))
}

/// Unique-constraint failures are the user's problem to fix (409), not a server fault.
pub(crate) fn conflict_or(e: sqlx::Error, what: impl FnOnce() -> String) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(what()),
        _ => StoreError::Db(e),
    }
}

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> Backend {
        self.url.backend()
    }

    async fn put_org(&self, org: &OrgNode) -> Result<()> {
        self.put_org_impl(org).await
    }

    async fn org(&self, id: OrgId) -> Result<Option<OrgNode>> {
        self.org_impl(id).await
    }

    async fn org_children(&self, id: OrgId) -> Result<Vec<OrgNode>> {
        self.org_children_impl(id).await
    }

    async fn all_orgs(&self) -> Result<Vec<OrgNode>> {
        self.all_orgs_impl().await
    }

    async fn merge_orgs(&self, plan: &MergePlan, reason: &str) -> Result<Vec<OrgMove>> {
        self.merge_orgs_impl(plan, reason).await
    }

    async fn create_person(&self, org: OrgId, d: &Declaration, by: &str) -> Result<PersonRecord> {
        self.create_person_impl(org, d, by).await
    }

    async fn person(&self, id: PersonId) -> Result<Option<PersonRecord>> {
        self.person_impl(id).await
    }

    async fn person_page(&self, id: PersonId) -> Result<Option<(PersonRecord, Holdings)>> {
        self.person_page_impl(id).await
    }

    async fn submit_declaration(
        &self,
        id: PersonId,
        d: &Declaration,
        by: &str,
        expected_version: i64,
    ) -> Result<PersonRecord> {
        self.submit_impl(id, d, by, expected_version).await
    }

    async fn versions(&self, id: PersonId) -> Result<Vec<VersionMeta>> {
        self.versions_impl(id).await
    }

    async fn declaration_version(&self, id: PersonId, version: i64) -> Result<Option<Declaration>> {
        self.declaration_version_impl(id, version).await
    }

    async fn move_person(&self, id: PersonId, to: OrgId, on: &str, reason: &str) -> Result<OrgMove> {
        self.move_person_impl(id, to, on, reason).await
    }

    async fn moves(&self, id: PersonId) -> Result<Vec<OrgMove>> {
        self.moves_impl(id).await
    }

    async fn persons_in_org(&self, org: OrgId, limit: i64) -> Result<Vec<PersonSummary>> {
        self.persons_in_org_impl(org, limit).await
    }

    async fn person_summaries(&self, ids: &[PersonId]) -> Result<Vec<PersonSummary>> {
        self.person_summaries_impl(ids).await
    }

    async fn related_persons(&self, id: PersonId) -> Result<Vec<PersonId>> {
        self.related_persons_impl(id).await
    }

    async fn scope_counts(&self, org: OrgId) -> Result<crate::ScopeCounts> {
        self.scope_counts_impl(org).await
    }

    async fn recent_changes(&self, org: OrgId, limit: i64) -> Result<Vec<crate::RecentChange>> {
        self.recent_changes_impl(org, limit).await
    }

    fn stream_persons_under(&self, org: OrgId, after: PersonId) -> BoxStream<'_, Result<PersonRecord>> {
        self.stream_persons_under_impl(org, after.0)
    }

    fn stream_persons(&self) -> BoxStream<'_, Result<PersonRecord>> {
        self.stream_persons_impl()
    }

    fn stream_summaries(&self, after_seq: i64) -> BoxStream<'_, Result<PersonSummary>> {
        self.stream_summaries_impl(after_seq)
    }

    async fn max_change_seq(&self) -> Result<i64> {
        let (v,): (i64,) =
            sqlx::query_as("SELECT value FROM counters WHERE name = 'change_seq'").fetch_one(&self.pool).await?;
        Ok(v)
    }

    async fn bulk_writer(&self) -> Result<Box<dyn BulkWriter>> {
        match self.url.backend() {
            Backend::Sqlite => {
                let path = self.url.sqlite_path().ok_or_else(|| StoreError::UnknownScheme(self.url.to_string()))?;
                Ok(Box::new(crate::bulk_sqlite::SqliteBulk::start(&path)?))
            }
            Backend::Postgres => Ok(Box::new(crate::bulk_pg::PgBulk::start(&self.url).await?)),
        }
    }

    async fn import_done(&self, content_hash: &str) -> Result<bool> {
        let row: Option<(String,)> = sqlx::query_as("SELECT label FROM imports WHERE content_hash = $1")
            .bind(content_hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    async fn stats(&self) -> Result<Stats> {
        self.stats_impl().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    async fn every_sqlite_connection_gets_the_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::parse(&format!("sqlite://{}/p.db", dir.path().display())).unwrap();
        let s = SqlStore::connect(&url, OpenMode::Create).await.unwrap();
        // Hold several connections at once so the pool must open distinct ones.
        let mut held = Vec::new();
        for _ in 0..4 {
            held.push(s.pool.acquire().await.unwrap());
        }
        for c in &mut held {
            let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys").fetch_one(&mut **c).await.unwrap();
            let (bt,): (i64,) = sqlx::query_as("PRAGMA busy_timeout").fetch_one(&mut **c).await.unwrap();
            let (jm,): (String,) = sqlx::query_as("PRAGMA journal_mode").fetch_one(&mut **c).await.unwrap();
            assert_eq!((fk, bt, jm.as_str()), (1, 10000, "wal"));
        }
    }
}
