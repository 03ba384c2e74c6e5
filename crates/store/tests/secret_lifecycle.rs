//! Copies and destruction of classified items on both backends: no more copies than approved,
//! whoever makes them at once, numbered on from the last copy and entered in the copy register;
//! a hold (by hand, or by an open case until it closes) stops destruction on either path.

use bvctnb_core::case::Stage;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{OrgId, SecretItemId};
use bvctnb_core::secret::{CopyForm, CopyStatus, DestructionStage, ItemOrigin, RegisterKind, SecretLevel};
use bvctnb_store::cases::{CaseState, CaseWrite, NewCase};
use bvctnb_store::secret_copies::{CopyDecision, MadeCopies, NewCopyRequest};
use bvctnb_store::secret_destruction::{Destroyed, DestructionStep, NewDestruction, NewHold};
use bvctnb_store::secrets::{NewEntry, NewSecretItem};
use bvctnb_store::workflow::NewStageEvent;
use bvctnb_store::{Store, StoreError};
use bvctnb_testkit::data::{dong_nai_tree, put_orgs};
use bvctnb_testkit::{TestDb, on_every_backend};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn item(s: &dyn Store, number: &str) -> SecretItemId {
    let i = NewSecretItem {
        org_id: OrgId(3),
        origin: ItemOrigin::Received,
        number_symbol: number.into(),
        doc_date: d("2026-04-01"),
        issuer: "Ban Tổ chức Tỉnh ủy".into(),
        doc_type: "Công văn".into(),
        summary: Some("Về thẩm tra lý lịch".into()),
        summary_consent: false,
        level: SecretLevel::ToiMat,
        classifier: "Nguyễn Văn Bình".into(),
        signer: String::new(),
        period_years: 20,
        period_end: d("2046-04-01"),
        period_reason: None,
        copies_issued: 1,
        named_to: None,
        created_by: "canbo".into(),
    };
    let e = NewEntry { entered_on: Some(d("2026-04-02")), created_by: "canbo".into(), ..Default::default() };
    s.register_item(&i, &e).await.unwrap().item
}

fn approve(count: u32) -> CopyDecision {
    CopyDecision {
        approve: true,
        count,
        approver_name: "Lê Văn Tâm".into(),
        approver_title: "Bí thư đảng ủy xã, Đảng bộ xã Tân Phú".into(),
        note: String::new(),
        by: "bithu".into(),
        on: d("2026-04-03"),
    }
}

fn made(count: u32) -> MadeCopies {
    MadeCopies {
        count,
        on: d("2026-04-04"),
        counterpart: "Chi bộ ấp 1".into(),
        note: String::new(),
        by: "canbo".into(),
    }
}

