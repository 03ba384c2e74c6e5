//! The case state machines (DOMAIN §5.1–5.2). Each case kind walks its own sequence of stages;
//! a step is legal only from the stage it belongs to and only once what it depends on has
//! happened. A refused step says what must happen first, in words an officer reads.

use crate::case_kind::CaseKind;

coded_enum! {
    /// Where a case stands: the step it is waiting for.
    Stage {
        Intake = "intake" => "Tiếp nhận, kiểm tra hồ sơ",
        Verification = "verification" => "Thẩm tra, xác minh",
        CellComment = "cell_comment" => "Nhận xét của chi bộ (mục 25)",
        Appraisal = "appraisal" => "Thẩm định, đánh giá",
        Explanation = "explanation" => "Giải trình của người được thẩm tra",
        Conclusion = "conclusion" => "Kết luận của cấp có thẩm quyền",
        Certification = "certification" => "Chứng nhận của cấp ủy cơ sở (mục 26)",
        Decision = "decision" => "Quyết định",
        Closed = "closed" => "Đã kết thúc",
        Withdrawn = "withdrawn" => "Đã dừng",
    }
}

coded_enum! {
    /// What a note of a case records, as shown in its history.
    NoteKind {
        Seal = "seal" => "Kiểm tra, đóng dấu giáp lai",
        Accept = "accept" => "Tiếp nhận hồ sơ",
        CellComment = "cell_comment" => "Nhận xét của chi bộ (mục 25)",
        Appraisal = "appraisal" => "Kết quả thẩm định",
        ExplanationRequest = "explanation_request" => "Yêu cầu giải trình",
        Explanation = "explanation" => "Giải trình của người được thẩm tra",
        NoExplanation = "no_explanation" => "Chuyển kết luận khi quá hạn giải trình",
        Certification = "certification" => "Chứng nhận của cấp ủy cơ sở (mục 26)",
        Decision = "decision" => "Quyết định",
        Withdrawal = "withdrawal" => "Dừng hồ sơ",
        Return = "return" => "Cấp có thẩm quyền trả lại để thẩm tra thêm",
        Refusal = "refusal" => "Cấp có thẩm quyền không chấp thuận",
    }
}

coded_enum! {
    /// What a named person does to a case.
    Step {
        Seal = "seal" => "Kiểm tra, đóng dấu giáp lai lý lịch",
        Accept = "accept" => "Tiếp nhận hồ sơ",
        FinishVerification = "finish_verification" => "Kết thúc thẩm tra",
        Comment = "comment" => "Ghi nhận xét của chi bộ (mục 25)",
        Appraise = "appraise" => "Ghi kết quả thẩm định",
        AskExplanation = "ask_explanation" => "Yêu cầu giải trình",
        Explain = "explain" => "Nộp bản giải trình",
        ProceedWithoutExplanation = "proceed_without_explanation" => "Chuyển kết luận khi quá hạn giải trình",
        Conclude = "conclude" => "Ghi kết luận",
        Return = "return" => "Trả lại để thẩm tra thêm",
        Refuse = "refuse" => "Không chấp thuận",
        Certify = "certify" => "Chứng nhận (mục 26)",
        Decide = "decide" => "Ghi quyết định",
        Withdraw = "withdraw" => "Dừng hồ sơ",
    }
}

impl Stage {
    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Closed | Stage::Withdrawn)
    }

    /// What the case waits for, as the subject reads it on "Hồ sơ của tôi".
    pub fn awaited(self) -> &'static str {
        match self {
            Stage::Intake => "Chi bộ, cấp ủy cơ sở kiểm tra và đóng dấu giáp lai lý lịch",
            Stage::Verification => "Các nơi được đề nghị trả lời kết quả thẩm tra",
            Stage::CellComment => "Bí thư chi bộ ghi nhận xét",
            Stage::Appraisal => "Cơ quan tham mưu thẩm định, đánh giá",
            Stage::Explanation => "Giải trình của đồng chí về những điểm được nêu",
            Stage::Conclusion => "Cấp có thẩm quyền xem xét, kết luận",
            Stage::Certification => "Cấp ủy cơ sở chứng nhận",
            Stage::Decision => "Cấp có thẩm quyền ra quyết định",
            Stage::Closed | Stage::Withdrawn => "Không còn việc chờ",
        }
    }
}

/// The stages a kind of case passes through, in order. Explanation and conclusion are entered
/// only where an issue was found (admission) or always lead to a conclusion (the others).
pub fn stages(kind: CaseKind) -> &'static [Stage] {
    use Stage::*;
    match kind {
        CaseKind::Admission => {
            &[Intake, Verification, CellComment, Explanation, Conclusion, Certification, Decision, Closed]
        }
        CaseKind::Committee | CaseKind::KeyCadre | CaseKind::KeyPost | CaseKind::Candidacy => {
            &[Intake, Verification, Appraisal, Explanation, Conclusion, Decision, Closed]
        }
        CaseKind::PoliticalIssue | CaseKind::Review => {
            &[Intake, Verification, Appraisal, Explanation, Conclusion, Closed]
        }
    }
}

/// What the guards of the state machine look at. The caller gathers it from the store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Verification requests neither answered, dropped nor marked not required, by label.
    pub open_requests: Vec<String>,
    /// A finding, a differing answer or the officer found an issue to be explained and concluded.
    pub has_issue: bool,
    pub conclusion_recorded: bool,
    pub explanation_asked: bool,
    pub explanation_overdue: bool,
}

