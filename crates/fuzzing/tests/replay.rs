//! Every input the fuzzing kept (`fuzz/corpus/<target>/`) and every input that once failed
//! (`fuzz/regressions/<target>/`) still passes its target's checks.

use std::path::PathBuf;

fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz").join(kind).join(target);
    let Ok(rd) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect();
    v.sort();
    v
}

#[test]
fn every_kept_input_passes_its_target() {
    for (name, run) in bvctnb_fuzzing::TARGETS {
        let corpus = inputs("corpus", name);
        assert!(!corpus.is_empty(), "fuzz/corpus/{name} holds no inputs");
        for p in corpus.iter().chain(inputs("regressions", name).iter()) {
            // A fuzzer running meanwhile may remove an input it has reduced.
            let Ok(data) = std::fs::read(p) else { continue };
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                panic!("{name}: {} fails", p.display());
            }
        }
    }
}
