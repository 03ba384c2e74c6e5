//! The case workflow: opening a case with the pack's findings and verification plan, the
//! verification requests and their answers, each step of the state machine with its deadline,
//! notices to whoever acts next, and the conclusion by a signer with the authority the pack
//! requires. Who may act at all is cedar's business (web layer); what the regulations and the
//! state machine allow is decided here, so the CLI and the API get the same refusals.

mod clocks;
mod reads;
mod requests;
mod signer;
mod steps;

pub use reads::*;

pub use clocks::{Clock, clocks};
pub use requests::{AnswerInput, NewRequestInput, SendInput};
pub use signer::ConclusionChoices;
pub use steps::{ConclusionInput, DecisionInput, NO_ISSUE, ReviewInput};

use crate::App;
use bvctnb_core::Declaration;
use bvctnb_core::access::Role;
use bvctnb_core::calendar::Calendar;
use bvctnb_core::case::verify::{PointResult, RequestStatus};
use bvctnb_core::case::{Deadlines, Stage};
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{CaseId, OrgId, PersonId, RequestId};
use bvctnb_core::travel::TravelFlag;
use bvctnb_rules::LoadedPack;
use bvctnb_rules::eval::{Evaluation, Input, evaluate};
use bvctnb_rules::facts::{Answer, PersonRef};
use bvctnb_rules::model::Severity;
use bvctnb_store::PersonRecord;
use bvctnb_store::cases::{NewCase, NoticeTo};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::{Error, Result};

pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Error {
    Error::invalid(field, message)
}

/// What every case operation needs besides the store: the packs, the calendar, the deadline
/// table and the day it is.
pub(crate) struct CaseEnv<'a> {
    pub packs: &'a [LoadedPack],
    pub calendar: &'a Calendar,
    pub deadlines: &'a Deadlines,
    pub today: NaiveDate,
}

impl CaseEnv<'_> {
    fn pack_for(&self, tag: &str) -> Option<&LoadedPack> {
        self.packs.iter().find(|p| p.version_tag() == tag).or_else(|| self.current())
    }

    fn current(&self) -> Option<&LoadedPack> {
        bvctnb_rules::current(self.packs)
    }

    fn due(&self, kind: CaseKind, stage: Stage) -> Option<String> {
        self.deadlines.due(self.calendar, kind, stage, self.today).map(|d| d.to_string())
    }

    fn days_since(&self, since: &str) -> Option<i64> {
        let from = since.parse::<NaiveDate>().ok()?;
        Some(self.calendar.working_days_between(from, self.today))
    }
}

/// The named person acting: their account, role and where they work.
#[derive(Debug, Clone)]
pub struct Actor {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub scope: Option<OrgId>,
    pub person: Option<PersonId>,
}

/// One requested point's answer, as stored in a request's `answers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointAnswer {
    pub point: String,
    pub result: PointResult,
    #[serde(default)]
    pub detail: String,
}

/// The points a request asks about ("lịch sử chính trị; chính trị hiện nay").
pub fn split_points(points: &str) -> Vec<String> {
    points.split(';').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect()
}

/// A JSON column read back; what does not parse is corrupt data, never a default.
pub(crate) fn stored_json<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| Error::Corrupt(format!("{what}: {e}")))
}

/// Whom the request verifies, as the rules name them.
pub fn person_ref(r: &RequestRow) -> Result<PersonRef> {
    stored_json(&format!("người được thẩm tra của công văn {}", r.id), &r.person_ref)
}

pub fn answers_of(r: &RequestRow) -> Result<Vec<PointAnswer>> {
    stored_json(&format!("kết quả trả lời của công văn {}", r.id), &r.answers)
}

pub fn evaluation_of(c: &CaseRow) -> Result<Evaluation> {
    stored_json(&format!("kết quả đối chiếu quy định của hồ sơ {}", c.id), &c.evaluation)
}

