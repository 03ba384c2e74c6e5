//! The server killed (SIGKILL) under 8 concurrent writers at a random moment, then opened
//! again: the database is sound, the audit trail verifies, every write that was answered 2xx
//! is there, and no declaration version exists without the audit entry that records it (the
//! entry is committed in the version's own transaction). The same for PostgreSQL stopped in
//! immediate mode (a crash of the database server, every open transaction cut) under the same
//! writers, on a cluster of its own: after the restart the server serves writes again and the
//! same checks hold. A few rounds here; `BVCTNB_CRASH_ROUNDS=200` (bench/crash.sh) for the long loop.

mod common;
use common::ok;

use bvctnb_core::ids::PersonId;
use bvctnb_store::audit::{AuditFilter, Outcome};
use bvctnb_store::{DatabaseUrl, OpenMode};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const WRITERS: i64 = 8;

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

/// An officer's API token that may write, for the writers.
async fn writer_token(db: &str) -> String {
    let token = format!("bvt_{}", bvctnb_web::security::random_token());
    let store = bvctnb_store::open(&DatabaseUrl::parse(db).unwrap(), OpenMode::Existing).await.unwrap();
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
    token
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
    let token = rt.block_on(writer_token(&db));
    let answered = Arc::new(Mutex::new(Vec::new()));
    let mut rng_state = 0x9e37_79b9_u64;
    for round in 0..rounds {
        let port = common::free_port();
        let mut server = common::serve(d, &db, port, &[]);
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

    check_after_crashes(d, &db, &answered.lock().unwrap());
}

/// The database after the last crash, as the next start finds it: sound, its trail verifies,
/// every version has its `dossier.update` entry and every entry its version, and every write
/// answered 2xx is there.
fn check_after_crashes(d: &Path, db: &str, answered: &[(i64, i64)]) {
    ok(&common::operator(d, db, "idx", &["audit", "verify"]));
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = bvctnb_store::open(&DatabaseUrl::parse(db).unwrap(), OpenMode::Existing).await.unwrap();
        let check = store.check_live(&[], &[]).await.unwrap();
        assert!(check.integrity.is_empty(), "{:?}", check.integrity);
        let entries = store.audit_entries(&AuditFilter { limit: 1_000_000, ..Default::default() }).await.unwrap();
        let mut recorded: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for e in entries.iter().filter(|e| e.event.action == "dossier.update" && e.event.outcome == Outcome::Ok) {
            let v: i64 = e.event.detail.rsplit(' ').next().unwrap().parse().unwrap();
            recorded.entry(e.event.person_id.unwrap().0).or_default().push(v);
        }
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

/// A PostgreSQL cluster of this test's own (the shared one must not be crashed), run as the
/// `postgres` system user as PostgreSQL requires; removed when dropped.
struct Cluster {
    bin: std::path::PathBuf,
    data: std::path::PathBuf,
    port: u16,
}

fn as_postgres(bin: &Path, tool: &str, args: &[&str]) -> std::process::Output {
    Command::new("runuser").args(["-u", "postgres", "--"]).arg(bin.join(tool)).args(args).output().unwrap()
}

impl Cluster {
    fn create(under: &Path) -> Cluster {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL's server programs (Debian's postgresql package) are needed for this test")
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("bin"))
            .find(|b| b.join("pg_ctl").exists())
            .expect("no pg_ctl under /usr/lib/postgresql/*/bin");
        let data = under.join("pgdata");
        std::fs::create_dir_all(&data).unwrap();
        assert!(Command::new("chown").args(["-R", "postgres:postgres"]).arg(under).status().unwrap().success());
        let data_s = data.display().to_string();
        ok(&as_postgres(&bin, "initdb", &["-D", &data_s, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]));
        let c = Cluster { bin, data, port: common::free_port() };
        c.start();
        c
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn start(&self) {
        let opts = format!("-p {} -k {} -c listen_addresses=127.0.0.1", self.port, self.data.display());
        let data = self.data.display().to_string();
        ok(&as_postgres(&self.bin, "pg_ctl", &["-D", &data, "-o", &opts, "-l", &format!("{data}/log"), "-w", "start"]));
    }
}

/// What a power cut does to the database server: no checkpoint, every session cut.
fn crash_cluster(bin: &Path, data: &Path) {
    ok(&as_postgres(bin, "pg_ctl", &["-D", &data.display().to_string(), "-m", "immediate", "-w", "stop"]));
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data.display().to_string();
        let _ = as_postgres(&self.bin, "pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
    }
}

#[test]
fn postgres_stopped_in_immediate_mode_loses_no_answered_write_and_leaves_no_unaudited_one() {
    let rounds: usize = std::env::var("BVCTNB_CRASH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(2);
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let pg = Cluster::create(d);
    let db = pg.url();
    ok(&common::operator(d, &db, "idx", &["gen", "--scale", "100", "--seed", "8"]));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let token = rt.block_on(writer_token(&db));
    let answered = Arc::new(Mutex::new(Vec::new()));
    let port = common::free_port();
    let mut server = common::serve(d, &db, port, &[]);
    let base = format!("http://127.0.0.1:{port}");
    let mut rng_state = 0x5bd1_e995_u64;
    for round in 0..rounds {
        rt.block_on(async {
            for _ in 0..200 {
                if reqwest::get(format!("{base}/healthz")).await.is_ok() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let tasks: Vec<_> = (1..=WRITERS)
                .map(|p| {
                    tokio::spawn(writer_while(base.clone(), token.clone(), p, answered.clone(), Duration::from_secs(3)))
                })
                .collect();
            rng_state ^= rng_state << 13;
            rng_state ^= rng_state >> 7;
            rng_state ^= rng_state << 17;
            tokio::time::sleep(Duration::from_millis(300 + rng_state % 1200)).await;
            tokio::task::spawn_blocking({
                let (bin, data) = (pg.bin.clone(), pg.data.clone());
                move || crash_cluster(&bin, &data)
            })
            .await
            .unwrap();
            for t in tasks {
                let _ = t.await;
            }
        });
        pg.start();
        eprintln!("round {round}: {} writes answered so far", answered.lock().unwrap().len());
    }
    // The same server, never restarted, serves writes again once the database is back.
    let before = answered.lock().unwrap().len();
    let back = std::time::Instant::now();
    while answered.lock().unwrap().len() == before {
        assert!(back.elapsed() < Duration::from_secs(60), "no write got through in 60 s after the database came back");
        rt.block_on(writer_while(base.clone(), token.clone(), 1, answered.clone(), Duration::from_secs(1)));
    }
    eprintln!("writes again {} ms after the database came back", back.elapsed().as_millis());
    server.kill().unwrap();
    server.wait().unwrap();
    check_after_crashes(d, &db, &answered.lock().unwrap());
}

/// [`writer`] for `secs`, carrying on past failed requests (the database is down for a while).
async fn writer_while(base: String, token: String, person: i64, done: Arc<Mutex<Vec<(i64, i64)>>>, secs: Duration) {
    let until = tokio::time::Instant::now() + secs;
    while tokio::time::Instant::now() < until {
        let _ = tokio::time::timeout_at(until, writer(base.clone(), token.clone(), person, done.clone())).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
