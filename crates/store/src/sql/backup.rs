//! Consistent copies of a running database, and the checks a copy must pass before anyone
//! relies on it. A plain file copy of a live SQLite database can come out torn (its WAL holds
//! pages the main file does not yet have); `VACUUM INTO` writes one transaction's snapshot.
//! PostgreSQL is copied by `pg_dump` and put back by `pg_restore` (the server's own tools).

use super::SqlStore;
use super::audit::sqlite_batches;
use crate::audit::{Checkpoint, RawBatch, VerifyReport, merged, verify_batches};
use crate::url::Backend;
use crate::{Result, StoreError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What a copy holds, to compare a restore against.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub orgs: i64,
    pub persons: i64,
    pub declaration_versions: i64,
    pub cases: i64,
    pub trips: i64,
    pub attachments: i64,
    pub audit_entries: i64,
}

/// The outcome of checking one copy.
#[derive(Debug, Clone)]
pub struct CopyCheck {
    /// `PRAGMA integrity_check` lines other than "ok"; empty when sound (PostgreSQL: empty).
    pub integrity: Vec<String>,
    pub head: (i64, String),
    pub counts: Counts,
    pub audit: VerifyReport,
}

/// The file a SQLite copy is written to, and a PostgreSQL dump.
pub const SQLITE_FILE: &str = "bvctnb.db";
pub const PG_FILE: &str = "bvctnb.pgdump";

const COUNTS_SQL: &str = "SELECT (SELECT COUNT(*) FROM orgs), (SELECT COUNT(*) FROM persons),
    (SELECT COUNT(*) FROM declaration_versions), (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM trips),
    (SELECT COUNT(*) FROM attachments) + (SELECT COUNT(*) FROM trip_files), (SELECT COUNT(*) FROM audit_log)";

impl SqlStore {
    /// Writes a consistent copy of the database into `dir` (which must exist); returns the
    /// files written.
    pub(crate) async fn copy_into(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        match self.url.backend() {
            Backend::Sqlite => {
                let to = dir.join(SQLITE_FILE);
                if to.exists() {
                    return Err(StoreError::Conflict(format!("{} đã có", to.display())));
                }
                let path = to.to_str().ok_or_else(|| StoreError::Conflict("đường dẫn không phải UTF-8".into()))?;
                sqlx::query("VACUUM INTO $1").bind(path.to_string()).execute(&self.pool).await?;
                Ok(vec![to])
            }
            Backend::Postgres => {
                let to = dir.join(PG_FILE);
                pg_dump(self.url.expose(), &to).await?;
                Ok(vec![to])
            }
        }
    }

    /// Counts, the audit head and the checks of this database.
    pub(crate) async fn check_live(&self, trusted_keys: &[String], outside: &[Checkpoint]) -> Result<CopyCheck> {
        use crate::audit::AuditLog;
        let integrity = match self.url.backend() {
            Backend::Sqlite => {
                let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check").fetch_all(&self.pool).await?;
                rows.into_iter().map(|(l,)| l).filter(|l| l != "ok").collect()
            }
            Backend::Postgres => Vec::new(),
        };
        let c: (i64, i64, i64, i64, i64, i64, i64) = sqlx::query_as(COUNTS_SQL).fetch_one(&self.pool).await?;
        let head = self.audit_head().await?;
        let audit = self.verify_audit_with(trusted_keys, outside).await?;
        Ok(CopyCheck { integrity, head, counts: counts(c), audit })
    }
}

fn counts(c: (i64, i64, i64, i64, i64, i64, i64)) -> Counts {
    Counts {
        orgs: c.0,
        persons: c.1,
        declaration_versions: c.2,
        cases: c.3,
        trips: c.4,
        attachments: c.5,
        audit_entries: c.6,
    }
}

