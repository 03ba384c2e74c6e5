//! The steps of the state machine, each recorded by a named person with its note, its deadline
//! for the next stage and a notice to whoever acts next.

use super::*;
use crate::secrets::{Paper, PaperOf};
use bvctnb_core::case::NoteKind;
use bvctnb_core::case::docnum::{authority_level, default_body_symbol};
use bvctnb_core::case::{Facts, Step, advance};
use bvctnb_core::ids::ConclusionId;
use bvctnb_core::secret::PaperKind;
use bvctnb_store::cases::{Baseline, CaseState, CaseWrite, NewAttachment, NewConclusion, NewEvent, NewNote, Written};
use bvctnb_store::secrets::PaperLine;
use chrono::Months;

pub struct ConclusionInput {
    /// A conclusion category id of the pack.
    pub category: String,
    pub ceiling: Option<String>,
    pub grounds: String,
    /// Rule ids of the case's findings the conclusion rests on.
    pub cited: Vec<String>,
    pub signed_on: NaiveDate,
    pub signer_position: String,
    /// Given when numbered on paper; taken from the register otherwise.
    pub number: Option<String>,
}

pub struct DecisionInput {
    pub number: String,
    pub decided_on: NaiveDate,
    pub outcome: String,
    pub text: String,
}

pub struct ReviewInput {
    pub conclusion: ConclusionId,
    /// `None` upholds; `Some` amends with a new conclusion.
    pub amend: Option<ConclusionInput>,
    pub grounds: String,
    pub signed_on: NaiveDate,
    pub signer_position: String,
}

/// The case row's state with only `has_issue` and the evaluation changed.
pub(crate) fn same_state(case: &CaseRow, has_issue: bool, evaluation: Option<(String, String)>) -> CaseState {
    CaseState {
        stage: case.stage,
        stage_since: case.stage_since.clone(),
        stage_due: case.stage_due.clone(),
        has_issue,
        evaluation,
        explanation_asked: case.explanation_asked,
        explanation_due: case.explanation_due.clone(),
        closed_on: case.closed_on.clone(),
        outcome: case.outcome.clone(),
    }
}

pub(super) fn note(env: &CaseEnv<'_>, actor: &Actor, kind: NoteKind, text: &str) -> NewNote {
    NewNote {
        kind,
        on_date: env.today.to_string(),
        author: actor.username.clone(),
        author_name: actor.display_name.clone(),
        text: text.trim().into(),
        number: None,
        outcome: None,
    }
}

pub(super) fn required_text(field: &'static str, text: &str, what: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(invalid(field, format!("Phải ghi {what}")));
    }
    Ok(())
}

impl App {
    async fn facts(&self, env: &CaseEnv<'_>, case: &CaseRow) -> Result<Facts> {
        let requests = self.store.case_requests(case.id).await?;
        let conclusions = self.store.case_conclusions(case.id).await?;
        Ok(Facts {
            open_requests: requests
                .iter()
                .filter(|r| r.status.is_open())
                .map(|r| format!("{} — {}", r.person_label, r.body))
                .collect(),
            has_issue: case.has_issue,
            conclusion_recorded: !conclusions.is_empty(),
            explanation_asked: case.explanation_asked,
            explanation_overdue: case.explanation_due.as_deref().is_some_and(|d| d < env.today.to_string().as_str()),
        })
    }

    /// Checks `step` against the state machine and writes it with what `fill` adds.
    pub(super) async fn take_step(
        &self,
        env: &CaseEnv<'_>,
        actor: &Actor,
        case: &CaseRow,
        step: Step,
        raise_issue: bool,
        fill: impl FnOnce(&mut CaseWrite, &mut CaseState),
    ) -> Result<Written> {
        let mut facts = self.facts(env, case).await?;
        facts.has_issue |= raise_issue;
        let next = advance(case.kind, case.stage, step, &facts)?;
        let moved = next != case.stage;
        let person = self.store.person(case.person_id).await?.ok_or(Error::NotFound("hồ sơ"))?;
        let mut state = same_state(case, facts.has_issue, None);
        if moved {
            state.stage = next;
            state.stage_since = env.today.to_string();
            state.stage_due = env.due(case.kind, next);
            if !next.is_open() {
                state.closed_on = Some(env.today.to_string());
                state.stage_due = None;
            }
        }
        let event = NewEvent {
            on_date: env.today.to_string(),
            actor: actor.username.clone(),
            step: step.code().into(),
            from_stage: Some(case.stage),
            to_stage: Some(next),
            stage_days: if moved { env.days_since(&case.stage_since) } else { None },
            detail: String::new(),
        };
        let mut w = CaseWrite::new(case, event);
        if moved {
            w.notices = notice_for(case.org_id, case.person_id, next, &person.declaration.identity.full_name);
        }
        fill(&mut w, &mut state);
        w.state = Some(state);
        Ok(self.store.write_case(w).await?)
    }

