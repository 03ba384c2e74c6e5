//! One story, told to every backend: the organisation tree, a person's declarations and
//! their versions, moves and merges, bulk import (all-or-nothing), streams and statistics.
//! Each step appends what it observed to a transcript, so the backends can be compared.

use bvctnb_core::diff::diff_declarations;
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::org::{MergeTarget, OrgKind, OrgNode, OrgTree};
use bvctnb_store::{NewPerson, Store, StoreError};
use bvctnb_testkit::data::{dong_nai_tree, fixture, variant};
use bvctnb_testkit::{TestDb, on_every_backend};
use futures::TryStreamExt;

fn org(id: i64, parent: Option<i64>, kind: OrgKind, name: &str) -> OrgNode {
    OrgNode::new(id, parent, kind, name)
}

fn tree() -> Vec<OrgNode> {
    let mut t = dong_nai_tree();
    t.push(org(7, Some(2), OrgKind::GrassrootsCell, "Chi bộ Trường THPT Tân Phú"));
    t.push(org(8, Some(2), OrgKind::GrassrootsCell, "Chi bộ Trường THCS Tân Phú"));
    t
}

async fn story(s: &dyn Store) -> Vec<String> {
    let mut t = Vec::new();
    for o in tree() {
        s.put_org(&o).await.unwrap();
    }
    // A cell directly under the centre breaks the tree's rules.
    let bad = s.put_org(&org(99, Some(1), OrgKind::Cell, "x")).await.unwrap_err();
    assert!(matches!(bad, StoreError::Org(_)), "{bad}");
    t.push(format!("bad parent: {bad}"));
    let orgs = s.all_orgs().await.unwrap();
    assert_eq!(orgs.len(), 8);
    OrgTree::from_nodes(orgs.clone()).expect("stored tree is valid");
    t.push(format!(
        "children of 2: {:?}",
        s.org_children(OrgId(2)).await.unwrap().iter().map(|o| o.id.0).collect::<Vec<_>>()
    ));

    // A person, read back exactly as written.
    let d = fixture();
    let p = s.create_person(OrgId(5), &d, "officer1").await.unwrap();
    assert_eq!(p.version, 1);
    let back = s.person(p.id).await.unwrap().unwrap();
    assert_eq!(back.declaration, d);
    t.push(format!("created {} in {} v{}", back.declaration.identity.full_name, back.org_id, back.version));

    let dup = s.create_person(OrgId(6), &d, "officer1").await.unwrap_err();
    assert!(matches!(dup, StoreError::Conflict(_)), "{dup}");
    t.push(format!("duplicate cccd: {dup}"));
    let not_a_cell = s.create_person(OrgId(3), &variant(1), "officer1").await.unwrap_err();
    assert!(matches!(not_a_cell, StoreError::Conflict(_)), "{not_a_cell}");
    let mut invalid = variant(2);
    invalid.identity.ethnicity = "Klingon".into();
    let inv = s.create_person(OrgId(5), &invalid, "officer1").await.unwrap_err();
    assert!(matches!(inv, StoreError::Invalid(_)), "{inv}");
    t.push(format!("invalid: {inv}"));

    // A second version keeps the first whole.
    let mut d2 = d.clone();
    d2.identity.permanent_residence = "Phường Trấn Biên, tỉnh Đồng Nai".into();
    d2.family.pop();
    let p2 = s.submit_declaration(p.id, &d2, "officer2", 1).await.unwrap();
    assert_eq!(p2.version, 2);
    let stale = s.submit_declaration(p.id, &d, "officer3", 1).await.unwrap_err();
    assert!(matches!(stale, StoreError::VersionConflict { expected: 1, current: 2 }), "{stale}");
    let versions = s.versions(p.id).await.unwrap();
    t.push(format!("versions: {:?}", versions.iter().map(|v| (v.version, v.submitted_by.clone())).collect::<Vec<_>>()));
    let v1 = s.declaration_version(p.id, 1).await.unwrap().unwrap();
    let v2 = s.declaration_version(p.id, 2).await.unwrap().unwrap();
    assert_eq!(v1, d);
    assert_eq!(v2, d2);
    assert!(s.declaration_version(p.id, 3).await.unwrap().is_none());
    let changes = diff_declarations(&v1, &v2);
    t.push(format!("diff: {:?}", changes.iter().map(|c| (c.kind, c.path.clone())).collect::<Vec<_>>()));
    assert_eq!(changes.len(), 2);

    // Summaries follow the change sequence, for the search index to catch up.
    let seq_before = s.max_change_seq().await.unwrap();
    let q = s.create_person(OrgId(7), &variant(3), "officer1").await.unwrap();
    let r = s.create_person(OrgId(8), &variant(4), "officer1").await.unwrap();
    let changed: Vec<i64> = s.stream_summaries(seq_before).map_ok(|x| x.id.0).try_collect().await.unwrap();
    assert_eq!(changed, vec![q.id.0, r.id.0]);

    // A transfer, then a merge of two grassroots cells (members move, history kept) and of
    // two communes (cells re-parented, their members re-indexed).
    let mv = s.move_person(p.id, OrgId(6), "2025-03-01", "Chuyển sinh hoạt").await.unwrap();
    t.push(format!("moved {} -> {}", mv.from_org, mv.to_org));
    let mut tree = OrgTree::from_nodes(s.all_orgs().await.unwrap()).unwrap();
    let on = chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
    let plan = tree.plan_merge(&[OrgId(7), OrgId(8)], MergeTarget::Existing(OrgId(7)), on).unwrap();
    let moves = s.merge_orgs(&plan, "Hợp nhất chi bộ").await.unwrap();
    tree.apply_merge(&plan).unwrap();
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].person_id, r.id);
    assert_eq!(s.person(r.id).await.unwrap().unwrap().org_id, OrgId(7));
    assert_eq!(s.moves(r.id).await.unwrap()[0].from_org, OrgId(8));
    let seq_before = s.max_change_seq().await.unwrap();
    let new = MergeTarget::New { id: OrgId(10), name: "Đảng bộ xã Tân Phú mới".into(), code: "TP".into() };
    let plan = tree.plan_merge(&[OrgId(3), OrgId(4)], new, on).unwrap();
    s.merge_orgs(&plan, "Sáp nhập xã").await.unwrap();
    tree.apply_merge(&plan).unwrap();
    let stored = OrgTree::from_nodes(s.all_orgs().await.unwrap()).unwrap();
    assert_eq!(stored.subtree(OrgId(10)), tree.subtree(OrgId(10)));
    assert_eq!(stored.get(OrgId(3)).unwrap().merged_into, Some(OrgId(10)));
    let reindexed: Vec<i64> = s.stream_summaries(seq_before).map_ok(|x| x.id.0).try_collect().await.unwrap();
    assert_eq!(reindexed, vec![p.id.0]);
    let in_new: Vec<i64> = s.persons_in_org(OrgId(10), 100).await.unwrap().iter().map(|x| x.id.0).collect();
    assert_eq!(in_new, vec![p.id.0]);
    t.push(format!("after merges: org 10 subtree {:?}", stored.subtree(OrgId(10))));
    let gone = s.create_person(OrgId(8), &variant(5), "officer1").await.unwrap_err();
    assert!(matches!(gone, StoreError::Org(_)), "{gone}");

    // Bulk import: all or nothing.
    let people: Vec<NewPerson> =
        (0..2500).map(|i| NewPerson { id: PersonId(1000 + i), org_id: OrgId(5), declaration: variant(i) }).collect();
    let mut w = s.bulk_writer().await.unwrap();
    w.write_orgs(vec![org(20, Some(10), OrgKind::Cell, "Chi bộ ấp 3")]).await.unwrap();
    w.write_persons(people[..1200].to_vec()).await.unwrap();
    w.write_persons(people[1200..].to_vec()).await.unwrap();
    let counts = w.commit("batch-1.jsonl", "hash-1").await.unwrap();
    t.push(format!("imported {counts:?}"));
    assert_eq!((counts.orgs, counts.persons, counts.relatives), (1, 2500, 10000));
    assert!(s.import_done("hash-1").await.unwrap());
    assert!(!s.import_done("hash-2").await.unwrap());
    assert_eq!(s.person(PersonId(1001)).await.unwrap().unwrap().declaration, variant(1));

    // A failing file leaves nothing behind, neither its good rows nor its record.
    let mut w = s.bulk_writer().await.unwrap();
    w.write_orgs(vec![org(21, Some(10), OrgKind::Cell, "Chi bộ ấp 4")]).await.unwrap();
    let dup = vec![NewPerson { id: PersonId(5000), org_id: OrgId(5), declaration: variant(0) }, people[0].clone()];
    let failed = match w.write_persons(dup).await {
        Err(e) => e,
        Ok(()) => w.commit("batch-2.jsonl", "hash-2").await.unwrap_err(),
    };
    t.push(format!("failed import: {}", matches!(failed, StoreError::Conflict(_))));
    assert!(s.org(OrgId(21)).await.unwrap().is_none());
    assert!(s.person(PersonId(5000)).await.unwrap().is_none());
    assert!(!s.import_done("hash-2").await.unwrap());
    // And an explicit rollback too.
    let mut w = s.bulk_writer().await.unwrap();
    w.write_orgs(vec![org(22, Some(10), OrgKind::Cell, "Chi bộ ấp 5")]).await.unwrap();
    w.rollback().await.unwrap();
    assert!(s.org(OrgId(22)).await.unwrap().is_none());

    // New persons after an import with explicit ids get fresh ids.
    let after = s.create_person(OrgId(20), &variant(7), "officer1").await.unwrap();
    assert!(after.id.0 > 3499, "{}", after.id);

    // Whole-store streams see everything once, in id order, with families intact.
    let all: Vec<_> = s.stream_persons().try_collect().await.unwrap();
    assert_eq!(all.len(), 2504);
    assert!(all.windows(2).all(|w| w[0].id < w[1].id));
    assert_eq!(all.iter().map(|r| r.declaration.family.len()).sum::<usize>(), 3 + 4 * 2503);
    let summaries: Vec<_> = s.stream_summaries(0).try_collect().await.unwrap();
    assert_eq!(summaries.len(), 2504);

    let stats = s.stats().await.unwrap();
    t.push(format!("stats: {stats:?}"));
    assert_eq!(stats.relatives_abroad, 2503, "v2 of the first person dropped the sibling abroad");
    assert_eq!(stats.declaration_versions, 1);
    t
}

on_every_backend!(story_on_sqlite, story_on_postgres, |db| story(&*db.store));

#[tokio::test]
async fn backends_tell_the_same_story() {
    let Some(b) = TestDb::postgres().await else { return };
    let a = TestDb::sqlite().await;
    let ta = story(&*a.store).await;
    let tb = story(&*b.store).await;
    for (x, y) in ta.iter().zip(&tb) {
        assert_eq!(x, y, "{} and {} differ", a.name, b.name);
    }
    assert_eq!(ta.len(), tb.len());
    a.close().await;
    b.close().await;
}

#[tokio::test]
async fn unknown_scheme_and_missing_file_are_errors() {
    assert!(matches!(bvctnb_store::DatabaseUrl::parse("mysql://x/y"), Err(StoreError::UnknownScheme(_))));
    let dir = tempfile::tempdir().unwrap();
    let url = bvctnb_store::DatabaseUrl::parse(&format!("sqlite://{}/none.db", dir.path().display())).unwrap();
    let e = bvctnb_store::open(&url, bvctnb_store::OpenMode::Existing).await.err().unwrap();
    assert!(matches!(e, StoreError::Missing(_)), "{e}");
    assert!(!dir.path().join("none.db").exists());
}
