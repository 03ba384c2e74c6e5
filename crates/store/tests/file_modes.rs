//! The SQLite database holds every dossier, the password hashes and the second-factor secrets:
//! its file, its WAL and the folder the store makes for it are the server user's alone.

#![cfg(unix)]

use bvctnb_core::ids::OrgId;
use bvctnb_core::org::{OrgKind, OrgNode};
use bvctnb_store::{DatabaseUrl, OpenMode};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[tokio::test(flavor = "multi_thread")]
async fn the_database_is_readable_by_its_owner_only() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("data").join("bvctnb.db");
    let url = DatabaseUrl::parse(&format!("sqlite://{}", db.display())).unwrap();
    let store = bvctnb_store::open(&url, OpenMode::Create).await.unwrap();
    store.put_org(&OrgNode::new(1, None, OrgKind::Central, "Trung ương")).await.unwrap();
    assert!(store.org(OrgId(1)).await.unwrap().is_some());
    assert_eq!(mode(&db), 0o600, "database file");
    let wal = tmp.path().join("data").join("bvctnb.db-wal");
    assert!(wal.exists(), "the store writes through a WAL");
    assert_eq!(mode(&wal), 0o600, "WAL file");
    assert_eq!(mode(&tmp.path().join("data")), 0o700, "the folder the store made");
    drop(store);

    // A database left readable by an older release is tightened when it is opened.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = bvctnb_store::open(&url, OpenMode::Existing).await.unwrap();
    assert!(store.org(OrgId(1)).await.unwrap().is_some());
    assert_eq!(mode(&db), 0o600);
}
