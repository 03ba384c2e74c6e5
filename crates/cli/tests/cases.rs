//! `bvctnb cases report`: the case clocks and overdue counts of a scope, over cases walked by
//! the case service on a generated database.

mod common;
use common::{err, ok};

use bvctnb_app::cases::Actor;
use bvctnb_core::access::Role;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_store::{DatabaseUrl, OpenMode};
use std::path::Path;
use std::process::{Command, Output};

fn bvctnb(dir: &Path, db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bvctnb"))
        .current_dir(dir)
        .env_remove("BVCTNB_CONFIG")
        .env_remove("BVCTNB_DATABASE_URL")
        .env("BVCTNB_LOG", "warn")
        .args(["--database", db, "--index-dir", "idx"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn report_shows_clocks_and_what_is_overdue() {
    let t = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/x.db", t.path().display());
    ok(&bvctnb(t.path(), &db, &["gen", "--scale", "300", "--seed", "3"]));
    let province = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = bvctnb_store::open(&DatabaseUrl::parse(&db).unwrap(), OpenMode::Existing).await.unwrap();
        let app = bvctnb_app::App::open(store.clone(), &t.path().join("idx")).await.unwrap();
        let tree = app.tree();
        let root = tree.nodes().find(|n| n.parent.is_none()).unwrap().id;
        let province = tree.children(root)[0];
        let person = store.persons_in_org(province, 1).await.unwrap()[0].id;
        bvctnb_app::demo::make_applicant(&app, person).await.unwrap();
        let rec = store.person(person).await.unwrap().unwrap();
        let on = |d: &str| d.parse().unwrap();
        let officer = Actor {
            username: "canbo".into(),
            display_name: "Cán bộ".into(),
            role: Role::Officer,
            scope: Some(province),
            person: None,
        };
        // Opened on a Monday, sealed four working days later, then left waiting (overdue today).
        let case = app.on(on("2026-03-02")).open_case(&officer, &rec, CaseKind::Admission, "").await.unwrap();
        app.on(on("2026-03-06")).accept_case(&officer, &case, "Đã đóng dấu giáp lai").await.unwrap();
        province
    });
    let out = ok(&bvctnb(t.path(), &db, &["cases", "report", "--scope", &province.to_string()]));
    assert!(out.contains("Hồ sơ đang xử lý: 1; bước quá hạn: 1"), "{out}");
    let line = out.lines().find(|l| l.contains("Tiếp nhận, kiểm tra hồ sơ")).unwrap_or_else(|| panic!("{out}"));
    let cells: Vec<&str> = line.split_whitespace().rev().take(4).collect();
    assert_eq!(cells, ["4", "4", "4", "1"], "n = 1, p50 = p90 = max = 4 working days: {line}");
    let e = err(&bvctnb(t.path(), &db, &["cases", "report", "--scope", "999999"]));
    assert!(e.contains("không có tổ chức số 999999"), "{e}");
}
