//! Going abroad through the service: a private trip from the request to the report, on time
//! and late across the April holidays; the commitment required when visiting relatives; a
//! delegation with its passports; the lapses as findings of the pack; foreign relations kept
//! in step with the dossier; the PL1 and PL2 listings.

mod common;

use bvctnb_app::App;
use bvctnb_app::cases::Actor;
use bvctnb_app::rescreen;
use bvctnb_app::travel::{self as travel, DelegationInput, PassportInput, RelationInput, TripInput};
use bvctnb_core::Declaration;
use bvctnb_core::access::Role;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::OrgId;
use bvctnb_core::org::{OrgKind, OrgNode};
use bvctnb_core::travel::{FlagKind, ForeignTie, PassportKind, TravelRules, TripStage};
use bvctnb_store::PersonRecord;
use bvctnb_store::travel::TripFilter;
use bvctnb_testkit::TestDb;
use bvctnb_testkit::data::fixture;
use chrono::NaiveDate;
use common::{actor, date, refused};

/// A province (2), a commune committee (3) with a cell (5), and a unit (6, with its cell 7)
/// whose members report within 15 working days.
async fn world() -> (TestDb, App, Vec<PersonRecord>) {
    use OrgKind::*;
    let (db, app) = common::app_with(&[
        OrgNode::new(1, None, Central, "Trung ương"),
        OrgNode::new(2, Some(1), DirectlyUnderCentral, "Đảng bộ tỉnh Hà Tĩnh"),
        OrgNode::new(3, Some(2), GrassrootsCommittee, "Đảng bộ xã Cẩm Bình"),
        OrgNode::new(5, Some(3), Cell, "Chi bộ thôn 1"),
        OrgNode::new(6, Some(2), GrassrootsCommittee, "Đảng bộ Sở Ngoại vụ"),
        OrgNode::new(7, Some(6), Cell, "Chi bộ Phòng Lãnh sự"),
    ])
    .await;
    let mut rules = bvctnb_app::Rules::builtin().unwrap();
    rules.travel = TravelRules::parse("t", RULES).unwrap();
    let app = app.with_rules(rules);
    let d = fixture();
    let mut people = Vec::new();
    for (i, (name, org)) in [("Nguyễn Thị Hồng Nhung", 5), ("Lê Văn Tâm", 7), ("Phạm Thu Hà", 7)].iter().enumerate()
    {
        let mut x = if i == 0 { d.clone() } else { Declaration { family: vec![], ..d.clone() } };
        x.identity.full_name = (*name).into();
        x.identity.cccd = None;
        bvctnb_testkit::data::full_member(&mut x);
        people.push(app.create_person(OrgId(*org), &x, "canbo").await.unwrap());
    }
    (db, app, people)
}

const RULES: &str = "report_days = 7\npassport_days = 5\n[report_days_by_org]\n6 = 15\n";

