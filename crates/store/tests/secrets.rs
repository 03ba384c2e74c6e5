//! The secret registers on both backends: gapless serials whoever writes at once, a closed
//! book refuses lines, a cancelled line keeps its number, and the Tuyệt mật summary rule is
//! held by the store itself, by the date of the item.

use bvctnb_core::ids::OrgId;
use bvctnb_core::secret::{ItemOrigin, RegisterKind, SecretLevel};
use bvctnb_store::secrets::{NewEntry, NewSecretItem, Registered};
use bvctnb_store::{Store, StoreError};
use bvctnb_testkit::data::{dong_nai_tree, put_orgs};
use bvctnb_testkit::{TestDb, on_every_backend};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn item(level: SecretLevel, on: &str, summary: Option<&str>, consent: bool) -> NewSecretItem {
    NewSecretItem {
        org_id: OrgId(5),
        origin: ItemOrigin::Received,
        number_symbol: "12-CV/BTCTU".into(),
        doc_date: d(on),
        issuer: "Ban Tổ chức Tỉnh ủy".into(),
        doc_type: "Công văn".into(),
        summary: summary.map(str::to_string),
        summary_consent: consent,
        level,
        classifier: "Nguyễn Văn Bình".into(),
        signer: "Trần Thị Hoa".into(),
        period_years: 20,
        period_end: d(on) + chrono::Months::new(240),
        period_reason: None,
        copies_issued: 2,
        named_to: None,
        created_by: "canbo".into(),
    }
}

/// Registers an item dated `on`, entered the same day.
async fn reg(
    s: &dyn Store,
    level: SecretLevel,
    on: &str,
    summary: Option<&str>,
    consent: bool,
) -> Result<Registered, StoreError> {
    s.register_item(&item(level, on, summary, consent), &entry(on)).await
}

fn entry(on: &str) -> NewEntry {
    NewEntry { entered_on: Some(d(on)), arrival_number: "7".into(), created_by: "canbo".into(), ..Default::default() }
}

async fn serials_are_gapless_under_concurrent_writers(db: &TestDb) {
    put_orgs(db.store.as_ref(), &dong_nai_tree()).await;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let s = db.store.clone();
            tokio::spawn(async move {
                let mut got = Vec::new();
                for _ in 0..10 {
                    let i = item(SecretLevel::ToiMat, "2026-05-04", Some("Về thẩm tra lý lịch"), false);
                    got.push(s.register_item(&i, &entry("2026-05-04")).await.unwrap().serial);
                }
                got
            })
        })
        .collect();
    let mut serials = Vec::new();
    for t in tasks {
        serials.extend(t.await.unwrap());
    }
    serials.sort();
    assert_eq!(serials, (1..=80).collect::<Vec<i64>>());
    let books = db.store.books_of_org(OrgId(5)).await.unwrap();
    assert_eq!(books.len(), 1, "one incoming book for the year");
    assert_eq!((books[0].kind, books[0].year, books[0].last_serial), (RegisterKind::Incoming, 2026, 80));
    // A new year opens a new book, numbered from 1 again.
    let next = reg(db.store.as_ref(), SecretLevel::Mat, "2027-01-02", None, false);
    assert_eq!(next.await.unwrap().serial, 1);
}