async fn copies_stay_within_the_approved_number(db: &TestDb) {
    let s = db.store.as_ref();
    put_orgs(s, &dong_nai_tree()).await;
    let it = item(s, "12-CV/BTCTU").await;
    let req = NewCopyRequest {
        item: it,
        form: CopyForm::Verbatim,
        count: 3,
        purpose: "Gửi chi bộ để thẩm tra".into(),
        counterpart: "Chi bộ ấp 1".into(),
        by: "canbo".into(),
        on: d("2026-04-03"),
    };
    let id = s.request_copy(&req).await.unwrap();
    // Not before the approval, and not more than was asked for.
    assert!(matches!(s.make_copies(id, 1, &made(1)).await, Err(StoreError::Conflict(_))));
    assert!(matches!(s.decide_copy(id, 1, &approve(4)).await, Err(StoreError::Invalid(_))));
    s.decide_copy(id, 1, &approve(2)).await.unwrap();
    assert!(matches!(s.decide_copy(id, 2, &approve(2)).await, Err(StoreError::Conflict(_))), "decided once");
    // Two officers at once, one copy each, then one more: the third is refused.
    let one = made(1);
    let (a, b) = tokio::join!(s.make_copies(id, 2, &one), s.make_copies(id, 2, &one));
    let ok = [&a, &b].iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "the second writer at the same version is told to reload: {a:?} {b:?}");
    let v = s.copy_request(id).await.unwrap().unwrap().version;
    let second = s.make_copies(id, v, &made(1)).await.unwrap();
    assert_eq!((second.first, second.last), (2, 2), "numbered on from the last copy");
    let v = s.copy_request(id).await.unwrap().unwrap().version;
    let err = s.make_copies(id, v, &made(1)).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_) | StoreError::Invalid(_)), "{err:?}");
    let row = s.copy_request(id).await.unwrap().unwrap();
    assert_eq!((row.stage, row.made_count), (CopyStatus::Made, 2));

    // The copy register holds both batches, with their numbers and the approver.
    let book = s.books_of_org(OrgId(3)).await.unwrap().into_iter().find(|b| b.kind == RegisterKind::Copies).unwrap();
    let lines = s.book_entries(book.id, 1, 10).await.unwrap();
    assert_eq!(lines.iter().map(|l| l.copy_numbers.as_str()).collect::<Vec<_>>(), ["1", "2"]);
    assert!(lines.iter().all(|l| l.copy_form == Some(CopyForm::Verbatim) && l.approved_by.contains("Lê Văn Tâm")));
    assert_eq!(s.secret_item(it).await.unwrap().unwrap().copies_made, 2);

    // A second request numbers on from 3, beyond an over-large batch refused whole.
    let id2 = s.request_copy(&NewCopyRequest { count: 2, ..req.clone() }).await.unwrap();
    s.decide_copy(id2, 1, &approve(2)).await.unwrap();
    assert!(s.make_copies(id2, 2, &made(3)).await.is_err());
    let m = s.make_copies(id2, 2, &made(2)).await.unwrap();
    assert_eq!((m.first, m.last), (3, 4));
    let events = s.copy_events(id2).await.unwrap();
    assert_eq!(events.iter().map(|e| e.step.as_str()).collect::<Vec<_>>(), ["request", "approve", "make"]);
}

fn council(items: Vec<SecretItemId>) -> NewDestruction {
    NewDestruction {
        org: OrgId(3),
        items,
        reason: "Hết giá trị sử dụng".into(),
        urgent: false,
        council_decision: "Quyết định số 5-QĐ/ĐU ngày 01/11/2026".into(),
        council_members: "Lê Văn Tâm\nTrần Thị Hoa\nPhạm Văn Nam".into(),
        destroyed: None,
        by: "canbo".into(),
        on: d("2026-11-02"),
    }
}

fn destroy() -> DestructionStep {
    DestructionStep::Destroy(Destroyed { on: d("2026-11-20"), method: "Đốt".into(), record: "Biên bản".into() })
}

