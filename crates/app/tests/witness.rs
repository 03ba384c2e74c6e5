//! The level above keeps the heads its lower levels send: only from a registered key with a
//! good signature, never moving back, never two different heads for one entry; a head that
//! moves back or forks is refused and stays in the trail as evidence.

use bvctnb_app::audit::{AuditFilter, Outcome, Receipt};
use bvctnb_app::{App, Error};
use bvctnb_store::audit::AuditSigner;
use bvctnb_testkit::{TestDb, on_every_backend};

async fn story(db: &TestDb) {
    let app = App::open(db.store.clone(), &db.dir().join("idx")).await.unwrap();
    let province = AuditSigner::generate();
    let stranger = AuditSigner::generate();
    let h = |n: u8| format!("{n:02x}").repeat(32);

    // Not registered yet: refused, naming the way to register.
    let e = app.receive_head(province.sign(10, &h(1)), "http", "10.0.0.7").await.unwrap_err();
    assert!(matches!(&e, Error::Forbidden(m) if m.contains("chưa được đăng ký")), "{e}");
    assert!(matches!(app.add_witness_source("xyz", "Tỉnh", "cli:root").await, Err(Error::Invalid(_))));
    app.add_witness_source(&province.public_hex().to_uppercase(), "Ban Tổ chức Tỉnh ủy Đồng Nai", "cli:root")
        .await
        .unwrap();

    let name = "Ban Tổ chức Tỉnh ủy Đồng Nai".to_string();
    assert_eq!(
        app.receive_head(province.sign(10, &h(1)), "http", "10.0.0.7").await.unwrap(),
        Receipt::Kept { source: name.clone(), seq: 10 }
    );
    // A resend is harmless.
    assert_eq!(
        app.receive_head(province.sign(10, &h(1)), "tệp", "local").await.unwrap(),
        Receipt::AlreadyKept { source: name.clone(), seq: 10 }
    );
    assert!(matches!(
        app.receive_head(province.sign(25, &h(2)), "http", "10.0.0.7").await.unwrap(),
        Receipt::Kept { seq: 25, .. }
    ));

    // A forged signature, another key claiming the province's, a signature over another head.
    let mut forged = province.sign(30, &h(3));
    forged.hash = h(4);
    assert!(matches!(app.receive_head(forged, "http", "x").await, Err(Error::Invalid(_))));
    let mut borrowed = stranger.sign(30, &h(3));
    borrowed.key = province.public_hex();
    assert!(matches!(app.receive_head(borrowed, "http", "x").await, Err(Error::Invalid(_))));
    assert!(matches!(app.receive_head(stranger.sign(30, &h(3)), "http", "x").await, Err(Error::Forbidden(_))));

    // The trail below was cut and its head moved back, or rewritten: both refused.
    let e = app.receive_head(province.sign(20, &h(5)), "http", "10.0.0.7").await.unwrap_err();
    assert!(matches!(&e, Error::Conflict(m) if m.contains("lùi lại") && m.contains("mục số 25")), "{e}");
    let e = app.receive_head(province.sign(25, &h(6)), "http", "10.0.0.7").await.unwrap_err();
    assert!(matches!(&e, Error::Conflict(m) if m.contains("viết lại")), "{e}");

    let kept = app.witnessed_heads(&province.public_hex()).await.unwrap();
    assert_eq!(
        kept.iter().map(|k| (k.checkpoint.seq, k.checkpoint.hash.clone())).collect::<Vec<_>>(),
        [(10, h(1)), (25, h(2))]
    );
    assert_eq!(kept[0].received_via, "http");

    // Every receipt and refusal is in the trail, and the trail verifies.
    let entries = app.audit_entries(&AuditFilter { limit: 100, ..Default::default() }).await.unwrap();
    let of =
        |o: Outcome| entries.iter().filter(|e| e.event.action == "witness.receive" && e.event.outcome == o).count();
    assert_eq!(of(Outcome::Ok), 2, "kept heads");
    assert_eq!(of(Outcome::Failed), 2, "the move back and the fork are evidence");
    assert!(entries.iter().any(|e| e.event.action == "witness.source.add" && e.event.actor == "cli:root"));
    let moved =
        entries.iter().find(|e| e.event.outcome == Outcome::Failed && e.event.detail.contains("lùi lại")).unwrap();
    assert_eq!((moved.event.actor.as_str(), moved.event.ip.as_str()), (name.as_str(), "10.0.0.7"));
    let report = db.store.verify_audit(&[]).await.unwrap();
    assert!(report.first_problem.is_none(), "{:?}", report.first_problem);
    assert_ne!(report.entries, 0);
}

on_every_backend!(witness_on_sqlite, witness_on_postgres, |db| story(&db));
