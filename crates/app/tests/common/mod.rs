//! Helpers of the service tests that walk a case or a trip as named officers.

// Each test binary includes this module and uses its own part of it.
#![allow(dead_code)]

use bvctnb_app::App;
use bvctnb_app::cases::Actor;
use bvctnb_core::access::Role;
use bvctnb_core::ids::OrgId;
use bvctnb_core::org::OrgNode;
use bvctnb_testkit::TestDb;
use chrono::NaiveDate;

/// An officer whose scope is the subtree of `scope`.
pub fn actor(username: &str, role: Role, scope: i64) -> Actor {
    Actor {
        username: username.into(),
        display_name: format!("Đồng chí {username}"),
        role,
        scope: Some(OrgId(scope)),
        person: None,
    }
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The step must be refused, and the refusal must say `words`.
pub fn refused(r: Result<impl std::fmt::Debug, bvctnb_app::Error>, words: &str) {
    match r {
        Err(e) => assert!(e.to_string().contains(words), "expected «{words}» in: {e}"),
        Ok(v) => panic!("expected a refusal with «{words}», got {v:?}"),
    }
}

/// A province, a commune committee (3) and a cell (5).
pub fn commune() -> Vec<OrgNode> {
    use bvctnb_core::org::OrgKind::*;
    vec![
        OrgNode::new(1, None, Central, "Trung ương"),
        OrgNode::new(2, Some(1), DirectlyUnderCentral, "Đảng bộ tỉnh Hà Tĩnh"),
        OrgNode::new(3, Some(2), GrassrootsCommittee, "Đảng bộ xã Cẩm Bình"),
        OrgNode::new(5, Some(3), Cell, "Chi bộ thôn 1"),
    ]
}

/// The service over a fresh SQLite store (its index in the database's scratch directory),
/// with `orgs` written through it.
pub async fn app_with(orgs: &[OrgNode]) -> (TestDb, App) {
    let db = TestDb::sqlite().await;
    let app = App::open(db.store.clone(), &db.dir().join("idx")).await.unwrap();
    for o in orgs {
        app.put_org(o).await.unwrap();
    }
    (db, app)
}
