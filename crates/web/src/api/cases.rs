//! Vetting cases, read through the API with the pages' authorization and audit: one case with
//! its requests, notes and conclusions; the cases of an organisation subtree; and the caller's
//! own cases as the subject sees them (stage, due date, what is awaited, outcome).

use super::{ApiResult, ApiUser};
use crate::access::{Target, org_resource};
use crate::error::{ErrorEnvelope, WebError};
use crate::reads::cases::{case_resource, case_target, load_case};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::{CaseFilter, CaseRow, CaseWindow, ConclusionRow, NoteRow, RequestRow};
use bvctnb_authz::Action;
use bvctnb_core::ids::OrgId;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct CaseOut {
    /// The case: kind, stage, due date, pack version, the rules' evaluation (JSON text).
    #[schema(value_type = Object)]
    pub case: CaseRow,
    #[schema(value_type = Vec<Object>)]
    pub requests: Vec<RequestRow>,
    #[schema(value_type = Vec<Object>)]
    pub notes: Vec<NoteRow>,
    #[schema(value_type = Vec<Object>)]
    pub conclusions: Vec<ConclusionRow>,
}

#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "hồ sơ thẩm tra", params(("id" = i64, Path)), responses((status = 200, body = CaseOut), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn get_case(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<bvctnb_core::ids::CaseId>,
) -> ApiResult<CaseOut> {
    let (case, _) = load_case(&st, &a, id, Action::ViewCase, "case.read").await?;
    let store = &st.app;
    let out = CaseOut {
        requests: store.case_requests(case.id).await?,
        notes: store.case_notes(case.id).await?,
        conclusions: store.case_conclusions(case.id).await?,
        case,
    };
    a.record(&st, &case_target("case.read", &out.case), Outcome::Ok, "api").await?;
    Ok(Json(out))
}

#[derive(Serialize, ToSchema)]
pub struct CaseBrief {
    pub id: i64,
    pub person_id: i64,
    pub full_name: String,
    pub kind: String,
    pub purpose: String,
    pub stage: String,
    pub stage_due: Option<String>,
    pub opened_on: String,
}

#[utoipa::path(get, path = "/api/v1/orgs/{id}/cases", tag = "hồ sơ thẩm tra", params(("id" = i64, Path)), responses((status = 200, body = [CaseBrief]), (status = 403, body = ErrorEnvelope)))]
pub async fn org_cases(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(org): Path<OrgId>,
) -> ApiResult<Vec<CaseBrief>> {
    if st.app.tree().get(org).is_none() {
        return Err(WebError::not_found("tổ chức"));
    }
    a.require(&st, Action::ListCases, &org_resource(&st, org), &Target::org("case.list", org)).await?;
    let filter = CaseFilter { exclude: a.hidden_persons(), ..Default::default() };
    let rows = st
        .app
        .cases_in_scope(org, &filter, &CaseWindow::newest(1000))
        .await?
        .into_iter()
        .map(|s| CaseBrief {
            id: s.case.id.0,
            person_id: s.case.person_id.0,
            full_name: s.full_name,
            kind: s.case.kind.code().into(),
            purpose: s.case.purpose,
            stage: s.case.stage.code().into(),
            stage_due: s.case.stage_due,
            opened_on: s.case.opened_on,
        })
        .collect();
    a.record(&st, &Target::org("case.list", org), Outcome::Ok, "api").await?;
    Ok(Json(rows))
}

/// What the subject may know of their own case.
#[derive(Serialize, ToSchema)]
pub struct OwnCaseOut {
    pub id: i64,
    pub kind: String,
    pub purpose: String,
    pub stage: String,
    pub stage_label: String,
    pub awaited: String,
    pub stage_due: Option<String>,
    pub explanation_asked: bool,
    pub explanation_due: Option<String>,
    pub outcome: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/me/cases", tag = "hồ sơ thẩm tra", responses((status = 200, body = [OwnCaseOut]), (status = 404, body = ErrorEnvelope)))]
pub async fn my_cases(State(st): State<AppState>, ApiUser(a): ApiUser) -> ApiResult<Vec<OwnCaseOut>> {
    let pid = a.caller.account.person_id.ok_or_else(|| WebError::not_found("hồ sơ của tài khoản"))?;
    let mut out = Vec::new();
    for c in st.app.cases_of_person(pid).await? {
        a.require(&st, Action::ViewOwnCase, &case_resource(&st, &c), &case_target("self.case", &c)).await?;
        out.push(own(&c));
    }
    a.record(&st, &Target::person("self.case", pid), Outcome::Ok, "api").await?;
    Ok(Json(out))
}

fn own(c: &CaseRow) -> OwnCaseOut {
    OwnCaseOut {
        id: c.id.0,
        kind: c.kind.code().into(),
        purpose: c.purpose.clone(),
        stage: c.stage.code().into(),
        stage_label: c.stage.label().into(),
        awaited: if c.stage.is_open() { c.stage.awaited().into() } else { String::new() },
        stage_due: c.stage_due.clone(),
        explanation_asked: c.explanation_asked,
        explanation_due: c.explanation_due.clone(),
        outcome: c.outcome.clone(),
    }
}
