//! The server killed (SIGKILL) under 8 concurrent writers at a random moment, then opened
//! again: the database is sound, the audit trail verifies, every write that was answered 2xx
//! is there, and no declaration version exists without the audit entry that records it (the
//! entry is committed in the version's own transaction). A few rounds here;
//! `BVCTNB_CRASH_ROUNDS=200` (bench/crash.sh) for the long loop.

mod common;
use common::ok;

use bvctnb_core::ids::PersonId;
use bvctnb_store::audit::{AuditFilter, Outcome};
use bvctnb_store::{DatabaseUrl, OpenMode};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const WRITERS: i64 = 8;

fn serve(dir: &Path, db: &str, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_bvctnb"))
        .current_dir(dir)
        .env_remove("BVCTNB_CONFIG")
        .env("BVCTNB_LOG", "error")
        .env("BVCTNB_AUDIT_KEY_FILE", dir.join("keys/audit.key"))
        .env("BVCTNB_AUDIT_CHECKPOINT_LOG", dir.join("outside/checkpoints.jsonl"))
        .env("BVCTNB_LISTEN", format!("127.0.0.1:{port}"))
        .args(["--database", db, "--index-dir", &dir.join("idx").display().to_string(), "serve"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Edits `person`'s declaration through the API until the server goes away; every answered
/// write is noted as (person, version).
async fn writer(base: String, token: String, person: i64, done: Arc<Mutex<Vec<(i64, i64)>>>) {
    let c = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    for i in 0.. {
        let Ok(res) = c.get(format!("{base}/api/v1/persons/{person}")).bearer_auth(&token).send().await else { return };
        let Ok(p) = res.json::<serde_json::Value>().await else { return };
        let mut d = p["declaration"].clone();
        let other = ["Tư", "Năm", "Sáu"][i % 3];
        d["identity"]["other_names"] = serde_json::json!([other]);
        let body = serde_json::json!({ "declaration": d, "expected_version": p["version"] });
        let url = format!("{base}/api/v1/persons/{person}/declaration");
        let Ok(res) = c.put(url).bearer_auth(&token).json(&body).send().await else { return };
        if res.status().is_success() {
            let Ok(v) = res.json::<serde_json::Value>().await else { return };
            done.lock().unwrap().push((person, v["version"].as_i64().unwrap()));
        }
    }
}

#[test]
fn a_killed_server_loses_no_answered_write_and_leaves_no_unaudited_one() {
    let rounds: usize = std::env::var("BVCTNB_CRASH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let db = format!("sqlite://{}", d.join("crash.db").display());
    let idx = "idx";
    ok(&common::operator(d, &db, idx, &["gen", "--scale", "100", "--seed", "8"]));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let token = format!("bvt_{}", bvctnb_web::security::random_token());
    rt.block_on(async {
        let store = bvctnb_store::open(&DatabaseUrl::parse(&db).unwrap(), OpenMode::Existing).await.unwrap();
        let a = bvctnb_store::accounts::NewAccount {
            username: "canbo".into(),
            display_name: "Cán bộ".into(),
            role: bvctnb_core::access::Role::Officer,
            scope_org: Some(bvctnb_core::ids::OrgId(1)),
            clearance: bvctnb_core::access::Clearance::Mat,
            person_id: None,
            password_hash: "x".into(),
            awaiting_approval: None,
        };
        let acc = store.create_account(&a).await.unwrap();
        let t = bvctnb_store::accounts::NewApiToken {
            account_id: acc.id,
            name: "crash".into(),
            token_hash: bvctnb_web::security::token_hash(&token),
            can_write: true,
            expires_at: None,
        };
        store.create_api_token(&t).await.unwrap();
    });
    let answered = Arc::new(Mutex::new(Vec::new()));
    let mut rng_state = 0x9e37_79b9_u64;
    for round in 0..rounds {
        let port = free_port();
        let mut server = serve(d, &db, port);
        let base = format!("http://127.0.0.1:{port}");
        rt.block_on(async {
            for _ in 0..200 {
                if reqwest::get(format!("{base}/healthz")).await.is_ok() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let tasks: Vec<_> =
                (1..=WRITERS).map(|p| tokio::spawn(writer(base.clone(), token.clone(), p, answered.clone()))).collect();
            rng_state ^= rng_state << 13;
            rng_state ^= rng_state >> 7;
            rng_state ^= rng_state << 17;
            tokio::time::sleep(Duration::from_millis(300 + rng_state % 700)).await;
            server.kill().unwrap();
            server.wait().unwrap();
            for t in tasks {
                let _ = t.await;
            }
        });
        eprintln!("round {round}: {} writes answered so far", answered.lock().unwrap().len());
    }

    // The database after the last kill, as the next start finds it.
    ok(&common::operator(d, &db, idx, &["audit", "verify"]));
    rt.block_on(async {
        let store = bvctnb_store::open(&DatabaseUrl::parse(&db).unwrap(), OpenMode::Existing).await.unwrap();
        let check = store.check_live(&[], &[]).await.unwrap();
        assert!(check.integrity.is_empty(), "{:?}", check.integrity);
        let entries = store.audit_entries(&AuditFilter { limit: 1_000_000, ..Default::default() }).await.unwrap();
        let mut recorded: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for e in entries.iter().filter(|e| e.event.action == "dossier.update" && e.event.outcome == Outcome::Ok) {
            let v: i64 = e.event.detail.rsplit(' ').next().unwrap().parse().unwrap();
            recorded.entry(e.event.person_id.unwrap().0).or_default().push(v);
        }
        let answered = answered.lock().unwrap().clone();
        assert!(answered.len() as i64 >= WRITERS, "the writers got through: {}", answered.len());
        for p in 1..=WRITERS {
            let rec = store.person(PersonId(p)).await.unwrap().unwrap();
            // Version 1 is the import; each later one was written by the API.
            let mut versions: Vec<i64> = (2..=rec.version).collect();
            let mut audited = recorded.get(&p).cloned().unwrap_or_default();
            audited.sort_unstable();
            versions.sort_unstable();
            assert_eq!(audited, versions, "person {p}: every version has its entry and no entry lacks its version");
            for (_, v) in answered.iter().filter(|(q, _)| *q == p) {
                assert!(*v <= rec.version, "person {p}: answered version {v} lost (now {})", rec.version);
            }
        }
    });
}
