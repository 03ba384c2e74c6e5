use super::*;
use super::{chain::*, signer::*, verify::*};

fn event(i: i64) -> AuditEvent {
    AuditEvent {
        at: format!("2025-01-{:02}T08:00:00.000Z", 1 + i % 28),
        actor: format!("officer{}", i % 3),
        action: "dossier.read".into(),
        target_kind: "person".into(),
        target_id: i.to_string(),
        person_id: (i % 4 != 0).then_some(PersonId(i)),
        ip: "10.0.0.1".into(),
        outcome: Outcome::Ok,
        detail: String::new(),
    }
}

fn trail(n: i64) -> Vec<AuditEntry> {
    let events: Vec<AuditEvent> = (1..=n).map(event).collect();
    chain(0, GENESIS.to_string(), &events)
}

/// Verifies by both inputs, decoded entries and raw batches (split in two), which agree.
fn both(t: &[AuditEntry], cps: &[Checkpoint], keys: &[String]) -> VerifyReport {
    let decoded = verify_entries(t, cps, keys);
    let mut v = Verifier::new(cps, keys);
    for part in t.chunks(t.len().div_ceil(2).max(1)) {
        let mut b = RawBatch::with_capacity(part.len());
        for e in part {
            b.push(&RawEntry { hash: e.hash.as_bytes(), ..RawEntry::of(&e.prev_hash, e.seq, &e.event) });
        }
        if !v.push_batch(&b) {
            break;
        }
    }
    assert_eq!(v.finish(), decoded);
    decoded
}

fn problem(r: &VerifyReport) -> (i64, &str) {
    let p = r.first_problem.as_ref().expect("a problem");
    (p.seq, p.reason.as_str())
}

/// Re-hashes every entry from index `from` on, as an attacker who knows the scheme would.
fn rehash(t: &mut [AuditEntry], from: usize) {
    for i in from..t.len() {
        let prev = if i == 0 { GENESIS.to_string() } else { t[i - 1].hash.clone() };
        t[i].prev_hash = prev;
        t[i].hash = entry_hash(&t[i].prev_hash, t[i].seq, &t[i].event);
    }
}

#[test]
fn encoding_is_unambiguous() {
    let a = event(1);
    let mut b = a.clone();
    // Moving a character from one field to the next must change the hash.
    b.actor = "officer1d".into();
    b.action = "ossier.read".into();
    assert_ne!(entry_hash(GENESIS, 1, &a), entry_hash(GENESIS, 1, &b));
    let mut c = a.clone();
    c.person_id = None;
    assert_ne!(entry_hash(GENESIS, 1, &a), entry_hash(GENESIS, 1, &c));
    let mut d = a.clone();
    d.outcome = Outcome::Denied;
    assert_ne!(entry_hash(GENESIS, 1, &a), entry_hash(GENESIS, 1, &d));
    assert_ne!(entry_hash(GENESIS, 1, &a), entry_hash(GENESIS, 2, &a));
    assert_eq!(entry_hash(GENESIS, 1, &a).len(), 64);
    assert_eq!(entry_hash(GENESIS, 1, &a), entry_hash(GENESIS, 1, &a.clone()));
    assert_ne!(checkpoint_message(1, "ab"), checkpoint_message(1, "abc"));
}

#[test]
fn chain_links_and_verifies() {
    let t = trail(50);
    assert_eq!(t[0].prev_hash, GENESIS);
    for w in t.windows(2) {
        assert_eq!(w[1].prev_hash, w[0].hash);
        assert_eq!(w[1].seq, w[0].seq + 1);
    }
    let r = both(&t, &[], &[]);
    assert_eq!(r, VerifyReport { entries: 50, checkpoints_checked: 0, first_problem: None });
    assert!(both(&[], &[], &[]).is_intact());
    // Chaining in two calls equals chaining at once.
    let events: Vec<AuditEvent> = (1..=50).map(event).collect();
    let first = chain(0, GENESIS.to_string(), &events[..20]);
    let rest = chain(20, first[19].hash.clone(), &events[20..]);
    assert_eq!([first, rest].concat(), t);
}

#[test]
fn a_changed_entry_is_named() {
    let mut t = trail(20);
    t[6].event.detail = "đã sửa".into();
    assert_eq!(problem(&both(&t, &[], &[])), (7, "nội dung bị sửa"));
    let mut t = trail(20);
    t[6].event.person_id = None;
    assert_eq!(problem(&both(&t, &[], &[])).0, 7);
    // Changed and re-hashed, but not the entries after it: the next one no longer links.
    let mut t = trail(20);
    t[6].event.actor = "someone".into();
    t[6].hash = entry_hash(&t[6].prev_hash, 7, &t[6].event);
    assert_eq!(problem(&both(&t, &[], &[])).0, 7);
}