    /// The cell and the grassroots committee checked the declaration and sealed every page
    /// (admission), or the officer took the dossier in (the other kinds).
    pub async fn accept_case(&self, actor: &Actor, case: &CaseRow, text: &str) -> Result<Written> {
        let env = &self.case_env();
        let step = if case.kind == CaseKind::Admission { Step::Seal } else { Step::Accept };
        let kind = if step == Step::Seal { NoteKind::Seal } else { NoteKind::Accept };
        self.take_step(env, actor, case, step, false, |w, _| w.note = Some(note(env, actor, kind, text))).await
    }

    pub async fn finish_verification(&self, actor: &Actor, case: &CaseRow) -> Result<Written> {
        let env = &self.case_env();
        self.take_step(env, actor, case, Step::FinishVerification, false, |_, _| {}).await
    }

    /// Item (25), the cell secretary's comment; `raise_issue` when the cell found something to
    /// be explained.
    pub async fn comment(&self, actor: &Actor, case: &CaseRow, text: &str, raise_issue: bool) -> Result<Written> {
        let env = &self.case_env();
        required_text("text", text, "nhận xét của chi bộ")?;
        self.take_step(env, actor, case, Step::Comment, raise_issue, |w, _| {
            w.note = Some(note(env, actor, NoteKind::CellComment, text))
        })
        .await
    }

    pub async fn appraise(&self, actor: &Actor, case: &CaseRow, text: &str, raise_issue: bool) -> Result<Written> {
        let env = &self.case_env();
        required_text("text", text, "kết quả thẩm định")?;
        self.take_step(env, actor, case, Step::Appraise, raise_issue, |w, _| {
            w.note = Some(note(env, actor, NoteKind::Appraisal, text))
        })
        .await
    }

    /// Asks the subject to explain the points in `text`, by the deadline of the explanation stage.
    pub async fn ask_explanation(&self, actor: &Actor, case: &CaseRow, text: &str) -> Result<Written> {
        let env = &self.case_env();
        required_text("text", text, "những điểm cần giải trình")?;
        let due = env.due(case.kind, Stage::Explanation);
        self.take_step(env, actor, case, Step::AskExplanation, false, |w, s| {
            s.explanation_asked = true;
            s.explanation_due = due.clone();
            s.stage_due = due.clone();
            let by = due.as_deref().map(dmy).map(|d| format!(" trước ngày {d}")).unwrap_or_default();
            w.notices.push((
                NoticeTo::Person(case.person_id),
                format!("Đồng chí được yêu cầu giải trình{by}: {}", text.trim()),
            ));
            w.note = Some(note(env, actor, NoteKind::ExplanationRequest, text));
        })
        .await
    }

    /// The subject's own explanation, through self-service.
    pub async fn explain(
        &self,
        actor: &Actor,
        case: &CaseRow,
        text: &str,
        attachments: Vec<NewAttachment>,
    ) -> Result<Written> {
        let env = &self.case_env();
        if actor.person != Some(case.person_id) {
            return Err(Error::Forbidden("Chỉ người được thẩm tra mới nộp bản giải trình của mình".into()));
        }
        required_text("text", text, "nội dung giải trình")?;
        let attachments = self.accept_files(case.person_id, attachments).await?;
        self.take_step(env, actor, case, Step::Explain, false, |w, _| {
            w.note = Some(note(env, actor, NoteKind::Explanation, text));
            w.attachments = attachments.into_iter().map(|a| NewAttachment { owner: "note:new".into(), ..a }).collect();
        })
        .await
    }

