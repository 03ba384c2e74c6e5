//! The audit trail on every backend: concurrent appenders keep one chain, the filters find
//! what an inspector asks for, and tampering behind the store's back (plain SQL) is caught,
//! naming the first entry at fault.

use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::org::{OrgKind, OrgNode};
use bvctnb_store::audit::{
    AuditEntry, AuditEvent, AuditFilter, AuditSigner, Checkpoint, GENESIS, Outcome, VerifyReport, entry_hash, verify,
    verify_log,
};
use bvctnb_store::{Store, StoreError};
use bvctnb_testkit::{TestDb, on_every_backend};
use sqlx::AnyPool;
use std::sync::Arc;

fn ev(actor: &str, at: &str, person: Option<PersonId>, action: &str) -> AuditEvent {
    AuditEvent {
        at: at.to_string(),
        actor: actor.to_string(),
        action: action.to_string(),
        target_kind: "person".to_string(),
        target_id: person.map(|p| p.0.to_string()).unwrap_or_default(),
        person_id: person,
        ip: "127.0.0.1".to_string(),
        outcome: Outcome::Ok,
        detail: String::new(),
    }
}

/// Verifies by the store's fast path and by the generic one over `stream_audit`: they agree.
async fn check(s: &dyn Store, keys: &[String]) -> VerifyReport {
    let fast = s.verify_audit(keys).await.unwrap();
    let generic = verify_log(s, keys).await.unwrap();
    assert_eq!(fast, generic);
    fast
}

#[track_caller]
fn problem(r: &VerifyReport) -> (i64, String) {
    match &r.first_problem {
        Some(p) => (p.seq, p.reason.clone()),
        None => panic!("tampering not detected: {r:?}"),
    }
}

async fn entry(s: &dyn Store, seq: i64) -> AuditEntry {
    let f = AuditFilter { before: Some(seq + 1), limit: 1, ..AuditFilter::default() };
    let e = s.audit_entries(&f).await.unwrap().remove(0);
    assert_eq!(e.seq, seq);
    e
}

async fn exec(db: &AnyPool, sql: &str) {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(db).await.unwrap();
}

async fn write_entry(db: &AnyPool, e: &AuditEntry) {
    sqlx::query(
        "UPDATE audit_log SET at = $1, actor = $2, action = $3, target_kind = $4, target_id = $5, person_id = $6,
         ip = $7, outcome = $8, detail = $9, prev_hash = $10, hash = $11 WHERE seq = $12",
    )
    .bind(&e.event.at)
    .bind(&e.event.actor)
    .bind(&e.event.action)
    .bind(&e.event.target_kind)
    .bind(&e.event.target_id)
    .bind(e.event.person_id.map(|p| p.0))
    .bind(&e.event.ip)
    .bind(e.event.outcome.code())
    .bind(&e.event.detail)
    .bind(&e.prev_hash)
    .bind(&e.hash)
    .bind(e.seq)
    .execute(db)
    .await
    .unwrap();
}

async fn set_head(db: &AnyPool, seq: i64, hash: &str) {
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(hash)
        .execute(db)
        .await
        .unwrap();
}

/// Puts back the trail saved in `audit_backup`.
async fn restore(db: &AnyPool, head: &(i64, String)) {
    exec(db, "DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM audit_backup").await;
    set_head(db, head.0, &head.1).await;
}

async fn setup_people(s: &dyn Store) -> (PersonId, PersonId) {
    use OrgKind::*;
    for o in [
        OrgNode::new(1, None, Central, "Trung ương"),
        OrgNode::new(2, Some(1), DirectlyUnderCentral, "Đảng bộ tỉnh"),
        OrgNode::new(3, Some(2), GrassrootsCommittee, "Đảng bộ xã A"),
        OrgNode::new(4, Some(2), GrassrootsCommittee, "Đảng bộ xã B"),
        OrgNode::new(5, Some(3), Cell, "Chi bộ ấp 1"),
        OrgNode::new(6, Some(4), Cell, "Chi bộ ấp 2"),
    ] {
        s.put_org(&o).await.unwrap();
    }
    let mut d = bvctnb_testkit::data::fixture();
    d.identity.cccd = None;
    let a = s.create_person(OrgId(5), &d, "officer").await.unwrap().id;
    d.identity.full_name = "Lê Văn Bình".into();
    let b = s.create_person(OrgId(6), &d, "officer").await.unwrap().id;
    (a, b)
}