/// The answers of item (24) as the rules read them: a point that matches or differs; a point
/// that could not be verified is neither and is left to the officer.
fn rule_answers(requests: &[RequestRow]) -> Result<Vec<Answer>> {
    let mut out = Vec::new();
    for r in requests.iter().filter(|r| r.status == RequestStatus::Answered) {
        let person = person_ref(r)?;
        let source = format!(
            "Trả lời thẩm tra {} ({})",
            r.answer_ref.as_deref().unwrap_or("không số"),
            r.answered_on.as_deref().map(crate::cases::dmy).unwrap_or_default()
        );
        for a in answers_of(r)? {
            if a.result == PointResult::CannotVerify {
                continue;
            }
            out.push(Answer {
                person: person.clone(),
                point: a.point,
                matches: a.result == PointResult::Matches,
                detail: a.detail,
                source: source.clone(),
            });
        }
    }
    Ok(out)
}

/// "2026-02-05" → "05/02/2026"; anything else unchanged.
pub fn dmy(iso: &str) -> String {
    match iso.parse::<NaiveDate>() {
        Ok(d) => d.format("%d/%m/%Y").to_string(),
        Err(_) => iso.to_string(),
    }
}

fn has_issue(eval: &Evaluation, requests: &[RequestRow]) -> Result<bool> {
    if eval.max_severity().is_some_and(|s| s >= Severity::Review) {
        return Ok(true);
    }
    for r in requests {
        if answers_of(r)?.iter().any(|a| a.result == PointResult::Differs) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The pack's findings on the declaration, the answers so far and the person's going-abroad
/// lapses (which come from the trip register, not the dossier).
fn evaluate_case(
    pack: &LoadedPack,
    d: &Declaration,
    requests: &[RequestRow],
    flags: &[TravelFlag],
    kind: CaseKind,
    today: NaiveDate,
) -> Result<Evaluation> {
    let answers = rule_answers(requests)?;
    let e = evaluate(&pack.pack, &Input { declaration: d, answers: &answers, kind, as_of: today, with_plan: true });
    Ok(bvctnb_rules::with_travel(e, &pack.pack, flags))
}

/// Who acts at an open stage and what they do there: the one table behind the notices sent
/// when a case reaches the stage and the task lists that show it until the step is taken.
pub fn stage_work(stage: Stage) -> Option<(Role, &'static str)> {
    Some(match stage {
        Stage::Intake => (Role::CellSecretary, "Kiểm tra, đóng dấu giáp lai lý lịch"),
        Stage::Verification => (Role::Officer, "Gửi đề nghị thẩm tra lý lịch, theo dõi trả lời"),
        Stage::CellComment => (Role::CellSecretary, "Ghi nhận xét (mục 25)"),
        Stage::Appraisal => (Role::Officer, "Thẩm định hồ sơ"),
        Stage::Explanation => (Role::Officer, "Yêu cầu giải trình, theo dõi hạn giải trình"),
        Stage::Conclusion => (Role::Committee, "Kết luận về tiêu chuẩn chính trị"),
        Stage::Certification => (Role::Committee, "Chứng nhận (mục 26)"),
        Stage::Decision => (Role::Committee, "Ra quyết định"),
        Stage::Closed | Stage::Withdrawn => return None,
    })
}

/// Whom the notice of a stage goes to.
fn notice_for(case_org: OrgId, person: PersonId, stage: Stage, name: &str) -> Vec<(NoticeTo, String)> {
    match stage_work(stage) {
        Some((role, work)) => {
            vec![(NoticeTo::Role { role: role.code().to_string(), org: case_org }, format!("{work}: {name}"))]
        }
        None => vec![(NoticeTo::Person(person), format!("Hồ sơ của đồng chí đã ở trạng thái «{}»", stage.label()))],
    }
}

pub(crate) fn blank_row(by: &str) -> RequestRow {
    RequestRow {
        id: RequestId(0),
        case_id: CaseId(0),
        person_ref: String::new(),
        person_label: String::new(),
        place: String::new(),
        body: String::new(),
        channel: String::new(),
        points: String::new(),
        status: RequestStatus::Planned,
        reason: String::new(),
        number: None,
        sent_on: None,
        carrier_mode: None,
        carrier_name: None,
        carrier_person: None,
        due_on: None,
        answered_on: None,
        answer_ref: None,
        answer_signer: None,
        answers: "[]".into(),
        created_by: by.into(),
    }
}

fn request_rows(eval: &Evaluation, by: &str) -> Vec<RequestRow> {
    let row = |person: &PersonRef, status, reason: String| RequestRow {
        person_ref: serde_json::to_string(person).unwrap_or_default(),
        person_label: person.label(),
        status,
        reason,
        ..blank_row(by)
    };
    let mut out = Vec::new();
    for l in &eval.plan {
        let channel =
            serde_json::to_value(l.channel).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        let reason = format!("Theo kế hoạch thẩm tra của gói quy định ({})", l.reasons.join(", "));
        // The pack names the kind of body; the place usually names the very committee.
        let body = match l.channel {
            bvctnb_rules::model::Channel::Grassroots => {
                bvctnb_core::case::verify::grassroots_body(&l.place).unwrap_or_else(|| l.body.clone())
            }
            _ => l.body.clone(),
        };
        out.push(RequestRow {
            place: l.place.clone(),
            body,
            channel,
            points: l.points.clone(),
            ..row(&l.person, RequestStatus::Planned, reason)
        });
    }
    for s in &eval.not_verified {
        out.push(row(&s.person, RequestStatus::NotRequired, s.reason.clone()));
    }
    out
}

impl App {
    pub(crate) fn case_env(&self) -> CaseEnv<'_> {
        let r = &self.rules;
        CaseEnv { packs: &r.packs, calendar: &r.calendar, deadlines: &r.deadlines, today: self.today() }
    }

    /// Opens a case on a person's current declaration: the pack in force evaluates it, and for
    /// an admission its verification plan becomes the case's requests.
    pub async fn open_case(
        &self,
        actor: &Actor,
        person: &PersonRecord,
        kind: CaseKind,
        purpose: &str,
    ) -> Result<CaseRow> {
        let env = &self.case_env();
        let purpose = purpose.trim();
        if !kind.fits(person.status) {
            return Err(invalid(
                "kind",
                format!("hồ sơ «{}» không dùng cho {}", kind.label(), person.status.label().to_lowercase()),
            ));
        }
        if purpose.is_empty() && kind != CaseKind::Admission {
            return Err(invalid("purpose", "Phải ghi chức vụ, vị trí hoặc lý do thẩm định"));
        }
        let pack = env.current().ok_or(Error::NotFound("gói quy định đang có hiệu lực"))?;
        let flags = self.flags_of_person(person.id).await?;
        let eval = evaluate_case(pack, &person.declaration, &[], &flags, kind, env.today)?;
        let requests = if matches!(kind, CaseKind::Admission) || !eval.plan.is_empty() {
            request_rows(&eval, &actor.username)
        } else {
            Vec::new()
        };
        let name = &person.declaration.identity.full_name;
        let new = NewCase {
            kind,
            person_id: person.id,
            org_id: person.org_id,
            purpose: if purpose.is_empty() { kind.label().to_string() } else { purpose.to_string() },
            stage_due: env.due(kind, Stage::Intake),
            has_issue: has_issue(&eval, &[])?,
            pack_version: pack.version_tag(),
            evaluation: serde_json::to_string(&eval).unwrap_or_default(),
            declaration_version: person.version,
            opened_on: env.today.to_string(),
            opened_by: actor.username.clone(),
        };
        let mut notices = notice_for(person.org_id, person.id, Stage::Intake, name);
        notices.push((NoticeTo::Person(person.id), format!("Đã mở hồ sơ «{}» của đồng chí", kind.label())));
        Ok(self.store.create_case(&new, requests, notices).await?)
    }

    pub async fn case_or_404(&self, id: CaseId) -> Result<CaseRow> {
        self.store.case(id).await?.ok_or(Error::NotFound("hồ sơ thẩm tra"))
    }
}