#[test]
fn a_deleted_entry_is_named() {
    let mut t = trail(20);
    t.remove(9);
    let r = both(&t, &[], &[]);
    assert_eq!(problem(&r), (10, "thiếu mục (bị xoá)"));
    assert_eq!(r.entries, 9);
    // The first one.
    let mut t = trail(5);
    t.remove(0);
    assert_eq!(problem(&both(&t, &[], &[])).0, 1);
    // Deleted, and the rest renumbered to close the gap.
    let mut t = trail(20);
    t.remove(9);
    for (i, e) in t.iter_mut().enumerate() {
        e.seq = i as i64 + 1;
    }
    assert_eq!(problem(&both(&t, &[], &[])).0, 10);
}

#[test]
fn an_inserted_entry_is_named() {
    let mut t = trail(20);
    // A plausible entry at 8: linked to 7 and correctly hashed; the rest renumbered.
    let mut forged = AuditEntry { seq: 8, event: event(99), prev_hash: t[6].hash.clone(), hash: String::new() };
    forged.hash = entry_hash(&forged.prev_hash, 8, &forged.event);
    t.insert(7, forged);
    for e in &mut t[8..] {
        e.seq += 1;
    }
    assert_eq!(problem(&both(&t, &[], &[])), (8, "mục chèn thêm"));
}

#[test]
fn swapped_entries_are_named() {
    let t0 = trail(20);
    // Whole rows exchanged (everything but the seq).
    let mut t = t0.clone();
    let (a, b) = (t[4].clone(), t[11].clone());
    t[4] = AuditEntry { seq: 5, ..b };
    t[11] = AuditEntry { seq: 12, ..a };
    assert_eq!(problem(&both(&t, &[], &[])).0, 5);
    // Only the events exchanged.
    let mut t = t0.clone();
    let tmp = t[4].event.clone();
    t[4].event = t[11].event.clone();
    t[11].event = tmp;
    assert_eq!(problem(&both(&t, &[], &[])), (5, "nội dung bị sửa"));
    // Neighbours.
    let mut t = t0.clone();
    t.swap(4, 5);
    assert_eq!(problem(&both(&t, &[], &[])).0, 5);
    // Out of order in the input (a duplicate seq).
    let mut t = t0;
    t.insert(6, t[3].clone());
    assert_eq!(problem(&both(&t, &[], &[])).0, 4);
}

#[test]
fn checkpoints_catch_a_rewritten_chain() {
    let signer = AuditSigner::generate();
    let keys = [signer.public_hex()];
    let t = trail(30);
    let cps = [signer.sign(10, &t[9].hash), signer.sign(25, &t[24].hash)];
    let r = both(&t, &cps, &keys);
    assert_eq!(r, VerifyReport { entries: 30, checkpoints_checked: 2, first_problem: None });

    // Entry 14 changed and everything after it re-hashed: only the signature can tell.
    let mut bad = t.clone();
    bad[13].event.outcome = Outcome::Denied;
    rehash(&mut bad, 13);
    assert!(both(&bad, &[], &[]).is_intact());
    let r = both(&bad, &cps, &keys);
    let (seq, reason) = problem(&r);
    assert_eq!(seq, 25);
    assert!(reason.contains("không khớp điểm kiểm tra") && reason.contains("11–25"), "{reason}");
    assert_eq!(r.checkpoints_checked, 1);

    // A checkpoint forged with another key, or with a wrong signature.
    let other = AuditSigner::generate();
    let forged = other.sign(25, &bad[24].hash);
    let r = both(&bad, &[cps[0].clone(), forged.clone()], &keys);
    assert_eq!(problem(&r), (25, "điểm kiểm tra ký bằng khoá không được tin cậy"));
    let mut wrong = cps[1].clone();
    wrong.hash = bad[24].hash.clone();
    let r = both(&bad, &[cps[0].clone(), wrong], &keys);
    assert_eq!(problem(&r), (25, "chữ ký điểm kiểm tra sai"));
    // Trusting the forger's key does not help: the honest checkpoint still disagrees.
    let r = both(&bad, &cps, &[keys[0].clone(), other.public_hex()]);
    assert_eq!(problem(&r).0, 25);
    // An earlier chain problem wins over a later checkpoint problem.
    let mut t2 = t.clone();
    t2[2].event.ip = "1.2.3.4".into();
    assert_eq!(problem(&both(&t2, &[forged], &keys)).0, 3);
}

