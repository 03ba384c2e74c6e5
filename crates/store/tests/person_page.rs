//! The dossier page's read: the person with their relatives in one statement, and whether
//! they have cases, trips or passports, on every backend.

use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::OrgId;
use bvctnb_core::org::{OrgKind, OrgNode};
use bvctnb_core::travel::{PassportKind, TripKind, TripStage};
use bvctnb_store::cases::NewCase;
use bvctnb_store::travel::{NewPassport, NewTrip};
use bvctnb_store::{Holdings, Store};
use bvctnb_testkit::on_every_backend;

async fn page_story(s: &dyn Store) {
    use OrgKind::*;
    for o in [
        OrgNode::new(1, None, Central, "Trung ương"),
        OrgNode::new(2, Some(1), DirectlyUnderCentral, "Đảng bộ tỉnh Đồng Nai"),
        OrgNode::new(3, Some(2), GrassrootsCell, "Chi bộ Trường THPT Tân Phú"),
    ] {
        s.put_org(&o).await.unwrap();
    }
    let d = bvctnb_testkit::data::fixture();
    assert!(d.family.len() > 2, "the fixture has relatives whose order must survive the read");
    let p = s.create_person(OrgId(3), &d, "officer1").await.unwrap();
    let mut bare = d.clone();
    bare.identity.cccd = None;
    bare.identity.full_name = "Lê Văn Bình".into();
    bare.family.clear();
    let q = s.create_person(OrgId(3), &bare, "officer1").await.unwrap();

    let (rec, has) = s.person_page(p.id).await.unwrap().unwrap();
    assert_eq!(rec, s.person(p.id).await.unwrap().unwrap());
    assert_eq!(rec.declaration, d, "relatives come back whole and in their order");
    assert_eq!(has, Holdings::default());
    let (rec, _) = s.person_page(q.id).await.unwrap().unwrap();
    assert_eq!(rec.declaration, bare, "a person without relatives");
    assert!(s.person_page(bvctnb_core::ids::PersonId(999)).await.unwrap().is_none());

    s.add_passport(&NewPassport {
        person_id: p.id,
        org_id: OrgId(3),
        kind: PassportKind::Official,
        number: "B1234567".into(),
        issued_on: "2024-01-02".into(),
        expires_on: "2029-01-01".into(),
        created_by: "officer1".into(),
    })
    .await
    .unwrap();
    assert_eq!(s.person_page(p.id).await.unwrap().unwrap().1, Holdings { passports: true, ..Holdings::default() });

    let trip = NewTrip {
        kind: TripKind::Private,
        person_id: p.id,
        org_id: OrgId(3),
        countries: "Nhật Bản".into(),
        depart_on: "2026-12-01".into(),
        return_on: "2026-12-10".into(),
        purpose: "Du lịch".into(),
        funding: "Tự túc".into(),
        visits: String::new(),
        visits_relatives: false,
        commitment: None,
        stage: TripStage::Draft,
        unapproved: false,
        filed_on: "2026-11-20".into(),
        created_by: "officer1".into(),
    };
    s.create_trip(&trip, Vec::new()).await.unwrap();
    let case = NewCase {
        kind: CaseKind::Admission,
        person_id: p.id,
        org_id: OrgId(3),
        purpose: "Kết nạp".into(),
        stage_due: None,
        has_issue: false,
        pack_version: "qd57@1".into(),
        evaluation: "{}".into(),
        declaration_version: 1,
        opened_on: "2026-11-20".into(),
        opened_by: "officer1".into(),
    };
    s.create_case(&case, Vec::new(), Vec::new()).await.unwrap();
    assert_eq!(s.person_page(p.id).await.unwrap().unwrap().1, Holdings { cases: true, trips: true, passports: true });
    assert_eq!(s.person_page(q.id).await.unwrap().unwrap().1, Holdings::default(), "only their own");
}

on_every_backend!(person_page_on_sqlite, person_page_on_postgres, |db| page_story(&*db.store));