async fn a_closed_book_refuses_and_a_cancelled_line_keeps_its_number(db: &TestDb) {
    put_orgs(db.store.as_ref(), &dong_nai_tree()).await;
    let i = item(SecretLevel::Mat, "2026-05-04", Some("Về kết nạp đảng viên"), false);
    let first = db.store.register_item(&i, &entry("2026-05-04")).await.unwrap();
    let second = db.store.register_item(&i, &entry("2026-05-05")).await.unwrap();
    assert!(matches!(
        db.store.cancel_entry(first.entry, " ", "canbo", d("2026-05-06")).await,
        Err(StoreError::Invalid(_))
    ));
    db.store.cancel_entry(first.entry, "Vào sổ nhầm", "canbo", d("2026-05-06")).await.unwrap();
    let lines = db.store.book_entries(first.book, 1, 100).await.unwrap();
    assert_eq!(lines.iter().map(|l| l.serial).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(lines[0].cancelled_reason.as_deref(), Some("Vào sổ nhầm"));
    assert_eq!(lines[1].item.as_ref().unwrap().summary.as_deref(), Some("Về kết nạp đảng viên"));
    let book = db.store.book(first.book).await.unwrap().unwrap();
    assert_eq!((book.first_date.as_deref(), book.last_date.as_deref()), (Some("2026-05-04"), Some("2026-05-05")));

    db.store.close_book(first.book, d("2026-12-31"), "canbo").await.unwrap();
    let refused = db.store.register_item(&i, &entry("2026-12-31")).await.unwrap_err();
    assert!(matches!(&refused, StoreError::Conflict(m) if m.contains("đã khoá ngày 31/12/2026")), "{refused}");
    let refused = db.store.cancel_entry(second.entry, "x", "canbo", d("2027-01-01")).await.unwrap_err();
    assert!(matches!(refused, StoreError::Conflict(_)));
    assert!(db.store.close_book(first.book, d("2027-01-01"), "canbo").await.is_err());
    // Nothing of the refused write is left: no item without its line.
    assert_eq!(db.store.book(first.book).await.unwrap().unwrap().last_serial, 2);
    assert!(db.store.secret_item(bvctnb_core::ids::SecretItemId(second.item.0 + 1)).await.unwrap().is_none());
}

async fn the_tuyet_mat_summary_rule_goes_by_the_items_date(db: &TestDb) {
    put_orgs(db.store.as_ref(), &dong_nai_tree()).await;
    let s = db.store.as_ref();
    let field = |e: StoreError| match e {
        StoreError::Invalid(f) => f.0[0].field.clone(),
        other => panic!("{other}"),
    };
    // Before 1/3/2026 (NĐ 26/2020): with the classifier's consent only.
    let ok = reg(s, SecretLevel::TuyetMat, "2026-02-28", Some("Kế hoạch"), true);
    assert!(ok.await.is_ok());
    let no = reg(s, SecretLevel::TuyetMat, "2026-02-28", Some("Kế hoạch"), false);
    assert_eq!(field(no.await.unwrap_err()), "summary_consent");
    // From 1/3/2026 (NĐ 63/2026): never, consent or not.
    let no = reg(s, SecretLevel::TuyetMat, "2026-03-01", Some("Kế hoạch"), true);
    assert_eq!(field(no.await.unwrap_err()), "summary");
    let without = reg(s, SecretLevel::TuyetMat, "2026-03-01", None, false);
    let without = without.await.unwrap();
    assert_eq!(s.secret_item(without.item).await.unwrap().unwrap().summary, None);
    // Tối mật and Mật summaries are written as ever.
    let toi = reg(s, SecretLevel::ToiMat, "2026-03-01", Some("Kế hoạch"), false);
    assert!(toi.await.is_ok());
    // The rule rows are data: a table where the consent rule runs on lets the summary in.
    s.put_summary_rules(&[(d("2020-04-15"), bvctnb_core::secret::SummaryRule::WithConsent)]).await.unwrap();
    let ok = reg(s, SecretLevel::TuyetMat, "2026-03-02", Some("Kế hoạch"), true);
    assert!(ok.await.is_ok());
    // Serials refused writes took were given back.
    let books = s.books_of_org(OrgId(5)).await.unwrap();
    assert_eq!(books[0].last_serial, 4);
}

on_every_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    gapless_sqlite,
    gapless_postgres,
    |db| serials_are_gapless_under_concurrent_writers(&db)
);
on_every_backend!(closed_book_sqlite, closed_book_postgres, |db| {
    a_closed_book_refuses_and_a_cancelled_line_keeps_its_number(&db)
});
on_every_backend!(summary_rule_sqlite, summary_rule_postgres, |db| the_tuyet_mat_summary_rule_goes_by_the_items_date(
    &db
));
