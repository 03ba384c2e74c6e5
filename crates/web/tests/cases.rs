//! An admission case through real HTTP, from opening to decision: each party logs in and does
//! its own step, each refusal the procedure requires comes back with its reason, the subject
//! follows the case and explains with an attachment, and nothing leaks outside the scope.

mod common;

use bvctnb_core::PartialDate;
use bvctnb_core::dossier::{FormerRegimeBranch, HistoricalFact, Provenance};
use bvctnb_core::family::{RelationKind, Relative};
use bvctnb_core::ids::PersonId;
use bvctnb_store::audit::{AuditFilter, Outcome};
use common::{TestApp, get, pdf_text, post_multipart, stage_of};
use reqwest::StatusCode;

/// Posts a form with the CSRF token of `page`; the status and the final page.
async fn post(
    c: &reqwest::Client,
    t: &TestApp,
    page: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let (s, _, html) = common::post(c, t, page, path, fields).await;
    (s, html)
}

/// Gives the subject a father who served in the former regime's army: a finding to explain.
async fn with_father(t: &TestApp, id: PersonId) -> String {
    let rec = t.store.person(id).await.unwrap().unwrap();
    let mut d = rec.declaration.clone();
    d.family.retain(|r| r.relation != RelationKind::Father);
    let mut father = Relative::new(RelationKind::Father, "Trần Văn Cựu");
    father.birth_year = Some((d.identity.birth_date.year() - 25).min(1945));
    father.residence = "xã Hòa Phú, huyện Củ Chi, TP Hồ Chí Minh".into();
    father.hometown = "xã Tân Thông Hội, huyện Củ Chi, TP Hồ Chí Minh".into();
    father.facts.push(HistoricalFact::FormerRegimePost {
        post: "Trung sĩ".into(),
        unit: "Sư đoàn 5".into(),
        branch: FormerRegimeBranch::Military,
        from: PartialDate::year_only(1968).unwrap(),
        to: Some(PartialDate::year_only(1972).unwrap()),
        provenance: Provenance::default(),
    });
    d.family.push(father);
    // A mother who is a party member with a complete record (not to be verified) and a brother
    // abroad (reached only through the body for organisations abroad).
    d.family.retain(|r| r.relation != RelationKind::Mother);
    let mut mother = Relative::new(RelationKind::Mother, "Lê Thị Mận");
    mother.birth_year = Some(1950);
    mother.residence = "xã Hòa Phú, huyện Củ Chi, TP Hồ Chí Minh".into();
    mother.party_member = Some(serde_json::from_value(serde_json::json!({"record_complete": true})).unwrap());
    d.family.push(mother);
    let mut brother = Relative::new(RelationKind::Sibling, "Trần Văn Xa");
    brother.birth_year = Some(1980);
    brother.sex = Some(bvctnb_core::identity::Sex::Male);
    brother.residence = "Hàn Quốc".into();
    brother.abroad = Some(serde_json::from_value(serde_json::json!({"country": "Hàn Quốc", "since": "2015"})).unwrap());
    d.family.push(brother);
    d.validate().unwrap_or_else(|e| panic!("test declaration invalid: {e:?}"));
    t.state.app.submit_declaration(id, &d, "test", rec.version).await.unwrap();
    d.identity.full_name.clone()
}

/// The index of a relative in the subject's family table (the form's value for them).
async fn relative_index(t: &TestApp, id: PersonId, name: &str) -> String {
    let rec = t.store.person(id).await.unwrap().unwrap();
    rec.declaration.family.iter().position(|r| r.full_name == name).expect("relative declared").to_string()
}