    pub async fn proceed_without_explanation(&self, actor: &Actor, case: &CaseRow, text: &str) -> Result<Written> {
        let env = &self.case_env();
        required_text("text", text, "lý do chuyển kết luận")?;
        self.take_step(env, actor, case, Step::ProceedWithoutExplanation, false, |w, _| {
            w.note = Some(note(env, actor, NoteKind::NoExplanation, text))
        })
        .await
    }

    /// The signer's authority level and issuing organisation, if they have authority over the case.
    pub(super) fn signer_level(&self, actor: &Actor, case: &CaseRow) -> Result<(u32, OrgId)> {
        if actor.role != Role::Committee {
            return Err(Error::Forbidden("Chỉ cấp ủy có thẩm quyền mới ký kết luận, chứng nhận, quyết định".into()));
        }
        let tree = self.tree();
        let org = actor
            .scope
            .filter(|o| tree.ancestors(case.org_id).contains(o))
            .ok_or_else(|| Error::Forbidden("Hồ sơ không thuộc tổ chức của đồng chí ký".into()))?;
        Ok((tree.get(org).map_or(0, |n| authority_level(n.kind)), org))
    }

    fn new_conclusion(
        &self,
        env: &CaseEnv<'_>,
        actor: &Actor,
        case: &CaseRow,
        c: &ConclusionInput,
    ) -> Result<(NewConclusion, Baseline)> {
        let pack = env.pack_for(&case.pack_version).ok_or(Error::NotFound("gói quy định của hồ sơ"))?;
        let eval = evaluation_of(case)?;
        let cat = pack
            .pack
            .conclusions
            .iter()
            .find(|x| x.id == c.category)
            .ok_or_else(|| invalid("category", "Chọn một loại kết luận của gói quy định"))?;
        let needed = super::signer::level_needed(pack, cat, &eval);
        let (level, org) = self.signer_level(actor, case)?;
        if level < needed {
            let title =
                pack.pack.authorities.iter().find(|a| a.level == needed).map_or("cấp cao hơn", |a| a.title.as_str());
            return Err(Error::Forbidden(format!(
                "Kết luận «{}» phải do {} (cấp {needed}) ký; cấp của đồng chí là {level}",
                cat.title, title
            )));
        }
        let ceiling = match (&c.ceiling, cat.needs_ceiling) {
            (Some(id), _) => Some(
                pack.pack
                    .ceiling(id)
                    .ok_or_else(|| invalid("ceiling", "Giới hạn bố trí không có trong gói quy định"))?,
            ),
            (None, true) => {
                return Err(invalid("ceiling", format!("Kết luận «{}» phải ghi giới hạn bố trí", cat.title)));
            }
            (None, false) => None,
        };
        required_text("grounds", &c.grounds, "căn cứ kết luận")?;
        if c.signer_position.trim().is_empty() {
            return Err(invalid("signer_position", "Phải ghi chức vụ người ký"));
        }
        if c.signed_on > env.today {
            return Err(invalid("signed_on", "Ngày ký không được sau hôm nay"));
        }
        let cited: Vec<_> = eval.findings.iter().filter(|f| c.cited.contains(&f.rule_id)).collect();
        if let Some(x) = c.cited.iter().find(|id| !eval.findings.iter().any(|f| &f.rule_id == *id)) {
            return Err(invalid("cited", format!("«{x}» không phải một phát hiện của hồ sơ này")));
        }
        let cited_json: Vec<_> = cited
            .iter()
            .map(|f| serde_json::json!({"rule_id": f.rule_id, "title": f.title, "citation": f.citation, "severity": f.severity}))
            .collect();
        let kind = self.tree().get(org).map(|n| n.kind);
        let conclusion = NewConclusion {
            category: cat.id.clone(),
            category_title: cat.title.clone(),
            ceiling: ceiling.map(|x| x.id.clone()),
            ceiling_title: ceiling.map(|x| x.title.clone()),
            grounds: c.grounds.trim().into(),
            findings: serde_json::to_string(&cited_json).unwrap_or_else(|_| "[]".into()),
            issuer_org: org,
            number: c.number.as_ref().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
            body_symbol: kind.map_or("ĐU", default_body_symbol).into(),
            signer: actor.username.clone(),
            signer_name: actor.display_name.clone(),
            signer_position: c.signer_position.trim().into(),
            signer_level: level as i64,
            signed_on: c.signed_on.to_string(),
            pack_version: case.pack_version.clone(),
            valid_until: cat
                .validity_months
                .and_then(|m| c.signed_on.checked_add_months(Months::new(m)))
                .map(|d| d.to_string()),
            reviews: None,
            review_outcome: None,
        };
        let baseline = Baseline {
            fingerprint: eval.fingerprint(),
            pack_version: case.pack_version.clone(),
            source: format!("Kết luận hồ sơ #{}", case.id),
        };
        Ok((conclusion, baseline))
    }

