//! The everyday implementation of [`Store`] for both backends: runtime SQL over sqlx's `Any`
//! driver. Placeholders are `$1, $2, …` in order of first use, which SQLite binds by position
//! exactly as PostgreSQL does.

mod accounts;
mod audit;
pub(crate) use audit::{COLS as AUDIT_COLS, bind_entry as bind_audit_entry};
pub(crate) mod backup;
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
mod secret_copies;
mod secret_destruction;
mod secret_incidents;
mod secret_periods;
mod secret_stats;
mod secret_takeouts;
mod secrets;
mod session_cache;
mod trips;
mod workflow;

use crate::private::{private_dir, with_suffix};
use crate::url::{Backend, DatabaseUrl};
use crate::{BulkWriter, OpenMode, Result, Store, StoreError};
use async_trait::async_trait;
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use std::sync::Arc;

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Pragmas for every SQLite connection: they are per connection, not per database.
/// `case_sensitive_like`: a subtree filter `path LIKE '/1/2/%'` then reads the index range of
/// the prefix instead of every organisation (273 000 nationally, on every scoped query); paths
/// are digits and slashes, and the other LIKEs compare lowered text on both sides.
pub(crate) const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; \
     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA case_sensitive_like = ON;";

pub(crate) struct SqlStore {
    pub(crate) pool: AnyPool,
    pub(crate) url: DatabaseUrl,
    pub(crate) cache: session_cache::SessionCache,
    writer_turn: Arc<tokio::sync::Mutex<()>>,
    /// Writes this process committed, audit-trail appends of reads not counted (see
    /// [`Store::writes_committed`]).
    writes: Arc<std::sync::atomic::AtomicU64>,
}

/// A write transaction, and on SQLite this process's writer turn, held until it ends (the
/// transaction is dropped, and so rolled back, before the turn is given up).
pub(crate) struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    sqlite: bool,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
    writes: Arc<std::sync::atomic::AtomicU64>,
}

impl WriteTx {
    /// Commits, with the audit entry of the use case this write belongs to (see
    /// [`crate::audit::ambient`]) appended to the chain first, in the same transaction.
    pub(crate) async fn commit(mut self) -> Result<()> {
        let seq = match crate::audit::ambient::take() {
            Some(e) => Some(audit::append_in(&mut self.tx, self.sqlite, std::slice::from_ref(&e)).await?),
            None => None,
        };
        self.tx.commit().await?;
        self.writes.fetch_add(1, std::sync::atomic::Ordering::Release);
        if let Some(seq) = seq {
            crate::audit::ambient::committed(seq);
        }
        Ok(())
    }

    /// Holds, until this transaction ends, the lock named `key`, so that a check made in it and
    /// the write it guards are one step for every writer (SQLite writers take turns already).
    pub(crate) async fn lock(&mut self, key: i64) -> Result<()> {
        if !self.sqlite {
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) l").bind(key).execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    /// Commits without the use case's audit entry: for the audit trail's own appends.
    pub(crate) async fn commit_alone(self) -> Result<()> {
        Ok(self.tx.commit().await?)
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// Makes the database file 0600 before SQLite opens it (it holds every dossier, the password
/// hashes and the second-factor secrets): a new one is created empty with that
/// mode (SQLite gives its -wal and -shm files the database file's mode), an existing one made
/// by an older release is tightened.
fn private_file(path: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        if !path.exists() {
            match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        for p in [path.to_path_buf(), with_suffix(path, "-wal"), with_suffix(path, "-shm")] {
            if p.exists() && std::fs::metadata(&p)?.permissions().mode() & 0o077 != 0 {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    Ok(())
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
                    private_dir(dir)
                        .map_err(|e| StoreError::Migration(format!("không tạo được thư mục {}: {e}", dir.display())))?;
                }
                private_file(&path)
                    .map_err(|e| StoreError::Migration(format!("không đặt được quyền của {}: {e}", path.display())))?;
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
        Ok(Self {
            pool,
            url: url.clone(),
            cache: session_cache::SessionCache::default(),
            writer_turn: Arc::default(),
            writes: Arc::default(),
        })
    }

    /// A transaction that will write. SQLite's default BEGIN takes the write lock only at the
    /// first write, and a transaction that read before another writer committed then fails at
    /// once with "database is locked" (the busy timeout cannot help it); BEGIN IMMEDIATE takes
    /// the lock first, so concurrent writers wait their turn instead.
    /// Writers of this process also queue here first, holding no connection while they wait,
    /// so that waiting writers never take the pool's connections from readers or from the
    /// writer whose turn it is.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx> {
        Ok(match self.url.backend() {
            Backend::Sqlite => {
                let turn = self.writer_turn.clone().lock_owned().await;
                let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
                WriteTx { tx, sqlite: true, _turn: Some(turn), writes: self.writes.clone() }
            }
            Backend::Postgres => {
                WriteTx { tx: self.pool.begin().await?, sqlite: false, _turn: None, writes: self.writes.clone() }
            }
        })
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

    fn writes_committed(&self) -> u64 {
        self.writes.load(std::sync::atomic::Ordering::Acquire)
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

    async fn copy_into(&self, dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
        SqlStore::copy_into(self, dir).await
    }

    async fn check_live(
        &self,
        trusted_keys: &[String],
        outside: &[crate::audit::Checkpoint],
    ) -> Result<backup::CopyCheck> {
        SqlStore::check_live(self, trusted_keys, outside).await
    }

    async fn import_done(&self, content_hash: &str) -> Result<bool> {
        let row: Option<(String,)> = sqlx::query_as("SELECT label FROM imports WHERE content_hash = $1")
            .bind(content_hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
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
