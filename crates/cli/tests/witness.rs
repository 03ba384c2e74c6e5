//! Witnessing over the network between two installations: the level above registers the lower
//! level's key; the lower level's server sends each signed head upward as it signs it, and
//! `audit send-head` does on demand; `audit verify` fetches what the level above kept. Someone
//! who rewrites everything the lower level holds (database, its checkpoints, its own log) passes
//! a local verify but not one against the level above, and a head sent after the cut is refused
//! above and recorded there.

mod common;
use common::{err, ok};

use bvctnb_store::{DatabaseUrl, OpenMode};
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

fn at(dir: &Path, args: &[&str]) -> std::process::Output {
    common::operator(dir, &format!("sqlite://{}", dir.join("w.db").display()), "idx", args)
}

fn serve(dir: &Path, port: u16, witness: Option<&str>) -> Child {
    let db = format!("sqlite://{}", dir.join("w.db").display());
    common::serve(dir, &db, port, &witness.map(|w| vec![("BVCTNB_AUDIT_WITNESS_URL", w)]).unwrap_or_default())
}

fn get(url: &str) -> Option<(u16, String)> {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let r = reqwest::get(url).await.ok()?;
        Some((r.status().as_u16(), r.text().await.ok()?))
    })
}

fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < Duration::from_secs(30), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn append(dir: &Path, from: usize, to: usize) {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let url = DatabaseUrl::parse(&format!("sqlite://{}", dir.join("w.db").display())).unwrap();
        let store = bvctnb_store::open(&url, OpenMode::Create).await.unwrap();
        store.append_audit(&common::reads("officer1", from, to)).await.unwrap();
    });
}

fn sql(dir: &Path, statements: &str) {
    rusqlite::Connection::open(dir.join("w.db")).unwrap().execute_batch(statements).unwrap();
}

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_level_above_keeps_the_heads_and_catches_a_trail_rewritten_below() {
    let tmp = tempfile::tempdir().unwrap();
    let (above, below) = (tmp.path().join("above"), tmp.path().join("below"));
    std::fs::create_dir_all(&above).unwrap();
    std::fs::create_dir_all(&below).unwrap();
    ok(&at(&above, &["migrate"]));
    append(&below, 0, 60);
    let line = ok(&at(&below, &["audit", "head"]));
    let head: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    let key = head["key"].as_str().unwrap().to_string();

    let port = common::free_port();
    let url = format!("http://127.0.0.1:{port}");
    let _server = Killed(serve(&above, port, None));
    wait_for("the level above's server", || get(&format!("{url}/login")).is_some_and(|(s, _)| s == 200));

    // Not registered yet: refused, and the reason names it.
    let e = err(&at(&below, &["audit", "send-head", "--to", &url]));
    assert!(e.contains("chưa được đăng ký"), "{e}");
    ok(&at(&above, &["audit", "witness", "add", "--name", "Huyện ủy Long Thành", "--key", &key]));
    let said = ok(&at(&below, &["audit", "send-head", "--to", &url]));
    assert!(said.contains("đã nhận và giữ đầu chuỗi tại mục số 60"), "{said}");
    let said = ok(&at(&below, &["audit", "send-head", "--to", &url]));
    assert!(said.contains("từ trước"), "a resend is harmless: {said}");

    // The lower level's own server sends each head it signs, without anyone asking.
    append(&below, 60, 100);
    std::fs::write(below.join("bvctnb.toml"), "[web]\naudit_checkpoint_every = 1\naudit_checkpoint_secs = 1\n")
        .unwrap();
    let below_port = common::free_port();
    let below_server = Killed(serve(&below, below_port, Some(&url)));
    let heads_url = format!("{url}/api/v1/witness/heads?key={key}");
    // A second after start the server signs the entries that came since and sends the head upward.
    wait_for("the lower level's head to reach the level above", || {
        get(&heads_url).is_some_and(|(_, body)| body.lines().count() >= 2)
    });
    drop(below_server);
    std::fs::remove_file(below.join("bvctnb.toml")).unwrap();
    let (_, kept) = get(&heads_url).unwrap();
    let newest: serde_json::Value = serde_json::from_str(kept.lines().last().unwrap()).unwrap();
    let newest_seq = newest["seq"].as_i64().unwrap();
    assert!(newest_seq >= 100, "{kept}");

    let out = ok(&at(&below, &["audit", "verify", "--witness", &url]));
    assert!(out.contains(&format!("Khớp với {} đầu chuỗi cấp trên", kept.lines().count())), "{out}");

    // Everything below rewritten together: the newest entries cut, the head moved back, the
    // checkpoints in the database and the local log gone. Locally it looks whole.
    let h: String = rusqlite::Connection::open(below.join("w.db"))
        .unwrap()
        .query_row("SELECT hash FROM audit_log WHERE seq = 70", [], |r| r.get(0))
        .unwrap();
    sql(
        &below,
        &format!(
            "DELETE FROM audit_log WHERE seq > 70; DELETE FROM audit_checkpoints WHERE seq > 60; \
             UPDATE audit_head SET seq = 70, hash = '{h}'"
        ),
    );
    std::fs::remove_dir_all(below.join("outside")).unwrap();
    ok(&at(&below, &["audit", "verify", "--no-witness"]));
    let e = err(&at(&below, &["audit", "verify", "--witness", &url]));
    assert!(e.contains("Nhật ký kiểm toán bị can thiệp") && e.contains("mất mục cuối"), "{e}");
    // The level above is unreachable: the check fails rather than passing without it.
    let e = err(&at(&below, &["audit", "verify", "--witness", &format!("http://127.0.0.1:{}", common::free_port())]));
    assert!(e.contains("--no-witness"), "{e}");

    // The cut trail's next head is refused above, and the refusal is kept there as evidence.
    let e = err(&at(&below, &["audit", "send-head", "--to", &url]));
    assert!(e.contains("lùi lại") && e.contains(&format!("mục số {newest_seq}")), "{e}");
    let listed = ok(&at(&above, &["audit", "witness", "list"]));
    assert!(listed.contains("Huyện ủy Long Thành") && listed.contains(&format!("đến mục số {newest_seq}")), "{listed}");
    let conn = rusqlite::Connection::open(above.join("w.db")).unwrap();
    let evidence: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'witness.receive' AND outcome = 'failed' AND detail LIKE '%lùi lại%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(evidence, 1);
    ok(&at(&above, &["audit", "verify"]));
}
