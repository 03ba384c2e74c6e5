//! `bvctnb audit`: a trail with a signed checkpoint verifies; the same trail changed behind
//! the application's back does not, and the message names the entry.

mod common;
use common::ok;

use bvctnb_store::{DatabaseUrl, OpenMode};
use std::path::Path;
use std::process::Output;

fn bvctnb(dir: &Path, db: &str, args: &[&str]) -> Output {
    common::operator(dir, db, "idx", args)
}

#[test]
fn audit_verify_passes_then_catches_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.db");
    let db = format!("sqlite://{}", file.display());
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = bvctnb_store::open(&DatabaseUrl::parse(&db).unwrap(), OpenMode::Create).await.unwrap();
        let events = common::reads("officer1", 0, 50);
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
