//! The later steps of a classified item through the API, with the pages' checks and audit: the
//! take-out's decision, hand-over and return; holds; the protection period (extend, re-grade,
//! declassify, the re-grading notice); a destruction (propose, read, each step); loss and
//! disclosure reports (report, list, read, seen).

use super::ApiResult;
use super::ApiUser;
use super::secrets::{item_for, listed, write};
use crate::access::{Target, org_resource};
use crate::error::{ErrorEnvelope, WebError};
use crate::reads::cases::actor;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use bvctnb_app::audit::Outcome;
use bvctnb_app::secrets::{
    DestructionInput, DestructionRow, IncidentInput, IncidentRow, PeriodInput, StepInput, TakeoutDecision,
};
use bvctnb_authz::Action;
use bvctnb_core::ids::{CaseId, DestructionId, IncidentId, OrgId, SecretHoldId, SecretItemId, TakeoutId};
use bvctnb_core::secret::{IncidentKind, SecretLevel};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The version a step is taken at: the record's `version` as last read.
#[derive(Deserialize, ToSchema)]
pub struct At {
    pub version: i64,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, ToSchema)]
pub struct TakeoutDecisionIn {
    pub version: i64,
    pub approve: bool,
    pub approver_name: String,
    pub approver_title: String,
    /// Required when refused.
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/secret-takeouts/{id}/decision", tag = "bí mật nhà nước", params(("id" = i64, Path)), request_body = TakeoutDecisionIn,
    responses((status = 200), (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub async fn decide_takeout(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<TakeoutId>,
    Json(b): Json<TakeoutDecisionIn>,
) -> ApiResult<()> {
    let t = st.app.secret_takeout(id).await?;
    item_for(&st, &a, t.item_id, Action::AuthorizeSecretUse, "secret.takeout.decide").await?;
    let target = Target::plain("secret.takeout.decide", "secret_takeout", id.to_string());
    let d = TakeoutDecision {
        approve: Some(b.approve),
        approver_name: b.approver_name,
        approver_title: b.approver_title,
        note: b.note,
    };
    let who = actor(&a);
    write(&st, &a, &target, &format!("api, {}", b.approve), st.app.decide_secret_takeout(&who, id, b.version, d)).await
}

/// `out`: handed over; `back`: returned (the note says in what state).
#[utoipa::path(post, path = "/api/v1/secret-takeouts/{id}/{step}", tag = "bí mật nhà nước",
    params(("id" = i64, Path), ("step" = String, Path, description = "`out` hoặc `back`")), request_body = At,
    responses((status = 200), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn takeout_step(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, step)): Path<(TakeoutId, String)>,
    Json(b): Json<At>,
) -> ApiResult<()> {
    let action = match step.as_str() {
        "out" => "secret.takeout.out",
        "back" => "secret.takeout.back",
        _ => return Err(WebError::not_found("bước")),
    };
    let t = st.app.secret_takeout(id).await?;
    let item = item_for(&st, &a, t.item_id, Action::ReadSecretItem, action).await?;
    let target = Target::plain(action, "secret_takeout", id.to_string());
    a.require(&st, Action::KeepSecretRegisters, &org_resource(&st, item.org_id), &target).await?;
    let who = actor(&a);
    let app = &st.app;
    let f = async {
        match step.as_str() {
            "out" => app.hand_out_secret(&who, id, b.version).await,
            _ => app.return_secret(&who, id, b.version, &b.note).await,
        }
    };
    write(&st, &a, &target, "api", f).await
}

#[derive(Deserialize, ToSchema)]
pub struct HoldIn {
    /// The case that needs the item; none for an inspection (then lifted by hand).
    pub case: Option<i64>,
    pub reason: String,
}

async fn keeper(
    st: &AppState,
    a: &crate::access::Access,
    id: SecretItemId,
    action: &'static str,
) -> Result<(), WebError> {
    let item = item_for(st, a, id, Action::ReadSecretItem, action).await?;
    let target = Target::plain(action, "secret_item", id.to_string());
    a.require(st, Action::KeepSecretRegisters, &org_resource(st, item.org_id), &target).await
}

#[utoipa::path(post, path = "/api/v1/secret-items/{id}/holds", tag = "bí mật nhà nước", params(("id" = i64, Path)), request_body = HoldIn,
    responses((status = 200, body = i64), (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub async fn place_hold(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<SecretItemId>,
    Json(b): Json<HoldIn>,
) -> ApiResult<SecretHoldId> {
    keeper(&st, &a, id, "secret.hold.place").await?;
    let target = Target::plain("secret.hold.place", "secret_item", id.to_string());
    let who = actor(&a);
    let f = st.app.place_secret_hold(&who, id, b.case.map(CaseId), &b.reason);
    write(&st, &a, &target, &format!("api, {}", b.reason), f).await
}

#[utoipa::path(post, path = "/api/v1/secret-items/{id}/holds/{hold}/release", tag = "bí mật nhà nước",
    params(("id" = i64, Path), ("hold" = i64, Path)),
    responses((status = 200), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn release_hold(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, hold)): Path<(SecretItemId, SecretHoldId)>,
) -> ApiResult<()> {
    keeper(&st, &a, id, "secret.hold.release").await?;
    let target = Target::plain("secret.hold.release", "secret_item", id.to_string());
    let who = actor(&a);
    write(&st, &a, &target, &format!("api, giữ lại mã {hold}"), st.app.release_secret_hold(&who, id, hold)).await
}

#[derive(Deserialize, ToSchema)]
pub struct PeriodIn {
    pub version: i64,
    /// `extend`: the new end of the protection period.
    #[schema(value_type = Option<String>, format = Date)]
    pub period_end: Option<NaiveDate>,
    /// `regrade`: the new level.
    #[schema(value_type = Option<String>, example = "mat")]
    pub level: Option<SecretLevel>,
    /// The decision it rests on (`notified`: whom the re-grading was told to, by which paper).
    pub basis: String,
}

#[utoipa::path(post, path = "/api/v1/secret-items/{id}/period/{what}", tag = "bí mật nhà nước",
    params(("id" = i64, Path), ("what" = String, Path, description = "`extend`, `regrade`, `declassify` hoặc `notified`")),
    request_body = PeriodIn,
    responses((status = 200), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub async fn period(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, what)): Path<(SecretItemId, String)>,
    Json(b): Json<PeriodIn>,
) -> ApiResult<()> {
    let action = match what.as_str() {
        "extend" => "secret.period.extend",
        "regrade" => "secret.level.regrade",
        "declassify" => "secret.declassify",
        "notified" => "secret.regrade.notified",
        _ => return Err(WebError::not_found("bước")),
    };
    keeper(&st, &a, id, action).await?;
    let target = Target::plain(action, "secret_item", id.to_string());
    let (who, app, v) = (actor(&a), &st.app, b.version);
    let detail = format!("api, {:?} {:?} {}", b.level.map(|l| l.code()), b.period_end, b.basis);
    let f = async {
        let input = PeriodInput { period_end: b.period_end, level: b.level, basis: b.basis.clone() };
        match action {
            "secret.period.extend" => app.extend_secret_period(&who, id, v, input).await,
            "secret.level.regrade" => app.regrade_secret_item(&who, id, v, input).await,
            "secret.declassify" => app.declassify_secret_item(&who, id, v, &b.basis).await,
            _ => app.record_regrade_notice(&who, id, v, &b.basis).await,
        }
    };
    write(&st, &a, &target, &detail, f).await
}

/// A destruction to open: the council path (`urgent: false`) lists the items with the decision
/// forming the council; the urgent path records the destruction already done.
#[derive(Deserialize, ToSchema)]
pub struct DestructionIn {
    #[serde(default)]
    pub urgent: bool,
    pub items: Vec<i64>,
    pub reason: String,
    #[serde(default)]
    pub council_decision: String,
    #[serde(default)]
    pub council_members: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub destroyed_on: Option<NaiveDate>,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub record: String,
}

#[utoipa::path(post, path = "/api/v1/orgs/{id}/secret-destructions", tag = "bí mật nhà nước", params(("id" = i64, Path)), request_body = DestructionIn,
    responses((status = 200, body = i64), (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub async fn propose_destruction(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(org): Path<OrgId>,
    Json(b): Json<DestructionIn>,
) -> ApiResult<DestructionId> {
    if st.app.tree().get(org).is_none() {
        return Err(WebError::not_found("tổ chức"));
    }
    let t = Target::org("secret.destruction.propose", org);
    a.require(&st, Action::KeepSecretRegisters, &org_resource(&st, org), &t).await?;
    let detail = format!("api, {} tài liệu: {}", b.items.len(), b.reason);
    let i = DestructionInput {
        urgent: b.urgent,
        items: b.items.into_iter().map(SecretItemId).collect(),
        reason: b.reason,
        council_decision: b.council_decision,
        council_members: b.council_members,
        destroyed_on: b.destroyed_on,
        method: b.method,
        record: b.record,
    };
    let who = actor(&a);
    let target = Target::new_record("secret.destruction.propose", "secret_destruction", None);
    write(&st, &a, &target, &detail, st.app.propose_destruction(&who, org, i)).await
}

#[derive(Serialize, ToSchema)]
pub struct DestructionOut {
    #[schema(value_type = Object)]
    pub destruction: DestructionRow,
    /// The next step (`minuted`, `decided`, `destroyed`, `reported`), none when the path is over.
    pub next: Option<String>,
    /// The items, each as its reader may see it: the level always, the rest at clearance.
    pub items: Vec<ItemLine>,
}

#[derive(Serialize, ToSchema)]
pub struct ItemLine {
    pub id: i64,
    pub level: String,
    /// None when the reader is not cleared for the item's level.
    pub text: Option<String>,
}

async fn item_lines(st: &AppState, a: &crate::access::Access, ids: &[SecretItemId]) -> Result<Vec<ItemLine>, WebError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let i = st.app.secret_item(*id).await?;
        let text = i
            .level
            .readable_with(a.principal.clearance)
            .then(|| format!("{} số {}, ngày {} — {}", i.doc_type, i.number_symbol, i.doc_date, i.issuer));
        out.push(ItemLine { id: id.0, level: i.level.code().to_string(), text });
    }
    Ok(out)
}

#[utoipa::path(get, path = "/api/v1/secret-destructions/{id}", tag = "bí mật nhà nước", params(("id" = i64, Path)),
    responses((status = 200, body = DestructionOut), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn destruction(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<DestructionId>,
) -> ApiResult<DestructionOut> {
    let d = st.app.secret_destruction(id).await?;
    listed(&st, &a, d.org_id, "secret.destruction.read").await?;
    let items = item_lines(&st, &a, &d.items).await?;
    let target = Target::plain("secret.destruction.read", "secret_destruction", id.to_string());
    a.record(&st, &target, Outcome::Ok, "api").await?;
    let next = d.stage.next(d.urgent).map(|s| s.code().to_string());
    Ok(Json(DestructionOut { destruction: d, next, items }))
}

/// The next step's paper: the minutes (`text`), the decision (`number`, `signer`), the
/// destruction (`method`, `text` the record) or the urgent report (`text`).
#[derive(Deserialize, ToSchema)]
pub struct StepIn {
    pub version: i64,
    #[schema(value_type = String, format = Date)]
    pub on: NaiveDate,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub signer: String,
    #[serde(default)]
    pub method: String,
}

#[utoipa::path(post, path = "/api/v1/secret-destructions/{id}/step", tag = "bí mật nhà nước", params(("id" = i64, Path)), request_body = StepIn,
    responses((status = 200), (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub async fn destruction_step(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<DestructionId>,
    Json(b): Json<StepIn>,
) -> ApiResult<()> {
    let d = st.app.secret_destruction(id).await?;
    let target = Target::plain("secret.destruction.step", "secret_destruction", id.to_string());
    a.require(&st, Action::KeepSecretRegisters, &org_resource(&st, d.org_id), &target).await?;
    let detail = format!("api, {}", d.stage.next(d.urgent).map(|s| s.label()).unwrap_or_default());
    let i = StepInput { on: Some(b.on), text: b.text, number: b.number, signer: b.signer, method: b.method };
    let who = actor(&a);
    write(&st, &a, &target, &detail, st.app.destruction_step(&who, id, b.version, i)).await
}

#[derive(Deserialize, ToSchema)]
pub struct IncidentIn {
    #[schema(value_type = String, example = "lost")]
    pub kind: IncidentKind,
    #[schema(value_type = String, format = Date)]
    pub occurred_on: NaiveDate,
    #[serde(default)]
    pub items: Vec<i64>,
    pub circumstances: String,
    pub measures: String,
}

#[utoipa::path(post, path = "/api/v1/orgs/{id}/secret-incidents", tag = "bí mật nhà nước", params(("id" = i64, Path)), request_body = IncidentIn,
    responses((status = 200, body = i64), (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub async fn report_incident(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(org): Path<OrgId>,
    Json(b): Json<IncidentIn>,
) -> ApiResult<IncidentId> {
    if st.app.tree().get(org).is_none() {
        return Err(WebError::not_found("tổ chức"));
    }
    let t = Target::org("secret.incident.report", org);
    a.require(&st, Action::KeepSecretRegisters, &org_resource(&st, org), &t).await?;
    let detail = format!("api, {}: {} tài liệu", b.kind.code(), b.items.len());
    let i = IncidentInput {
        kind: Some(b.kind),
        occurred_on: Some(b.occurred_on),
        items: b.items.into_iter().map(SecretItemId).collect(),
        circumstances: b.circumstances,
        measures: b.measures,
    };
    let who = actor(&a);
    let target = Target::new_record("secret.incident.report", "secret_incident", None);
    write(&st, &a, &target, &detail, st.app.report_secret_incident(&who, org, i)).await
}

#[utoipa::path(get, path = "/api/v1/orgs/{id}/secret-incidents", tag = "bí mật nhà nước", params(("id" = i64, Path)),
    responses((status = 200, body = [Object]), (status = 403, body = ErrorEnvelope)))]
pub async fn incidents(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(org): Path<OrgId>,
) -> ApiResult<Vec<IncidentRow>> {
    listed(&st, &a, org, "secret.incidents").await?;
    let rows = st.app.secret_incidents(org, false, 200).await?;
    a.record(&st, &Target::org("secret.incidents", org), Outcome::Ok, "api").await?;
    Ok(Json(rows))
}

#[derive(Serialize, ToSchema)]
pub struct IncidentOut {
    #[schema(value_type = Object)]
    pub incident: IncidentRow,
    pub items: Vec<ItemLine>,
}

#[utoipa::path(get, path = "/api/v1/secret-incidents/{id}", tag = "bí mật nhà nước", params(("id" = i64, Path)),
    responses((status = 200, body = IncidentOut), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn incident(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<IncidentId>,
) -> ApiResult<IncidentOut> {
    let i = st.app.secret_incident(id).await?;
    listed(&st, &a, i.org_id, "secret.incident.read").await?;
    let items = item_lines(&st, &a, &i.items).await?;
    a.record(&st, &Target::plain("secret.incident.read", "secret_incident", id.to_string()), Outcome::Ok, "api")
        .await?;
    Ok(Json(IncidentOut { incident: i, items }))
}

#[utoipa::path(post, path = "/api/v1/secret-incidents/{id}/seen", tag = "bí mật nhà nước", params(("id" = i64, Path)),
    responses((status = 200), (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn incident_seen(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<IncidentId>,
) -> ApiResult<()> {
    let i = st.app.secret_incident(id).await?;
    let target = Target::plain("secret.incident.seen", "secret_incident", id.to_string());
    a.require(&st, Action::AcknowledgeSecretIncident, &org_resource(&st, i.org_id), &target).await?;
    let who = actor(&a);
    write(&st, &a, &target, "api", st.app.acknowledge_secret_incident(&who, id)).await
}
