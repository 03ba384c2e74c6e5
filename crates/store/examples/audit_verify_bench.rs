//! Times the audit trail: appending entries with `append_audit` in batches of 50 000, then
//! verifying the whole chain from the database by the store's fast path (`verify_audit`) and
//! by the generic one (`verify(stream_audit())`), and the hashing alone in memory.
//!
//! cargo run --release -p bvctnb-store --example audit_verify_bench -- [N] [DATABASE_URL]
//! (default: 1 000 000 entries into a fresh SQLite file in a temporary directory). An existing
//! database is topped up to N entries, so a large one is built once and verified many times;
//! AUDIT_BENCH_ONLY_FAST=1 times `verify_audit` alone.

use bvctnb_core::ids::PersonId;
use bvctnb_store::audit::{self, AuditEvent, GENESIS, Outcome};
use bvctnb_store::{DatabaseUrl, OpenMode};
use futures::TryStreamExt;
use std::time::Instant;

fn event(i: i64) -> AuditEvent {
    AuditEvent {
        // Ten entries a second from 1 January 2025, as a busy national server might write.
        at: (chrono::DateTime::UNIX_EPOCH + chrono::Duration::milliseconds(1_735_689_600_000 + 100 * i))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        actor: format!("officer{}", i % 500),
        action: ["dossier.read", "search", "dossier.update", "login"][(i % 4) as usize].to_string(),
        target_kind: "person".to_string(),
        target_id: (i % 90_000).to_string(),
        person_id: (i % 5 != 0).then_some(PersonId(i % 90_000)),
        ip: format!("10.0.{}.{}", (i / 256) % 256, i % 256),
        outcome: if i % 50 == 0 { Outcome::Denied } else { Outcome::Ok },
        detail: if i % 10 == 0 { "tìm theo họ tên".to_string() } else { String::new() },
    }
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let n: i64 = args.next().map(|s| s.replace(['_', '.'], "").parse().expect("N")).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let url = args.next().unwrap_or_else(|| format!("sqlite://{}/audit.db", dir.path().display()));
    let store = bvctnb_store::open(&DatabaseUrl::parse(&url).unwrap(), OpenMode::Create).await.unwrap();
    // An existing database is topped up to N entries.
    let start_seq = store.audit_head().await.unwrap().0;
    let n = (n - start_seq).max(0);

    const BATCH: i64 = 50_000;
    let t = Instant::now();
    let mut i = 0;
    while i < n {
        let events: Vec<AuditEvent> = (start_seq + i..start_seq + (i + BATCH).min(n)).map(event).collect();
        store.append_audit(&events).await.unwrap();
        i += events.len() as i64;
    }
    let append = t.elapsed();
    println!("append: {n} entries in {:.1} s ({:.0} entries/s)", append.as_secs_f64(), n as f64 / append.as_secs_f64());
    let signer = audit::AuditSigner::generate();
    let (seq, hash) = store.audit_head().await.unwrap();
    store.put_checkpoint(&signer.sign(seq, &hash)).await.unwrap();
    // A reused database keeps the checkpoints of earlier runs, signed by their own keys.
    let mut keys = vec![signer.public_hex()];
    keys.extend(store.checkpoints().await.unwrap().into_iter().map(|c| c.key));

    if std::env::var("AUDIT_BENCH_ONLY_FAST").is_ok() {
        let t = Instant::now();
        let r = store.verify_audit(&keys).await.unwrap();
        println!("verify_audit: {} entries in {:.2} s", r.entries, t.elapsed().as_secs_f64());
        return;
    }
    // Reading alone, for comparison.
    let t = Instant::now();
    let read = store.stream_audit().try_fold(0i64, |n, _| async move { Ok(n + 1) }).await.unwrap();
    println!("read only (stream_audit): {read} entries in {:.2} s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let r = store.verify_audit(&keys).await.unwrap();
    let v = t.elapsed();
    assert!(r.is_intact(), "{r:?}");
    assert_eq!(r.entries, start_seq + n);
    println!(
        "verify_audit (the store's fast path): {} entries, {} checkpoint(s) in {:.2} s ({:.0} entries/s)",
        r.entries,
        r.checkpoints_checked,
        v.as_secs_f64(),
        r.entries as f64 / v.as_secs_f64()
    );

    let t = Instant::now();
    let r = audit::verify_log(store.as_ref(), &keys).await.unwrap();
    let v = t.elapsed();
    assert!(r.is_intact(), "{r:?}");
    println!(
        "verify(stream_audit()) (generic path): {} entries in {:.2} s ({:.0} entries/s)",
        r.entries,
        v.as_secs_f64(),
        r.entries as f64 / v.as_secs_f64()
    );

    // The verifier alone (hashing and comparing), over an in-memory slice of up to 1 M entries.
    let m = r.entries.min(1_000_000);
    let events: Vec<AuditEvent> = (0..m).map(event).collect();
    let entries = audit::chain(0, GENESIS.to_string(), &events);
    let t = Instant::now();
    let r = audit::verify_entries(&entries, &[], &[]);
    let h = t.elapsed();
    assert!(r.is_intact());
    println!(
        "verify in memory (hash + compare only): {m} entries in {:.3} s ({:.0} entries/s)",
        h.as_secs_f64(),
        m as f64 / h.as_secs_f64()
    );
}