/// A step refused, with what must happen first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Chưa thể «{step}»: {reason}")]
pub struct Refusal {
    pub step: &'static str,
    pub reason: String,
}

fn refuse(step: Step, reason: impl Into<String>) -> Refusal {
    Refusal { step: step.label(), reason: reason.into() }
}

/// The stage after `step`, or why the step cannot be taken now.
pub fn advance(kind: CaseKind, stage: Stage, step: Step, f: &Facts) -> Result<Stage, Refusal> {
    use Stage as S;
    use Step as T;
    let admission = kind == CaseKind::Admission;
    if !stage.is_open() {
        return Err(refuse(step, format!("hồ sơ đã ở trạng thái «{}»", stage.label())));
    }
    let next = match (stage, step) {
        (_, T::Withdraw) => S::Withdrawn,
        (S::Intake, T::Seal) if admission => S::Verification,
        (S::Intake, T::Accept) if !admission => S::Verification,
        (S::Intake, T::Seal) => {
            return Err(refuse(step, "chỉ hồ sơ kết nạp mới đóng dấu giáp lai; dùng «Tiếp nhận hồ sơ»"));
        }
        (S::Intake, T::Accept) => {
            return Err(refuse(step, "hồ sơ kết nạp phải được chi bộ, cấp ủy cơ sở kiểm tra và đóng dấu giáp lai"));
        }
        (S::Verification, T::FinishVerification) => {
            if !f.open_requests.is_empty() {
                return Err(refuse(
                    step,
                    format!(
                        "còn {} đề nghị thẩm tra chưa có kết quả ({}); ghi kết quả trả lời hoặc bỏ đề nghị (nêu lý do) trước",
                        f.open_requests.len(),
                        f.open_requests.join("; ")
                    ),
                ));
            }
            if admission { S::CellComment } else { S::Appraisal }
        }
        (S::CellComment, T::Comment) if admission => {
            if f.has_issue {
                S::Explanation
            } else {
                S::Certification
            }
        }
        (S::Appraisal, T::Appraise) if !admission => {
            if f.has_issue {
                S::Explanation
            } else {
                S::Conclusion
            }
        }
        (S::Explanation, T::AskExplanation) => {
            if f.explanation_asked {
                return Err(refuse(step, "đã yêu cầu giải trình; chờ người được thẩm tra nộp bản giải trình"));
            }
            S::Explanation
        }
        (S::Explanation, T::Explain) => {
            if !f.explanation_asked {
                return Err(refuse(step, "cơ quan tham mưu chưa yêu cầu giải trình"));
            }
            S::Conclusion
        }
        (S::Explanation, T::ProceedWithoutExplanation) => {
            if !f.explanation_asked {
                return Err(refuse(step, "phải yêu cầu người được thẩm tra giải trình trước"));
            }
            if !f.explanation_overdue {
                return Err(refuse(step, "chưa hết hạn giải trình; người được thẩm tra vẫn có quyền giải trình"));
            }
            S::Conclusion
        }
        (S::Conclusion, T::Conclude) => match kind {
            CaseKind::Admission => S::Certification,
            CaseKind::Committee | CaseKind::KeyCadre | CaseKind::KeyPost | CaseKind::Candidacy => S::Decision,
            CaseKind::PoliticalIssue | CaseKind::Review => S::Closed,
        },
        // The signer is not bound to sign: what was verified may not be enough, or the answer is no.
        (S::Conclusion, T::Return) => S::Verification,
        (S::Conclusion, T::Refuse) => S::Closed,
        (S::Certification, T::Certify) => {
            if f.has_issue && !f.conclusion_recorded {
                return Err(refuse(step, "hồ sơ có vấn đề: cấp có thẩm quyền phải kết luận trước khi chứng nhận"));
            }
            S::Decision
        }
        (S::Decision, T::Decide) => {
            if (f.has_issue || !admission) && !f.conclusion_recorded {
                return Err(refuse(step, "phải có kết luận của cấp có thẩm quyền trước khi ra quyết định"));
            }
            S::Closed
        }
        (_, T::Certify) if stage != S::Certification && admission && f.has_issue && !f.conclusion_recorded => {
            return Err(refuse(step, "hồ sơ có vấn đề: cấp có thẩm quyền phải kết luận trước khi chứng nhận"));
        }
        (_, T::Decide) if f.has_issue && !f.conclusion_recorded => {
            return Err(refuse(step, "phải có kết luận của cấp có thẩm quyền trước khi ra quyết định"));
        }
        _ => {
            return Err(refuse(
                step,
                format!("hồ sơ đang ở bước «{}»; việc cần làm trước: {}", stage.label(), stage.awaited()),
            ));
        }
    };
    Ok(next)
}

/// The steps that make sense at `stage`, for the buttons of the case page.
pub fn steps_at(kind: CaseKind, stage: Stage) -> Vec<Step> {
    Step::ALL
        .iter()
        .copied()
        .filter(|&s| s != Step::Withdraw)
        .filter(|&s| {
            let loose =
                Facts { explanation_asked: s != Step::AskExplanation, explanation_overdue: true, ..Facts::default() };
            let issue = Facts { has_issue: true, conclusion_recorded: true, ..loose.clone() };
            advance(kind, stage, s, &loose).is_ok() || advance(kind, stage, s, &issue).is_ok()
        })
        .collect()
}

#[cfg(test)]
mod tests;
