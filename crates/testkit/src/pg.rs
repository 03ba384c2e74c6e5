//! PostgreSQL databases of one test each, on the server named by `BVCTNB_TEST_PG_URL`.

use sqlx::Connection;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

/// Every database the kit creates starts with this, so `.ci/run` can drop what an interrupted
/// run left behind.
pub const DB_PREFIX: &str = "bvctnb_t_";

/// The server to create test databases on, from `BVCTNB_TEST_PG_URL`.
///
/// Without it the PostgreSQL half of a test is skipped with a line on standard error, unless
/// `BVCTNB_REQUIRE_PG` is set: then the run is meant to cover PostgreSQL, and a silent skip would
/// hide that it did not, so this panics.
pub fn pg_admin_url() -> Option<String> {
    match std::env::var("BVCTNB_TEST_PG_URL") {
        Ok(u) if !u.trim().is_empty() => Some(u.trim().to_string()),
        _ => {
            assert!(
                std::env::var_os("BVCTNB_REQUIRE_PG").is_none(),
                "BVCTNB_REQUIRE_PG is set but BVCTNB_TEST_PG_URL is not: the PostgreSQL half must run"
            );
            eprintln!("BVCTNB_TEST_PG_URL not set: PostgreSQL half of this test not run");
            None
        }
    }
}

/// An empty database of its own, dropped (`WITH (FORCE)`, so open pools do not keep it alive)
/// when this value is dropped, also when the test panics.
#[derive(Debug)]
pub struct PgDatabase {
    admin: String,
    name: String,
    url: String,
    dropped: bool,
}

impl PgDatabase {
    /// A new database when `BVCTNB_TEST_PG_URL` is set (see [`pg_admin_url`] for when not).
    pub async fn create() -> Option<PgDatabase> {
        let admin = pg_admin_url()?;
        Some(Self::create_on(&admin).await)
    }

    /// The same for a test that is not async (a CLI test driving the binary).
    pub fn create_blocking() -> Option<PgDatabase> {
        let admin = pg_admin_url()?;
        Some(block_on_fresh_thread(async move { Self::create_on(&admin).await }))
    }

    /// A new database on the server `admin` (a URL whose database the user may connect to and
    /// create databases from). Panics when the server cannot be reached: a test asked for it.
    pub async fn create_on(admin: &str) -> PgDatabase {
        let name = unique_name();
        let mut c = sqlx::PgConnection::connect(admin).await.expect("BVCTNB_TEST_PG_URL must be reachable");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut c).await.unwrap();
        let _ = c.close().await;
        let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
        let url = format!("{base}/{name}");
        PgDatabase { admin: admin.to_string(), name, url, dropped: false }
    }

    /// The URL of this database, with the credentials of `BVCTNB_TEST_PG_URL`.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Drops the database now, from async code (no extra thread).
    pub async fn drop_now(mut self) {
        self.dropped = true;
        drop_database(&self.admin, &self.name).await;
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        self.dropped = true;
        // Drop cannot await, and may run inside a test's runtime (where blocking on it would
        // deadlock a current-thread runtime): the statement runs on a thread with its own runtime.
        // A panic here would abort a test that is already unwinding: failures are only printed.
        let (admin, name) = (self.admin.clone(), self.name.clone());
        let t = std::thread::spawn(move || match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(rt) => rt.block_on(drop_database(&admin, &name)),
            Err(e) => eprintln!("test database {name} not dropped: {e}"),
        });
        let _ = t.join();
    }
}

async fn drop_database(admin: &str, name: &str) {
    match sqlx::PgConnection::connect(admin).await {
        Ok(mut c) => {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            if let Err(e) = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut c).await {
                eprintln!("test database {name} not dropped: {e}");
            }
            let _ = c.close().await;
        }
        Err(e) => eprintln!("test database {name} not dropped: {e}"),
    }
}

/// Process id, a counter and the clock's nanoseconds: unique across the test binaries that
/// cargo runs one after another and the tests of one binary that run side by side.
fn unique_name() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("{DB_PREFIX}{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::SeqCst))
}

/// Runs `f` to completion on a new thread with a current-thread runtime of its own, and waits.
/// Works from sync code and from inside any tokio runtime alike.
pub fn block_on_fresh_thread<F>(f: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let t = std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime").block_on(f)
    });
    match t.join() {
        Ok(v) => v,
        Err(p) => std::panic::resume_unwind(p),
    }
}
