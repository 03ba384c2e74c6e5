//! The passport custody register and the delegations through real HTTP: a passport is
//! registered, refused for a private trip, handed out for a delegation's official trip, falls
//! due 5 working days after the recorded re-entry and shows as overdue once that day has
//! passed; the leader's report closes every member's trip; an officer out of scope sees
//! nothing of it, and nobody sees or handles their own or their relatives' passports.

mod common;

use bvctnb_app::cases::Actor;
use bvctnb_app::travel::TripInput;
use bvctnb_core::access::Role;
use bvctnb_core::ids::PersonId;
use bvctnb_core::travel::{TripKind, TripStage};
use bvctnb_store::audit::{AuditFilter, Outcome};
use chrono::{Duration, NaiveDate};
use common::{TestApp, get, post};
use reqwest::StatusCode;

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The part of the register page listing the overdue passports.
fn overdue_section(html: &str) -> &str {
    let from = html.find("id=\"overdue\"").expect("the register has an overdue section");
    let to = html[from..].find("id=\"register\"").map_or(html.len(), |i| from + i);
    &html[from..to]
}

async fn register(c: &reqwest::Client, t: &TestApp, person: PersonId, number: &str) -> (StatusCode, String) {
    let person = person.to_string();
    let fields = [
        ("person", person.as_str()),
        ("kind", "official"),
        ("number", number),
        ("issued_on", "01/02/2024"),
        ("expires_on", "01/02/2034"),
    ];
    let (s, _, html) = post(c, t, "/passports", "/passports", &fields).await;
    (s, html)
}

/// A private trip of `person`, approved by the committee through the app layer.
async fn approved_private_trip(t: &TestApp, person: PersonId) -> bvctnb_core::ids::TripId {
    let store = t.store.as_ref();
    let app = &t.state.app;
    let today = app.today();
    let officer = Actor {
        username: "capuy.tinh".into(),
        display_name: "Đồng chí Thường trực Tỉnh ủy".into(),
        role: Role::Committee,
        scope: Some(t.world.province),
        person: None,
    };
    let rec = store.person(person).await.unwrap().unwrap();
    let input = TripInput {
        countries: "Nhật Bản".into(),
        depart_on: Some(today + Duration::days(30)),
        return_on: Some(today + Duration::days(40)),
        purpose: "Du lịch cùng gia đình".into(),
        funding: "Tự túc".into(),
        ..Default::default()
    };
    let trip = app.file_trip(&officer, &rec, input, true).await.unwrap();
    let trip = app.cell_opinion(&officer, &trip, "Chi bộ đồng ý").await.unwrap();
    let trip = app.decide_trip(&officer, &trip, true, "5-QĐ/TU", "").await.unwrap();
    assert_eq!(trip.stage, TripStage::Approved);
    trip.id
}

