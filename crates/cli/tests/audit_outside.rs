//! Tampering by someone who can edit the database, caught by the checkpoints held outside it
//! (the checkpoint log, and a head kept by the level above): cutting the newest entries and
//! moving the head back, rewriting the chain after a change, deleting all checkpoints or those
//! after some point, deleting the newest entries with their checkpoints. Each was passed as
//! intact while the checkpoints lived only in the database.

mod common;
use common::ok;

use bvctnb_store::audit::{AuditEvent, chain};
use bvctnb_store::{DatabaseUrl, OpenMode};
use std::path::Path;
use std::process::Output;

fn bvctnb(dir: &Path, db: &Path, args: &[&str]) -> Output {
    common::operator(dir, &format!("sqlite://{}", db.display()), "idx", args)
}

fn events(from: usize, to: usize) -> Vec<AuditEvent> {
    common::reads("officer1", from, to)
}

async fn append(db: &Path, evs: &[AuditEvent]) {
    let url = DatabaseUrl::parse(&format!("sqlite://{}", db.display())).unwrap();
    let store = bvctnb_store::open(&url, OpenMode::Create).await.unwrap();
    store.append_audit(evs).await.unwrap();
}

/// A copy of the pristine database for one kind of tampering.
fn copy(dir: &Path, name: &str) -> std::path::PathBuf {
    let to = dir.join(format!("{name}.db"));
    std::fs::copy(dir.join("a.db"), &to).unwrap();
    // Entries not yet checkpointed into the main file are in its WAL: the copy needs both.
    let wal = dir.join("a.db-wal");
    if wal.exists() {
        std::fs::copy(&wal, dir.join(format!("{name}.db-wal"))).unwrap();
    }
    to
}

fn sql(db: &Path, statements: &str) {
    rusqlite::Connection::open(db).unwrap().execute_batch(statements).unwrap();
}

fn head_of(db: &Path, seq: i64) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT hash FROM audit_log WHERE seq = ?1", [seq], |r| r.get(0)).unwrap()
}

/// Changes entry `seq` and recomputes the chain from it to the end, head included: what
/// someone with the database (and the unkeyed hash) can do.
fn rechain(db: &Path, seq: usize) {
    let mut evs = events(0, 100);
    evs[seq - 1].actor = "someone-else".into();
    let entries = chain(seq as i64 - 1, head_of(db, seq as i64 - 1), &evs[seq - 1..]);
    let conn = rusqlite::Connection::open(db).unwrap();
    for e in &entries {
        conn.execute(
            "UPDATE audit_log SET actor = ?1, prev_hash = ?2, hash = ?3 WHERE seq = ?4",
            rusqlite::params![e.event.actor, e.prev_hash, e.hash, e.seq],
        )
        .unwrap();
    }
    conn.execute("UPDATE audit_head SET hash = ?1 WHERE id = 1", [&entries.last().unwrap().hash]).unwrap();
}

fn tampered(dir: &Path, db: &Path, extra: &[&str]) -> String {
    let args: Vec<&str> = ["audit", "verify"].iter().copied().chain(extra.iter().copied()).collect();
    common::err(&bvctnb(dir, db, &args))
}

#[test]
fn every_kind_of_tampering_is_caught_by_the_checkpoints_outside() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("a.db");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(append(&db, &events(0, 60)));
    ok(&bvctnb(d, &db, &["audit", "checkpoint"]));
    rt.block_on(append(&db, &events(60, 100)));
    // The head at 100, as sent to the level above with the periodic report.
    let out = bvctnb(d, &db, &["audit", "head"]);
    let head_line = ok(&out);
    assert!(head_line.starts_with("{\"seq\":100,"), "{head_line}");
    std::fs::write(d.join("kept-above.jsonl"), &head_line).unwrap();
    let log = std::fs::read_to_string(d.join("outside/checkpoints.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 2, "both checkpoints were copied outside: {log}");
    let out = ok(&bvctnb(d, &db, &["audit", "verify"]));
    assert!(out.contains("100 mục, 2 điểm kiểm tra (2 trong sổ ngoài"), "{out}");

    // 1. The newest entries cut and the head moved back, the database's checkpoints with them.
    let t = copy(d, "cut");
    let h = head_of(&t, 80);
    sql(
        &t,
        &format!(
            "DELETE FROM audit_log WHERE seq > 80; DELETE FROM audit_checkpoints WHERE seq > 80; UPDATE audit_head SET seq = 80, hash = '{h}'"
        ),
    );
    let err = tampered(d, &t, &[]);
    assert!(err.contains("điểm kiểm tra vượt quá cuối chuỗi (mất mục cuối)"), "{err}");

    // 2. A recent entry changed and the chain recomputed from it, head and all.
    let t = copy(d, "rechained");
    rechain(&t, 90);
    sql(&t, "DELETE FROM audit_checkpoints WHERE seq = 100");
    let err = tampered(d, &t, &[]);
    assert!(err.contains("mục số 100: không khớp điểm kiểm tra đã ký"), "{err}");

    // 3. Every checkpoint deleted from the database and the chain rewritten from entry 30.
    let t = copy(d, "no-checkpoints");
    rechain(&t, 30);
    sql(&t, "DELETE FROM audit_checkpoints");
    let err = tampered(d, &t, &[]);
    assert!(err.contains("mục số 60: không khớp điểm kiểm tra đã ký"), "{err}");

    // 4. The newest 60 entries deleted with all their checkpoints, the head moved back to 40:
    //    the log outside is lost too; the head kept by the level above still catches it.
    let t = copy(d, "deep-cut");
    let h = head_of(&t, 40);
    sql(
        &t,
        &format!(
            "DELETE FROM audit_log WHERE seq > 40; DELETE FROM audit_checkpoints; UPDATE audit_head SET seq = 40, hash = '{h}'"
        ),
    );
    std::fs::rename(d.join("outside"), d.join("outside-lost")).unwrap();
    ok(&bvctnb(d, &t, &["audit", "verify"]));
    let err = tampered(d, &t, &["--checkpoints", d.join("kept-above.jsonl").to_str().unwrap()]);
    assert!(err.contains("mất mục cuối"), "{err}");
    std::fs::rename(d.join("outside-lost"), d.join("outside")).unwrap();
    let err = tampered(d, &t, &[]);
    assert!(err.contains("mất mục cuối"), "{err}");

    // The untouched database still verifies against all of them.
    let kept = d.join("kept-above.jsonl");
    ok(&bvctnb(d, &db, &["audit", "verify", "--checkpoints", kept.to_str().unwrap()]));

    // A new key: the old one's checkpoints still count, the next are signed by the new one.
    let before = std::fs::read_to_string(d.join("keys/audit.key")).unwrap();
    ok(&bvctnb(d, &db, &["audit", "rotate-key"]));
    assert_ne!(before, std::fs::read_to_string(d.join("keys/audit.key")).unwrap());
    rt.block_on(append(&db, &events(100, 110)));
    ok(&bvctnb(d, &db, &["audit", "checkpoint"]));
    let out = ok(&bvctnb(d, &db, &["audit", "verify"]));
    assert!(out.contains("110 mục, 3 điểm kiểm tra"), "{out}");
    // Without the retired key the old checkpoints are not trusted.
    std::fs::remove_file(d.join("keys/audit.key.retired")).unwrap();
    let err = tampered(d, &db, &[]);
    assert!(err.contains("khoá không được tin cậy"), "{err}");
}
