//! `bvctnb rules check | list | diff | explain`: regulation packs from the command line.

use crate::config::Config;
use anyhow::{Context, Result, bail};
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::screening::ScreeningFacts;
use bvctnb_rules::{Evaluation, Input, LoadError, LoadedPack, evaluate_facts};
use bvctnb_store::OpenMode;
use futures::TryStreamExt;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: RulesCommand,
}

#[derive(clap::Subcommand)]
enum RulesCommand {
    /// Check packs (directories or pack.toml files; default: every pack of rules_dir) and
    /// report each problem as FILE:LINE: message. Exit non-zero on any problem.
    Check { packs: Vec<PathBuf> },
    /// The packs of rules_dir, with the one in force.
    List,
    /// Rules added, removed and changed from pack A to pack B; with --scope, which persons'
    /// findings would change.
    Diff {
        from: String,
        to: String,
        /// Organisation id: evaluate every dossier under it with both packs.
        #[arg(long)]
        scope: Option<i64>,
        /// Case kind to evaluate for (admission, committee, key_cadre, key_post, candidacy,
        /// political_issue, review).
        #[arg(long, default_value = "review")]
        kind: String,
        /// At most this many persons listed (all are counted).
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Findings, verification plan and ceiling for one person's current declaration.
    Explain {
        person: i64,
        /// Pack id (default: the pack in force).
        #[arg(long)]
        pack: Option<String>,
        #[arg(long, default_value = "admission")]
        kind: String,
    },
}

pub fn kind(code: &str) -> Result<CaseKind> {
    CaseKind::from_code(code).with_context(|| {
        let all: Vec<&str> = CaseKind::ALL.iter().map(|k| k.code()).collect();
        format!("loại việc \"{code}\" không có; dùng một trong: {}", all.join(", "))
    })
}

pub fn packs(c: &Config) -> Result<Vec<LoadedPack>> {
    Ok(bvctnb_rules::load_dir_or_builtin(&c.rules_dir)?)
}

pub fn pack(c: &Config, id: Option<&str>) -> Result<LoadedPack> {
    let all = packs(c)?;
    match id {
        Some(id) => all
            .into_iter()
            .find(|p| p.pack.id == id)
            .with_context(|| format!("không có gói quy định \"{id}\" trong {}", c.rules_dir.display())),
        None => bvctnb_rules::current(&all).cloned().context("không có gói quy định nào"),
    }
}

pub async fn run(c: &Config, a: Args) -> Result<()> {
    match a.command {
        RulesCommand::Check { packs } => check(c, packs),
        RulesCommand::List => {
            let all = packs(c)?;
            let current = bvctnb_rules::current(&all).map(|p| p.pack.id.clone());
            for p in &all {
                let mark = if Some(&p.pack.id) == current.as_ref() { " (đang áp dụng)" } else { "" };
                println!(
                    "{}  {} — {}, {} quy tắc{mark}",
                    p.version_tag(),
                    p.pack.document,
                    p.pack.title,
                    p.pack.rules.len()
                );
            }
            Ok(())
        }
        RulesCommand::Diff { from, to, scope, kind: k, limit } => {
            let (a, b) = (pack(c, Some(&from))?, pack(c, Some(&to))?);
            print!("{}", bvctnb_rules::diff::render(&bvctnb_rules::diff(&a.pack, &b.pack)));
            if let Some(scope) = scope {
                persons_diff(c, &a, &b, OrgId(scope), kind(&k)?, limit).await?;
            }
            Ok(())
        }
        RulesCommand::Explain { person, pack: p, kind: k } => {
            explain(c, PersonId(person), p.as_deref(), kind(&k)?).await
        }
    }
}

fn check(c: &Config, paths: Vec<PathBuf>) -> Result<()> {
    let results: Vec<Result<Vec<LoadedPack>, LoadError>> = if paths.is_empty() {
        vec![bvctnb_rules::load_all(&c.rules_dir)]
    } else {
        paths.iter().map(|p| bvctnb_rules::load(p).map(|l| vec![l])).collect()
    };
    let mut bad = 0;
    for r in results {
        match r {
            Ok(packs) => {
                for p in packs {
                    println!("{}: hợp lệ, {} quy tắc ({})", p.file.display(), p.pack.rules.len(), p.version_tag());
                }
            }
            Err(LoadError::Invalid(problems)) => {
                for p in &problems {
                    println!("{p}");
                }
                bad += problems.len();
            }
            Err(e) => return Err(e.into()),
        }
    }
    if bad > 0 {
        bail!("{bad} lỗi trong gói quy định");
    }
    Ok(())
}

fn rule_ids(e: &Evaluation) -> String {
    let ids: Vec<&str> = e.findings.iter().map(|f| f.rule_id.as_str()).collect();
    if ids.is_empty() { "(không có)".into() } else { ids.join(", ") }
}

async fn persons_diff(
    c: &Config,
    a: &LoadedPack,
    b: &LoadedPack,
    scope: OrgId,
    kind: CaseKind,
    limit: usize,
) -> Result<()> {
    let store = super::open_store(c, OpenMode::Existing).await?;
    super::rescreen::build_screen_facts(store.as_ref()).await?;
    let scope_persons = store.scope_counts(scope).await?.persons;
    // Only persons with screening facts can have findings under any pack.
    let mut stream = store.stream_candidates(scope, PersonId(0));
    let (mut seen, mut changed) = (0u64, 0u64);
    println!();
    println!("Những người có phát hiện thay đổi ({}, phạm vi tổ chức {}):", kind.label(), scope.0);
    while let Some(cand) = stream.try_next().await? {
        let Some(json) = cand.facts else { continue };
        seen += 1;
        let facts: ScreeningFacts = serde_json::from_str(&json)
            .with_context(|| format!("dữ liệu đối chiếu của hồ sơ {} không đọc được", cand.person_id.0))?;
        let (ea, eb) = (evaluate_facts(&a.pack, &facts, kind), evaluate_facts(&b.pack, &facts, kind));
        let ceiling = |e: &Evaluation| e.ceiling.as_ref().map(|c| c.id.clone());
        if ea.fingerprint() != eb.fingerprint() || ceiling(&ea) != ceiling(&eb) {
            changed += 1;
            if changed as usize <= limit {
                let cl = |e: &Evaluation| e.ceiling.as_ref().map_or("không".to_string(), |c| c.title.clone());
                let who = match store.person(cand.person_id).await? {
                    Some(p) => format!("{} ({})", p.declaration.identity.full_name, p.declaration.identity.birth_date),
                    None => String::new(),
                };
                println!(
                    "  #{} {who}: {} → {}; giới hạn: {} → {}",
                    cand.person_id.0,
                    rule_ids(&ea),
                    rule_ids(&eb),
                    cl(&ea),
                    cl(&eb)
                );
            }
        }
    }
    println!(
        "Đã đánh giá {scope_persons} hồ sơ ({seen} có đặc điểm để đối chiếu); {changed} người có phát hiện thay đổi."
    );
    Ok(())
}

async fn explain(c: &Config, person: PersonId, pack_id: Option<&str>, kind: CaseKind) -> Result<()> {
    let p = pack(c, pack_id)?;
    let store = super::open_store(c, OpenMode::Existing).await?;
    let rec = store.person(person).await?.with_context(|| format!("không có hồ sơ số {}", person.0))?;
    let e = bvctnb_rules::evaluate(
        &p.pack,
        &Input {
            declaration: &rec.declaration,
            answers: &[],
            kind,
            as_of: bvctnb_app::vietnam_today(),
            with_plan: true,
        },
    );
    println!("{} — {} — {}", rec.declaration.identity.full_name, kind.label(), p.version_tag());
    if e.findings.is_empty() {
        println!("Không có phát hiện.");
    }
    for f in &e.findings {
        println!("- {}", bvctnb_app::workbook::finding_line(f));
        for t in bvctnb_app::workbook::trigger_lines(f) {
            println!("    {t}");
        }
        if let Some(x) = &f.exception {
            println!("    Ngoại lệ có thể xét: {} ({})", x.title, x.citation);
        }
    }
    if let Some(cl) = &e.ceiling {
        println!("Giới hạn bố trí: {}", cl.title);
    }
    if let Some(a) = &e.authority {
        println!("Cấp có thẩm quyền: {}", a.title);
    }
    if !e.plan.is_empty() {
        println!("Kế hoạch thẩm tra:");
        for l in &e.plan {
            println!("  {} — {} — {}: {}", l.person.label(), l.place, l.body, l.points);
        }
    }
    for s in &e.not_verified {
        println!("  Không thẩm tra: {} ({})", s.person.label(), s.reason);
    }
    Ok(())
}
