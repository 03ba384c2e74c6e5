//! The two backends' migrations must build the same schema: the same tables with the same
//! column names. Code written against one then finds every table and column on the other.

use bvctnb_testkit::TestDb;
use sqlx::AnyPool;
use std::collections::BTreeMap;

type Schema = BTreeMap<String, Vec<String>>;

/// Tables and their column names, sorted.
async fn sqlite_schema(url: &str) -> Schema {
    let pool = AnyPool::connect(url).await.unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    collect(rows)
}

async fn postgres_schema(url: &str) -> Schema {
    let pool = AnyPool::connect(url).await.unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    collect(rows)
}

fn collect(rows: Vec<(String, String)>) -> Schema {
    let mut schema = Schema::new();
    for (table, column) in rows {
        schema.entry(table).or_default().push(column);
    }
    for columns in schema.values_mut() {
        columns.sort();
    }
    schema
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_migrations_build_the_same_schema() {
    sqlx::any::install_default_drivers();
    let lite = TestDb::sqlite().await;
    assert_eq!((lite.name, lite.store.backend()), ("sqlite", bvctnb_store::Backend::Sqlite));
    let sqlite = sqlite_schema(&lite.url).await;
    lite.close().await;
    assert!(sqlite.contains_key("persons") && sqlite.contains_key("trips"), "{sqlite:?}");

    let Some(pg) = TestDb::postgres().await else { return };
    assert_eq!((pg.name, pg.store.backend()), ("postgres", bvctnb_store::Backend::Postgres));
    let postgres = postgres_schema(&pg.url).await;
    pg.close().await;

    let only = |a: &Schema, b: &Schema| a.keys().filter(|t| !b.contains_key(*t)).cloned().collect::<Vec<_>>();
    assert_eq!(only(&sqlite, &postgres), Vec::<String>::new(), "tables only in SQLite");
    assert_eq!(only(&postgres, &sqlite), Vec::<String>::new(), "tables only in PostgreSQL");
    for (table, columns) in &sqlite {
        assert_eq!(columns, &postgres[table], "columns of {table} (SQLite left, PostgreSQL right)");
    }
}
