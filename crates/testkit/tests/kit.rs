//! The kit keeps its promises: a PostgreSQL test database is really gone after its value is
//! dropped (from a current-thread test, a multi-thread one, a panicking task and sync code),
//! and the runner visits every configured backend with a store of its own.

use bvctnb_testkit::{PgDatabase, TestDb, block_on_fresh_thread, data, on_each_backend, pg_admin_url};
use sqlx::Connection;

/// Whether the server of `BVCTNB_TEST_PG_URL` has a database called `name`.
async fn exists(name: &str) -> bool {
    let admin = pg_admin_url().expect("only asked when PostgreSQL is configured");
    let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_one(&mut c)
        .await
        .unwrap();
    n == 1
}

#[tokio::test]
async fn drop_removes_the_database_in_a_current_thread_test() {
    let Some(db) = TestDb::postgres().await else { return };
    let name = db.pg().unwrap().name().to_string();
    assert!(name.starts_with(bvctnb_testkit::DB_PREFIX), "{name}");
    db.store.put_org(&data::dong_nai_tree()[0]).await.unwrap();
    assert!(exists(&name).await);
    // The store's pool is still open when the database goes: FORCE ends its sessions.
    let store = db.store.clone();
    drop(db);
    assert!(!exists(&name).await, "{name} outlived its TestDb");
    drop(store);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drop_removes_the_database_in_a_multi_thread_test() {
    let Some(pg) = PgDatabase::create().await else { return };
    let name = pg.name().to_string();
    assert!(exists(&name).await);
    drop(pg);
    assert!(!exists(&name).await, "{name} outlived its PgDatabase");
}

#[tokio::test]
async fn a_panicking_test_still_drops_its_database() {
    if pg_admin_url().is_none() {
        return;
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(async move {
        let db = TestDb::postgres().await.unwrap();
        tx.send(db.pg().unwrap().name().to_string()).unwrap();
        panic!("the test body fails");
    });
    let name = rx.await.unwrap();
    assert!(task.await.unwrap_err().is_panic());
    assert!(!exists(&name).await, "{name} outlived a panicking test");
}

#[test]
fn sync_tests_create_and_drop_too() {
    let Some(pg) = PgDatabase::create_blocking() else { return };
    let name = pg.name().to_string();
    let n = name.clone();
    assert!(block_on_fresh_thread(async move { exists(&n).await }));
    drop(pg);
    assert!(!block_on_fresh_thread(async move { exists(&name).await }));
}

#[tokio::test]
async fn close_drops_without_a_thread() {
    let Some(db) = TestDb::postgres().await else { return };
    let name = db.pg().unwrap().name().to_string();
    db.close().await;
    assert!(!exists(&name).await);
}

#[tokio::test]
async fn the_runner_gives_each_backend_a_fresh_store() {
    let seen = on_each_backend(|db| async move {
        assert!(db.dir.is_dir());
        assert!(db.store.person(bvctnb_core::PersonId(1)).await.unwrap().is_none(), "{}: empty", db.name);
        data::put_orgs(&*db.store, &data::dong_nai_tree()).await;
        db.store.create_person(bvctnb_core::OrgId(5), &data::variant(1), "test").await.unwrap();
        db.name
    })
    .await;
    let expected: &[&str] = if pg_admin_url().is_some() { &["sqlite", "postgres"] } else { &["sqlite"] };
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn generated_data_is_the_generators() {
    let db = TestDb::sqlite().await;
    let (g, counts) = data::generated(&*db.store, 60, 3).await;
    assert_eq!(counts.persons as u64, g.person_count());
    assert_eq!(db.store.person(g.person(0).id).await.unwrap().unwrap().declaration, g.person(0).declaration);
    db.close().await;
}

#[test]
fn variants_differ_from_the_fixture_but_stay_valid() {
    let f = data::fixture();
    assert!(f.identity.cccd.is_some());
    let v = data::variant(6);
    assert_eq!(v.identity.full_name, "Lê Văn Bình");
    assert_eq!(v.identity.cccd, None);
    assert_eq!(v.family, f.family);
    assert!(v.validate().is_ok());
}