async fn a_hold_blocks_destruction(db: &TestDb) {
    let s = db.store.as_ref();
    put_orgs(s, &dong_nai_tree()).await;
    let a = item(s, "1-CV").await;
    let b = item(s, "2-CV").await;
    // A hand-placed hold refuses the proposal naming the item.
    let hold = NewHold {
        item: a,
        case: None,
        reason: "Đoàn kiểm tra cần đến".into(),
        by: "canbo".into(),
        on: d("2026-11-01"),
    };
    let h = s.place_hold(&hold).await.unwrap();
    let err = s.propose_destruction(&council(vec![a, b])).await.unwrap_err();
    assert!(err.to_string().contains("1-CV") || format!("{err:?}").contains("1-CV"), "{err:?}");
    s.release_hold(h, "canbo", d("2026-11-02")).await.unwrap();

    // Proposed free, then a case comes to need it: the destroy step refuses until it closes.
    let id = s.propose_destruction(&council(vec![a, b])).await.unwrap();
    assert!(s.propose_destruction(&council(vec![b])).await.is_err(), "already on a list");
    s.destruction_step(id, 1, &DestructionStep::Minutes { on: d("2026-11-10"), minutes: "Họp".into() }, "canbo")
        .await
        .unwrap();
    assert!(
        matches!(s.destruction_step(id, 2, &destroy(), "canbo").await, Err(StoreError::Conflict(_))),
        "decision first"
    );
    let decision =
        DestructionStep::Decision { number: "9-QĐ/ĐU".into(), on: d("2026-11-15"), signer: "Lê Văn Tâm".into() };
    s.destruction_step(id, 2, &decision, "canbo").await.unwrap();

    let p = s.create_person(OrgId(5), &bvctnb_testkit::data::fixture(), "canbo").await.unwrap();
    let case = NewCase {
        kind: CaseKind::Admission,
        person_id: p.id,
        org_id: OrgId(5),
        purpose: "Kết nạp".into(),
        stage_due: None,
        has_issue: false,
        pack_version: "qd57@1".into(),
        evaluation: "{}".into(),
        declaration_version: 1,
        opened_on: "2026-11-16".into(),
        opened_by: "canbo".into(),
    };
    let case = s.create_case(&case, Vec::new(), Vec::new()).await.unwrap();
    let by_case = NewHold { case: Some(case.id), reason: "Hồ sơ kết nạp dẫn chiếu".into(), ..hold.clone() };
    s.place_hold(&NewHold { item: b, ..by_case }).await.unwrap();
    let err = s.destruction_step(id, 3, &destroy(), "canbo").await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(s.secret_item(a).await.unwrap().unwrap().destroyed_on.is_none(), "nothing half-destroyed");

    // The case closes: the hold lifts itself and the items leave the holding together.
    let ev = NewStageEvent {
        on_date: "2026-11-18".into(),
        actor: "canbo".into(),
        step: "withdraw".into(),
        from_stage: Some(case.stage),
        to_stage: Some(Stage::Withdrawn),
        stage_days: None,
        detail: String::new(),
    };
    let mut w = CaseWrite::new(&case, ev);
    w.state = Some(CaseState {
        stage: Stage::Withdrawn,
        stage_since: "2026-11-18".into(),
        stage_due: None,
        has_issue: false,
        evaluation: None,
        explanation_asked: false,
        explanation_due: None,
        closed_on: Some("2026-11-18".into()),
        outcome: None,
    });
    s.write_case(w).await.unwrap();
    assert!(s.holds_of_item(b).await.unwrap().iter().all(|h| !h.active));
    s.destruction_step(id, 3, &destroy(), "canbo").await.unwrap();
    let row = s.destruction(id).await.unwrap().unwrap();
    assert_eq!((row.stage, row.items.len()), (DestructionStage::Destroyed, 2));
    for i in [a, b] {
        assert_eq!(s.secret_item(i).await.unwrap().unwrap().destroyed_on.as_deref(), Some("2026-11-20"));
    }
    assert!(s.destruction_step(id, 4, &destroy(), "canbo").await.is_err(), "the path is over");
    assert!(
        s.request_copy(&NewCopyRequest {
            item: a,
            form: CopyForm::Photo,
            count: 1,
            purpose: "x".into(),
            counterpart: String::new(),
            by: "canbo".into(),
            on: d("2026-11-21"),
        })
        .await
        .is_err(),
        "a destroyed item is not copied"
    );

    // The urgent path destroys at once and waits for its report.
    let c = item(s, "3-CV").await;
    let urgent = NewDestruction {
        urgent: true,
        destroyed: Some(Destroyed {
            on: d("2026-11-25"), method: "Huỷ khẩn cấp".into(), record: "Biên bản".into()
        }),
        ..council(vec![c])
    };
    let u = s.propose_destruction(&urgent).await.unwrap();
    assert_eq!(s.destruction(u).await.unwrap().unwrap().stage, DestructionStage::Destroyed);
    assert!(s.secret_item(c).await.unwrap().unwrap().destroyed_on.is_some());
    let report = DestructionStep::Report { on: d("2026-11-26"), report: "Báo cáo".into() };
    s.destruction_step(u, 1, &report, "canbo").await.unwrap();
    assert_eq!(s.destruction(u).await.unwrap().unwrap().stage, DestructionStage::Reported);
    assert_eq!(s.destructions_of_org(OrgId(3)).await.unwrap().len(), 2);
}