async fn walk(t: TestApp) {
    let subject = t.world.applicant_person;
    let name = with_father(&t, subject).await;
    let officer = t.login("canbo.tinh").await;
    let cell = t.login("bithu").await;
    let committee = t.login("capuy").await;
    let province = t.login("capuy.tinh").await;
    let member = t.login("quanchung").await;
    let outsider = t.login("canbo.coso").await;
    let inspector = t.login("kiemtra").await;

    // Open.
    let new_page = format!("/persons/{subject}/cases/new");
    let (s, html) = post(&officer, &t, &new_page, &new_page, &[("kind", "admission"), ("purpose", "")]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let case = t.store.cases_of_person(subject).await.unwrap()[0].clone();
    let page = format!("/cases/{}", case.id);
    assert!(html.contains(&name) && stage_of(&html).contains("Tiếp nhận"), "lands on the case page");
    // The dossier lists the case (the page reads it only when the person has one).
    let (_, dossier) = get(&officer, &t, &format!("/persons/{subject}")).await;
    assert!(dossier.contains(&format!("<a href=\"/cases/{}\">#{}", case.id, case.id)), "{dossier}");
    let reqs = t.store.case_requests(case.id).await.unwrap();
    let father = reqs.iter().find(|r| r.person_label.contains("Trần Văn Cựu")).expect("the father is to be verified");
    // A second admission case, a kind that does not fit an applicant, a kind left unchosen and
    // a purpose of 5 000 characters are refused, each with the form as typed.
    let (s, html) = post(&officer, &t, &new_page, &new_page, &[("kind", "admission"), ("purpose", "")]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains(&format!("hồ sơ #{}", case.id)) && html.contains(&format!("href=\"/cases/{}\"", case.id)));
    let (s, html) = post(&officer, &t, &new_page, &new_page, &[("kind", "committee"), ("purpose", "Ủy viên")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Loại hồ sơ: hồ sơ «Tham gia cấp ủy» không dùng cho người xin vào đảng"), "{html}");
    assert!(!html.contains("<option value=\"committee\""), "a kind that does not fit is not offered");
    let (s, html) = post(&officer, &t, &new_page, &new_page, &[("kind", ""), ("purpose", "Kế toán")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Loại hồ sơ: chọn loại hồ sơ") && html.contains("value=\"Kế toán\""), "{html}");
    let long = "x".repeat(5000);
    let (s, html) = post(&officer, &t, &new_page, &new_page, &[("kind", "key_post"), ("purpose", &long)]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("dài 5000 ký tự, tối đa 300 ký tự") && !html.contains("purpose:"), "{html}");
    assert_eq!(t.store.cases_of_person(subject).await.unwrap().len(), 1, "nothing more was opened");
    // Stopping a case is never one click: the confirmation box must be ticked.
    let (s, html) = post(&officer, &t, &page, &format!("{page}/withdraw"), &[("reason", "Nhầm người")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"err-withdraw-confirm\">đánh dấu ô xác nhận để dừng hồ sơ"), "{html}");
    assert!(html.contains("value=\"Nhầm người\""), "the reason is kept");
    assert!(t.store.case(case.id).await.unwrap().unwrap().stage.is_open());

    // Nothing is sent before the cell seals; the refusal says what comes first.
    let send = format!("{page}/requests/{}/send", father.id);
    let (s, html) = post(
        &officer,
        &t,
        &page,
        &send,
        &[("sent_on", "01/01/2026"), ("body", "Đảng ủy xã"), ("carrier_mode", "post")],
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("đóng dấu giáp lai"), "{html}");
    // The cell seals (the officer may not do the committee's part, the cell may).
    let (s, _) = post(&committee, &t, &page, &format!("{page}/accept"), &[("text", "x")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, html) =
        post(&cell, &t, &page, &format!("{page}/accept"), &[("text", "Đã đóng dấu giáp lai 6 trang")]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(stage_of(&html).contains("Thẩm tra"), "{}", stage_of(&html));

    // Verification cannot end with requests open.
    let (s, html) = post(&officer, &t, &page, &format!("{page}/finish-verification"), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("Trần Văn Cựu"), "the open requests are named");

    // Neither the applicant nor a relative carries a request.
    for carrier in [name.as_str(), "Trần Văn Cựu"] {
        let fields = [
            ("sent_on", "01/01/2026"),
            ("body", "Đảng ủy xã"),
            ("carrier_mode", "in_person"),
            ("carrier_name", carrier),
        ];
        let (s, html) = post(&officer, &t, &page, &send, &fields).await;
        assert_eq!(s, StatusCode::CONFLICT, "{carrier}");
        assert!(html.contains("không được giao"), "{html}");
        assert!(html.contains(&format!("name=\"carrier_name\" value=\"{carrier}\"")), "the typed form comes back");
    }
    // A relative abroad is reached only through the body for organisations abroad; a relative
    // the pack does not verify cannot be added back.
    let brother = relative_index(&t, subject, "Trần Văn Xa").await;
    let add = |who: &str, channel: &'static str| {
        vec![
            ("person", who.to_string()),
            ("place", "Hàn Quốc".to_string()),
            ("body", "Đảng ủy xã Hòa Phú".to_string()),
            ("channel", channel.to_string()),
            ("points", "Lịch sử chính trị; chính trị hiện nay".to_string()),
            ("reason", "Anh ruột ở nước ngoài".to_string()),
        ]
    };
    let fields = add(&brother, "grassroots");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (s, html) = post(&officer, &t, &page, &format!("{page}/requests"), &fields).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("Đảng ủy Ngoài nước"), "{html}");
    let mother = relative_index(&t, subject, "Lê Thị Mận").await;
    let fields = add(&mother, "grassroots");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (s, html) = post(&officer, &t, &page, &format!("{page}/requests"), &fields).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("không phải thẩm tra") && html.contains("hồ sơ đầy đủ"), "{html}");
    let fields = add(&brother, "abroad");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (s, _) = post(&officer, &t, &page, &format!("{page}/requests"), &fields).await;
    assert_eq!(s, StatusCode::OK);

    // Send every planned request; answer them, the father's differing from the declaration.
    let today = t.state.today().format("%d/%m/%Y").to_string();
    let planned: Vec<_> = t
        .store
        .case_requests(case.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.status == bvctnb_core::case::verify::RequestStatus::Planned)
        .collect();
    assert!(!planned.is_empty());
    for r in &planned {
        let (s, html) = post(
            &officer,
            &t,
            &page,
            &format!("{page}/requests/{}/send", r.id),
            &[("sent_on", &today), ("body", &r.body), ("carrier_mode", "post")],
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{html}");
    }
    // An answer whose result cannot be read is refused and records nothing: it never
    // defaults to "matches", which would be a false "no discrepancy".
    let first = &planned[0];
    let garbled = vec![
        ("answered_on".to_string(), today.clone()),
        ("answer_ref".to_string(), "Công văn số 8-CV/ĐU".to_string()),
        ("result_0".to_string(), "khong-ro".to_string()),
    ];
    let (s, html) =
        post_multipart(&officer, &t, &page, &format!("{page}/requests/{}/answer", first.id), &garbled, None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("chọn kết quả của nội dung «"), "{html}");
    // A day that does not exist is told as such, beside its field, once; what was chosen and
    // typed comes back as it was, never "matches" and today's date.
    let mut typed = vec![
        ("answered_on".to_string(), "31/02/2025".to_string()),
        ("answer_ref".to_string(), "Công văn số 8-CV/ĐU".to_string()),
    ];
    for i in 0..bvctnb_app::cases::split_points(&first.points).len() {
        typed.push((format!("result_{i}"), "differs".into()));
        typed.push((format!("detail_{i}"), format!("Khác ở điểm {i}")));
    }
    let (s, html) =
        post_multipart(&officer, &t, &page, &format!("{page}/requests/{}/answer", first.id), &typed, None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let rid = first.id;
    assert!(
        html.contains(&format!(
            "<p class=\"error\" id=\"err-r{rid}-answered-on\">không có ngày 31/02/2025: tháng 2 năm 2025 có 28 ngày</p>"
        )),
        "{html}"
    );
    assert_eq!(html.matches("Ngày trả lời: không có ngày").count(), 1, "the summary names the label once");
    assert!(!html.contains("Ngày trả lời: Ngày trả lời"));
    assert!(html.contains("value=\"31/02/2025\"") && html.contains("value=\"Khác ở điểm 0\""), "{html}");
    assert!(html.contains("<option value=\"differs\" selected>"), "{html}");
    assert!(!html.contains("<option value=\"matches\" selected>"), "{html}");
    assert!(html.contains("autofocus id=\"error\""), "the summary takes focus");
    let still = t.store.case_requests(case.id).await.unwrap().into_iter().find(|r| r.id == first.id).unwrap();
    assert_eq!(still.status, bvctnb_core::case::verify::RequestStatus::Sent);
    assert!(still.answered_on.is_none());
    for r in &planned {
        let points = bvctnb_app::cases::split_points(&r.points);
        let differs = r.id == father.id;
        let mut fields = vec![
            ("answered_on".to_string(), today.clone()),
            ("answer_ref".to_string(), "Công văn số 9-CV/ĐU".to_string()),
            ("signer".to_string(), "Phó Bí thư Lê Văn Ba".to_string()),
        ];
        for i in 0..points.len() {
            fields.push((format!("result_{i}"), if differs { "differs" } else { "matches" }.into()));
            fields.push((
                format!("detail_{i}"),
                if differs { "Khai thiếu thời gian đi lính".into() } else { String::new() },
            ));
        }
        let file = differs.then_some(("tra-loi.pdf", b"%PDF-1.4 scan".as_slice()));
        let (s, html) =
            post_multipart(&officer, &t, &page, &format!("{page}/requests/{}/answer", r.id), &fields, file).await;
        assert_eq!(s, StatusCode::OK, "{html}");
    }
    let (_, html) = get(&officer, &t, &page).await;
    assert!(html.contains("Có vấn đề cần làm rõ"), "a differing answer raises an issue");
    assert!(html.contains("tra-loi.pdf"));
    let (s, _) = post(&officer, &t, &page, &format!("{page}/finish-verification"), &[]).await;
    assert_eq!(s, StatusCode::OK);
    let (s, html) =
        post(&cell, &t, &page, &format!("{page}/comment"), &[("text", "Quần chúng Nguyễn có lập trường vững vàng")])
            .await;
    assert_eq!(s, StatusCode::OK);
    assert!(stage_of(&html).contains("Giải trình"));

    // No certification before the conclusion the issue requires.
    let (s, html) = post(&committee, &t, &page, &format!("{page}/certify"), &[("text", "")]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("kết luận"), "{html}");

    // The subject is asked, follows the case on "Hồ sơ của tôi" and explains with an attachment.
    let (s, _) = post(
        &officer,
        &t,
        &page,
        &format!("{page}/ask-explanation"),
        &[("text", "Thời gian cha đẻ đi lính chế độ cũ")],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, html) = get(&member, &t, "/me").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(&format!("/me/cases/{}", case.id)) && html.contains("Giải trình của đồng chí"), "{html}");
    let own = format!("/me/cases/{}", case.id);
    let (_, html) = get(&member, &t, &own).await;
    assert!(html.contains("Thời gian cha đẻ đi lính chế độ cũ"));
    assert!(
        !html.contains("9-CV/ĐU") && !html.contains("Lê Văn Ba"),
        "answers and their signers are not shown to the subject"
    );
    let (s, _) = get(&member, &t, &page).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the subject uses self-service, not the officer's page");
    let fields = [("text".to_string(), "Cha tôi bị bắt lính năm 1968, tôi khai bổ sung".to_string())];
    let (s, html) =
        post_multipart(&member, &t, &own, &format!("{own}/explain"), &fields, Some(("giai-trinh.pdf", b"%PDF-1.4 x")))
            .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("giai-trinh.pdf"));

    // The conclusion needs the level the pack requires: not the commune's, the province's.
    let concl = [
        ("category", "co-van-de-khong-vi-pham"),
        ("grounds", "Cha đẻ đi lính chế độ cũ, không có nợ máu; đã giải trình"),
        ("signed_on", today.as_str()),
        ("signer_position", "Phó Bí thư Thường trực"),
    ];
    // The commune is offered only the categories its level may sign: not this one.
    let (_, html) = get(&committee, &t, &page).await;
    let offered = &html[html.find("<select id=\"category\"").expect("a conclusion form")..];
    let offered = &offered[..offered.find("</select>").unwrap()];
    assert!(offered.contains("value=\"khong-co-van-de\""), "{offered}");
    assert!(!offered.contains("co-van-de-khong-vi-pham"), "not a category above its level: {offered}");
    assert!(html.contains("id=\"return\""), "the commune may still return the case");
    let (s, html) = post(&committee, &t, &page, &format!("{page}/conclude"), &concl).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("phải do"), "{html}");
    let (s, html) = post(&province, &t, &page, &format!("{page}/conclude"), &concl).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Kết luận số 1-KL/TU"), "numbered from the province's register");
    assert!(html.contains("qd-58-2022@"), "the pack version is recorded");
    // The signer is not offered the review of their own conclusion; the commune below it is not
    // offered it either (review is for the level above the signer).
    assert!(!html.contains("Cấp trên xem xét lại"), "no review of one's own conclusion");
    let (_, below) = get(&committee, &t, &page).await;
    assert!(!below.contains("Cấp trên xem xét lại"), "no review from below");
    // The papers cite the regulation by its number and date, not the pack's tag, and address
    // the unit without the levels above.
    let c = t.store.case_conclusions(case.id).await.unwrap()[0].clone();
    let res = province.get(t.url(&format!("{page}/documents/conclusion-{}.pdf", c.id))).send().await.unwrap();
    let paper = pdf_text(&t, &res.bytes().await.unwrap()).unwrap();
    assert!(
        paper.contains("Căn cứ Quy định số 58-QĐ/TW năm 2022 về một số vấn đề bảo vệ chính trị nội bộ Đảng"),
        "{paper}"
    );
    assert!(!paper.contains("qd-58-2022") && !paper.contains(&c.pack_version), "{paper}");
    let res = province.get(t.url(&format!("{page}/documents/notice-{}.pdf", c.id))).send().await.unwrap();
    let notice = pdf_text(&t, &res.bytes().await.unwrap()).unwrap();
    assert!(!notice.contains("Trung ương ›") && !notice.contains('›'), "{notice}");
    let father_letter = t.store.case_requests(case.id).await.unwrap().into_iter().find(|r| r.id == father.id).unwrap();
    let res = officer.get(t.url(&format!("{page}/documents/letter-{}.pdf", father_letter.id))).send().await.unwrap();
    let letter = pdf_text(&t, &res.bytes().await.unwrap()).unwrap();
    assert!(letter.contains("lý lịch của Trần Văn Cựu"), "the relative is named first: {letter}");
    assert!(!letter.contains("của Cha đẻ"), "{letter}");
    // Sent by the provincial board: headed and signed as the province's standing committee.
    assert!(letter.contains("TỈNH ỦY") && letter.contains("T/M BAN THƯỜNG VỤ"), "{letter}");
    assert!(!letter.contains("T/M ĐẢNG ỦY"), "{letter}");
    assert!(paper.contains("T/M BAN THƯỜNG VỤ"), "{paper}");

    let (s, _) = post(&committee, &t, &page, &format!("{page}/certify"), &[("text", "")]).await;
    assert_eq!(s, StatusCode::OK);
    // The printed 2-KNĐ carries items (24)–(26) as recorded, not blank lines.
    let res = officer.get(t.url(&format!("{page}/documents/declaration.pdf"))).send().await.unwrap();
    let form = pdf_text(&t, &res.bytes().await.unwrap()).unwrap();
    for recorded in [
        "(Công văn số 9-CV/ĐU)",
        "Phó Bí thư Lê Văn Ba",
        "Quần chúng Nguyễn có lập trường vững vàng",
        "Có vấn đề về lịch sử chính trị và chính trị hiện nay",
    ] {
        assert!(form.contains(recorded), "{recorded} in the printed form: {form}");
    }
    let decide =
        [("number", "21-QĐ/ĐU"), ("decided_on", today.as_str()), ("outcome", "Kết nạp vào Đảng"), ("text", "")];
    let (s, html) = post(&committee, &t, &page, &format!("{page}/decide"), &decide).await;
    assert_eq!(s, StatusCode::OK);
    assert!(stage_of(&html).contains("Đã kết thúc"));
    let (_, html) = get(&member, &t, &own).await;
    assert!(html.contains("Kết nạp vào Đảng") && html.contains("1-KL/TU"));

    // Scope and roles: the neighbouring unit sees nothing (not even that the case exists), the
    // inspector reads but cannot act.
    let (s, _) = get(&outsider, &t, &page).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, html) = get(&outsider, &t, "/cases").await;
    assert!(!html.contains(&name), "an out-of-scope list does not name the subject");
    let (s, _) = get(&inspector, &t, &page).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = post(&inspector, &t, &page, &format!("{page}/withdraw"), &[("reason", "x")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The dashboard shows the case clocks of the scope; every step is in the audit trail.
    let (_, html) = get(&officer, &t, "/").await;
    assert!(html.contains("id=\"clocks\"") && html.contains("Cả hồ sơ (mở đến kết thúc)"), "{html}");
    let f = AuditFilter { person_id: Some(subject), limit: 1000, ..Default::default() };
    let trail = t.store.audit_entries(&f).await.unwrap();
    for action in [
        "case.open",
        "case.read",
        "case.request_send",
        "case.request_answer",
        "self.explain",
        "case.conclude",
        "case.decide",
    ] {
        assert!(trail.iter().any(|e| e.event.action == action && e.event.outcome == Outcome::Ok), "{action} audited");
    }
    assert!(
        trail.iter().any(|e| e.event.action == "case.conclude" && e.event.outcome == Outcome::Failed),
        "refusals audited too"
    );
    assert!(trail.iter().any(|e| e.event.actor == "canbo.coso" && e.event.outcome == Outcome::Denied));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admission_case_walked_through_http_on_sqlite() {
    walk(common::start().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admission_case_walked_through_http_on_postgres() {
    if let Some(t) = common::start_pg().await {
        walk(t).await;
    }
}

/// An appointment appraisal (key cadre) through HTTP: opened with the post it is for, taken in,
/// verification closed once the planned requests are dropped with a reason, appraised,
/// concluded by the commune committee, decided; the conclusion and the notice print as PDF
/// and as DOCX.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_cadre_appraisal_walked_through_http() {
    let t = common::start().await;
    let person = t.world.plain_in_a;
    let officer = t.login("canbo.tinh").await;
    let committee = t.login("capuy").await;
    let new_page = format!("/persons/{person}/cases/new");
    let (s, html) = post(&officer, &t, &new_page, &new_page, &[("kind", "key_cadre"), ("purpose", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "the post is required");
    assert!(html.contains("chức vụ"), "{html}");
    let (case, page) = common::key_cadre_at_conclusion(&t, &officer, person).await;
    let today = t.state.today().format("%d/%m/%Y").to_string();
    let concl = [
        ("category", "khong-co-van-de"),
        ("grounds", "Lý lịch rõ ràng, không có vấn đề chính trị"),
        ("signed_on", today.as_str()),
        ("signer_position", "Bí thư Đảng ủy"),
    ];
    let (s, html) = post(&committee, &t, &page, &format!("{page}/conclude"), &concl).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let decide = [("number", "5-QĐ/ĐU"), ("decided_on", today.as_str()), ("outcome", "Bổ nhiệm"), ("text", "")];
    let (s, html) = post(&committee, &t, &page, &format!("{page}/decide"), &decide).await;
    assert_eq!(s, StatusCode::OK);
    assert!(stage_of(&html).contains("Đã kết thúc"));
    let c = t.store.case_conclusions(case.id).await.unwrap()[0].clone();
    for doc in [format!("conclusion-{}.pdf", c.id), format!("notice-{}.pdf", c.id), format!("conclusion-{}.docx", c.id)]
    {
        let res = committee.get(t.url(&format!("{page}/documents/{doc}"))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{doc}");
        let bytes = res.bytes().await.unwrap();
        let magic: &[u8] = if doc.ends_with(".pdf") { b"%PDF" } else { b"PK" };
        assert!(bytes.starts_with(magic), "{doc} is a real file");
        if doc.ends_with(".pdf") {
            // Concluded by the commune: its committee signs, not a standing committee.
            let text = pdf_text(&t, &bytes).unwrap();
            assert!(text.contains("T/M ĐẢNG ỦY") && !text.contains("BAN THƯỜNG VỤ"), "{doc}: {text}");
        }
    }
}
