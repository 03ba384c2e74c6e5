//! An admission case walked end to end through the service, with every refusal the procedure
//! requires, and deadlines that skip Tết.

mod common;

use bvctnb_app::App;
use bvctnb_app::cases::{
    Actor, AnswerInput, ConclusionInput, DecisionInput, NewRequestInput, PointAnswer, ReviewInput, SendInput,
    split_points,
};
use bvctnb_app::secrets::PaperSource;
use bvctnb_core::Declaration;
use bvctnb_core::access::{Clearance, Role};
use bvctnb_core::calendar::Calendar;
use bvctnb_core::case::Stage;
use bvctnb_core::case::verify::{Carrier, CarrierMode, PointResult, RequestStatus};
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::secret::{ItemOrigin, RegisterKind, SecretLevel};
use bvctnb_rules::facts::PersonRef;
use bvctnb_testkit::TestDb;
use bvctnb_testkit::data::fixture;
use chrono::NaiveDate;
use common::{actor, date, refused};

/// A province, a commune committee (3) and a cell (5) on a fresh SQLite database.
async fn world() -> (TestDb, std::sync::Arc<dyn bvctnb_store::Store>, App) {
    let (db, app) = common::app_with(&common::commune()).await;
    let store = db.store.clone();
    (db, store, app)
}

async fn book_lines(app: &App, org: OrgId, kind: RegisterKind) -> Vec<bvctnb_app::secrets::EntryView> {
    let books = app.secret_books(org).await.unwrap();
    let Some(book) = books.into_iter().find(|b| b.kind == kind) else { return Vec::new() };
    app.secret_book_page(book, 1, Clearance::Mat).await.unwrap().entries
}

async fn outgoing_lines(app: &App, org: OrgId) -> Vec<bvctnb_app::secrets::EntryView> {
    book_lines(app, org, RegisterKind::Outgoing).await
}

