//! One vetting case as the officer, the cell and the committee see it: its stages, findings,
//! verification requests with their answers, the notes of each step, the conclusions and the
//! history; and the forms for the steps the viewer's role may take now.

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::format::step_time;
use crate::pages::refusal::Refusal;
use crate::pages::{User, render};
use crate::state::AppState;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bvctnb_app::PersonRecord;
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::{CaseRow, RequestRow};
use bvctnb_app::cases::{answers_of, dmy, evaluation_of, split_points};
use bvctnb_app::secrets::{PaperSource, register_line};
use bvctnb_authz::Action;
use bvctnb_core::case::verify::PointResult;
use bvctnb_core::case::{Stage, Step, stages, steps_at};
use bvctnb_core::due::{case_overdue, parse_stored, request_overdue};
use bvctnb_core::ids::ConclusionId;
use chrono::NaiveDate;
use std::collections::HashMap;

pub use crate::reads::cases::{actor, case_resource, case_target, load_case};

pub struct Dot {
    pub label: &'static str,
    /// done, current, todo
    pub state: &'static str,
}

pub struct FindingView {
    pub rule_id: String,
    pub title: String,
    pub severity: String,
    pub citation: String,
    pub persons: String,
}

pub struct RequestView {
    pub id: i64,
    pub person: String,
    pub place: String,
    pub body: String,
    pub channel: &'static str,
    pub points: Vec<String>,
    pub status: &'static str,
    pub status_code: &'static str,
    pub reason: String,
    pub number: String,
    pub sent_on: String,
    pub carrier: String,
    pub due: String,
    pub overdue: bool,
    pub answered: String,
    pub answers: Vec<(String, &'static str, String, bool)>,
    pub attachments: Vec<(i64, String)>,
    /// Where the letter and the answer are entered in the secret registers ("Vào sổ BMNN đi số 3/2026").
    pub letter_line: String,
    pub answer_line: String,
}

pub struct NoteView {
    pub kind: &'static str,
    pub on: String,
    pub author: String,
    pub text: String,
    pub number: String,
    pub attachments: Vec<(i64, String)>,
}

pub struct ConclusionView {
    pub id: i64,
    pub number: String,
    pub category: String,
    pub ceiling: String,
    pub grounds: String,
    pub signer: String,
    pub signed_on: String,
    pub pack_version: String,
    pub valid_until: String,
    pub review: String,
    pub cited: Vec<String>,
    /// The number of the conclusion that amended and replaced this one, if any.
    pub replaced_by: String,
    /// Whether the viewer's committee is above the one that signed, so may review it.
    pub reviewable: bool,
    /// Where it is entered in the secret registers, if it is.
    pub register: String,
}

pub struct EventView {
    pub at: String,
    pub actor: String,
    pub what: String,
    pub days: String,
}

pub struct CaseView {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub org: String,
    pub kind: &'static str,
    pub kind_code: &'static str,
    pub purpose: String,
    pub stage: &'static str,
    pub stage_code: &'static str,
    pub awaited: &'static str,
    pub due: String,
    pub overdue: bool,
    pub opened: String,
    pub opened_by: String,
    pub pack_version: String,
    pub has_issue: bool,
    pub outcome: String,
    pub open: bool,
    pub explanation_due: String,
}

pub fn channel_label(c: &str) -> &'static str {
    match c {
        "grassroots" => "Cấp ủy cơ sở nơi cư trú, quê quán",
        "abroad" => "Ngoài nước (qua Đảng ủy Ngoài nước)",
        "security" => "Cơ quan an ninh",
        _ => "",
    }
}

fn step_label(code: &str) -> String {
    match code {
        "open" => "Mở hồ sơ".into(),
        "request_add" => "Thêm đề nghị thẩm tra".into(),
        "request_drop" => "Bỏ đề nghị thẩm tra".into(),
        "request_send" => "Gửi đề nghị thẩm tra".into(),
        "request_answer" => "Ghi kết quả thẩm tra".into(),
        "review" => "Cấp trên xem xét lại kết luận".into(),
        other => Step::from_code(other).map_or_else(|| other.to_string(), |s| s.label().to_string()),
    }
}

