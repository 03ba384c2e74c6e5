//! The `bvctnb` binary as an officer or an operator runs it.

mod common;
use common::{err, ok};

use std::path::Path;
use std::process::{Command, Output};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    fn db(&self, name: &str) -> String {
        format!("sqlite://{}/{name}.db", self.dir.path().display())
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, db: &str, args: &[&str]) -> Output {
        let index = format!("{}.idx", db.trim_start_matches("sqlite://"));
        let index = if db.starts_with("postgres") { self.path("pg.idx").display().to_string() } else { index };
        Command::new(env!("CARGO_BIN_EXE_bvctnb"))
            .current_dir(self.dir.path())
            .env_remove("BVCTNB_CONFIG")
            .env_remove("BVCTNB_DATABASE_URL")
            .env("BVCTNB_LOG", "warn")
            .args(["--database", db, "--index-dir", &index])
            .args(args)
            .output()
            .unwrap()
    }
}

fn first_person_name(export: &Path) -> (i64, String, i32) {
    let text = std::fs::read_to_string(export).unwrap();
    let line = text.lines().find(|l| l.contains("\"type\":\"person\"")).unwrap();
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    let id = &v["declaration"]["identity"];
    let year: i32 = id["birth_date"].as_str().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    (v["id"].as_i64().unwrap(), id["full_name"].as_str().unwrap().to_string(), year)
}

#[test]
fn gen_search_export_import_round_trip() {
    let e = Env::new();
    let a = e.db("a");
    ok(&e.run(&a, &["gen", "--scale", "300", "--seed", "3"]));
    let stats = ok(&e.run(&a, &["stats"]));
    assert!(stats.contains("Cộng") && stats.contains(" 300\n"), "{stats}");
    ok(&e.run(&a, &["export", "--out", "a.jsonl"]));
    let (id, name, year) = first_person_name(&e.path("a.jsonl"));
    // Typed without diacritics, the person is found, and the birth-year filter keeps them.
    let folded = bvctnb_core::text::fold(&name);
    let out = ok(&e.run(&a, &["search", &folded, "--birth-year", &year.to_string(), "--limit", "50"]));
    assert!(out.contains(&format!(" {id} ")) || out.contains(&format!("{id}  ")), "{out}");
    assert!(out.contains(&name), "{out}");

    let b = e.db("b");
    let first = ok(&e.run(&b, &["import", "a.jsonl"]));
    assert!(first.contains("đã nhập"), "{first}");
    let again = ok(&e.run(&b, &["import", "a.jsonl"]));
    assert!(again.contains("bỏ qua"), "{again}");
    ok(&e.run(&b, &["export", "--out", "b.jsonl"]));
    assert_eq!(std::fs::read(e.path("a.jsonl")).unwrap(), std::fs::read(e.path("b.jsonl")).unwrap());
    // The imported database is searchable too.
    let out = ok(&e.run(&b, &["search", &folded, "--limit", "50"]));
    assert!(out.contains(&name), "{out}");
}

#[test]
fn a_bad_line_rejects_the_whole_file_and_names_the_field() {
    let e = Env::new();
    let a = e.db("a");
    ok(&e.run(&a, &["gen", "--scale", "50", "--seed", "4", "--out", "gen"]));
    let orgs = std::fs::read_to_string(e.path("gen/orgs.jsonl")).unwrap();
    let persons = std::fs::read_to_string(e.path("gen/persons-0001.jsonl")).unwrap();
    let mut lines: Vec<String> = orgs.lines().chain(persons.lines()).map(str::to_string).collect();
    let n = lines.len();
    let mut v: serde_json::Value = serde_json::from_str(&lines[n - 2]).unwrap();
    v["declaration"]["identity"]["birth_date"] = "30/02/1980".into();
    lines[n - 2] = v.to_string();
    std::fs::write(e.path("bad.jsonl"), lines.join("\n") + "\n").unwrap();
    let b = e.db("b");
    let stderr = err(&e.run(&b, &["import", "bad.jsonl"]));
    assert!(
        stderr
            .contains(&format!("bad.jsonl:{}: declaration.identity.birth_date: Ngày 30/02/1980 không tồn tại", n - 1)),
        "{stderr}"
    );
    assert!(stderr.contains("không ghi gì"), "{stderr}");
    let stats = ok(&e.run(&b, &["stats"]));
    assert!(!stats.contains("Trung ương"), "nothing may be written: {stats}");
    // The directory form imports the good files in name order (orgs before persons).
    let out = ok(&e.run(&b, &["import", "gen"]));
    assert!(out.contains("orgs.jsonl: đã nhập") && out.contains("persons-0001.jsonl: đã nhập"), "{out}");
}

