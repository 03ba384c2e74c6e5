//! Regulation packs (QĐ 57/2007, QĐ 126/2018, QĐ 58/2022 and their guidance) as versioned data:
//! the format, its loader and checker, the evaluator that turns a dossier into findings with
//! citations and a verification plan, the findings of going-abroad lapses, and the diff between
//! two packs. No I/O beyond reading a pack.

pub mod diff;
pub mod eval;
pub mod facts;
pub mod load;
pub mod model;
mod plan;
pub mod travel;

pub use diff::{PackDiff, diff};
pub use eval::{Evaluation, Finding, Input, PlanLine, evaluate, evaluate_facts};
pub use facts::{Answer, PersonRef, describe as describe_fact};
pub use load::{
    LoadError, LoadedPack, Problem, check, current, deadlines_or_builtin, find, load, load_all, load_dir_or_builtin,
    paper_forms_or_builtin, parse, secret_rules_or_builtin, travel_rules_or_builtin,
};
pub use model::{Basis, Citation, Pack, Rule, Severity};
pub use travel::{travel_findings, with_travel};
