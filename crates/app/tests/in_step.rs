//! The index follows every write made through the service, and catches up with writes it
//! missed (a crash between the store commit and the index commit).

use bvctnb_app::App;
use bvctnb_core::ids::OrgId;
use bvctnb_core::org::{MergeTarget, OrgKind, OrgNode};
use bvctnb_search::{PersonIndex, SearchQuery};
use bvctnb_testkit::TestDb;
use bvctnb_testkit::data::fixture;
use std::sync::Arc;

fn org(id: i64, parent: Option<i64>, kind: OrgKind, name: &str) -> OrgNode {
    OrgNode::new(id, parent, kind, name)
}

fn q(text: &str, org: Option<i64>) -> SearchQuery {
    SearchQuery { text: text.into(), birth_year: None, org, limit: 10 }
}

fn ids(app: &App, query: SearchQuery) -> Vec<i64> {
    app.search(&query).unwrap().iter().map(|h| h.id).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn index_follows_writes_and_catches_up_after_a_crash() {
    let db = TestDb::sqlite().await;
    let store = db.store.clone();
    let idx = db.dir().join("idx");
    let app = App::open(store.clone(), &idx).await.unwrap();
    use OrgKind::*;
    for o in [
        org(1, None, Central, "Trung ương"),
        org(2, Some(1), DirectlyUnderCentral, "Đảng bộ tỉnh Đồng Nai"),
        org(3, Some(2), GrassrootsCommittee, "Đảng bộ xã A"),
        org(4, Some(2), GrassrootsCommittee, "Đảng bộ xã B"),
        org(5, Some(3), Cell, "Chi bộ ấp 1"),
        org(6, Some(4), Cell, "Chi bộ ấp 2"),
    ] {
        app.put_org(&o).await.unwrap();
    }
    let d = fixture();
    let p = app.create_person(OrgId(5), &d, "officer").await.unwrap();
    assert_eq!(ids(&app, q("nguyen thi hong nhung", None)), vec![p.id.0]);
    assert_eq!(ids(&app, q("nguyen thi hong nhung", Some(3))), vec![p.id.0]);
    assert!(ids(&app, q("nguyen thi hong nhung", Some(4))).is_empty());

    // A new version renames: the old name is gone from the index, the new one is there.
    let mut d2 = d.clone();
    d2.identity.full_name = "Nguyễn Thị Hồng Nhạn".into();
    app.submit_declaration(p.id, &d2, "officer", 1).await.unwrap();
    assert_eq!(ids(&app, q("hong nhan", None)), vec![p.id.0]);
    // Replaced, not duplicated: one hit, carrying the new name ("Nhung" stays an other name).
    let hits = app.search(&q("nguyen thi hong", None)).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].full_name, "Nguyễn Thị Hồng Nhạn");

    // A transfer moves the person out of one subtree and into another.
    app.move_person(p.id, OrgId(6), "2025-01-02", "Chuyển sinh hoạt").await.unwrap();
    assert!(ids(&app, q("hong nhan", Some(3))).is_empty());
    assert_eq!(ids(&app, q("hong nhan", Some(4))), vec![p.id.0]);

    // A merge of the two communes: the person's ancestors change, so must the filter.
    let tree = app.tree();
    let on = chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
    let plan = tree
        .plan_merge(
            &[OrgId(3), OrgId(4)],
            MergeTarget::New { id: OrgId(9), name: "Đảng bộ xã AB".into(), code: String::new() },
            on,
        )
        .unwrap();
    app.merge_orgs(&plan, "Sáp nhập").await.unwrap();
    assert_eq!(ids(&app, q("hong nhan", Some(9))), vec![p.id.0]);

    // A write the index never saw (the process died after the store committed).
    let mut d3 = d2.clone();
    d3.identity.full_name = "Trần Văn Khải".into();
    d3.identity.cccd = None;
    d3.identity.sex = bvctnb_core::identity::Sex::Male;
    let ghost = store.create_person(OrgId(5), &d3, "officer").await.unwrap();
    drop(app);
    let app = App::open(store.clone(), &idx).await.unwrap();
    assert_eq!(ids(&app, q("tran van khai", None)), vec![ghost.id.0]);

    // And a rebuild from scratch gives the same answers.
    let fresh = App::with_index(store, Arc::new(PersonIndex::in_memory().unwrap())).await.unwrap();
    fresh.reindex(|_| {}).await.unwrap();
    assert_eq!(ids(&fresh, q("tran van khai", None)), vec![ghost.id.0]);
    assert_eq!(ids(&fresh, q("hong nhan", Some(9))), vec![p.id.0]);
}