#[test]
fn databases_are_never_created_by_accident() {
    let e = Env::new();
    let stderr = err(&e.run("mysql://localhost/x", &["stats"]));
    assert!(stderr.contains("không được hỗ trợ"), "{stderr}");
    let stderr = err(&e.run(&e.db("missing"), &["stats"]));
    assert!(stderr.contains("bvctnb migrate"), "{stderr}");
    assert!(!e.path("missing.db").exists());
    ok(&e.run(&e.db("new"), &["migrate"]));
    assert!(e.path("new.db").exists());
}

#[test]
fn calendar_lists_holidays_and_counts_working_days() {
    let e = Env::new();
    let db = e.db("x");
    let year = ok(&e.run(&db, &["calendar", "2026"]));
    assert!(year.contains("17/02/2026") && year.contains("Tết Nguyên đán"), "{year}");
    assert!(year.contains("âm lịch"), "{year}");
    let add = ok(&e.run(&db, &["calendar", "add", "13/02/2026", "7"]));
    assert!(add.contains("Thứ Ba 03/03/2026"), "{add}");
    let between = ok(&e.run(&db, &["calendar", "between", "2026-02-13", "2026-03-03"]));
    assert!(between.contains(": 7 ngày làm việc"), "{between}");
    let bad = err(&e.run(&db, &["calendar", "add", "31/02/2026", "3"]));
    assert!(bad.contains("không tồn tại"), "{bad}");
}

#[test]
fn default_config_is_valid_and_used() {
    let e = Env::new();
    let cfg = ok(&e.run(&e.db("x"), &["default-config"]));
    let custom = cfg.replace("sqlite://./data/bvctnb.db", "sqlite://./from-config.db");
    std::fs::write(e.path("bvctnb.toml"), custom).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_bvctnb")).current_dir(e.dir.path()).arg("migrate").output().unwrap();
    ok(&o);
    assert!(e.path("from-config.db").exists());
    std::fs::write(e.path("bvctnb.toml"), "databse_url = 'x'").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_bvctnb")).current_dir(e.dir.path()).arg("stats").output().unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("cấu hình"));
}

/// The same generated data gives the same statistics and search results on PostgreSQL.
#[test]
fn postgres_gives_the_same_answers() {
    let Ok(admin) = std::env::var("BVCTNB_TEST_PG_URL") else {
        assert!(std::env::var("BVCTNB_REQUIRE_PG").is_err(), "BVCTNB_REQUIRE_PG set without BVCTNB_TEST_PG_URL");
        return;
    };
    let e = Env::new();
    let db = format!("bvctnb_t_cli_{}", std::process::id());
    let psql = |sql: &str| {
        let s = Command::new("psql").args([admin.as_str(), "-qc", sql]).status().unwrap();
        assert!(s.success(), "psql {sql}");
    };
    psql(&format!("DROP DATABASE IF EXISTS {db}"));
    psql(&format!("CREATE DATABASE {db}"));
    let pg = format!("{}/{db}", admin.rsplit_once('/').unwrap().0);
    let lite = e.db("lite");
    for d in [&pg, &lite] {
        ok(&e.run(d, &["gen", "--scale", "400", "--seed", "9"]));
    }
    assert_eq!(ok(&e.run(&pg, &["stats"])), ok(&e.run(&lite, &["stats"])));
    ok(&e.run(&pg, &["export", "--out", "pg.jsonl"]));
    ok(&e.run(&lite, &["export", "--out", "lite.jsonl"]));
    assert_eq!(std::fs::read(e.path("pg.jsonl")).unwrap(), std::fs::read(e.path("lite.jsonl")).unwrap());
    psql(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
}