#[test]
fn truncation_behind_a_checkpoint_or_the_head_is_caught() {
    let signer = AuditSigner::generate();
    let keys = [signer.public_hex()];
    let t = trail(30);
    let cps = [signer.sign(20, &t[19].hash)];
    let r = both(&t[..17], &cps, &keys);
    let (seq, reason) = problem(&r);
    assert_eq!(seq, 18);
    assert!(reason.starts_with("điểm kiểm tra vượt quá cuối chuỗi (mất mục cuối)"), "{reason}");
    // Past the checkpoint, only the recorded head can tell.
    assert!(both(&t[..25], &cps, &keys).is_intact());
    let mut v = Verifier::new(&cps, &keys);
    v.expect_head(30, t[29].hash.clone());
    t[..25].iter().for_each(|e| {
        v.push(e);
    });
    assert_eq!(v.finish().first_problem.unwrap().seq, 26);
    // Entries appended after the head was read are fine.
    let mut v = Verifier::new(&cps, &keys);
    v.expect_head(25, t[24].hash.clone());
    t.iter().for_each(|e| {
        v.push(e);
    });
    assert!(v.finish().is_intact());
}

#[test]
fn checkpoint_at_zero_and_empty_trail() {
    let signer = AuditSigner::generate();
    let keys = [signer.public_hex()];
    let r = both(&[], &[signer.sign(0, GENESIS)], &keys);
    assert!(r.is_intact(), "{r:?}");
    let r = both(&[], &[signer.sign(3, "ab")], &keys);
    assert_eq!(problem(&r).0, 1);
}

#[test]
fn raw_entries_hash_like_decoded_ones() {
    let t = trail(3);
    let mut b = RawBatch::with_capacity(1);
    b.push(&RawEntry { hash: t[1].hash.as_bytes(), ..RawEntry::of(&t[1].prev_hash, 2, &t[1].event) });
    assert_eq!(b.len(), 1);
    let it = &b.items[0];
    assert_eq!(blake3::hash(&b.buf[it.encoding.clone()]).to_hex().as_str(), t[1].hash);
    assert_eq!(&b.buf[it.prev_hash.clone()], t[0].hash.as_bytes());
    assert_eq!(&b.buf[it.hash.clone()], t[1].hash.as_bytes());
    // An outcome the software never writes is changed content, as is an unreadable row.
    let mut v = Verifier::new(&[], &[]);
    let mut b = RawBatch::default();
    b.push(&RawEntry { hash: t[0].hash.as_bytes(), ..RawEntry::of(GENESIS, 1, &t[0].event) });
    b.push(&RawEntry {
        outcome: b"hacked",
        hash: t[1].hash.as_bytes(),
        ..RawEntry::of(&t[1].prev_hash, 2, &t[1].event)
    });
    assert!(!v.push_batch(&b));
    assert_eq!(v.finish().first_problem.unwrap(), Problem { seq: 2, reason: "nội dung bị sửa".into() });
    let mut v = Verifier::new(&[], &[]);
    let mut b = RawBatch::default();
    b.push_malformed(1);
    assert!(!v.push_batch(&b));
    assert_eq!(v.finish().first_problem.unwrap().seq, 1);
}

#[test]
fn signer_file_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/audit.key");
    let s1 = AuditSigner::load_or_create(&path).unwrap();
    let s2 = AuditSigner::load_or_create(&path).unwrap();
    assert_eq!(s1.public_hex(), s2.public_hex());
    assert_eq!(AuditSigner::load(&path).unwrap().public_hex(), s1.public_hex());
    assert!(!format!("{s1:?}").contains(&std::fs::read_to_string(&path).unwrap().trim().to_string()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert!(AuditSigner::load(&dir.path().join("missing")).is_err());
    std::fs::write(dir.path().join("bad"), "xyz").unwrap();
    assert!(AuditSigner::load(&dir.path().join("bad")).is_err());
    let c = s1.sign(5, &"a".repeat(64));
    assert_eq!(c.key, s1.public_hex());
    assert_eq!(c.signature.len(), 128);
}

#[tokio::test]
async fn verify_consumes_a_stream_and_stops_at_the_first_problem() {
    let mut t = trail(100);
    t[40].event.detail = "x".into();
    let polled = std::sync::atomic::AtomicUsize::new(0);
    let s = futures::stream::iter(t.iter().cloned().map(Ok)).inspect(|_| {
        polled.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    });
    let r = verify(s, &[], &[], None).await.unwrap();
    assert_eq!(problem(&r).0, 41);
    assert_eq!(polled.load(std::sync::atomic::Ordering::Relaxed), 41);
    let s = futures::stream::iter(vec![Err(crate::StoreError::Corrupt("x".into()))]);
    assert!(verify(s, &[], &[], None).await.is_err());
}