async fn walk(t: TestApp) {
    let w = t.world.clone();
    let store = t.store.clone();
    let officer = t.login("canbo.tinh").await;
    let outsider = t.login("canbo.coso").await;
    let today = t.state.today();
    let holder = w.plain_in_a;

    // Registering: a malformed number comes back naming the field and what was typed.
    let (s, html) = register(&officer, &t, holder, "AB1").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("Số hộ chiếu «AB1»") && html.contains("role=\"alert\""), "{html}");
    assert!(html.contains("name=\"number\" value=\"AB1\""), "the typed form comes back");
    let (s, html) = register(&officer, &t, holder, "C1234567").await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("C1234567") && html.contains("Đang lưu giữ"), "{html}");
    let passport = store.passports_of_person(holder).await.unwrap()[0].id;
    let hand_out = format!("/passports/{passport}/hand-out");

    // A delegation of the province: the leader, a member of the cell and one of the other unit.
    let members = format!("{}, {}", w.subject_person, w.plain_in_b);
    let (depart, back) = (today - Duration::days(60), today - Duration::days(40));
    let leader = holder.to_string();
    let (decided_on, depart_s, back_s) = (dmy(today - Duration::days(70)), dmy(depart), dmy(back));
    let fields = [
        ("decision_number", "12-QĐ/TU"),
        ("decided_on", decided_on.as_str()),
        ("decided_by", "Ban Thường vụ Tỉnh ủy"),
        ("leader", leader.as_str()),
        ("members", members.as_str()),
        ("countries", "Lào; Campuchia"),
        ("depart_on", depart_s.as_str()),
        ("return_on", back_s.as_str()),
        ("purpose", "Trao đổi kinh nghiệm công tác bảo vệ chính trị nội bộ"),
        ("funding", "Ngân sách tỉnh"),
        ("arrangement", ""),
    ];
    let (s, landed, html) = post(&officer, &t, "/delegations", "/delegations", &fields).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let delegation: bvctnb_core::ids::DelegationId =
        landed.strip_prefix("/delegations/").expect("lands on the delegation").parse().unwrap();
    let page = format!("/delegations/{delegation}");
    assert!(html.contains("12-QĐ/TU") && html.contains(TripStage::Approved.label()), "{html}");
    assert_eq!(store.delegation_trips(delegation).await.unwrap().len(), 3);
    let (_, html) = get(&officer, &t, "/delegations").await;
    assert!(html.contains("Lào; Campuchia") && html.contains("Chưa ghi ngày nhập cảnh"), "{html}");

    // One cadre sent alone: the same decision form with no other member gives one official trip.
    let alone = w.plain_in_b.to_string();
    let mut single = fields.to_vec();
    single.retain(|(k, _)| !["decision_number", "leader", "members", "countries"].contains(k));
    single.extend([("decision_number", "13-QĐ/TU"), ("leader", &alone), ("members", ""), ("countries", "Singapore")]);
    let (s, landed, html) = post(&officer, &t, "/delegations", "/delegations", &single).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let sent: bvctnb_core::ids::DelegationId =
        landed.strip_prefix("/delegations/").expect("lands on the decision").parse().unwrap();
    let trips = store.delegation_trips(sent).await.unwrap();
    assert_eq!(trips.len(), 1, "one person, one trip");
    assert_eq!((trips[0].trip.person_id, trips[0].trip.stage), (w.plain_in_b, TripStage::Approved));

    // The passport is refused for a private trip, then handed out for the official one.
    let private = approved_private_trip(&t, holder).await.to_string();
    let (s, _, html) = post(&officer, &t, "/passports", &hand_out, &[("trip", private.as_str())]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("không được dùng cho chuyến đi việc riêng"), "{html}");
    let official = store.trips_of_person(holder).await.unwrap();
    let official = official.iter().find(|x| x.kind == TripKind::Official).expect("the delegation's trip").id;
    let (_, html) = get(&officer, &t, "/passports").await;
    assert!(html.contains(&format!("<option value=\"{official}\">")), "the approved trip is offered");
    let (_, html) = get(&officer, &t, &format!("/persons/{holder}")).await;
    assert!(html.contains(&format!("<a href=\"/trips/{official}\">")), "the dossier lists the trip: {html}");
    let (s, _, html) = post(&officer, &t, "/passports", &hand_out, &[("trip", official.to_string().as_str())]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains(&format!("Đã giao ngày {}", dmy(today))), "{html}");
    assert!(!overdue_section(&html).contains("C1234567"), "no due date before the re-entry");

    // The re-entry gives the loan its due date: 5 working days later, long past, so overdue.
    let (s, _, html) = post(&officer, &t, &page, &format!("{page}/return"), &[("reentry_on", "31/02/2026")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Ngày nhập cảnh «31/02/2026»"), "{html}");
    let (s, _, html) = post(&officer, &t, &page, &format!("{page}/return"), &[("reentry_on", back_s.as_str())]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains(&format!("Về nước ngày {}", dmy(back))), "{html}");
    let rules = t.state.app.rules();
    let due = rules.travel.passport_due(&rules.calendar, back);
    assert_eq!(rules.calendar.add_working_days(back, 5), due);
    let loan = store.passport_loans(passport).await.unwrap().pop().unwrap();
    assert_eq!(loan.due_on.as_deref(), Some(due.to_string().as_str()));
    let (_, html) = get(&officer, &t, "/passports").await;
    let overdue = overdue_section(&html);
    assert!(overdue.contains("C1234567") && overdue.contains(&format!("hạn nộp lại {}", dmy(due))), "{overdue}");

    // The leader's report closes every member's trip.
    let (s, _, html) = post(&officer, &t, &page, &format!("{page}/report"), &[("report", "  ")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Báo cáo của trưởng đoàn: phải ghi"), "{html}");
    let text = "Đoàn hoàn thành nhiệm vụ, không có vấn đề phát sinh";
    let (s, _, html) = post(&officer, &t, &page, &format!("{page}/report"), &[("report", text)]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains(text) && html.contains("Trưởng đoàn đã báo cáo"), "{html}");
    for m in store.delegation_trips(delegation).await.unwrap() {
        assert_eq!(m.trip.stage, TripStage::Reported, "trip {}", m.trip.id);
    }

    // Taken back: not on a future day, then today; no longer overdue.
    let take_back = format!("/passports/{passport}/take-back");
    let tomorrow = dmy(today + Duration::days(1));
    let (s, _, html) = post(&officer, &t, "/passports", &take_back, &[("returned_on", tomorrow.as_str())]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(&format!("Ngày nộp lại «{tomorrow}»")), "{html}");
    let (s, _, html) = post(&officer, &t, "/passports", &take_back, &[("returned_on", "")]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(!overdue_section(&html).contains("C1234567"));

    // Out of scope: the unit's officer neither opens the province's delegation nor sees the
    // passport of a member of the other unit, nor hands it out.
    let (s, _) = get(&outsider, &t, &page).await;
    assert!(matches!(s, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{s}");
    let (s, html) = get(&outsider, &t, "/passports").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("C1234567"), "another unit's passport is not listed");
    let (s, _, _) = post(&outsider, &t, "/passports", &hand_out, &[("trip", official.to_string().as_str())]).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "the holder out of scope answers as one that does not exist");

    // Recusal: the unit's officer keeps the provincial officer's own passport and records a
    // delegation with them; the provincial officer sees neither their passport nor their name.
    let (s, html) = register(&outsider, &t, w.officer_person, "D7654321").await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let (_, html) = get(&officer, &t, "/passports").await;
    assert!(!html.contains("D7654321"), "the officer's own passport is not listed to them");
    let (s, _) = register(&officer, &t, w.officer_relative, "E1112223").await;
    assert_eq!(s, StatusCode::NOT_FOUND, "nor may they register a relative's (whom they may not see at all)");
    let relative = format!("{}", w.officer_relative);
    let mut refused = fields.to_vec();
    refused.retain(|(k, _)| *k != "members");
    refused.push(("members", relative.as_str()));
    let (s, _, html) = post(&officer, &t, "/delegations", "/delegations", &refused).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(
        html.contains(&format!("hồ sơ số {relative}")) && html.contains("name=\"countries\" value=\"Lào; Campuchia\"")
    );
    let (leader_b, member_b) = (w.plain_in_b.to_string(), w.officer_person.to_string());
    let mut theirs = fields.to_vec();
    theirs.retain(|(k, _)| *k != "leader" && *k != "members");
    theirs.extend([("leader", leader_b.as_str()), ("members", member_b.as_str())]);
    let (s, landed, html) = post(&outsider, &t, "/delegations", "/delegations", &theirs).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let (s, html) = get(&officer, &t, &landed).await;
    assert_eq!(s, StatusCode::OK, "the province sees the unit's delegation");
    assert!(!html.contains(&format!("/persons/{}\"", w.officer_person)), "but not its own person in it");
    assert!(!html.contains(&format!("action=\"{landed}/return\"")), "and may not record for it");
    let (s, _, _) = post(&officer, &t, &landed, &format!("{landed}/return"), &[("reentry_on", back_s.as_str())]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Every read and write is in the audit trail, refusals included.
    let f = AuditFilter { person_id: Some(holder), limit: 1000, ..Default::default() };
    let trail = store.audit_entries(&f).await.unwrap();
    for (action, outcome) in [
        ("passport.register", Outcome::Ok),
        ("passport.register", Outcome::Failed),
        ("passport.hand_out", Outcome::Ok),
        ("passport.hand_out", Outcome::Failed),
        ("passport.take_back", Outcome::Ok),
        ("delegation.create", Outcome::Ok),
        ("delegation.return", Outcome::Ok),
        ("delegation.report", Outcome::Ok),
        ("delegation.read", Outcome::Ok),
    ] {
        assert!(trail.iter().any(|e| e.event.action == action && e.event.outcome == outcome), "{action} {outcome:?}");
    }
    assert!(trail.iter().any(|e| e.event.actor == "canbo.coso" && e.event.outcome == Outcome::Denied));
    let f = AuditFilter { actor: Some("canbo.tinh".into()), limit: 1000, ..Default::default() };
    let trail = store.audit_entries(&f).await.unwrap();
    assert!(trail.iter().any(|e| e.event.action == "passport.list" && e.event.outcome == Outcome::Ok));
    assert!(trail.iter().any(|e| e.event.action == "delegation.list" && e.event.outcome == Outcome::Ok));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passports_and_delegations_on_sqlite() {
    walk(common::start().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passports_and_delegations_on_postgres() {
    if let Some(t) = common::start_pg().await {
        walk(t).await;
    }
}