/// Checks a SQLite copy without opening it for writing (a copy is evidence: opening it through
/// the store would change its header): integrity, counts, and the audit chain against the
/// checkpoints inside it and `outside`.
pub async fn check_sqlite_copy(path: &Path, trusted_keys: &[String], outside: &[Checkpoint]) -> Result<CopyCheck> {
    let p = path.to_path_buf();
    let (integrity, c, head, inside) = tokio::task::spawn_blocking(move || -> Result<_> {
        use rusqlite::{Connection, OpenFlags};
        let conn = Connection::open_with_flags(&p, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let integrity: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|l| l != "ok")
            .collect();
        let c = conn.query_row(COUNTS_SQL, [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
        })?;
        let head: (i64, String) =
            conn.query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut stmt = conn.prepare("SELECT seq, hash, at, key, signature FROM audit_checkpoints ORDER BY seq")?;
        let inside: Vec<Checkpoint> = stmt
            .query_map([], |r| {
                Ok(Checkpoint { seq: r.get(0)?, hash: r.get(1)?, at: r.get(2)?, key: r.get(3)?, signature: r.get(4)? })
            })?
            .collect::<Result<_, _>>()?;
        Ok((integrity, c, head, inside))
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("không kiểm tra được bản sao: {e}")))??;
    let checkpoints = merged(&inside, outside);
    let audit =
        verify_batches(sqlite_batches::<RawBatch>(path.to_path_buf()), &checkpoints, trusted_keys, Some(head.clone()))
            .await?;
    Ok(CopyCheck { integrity, head, counts: counts(c), audit })
}

/// Dumps the PostgreSQL database at `url` to the file `to` (custom format).
pub async fn pg_dump(url: &str, to: &Path) -> Result<()> {
    let mut cmd = pg_tool("pg_dump", url);
    cmd.args(["--format=custom", "--no-owner", "--file"]).arg(to);
    run_tool(cmd, "pg_dump").await
}

/// One of PostgreSQL's client tools aimed at `url`, the password (if the URL has one) passed in
/// its environment rather than on the command line, where other users of the machine see it.
fn pg_tool(name: &str, url: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new(name);
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let bare = match rest.split_once('@') {
        Some((cred, host)) => match cred.split_once(':') {
            Some((user, password)) => {
                cmd.env("PGPASSWORD", percent_encoding::percent_decode_str(password).decode_utf8_lossy().as_ref());
                format!("{scheme}://{user}@{host}")
            }
            None => url.to_string(),
        },
        None => url.to_string(),
    };
    cmd.args(["--dbname", &bare]);
    cmd
}

/// Whether the database at `url` holds anything worth keeping (a person, an account or an
/// audit entry); one that does not exist, or has no tables yet, holds nothing.
pub async fn holds_data(url: &crate::DatabaseUrl) -> Result<bool> {
    const ANY: &str = "SELECT EXISTS (SELECT 1 FROM persons) OR EXISTS (SELECT 1 FROM accounts) \
                       OR EXISTS (SELECT 1 FROM audit_log)";
    match url.backend() {
        Backend::Sqlite => {
            let Some(path) = url.sqlite_path().filter(|p| p.exists()) else { return Ok(false) };
            tokio::task::spawn_blocking(move || -> Result<bool> {
                let conn = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                let tables: i64 = conn.query_row(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('persons', 'accounts', 'audit_log')",
                    [],
                    |r| r.get(0),
                )?;
                Ok(tables == 3 && conn.query_row(ANY, [], |r| r.get::<_, bool>(0))?)
            })
            .await
            .map_err(|e| StoreError::Corrupt(e.to_string()))?
        }
        Backend::Postgres => {
            use sqlx::Connection;
            sqlx::any::install_default_drivers();
            let mut conn = sqlx::AnyConnection::connect(url.expose()).await?;
            let (tables,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'
                 AND table_name IN ('persons', 'accounts', 'audit_log')",
            )
            .fetch_one(&mut conn)
            .await?;
            let any = if tables == 3 { sqlx::query_as::<_, (bool,)>(ANY).fetch_one(&mut conn).await?.0 } else { false };
            Ok(any)
        }
    }
}

/// Empties the PostgreSQL database at `url` (its public schema) for a restore.
pub async fn pg_clear(url: &str) -> Result<()> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await?;
    sqlx::raw_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;").execute(&mut conn).await?;
    Ok(())
}

/// Puts a PostgreSQL dump into the (empty) database at `url`.
pub async fn pg_restore(url: &str, dump: &Path) -> Result<()> {
    let mut cmd = pg_tool("pg_restore", url);
    cmd.args(["--no-owner", "--exit-on-error", "--single-transaction"]).arg(dump);
    run_tool(cmd, "pg_restore").await
}

/// Runs one of PostgreSQL's client tools to the end, its error output in the message.
async fn run_tool(mut cmd: std::process::Command, name: &'static str) -> Result<()> {
    let out = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .map_err(|e| StoreError::Migration(format!("{name}: {e}")))?
        .map_err(|e| StoreError::Migration(format!("không chạy được {name} (cài gói postgresql-client): {e}")))?;
    if !out.status.success() {
        return Err(StoreError::Migration(format!("{name} lỗi: {}", String::from_utf8_lossy(&out.stderr).trim())));
    }
    Ok(())
}
