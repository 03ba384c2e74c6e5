//! The audit trail for inspectors, and the account list for administrators.

use super::{ApiResult, ApiUser};
use crate::access::{Target, org_resource};
use crate::error::{ErrorEnvelope, WebError};
use crate::reads::audit::{AuditParams, filter};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use bvctnb_app::audit::Outcome;
use bvctnb_authz::{Action, Resource};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct AuditOut {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub person_id: Option<i64>,
    pub ip: String,
    /// ok, denied or failed.
    pub outcome: String,
    pub detail: String,
    pub hash: String,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "nhật ký", params(
    ("user" = Option<String>, Query), ("person" = Option<String>, Query),
    ("action" = Option<String>, Query, description = "mã việc, ví dụ dossier.read"), ("from" = Option<String>, Query, description = "dd/mm/yyyy"),
    ("to" = Option<String>, Query, description = "dd/mm/yyyy"), ("before" = Option<i64>, Query)),
    responses((status = 200, body = [AuditOut]), (status = 403, body = ErrorEnvelope)))]
pub async fn list(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Query(p): Query<AuditParams>,
) -> ApiResult<Vec<AuditOut>> {
    let scope = a.scope().ok_or_else(WebError::forbidden)?;
    a.require(&st, Action::ViewAudit, &org_resource(&st, scope), &Target::org("audit.read", scope)).await?;
    let f = filter(&st, &a, &p).map_err(WebError::BadRequest)?;
    let entries = st.app.audit_entries(&f).await?;
    a.record(&st, &Target::org("audit.read", scope), Outcome::Ok, "api").await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| AuditOut {
                seq: e.seq,
                at: e.event.at,
                actor: e.event.actor,
                action: e.event.action,
                target_kind: e.event.target_kind,
                target_id: e.event.target_id,
                person_id: e.event.person_id.map(|p| p.0),
                ip: e.event.ip,
                outcome: e.event.outcome.code().into(),
                detail: e.event.detail,
                hash: e.hash,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct AccountOut {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub scope_org: Option<i64>,
    pub clearance: String,
    pub person_id: Option<i64>,
    pub disabled: bool,
    pub second_factor: bool,
}

#[utoipa::path(get, path = "/api/v1/accounts", tag = "tài khoản", responses((status = 200, body = [AccountOut]), (status = 403, body = ErrorEnvelope)))]
pub async fn accounts(State(st): State<AppState>, ApiUser(a): ApiUser) -> ApiResult<Vec<AccountOut>> {
    a.require(&st, Action::ManageAccounts, &Resource::System, &Target::plain("account.list", "account", "-")).await?;
    let list = st.app.list_accounts().await?;
    a.record(&st, &Target::plain("account.list", "account", "-"), Outcome::Ok, "api").await?;
    Ok(Json(
        list.into_iter()
            .map(|x| AccountOut {
                id: x.id.0,
                second_factor: x.totp_secret.is_some(),
                username: x.username,
                display_name: x.display_name,
                role: x.role.code().into(),
                scope_org: x.scope_org.map(|o| o.0),
                clearance: x.clearance.code().into(),
                person_id: x.person_id.map(|p| p.0),
                disabled: x.disabled,
            })
            .collect(),
    ))
}
