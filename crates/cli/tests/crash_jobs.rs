//! The long jobs killed (SIGKILL) at random moments: an import of several files and a backup.
//! After each kill the database opens sound, the audit trail verifies, every file is in whole
//! with its one `import` entry or not at all, and a killed backup is never taken for a backup
//! (restore refuses it) while a finished one restores. A few rounds here;
//! `BVCTNB_CRASH_ROUNDS=200` (bench/crash.sh) for the long loop.

mod common;
use common::{err, ok};

use bvctnb_store::audit::AuditFilter;
use bvctnb_store::{DatabaseUrl, OpenMode};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

fn rounds() -> usize {
    std::env::var("BVCTNB_CRASH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3)
}

/// A pseudo-random moment within `whole` and a little past it (xorshift; deterministic per
/// seed), so that kills land anywhere in a job that takes `whole` to run.
fn moment(state: &mut u64, whole: Duration) -> Duration {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    let span = (whole.as_millis() as u64 * 11 / 10).max(20);
    Duration::from_millis(10 + *state % span)
}

/// How long a job takes when left alone.
fn timed(dir: &Path, db: &str, index: &str, args: &[&str]) -> Duration {
    let start = std::time::Instant::now();
    ok(&common::operator(dir, db, index, args));
    start.elapsed()
}

/// Runs the binary as `common::operator` does, killed after `after` unless it ends first;
/// returns whether it ran to its end.
fn killed_after(dir: &Path, db: &str, args: &[&str], after: Duration) -> bool {
    let mut child = common::command(dir, db, "idx", args)
        .env("BVCTNB_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    child.wait().unwrap();
    finished
}

/// Persons stored, and the files whose `import` entry is in the trail.
async fn state(db: &str) -> (i64, Vec<String>) {
    let store = bvctnb_store::open(&DatabaseUrl::parse(db).unwrap(), OpenMode::Existing).await.unwrap();
    let check = store.check_live(&[], &[]).await.unwrap();
    assert!(check.integrity.is_empty(), "integrity after a kill: {:?}", check.integrity);
    let report = store.verify_audit(&[]).await.unwrap();
    assert!(report.first_problem.is_none(), "audit after a kill: {:?}", report.first_problem);
    let entries = store.audit_entries(&AuditFilter { limit: 100_000, ..Default::default() }).await.unwrap();
    let mut files: Vec<String> =
        entries.iter().filter(|e| e.event.action == "import").map(|e| e.event.target_id.clone()).collect();
    files.sort();
    (check.counts.persons, files)
}

fn lines_of_persons(path: &Path) -> i64 {
    std::fs::read_to_string(path).unwrap().lines().filter(|l| l.contains("\"type\":\"person\"")).count() as i64
}

#[test]
fn a_killed_import_leaves_each_file_whole_or_absent_with_its_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let db = format!("sqlite://{}", d.join("i.db").display());
    ok(&common::operator(
        d,
        &db,
        "idx",
        &["gen", "--scale", "3000", "--seed", "5", "--out", "jsonl", "--shard", "1000"],
    ));
    let mut files: Vec<_> = std::fs::read_dir(d.join("jsonl")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    let sizes: Vec<(String, i64)> =
        files.iter().map(|f| (f.file_name().unwrap().to_string_lossy().to_string(), lines_of_persons(f))).collect();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut seed = 0x2545_f491_u64;
    let jsonl = d.join("jsonl").display().to_string();
    let whole = timed(d, &format!("sqlite://{}", d.join("whole.db").display()), "idx-whole", &["import", &jsonl]);
    let (mut partial, mut killed_in_file) = (0, 0);
    for round in 0..rounds() {
        // Half the rounds on a fresh database, half carrying on from the last kill.
        if round % 2 == 0 {
            let _ = std::fs::remove_file(d.join("i.db"));
            let _ = std::fs::remove_file(d.join("i.db-wal"));
        }
        ok(&common::operator(d, &db, "idx", &["migrate"]));
        let before = rt.block_on(state(&db)).1.len();
        killed_after(d, &db, &["import", &jsonl], moment(&mut seed, whole));
        let (persons, done) = rt.block_on(state(&db));
        partial += usize::from(done.len() < sizes.len());
        killed_in_file += usize::from(done.len() == before && done.len() < sizes.len());
        let expected: i64 = sizes.iter().filter(|(f, _)| done.contains(f)).map(|(_, n)| n).sum();
        assert_eq!(persons, expected, "round {round}: persons {persons}, files in: {done:?}");
        let mut unique = done.clone();
        unique.dedup();
        assert_eq!(unique, done, "round {round}: a file imported twice");
        eprintln!("round {round}: {} of {} files in", done.len(), sizes.len());
    }
    eprintln!(
        "import ({} ms whole): {partial} rounds killed before the end, {killed_in_file} of them inside a file",
        whole.as_millis()
    );
    // Run to the end: whatever was killed before comes in once.
    ok(&common::operator(d, &db, "idx", &["import", &jsonl]));
    let (persons, done) = rt.block_on(state(&db));
    assert_eq!(persons, sizes.iter().map(|(_, n)| n).sum::<i64>());
    assert_eq!(done.len(), sizes.len());
}

#[test]
fn a_killed_backup_is_refused_by_restore_and_a_finished_one_restores() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let db = format!("sqlite://{}", d.join("b.db").display());
    ok(&common::operator(d, &db, "idx", &["gen", "--scale", "1500", "--seed", "6"]));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (persons, _) = rt.block_on(state(&db));
    let mut seed = 0x1234_5678_u64;
    let (mut finished, mut refused) = (0, 0);
    let whole = timed(d, &db, "idx", &["backup", &d.join("backup-whole").display().to_string()]);
    for round in 0..rounds().max(4) {
        let dir = d.join(format!("backup-{round}"));
        let after = moment(&mut seed, whole);
        let ran = killed_after(d, &db, &["backup", &dir.display().to_string()], after);
        let target = format!("sqlite://{}", d.join(format!("restored-{round}.db")).display());
        let restore = common::operator(d, &target, &format!("idx-{round}"), &["restore", &dir.display().to_string()]);
        if ran {
            ok(&restore);
            let (restored, _) = rt.block_on(state(&target));
            assert_eq!(restored, persons, "round {round}: the restored copy has every person");
            finished += 1;
        } else if restore.status.success() {
            // Killed after the manifest was written: a whole backup, and restored as one.
            let (restored, _) = rt.block_on(state(&target));
            assert_eq!(restored, persons, "round {round}");
            finished += 1;
        } else {
            let e = err(&restore);
            assert!(!e.is_empty(), "round {round}: a refusal says why");
            refused += 1;
        }
        // The live database is untouched by a killed backup.
        assert_eq!(rt.block_on(state(&db)).0, persons);
    }
    eprintln!("backup ({} ms whole): {finished} backups finished, {refused} killed and refused", whole.as_millis());
}

/// `(person, change, severity, fingerprint)` of one campaign result.
type ResultRow = (i64, String, Option<String>, String);

/// Every result of the one campaign in `db`, and the campaign's status.
fn campaign_of(db: &Path) -> (String, Vec<ResultRow>) {
    let c = rusqlite::Connection::open(db).unwrap();
    let campaigns: i64 = c.query_row("SELECT COUNT(*) FROM campaigns", [], |r| r.get(0)).unwrap();
    assert_eq!(campaigns, 1, "a killed campaign is resumed, not started again");
    let status: String = c.query_row("SELECT status FROM campaigns", [], |r| r.get(0)).unwrap();
    let mut q =
        c.prepare("SELECT person_id, change, severity, fingerprint FROM campaign_results ORDER BY person_id").unwrap();
    let rows = q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap();
    (status, rows.map(Result::unwrap).collect())
}

#[test]
fn a_killed_campaign_resumes_to_the_results_of_one_never_killed() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let (file, generated, reference) = (d.join("c.db"), d.join("gen.db"), d.join("ref.db"));
    let db = format!("sqlite://{}", file.display());
    ok(&common::operator(
        d,
        &format!("sqlite://{}", generated.display()),
        "idx",
        &["gen", "--scale", "12000", "--seed", "7"],
    ));
    std::fs::copy(&generated, &reference).unwrap();
    let rescreen = ["rescreen", "--scope", "1"];
    let whole = timed(d, &format!("sqlite://{}", reference.display()), "idx-ref", &rescreen);
    let (status, expected) = campaign_of(&reference);
    assert_eq!(status, "done");
    assert!(!expected.is_empty());

    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut seed = 0x0bad_cafe_u64;
    let mut killed = 0;
    // Each round from the database as generated: killed at some moment, then resumed.
    for round in 0..rounds() {
        let _ = std::fs::remove_file(d.join("c.db-wal"));
        std::fs::copy(&generated, &file).unwrap();
        if !killed_after(d, &db, &rescreen, moment(&mut seed, whole)) {
            killed += 1;
        }
        rt.block_on(state(&db));
        let done: i64 = rusqlite::Connection::open(&file)
            .unwrap()
            .query_row("SELECT COUNT(*) FROM campaigns WHERE status = 'done'", [], |r| r.get(0))
            .unwrap();
        if done == 0 {
            ok(&common::operator(d, &db, "idx", &rescreen));
        }
        let (status, results) = campaign_of(&file);
        assert_eq!(status, "done", "round {round}");
        assert_eq!(results, expected, "round {round}: the resumed campaign's results are those of one run through");
    }
    eprintln!(
        "campaign ({} ms whole): killed before its end {killed} times, resumed to the same {} results each time",
        whole.as_millis(),
        expected.len()
    );
}
