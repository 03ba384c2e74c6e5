//! `bvctnb audit`: a trail with a signed checkpoint verifies; the same trail changed behind
//! the application's back does not, and the message names the entry.

mod common;
use common::ok;

use bvctnb_store::audit::{AuditEvent, Outcome};
use bvctnb_store::{DatabaseUrl, OpenMode};
use std::path::Path;
use std::process::{Command, Output};

fn bvctnb(dir: &Path, db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bvctnb"))
        .current_dir(dir)
        .env_remove("BVCTNB_CONFIG")
        .env_remove("BVCTNB_DATABASE_URL")
        .env("BVCTNB_LOG", "warn")
        .env("BVCTNB_AUDIT_KEY_FILE", dir.join("keys/audit.key"))
        .args(["--database", db])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn audit_verify_passes_then_catches_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.db");
    let db = format!("sqlite://{}", file.display());
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = bvctnb_store::open(&DatabaseUrl::parse(&db).unwrap(), OpenMode::Create).await.unwrap();
        let events: Vec<AuditEvent> = (0..50)
            .map(|i| AuditEvent {
                at: format!("2025-04-01T08:{:02}:00.000Z", i),
                actor: "officer1".into(),
                action: "dossier.read".into(),
                target_kind: "person".into(),
                target_id: i.to_string(),
                person_id: None,
                ip: "127.0.0.1".into(),
                outcome: Outcome::Ok,
                detail: String::new(),
            })
            .collect();
        assert_eq!(store.append_audit(&events[..30]).await.unwrap(), 30);
        assert_eq!(store.append_audit(&events[30..]).await.unwrap(), 50);
    });

    // Nothing signed yet, no key yet: the chain alone is checked.
    let out = ok(&bvctnb(dir.path(), &db, &["audit", "verify"]));
    assert!(out.contains("Nhật ký kiểm toán toàn vẹn: 50 mục, 0 điểm kiểm tra"), "{out}");

    let out = ok(&bvctnb(dir.path(), &db, &["audit", "checkpoint"]));
    assert!(out.contains("mục số 50"), "{out}");
    assert!(dir.path().join("keys/audit.key").exists());
    let out = ok(&bvctnb(dir.path(), &db, &["audit", "checkpoint"]));
    assert!(out.contains("Đã có điểm kiểm tra"), "{out}");
    let out = ok(&bvctnb(dir.path(), &db, &["audit", "verify"]));
    assert!(out.contains("Nhật ký kiểm toán toàn vẹn: 50 mục, 1 điểm kiểm tra"), "{out}");

    // Another trusted key than the signer's: the checkpoint is not trusted.
    let other = "11".repeat(32);
    let err = common::err(&bvctnb(dir.path(), &db, &["audit", "verify", "--public-key", &other]));
    assert!(err.contains("Nhật ký kiểm toán bị can thiệp: mục số 50"), "{err}");
    let err = common::err(&bvctnb(dir.path(), &db, &["audit", "verify", "--public-key", "xyz"]));
    assert!(err.contains("không hợp lệ"), "{err}");

    // Behind the application's back.
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute("UPDATE audit_log SET actor = 'someone' WHERE seq = 23", []).unwrap();
    let err = common::err(&bvctnb(dir.path(), &db, &["audit", "verify"]));
    assert!(err.contains("Nhật ký kiểm toán bị can thiệp: mục số 23: nội dung bị sửa"), "{err}");
    conn.execute("UPDATE audit_log SET actor = 'officer1' WHERE seq = 23", []).unwrap();
    ok(&bvctnb(dir.path(), &db, &["audit", "verify"]));

    conn.execute("DELETE FROM audit_log WHERE seq = 12", []).unwrap();
    let err = common::err(&bvctnb(dir.path(), &db, &["audit", "verify"]));
    assert!(err.contains("mục số 12: thiếu mục (bị xoá)"), "{err}");
}
