//! The standard listings PL1–PL3 and the declarations of foreign relations through real HTTP:
//! PL1 shows approved trips of the scope with their decision, countries and dates and filters
//! them by country and period; PL2 comes from the dossiers' family tables, kept in step by the
//! member's own declarations; an award waits for the committee's decision. Nobody outside the
//! scope sees a row, and the officer's own dossier and their relative's are in no listing, no
//! count and no export.

mod common;

use bvctnb_app::cases::Actor;
use bvctnb_app::travel::TripInput;
use bvctnb_core::Declaration;
use bvctnb_core::PartialDate;
use bvctnb_core::access::Role;
use bvctnb_core::dossier::{Discipline, DisciplineLevel};
use bvctnb_core::family::{Abroad, RelationKind, Relative};
use bvctnb_core::ids::PersonId;
use bvctnb_store::audit::{AuditFilter, Outcome};
use chrono::NaiveDate;
use common::{TestApp, get, pdf_text, post, xlsx_text};
use reqwest::StatusCode;

/// A download: status, content type, disposition and bytes.
async fn download(c: &reqwest::Client, t: &TestApp, path: &str) -> (StatusCode, String, String, Vec<u8>) {
    let res = c.get(t.url(path)).send().await.unwrap();
    let header = |h: &str| res.headers().get(h).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let (ct, cd) = (header("content-type"), header("content-disposition"));
    (res.status(), ct, cd, res.bytes().await.unwrap().to_vec())
}

async fn edit(t: &TestApp, id: PersonId, change: impl FnOnce(&mut Declaration)) {
    let rec = t.store.person(id).await.unwrap().unwrap();
    let mut d = rec.declaration.clone();
    change(&mut d);
    d.validate().unwrap_or_else(|e| panic!("test declaration invalid: {e:?}"));
    t.state.app.submit_declaration(id, &d, "test", rec.version).await.unwrap();
}

/// A distinctive name, a relative abroad in the family table and a discipline (for PL3).
async fn prepare(t: &TestApp, id: PersonId, name: &str, relative: &str, country: &str) {
    let (name, relative, country) = (name.to_string(), relative.to_string(), country.to_string());
    edit(t, id, move |d| {
        d.identity.full_name = name;
        let mut r = Relative::new(RelationKind::Sibling, relative);
        r.birth_year = Some(1985);
        r.sex = Some(bvctnb_core::identity::Sex::Female);
        r.residence = country.clone();
        r.abroad = Some(Abroad { country, since: PartialDate::year_only(2012).ok(), occupation: "Kinh doanh".into() });
        d.family.push(r);
        d.discipline.push(Discipline {
            date: PartialDate::year_only(2018).unwrap(),
            level: DisciplineLevel::Reprimand,
            reason: "Vi phạm quy chế làm việc".into(),
            decided_by: "Chi bộ".into(),
        });
    })
    .await;
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%d/%m/%Y").unwrap()
}

/// The province's standing committee, who files, decides and cancels the test trips.
fn committee(t: &TestApp) -> Actor {
    Actor {
        username: "capuy.tinh".into(),
        display_name: "Đồng chí Thường trực Tỉnh ủy".into(),
        role: Role::Committee,
        scope: Some(t.world.province),
        person: None,
    }
}

/// A private trip of `person` to `countries`, filed two weeks before it leaves as a request
/// is (the app's today is left on that day).
async fn filed_trip(
    t: &TestApp,
    person: PersonId,
    countries: &str,
    (from, to): (&str, &str),
    purpose: &str,
) -> bvctnb_store::travel::TripRow {
    let rec = t.store.person(person).await.unwrap().unwrap();
    let input = TripInput {
        countries: countries.into(),
        depart_on: Some(day(from)),
        return_on: Some(day(to)),
        purpose: purpose.into(),
        funding: "Tự túc".into(),
        ..TripInput::default()
    };
    let app = t.state.app.on(day(from) - chrono::Duration::days(14));
    app.file_trip(&committee(t), &rec, input, true).await.unwrap()
}

