//! The workspace's test kit (a dev-dependency only): a database per test on SQLite and, when
//! `BVCTNB_TEST_PG_URL` names a server, on PostgreSQL; a runner for one body on both; and the
//! test data the suites share.
//!
//! Without `BVCTNB_TEST_PG_URL` the PostgreSQL half of a test is skipped with a line on
//! standard error; with `BVCTNB_REQUIRE_PG` set as well (as `.ci/run` does) a missing URL is a
//! failure instead. Test databases are named `bvctnb_t_…` and dropped when their value is.

pub mod data;
mod db;
mod pg;

pub use db::{Db, TestDb, on_each_backend};
pub use pg::{DB_PREFIX, PgDatabase, block_on_fresh_thread, pg_admin_url};
