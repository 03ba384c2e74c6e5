//! Regulation packs and review campaigns from the command line, as an officer runs them.

mod common;
use common::{err, ok};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

fn bvctnb(dir: &Path, db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bvctnb"))
        .current_dir(dir)
        .env_remove("BVCTNB_CONFIG")
        .env_remove("BVCTNB_DATABASE_URL")
        .env("BVCTNB_LOG", "warn")
        .env("BVCTNB_RULES_DIR", rules_dir())
        .args(["--database", db, "--index-dir", "idx"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn check_passes_the_shipped_packs_and_names_file_and_line_of_a_problem() {
    let t = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/x.db", t.path().display());
    let out = ok(&bvctnb(t.path(), &db, &["rules", "check"]));
    for id in ["qd-57-2007", "qd-126-2018", "qd-58-2022"] {
        assert!(out.contains(&format!("{id}/pack.toml: hợp lệ")), "{out}");
    }
    // A copy of QĐ 58 with a reference to a ceiling that is not defined.
    let broken = t.path().join("qd-58-2022");
    std::fs::create_dir(&broken).unwrap();
    let text = std::fs::read_to_string(rules_dir().join("qd-58-2022/pack.toml")).unwrap();
    let text = text.replacen("committee = \"uv-btv-tinh\"", "committee = \"uv-bct\"", 1);
    std::fs::write(broken.join("pack.toml"), &text).unwrap();
    let line = text.lines().position(|l| l.contains("\"uv-bct\"")).unwrap() + 1;
    let o = bvctnb(t.path(), &db, &["rules", "check", "qd-58-2022"]);
    let e = err(&o);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains(&format!("qd-58-2022/pack.toml:{line}: không có mức giới hạn \"uv-bct\" trong [[ceilings]]")),
        "{stdout}"
    );
    assert!(e.contains("1 lỗi"), "{e}");
}

#[test]
fn diff_between_editions_is_real() {
    let t = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/x.db", t.path().display());
    let out = ok(&bvctnb(t.path(), &db, &["rules", "diff", "qd-126-2018", "qd-58-2022"]));
    assert!(out.contains("So sánh qd-126-2018 → qd-58-2022"), "{out}");
    assert!(out.contains("+ Mức giới hạn uv-btv-tinh"), "{out}");
    assert!(out.contains("+ Loại kết luận phuc-tap"), "{out}");
    assert!(out.contains("~ Quy tắc than-nhan-tay-sai-dich"), "{out}");
    assert!(out.contains("then.ceiling.committee: (trống) → uv-btv-tinh"), "{out}");
    let same = ok(&bvctnb(t.path(), &db, &["rules", "diff", "qd-58-2022", "qd-58-2022"]));
    assert!(same.contains("Không có khác biệt."), "{same}");
    let e = err(&bvctnb(t.path(), &db, &["rules", "diff", "qd-58-2022", "qd-99-2030"]));
    assert!(e.contains("không có gói quy định \"qd-99-2030\""), "{e}");
}

/// Runs the campaign on `db` and returns its summary line.
fn campaign(dir: &Path, db: &str) -> String {
    ok(&bvctnb(dir, db, &["gen", "--scale", "400", "--seed", "11"]));
    let out = ok(&bvctnb(dir, db, &["rescreen", "--scope", "1", "--pack", "qd-58-2022", "--xlsx", "ra-soat.xlsx"]));
    let xlsx = std::fs::read(dir.join("ra-soat.xlsx")).unwrap();
    assert_eq!(&xlsx[..2], b"PK");
    out.lines().find(|l| l.starts_with("Đợt rà soát số 1:")).unwrap_or_else(|| panic!("{out}")).to_string()
}

#[test]
fn rescreen_runs_a_campaign_and_the_diff_names_persons() {
    let t = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/x.db", t.path().display());
    let line = campaign(t.path(), &db);
    assert!(line.contains("đã rà soát 400 hồ sơ"), "{line}");
    let flagged: u64 = line.split("; ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(flagged > 0, "a province of 400 has someone to look at: {line}");
    let list = ok(&bvctnb(t.path(), &db, &["campaigns", "list"]));
    assert!(list.contains("#1 qd-58-2022@1") && list.contains("Đã xong"), "{list}");
    // A second run is a new campaign: the first one is finished, nothing to resume.
    let again = ok(&bvctnb(t.path(), &db, &["rescreen", "--scope", "1"]));
    assert!(again.contains("Đợt rà soát số 2:"), "{again}");
    ok(&bvctnb(t.path(), &db, &["campaigns", "export", "2", "--out", "b.xlsx"]));
    assert!(t.path().join("b.xlsx").exists());
    // Which persons' findings change from QĐ 126 to QĐ 58 when placing people in committees:
    // the ceilings of QĐ 58.
    let d = ok(&bvctnb(
        t.path(),
        &db,
        &["rules", "diff", "qd-126-2018", "qd-58-2022", "--scope", "1", "--kind", "committee"],
    ));
    assert!(d.contains("Đã đánh giá 400 hồ sơ"), "{d}");
    assert!(d.contains("giới hạn: không → Đến ủy viên ban thường vụ"), "{d}");
    let e = err(&bvctnb(t.path(), &db, &["rescreen", "--scope", "1", "--kind", "thang-chuc"]));
    assert!(e.contains("loại việc \"thang-chuc\" không có"), "{e}");
}

/// The same data gives the same campaign on PostgreSQL.
#[test]
fn rescreen_gives_the_same_answer_on_postgres() {
    let Ok(admin) = std::env::var("BVCTNB_TEST_PG_URL") else {
        assert!(std::env::var("BVCTNB_REQUIRE_PG").is_err(), "BVCTNB_REQUIRE_PG set without BVCTNB_TEST_PG_URL");
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let name = format!("bvctnb_t_rules_{}", std::process::id());
    let psql = |sql: &str| assert!(Command::new("psql").args([admin.as_str(), "-qc", sql]).status().unwrap().success());
    psql(&format!("DROP DATABASE IF EXISTS {name}"));
    psql(&format!("CREATE DATABASE {name}"));
    let pg = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
    let lite = format!("sqlite://{}/x.db", t.path().display());
    let (a, b) = (campaign(t.path(), &lite), campaign(t.path(), &pg));
    assert_eq!(a, b);
    psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
}