    /// The outgoing register lines of a conclusion about to be recorded and of its notice to
    /// the person (each when the rules make its kind secret), in the issuing committee's book.
    async fn conclusion_lines(&self, actor: &Actor, case: &CaseRow, c: &NewConclusion) -> Result<Vec<PaperLine>> {
        let name =
            self.store.person(case.person_id).await?.map(|p| p.declaration.identity.full_name).unwrap_or_default();
        let on: NaiveDate = c.signed_on.parse().map_err(|_| invalid("signed_on", "Ngày ký không hợp lệ"))?;
        let (org, issuer) = (c.issuer_org, self.committee_name(c.issuer_org, on));
        let paper = |kind, of, summary: String, counterpart: &str| Paper {
            kind,
            of,
            org,
            on,
            entered_on: on,
            number: c.number.clone().unwrap_or_default(),
            issuer: issuer.clone(),
            summary,
            counterpart: counterpart.into(),
            signer: c.signer_name.clone(),
        };
        let lines = [
            paper(
                PaperKind::Conclusion,
                PaperOf::Conclusion,
                format!("Kết luận về tiêu chuẩn chính trị của {name} ({})", case.kind.label().to_lowercase()),
                "Cấp ủy nơi quản lý hồ sơ; người được kết luận",
            ),
            paper(
                PaperKind::ConclusionNotice,
                PaperOf::Notice,
                format!("Thông báo kết luận về tiêu chuẩn chính trị của {name}"),
                &name,
            ),
        ];
        Ok(lines.into_iter().filter_map(|p| self.paper_line(actor, p)).collect())
    }

    /// The competent committee's conclusion, signed by a named person with the authority the
    /// pack requires, under the pack version the case was evaluated with.
    pub async fn conclude(&self, actor: &Actor, case: &CaseRow, c: ConclusionInput) -> Result<Written> {
        let env = &self.case_env();
        let (conclusion, baseline) = self.new_conclusion(env, actor, case, &c)?;
        let papers = self.conclusion_lines(actor, case, &conclusion).await?;
        self.take_step(env, actor, case, Step::Conclude, false, |w, s| {
            s.outcome = Some(conclusion.category_title.clone());
            w.papers = papers;
            w.conclusion = Some(conclusion);
            w.baseline = Some(baseline);
            w.notices
                .push((NoticeTo::Person(case.person_id), "Cấp có thẩm quyền đã kết luận về hồ sơ của đồng chí".into()));
        })
        .await
    }

    /// Item (26) in the standard wording, which follows from whether an issue was found.
    pub async fn certify(&self, actor: &Actor, case: &CaseRow, text: &str) -> Result<Written> {
        let env = &self.case_env();
        self.signer_level(actor, case)?;
        // A conclusion that found no political issue outweighs the findings that called for it.
        let last = self.store.case_conclusions(case.id).await?.pop();
        let issue = last.map_or(case.has_issue, |c| c.category != NO_ISSUE);
        let wording = certification_wording(issue);
        let full = if text.trim().is_empty() { wording.to_string() } else { format!("{wording}. {}", text.trim()) };
        self.take_step(env, actor, case, Step::Certify, false, |w, _| {
            w.note = Some(note(env, actor, NoteKind::Certification, &full))
        })
        .await
    }