fn request(countries: &str, from: &str, to: &str) -> TripInput {
    TripInput {
        countries: countries.into(),
        depart_on: Some(date(from)),
        return_on: Some(date(to)),
        purpose: "Du lịch cùng gia đình".into(),
        funding: "Tự túc".into(),
        ..TripInput::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_private_trip_from_request_to_report_across_the_april_holidays() {
    let (db, app, people) = world().await;
    let store = db.store.as_ref();
    let member = Actor { person: Some(people[0].id), ..actor("nhung", Role::Subject, 5) };
    let (secretary, committee, officer) =
        (actor("bithu", Role::CellSecretary, 5), actor("capuy", Role::Committee, 3), actor("canbo", Role::Officer, 3));

    // Visiting a brother in Korea: no submission without the commitment (Phụ lục II).
    let mut req = request("Hàn Quốc", "2026-04-18", "2026-04-27");
    req.visits_relatives = true;
    req.visits = "Em trai Nguyễn Văn Minh, Seoul".into();
    refused(app.on(date("2026-04-01")).file_trip(&member, &people[0], req.clone(), true).await, "Phụ lục II");
    let draft = app.on(date("2026-04-01")).file_trip(&member, &people[0], req, false).await.unwrap();
    assert_eq!(draft.stage, TripStage::Draft);
    refused(app.on(date("2026-04-01")).submit_trip(&member, &draft, "", vec![]).await, "Phụ lục II");
    let t = app.on(date("2026-04-02")).submit_trip(&member, &draft, "Tôi cam kết …", vec![]).await.unwrap();
    assert_eq!(t.stage, TripStage::CellOpinion);

    refused(app.on(date("2026-04-03")).decide_trip(&committee, &t, true, "", "").await, "chi bộ");
    let t = app.on(date("2026-04-03")).cell_opinion(&secretary, &t, "Đồng ý đề nghị").await.unwrap();
    refused(app.on(date("2026-04-06")).decide_trip(&committee, &t, false, "", " ").await, "lý do");
    let t = app.on(date("2026-04-06")).decide_trip(&committee, &t, true, "12-CV/ĐU", "").await.unwrap();
    assert_eq!((t.stage, t.decider_name.as_deref()), (TripStage::Approved, Some("Đồng chí capuy")));
    let notices = store.trip_notices(people[0].id, 10).await.unwrap();
    assert!(notices[0].text.contains("đã được đồng ý"), "{:?}", notices);

    // Back on Tuesday 28/04: 30/4–1/5 are holidays, so 7 working days run to 11/05.
    refused(app.on(date("2026-04-29")).record_return(&officer, &t, Some(date("2026-04-10"))).await, "trước");
    let t = app.on(date("2026-04-29")).record_return(&officer, &t, Some(date("2026-04-28"))).await.unwrap();
    assert_eq!(t.report_due.as_deref(), Some("2026-05-11"));
    let flags = app.on(date("2026-05-11")).flags_of_person(people[0].id).await.unwrap();
    assert!(flags.is_empty(), "due today is not late: {flags:?}");
    let flags = app.on(date("2026-05-12")).flags_of_person(people[0].id).await.unwrap();
    assert_eq!(flags.iter().map(|f| f.kind).collect::<Vec<_>>(), vec![FlagKind::ReportMissing]);

    // The lapse is a finding of the pack, cited to its rule, for an officer to handle.
    let packs = bvctnb_rules::load_dir_or_builtin(std::path::Path::new("/nonexistent")).unwrap();
    let pack = &bvctnb_rules::current(&packs).unwrap().pack;
    let found = bvctnb_rules::travel_findings(pack, CaseKind::Review, &flags);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].rule_id, "chua-bao-cao-sau-chuyen-di");
    assert!(found[0].citation.to_string().contains("01-HD/BTCTW"), "{}", found[0].citation);

    // Filed a day late: kept, marked late; the flag goes away.
    let t = app.on(date("2026-05-12")).file_report(&member, &t, "Đã về nước an toàn", vec![]).await.unwrap();
    assert_eq!(t.stage, TripStage::Reported);
    let ev = store.trip_events(t.id).await.unwrap();
    assert_eq!(ev.last().unwrap().detail, "nộp sau hạn");
    assert!(app.on(date("2026-05-12")).flags_of_person(people[0].id).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_unit_with_its_own_period_and_an_undecided_trip() {
    let (db, app, people) = world().await;
    let store = db.store.as_ref();
    let member = Actor { person: Some(people[1].id), ..actor("tam", Role::Subject, 6) };
    let t = app
        .on(date("2026-04-01"))
        .file_trip(&member, &people[1], request("Lào", "2026-04-10", "2026-04-20"), true)
        .await
        .unwrap();
    // Departure day passed with no decision: surfaced, never concluded.
    let flags = app.on(date("2026-04-11")).flags_of_person(people[1].id).await.unwrap();
    assert_eq!(flags[0].kind, FlagKind::Unapproved);
    let late = TripFilter { undecided_before: Some("2026-04-11".into()), ..TripFilter::default() };
    assert_eq!(store.count_trips(OrgId(2), &late).await.unwrap(), 1);
    assert_eq!(store.count_trips(OrgId(3), &late).await.unwrap(), 0, "another subtree");
    let t = app.on(date("2026-04-02")).cell_opinion(&actor("b", Role::CellSecretary, 6), &t, "Đồng ý").await.unwrap();
    let t = app.on(date("2026-04-03")).decide_trip(&actor("c", Role::Committee, 6), &t, true, "", "").await.unwrap();
    let t = app
        .on(date("2026-04-29"))
        .record_return(&actor("o", Role::Officer, 6), &t, Some(date("2026-04-28")))
        .await
        .unwrap();
    let due: NaiveDate = t.report_due.as_deref().unwrap().parse().unwrap();
    assert_eq!(app.calendar().working_days_between(date("2026-04-28"), due), 15, "the unit's own period");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delegation_its_passports_and_the_leaders_report() {
    let (db, app, people) = world().await;
    let store = db.store.as_ref();
    let officer = actor("canbo", Role::Officer, 2);
    let input = DelegationInput {
        decision_number: "245-QĐ/TU".into(),
        decided_on: Some(date("2026-03-20")),
        decided_by: "Ban Thường vụ Tỉnh ủy".into(),
        leader: Some(people[1].id),
        members: vec![people[2].id],
        countries: "Nhật Bản".into(),
        depart_on: Some(date("2026-04-20")),
        return_on: Some(date("2026-04-27")),
        purpose: "Học tập kinh nghiệm".into(),
        funding: "Ngân sách tỉnh".into(),
        arrangement: None,
    };
    let d = app.on(date("2026-03-21")).create_delegation(&officer, OrgId(2), input).await.unwrap();
    let members = store.delegation_trips(d.id).await.unwrap();
    assert_eq!(members.len(), 2);
    assert!(members.iter().all(|m| m.trip.stage == TripStage::Approved && m.trip.decision_number.is_some()));

    let pp = PassportInput {
        person: Some(people[1].id),
        kind: Some(PassportKind::Official),
        number: "c1234567".into(),
        issued_on: Some(date("2024-01-02")),
        expires_on: Some(date("2029-01-02")),
    };
    let passport = app.register_passport(&officer, pp.clone()).await.unwrap();
    refused(app.register_passport(&officer, pp).await, "đã có trong sổ");
    // Never for a private trip.
    let member = Actor { person: Some(people[1].id), ..actor("tam", Role::Subject, 6) };
    let private = app
        .on(date("2026-03-22"))
        .file_trip(&member, &people[1], request("Lào", "2026-06-01", "2026-06-05"), true)
        .await
        .unwrap();
    refused(app.on(date("2026-04-10")).hand_out_passport(&officer, passport, private.id).await, "việc riêng");
    let leader_trip = members.iter().find(|m| m.trip.person_id == people[1].id).unwrap().trip.id;
    app.on(date("2026-04-10")).hand_out_passport(&officer, passport, leader_trip).await.unwrap();
    refused(app.on(date("2026-04-10")).hand_out_passport(&officer, passport, leader_trip).await, "đang được giao");

    let d = app.on(date("2026-04-28")).delegation_return(&officer, &d, Some(date("2026-04-28"))).await.unwrap();
    let out = store.passport(passport).await.unwrap().unwrap().out.unwrap();
    assert_eq!(out.due_on.as_deref(), Some("2026-05-07"), "5 working days past the holidays");
    let overdue = store.passports_in_scope(OrgId(2), Some("2026-05-08"), &[], 10).await.unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(store.count_passports_overdue(OrgId(2), "2026-05-08").await.unwrap(), 1);
    assert_eq!(store.count_passports_overdue(OrgId(2), "2026-05-07").await.unwrap(), 0, "due that day, not late");
    let flags = app.on(date("2026-05-08")).flags_of_person(people[1].id).await.unwrap();
    assert!(flags.iter().any(|f| f.kind == FlagKind::PassportNotReturned), "{flags:?}");
    app.on(date("2026-05-08")).take_back_passport(&officer, passport, None).await.unwrap();
    assert!(store.passports_in_scope(OrgId(2), Some("2026-05-08"), &[], 10).await.unwrap().is_empty());
    assert_eq!(store.count_passports_overdue(OrgId(2), "2026-05-08").await.unwrap(), 0);

    app.on(date("2026-05-04")).delegation_report(&officer, &d, "Đoàn đã hoàn thành chương trình").await.unwrap();
    let members = store.delegation_trips(d.id).await.unwrap();
    assert!(members.iter().all(|m| m.trip.stage == TripStage::Reported), "the leader's report covers everyone");

    // PL1 lists the delegation's trips with the decision; the private one waits for decision.
    let pl1 = app.pl1(OrgId(2), &TripFilter::default(), 100).await.unwrap();
    assert_eq!(pl1.rows.len(), 3);
    assert!(pl1.rows.iter().any(|(_, r)| r[4].starts_with("245-QĐ/TU")), "{:?}", pl1.rows);
    let japan = TripFilter { country: Some("nhật".into()), ..TripFilter::default() };
    assert_eq!(app.pl1(OrgId(2), &japan, 100).await.unwrap().rows.len(), 2);
    let hidden = TripFilter { exclude: vec![people[1].id], ..TripFilter::default() };
    assert_eq!(app.pl1(OrgId(2), &hidden, 100).await.unwrap().rows.len(), 1);
    let xlsx = travel::listings::listing_xlsx(&pl1, "Tỉnh", "Tất cả").unwrap();
    assert!(xlsx.starts_with(b"PK"), "an xlsx is a zip");
}

#[tokio::test(flavor = "multi_thread")]
async fn foreign_relations_are_versioned_and_keep_the_dossier_in_step() {
    let (db, app, people) = world().await;
    app.set_today(Some(date("2026-05-01")));
    let member = Actor { person: Some(people[0].id), ..actor("nhung", Role::Subject, 5) };
    // The brother (family row 3) moved from Korea to Japan.
    let input = RelationInput {
        kind: Some(ForeignTie::RelativeAbroad),
        relative: Some(3),
        country: "Nhật Bản".into(),
        since: "2025".into(),
        occupation: "Kỹ sư".into(),
        nationality: "Việt Nam".into(),
        ..RelationInput::default()
    };
    let first = app.declare_relation(&member, &people[0], input.clone()).await.unwrap();
    let rec = db.store.person(people[0].id).await.unwrap().unwrap();
    assert_eq!(rec.version, people[0].version + 1, "the dossier took a new version");
    assert_eq!(rec.declaration.family[3].abroad.as_ref().unwrap().country, "Nhật Bản");
    refused(
        app.declare_relation(&member, &rec, RelationInput { relative: Some(9), ..input.clone() }).await,
        "không có trong lý lịch",
    );
    let second = RelationInput { supersedes: Some(first), nationality: "Nhật Bản".into(), ..input };
    app.declare_relation(&member, &rec, second).await.unwrap();
    let all = db.store.relations_of_person(people[0].id).await.unwrap();
    assert_eq!(all.iter().map(|r| r.current).collect::<Vec<_>>(), vec![false, true], "both versions kept");

    let pl2 = app.pl2(OrgId(2), Some("nhật"), &[], 100).await.unwrap();
    assert_eq!(pl2.rows.len(), 1);
    assert_eq!(pl2.rows[0].1[6], "Nhật Bản");
    assert_eq!(pl2.rows[0].1[9], "Nhật Bản", "nationality from the latest declaration");
    assert!(app.pl2(OrgId(2), None, &[people[0].id], 100).await.unwrap().rows.is_empty());

    // An award waits for a named person's decision.
    let award = RelationInput {
        kind: Some(ForeignTie::Award),
        name: "Huân chương Hữu nghị".into(),
        country: "Lào".into(),
        ..RelationInput::default()
    };
    let id = app.declare_relation(&member, &rec, award).await.unwrap();
    assert!(db.store.relation(id).await.unwrap().unwrap().needs_approval);
    let committee = actor("capuy", Role::Committee, 3);
    refused(app.decide_relation(&committee, id, false, "").await, "lý do");
    app.decide_relation(&committee, id, true, "").await.unwrap();
    refused(app.decide_relation(&committee, id, true, "").await, "không chờ quyết định");
}

/// A lapse found in the trip register is a finding wherever the pack is applied: in a case
/// opened on the person and in a review campaign over their organisation, not only on the
/// dossier page.
#[tokio::test(flavor = "multi_thread")]
async fn the_lapses_reach_the_cases_and_the_campaigns() {
    let (db, app, people) = world().await;
    let member = Actor { person: Some(people[1].id), ..actor("tam", Role::Subject, 6) };
    app.on(date("2026-04-01"))
        .file_trip(&member, &people[1], request("Lào", "2026-04-10", "2026-04-20"), true)
        .await
        .unwrap();
    const RULE: &str = "di-nuoc-ngoai-chua-duoc-dong-y";
    let rules_of = |json: &str| -> Vec<String> {
        let e: bvctnb_rules::Evaluation = serde_json::from_str(json).unwrap();
        e.findings.into_iter().map(|f| f.rule_id).collect()
    };
    let officer = actor("o", Role::Officer, 2);
    let case = app.on(date("2026-04-11")).open_case(&officer, &people[1], CaseKind::Review, "Rà soát").await.unwrap();
    assert!(rules_of(&case.evaluation).contains(&RULE.to_string()), "{}", case.evaluation);
    assert!(case.has_issue, "a finding for review raises the case's issue");
    // A person with no trip gets no such finding.
    let other = app.open_case(&officer, &people[2], CaseKind::Review, "Rà soát").await.unwrap();
    assert!(!rules_of(&other.evaluation).contains(&RULE.to_string()));

    let store = db.store.clone();
    let pack = std::sync::Arc::new(app.current_pack().unwrap().clone());
    let (c, _) = rescreen::start_or_resume(store.as_ref(), &pack, CaseKind::Review, OrgId(6), "o", true).await.unwrap();
    rescreen::run(store.clone(), pack, &c, |_, _| {}).await.unwrap();
    let rows = store.campaign_results(c.id, None, 100, 0).await.unwrap();
    let row = rows.iter().find(|r| r.result.person_id == people[1].id).expect("the traveller is listed");
    let found: Vec<bvctnb_rules::Finding> = serde_json::from_str(&row.result.findings).unwrap();
    assert!(found.iter().any(|f| f.rule_id == RULE), "{found:?}");
    for r in rows.iter().filter(|r| r.result.person_id == people[2].id) {
        assert!(!r.result.findings.contains(RULE), "no trip, no lapse: {}", r.result.findings);
    }
}

/// What one person may attach is bounded per file and in all; a refusal names the field and
/// stores nothing.
#[tokio::test(flavor = "multi_thread")]
async fn attachments_are_bounded_per_file_and_per_person() {
    let (db, app, people) = world().await;
    let limits = bvctnb_app::UploadLimits { max_files: 3, max_file_mb: 1, max_person_mb: 1 };
    let app = app.with_upload_limits(limits);
    let member = Actor { person: Some(people[1].id), ..actor("tam", Role::Subject, 6) };
    let file = |kb: usize| bvctnb_store::workflow::NewFile {
        owner: "request".into(),
        file_name: "thu-moi.pdf".into(),
        mime: "text/html".into(),
        content: [b"%PDF-1.7\n".as_slice(), &vec![b'x'; kb * 1024]].concat(),
    };
    // Each filing its own days: one trip at a time.
    let mut month = 5;
    let mut with = |files| {
        month += 1;
        TripInput { files, ..request("Lào", &format!("2026-{month:02}-10"), &format!("2026-{month:02}-20")) }
    };
    let on = app.on(date("2026-05-01"));
    let t = on.file_trip(&member, &people[1], with(vec![file(600)]), false).await.unwrap();
    let kept = db.store.trip_files(t.id).await.unwrap();
    assert_eq!(kept[0].mime, "application/pdf", "the type is read from the bytes, not taken as given");
    let e = on.file_trip(&member, &people[1], with(vec![file(1100)]), false).await.unwrap_err();
    assert!(e.to_string().contains("tệp «thu-moi.pdf» quá 1 MB"), "{e}");
    let e = on.file_trip(&member, &people[1], with(vec![file(600)]), false).await.unwrap_err();
    assert!(e.to_string().contains("quá giới hạn 1 MB"), "{e}");
    assert_eq!(db.store.trips_of_person(people[1].id).await.unwrap().len(), 1, "nothing stored by a refusal");
}
