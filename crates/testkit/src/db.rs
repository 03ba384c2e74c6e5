//! A fresh store per test, on SQLite always and on PostgreSQL when configured.

use crate::pg::PgDatabase;
use bvctnb_store::{DatabaseUrl, OpenMode, Store};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A store on a database of its own. The SQLite file lives in a temporary directory and the
/// PostgreSQL database is dropped when this is dropped; [`TestDb::close`] does the same from
/// async code.
pub struct TestDb {
    /// `"sqlite"` or `"postgres"`, for messages and for the few checks only one backend allows.
    pub name: &'static str,
    pub store: Arc<dyn Store>,
    /// For tests that go behind the store's back (tampering, removing a projection).
    pub url: String,
    // Fields drop in order: the store's pool first, then the database, then the directory.
    pg: Option<PgDatabase>,
    dir: tempfile::TempDir,
}

/// What a test body gets from [`on_each_backend`]: the parts of a [`TestDb`] it may keep.
#[derive(Clone)]
pub struct Db {
    pub name: &'static str,
    pub store: Arc<dyn Store>,
    pub url: String,
    /// A scratch directory that lives as long as the database (a search index, key files).
    pub dir: PathBuf,
}

impl TestDb {
    /// A store on a new SQLite file.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::parse(&format!("sqlite://{}/t.db", dir.path().display())).unwrap();
        let store = bvctnb_store::open(&url, OpenMode::Create).await.unwrap();
        TestDb { name: "sqlite", store, url: url.expose().to_string(), pg: None, dir }
    }

    /// A store on a new PostgreSQL database, or `None` when the PostgreSQL half is skipped
    /// (see [`crate::pg_admin_url`]).
    pub async fn postgres() -> Option<TestDb> {
        let pg = PgDatabase::create().await?;
        let url = DatabaseUrl::parse(pg.url()).unwrap();
        let store = bvctnb_store::open(&url, OpenMode::Existing).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        Some(TestDb { name: "postgres", store, url: url.expose().to_string(), pg: Some(pg), dir })
    }

    /// The scratch directory (for SQLite, the one that holds the database file too).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The PostgreSQL database under the store, if that is the backend.
    pub fn pg(&self) -> Option<&PgDatabase> {
        self.pg.as_ref()
    }

    pub fn db(&self) -> Db {
        Db { name: self.name, store: self.store.clone(), url: self.url.clone(), dir: self.dir.path().to_path_buf() }
    }

    /// Closes the store and removes the database without a blocking thread.
    pub async fn close(self) {
        let TestDb { store, pg, dir, .. } = self;
        drop(store);
        if let Some(pg) = pg {
            pg.drop_now().await;
        }
        drop(dir);
    }
}

/// Runs `body` on a fresh SQLite store, then on a fresh PostgreSQL one when configured, and
/// returns what each run returned (SQLite first). A panicking body still drops its database.
pub async fn on_each_backend<F, Fut, T>(mut body: F) -> Vec<T>
where
    F: FnMut(Db) -> Fut,
    Fut: Future<Output = T>,
{
    let mut out = Vec::new();
    let lite = TestDb::sqlite().await;
    eprintln!("on sqlite");
    out.push(body(lite.db()).await);
    lite.close().await;
    if let Some(pg) = TestDb::postgres().await {
        eprintln!("on postgres ({})", pg.pg().map_or("", |p| p.name()));
        out.push(body(pg.db()).await);
        pg.close().await;
    }
    out
}

/// Two test functions from one body: `$sqlite` on a fresh SQLite store and `$pg` on a fresh
/// PostgreSQL one (skipped, or failing under `BVCTNB_REQUIRE_PG`, without a server). Separate
/// functions, so the test list says which backend failed. Both are `#[tokio::test]` unless
/// attributes are given first (a multi-thread flavour, say); they then go on both.
///
/// ```ignore
/// on_every_backend!(story_on_sqlite, story_on_postgres, |db| story(&*db.store));
/// on_every_backend!(
///     #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
///     audit_on_sqlite,
///     audit_on_postgres,
///     |db| scenario(&db)
/// );
/// ```
#[macro_export]
macro_rules! on_every_backend {
    ($sqlite:ident, $pg:ident, |$db:ident| $body:expr) => {
        $crate::on_every_backend!(#[::tokio::test] $sqlite, $pg, |$db| $body);
    };
    ($(#[$attr:meta])+ $sqlite:ident, $pg:ident, |$db:ident| $body:expr) => {
        $(#[$attr])*
        async fn $sqlite() {
            let $db = $crate::TestDb::sqlite().await;
            eprintln!("{} on {}", stringify!($sqlite), $db.name);
            $body.await;
            $db.close().await;
        }

        $(#[$attr])*
        async fn $pg() {
            let Some($db) = $crate::TestDb::postgres().await else { return };
            eprintln!("{} on {}", stringify!($pg), $db.name);
            $body.await;
            $db.close().await;
        }
    };
}