    pub async fn decide(&self, actor: &Actor, case: &CaseRow, d: DecisionInput) -> Result<Written> {
        let env = &self.case_env();
        self.signer_level(actor, case)?;
        required_text("number", &d.number, "số quyết định")?;
        required_text("outcome", &d.outcome, "nội dung quyết định")?;
        if d.decided_on > env.today {
            return Err(invalid("decided_on", "Ngày quyết định không được sau hôm nay"));
        }
        self.take_step(env, actor, case, Step::Decide, false, |w, s| {
            s.outcome = Some(d.outcome.trim().into());
            let mut n = note(env, actor, NoteKind::Decision, &d.text);
            n.on_date = d.decided_on.to_string();
            n.number = Some(d.number.trim().into());
            n.outcome = Some(d.outcome.trim().into());
            w.note = Some(n);
        })
        .await
    }

    pub async fn withdraw(&self, actor: &Actor, case: &CaseRow, reason: &str) -> Result<Written> {
        let env = &self.case_env();
        required_text("reason", reason, "lý do dừng hồ sơ")?;
        self.take_step(env, actor, case, Step::Withdraw, false, |w, s| {
            s.outcome = Some(format!("Dừng: {}", reason.trim()));
            w.note = Some(note(env, actor, NoteKind::Withdrawal, reason));
        })
        .await
    }

    /// Review of a conclusion at the level above: upheld or amended; both stay on record.
    pub async fn review_conclusion(&self, actor: &Actor, case: &CaseRow, r: ReviewInput) -> Result<Written> {
        let env = &self.case_env();
        let orig = self
            .store
            .conclusion(r.conclusion)
            .await?
            .filter(|c| c.case_id == case.id)
            .ok_or(Error::NotFound("kết luận"))?;
        let (level, _) = self.signer_level(actor, case)?;
        if (level as i64) <= orig.signer_level {
            return Err(Error::Forbidden(format!(
                "Xem xét lại kết luận {} phải do cấp trên của cấp đã kết luận (cấp {}) thực hiện",
                orig.number, orig.signer_level
            )));
        }
        required_text("grounds", &r.grounds, "ý kiến xem xét lại")?;
        let input = match r.amend {
            Some(amend) => amend,
            None => ConclusionInput {
                category: orig.category.clone(),
                ceiling: orig.ceiling.clone(),
                grounds: String::new(),
                cited: super::stored_json::<Vec<serde_json::Value>>(
                    &format!("phát hiện được viện dẫn của kết luận {}", orig.id),
                    &orig.findings,
                )?
                .iter()
                .filter_map(|f| f["rule_id"].as_str().map(String::from))
                .collect(),
                signed_on: r.signed_on,
                signer_position: String::new(),
                number: None,
            },
        };
        let outcome = if input.category == orig.category && input.ceiling == orig.ceiling { "uphold" } else { "amend" };
        let input = ConclusionInput {
            grounds: r.grounds.clone(),
            signed_on: r.signed_on,
            signer_position: r.signer_position.clone(),
            ..input
        };
        let (mut conclusion, baseline) = self.new_conclusion(env, actor, case, &input)?;
        conclusion.reviews = Some(orig.id);
        conclusion.review_outcome = Some(outcome.into());
        let label = if outcome == "uphold" { "giữ nguyên" } else { "sửa đổi" };
        let event = NewEvent {
            on_date: env.today.to_string(),
            actor: actor.username.clone(),
            step: "review".into(),
            from_stage: None,
            to_stage: None,
            stage_days: None,
            detail: format!("Cấp trên {label} kết luận {}", orig.number),
        };
        let mut w = CaseWrite::new(case, event);
        w.papers = self.conclusion_lines(actor, case, &conclusion).await?;
        w.conclusion = Some(conclusion);
        w.baseline = Some(baseline);
        w.notices.push((
            NoticeTo::Person(case.person_id),
            format!("Cấp trên đã xem xét lại và {label} kết luận {}", orig.number),
        ));
        Ok(self.store.write_case(w).await?)
    }
}

/// The conclusion category of "no political issue" in every pack.
pub const NO_ISSUE: &str = "khong-co-van-de";

/// The certification of item (26) in the standard wording.
pub fn certification_wording(has_issue: bool) -> &'static str {
    if has_issue {
        "Có vấn đề về lịch sử chính trị và chính trị hiện nay"
    } else {
        "Không có vấn đề về lịch sử chính trị và chính trị hiện nay"
    }
}
