//! The rules the services apply, read once at start: the regulation packs, the deadline
//! table, the travel periods and the working-day calendar. All are data (`rules/`), none a
//! constant; the types the rules pages render are re-exported for the web layer.

use crate::{App, Error, Result};
use bvctnb_core::calendar::Calendar;
use bvctnb_core::case::Deadlines;
use bvctnb_core::papers::PaperForms;
use bvctnb_core::secret::SecretRules;
use bvctnb_core::travel::TravelRules;
use std::path::Path;

pub use bvctnb_rules::model;
pub use bvctnb_rules::{
    Basis, Citation, Evaluation, Finding, LoadedPack, Pack, PackDiff, PersonRef, PlanLine, Rule, Severity,
    describe_fact, diff,
};

pub struct Rules {
    pub packs: Vec<LoadedPack>,
    /// Working days allowed per case step (`deadlines.toml`).
    pub deadlines: Deadlines,
    /// Report and passport periods after re-entry (`travel.toml`).
    pub travel: TravelRules,
    /// How each organisation level heads and signs its papers (`papers.toml`).
    pub papers: PaperForms,
    /// Periods, envelopes, the summary rule, the books' columns and who may approve copies
    /// (`secrets.toml`).
    pub secrets: SecretRules,
    pub calendar: Calendar,
}

impl Rules {
    /// The rules shipped in the binary, on the default calendar.
    pub fn builtin() -> Result<Self> {
        Self::load(Path::new("/nonexistent/bvctnb-rules"), Calendar::default())
    }

    /// The packs and tables of `dir` (each falling back to the shipped one when the directory
    /// has none), on `calendar`. An invalid pack is refused with its `file:line` list.
    pub fn load(dir: &Path, calendar: Calendar) -> Result<Self> {
        let at = || dir.display().to_string();
        let packs = bvctnb_rules::load_dir_or_builtin(dir)
            .map_err(|e| Error::Internal(format!("không nạp được gói quy định từ {}: {e}", at())))?;
        let deadlines = bvctnb_rules::deadlines_or_builtin(dir)
            .map_err(|e| Error::Internal(format!("không nạp được bảng thời hạn từ {}: {e}", at())))?;
        let travel = bvctnb_rules::travel_rules_or_builtin(dir)
            .map_err(|e| Error::Internal(format!("không nạp được thời hạn đi nước ngoài từ {}: {e}", at())))?;
        let papers = bvctnb_rules::paper_forms_or_builtin(dir)
            .map_err(|e| Error::Internal(format!("không nạp được thể thức văn bản từ {}: {e}", at())))?;
        let secrets = bvctnb_rules::secret_rules_or_builtin(dir)
            .map_err(|e| Error::Internal(format!("không nạp được quy định bảo vệ bí mật nhà nước từ {}: {e}", at())))?;
        Ok(Self { packs, deadlines, travel, papers, secrets, calendar })
    }

    /// The pack in force (the one no other supersedes).
    pub fn current_pack(&self) -> Option<&LoadedPack> {
        bvctnb_rules::current(&self.packs)
    }

    pub fn pack(&self, id: &str) -> Option<&LoadedPack> {
        self.packs.iter().find(|p| p.pack.id == id)
    }
}

impl App {
    pub fn packs(&self) -> &[LoadedPack] {
        &self.rules.packs
    }

    pub fn current_pack(&self) -> Option<&LoadedPack> {
        self.rules.current_pack()
    }

    pub fn pack(&self, id: &str) -> Option<&LoadedPack> {
        self.rules.pack(id)
    }

    pub fn calendar(&self) -> &Calendar {
        &self.rules.calendar
    }

    pub fn secret_rules(&self) -> &SecretRules {
        &self.rules.secrets
    }

    /// Hands the store the rule rows it enforces itself (the Tuyệt mật summary rule), so a
    /// write that bypassed the services would still be refused. Called at start, after the
    /// rules are read.
    pub async fn sync_rules_to_store(&self) -> Result<()> {
        Ok(self.store.put_summary_rules(&self.rules.secrets.summary_rows()).await?)
    }
}

/// A dossier evaluated against a pack: what the officer reads under "Đối chiếu quy định".
pub struct Screening<'a> {
    pub pack: &'a LoadedPack,
    pub kind: bvctnb_core::case_kind::CaseKind,
    /// A pack or case kind asked for that does not exist, and what was used instead.
    pub notices: Vec<String>,
    pub evaluation: Evaluation,
}

/// Admission for someone not yet in the party, a review of standing for members.
pub fn default_kind(d: &bvctnb_core::Declaration) -> bvctnb_core::case_kind::CaseKind {
    use bvctnb_core::case_kind::CaseKind;
    match &d.party {
        Some(p) if p.status != bvctnb_core::person::MemberStatus::Applicant => CaseKind::Review,
        _ => CaseKind::Admission,
    }
}

impl App {
    /// Evaluates `pack_id` (the pack in force when absent or unknown) for `kind` (the default
    /// for the person when absent or unknown) on today's date; a wrong choice is named in
    /// the notices, not an error. `flags` are the person's going-abroad lapses, which the pack
    /// cites like dossier facts.
    pub fn screen_dossier(
        &self,
        d: &bvctnb_core::Declaration,
        flags: &[bvctnb_core::travel::TravelFlag],
        pack_id: Option<&str>,
        kind: Option<&str>,
    ) -> Option<Screening<'_>> {
        use bvctnb_core::case_kind::CaseKind;
        let mut notices = Vec::new();
        let chosen = match pack_id.filter(|s| !s.is_empty()) {
            Some(id) => {
                let p = self.pack(id);
                if p.is_none() {
                    notices.push(format!("Không có gói quy định «{id}»; dùng gói đang áp dụng."));
                }
                p
            }
            None => None,
        };
        let pack = chosen.or_else(|| self.current_pack())?;
        let kind = match kind.filter(|s| !s.is_empty()) {
            Some(code) => CaseKind::from_code(code).unwrap_or_else(|| {
                notices.push(format!("Không có loại việc «{code}»; dùng loại mặc định."));
                default_kind(d)
            }),
            None => default_kind(d),
        };
        let input = bvctnb_rules::Input { declaration: d, answers: &[], kind, as_of: self.today(), with_plan: true };
        let e = bvctnb_rules::evaluate(&pack.pack, &input);
        let evaluation = bvctnb_rules::with_travel(e, &pack.pack, flags);
        Some(Screening { pack, kind, notices, evaluation })
    }
}
