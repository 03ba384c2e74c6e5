//! Writers at the same time, to different dossiers, all succeed: on SQLite they wait their
//! turn (before, a transaction that read and then wrote failed with "database is locked" as
//! soon as another writer had committed), and a second store on the same file (the CLI while
//! the server runs) waits too.

use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_store::{DatabaseUrl, OpenMode, Store};
use bvctnb_testkit::data::{put_orgs, variant};
use bvctnb_testkit::{TestDb, on_every_backend};
use std::sync::Arc;

const WRITERS: usize = 8;
const EDITS: usize = 25;

async fn edits(store: Arc<dyn Store>, id: PersonId, by: String) -> Vec<String> {
    let mut errors = Vec::new();
    for i in 0..EDITS {
        let rec = store.person(id).await.unwrap().unwrap();
        let mut d = rec.declaration.clone();
        d.identity.other_names = vec![["Tư", "Năm", "Sáu"][i % 3].to_string()];
        if let Err(e) = store.submit_declaration(id, &d, &by, rec.version).await {
            errors.push(e.to_string());
        }
    }
    errors
}

async fn writers_at_once(db: &TestDb) {
    put_orgs(db.store.as_ref(), &bvctnb_testkit::data::dong_nai_tree()).await;
    let mut ids = Vec::new();
    for i in 0..WRITERS {
        ids.push(db.store.create_person(OrgId(5), &variant(i as i64), "test").await.unwrap().id);
    }
    // Half the writers go through a second store on the same database, as another process would.
    let second = bvctnb_store::open(&DatabaseUrl::parse(&db.url).unwrap(), OpenMode::Existing).await.unwrap();
    let tasks: Vec<_> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let store = if i % 2 == 0 { db.store.clone() } else { second.clone() };
            tokio::spawn(edits(store, *id, format!("writer{i}")))
        })
        .collect();
    let mut errors = Vec::new();
    for t in tasks {
        errors.extend(t.await.unwrap());
    }
    assert!(
        errors.is_empty(),
        "{} of {} writes failed: {:?}",
        errors.len(),
        WRITERS * EDITS,
        &errors[..errors.len().min(3)]
    );
    for id in ids {
        let rec = db.store.person(id).await.unwrap().unwrap();
        assert_eq!(rec.version, EDITS as i64 + 1, "every edit of {id} is a version");
    }
}

on_every_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    concurrent_writers_on_sqlite,
    concurrent_writers_on_postgres,
    |db| writers_at_once(&db)
);