async fn scenario(db: &TestDb) {
    let s: Arc<dyn Store> = db.store.clone();
    let name = db.name;
    let (pa, pb) = setup_people(s.as_ref()).await;
    assert_eq!(s.audit_head().await.unwrap(), (0, GENESIS.to_string()));
    assert!(check(s.as_ref(), &[]).await.is_intact());
    assert_eq!(s.append_audit(&[]).await.unwrap(), 0);

    // Concurrent appenders, batches of 1–4 events: one unbroken chain, no seq lost or reused.
    let tasks: Vec<_> = (0..6)
        .map(|t| {
            let s = s.clone();
            tokio::spawn(async move {
                let mut lasts = Vec::new();
                for i in 0..15 {
                    let batch: Vec<AuditEvent> = (0..1 + (t + i) % 4)
                        .map(|k| AuditEvent {
                            detail: format!("{t}/{i}/{k}"),
                            ..ev(&format!("task{t}"), &format!("2025-02-01T00:00:{k:02}.000Z"), None, "search")
                        })
                        .collect();
                    lasts.push(s.append_audit(&batch).await.unwrap());
                }
                lasts
            })
        })
        .collect();
    let mut lasts = Vec::new();
    for t in tasks {
        lasts.extend(t.await.unwrap());
    }
    let total: i64 = (0..6).flat_map(|t| (0..15).map(move |i| 1 + (t + i) % 4)).sum();
    lasts.sort();
    lasts.dedup();
    assert_eq!(lasts.len(), 90, "{name}: every append got its own range");
    assert_eq!(*lasts.last().unwrap(), total);
    let r = check(s.as_ref(), &[]).await;
    assert_eq!(r, VerifyReport { entries: total, checkpoints_checked: 0, first_problem: None }, "{name}");

    // A signed checkpoint at the current head.
    let dir = tempfile::tempdir().unwrap();
    let signer = AuditSigner::load_or_create(&dir.path().join("audit.key")).unwrap();
    let keys = vec![signer.public_hex()];
    let (c, c_hash) = s.audit_head().await.unwrap();
    s.put_checkpoint(&signer.sign(c, &c_hash)).await.unwrap();
    s.put_checkpoint(&signer.sign(c, &c_hash)).await.unwrap(); // once per seq
    let cps: Vec<Checkpoint> = s.checkpoints().await.unwrap();
    assert_eq!(cps.len(), 1);
    assert_eq!((cps[0].seq, cps[0].key.as_str()), (c, keys[0].as_str()));

    // Entries for the filters, after the checkpoint.
    let day = |d: u32, t: &str| format!("2025-03-{d:02}T{t}Z");
    let mut filtered = vec![
        ev("alice", &day(9, "23:59:59.999"), Some(pa), "dossier.read"),
        ev("alice", &day(10, "00:00:00.000"), Some(pa), "dossier.read"),
        ev("bob", &day(10, "12:00:00.000"), Some(pb), "dossier.update"),
        ev("alice", &day(10, "23:59:59.999"), Some(pb), "dossier.read"),
        ev("alice", &day(11, "00:00:00.000"), None, "login"),
        ev("bob", &day(11, "08:00:00.000"), Some(pa), "dossier.read"),
        ev("alice-2", &day(12, "08:00:00.000"), Some(pa), "dossier.read"),
    ];
    // Characters a text format must escape survive the fast paths (COPY on PostgreSQL).
    filtered[4].detail = "tên \"x\"\tsai\nlần 2 \\ N \\N \r\u{1}".into();
    let end = s.append_audit(&filtered).await.unwrap();
    assert_eq!(end, c + 7);
    let seqs = |v: Vec<AuditEntry>| v.iter().map(|e| e.seq - c).collect::<Vec<_>>();
    let q = |f: AuditFilter| {
        let s = s.clone();
        async move { seqs(s.audit_entries(&f).await.unwrap()) }
    };
    let f = AuditFilter::default;
    assert_eq!(q(AuditFilter { actor: Some("alice".into()), ..f() }).await, [5, 4, 2, 1], "{name}: actor exact");
    assert_eq!(q(AuditFilter { person_id: Some(pa), ..f() }).await, [7, 6, 2, 1], "{name}: person");
    assert_eq!(q(AuditFilter { action: Some("dossier.update".into()), ..f() }).await, [3], "{name}: action");
    assert_eq!(
        q(AuditFilter { action: Some("dossier.read".into()), person_id: Some(pb), ..f() }).await,
        [4],
        "{name}: action and person"
    );
    assert_eq!(
        q(AuditFilter { from: Some("2025-03-10".into()), to: Some("2025-03-10".into()), ..f() }).await,
        [4, 3, 2],
        "{name}: a whole day"
    );
    assert_eq!(
        q(AuditFilter { from: Some(day(10, "12:00:00.000")), to: Some(day(11, "00:00:00.000")), ..f() }).await,
        [5, 4, 3],
        "{name}: timestamps inclusive"
    );
    assert_eq!(q(AuditFilter { scope_org: Some(OrgId(3)), ..f() }).await, [7, 6, 2, 1], "{name}: subtree of 3");
    assert_eq!(q(AuditFilter { scope_org: Some(OrgId(6)), ..f() }).await, [4, 3], "{name}: subtree of 6");
    assert_eq!(q(AuditFilter { scope_org: Some(OrgId(2)), ..f() }).await, [7, 6, 4, 3, 2, 1], "{name}: no person");
    assert_eq!(
        q(AuditFilter { actor: Some("alice".into()), person_id: Some(pa), scope_org: Some(OrgId(3)), ..f() }).await,
        [2, 1]
    );
    // Keyset pages, newest first.
    let page1 = q(AuditFilter { limit: 3, ..f() }).await;
    assert_eq!(page1, [7, 6, 5]);
    assert_eq!(q(AuditFilter { limit: 3, before: Some(c + 5), ..f() }).await, [4, 3, 2]);
    assert_eq!(s.audit_entries(&f()).await.unwrap().len(), 100, "{name}: default limit");
    let e = entry(s.as_ref(), c + 3).await;
    assert_eq!(e.event, filtered[2]);

    let r = check(s.as_ref(), &keys).await;
    assert_eq!(r, VerifyReport { entries: end, checkpoints_checked: 1, first_problem: None }, "{name}");
    // An untrusted key is a problem at its checkpoint.
    assert_eq!(problem(&check(s.as_ref(), &[AuditSigner::generate().public_hex()]).await).0, c, "{name}");

    // Tampering, behind the store's back.
    sqlx::any::install_default_drivers();
    let raw = AnyPool::connect(&db.url).await.unwrap();
    exec(&raw, "CREATE TABLE audit_backup AS SELECT * FROM audit_log").await;
    let head = s.audit_head().await.unwrap();
    let k = 17;

    // 1. A field of entry k changed.
    exec(&raw, &format!("UPDATE audit_log SET actor = 'someone-else' WHERE seq = {k}")).await;
    assert_eq!(problem(&check(s.as_ref(), &keys).await), (k, "nội dung bị sửa".into()), "{name}: update");
    restore(&raw, &head).await;
    assert!(check(s.as_ref(), &keys).await.is_intact(), "{name}: restored");

    // 2. Entry k deleted.
    exec(&raw, &format!("DELETE FROM audit_log WHERE seq = {k}")).await;
    assert_eq!(problem(&check(s.as_ref(), &keys).await), (k, "thiếu mục (bị xoá)".into()), "{name}: delete");
    restore(&raw, &head).await;

    // 3. A plausible entry inserted at k: linked to k-1, correctly hashed, the rest renumbered.
    exec(&raw, &format!("UPDATE audit_log SET seq = -seq - 1 WHERE seq >= {k}")).await;
    exec(&raw, "UPDATE audit_log SET seq = -seq WHERE seq < 0").await;
    let before = entry(s.as_ref(), k - 1).await;
    let event = ev("officer", "2025-02-01T00:00:00.500Z", Some(pb), "dossier.read");
    let forged = AuditEntry { seq: k, hash: entry_hash(&before.hash, k, &event), prev_hash: before.hash, event };
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, target_kind, target_id, person_id, ip, outcome, detail,
         prev_hash, hash) VALUES ($1, '', '', '', '', '', NULL, '', 'ok', '', '', '')",
    )
    .bind(k)
    .execute(&raw)
    .await
    .unwrap();
    write_entry(&raw, &forged).await;
    set_head(&raw, head.0 + 1, &head.1).await;
    assert_eq!(problem(&check(s.as_ref(), &keys).await), (k, "mục chèn thêm".into()), "{name}: insert");
    restore(&raw, &head).await;

    // 4. Two entries' contents swapped (everything but seq).
    let (i, j) = (k, k + 9);
    let (ei, ej) = (entry(s.as_ref(), i).await, entry(s.as_ref(), j).await);
    write_entry(&raw, &AuditEntry { seq: i, ..ej.clone() }).await;
    write_entry(&raw, &AuditEntry { seq: j, ..ei.clone() }).await;
    let (seq, reason) = problem(&check(s.as_ref(), &keys).await);
    assert_eq!(seq, i, "{name}: swap: {reason}");
    assert!(reason.contains("đổi thứ tự"), "{reason}");
    restore(&raw, &head).await;
    // Only the events swapped.
    write_entry(&raw, &AuditEntry { seq: i, event: ej.event.clone(), ..ei.clone() }).await;
    write_entry(&raw, &AuditEntry { seq: j, event: ei.event.clone(), ..ej.clone() }).await;
    assert_eq!(problem(&check(s.as_ref(), &keys).await), (i, "nội dung bị sửa".into()), "{name}: swap events");
    restore(&raw, &head).await;

    // 5. Entry k changed and the whole chain recomputed consistently (head too): only the
    //    signed checkpoint can tell, and it does.
    let mut prev = entry(s.as_ref(), k - 1).await.hash;
    for seq in k..=head.0 {
        let mut e = entry(s.as_ref(), seq).await;
        if seq == k {
            e.event.outcome = Outcome::Denied;
        }
        e.prev_hash = prev;
        e.hash = entry_hash(&e.prev_hash, seq, &e.event);
        prev = e.hash.clone();
        write_entry(&raw, &e).await;
    }
    set_head(&raw, head.0, &prev).await;
    assert!(check(s.as_ref(), &[]).await.first_problem.is_some_and(|p| p.seq == c), "{name}: untrusted");
    exec(&raw, "DELETE FROM audit_checkpoints").await;
    assert!(check(s.as_ref(), &[]).await.is_intact(), "{name}: without a checkpoint a rewrite is invisible");
    s.put_checkpoint(&cps[0]).await.unwrap();
    let (seq, reason) = problem(&check(s.as_ref(), &keys).await);
    assert_eq!(seq, c, "{name}: rewrite: {reason}");
    assert!(reason.contains("không khớp điểm kiểm tra đã ký"), "{reason}");
    // A checkpoint re-signed with another key over the rewritten chain is not trusted.
    exec(&raw, "DELETE FROM audit_checkpoints").await;
    s.put_checkpoint(&AuditSigner::generate().sign(c, &entry(s.as_ref(), c).await.hash)).await.unwrap();
    let (seq, reason) = problem(&check(s.as_ref(), &keys).await);
    assert_eq!((seq, reason.as_str()), (c, "điểm kiểm tra ký bằng khoá không được tin cậy"), "{name}");
    exec(&raw, "DELETE FROM audit_checkpoints").await;
    s.put_checkpoint(&cps[0]).await.unwrap();
    restore(&raw, &head).await;
    assert!(check(s.as_ref(), &keys).await.is_intact(), "{name}: restored");

    // 6. The tail cut behind the checkpoint, head moved back to match.
    exec(&raw, &format!("DELETE FROM audit_log WHERE seq > {}", c - 3)).await;
    set_head(&raw, c - 3, &entry(s.as_ref(), c - 3).await.hash).await;
    let (seq, reason) = problem(&check(s.as_ref(), &keys).await);
    assert_eq!(seq, c - 2, "{name}: truncation: {reason}");
    assert!(reason.starts_with("điểm kiểm tra vượt quá cuối chuỗi (mất mục cuối)"), "{reason}");
    restore(&raw, &head).await;
    // Cut past the checkpoint: the head recorded in the store still tells.
    exec(&raw, &format!("DELETE FROM audit_log WHERE seq > {}", c + 2)).await;
    let (seq, reason) = problem(&check(s.as_ref(), &keys).await);
    assert_eq!(seq, c + 3, "{name}: truncation after the checkpoint: {reason}");
    restore(&raw, &head).await;

    // 7. An outcome the software never writes: changed content for the verifier; the stream
    //    of decoded entries refuses it, naming the entry.
    exec(&raw, &format!("UPDATE audit_log SET outcome = 'hacked' WHERE seq = {k}")).await;
    assert_eq!(problem(&s.verify_audit(&keys).await.unwrap()), (k, "nội dung bị sửa".into()), "{name}");
    let err = verify(s.stream_audit(), &cps, &keys, None).await.unwrap_err();
    assert!(matches!(&err, StoreError::Corrupt(m) if m.contains(&format!("mục số {k}"))), "{err}");
    restore(&raw, &head).await;
    if name == "sqlite" {
        // A value of another type than the one written (SQLite only: PostgreSQL columns are typed).
        exec(&raw, &format!("UPDATE audit_log SET detail = 42 WHERE seq = {k}")).await;
        assert_eq!(problem(&s.verify_audit(&keys).await.unwrap()), (k, "nội dung bị sửa".into()));
        restore(&raw, &head).await;
    }

    assert!(check(s.as_ref(), &keys).await.is_intact(), "{name}: restored at the end");
    raw.close().await;
}

on_every_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    audit_on_sqlite,
    audit_on_postgres,
    |db| scenario(&db)
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stream_pages_through_a_long_trail() {
    let db = TestDb::sqlite().await;
    let s = &db.store;
    let events: Vec<AuditEvent> =
        (0..25_003).map(|i| ev(&format!("u{}", i % 7), "2025-01-01T00:00:00.000Z", None, "search")).collect();
    assert_eq!(s.append_audit(&events).await.unwrap(), 25_003);
    let r = check(s.as_ref(), &[]).await;
    assert_eq!(r, VerifyReport { entries: 25_003, checkpoints_checked: 0, first_problem: None });
    // Dropping the stream early stops the reader.
    use futures::StreamExt;
    let first: Vec<_> = s.stream_audit().take(3).collect().await;
    assert_eq!(first.into_iter().map(|e| e.unwrap().seq).collect::<Vec<_>>(), [1, 2, 3]);
    db.close().await;
}
