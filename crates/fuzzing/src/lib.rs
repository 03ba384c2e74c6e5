//! One function per fuzz target: it takes the fuzzer's bytes, runs them through the same code a
//! user's input reaches, and panics when a property fails (not only on a crash). `fuzz/` wraps
//! each in a cargo-fuzz target; `tests/replay.rs` runs them over the kept corpora and the
//! inputs that once failed, so every CI run replays what the fuzzing found.

mod api_bodies;
mod data_toml;
mod declaration_json;
mod jsonl_line;
mod multipart;

pub use api_bodies::api_bodies;
pub use data_toml::data_toml;
pub use declaration_json::declaration_json;
pub use jsonl_line::jsonl_line;
pub use multipart::multipart;

use bvctnb_core::error::FieldErrors;

/// The targets by name, as `fuzz/` and the corpus folders name them.
/// What a target does with one input.
pub type Target = fn(&[u8]);

pub const TARGETS: &[(&str, Target)] = &[
    ("jsonl_line", jsonl_line),
    ("declaration_json", declaration_json),
    ("data_toml", data_toml),
    ("api_bodies", api_bodies),
    ("multipart", multipart),
];

/// A refusal must say something about each field it names: an empty message is a defect.
fn assert_explained(e: &FieldErrors) {
    assert!(!e.0.is_empty(), "a refusal without any field error");
    for f in &e.0 {
        assert!(!f.message.trim().is_empty(), "field «{}» refused with an empty message", f.field);
    }
}

/// The packs shipped with the system, parsed once.
fn builtin_packs() -> &'static [bvctnb_rules::LoadedPack] {
    static PACKS: std::sync::OnceLock<Vec<bvctnb_rules::LoadedPack>> = std::sync::OnceLock::new();
    PACKS.get_or_init(|| {
        bvctnb_rules::load::load_dir_or_builtin(std::path::Path::new("/nonexistent")).expect("the shipped packs load")
    })
}

/// A current-thread runtime for the targets that go through async extractors.
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    thread_local! {
        static RT: tokio::runtime::Runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
    }
    RT.with(|rt| rt.block_on(f))
}
