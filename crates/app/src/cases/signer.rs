//! What the signer may do at the conclusion step: conclude under a category their level may
//! sign, return the case for more verification, or refuse it — each with its reason on record.

use super::steps::{note, required_text};
use super::*;
use bvctnb_core::case::{NoteKind, Step};
use bvctnb_rules::model::ConclusionCategory;
use bvctnb_store::cases::Written;

/// The level a category needs on this case: its own, or the evaluation's when that is higher.
pub(crate) fn level_needed(pack: &LoadedPack, cat: &ConclusionCategory, eval: &Evaluation) -> u32 {
    let own = cat.authority.as_deref().and_then(|a| pack.pack.authority(a)).map_or(1, |a| a.level);
    own.max(eval.authority.as_ref().map_or(0, |a| a.order))
}

/// The conclusion form as one signer sees it on one case.
#[derive(Debug, Clone, Default)]
pub struct ConclusionChoices {
    /// The categories the signer's level may sign: (id, title).
    pub categories: Vec<(String, String)>,
    pub ceilings: Vec<(String, String)>,
    /// When no category is within the signer's level: who must sign instead.
    pub above: Option<String>,
}

impl App {
    /// The categories `actor` may sign on `case` (none when they hold no authority over it), so
    /// the form never offers what the submit would refuse.
    pub fn conclusion_choices(&self, actor: &Actor, case: &CaseRow) -> Result<ConclusionChoices> {
        let env = self.case_env();
        let Some(pack) = env.pack_for(&case.pack_version) else { return Ok(ConclusionChoices::default()) };
        let eval = evaluation_of(case)?;
        let ceilings = pack.pack.ceilings.iter().map(|c| (c.id.clone(), c.title.clone())).collect();
        let Ok((level, _)) = self.signer_level(actor, case) else {
            return Ok(ConclusionChoices { ceilings, ..Default::default() });
        };
        let fits = |c: &&ConclusionCategory| level_needed(pack, c, &eval) <= level;
        let categories: Vec<_> =
            pack.pack.conclusions.iter().filter(fits).map(|c| (c.id.clone(), c.title.clone())).collect();
        let above = categories.is_empty().then(|| {
            let needed = pack.pack.conclusions.iter().map(|c| level_needed(pack, c, &eval)).min().unwrap_or(level);
            pack.pack
                .authorities
                .iter()
                .find(|a| a.level == needed)
                .map_or("cấp cao hơn".into(), |a| a.title.clone())
        });
        Ok(ConclusionChoices { categories, ceilings, above })
    }

    /// Back to verification: what was verified is not enough to conclude on. A new round of
    /// explanation may be asked after it.
    pub async fn return_case(&self, actor: &Actor, case: &CaseRow, reason: &str) -> Result<Written> {
        let env = &self.case_env();
        self.signer_level(actor, case)?;
        required_text("reason", reason, "những điểm cần thẩm tra thêm")?;
        self.take_step(env, actor, case, Step::Return, false, |w, s| {
            s.explanation_asked = false;
            s.explanation_due = None;
            w.note = Some(note(env, actor, NoteKind::Return, reason));
            w.notices.push((
                NoticeTo::Person(case.person_id),
                "Cấp có thẩm quyền đề nghị thẩm tra thêm trước khi kết luận về hồ sơ của đồng chí".into(),
            ));
        })
        .await
    }

    /// The signer's "no": the case closes with the reason as its outcome.
    pub async fn refuse_case(&self, actor: &Actor, case: &CaseRow, reason: &str) -> Result<Written> {
        let env = &self.case_env();
        self.signer_level(actor, case)?;
        required_text("reason", reason, "lý do không chấp thuận")?;
        self.take_step(env, actor, case, Step::Refuse, false, |w, s| {
            s.outcome = Some(format!("Không chấp thuận: {}", reason.trim()));
            w.note = Some(note(env, actor, NoteKind::Refusal, reason));
            w.notices.push((
                NoticeTo::Person(case.person_id),
                format!("Cấp có thẩm quyền không chấp thuận hồ sơ {} của đồng chí", case.kind.label().to_lowercase()),
            ));
        })
        .await
    }
}
