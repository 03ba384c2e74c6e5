//! Helpers shared by the CLI tests.
#![allow(dead_code)]

use bvctnb_store::audit::{AuditEvent, Outcome};
use std::path::Path;
use std::process::{Command, Output};

/// Standard output of a command that must succeed (both streams shown when it did not).
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Standard error of a command that must fail.
pub fn err(o: &Output) -> String {
    assert!(!o.status.success(), "should have failed: {}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Reads of dossiers by `actor`, numbered `from..to`, one a second from 08:00 on 1/4/2026: an
/// audit trail as a server leaves it.
pub fn reads(actor: &str, from: usize, to: usize) -> Vec<AuditEvent> {
    (from..to)
        .map(|i| AuditEvent {
            at: format!("2026-04-01T08:{:02}:{:02}.000Z", i / 60, i % 60),
            actor: actor.into(),
            action: "dossier.read".into(),
            target_kind: "person".into(),
            target_id: i.to_string(),
            person_id: None,
            ip: "127.0.0.1".into(),
            outcome: Outcome::Ok,
            detail: String::new(),
        })
        .collect()
}

/// The binary as an operator runs it in `dir`, on `db` with its index in `dir/index`, and the
/// audit key and the checkpoint log (outside the data) in `dir` too.
pub fn operator(dir: &Path, db: &str, index: &str, args: &[&str]) -> Output {
    command(dir, db, index, args).output().unwrap()
}

/// [`operator`]'s command, not yet run (to spawn it, or add to its environment).
pub fn command(dir: &Path, db: &str, index: &str, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bvctnb"));
    c.current_dir(dir)
        .env_remove("BVCTNB_CONFIG")
        .env_remove("BVCTNB_DATABASE_URL")
        .env("BVCTNB_LOG", "warn")
        .env("BVCTNB_AUDIT_KEY_FILE", dir.join("keys/audit.key"))
        .env("BVCTNB_AUDIT_CHECKPOINT_LOG", dir.join("outside/checkpoints.jsonl"))
        .args(["--database", db, "--index-dir", &dir.join(index).display().to_string()])
        .args(args);
    c
}

/// `bvctnb serve` on `port` in `dir` (index `dir/idx`), quiet, started.
pub fn serve(dir: &Path, db: &str, port: u16, env: &[(&str, &str)]) -> std::process::Child {
    let mut c = command(dir, db, "idx", &["serve"]);
    c.env("BVCTNB_LOG", "error").env("BVCTNB_LISTEN", format!("127.0.0.1:{port}"));
    c.envs(env.iter().copied()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    c.spawn().unwrap()
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
