//! Embedded migrations per backend, applied in order inside transactions. A migration that
//! was changed after being applied is refused: the schema would no longer match its history.

use crate::{Backend, Result, StoreError};
use sqlx::AnyPool;

struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

const SQLITE: &[Migration] = &[
    Migration { version: 1, name: "init", sql: include_str!("../migrations/sqlite/0001_init.sql") },
    Migration { version: 2, name: "accounts", sql: include_str!("../migrations/sqlite/0002_accounts.sql") },
    Migration { version: 3, name: "audit", sql: include_str!("../migrations/sqlite/0003_audit.sql") },
    Migration { version: 4, name: "scope_indexes", sql: include_str!("../migrations/sqlite/0004_scope_indexes.sql") },
    Migration { version: 5, name: "campaigns", sql: include_str!("../migrations/sqlite/0005_campaigns.sql") },
    Migration { version: 6, name: "screen_facts", sql: include_str!("../migrations/sqlite/0006_screen_facts.sql") },
    Migration { version: 7, name: "cases", sql: include_str!("../migrations/sqlite/0007_cases.sql") },
    Migration { version: 8, name: "travel", sql: include_str!("../migrations/sqlite/0008_travel.sql") },
    Migration { version: 9, name: "totp_step", sql: include_str!("../migrations/sqlite/0009_totp_step.sql") },
    Migration { version: 10, name: "four_eyes", sql: include_str!("../migrations/sqlite/0010_four_eyes.sql") },
    Migration { version: 11, name: "witness", sql: include_str!("../migrations/sqlite/0011_witness.sql") },
    Migration { version: 12, name: "party_card", sql: include_str!("../migrations/sqlite/0012_party_card.sql") },
    Migration { version: 13, name: "secrets", sql: include_str!("../migrations/sqlite/0013_secrets.sql") },
    Migration {
        version: 14,
        name: "secret_lifecycle",
        sql: include_str!("../migrations/sqlite/0014_secret_lifecycle.sql"),
    },
    Migration { version: 15, name: "own_papers", sql: include_str!("../migrations/sqlite/0015_own_papers.sql") },
];

const POSTGRES: &[Migration] = &[
    Migration { version: 1, name: "init", sql: include_str!("../migrations/postgres/0001_init.sql") },
    Migration { version: 2, name: "accounts", sql: include_str!("../migrations/postgres/0002_accounts.sql") },
    Migration { version: 3, name: "audit", sql: include_str!("../migrations/postgres/0003_audit.sql") },
    Migration { version: 4, name: "scope_indexes", sql: include_str!("../migrations/postgres/0004_scope_indexes.sql") },
    Migration { version: 5, name: "campaigns", sql: include_str!("../migrations/postgres/0005_campaigns.sql") },
    Migration { version: 6, name: "screen_facts", sql: include_str!("../migrations/postgres/0006_screen_facts.sql") },
    Migration { version: 7, name: "cases", sql: include_str!("../migrations/postgres/0007_cases.sql") },
    Migration { version: 8, name: "travel", sql: include_str!("../migrations/postgres/0008_travel.sql") },
    Migration { version: 9, name: "totp_step", sql: include_str!("../migrations/postgres/0009_totp_step.sql") },
    Migration { version: 10, name: "four_eyes", sql: include_str!("../migrations/postgres/0010_four_eyes.sql") },
    Migration { version: 11, name: "witness", sql: include_str!("../migrations/postgres/0011_witness.sql") },
    Migration { version: 12, name: "party_card", sql: include_str!("../migrations/postgres/0012_party_card.sql") },
    Migration { version: 13, name: "secrets", sql: include_str!("../migrations/postgres/0013_secrets.sql") },
    Migration {
        version: 14,
        name: "secret_lifecycle",
        sql: include_str!("../migrations/postgres/0014_secret_lifecycle.sql"),
    },
    Migration { version: 15, name: "own_papers", sql: include_str!("../migrations/postgres/0015_own_papers.sql") },
];

pub(crate) async fn run(pool: &AnyPool, backend: Backend) -> Result<()> {
    let migrations = match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    };
    let mut conn = pool.acquire().await?;
    if backend == Backend::Postgres {
        // Two servers starting at once must not both apply the same migration.
        sqlx::query("SELECT pg_advisory_lock(727274)").execute(&mut *conn).await?;
    }
    let result = apply(&mut conn, migrations).await;
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_unlock(727274)").execute(&mut *conn).await?;
    }
    result
}

async fn apply(conn: &mut sqlx::AnyConnection, migrations: &[Migration]) -> Result<()> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )
    .execute(&mut *conn)
    .await?;
    for m in migrations {
        let sum = blake3::hash(m.sql.as_bytes()).to_hex().to_string();
        let applied: Option<(String,)> = sqlx::query_as("SELECT checksum FROM schema_migrations WHERE version = $1")
            .bind(m.version)
            .fetch_optional(&mut *conn)
            .await?;
        match applied {
            Some((s,)) if s == sum => continue,
            Some(_) => {
                return Err(StoreError::Migration(format!(
                    "migration {} ({}) đã bị sửa sau khi áp dụng",
                    m.version, m.name
                )));
            }
            None => {}
        }
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        sqlx::raw_sql(m.sql).execute(&mut *tx).await.map_err(|e| StoreError::Migration(format!("{}: {e}", m.name)))?;
        sqlx::query("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)")
            .bind(m.version)
            .bind(m.name)
            .bind(sum)
            .bind(crate::sql::now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(version = m.version, name = m.name, "migration applied");
    }
    Ok(())
}
