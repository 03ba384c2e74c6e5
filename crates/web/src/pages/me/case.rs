//! Due process on "Hồ sơ của tôi": the subject follows each of their cases (stage, due date,
//! what is awaited) and explains when asked, with attachments. Verification letters, answers,
//! findings and their sources are never shown here: they name the people who gave them.

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::pages::cases::view::{Dot, actor, case_resource, case_target, dots};
use crate::pages::fields::{get, read_multipart};
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::CaseRow;
use bvctnb_app::cases::dmy;
use bvctnb_authz::Action;
use bvctnb_core::case::NoteKind;
use bvctnb_core::case::Stage;
use bvctnb_core::ids::CaseId;

/// One of the subject's cases, as they may see it.
pub struct OwnCase {
    pub id: i64,
    pub kind: &'static str,
    pub purpose: String,
    pub stage: &'static str,
    pub awaited: &'static str,
    pub due: String,
    pub opened: String,
    pub outcome: String,
    pub open: bool,
}

pub fn own_case(c: &CaseRow) -> OwnCase {
    OwnCase {
        id: c.id.0,
        kind: c.kind.label(),
        purpose: c.purpose.clone(),
        stage: c.stage.label(),
        awaited: c.stage.awaited(),
        due: c.stage_due.as_deref().map(dmy).unwrap_or_default(),
        opened: dmy(&c.opened_on),
        outcome: c.outcome.clone().unwrap_or_default(),
        open: c.stage.is_open(),
    }
}

/// One explanation sent: date, text, and the attached files `(id, name)`.
pub struct Explanation {
    pub on: String,
    pub text: String,
    pub files: Vec<(i64, String)>,
}

#[derive(Template)]
#[template(path = "me/case.html")]
struct OwnCasePage {
    c: Chrome,
    v: OwnCase,
    dots: Vec<Dot>,
    /// What the officer asked to be explained, and by when.
    asked: String,
    asked_due: String,
    can_explain: bool,
    explanations: Vec<Explanation>,
    conclusions: Vec<(String, String, String)>,
    error: String,
    typed: String,
    sent: bool,
}

async fn load_own(st: &AppState, u: &User, id: CaseId, action: Action, audit_as: &str) -> Result<CaseRow, WebError> {
    let case = st.app.case(id).await?.ok_or_else(|| WebError::not_found("hồ sơ thẩm tra"))?;
    u.access.require(st, action, &case_resource(st, &case), &case_target(audit_as, &case)).await?;
    Ok(case)
}

async fn page(st: &AppState, u: &User, case: &CaseRow, error: String, typed: String, sent: bool) -> PageResult {
    let store = &st.app;
    let notes = store.case_notes(case.id).await?;
    let files = store.case_attachments(case.id).await?;
    let asked = notes.iter().rev().find(|n| n.kind == NoteKind::ExplanationRequest);
    let explanations = notes
        .iter()
        .filter(|n| n.kind == NoteKind::Explanation)
        .map(|n| {
            let own: Vec<_> = files
                .iter()
                .filter(|f| f.owner == format!("note:{}", n.id))
                .map(|f| (f.id.0, f.file_name.clone()))
                .collect();
            Explanation { on: dmy(&n.on_date), text: n.text.clone(), files: own }
        })
        .collect();
    let conclusions = store
        .case_conclusions(case.id)
        .await?
        .into_iter()
        .map(|c| (c.number, dmy(&c.signed_on), c.category_title))
        .collect();
    let visited: Vec<_> = store.case_events(case.id).await?.into_iter().filter_map(|e| e.to_stage).collect();
    let status = if error.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let p = OwnCasePage {
        c: u.chrome(st, "Hồ sơ thẩm tra của tôi", "/me"),
        v: own_case(case),
        dots: dots(case, &visited),
        asked: asked.map(|n| n.text.clone()).unwrap_or_default(),
        asked_due: case.explanation_due.as_deref().map(dmy).unwrap_or_default(),
        can_explain: case.stage == Stage::Explanation && case.explanation_asked,
        explanations,
        conclusions,
        error,
        typed,
        sent,
    };
    u.access.record(st, &case_target("self.case", case), Outcome::Ok, "").await?;
    Ok((status, render(&p)).into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct ShowParams {
    #[serde(default)]
    sent: Option<String>,
}

pub async fn show(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<CaseId>,
    axum::extract::Query(q): axum::extract::Query<ShowParams>,
) -> PageResult {
    let case = load_own(&st, &u, id, Action::ViewOwnCase, "self.case").await?;
    page(&st, &u, &case, String::new(), String::new(), q.sent.is_some()).await
}

pub async fn explain(State(st): State<AppState>, u: User, Path(id): Path<CaseId>, mp: Multipart) -> PageResult {
    let case = load_own(&st, &u, id, Action::ExplainOwnCase, "self.explain").await?;
    let (f, files) = read_multipart(mp, "note:new").await?;
    let text = get(&f, "text");
    let who = actor(&u.access);
    let explaining = st.app.explain(&who, &case, &text, files);
    match u.access.write(&st, &case_target("self.explain", &case), "", explaining).await {
        Ok(_) => Ok(Redirect::to(&format!("/me/cases/{id}?sent=1")).into_response()),
        Err(e) => {
            let msg = match &e {
                WebError::Invalid(f) => f.0.iter().map(|x| x.message.clone()).collect::<Vec<_>>().join("; "),
                other => other.to_string(),
            };
            u.access.record(&st, &case_target("self.explain", &case), Outcome::Failed, &msg).await?;
            let mut resp = page(&st, &u, &case, msg, text, false).await?;
            *resp.status_mut() = e.status();
            Ok(resp)
        }
    }
}