pub fn case_view(st: &AppState, c: &CaseRow, rec: &PersonRecord) -> CaseView {
    let today = st.today();
    CaseView {
        id: c.id.0,
        person_id: c.person_id.0,
        name: rec.declaration.identity.full_name.clone(),
        org: st.app.tree().path_label(c.org_id),
        kind: c.kind.label(),
        kind_code: c.kind.code(),
        purpose: c.purpose.clone(),
        stage: c.stage.label(),
        stage_code: c.stage.code(),
        awaited: c.stage.awaited(),
        due: c.stage_due.as_deref().map(dmy).unwrap_or_default(),
        overdue: case_overdue(c.stage, c.stage_due.as_deref().and_then(parse_stored), today),
        opened: dmy(&c.opened_on),
        opened_by: c.opened_by.clone(),
        pack_version: c.pack_version.clone(),
        has_issue: c.has_issue,
        outcome: c.outcome.clone().unwrap_or_default(),
        open: c.stage.is_open(),
        explanation_due: c.explanation_due.as_deref().map(dmy).unwrap_or_default(),
    }
}

/// The stages of the case's kind: those it went through are done, those it passed over (no
/// explanation was asked, say) are marked skipped, never done.
pub fn dots(c: &CaseRow, visited: &[Stage]) -> Vec<Dot> {
    let all = stages(c.kind);
    let at = all.iter().position(|s| *s == c.stage).unwrap_or(all.len());
    all.iter()
        .enumerate()
        .map(|(i, s)| Dot {
            label: s.label(),
            state: if i == at && c.stage != Stage::Closed {
                "current"
            } else if c.stage == Stage::Closed || i < at {
                if i == 0 || visited.contains(s) || *s == Stage::Closed { "done" } else { "skipped" }
            } else {
                "todo"
            },
        })
        .collect()
}

pub fn request_view(
    r: &RequestRow,
    today: NaiveDate,
    files: &[(String, i64, String)],
) -> Result<RequestView, WebError> {
    let answers = answers_of(r)?;
    Ok(RequestView {
        id: r.id.0,
        person: r.person_label.clone(),
        place: r.place.clone(),
        body: r.body.clone(),
        channel: channel_label(&r.channel),
        points: split_points(&r.points),
        status: r.status.label(),
        status_code: r.status.code(),
        reason: r.reason.clone(),
        number: r.number.clone().unwrap_or_default(),
        sent_on: r.sent_on.as_deref().map(dmy).unwrap_or_default(),
        carrier: match (&r.carrier_mode, &r.carrier_name) {
            (Some(m), Some(n)) => format!("{}: {n}", m.label()),
            _ => String::new(),
        },
        due: r.due_on.as_deref().map(dmy).unwrap_or_default(),
        overdue: request_overdue(r.status, r.due_on.as_deref().and_then(parse_stored), today),
        answered: match (&r.answered_on, &r.answer_ref) {
            (Some(d), Some(n)) => format!(
                "{n}, ngày {}{}",
                dmy(d),
                r.answer_signer.as_deref().map(|s| format!(" — {s}")).unwrap_or_default()
            ),
            _ => String::new(),
        },
        answers: answers
            .into_iter()
            .map(|a| (a.point, a.result.label(), a.detail, a.result != PointResult::Matches))
            .collect(),
        attachments: files.iter().filter(|f| f.0 == format!("request:{}", r.id)).map(|f| (f.1, f.2.clone())).collect(),
        letter_line: String::new(),
        answer_line: String::new(),
    })
}

/// "Vào sổ BMNN đi số 3/2026" for one of the case's papers, or empty when it is in no register.
async fn line_of(st: &AppState, source: PaperSource) -> Result<String, WebError> {
    Ok(st.app.paper_registered(source).await?.map(|l| register_line(&l)).unwrap_or_default())
}