/// A private trip of `person`, approved by the committee with decision `number`.
async fn approved_trip(t: &TestApp, person: PersonId, countries: &str, from: &str, to: &str, number: &str) {
    let trip = filed_trip(t, person, countries, (from, to), "Du lịch cùng gia đình").await;
    let app = &t.state.app;
    let trip = app.cell_opinion(&committee(t), &trip, "Chi bộ đồng ý").await.unwrap();
    app.decide_trip(&committee(t), &trip, true, number, "").await.unwrap();
    app.set_today(None);
}

/// A trip request filed and cancelled before it went.
async fn cancelled_trip(t: &TestApp, person: PersonId, countries: &str, from: &str, to: &str) {
    let trip = filed_trip(t, person, countries, (from, to), "Thăm người thân").await;
    let app = &t.state.app;
    app.cancel_trip(&committee(t), &trip).await.unwrap();
    app.set_today(None);
}

/// The table row of the page that names `needle`.
fn row_of<'a>(html: &'a str, needle: &str) -> &'a str {
    let i = html.find(needle).unwrap_or_else(|| panic!("{needle} listed"));
    let start = html[..i].rfind("<tr").unwrap();
    let end = i + html[i..].find("</tr>").unwrap();
    &html[start..end]
}

fn total(html: &str) -> usize {
    let i = html.find("id=\"total\">").expect("the page gives the total") + "id=\"total\">".len();
    html[i..i + html[i..].find('<').unwrap()].parse().unwrap()
}

const IN_A: &str = "Ưng Thị Ngọc Diễm";
const IN_B: &str = "Khổng Văn Bửu";
const OWN: &str = "Tôn Nữ Khánh Quỳnh";
const RELATIVE: &str = "Lã Văn Thưởng";