#[tokio::test(flavor = "multi_thread")]
async fn admission_from_intake_to_decision() {
    let (_dir, store, app) = world().await;
    let mut d = fixture();
    // The mother is a party member with a complete record: not to be verified.
    d.family[2].party_member = Some(serde_json::from_value(serde_json::json!({"record_complete": true})).unwrap());
    let p = app.create_person(OrgId(5), &d, "canbo").await.unwrap();
    let mut colleague = Declaration { family: vec![], ..d.clone() };
    colleague.identity.full_name = "Lê Văn Tâm".into();
    colleague.identity.cccd = None;
    let helper = app.create_person(OrgId(5), &colleague, "canbo").await.unwrap();
    let cal = Calendar::default();
    app.set_today(Some(date("2026-02-10")));
    let officer = actor("canbo", Role::Officer, 3);
    let secretary = actor("bithu", Role::CellSecretary, 5);

    let case = app.open_case(&officer, &p, CaseKind::Admission, "").await.unwrap();
    assert_eq!(case.stage, Stage::Intake);
    assert!(case.pack_version.starts_with("qd-58-2022@"), "{}", case.pack_version);
    // Ten working days from 10/02/2026 skip the Tết holiday (16–20/02 in 2026).
    let due: NaiveDate = case.stage_due.as_deref().unwrap().parse().unwrap();
    assert_eq!(cal.working_days_between(date("2026-02-10"), due), 10);
    assert!(due >= date("2026-03-03"), "{due}");

    let reqs = store.case_requests(case.id).await.unwrap();
    let planned: Vec<_> = reqs.iter().filter(|r| r.status == RequestStatus::Planned).collect();
    assert!(planned.iter().any(|r| r.person_label.contains("Nguyễn Văn Hùng")), "{reqs:#?}");
    assert!(!reqs.iter().any(|r| r.person_label.contains("Nguyễn Văn Minh")), "siblings are not verified");
    let mother = reqs.iter().find(|r| r.person_label.contains("Trần Thị Lan")).unwrap();
    assert_eq!(mother.status, RequestStatus::NotRequired);
    assert!(mother.reason.contains("hồ sơ đầy đủ"), "{}", mother.reason);

    // Nothing is sent before the declaration is sealed.
    let first = planned[0].id;
    let post = Carrier { mode: CarrierMode::Post, name: String::new(), person: None };
    let send = |c: Carrier| SendInput {
        sent_on: date("2026-02-11"),
        number: None,
        body: "Đảng ủy xã Cẩm Bình".into(),
        carrier: c,
    };
    refused(app.send_request(&officer, &case, first, send(post.clone())).await, "đóng dấu giáp lai");
    app.accept_case(&secretary, &case, "Đã kiểm tra, đóng dấu giáp lai 4 trang").await.unwrap();
    app.set_today(Some(date("2026-02-11")));
    let case = app.case_or_404(case.id).await.unwrap();
    assert_eq!(case.stage, Stage::Verification);

    // Verification cannot end while requests are open; the refusal names them.
    refused(app.finish_verification(&officer, &case).await, "Nguyễn Văn Hùng");

    // The subject and relatives never carry a request, by dossier link or by name.
    let by_person =
        |id: PersonId| Carrier { mode: CarrierMode::InPerson, name: "Lê Văn Tâm".into(), person: Some(id) };
    refused(app.send_request(&officer, &case, first, send(by_person(p.id))).await, "người được thẩm tra");
    let father = Carrier { mode: CarrierMode::InPerson, name: "Nguyễn Văn Hùng".into(), person: None };
    refused(app.send_request(&officer, &case, first, send(father)).await, "người thân");

    // A relative abroad goes through the body for organisations abroad; one not required is refused.
    let minh = PersonRef::of(&d.family[3]);
    let add = |person: PersonRef, channel: &str| NewRequestInput {
        person,
        place: "Hàn Quốc".into(),
        body: "Đảng ủy Ngoài nước".into(),
        channel: channel.into(),
        points: "Lịch sử chính trị; chính trị hiện nay".into(),
        reason: "Anh ruột ở nước ngoài có quan hệ với tổ chức nước ngoài".into(),
    };
    refused(app.add_request(&officer, &case, add(minh.clone(), "grassroots")).await, "Đảng ủy Ngoài nước");
    refused(
        app.add_request(&officer, &case, add(PersonRef::of(&d.family[2]), "grassroots")).await,
        "không phải thẩm tra",
    );
    app.add_request(&officer, &case, add(minh, "abroad")).await.unwrap();

    // Send everything (a colleague carries one by hand), answer everything; the father's
    // answer differs from the declaration.
    let mut case = app.case_or_404(case.id).await.unwrap();
    let open: Vec<_> = store
        .case_requests(case.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.status == RequestStatus::Planned)
        .collect();
    for (i, r) in open.iter().enumerate() {
        let carrier = if i == 0 {
            Carrier { mode: CarrierMode::InPerson, name: "Lê Văn Tâm".into(), person: Some(helper.id) }
        } else {
            post.clone()
        };
        let w = app.send_request(&officer, &case, r.id, send(carrier)).await.unwrap();
        assert_eq!(w.letter_numbers.first().map(String::as_str), Some(format!("{}-CV/ĐU", i + 1).as_str()));
        case = app.case_or_404(case.id).await.unwrap();
    }
    let sent = store.case_requests(case.id).await.unwrap();
    // Each letter is a Mật paper (data): entered in the commune committee's outgoing book under
    // its own number by the write that sent it, and printed with its grade and register number.
    let letters = outgoing_lines(&app, OrgId(3)).await;
    assert_eq!(letters.len(), open.len());
    for (i, e) in letters.iter().enumerate() {
        let item = e.row.item.as_ref().unwrap();
        assert_eq!(e.row.serial, i as i64 + 1);
        assert_eq!(item.number_symbol, format!("{}-CV/ĐU", i + 1));
        assert_eq!((item.level, item.origin), (SecretLevel::Mat, ItemOrigin::Issued));
        assert!(item.summary.as_deref().unwrap().contains("Nguyễn Thị Hồng Nhung"), "{item:?}");
        assert_eq!(item.doc_date, "2026-02-11");
    }
    let r0 = sent.iter().find(|r| r.id == open[0].id).unwrap();
    assert_eq!(letters[0].row.counterpart, r0.body);
    let line = app.paper_registered(PaperSource::Letter(r0.id)).await.unwrap().unwrap();
    assert_eq!((line.serial, line.year, line.level), (1, 2026, SecretLevel::Mat));
    let rec = app.person(p.id).await.unwrap().unwrap();
    let letter = app.request_letter(&case, &rec, r0, OrgId(3)).await.unwrap();
    assert_eq!(letter.classification.as_deref(), Some("MẬT"));
    assert_eq!(letter.register_line.as_deref(), Some("Vào sổ BMNN đi số 1/2026"));
    let due = sent.iter().find(|r| r.status == RequestStatus::Sent).and_then(|r| r.due_on.clone()).unwrap();
    assert_eq!(cal.working_days_between(date("2026-02-11"), date(&due)), 20);
    app.set_today(Some(date("2026-03-20")));
    let late = store.overdue_requests(OrgId(2), "2026-03-20", 10).await.unwrap();
    assert!(!late.is_empty());
    assert_eq!(store.count_overdue_requests(OrgId(2), "2026-03-20").await.unwrap(), late.len() as i64);
    let first_due = sent.iter().filter_map(|r| r.due_on.clone()).min().unwrap();
    assert_eq!(store.count_overdue_requests(OrgId(2), &first_due).await.unwrap(), 0, "due that day, not late");
    for r in sent.iter().filter(|r| r.status == RequestStatus::Sent) {
        let differs = r.person_label.contains("Nguyễn Văn Hùng");
        let answers = split_points(&r.points)
            .into_iter()
            .map(|point| PointAnswer {
                point,
                result: if differs { PointResult::Differs } else { PointResult::Matches },
                detail: if differs {
                    "Có thời gian làm việc cho chế độ cũ chưa khai".into()
                } else {
                    String::new()
                },
            })
            .collect();
        let a = AnswerInput {
            answered_on: date("2026-03-16"),
            answer_ref: "Công văn số 7-CV/ĐU".into(),
            signer: "Phó Bí thư Trần Văn Bảy".into(),
            answers,
            attachments: vec![],
        };
        app.answer_request(&officer, &case, r.id, a).await.unwrap();
        case = app.case_or_404(case.id).await.unwrap();
    }
    assert!(case.has_issue, "a differing answer is an issue");
    // The answers went into the commune committee's incoming book, dated the day recorded.
    let answers = book_lines(&app, OrgId(3), RegisterKind::Incoming).await;
    assert_eq!(answers.len(), open.len());
    for e in &answers {
        let item = e.row.item.as_ref().unwrap();
        assert_eq!((item.origin, item.number_symbol.as_str()), (ItemOrigin::Received, "Công văn số 7-CV/ĐU"));
        assert_eq!((item.doc_date.as_str(), e.row.entered_on.as_str()), ("2026-03-16", "2026-03-20"));
        assert!(sent.iter().any(|r| r.body == item.issuer), "the answering body: {}", item.issuer);
    }
    assert!(store.overdue_requests(OrgId(2), "2026-03-20", 10).await.unwrap().is_empty());
    assert_eq!(store.count_overdue_requests(OrgId(2), "2026-03-20").await.unwrap(), 0);

    app.finish_verification(&officer, &case).await.unwrap();
    let case = app.case_or_404(case.id).await.unwrap();
    assert_eq!(case.stage, Stage::CellComment);
    app.comment(&secretary, &case, "Quần chúng có lập trường tư tưởng vững vàng", false).await.unwrap();
    let case = app.case_or_404(case.id).await.unwrap();
    assert_eq!(case.stage, Stage::Explanation, "an issue calls for an explanation");

    // No certification before the conclusion the issue requires.
    let committee = actor("capuy.xa", Role::Committee, 3);
    refused(app.certify(&committee, &case, "").await, "kết luận");

    refused(
        app.explain(&Actor { person: Some(p.id), ..officer.clone() }, &case, "Giải trình", vec![]).await,
        "chưa yêu cầu",
    );
    app.ask_explanation(&officer, &case, "Thời gian cha đẻ làm việc cho chế độ cũ").await.unwrap();
    let case = app.case_or_404(case.id).await.unwrap();
    refused(app.explain(&officer, &case, "Giải trình", vec![]).await, "Chỉ người được thẩm tra");
    let subject = Actor {
        username: "dangvien".into(),
        display_name: "Nguyễn Thị Hồng Nhung".into(),
        role: Role::Subject,
        scope: None,
        person: Some(p.id),
    };
    app.explain(&subject, &case, "Cha tôi bị bắt lính năm 1972, tôi không biết để khai", vec![]).await.unwrap();
    let case = app.case_or_404(case.id).await.unwrap();
    assert_eq!(case.stage, Stage::Conclusion);

    // The conclusion needs a signer at the level the pack requires.
    let concl = |position: &str| ConclusionInput {
        category: "co-van-de-khong-vi-pham".into(),
        ceiling: None,
        grounds: "Cha đẻ đi lính chế độ cũ, không có nợ máu; người xin vào Đảng đã giải trình".into(),
        cited: vec![],
        signed_on: date("2026-03-20"),
        signer_position: position.into(),
        number: None,
    };
    refused(app.conclude(&committee, &case, concl("Bí thư")).await, "phải do");
    refused(app.conclude(&officer, &case, concl("Bí thư")).await, "Chỉ cấp ủy");
    let province = actor("capuy.tinh", Role::Committee, 2);
    let w = app.conclude(&province, &case, concl("Phó Bí thư Thường trực")).await.unwrap();
    assert_eq!(w.conclusion_number.as_deref(), Some("1-KL/TU"));
    // The conclusion is in the province committee's outgoing book; its notice is not secret.
    assert_eq!(w.papers.len(), 1, "{:?}", w.papers);
    let concluded = outgoing_lines(&app, OrgId(2)).await;
    let item = concluded[0].row.item.as_ref().unwrap();
    assert_eq!((item.number_symbol.as_str(), item.doc_type.as_str()), ("1-KL/TU", "Kết luận"));
    assert_eq!(item.signer, "Đồng chí capuy.tinh");
    let case = app.case_or_404(case.id).await.unwrap();
    assert_eq!(case.stage, Stage::Certification);
    let concls = store.case_conclusions(case.id).await.unwrap();
    assert_eq!(concls[0].pack_version, case.pack_version);
    assert_eq!(concls[0].signer_name, "Đồng chí capuy.tinh");
    // The conclusion's findings become the baseline review campaigns compare with.
    use futures::TryStreamExt;
    let candidates: Vec<_> = store.stream_candidates(OrgId(2), PersonId(0)).try_collect().await.unwrap();
    let mine = candidates.iter().find(|c| c.person_id == p.id).expect("the subject is a campaign candidate");
    let fingerprint = bvctnb_app::cases::evaluation_of(&case).unwrap().fingerprint();
    assert_eq!(mine.baseline.as_deref(), Some(fingerprint.as_str()));

    app.certify(&committee, &case, "").await.unwrap();
    let case = app.case_or_404(case.id).await.unwrap();
    let decision = DecisionInput {
        number: "15-QĐ/ĐU".into(),
        decided_on: date("2026-03-20"),
        outcome: "Kết nạp vào Đảng".into(),
        text: String::new(),
    };
    app.decide(&committee, &case, decision).await.unwrap();
    let case = app.case_or_404(case.id).await.unwrap();
    assert_eq!(case.stage, Stage::Closed);
    assert_eq!(case.outcome.as_deref(), Some("Kết nạp vào Đảng"));
    let notes = store.case_notes(case.id).await.unwrap();
    let cert = notes.iter().find(|n| n.kind == bvctnb_core::case::NoteKind::Certification).unwrap();
    assert!(cert.text.starts_with("Có vấn đề về lịch sử chính trị"), "{}", cert.text);

    // Review at the level above keeps both conclusions; the same level may not review.
    let review = |amend| ReviewInput {
        conclusion: concls[0].id,
        amend,
        grounds: "Đồng ý".into(),
        signed_on: date("2026-03-20"),
        signer_position: "Ủy viên Bộ Chính trị".into(),
    };
    refused(app.review_conclusion(&province, &case, review(None)).await, "cấp trên");
    let central = actor("tw", Role::Committee, 1);
    app.review_conclusion(&central, &case, review(None)).await.unwrap();
    let concls = store.case_conclusions(case.id).await.unwrap();
    assert_eq!(concls.len(), 2);
    assert_eq!(concls[1].reviews, Some(concls[0].id));
    assert_eq!(concls[1].review_outcome.as_deref(), Some("uphold"));
    let conclusion = app.conclusion_paper(&case, &rec, &concls[1], None).await.unwrap();
    assert_eq!(conclusion.classification.as_deref(), Some("MẬT"));
    assert_eq!(conclusion.register_line.as_deref(), Some("Vào sổ BMNN đi số 1/2026"), "the Central Committee's book");
    let notice = app.conclusion_notice(&case, &rec, &concls[0]).await.unwrap();
    assert_eq!((notice.classification, notice.register_line), (None, None));

    // Every stage change is timed; the clocks of the scope see this case end to end.
    let clocks = bvctnb_app::cases::clocks(&app, OrgId(2)).await.unwrap();
    let total = clocks.iter().find(|c| c.kind == CaseKind::Admission && c.stage.is_none()).unwrap();
    assert_eq!(total.spread.n, 1);
    assert_eq!(total.spread.max, cal.working_days_between(date("2026-02-10"), date("2026-03-20")));
    assert!(clocks.iter().any(|c| c.stage == Some(Stage::Verification)));
    // The subject was told at each step that concerns them.
    let inbox = bvctnb_store::cases::Inbox { account: 0, role: "subject".into(), scope: None, person: Some(p.id) };
    let notices = store.notices(&inbox, 50).await.unwrap();
    assert!(notices.iter().any(|n| n.text.contains("yêu cầu giải trình")), "{notices:#?}");
    // Nothing is open in the scope any more.
    let open = bvctnb_store::cases::CaseFilter { open_only: true, ..Default::default() };
    assert_eq!(store.count_cases(OrgId(2), &open).await.unwrap(), 0);
    assert_eq!(store.count_cases(OrgId(2), &Default::default()).await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn key_cadre_appraisal_with_a_ceiling() {
    let (_dir, store, app) = world().await;
    let mut d = fixture();
    bvctnb_testkit::data::full_member(&mut d);
    let p = app.create_person(OrgId(5), &d, "canbo").await.unwrap();
    let cal = Calendar::default();
    app.set_today(Some(date("2026-06-01")));
    let officer = actor("canbo", Role::Officer, 2);
    let province = actor("capuy.tinh", Role::Committee, 2);

    refused(app.open_case(&officer, &p, CaseKind::KeyCadre, " ").await, "chức vụ");
    let case = app.open_case(&officer, &p, CaseKind::KeyCadre, "Phó Chủ tịch UBND xã").await.unwrap();
    // Appraisals of cadre have their own deadline table: 20 working days of verification.
    app.accept_case(&officer, &case, "Đã nhận hồ sơ").await.unwrap();
    let case = app.case_or_404(case.id).await.unwrap();
    assert_eq!(case.stage, Stage::Verification);
    let due: NaiveDate = case.stage_due.as_deref().unwrap().parse().unwrap();
    assert_eq!(cal.working_days_between(date("2026-06-01"), due), 20);
    for r in store.case_requests(case.id).await.unwrap().iter().filter(|r| r.status == RequestStatus::Planned) {
        app.drop_request(&officer, &case, r.id, "Đã thẩm tra khi kết nạp, hồ sơ đầy đủ").await.unwrap();
    }
    let case = app.case_or_404(case.id).await.unwrap();
    app.finish_verification(&officer, &case).await.unwrap();
    let case = app.case_or_404(case.id).await.unwrap();
    assert_eq!(case.stage, Stage::Appraisal);
    // No decision without the conclusion an appraisal always ends in.
    refused(
        app.decide(
            &province,
            &case,
            DecisionInput {
                number: "1-QĐ/TU".into(),
                decided_on: date("2026-06-01"),
                outcome: "Bổ nhiệm".into(),
                text: String::new(),
            },
        )
        .await,
        "kết luận",
    );
    app.appraise(&officer, &case, "Cha đẻ đi lính chế độ cũ; cần làm rõ", true).await.unwrap();
    let case = app.case_or_404(case.id).await.unwrap();
    assert_eq!(case.stage, Stage::Explanation);
    app.ask_explanation(&officer, &case, "Thời gian cha đẻ đi lính").await.unwrap();
    let case = app.case_or_404(case.id).await.unwrap();
    // The subject keeps the right to explain until the deadline.
    refused(app.proceed_without_explanation(&officer, &case, "Không nộp").await, "chưa hết hạn");
    app.set_today(Some(date("2026-07-15")));
    app.proceed_without_explanation(&officer, &case, "Quá hạn, không nhận được giải trình").await.unwrap();
    let case = app.case_or_404(case.id).await.unwrap();
    assert_eq!(case.stage, Stage::Conclusion);
    let concl = |ceiling: Option<&str>| ConclusionInput {
        category: "phuc-tap".into(),
        ceiling: ceiling.map(String::from),
        grounds: "Có vấn đề chính trị phức tạp".into(),
        cited: vec![],
        signed_on: date("2026-07-15"),
        signer_position: "Bí thư Tỉnh ủy".into(),
        number: Some("7-KL/TU".into()),
    };
    refused(app.conclude(&province, &case, concl(None)).await, "giới hạn bố trí");
    app.conclude(&province, &case, concl(Some("uv-btv-tinh"))).await.unwrap();
    let case = app.case_or_404(case.id).await.unwrap();
    assert_eq!(case.stage, Stage::Decision);
    let c = &store.case_conclusions(case.id).await.unwrap()[0];
    assert_eq!(c.number, "7-KL/TU", "a number given by hand is kept");
    assert_eq!(c.ceiling.as_deref(), Some("uv-btv-tinh"));
    let decision = DecisionInput {
        number: "12-QĐ/TU".into(),
        decided_on: date("2026-07-15"),
        outcome: "Bổ nhiệm".into(),
        text: String::new(),
    };
    app.decide(&province, &case, decision).await.unwrap();
    assert_eq!(app.case_or_404(case.id).await.unwrap().stage, Stage::Closed);
}

/// A letter and its register line are one write: when the book is closed, the letter is not
/// sent, its number not taken, and the case does not move.
#[tokio::test(flavor = "multi_thread")]
async fn a_letter_is_not_sent_into_a_closed_book() {
    use bvctnb_app::secrets::ItemInput;
    let (_dir, store, app) = world().await;
    let d = fixture();
    let p = app.create_person(OrgId(5), &d, "canbo").await.unwrap();
    app.set_today(Some(date("2026-02-10")));
    let officer = actor("canbo", Role::Officer, 3);
    let case = app.open_case(&officer, &p, CaseKind::Admission, "").await.unwrap();
    app.accept_case(&actor("bithu", Role::CellSecretary, 5), &case, "Đã đóng dấu giáp lai").await.unwrap();
    let case = app.case_or_404(case.id).await.unwrap();
    // The commune's outgoing book of 2026 holds one paper and is closed.
    let other = ItemInput {
        origin: Some(ItemOrigin::Issued),
        number_symbol: "3-CV/ĐU".into(),
        doc_date: Some(date("2026-02-09")),
        issuer: "Đảng ủy xã".into(),
        doc_type: "Công văn".into(),
        summary: "Về công tác bảo vệ chính trị nội bộ".into(),
        level: Some(SecretLevel::Mat),
        classifier: "Bí thư".into(),
        signer: "Bí thư".into(),
        ..Default::default()
    };
    let book = app.register_secret_item(&officer, OrgId(3), other).await.unwrap().book;
    app.close_secret_book(&officer, book).await.unwrap();
    let planned = store.case_requests(case.id).await.unwrap().into_iter().find(|r| r.status == RequestStatus::Planned);
    let r = planned.unwrap();
    let send = SendInput {
        sent_on: date("2026-02-10"),
        number: None,
        body: "Đảng ủy xã Cẩm Bình".into(),
        carrier: Carrier { mode: CarrierMode::Post, name: String::new(), person: None },
    };
    refused(app.send_request(&officer, &case, r.id, send).await, "đã khoá");
    let after = store.case_requests(case.id).await.unwrap().into_iter().find(|x| x.id == r.id).unwrap();
    assert_eq!((after.status, after.number), (RequestStatus::Planned, None));
    assert_eq!(app.case_or_404(case.id).await.unwrap().version, case.version);
    assert!(app.paper_registered(PaperSource::Letter(r.id)).await.unwrap().is_none());
    assert_eq!(outgoing_lines(&app, OrgId(3)).await.len(), 1);
}