#[derive(Template)]
#[template(path = "cases/show.html")]
pub struct CasePage {
    pub c: Chrome,
    pub v: CaseView,
    pub dots: Vec<Dot>,
    pub findings: Vec<FindingView>,
    pub requests: Vec<RequestView>,
    pub notes: Vec<NoteView>,
    pub conclusions: Vec<ConclusionView>,
    pub events: Vec<EventView>,
    pub steps: Vec<&'static str>,
    pub can_handle: bool,
    pub can_comment: bool,
    pub can_decide: bool,
    pub categories: Vec<(String, String)>,
    pub ceilings: Vec<(String, String)>,
    /// Who must conclude when no category is within the viewer's level.
    pub above: String,
    /// The subject and each relative, for a new request: `(value, label)`.
    pub people: Vec<(String, String)>,
    pub today: String,
    pub rf: Refusal,
    /// The results a verified point may have: `(code, label)`.
    pub results: Vec<(&'static str, &'static str)>,
}

impl CasePage {
    pub fn has_step(&self, code: &str) -> bool {
        self.steps.contains(&code)
    }

    /// Requests not sent yet, which "send all" sends.
    pub fn planned(&self) -> usize {
        self.requests.iter().filter(|r| r.status_code == "planned").count()
    }

    /// Letters sent with a number, which print together.
    pub fn letters(&self) -> usize {
        self.requests.iter().filter(|r| !r.number.is_empty()).count()
    }

    /// A refusal of a request's form is shown beside that request, not at the top.
    /// The request whose form was refused stays open.
    pub fn open_req(&self, id: &i64) -> bool {
        self.rf.at(&format!("r{id}"))
    }
}