async fn walk(t: TestApp) {
    let w = &t.world;
    prepare(&t, w.plain_in_a, IN_A, "Ưng Thị Xa Xứ", "Úc").await;
    prepare(&t, w.plain_in_b, IN_B, "Khổng Thị Viễn", "Canada").await;
    prepare(&t, w.officer_person, OWN, "Tôn Nữ Hải Ngoại", "Pháp").await;
    prepare(&t, w.officer_relative, RELATIVE, "Lã Thị Phương Xa", "Đan Mạch").await;
    approved_trip(&t, w.plain_in_a, "Nhật Bản", "10/03/2026", "20/03/2026", "15-QĐ/ĐU").await;
    approved_trip(&t, w.plain_in_b, "Hàn Quốc", "01/05/2026", "10/05/2026", "16-QĐ/ĐU").await;
    approved_trip(&t, w.officer_person, "Pháp", "01/04/2026", "05/04/2026", "17-QĐ/TU").await;
    approved_trip(&t, w.officer_relative, "Đan Mạch", "01/04/2026", "05/04/2026", "18-QĐ/TU").await;
    cancelled_trip(&t, w.plain_in_a, "Lào", "01/07/2026", "05/07/2026").await;
    let officer = t.login("canbo.tinh").await;
    let outsider = t.login("canbo.coso").await;
    let province = t.login("capuy.tinh").await;
    let committee = t.login("capuy").await;
    let member = t.login("dangvien").await;
    let cell = t.login("bithu").await;

    // PL1: the trip with its decision, countries and dates.
    let (s, html) = get(&officer, &t, "/listings/pl1").await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let row = row_of(&html, IN_A);
    for want in ["15-QĐ/ĐU ngày", "Nhật Bản", "10/03/2026", "20/03/2026", "Tự túc"] {
        assert!(row.contains(want), "{want} in {row}");
    }
    assert!(row.contains(&format!("/persons/{}", w.plain_in_a)), "the name links to the dossier");
    assert!(html.contains(IN_B) && html.contains("/listings/pl1/export?format=xlsx"));
    // Filtered by country, by period; a bad date names the field and what was typed.
    let (_, html) = get(&officer, &t, "/listings/pl1?country=nh%E1%BA%ADt").await;
    assert!(html.contains(IN_A) && !html.contains(IN_B), "by country");
    assert!(html.contains("export?format=pdf&amp;country="), "the export keeps the filter");
    let (_, html) = get(&officer, &t, "/listings/pl1?from=01/05/2026&to=31/05/2026").await;
    assert!(html.contains(IN_B) && !html.contains(IN_A), "by period");
    let (s, html) = get(&officer, &t, "/listings/pl1?from=32/13/2026").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Từ ngày") && html.contains("32/13/2026"), "{html}");
    let (s, _) = get(&officer, &t, "/listings/pl9").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // A cancelled request is not a trip taken: PL1 leaves it out unless asked for.
    let (_, html) = get(&officer, &t, "/listings/pl1").await;
    assert!(!html.contains("Lào"), "cancelled trips are not listed by default");
    assert!(html.contains("<option value=\"\" selected>Được đồng ý, đã đi, đã về</option>"), "{html}");
    let (_, html) = get(&officer, &t, "/listings/pl1?status=cancelled").await;
    assert!(row_of(&html, "Lào").contains("Đã huỷ") && !html.contains("Nhật Bản"), "only the cancelled one");
    assert!(html.contains("export?format=xlsx&amp;status=cancelled"), "the export keeps the status");
    let (_, html) = get(&officer, &t, "/listings/pl1?status=all").await;
    assert!(html.contains("Lào") && html.contains("Nhật Bản"), "all of them when asked");
    let (s, html) = get(&officer, &t, "/listings/pl1?status=bogus").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Tình trạng") && html.contains("bogus"), "{html}");

    // Out of scope: the neighbouring unit's officer never sees unit A's trip.
    let (_, html) = get(&outsider, &t, "/listings/pl1").await;
    assert!(html.contains(IN_B) && !html.contains(IN_A), "scope bounds the listing");
    let (_, _, _, bytes) = download(&outsider, &t, "/listings/pl1/export?format=xlsx").await;
    let text = xlsx_text(&t, &bytes);
    assert!(text.contains(IN_B) && !text.contains(IN_A), "and its export");
    let (s, _) = get(&member, &t, "/listings/pl1").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a member has no listings");
    let (s, _, _, _) = download(&cell, &t, "/listings/pl1/export?format=xlsx").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a cell secretary sees the listing but exports no person list");

    // The exports: a real workbook with the names as written, and an official paper.
    let (s, ct, cd, bytes) = download(&officer, &t, "/listings/pl1/export?format=xlsx").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(cd.starts_with("attachment; filename=\"pl1-") && cd.ends_with(".xlsx\"") && cd.is_ascii(), "{cd}");
    let text = xlsx_text(&t, &bytes);
    assert!(text.contains(IN_A) && text.contains("15-QĐ/ĐU") && text.contains(IN_B), "names with diacritics");
    let (s, ct, _, bytes) = download(&officer, &t, "/listings/pl1/export?format=pdf&country=Nh%E1%BA%ADt").await;
    assert_eq!((s, ct.as_str()), (StatusCode::OK, "application/pdf"));
    if let Some(text) = pdf_text(&t, &bytes) {
        assert!(text.contains(IN_A) && text.contains("NGƯỜI LẬP BIỂU"), "{text}");
        assert!(text.contains("Cán bộ BVCTNB tỉnh") && !text.contains(IN_B), "signed by its maker, filtered");
        // Dates stay whole in their narrow cells; decision numbers may wrap after the slash.
        assert!(text.contains("10/03/2026") && text.contains("20/03/2026"), "dates not broken: {text}");
    }

    // PL2 from the family tables, filtered by country.
    let (s, html) = get(&officer, &t, "/listings/pl2").await;
    assert_eq!(s, StatusCode::OK);
    let row = row_of(&html, "Ưng Thị Xa Xứ");
    assert!(row.contains(IN_A) && row.contains("Úc") && row.contains("2012") && row.contains("Kinh doanh"), "{row}");
    let (_, html) = get(&officer, &t, "/listings/pl2?country=canada").await;
    assert!(html.contains("Khổng Thị Viễn") && !html.contains("Ưng Thị Xa Xứ"));
    // A unit inside the scope narrows the listing and its export; one outside it is refused.
    let (s, html) = get(&officer, &t, &format!("/listings/pl2?org={}", w.unit_a)).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Ưng Thị Xa Xứ") && !html.contains("Khổng Thị Viễn"), "only unit A");
    assert!(html.contains(&format!("<option value=\"{}\" selected>", w.unit_a)), "the unit stays picked");
    assert!(html.contains(&format!("export?format=xlsx&amp;org={}", w.unit_a)), "the export keeps the unit");
    let (_, _, _, bytes) = download(&officer, &t, &format!("/listings/pl2/export?format=xlsx&org={}", w.unit_a)).await;
    let text = xlsx_text(&t, &bytes);
    assert!(text.contains("Ưng Thị Xa Xứ") && !text.contains("Khổng Thị Viễn"), "the export covers the unit only");
    for path in
        [format!("/listings/pl2?org={}", w.unit_a), format!("/listings/pl2/export?format=xlsx&org={}", w.unit_a)]
    {
        let (s, _) = get(&outsider, &t, &path).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}: a unit outside the scope");
    }
    let (s, _) = get(&officer, &t, "/listings/pl2?org=abc").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "an unreadable unit is named, not ignored");

    // The member declares a relative abroad: the dossier gets a new version, PL2 the row.
    let subject = w.subject_person;
    let before = t.store.person(subject).await.unwrap().unwrap();
    let idx = before.declaration.family.iter().position(|r| r.abroad.is_none()).expect("a relative at home");
    let relative = before.declaration.family[idx].full_name.clone();
    let idx = idx.to_string();
    let declare = |kind: &'static str, extra: Vec<(&'static str, String)>| {
        let mut f = vec![("kind", kind.to_string())];
        f.extend(extra);
        f
    };
    let fields = declare("relative_abroad", vec![("country", "Cộng hòa Liên bang Đức".into())]);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (s, _, html) = post(&member, &t, "/me/relations", "/me/relations", &fields).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "the relative must be chosen");
    assert!(html.contains("Thân nhân:") && html.contains("value=\"Cộng hòa Liên bang Đức\""), "{html}");
    let fields = declare(
        "relative_abroad",
        vec![
            ("relative", idx.clone()),
            ("country", "Cộng hòa Liên bang Đức".into()),
            ("since", "2019".into()),
            ("occupation", "Kỹ sư phần mềm".into()),
            ("nationality", "Đức".into()),
        ],
    );
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (s, landed, html) = post(&member, &t, "/me/relations", "/me/relations", &fields).await;
    assert_eq!((s, landed.as_str()), (StatusCode::OK, "/me/relations"), "{html}");
    assert!(html.contains("Đã ghi bản khai") && html.contains(&relative) && html.contains("Hiện hành"));
    let after = t.store.person(subject).await.unwrap().unwrap();
    assert!(after.version > before.version, "a new dossier version");
    let abroad = after.declaration.family[idx.parse::<usize>().unwrap()].abroad.clone().expect("abroad recorded");
    assert_eq!(abroad.country, "Cộng hòa Liên bang Đức");
    let (_, html) = get(&officer, &t, "/listings/pl2").await;
    let row = row_of(&html, &relative);
    assert!(row.contains("Kỹ sư phần mềm") && row.contains("<td>Đức</td>"), "nationality from the declaration: {row}");
    // A change supersedes the declaration; the old version stays, marked.
    let first = t.store.relations_of_person(subject).await.unwrap()[0].id;
    let (_, html) = get(&member, &t, &format!("/me/relations?supersedes={first}")).await;
    assert!(html.contains(&format!("name=\"supersedes\" value=\"{first}\"")), "the change is prefilled");
    let fields = [
        ("kind", "relative_abroad"),
        ("relative", idx.as_str()),
        ("country", "Áo"),
        ("nationality", "Đức"),
        ("supersedes", "abc"),
    ];
    let (s, _, html) = post(&member, &t, "/me/relations", "/me/relations", &fields).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Thay bản khai số") && html.contains("«abc»"), "{html}");
    let first_s = first.to_string();
    let mut fields = fields[..4].to_vec();
    fields.push(("supersedes", first_s.as_str()));
    let (s, _, html) = post(&member, &t, "/me/relations", "/me/relations", &fields).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let second = t.store.relations_of_person(subject).await.unwrap().last().unwrap().id;
    assert!(html.contains(&format!("Đã được thay bằng bản khai số {second}")), "{html}");

    // An award waits for the committee; the officer sees it but does not decide.
    let fields = [("kind", "award"), ("name", "Huân chương Hữu nghị"), ("country", "Lào")];
    let (s, _, html) = post(&member, &t, "/me/relations", "/me/relations", &fields).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Chờ quyết định"));
    let award = t.store.relations_of_person(subject).await.unwrap().last().unwrap().id;
    let decide = format!("/relations/{award}/decide");
    let (s, html) = get(&officer, &t, "/relations").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Huân chương Hữu nghị") && !html.contains(&decide), "no form for the officer");
    let (s, _, _) = post(&officer, &t, "/relations", &decide, &[("decision", "approve"), ("reason", "")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, html) = get(&committee, &t, "/relations").await;
    assert!(html.contains(&decide), "the committee decides");
    let (s, _, html) = post(&committee, &t, "/relations", &decide, &[("decision", "refuse"), ("reason", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Lý do"), "{html}");
    let (s, landed, _) = post(&committee, &t, "/relations", &decide, &[("decision", "approve"), ("reason", "")]).await;
    assert_eq!((s, landed.as_str()), (StatusCode::OK, "/relations"));
    let r = t.store.relation(award).await.unwrap().unwrap();
    assert_eq!(r.decision.map(|d| d.code()), Some("approved"));
    assert_eq!(r.decider_name.as_deref(), Some("Đồng chí cấp ủy"));
    let (_, html) = get(&member, &t, "/me/relations").await;
    assert!(html.contains("Được đồng ý"));

    // Recusal: the officer's own dossier and their relative's are in no listing, no count,
    // no export; the provincial committee, with no dossier of its own, sees both.
    for code in ["pl1", "pl2", "pl3"] {
        let (s, html) = get(&officer, &t, &format!("/listings/{code}")).await;
        assert_eq!(s, StatusCode::OK, "{code}");
        assert!(html.contains(IN_A), "{code} lists the others");
        assert!(!html.contains(OWN) && !html.contains(RELATIVE), "{code} hides the officer's own");
        let (_, other) = get(&province, &t, &format!("/listings/{code}")).await;
        assert!(other.contains(OWN) && other.contains(RELATIVE), "{code} for the committee");
        if code != "pl2" {
            assert_eq!(total(&other), total(&html) + 2, "{code}: the count leaves them out too");
        }
        let (_, _, _, bytes) = download(&officer, &t, &format!("/listings/{code}/export?format=xlsx")).await;
        let text = xlsx_text(&t, &bytes);
        assert!(text.contains(IN_A) && !text.contains(OWN) && !text.contains(RELATIVE), "{code} export");
        let (s, _, _, bytes) = download(&officer, &t, &format!("/listings/{code}/export?format=pdf")).await;
        assert_eq!(s, StatusCode::OK, "{code} pdf");
        if let Some(text) = pdf_text(&t, &bytes) {
            assert!(text.contains(IN_A) && !text.contains(OWN) && !text.contains(RELATIVE), "{code} pdf: {text}");
        }
    }
    let (_, html) = get(&officer, &t, "/relations").await;
    assert!(!html.contains(OWN) && !html.contains(RELATIVE));

    // Every read and write is in the audit trail, refusals included.
    let f = AuditFilter { limit: 5000, ..Default::default() };
    let trail = t.store.audit_entries(&f).await.unwrap();
    let has =
        |action: &str, outcome: Outcome| trail.iter().any(|e| e.event.action == action && e.event.outcome == outcome);
    for action in ["listing.read", "listing.export", "self.relations", "self.relation_declare", "relation.list"] {
        assert!(has(action, Outcome::Ok), "{action} audited");
    }
    assert!(has("relation.decide", Outcome::Ok) && has("relation.decide", Outcome::Denied));
    assert!(has("self.relation_declare", Outcome::Failed) && has("listing.read", Outcome::Failed));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listings_and_foreign_relations_on_sqlite() {
    walk(common::start().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listings_and_foreign_relations_on_postgres() {
    if let Some(t) = common::start_pg().await {
        walk(t).await;
    }
}
