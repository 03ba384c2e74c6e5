//! Test databases: a fresh SQLite file always; a fresh PostgreSQL database when
//! `BVCTNB_TEST_PG_URL` is set (and a failure, not a skip, when `BVCTNB_REQUIRE_PG` is set
//! but the URL is not).

use bvctnb_store::{DatabaseUrl, OpenMode, Store};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

pub struct TestDb {
    pub name: &'static str,
    pub store: Arc<dyn Store>,
    /// For tests that go behind the store's back (tampering with the audit trail).
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_drop: Option<(String, String)>,
}

impl TestDb {
    pub async fn close(self) {
        if let Some((admin, db)) = self.pg_drop {
            drop(self.store);
            use sqlx::Connection;
            if let Ok(mut c) = sqlx::PgConnection::connect(&admin).await {
                let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")))
                    .execute(&mut c)
                    .await;
            }
        }
    }
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::parse(&format!("sqlite://{}/t.db", dir.path().display())).unwrap();
    let store = bvctnb_store::open(&url, OpenMode::Create).await.unwrap();
    TestDb { name: "sqlite", store, url: url.expose().to_string(), _dir: Some(dir), pg_drop: None }
}

pub fn pg_url() -> Option<String> {
    match std::env::var("BVCTNB_TEST_PG_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            assert!(
                std::env::var("BVCTNB_REQUIRE_PG").is_err(),
                "BVCTNB_REQUIRE_PG is set but BVCTNB_TEST_PG_URL is not: the PostgreSQL suite must run"
            );
            eprintln!("BVCTNB_TEST_PG_URL not set: PostgreSQL half of this test not run");
            None
        }
    }
}

/// A new, empty database on the server named by `BVCTNB_TEST_PG_URL`, so tests never share.
pub async fn postgres(admin: &str) -> TestDb {
    static N: AtomicU32 = AtomicU32::new(0);
    let db = format!(
        "bvctnb_t_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
    );
    use sqlx::Connection;
    let mut c = sqlx::PgConnection::connect(admin).await.expect("BVCTNB_TEST_PG_URL must be reachable");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {db}"))).execute(&mut c).await.unwrap();
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin);
    let url = DatabaseUrl::parse(&format!("{base}/{db}")).unwrap();
    let store = bvctnb_store::open(&url, OpenMode::Existing).await.unwrap();
    TestDb {
        name: "postgres",
        store,
        url: url.expose().to_string(),
        _dir: None,
        pg_drop: Some((admin.to_string(), db)),
    }
}