/// The case page, with an error at the form `error_form` when a step was refused.
pub async fn case_page(
    st: &AppState,
    u: &User,
    case: &CaseRow,
    rec: &PersonRecord,
    refusal: Refusal,
) -> Result<Response, WebError> {
    let a = &u.access;
    let store = &st.app;
    let today = st.today();
    let files: Vec<(String, i64, String)> =
        store.case_attachments(case.id).await?.into_iter().map(|f| (f.owner, f.id.0, f.file_name)).collect();
    let mut requests = Vec::new();
    for r in store.case_requests(case.id).await? {
        let mut v = request_view(&r, today, &files)?;
        if r.number.is_some() {
            v.letter_line = line_of(st, PaperSource::Letter(r.id)).await?;
        }
        if r.answered_on.is_some() {
            v.answer_line = line_of(st, PaperSource::Answer(r.id)).await?;
        }
        requests.push(v);
    }
    let notes = store
        .case_notes(case.id)
        .await?
        .into_iter()
        .map(|n| NoteView {
            kind: n.kind.label(),
            on: dmy(&n.on_date),
            author: n.author_name,
            text: n.text,
            number: n.number.unwrap_or_default(),
            attachments: files.iter().filter(|f| f.0 == format!("note:{}", n.id)).map(|f| (f.1, f.2.clone())).collect(),
        })
        .collect();
    let concl = store.case_conclusions(case.id).await?;
    let numbers: HashMap<ConclusionId, String> = concl.iter().map(|c| (c.id, c.number.clone())).collect();
    let replaced: HashMap<ConclusionId, String> = concl
        .iter()
        .filter(|c| c.review_outcome.as_deref() == Some("amend"))
        .filter_map(|c| c.reviews.map(|r| (r, c.number.clone())))
        .collect();
    let tree = st.app.tree();
    let above = |issuer| a.scope().is_some_and(|s| s != issuer && tree.ancestors(issuer).contains(&s));
    let mut conclusions: Vec<ConclusionView> = concl
        .iter()
        .map(|c| ConclusionView {
            id: c.id.0,
            number: c.number.clone(),
            category: c.category_title.clone(),
            ceiling: c.ceiling_title.clone().unwrap_or_default(),
            grounds: c.grounds.clone(),
            signer: format!("{} — {}", c.signer_position, c.signer_name),
            signed_on: dmy(&c.signed_on),
            pack_version: c.pack_version.clone(),
            valid_until: c.valid_until.as_deref().map(dmy).unwrap_or_default(),
            review: match (c.reviews, c.review_outcome.as_deref()) {
                (Some(r), Some(o)) => format!(
                    "Xem xét lại kết luận {}: {}",
                    numbers.get(&r).cloned().unwrap_or_default(),
                    if o == "uphold" { "giữ nguyên" } else { "sửa đổi" }
                ),
                _ => String::new(),
            },
            replaced_by: replaced.get(&c.id).cloned().unwrap_or_default(),
            reviewable: above(c.issuer_org),
            cited: serde_json::from_str::<Vec<serde_json::Value>>(&c.findings)
                .unwrap_or_default()
                .iter()
                .filter_map(|f| f["title"].as_str().map(String::from))
                .collect(),
            register: String::new(),
        })
        .collect();
    for (v, c) in conclusions.iter_mut().zip(&concl) {
        v.register = line_of(st, PaperSource::Conclusion(c.id)).await?;
    }
    let history = store.case_events(case.id).await?;
    let visited: Vec<Stage> = history.iter().filter_map(|e| e.to_stage).collect();
    let events = history
        .into_iter()
        .map(|e| EventView {
            at: step_time(&e.on_date, &e.at),
            actor: e.actor,
            what: match (e.from_stage, e.to_stage) {
                (Some(f), Some(t)) if f != t => format!("{}: {} → {}", step_label(&e.step), f.label(), t.label()),
                _ if e.detail.is_empty() => step_label(&e.step),
                _ => format!("{}: {}", step_label(&e.step), e.detail),
            },
            days: e.stage_days.map(|d| format!("{d} ngày làm việc")).unwrap_or_default(),
        })
        .collect();
    let findings = evaluation_of(case)?
        .findings
        .iter()
        .map(|f| FindingView {
            rule_id: f.rule_id.clone(),
            title: f.title.clone(),
            severity: f.severity.label().to_string(),
            citation: f.citation.to_string(),
            persons: f.triggers.iter().map(|t| t.person.label()).collect::<Vec<_>>().join("; "),
        })
        .collect();
    let r = case_resource(st, case);
    let d: Vec<bool> = st
        .authz
        .check_many(&a.principal, &[(Action::HandleCase, &r), (Action::CommentCase, &r), (Action::DecideCase, &r)])
        .into_iter()
        .map(|d| d.allowed)
        .collect();
    let choices = st.app.conclusion_choices(&actor(a), case)?;
    let status = if refusal.any() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = CasePage {
        c: u.chrome(st, format!("Hồ sơ thẩm tra #{}", case.id), "/cases"),
        v: case_view(st, case, rec),
        dots: dots(case, &visited),
        findings,
        requests,
        notes,
        conclusions,
        events,
        steps: steps_at(case.kind, case.stage).into_iter().map(|s| s.code()).collect(),
        can_handle: d[0],
        can_comment: d[1],
        can_decide: d[2],
        categories: choices.categories,
        ceilings: choices.ceilings,
        above: choices.above.unwrap_or_default(),
        people: std::iter::once((
            "subject".to_string(),
            format!("Người được thẩm tra: {}", rec.declaration.identity.full_name),
        ))
        .chain(
            rec.declaration
                .family
                .iter()
                .enumerate()
                .map(|(i, r)| (i.to_string(), bvctnb_app::rules::PersonRef::of(r).label())),
        )
        .collect(),
        today: st.today().format("%d/%m/%Y").to_string(),
        rf: refusal,
        results: PointResult::ALL.iter().map(|p| (p.code(), p.label())).collect(),
    };
    a.record(st, &case_target("case.read", case), Outcome::Ok, "").await?;
    Ok((status, render(&page)).into_response())
}
