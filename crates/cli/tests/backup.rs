//! `bvctnb backup` and `bvctnb restore` as an operator runs them: a backup of a running
//! database restores to the same data (searchable again), a restore refuses a database that
//! holds data unless told and then keeps what it replaced, and a backup that is not whole (a
//! changed byte, an audit trail edited and the manifest recomputed to match) is refused.

mod common;
use common::{err, ok};

use bvctnb_store::{DatabaseUrl, OpenMode};
use std::path::{Path, PathBuf};
use std::process::Output;

fn run(dir: &Path, db: &str, index: &str, args: &[&str]) -> Output {
    common::operator(dir, db, index, args)
}

/// Some audit entries, signed, as a running server would have left them.
fn audited(dir: &Path, db: &str) {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = bvctnb_store::open(&DatabaseUrl::parse(db).unwrap(), OpenMode::Existing).await.unwrap();
        store.append_audit(&common::reads("canbo", 0, 40)).await.unwrap();
    });
    ok(&run(dir, db, "idx", &["audit", "checkpoint"]));
}

fn first_name(dir: &Path, db: &str, index: &str) -> String {
    ok(&run(dir, db, index, &["export", "--out", "first.jsonl"]));
    let text = std::fs::read_to_string(dir.join("first.jsonl")).unwrap();
    let line = text.lines().find(|l| l.contains("\"type\":\"person\"")).unwrap();
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    v["declaration"]["identity"]["full_name"].as_str().unwrap().to_string()
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_sqlite_backup_restores_whole_and_nothing_else_is_restored() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let live = format!("sqlite://{}", d.join("live.db").display());
    ok(&run(d, &live, "idx", &["gen", "--scale", "300", "--seed", "5"]));
    audited(d, &live);
    let stats = ok(&run(d, &live, "idx", &["stats"]));

    let out = ok(&run(d, &live, "idx", &["backup", "b1"]));
    // 40 reads, and the generator's import entry for each file it wrote.
    assert!(out.contains("300 người") && out.contains("nhật ký đến mục 42"), "{out}");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("b1/manifest.json")).unwrap()).unwrap();
    assert_eq!(m["audit_head"]["seq"], 42);
    assert_eq!(m["counts"]["persons"], 300);
    assert_eq!(m["files"][0]["name"], "bvctnb.db");
    #[cfg(unix)]
    assert_eq!(mode(&d.join("b1/bvctnb.db")), 0o600, "a backup holds every dossier");
    assert!(err(&run(d, &live, "idx", &["backup", "b1"])).contains("đã có tệp"));

    // Into a new database: the same data, searchable through a rebuilt index.
    let fresh = format!("sqlite://{}", d.join("fresh.db").display());
    let out = ok(&run(d, &fresh, "fresh-idx", &["restore", "b1"]));
    assert!(out.contains("nhật ký toàn vẹn đến mục 42"), "{out}");
    assert_eq!(ok(&run(d, &fresh, "fresh-idx", &["stats"])), stats);
    let name = first_name(d, &fresh, "fresh-idx");
    let found = ok(&run(d, &fresh, "fresh-idx", &["search", &bvctnb_core::text::fold(&name), "--limit", "50"]));
    assert!(found.contains(&name), "{found}");
    ok(&run(d, &fresh, "fresh-idx", &["audit", "verify"]));

    // Over a database that holds data: only when told, and what it held is kept.
    let e = err(&run(d, &live, "idx", &["restore", "b1"]));
    assert!(e.contains("đã có dữ liệu") && e.contains("--force"), "{e}");
    ok(&run(d, &live, "idx", &["restore", "b1", "--force"]));
    let kept: Vec<PathBuf> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with("live.db.replaced-"))
        .collect();
    assert!(!kept.is_empty(), "the replaced database is kept beside it");

    // A changed byte: refused before anything is touched.
    copy_dir(&d.join("b1"), &d.join("b2"));
    let f = d.join("b2/bvctnb.db");
    let mut bytes = std::fs::read(&f).unwrap();
    let n = bytes.len() / 2;
    bytes[n] ^= 0xff;
    std::fs::write(&f, &bytes).unwrap();
    let other = format!("sqlite://{}", d.join("other.db").display());
    assert!(err(&run(d, &other, "o-idx", &["restore", "b2"])).contains("không còn như lúc sao lưu"));
    assert!(!d.join("other.db").exists());

    // The trail edited in the copy and the manifest recomputed to match: the chain says no.
    copy_dir(&d.join("b1"), &d.join("b3"));
    let f = d.join("b3/bvctnb.db");
    rusqlite::Connection::open(&f).unwrap().execute("UPDATE audit_log SET actor = 'x' WHERE seq = 7", []).unwrap();
    let mut m = m.clone();
    m["files"][0]["bytes"] = std::fs::metadata(&f).unwrap().len().into();
    m["files"][0]["blake3"] = blake3::hash(&std::fs::read(&f).unwrap()).to_hex().to_string().into();
    std::fs::write(d.join("b3/manifest.json"), serde_json::to_string(&m).unwrap()).unwrap();
    let e = err(&run(d, &other, "o-idx", &["restore", "b3"]));
    assert!(e.contains("nhật ký kiểm toán bị can thiệp: mục số 7"), "{e}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

#[test]
fn a_postgres_backup_restores_into_another_database() {
    let Some(live) = bvctnb_testkit::PgDatabase::create_blocking() else { return };
    let Some(target) = bvctnb_testkit::PgDatabase::create_blocking() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(&run(d, live.url(), "idx", &["gen", "--scale", "200", "--seed", "6"]));
    audited(d, live.url());
    let stats = ok(&run(d, live.url(), "idx", &["stats"]));
    ok(&run(d, live.url(), "idx", &["backup", "pg1"]));
    assert!(d.join("pg1/bvctnb.pgdump").exists());
    ok(&run(d, target.url(), "t-idx", &["restore", "pg1"]));
    assert_eq!(ok(&run(d, target.url(), "t-idx", &["stats"])), stats);
    ok(&run(d, target.url(), "t-idx", &["audit", "verify"]));
    let e = err(&run(d, target.url(), "t-idx", &["restore", "pg1"]));
    assert!(e.contains("đã có dữ liệu"), "{e}");
    ok(&run(d, target.url(), "t-idx", &["restore", "pg1", "--force"]));
    assert!(
        std::fs::read_dir(d).unwrap().any(|e| e.unwrap().file_name().to_str().unwrap().starts_with("pg1.replaced-"))
    );
}