on_every_backend!(copy_limit_sqlite, copy_limit_postgres, |db| copies_stay_within_the_approved_number(&db));
on_every_backend!(hold_sqlite, hold_postgres, |db| a_hold_blocks_destruction(&db));

async fn a_takeout_goes_out_once_and_is_listed_when_late(db: &TestDb) {
    use bvctnb_core::secret::TakeoutStage;
    use bvctnb_store::secret_takeouts::{NewTakeout, TakeoutStep};
    let s = db.store.as_ref();
    put_orgs(s, &dong_nai_tree()).await;
    let it = item(s, "7-CV").await;
    let t = NewTakeout {
        item: it,
        purpose: "Họp thẩm định".into(),
        destination: "Ban Tổ chức Tỉnh ủy".into(),
        abroad: false,
        trip: None,
        due_back: d("2026-05-10"),
        by: "canbo".into(),
        on: d("2026-05-04"),
    };
    let id = s.request_takeout(&t).await.unwrap();
    assert!(matches!(s.request_takeout(&t).await, Err(StoreError::Conflict(_))), "one at a time");
    let abroad = NewTakeout { abroad: true, ..t.clone() };
    assert!(matches!(s.request_takeout(&abroad).await, Err(StoreError::Invalid(_))), "abroad needs its trip");
    let on = d("2026-05-05");
    assert!(matches!(s.takeout_step(id, 1, &TakeoutStep::TakeOut, "canbo", on).await, Err(StoreError::Conflict(_))));
    let yes = TakeoutStep::Decide {
        approve: true,
        approver_name: "Lê Văn Tâm".into(),
        approver_title: "Bí thư".into(),
        note: String::new(),
    };
    s.takeout_step(id, 1, &yes, "bithu", on).await.unwrap();
    assert!(matches!(
        s.takeout_step(id, 1, &TakeoutStep::TakeOut, "canbo", on).await,
        Err(StoreError::VersionConflict { .. })
    ));
    s.takeout_step(id, 2, &TakeoutStep::TakeOut, "canbo", on).await.unwrap();
    // Due 10/5: not late that day, late the day after, for the unit and the province above it.
    assert!(s.overdue_takeouts(OrgId(3), d("2026-05-10"), 10).await.unwrap().is_empty());
    let late = s.overdue_takeouts(OrgId(2), d("2026-05-11"), 10).await.unwrap();
    assert_eq!(late.iter().map(|t| t.id).collect::<Vec<_>>(), [id]);
    assert!(s.overdue_takeouts(OrgId(4), d("2026-05-11"), 10).await.unwrap().is_empty(), "not the sibling's");
    s.takeout_step(id, 3, &TakeoutStep::Return { note: "Đủ".into() }, "canbo", d("2026-05-12")).await.unwrap();
    assert!(s.overdue_takeouts(OrgId(2), d("2026-05-13"), 10).await.unwrap().is_empty());
    let row = s.takeout(id).await.unwrap().unwrap();
    assert_eq!((row.stage, row.returned_on.as_deref()), (TakeoutStage::Returned, Some("2026-05-12")));
    let steps: Vec<String> = s.takeout_events(id).await.unwrap().into_iter().map(|e| e.step).collect();
    assert_eq!(steps, ["request", "approve", "take", "return"]);
    // Back home, it may go out again.
    s.request_takeout(&t).await.unwrap();
}

on_every_backend!(takeout_sqlite, takeout_postgres, |db| a_takeout_goes_out_once_and_is_listed_when_late(&db));

