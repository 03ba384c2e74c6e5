//! The arrow `web → app` holds: the web layer depends on no crate of ours but app, authz and
//! core, and never names the store, the index, the rules engine or the printer. Use cases
//! belong in `app`, where the CLI and the API get the same ones.

use std::path::{Path, PathBuf};

const ALLOWED: [&str; 3] = ["bvctnb-app", "bvctnb-authz", "bvctnb-core"];
const FORBIDDEN: [&str; 5] = ["bvctnb_store", "bvctnb_search", "bvctnb_rules", "bvctnb_print", ".store()"];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn web_depends_on_app_authz_and_core_only() {
    let text = std::fs::read_to_string(manifest_dir().join("Cargo.toml")).unwrap();
    let manifest: toml::Table = text.parse().unwrap();
    let deps = manifest["dependencies"].as_table().expect("[dependencies]");
    let ours: Vec<&str> = deps.keys().map(String::as_str).filter(|k| k.starts_with("bvctnb")).collect();
    let extra: Vec<&&str> = ours.iter().filter(|k| !ALLOWED.contains(k)).collect();
    assert!(extra.is_empty(), "crates/web depends on {extra:?}: reach them through bvctnb-app");
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn web_sources_never_name_the_store() {
    let mut files = Vec::new();
    rust_files(&manifest_dir().join("src"), &mut files);
    assert!(files.len() > 20, "found the sources");
    let mut hits = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            for word in FORBIDDEN {
                if line.contains(word) {
                    hits.push(format!("{}:{}: {word}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(hits.is_empty(), "the web layer must go through bvctnb_app:\n{}", hits.join("\n"));
}
