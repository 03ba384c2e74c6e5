//! Persons: search, dossier, declaration versions; and the caller's own record.

use super::{ApiResult, ApiUser};
use crate::access::{Target, person_resource};
use crate::error::{ErrorEnvelope, WebError};
use crate::reads::persons::load_person;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use bvctnb_app::PersonRecord;
use bvctnb_app::audit::Outcome;
use bvctnb_authz::Action;
use bvctnb_core::Declaration;
use bvctnb_core::ids::PersonId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct MeOut {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub clearance: String,
    pub scope_org: Option<i64>,
    pub person_id: Option<i64>,
    pub can_write: bool,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "tài khoản", responses((status = 200, body = MeOut), (status = 401, body = ErrorEnvelope)))]
pub async fn me(ApiUser(a): ApiUser) -> ApiResult<MeOut> {
    let c = &a.caller.account;
    Ok(Json(MeOut {
        username: c.username.clone(),
        display_name: c.display_name.clone(),
        role: c.role.code().into(),
        clearance: c.clearance.code().into(),
        scope_org: c.scope_org.map(|o| o.0),
        person_id: c.person_id.map(|p| p.0),
        can_write: a.caller.can_write(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct PersonOut {
    pub id: i64,
    pub org_id: i64,
    pub status: String,
    pub version: i64,
    pub submitted_at: String,
    pub submitted_by: String,
    /// The declaration (Mẫu 2-KNĐ) as stored.
    #[schema(value_type = Object)]
    pub declaration: Declaration,
}

impl From<PersonRecord> for PersonOut {
    fn from(r: PersonRecord) -> Self {
        Self {
            id: r.id.0,
            org_id: r.org_id.0,
            status: r.status.code().into(),
            version: r.version,
            submitted_at: r.submitted_at,
            submitted_by: r.submitted_by,
            declaration: r.declaration,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/me/dossier", tag = "hồ sơ", responses((status = 200, body = PersonOut), (status = 404, body = ErrorEnvelope)))]
pub async fn my_dossier(State(st): State<AppState>, ApiUser(a): ApiUser) -> ApiResult<PersonOut> {
    let pid = a.caller.account.person_id.ok_or_else(|| WebError::not_found("hồ sơ gắn với tài khoản"))?;
    let rec = st.app.person(pid).await?.ok_or_else(|| WebError::not_found("hồ sơ"))?;
    a.require(&st, Action::ReadOwnDossier, &person_resource(&st, &rec), &Target::person("self.read", pid)).await?;
    a.record(&st, &Target::person("self.read", pid), Outcome::Ok, "api").await?;
    Ok(Json(rec.into()))
}

#[derive(Deserialize, IntoParams)]
pub struct SearchParams {
    /// Name, with or without diacritics.
    pub q: String,
    pub birth_year: Option<i32>,
    /// At most 100.
    pub limit: Option<usize>,
}

#[derive(Serialize, ToSchema)]
pub struct HitOut {
    pub id: i64,
    pub full_name: String,
    pub birth_year: Option<i32>,
    /// The caller may not open this dossier (their own or a relative's).
    pub recused: bool,
}

#[utoipa::path(get, path = "/api/v1/search", tag = "hồ sơ", params(SearchParams), responses((status = 200, body = [HitOut]), (status = 403, body = ErrorEnvelope)))]
pub async fn search(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Query(p): Query<SearchParams>,
) -> ApiResult<Vec<HitOut>> {
    if p.q.trim().is_empty() {
        return Err(WebError::BadRequest("q: cần nhập tên cần tìm".into()));
    }
    let hits =
        crate::reads::search::scoped_search(&st, &a, p.q.trim(), p.birth_year, p.limit.unwrap_or(20).min(100)).await?;
    Ok(Json(
        hits.into_iter()
            .map(|h| HitOut {
                recused: a.principal.recused.contains(&PersonId(h.id)) || a.principal.person == Some(PersonId(h.id)),
                id: h.id,
                full_name: h.full_name,
                birth_year: h.birth_year,
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/persons/{id}", tag = "hồ sơ", params(("id" = i64, Path)), responses((status = 200, body = PersonOut), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn get_person(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<PersonId>,
) -> ApiResult<PersonOut> {
    let rec = load_person(&st, &a, id, Action::ReadDossier, "dossier.read").await?;
    a.record(&st, &Target::person("dossier.read", rec.id), Outcome::Ok, &format!("api, phiên bản {}", rec.version))
        .await?;
    Ok(Json(rec.into()))
}

#[derive(Deserialize, ToSchema)]
pub struct DeclarationIn {
    /// The version this edit starts from; a newer stored version gives 409.
    pub expected_version: i64,
    #[schema(value_type = Object)]
    pub declaration: serde_json::Value,
}

#[utoipa::path(put, path = "/api/v1/persons/{id}/declaration", tag = "hồ sơ", params(("id" = i64, Path)), request_body = DeclarationIn,
    responses((status = 200, body = PersonOut), (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub async fn put_declaration(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<PersonId>,
    Json(body): Json<DeclarationIn>,
) -> ApiResult<PersonOut> {
    let rec = load_person(&st, &a, id, Action::EditDossier, "dossier.update").await?;
    let t = Target::person("dossier.update", rec.id);
    let result = match Declaration::from_value(body.declaration).and_then(|d| d.validate().map(|()| d)) {
        Ok(d) => {
            let detail = format!("api, phiên bản {}", body.expected_version + 1);
            let saving = st.app.submit_declaration(rec.id, &d, a.username(), body.expected_version);
            a.write(&st, &t, &detail, saving).await
        }
        Err(e) => {
            let mut within = bvctnb_core::FieldErrors::default();
            within.extend_within("declaration", e);
            Err(WebError::Invalid(within))
        }
    };
    match result {
        Ok(saved) => Ok(Json(saved.into())),
        Err(e) => {
            a.record(&st, &t, Outcome::Failed, &format!("api: {}", e.envelope().error.message)).await?;
            Err(e)
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct VersionOut {
    pub version: i64,
    pub submitted_at: String,
    pub submitted_by: String,
}

#[utoipa::path(get, path = "/api/v1/persons/{id}/versions", tag = "hồ sơ", params(("id" = i64, Path)), responses((status = 200, body = [VersionOut]), (status = 403, body = ErrorEnvelope)))]
pub async fn versions(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<PersonId>,
) -> ApiResult<Vec<VersionOut>> {
    let rec = load_person(&st, &a, id, Action::ViewHistory, "dossier.history").await?;
    let v = st.app.versions(rec.id).await?;
    a.record(&st, &Target::person("dossier.history", rec.id), Outcome::Ok, "api").await?;
    Ok(Json(
        v.into_iter()
            .map(|v| VersionOut { version: v.version, submitted_at: v.submitted_at, submitted_by: v.submitted_by })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct ChangeOut {
    pub kind: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

#[utoipa::path(get, path = "/api/v1/persons/{id}/versions/{version}/changes", tag = "hồ sơ", params(("id" = i64, Path), ("version" = i64, Path)), responses((status = 200, body = [ChangeOut]), (status = 403, body = ErrorEnvelope)))]
pub async fn changes(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, version)): Path<(PersonId, i64)>,
) -> ApiResult<Vec<ChangeOut>> {
    let rec = load_person(&st, &a, id, Action::ViewHistory, "dossier.diff").await?;
    let ch = crate::reads::persons::version_changes(&st, rec.id, version).await?;
    a.record(&st, &Target::person("dossier.diff", rec.id), Outcome::Ok, &format!("api, phiên bản {version}")).await?;
    Ok(Json(
        ch.into_iter()
            .map(|c| ChangeOut { kind: c.kind.into(), label: c.label, before: c.before, after: c.after })
            .collect(),
    ))
}