async fn periods_change_with_their_history_until_declassified(db: &TestDb) {
    use bvctnb_store::secret_periods::ItemChange;
    let s = db.store.as_ref();
    put_orgs(s, &dong_nai_tree()).await;
    let it = item(s, "9-CV").await; // Tối mật, period to 01/04/2046
    let on = d("2026-06-01");
    // Listed only once within the window asked for.
    assert!(s.periods_ending(OrgId(2), on, d("2046-03-01"), 10).await.unwrap().is_empty());
    assert_eq!(s.periods_ending(OrgId(2), on, d("2046-04-01"), 10).await.unwrap().len(), 1);
    let extend = ItemChange::Extend { period_end: d("2040-01-01"), basis: "QĐ 3".into() };
    assert!(matches!(s.change_item(it, 1, &extend, "canbo", on).await, Err(StoreError::Invalid(_))), "later only");
    let extend = ItemChange::Extend { period_end: d("2056-04-01"), basis: "QĐ 3".into() };
    s.change_item(it, 1, &extend, "canbo", on).await.unwrap();
    assert!(matches!(s.change_item(it, 1, &extend, "canbo", on).await, Err(StoreError::VersionConflict { .. })));
    let regrade = ItemChange::Regrade { level: SecretLevel::Mat, basis: "QĐ 4".into(), notify_due: d("2026-06-16") };
    s.change_item(it, 2, &regrade, "canbo", on).await.unwrap();
    let row = s.secret_item(it).await.unwrap().unwrap();
    assert_eq!(
        (row.level, row.period_end.as_str(), row.notify_due.as_deref()),
        (SecretLevel::Mat, "2056-04-01", Some("2026-06-16"))
    );
    assert_eq!(s.regrade_notices_due(OrgId(2), 10).await.unwrap().len(), 1);
    s.change_item(it, 3, &ItemChange::Notified { detail: "CV 5".into() }, "canbo", d("2026-06-10")).await.unwrap();
    assert!(s.regrade_notices_due(OrgId(2), 10).await.unwrap().is_empty());
    s.change_item(it, 4, &ItemChange::Declassify { basis: "QĐ 9".into() }, "canbo", d("2026-07-01")).await.unwrap();
    let again = s.change_item(it, 5, &extend, "canbo", d("2026-07-02")).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "a declassified item changes no more");
    let h = s.item_events(it).await.unwrap();
    assert_eq!(h.iter().map(|e| e.step.as_str()).collect::<Vec<_>>(), ["extend", "regrade", "notified", "declassify"]);
    assert_eq!((h[1].from_stage, h[1].to_stage), (Some(SecretLevel::ToiMat), Some(SecretLevel::Mat)));
    // An item whose period has run out is declassified by it: no more changes.
    let old = item(s, "10-CV").await;
    let late = s.change_item(old, 1, &extend, "canbo", d("2046-04-02")).await;
    assert!(matches!(late, Err(StoreError::Conflict(_))), "{late:?}");
}

on_every_backend!(periods_sqlite, periods_postgres, |db| periods_change_with_their_history_until_declassified(&db));

async fn the_day_counts_follow_every_line(db: &TestDb) {
    use bvctnb_store::secret_stats::Measure;
    let s = db.store.as_ref();
    put_orgs(s, &dong_nai_tree()).await;
    for n in ["1-CV", "2-CV", "3-CV"] {
        item(s, n).await;
    }
    let book = s.books_of_org(OrgId(3)).await.unwrap()[0].id;
    let second = s.book_entries(book, 2, 1).await.unwrap()[0].id;
    s.cancel_entry(second, "Vào nhầm", "canbo", d("2026-04-03")).await.unwrap();
    let counts = s.secret_counts(OrgId(2), d("2025-12-15"), d("2026-12-14")).await.unwrap();
    let incoming: i64 = counts.iter().filter(|c| c.measure == Measure::Book(RegisterKind::Incoming)).map(|c| c.n).sum();
    assert_eq!(incoming, 2, "three lines, one cancelled: {counts:?}");
    assert!(counts.iter().all(|c| c.org == OrgId(3) && c.level == SecretLevel::ToiMat));
    assert!(s.secret_counts(OrgId(4), d("2025-12-15"), d("2026-12-14")).await.unwrap().iter().all(|c| c.n == 0));
    assert!(s.secret_counts(OrgId(2), d("2026-12-15"), d("2027-12-14")).await.unwrap().iter().all(|c| c.n == 0));
}

on_every_backend!(counts_sqlite, counts_postgres, |db| the_day_counts_follow_every_line(&db));
