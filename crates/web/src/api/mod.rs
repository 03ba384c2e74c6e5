//! JSON API under `/api/v1`: the same resources as the pages, the same authorization and the
//! same audit, for clients holding a personal access token. One error envelope everywhere.

pub mod audit;
pub mod cases;
pub mod orgs;
pub mod persons;
pub mod secret_steps;
pub mod secrets;
pub mod witness;

use crate::access::Access;
use crate::error::{ErrorEnvelope, WebError};
use crate::security::session::{Caller, ClientIp};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use utoipa::OpenApi;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route("/me", get(persons::me))
        .route("/me/dossier", get(persons::my_dossier))
        .route("/me/cases", get(cases::my_cases))
        .route("/cases/{id}", get(cases::get_case))
        .route("/orgs/{id}/cases", get(cases::org_cases))
        .route("/search", get(persons::search))
        .route("/persons/{id}", get(persons::get_person))
        .route("/persons/{id}/declaration", put(persons::put_declaration))
        .route("/persons/{id}/versions", get(persons::versions))
        .route("/persons/{id}/versions/{version}/changes", get(persons::changes))
        .route("/orgs/{id}", get(orgs::get_org))
        .route("/orgs/{id}/persons", get(orgs::persons))
        .route("/orgs/{id}/export", get(orgs::export))
        .route("/orgs/{id}/secret-books", get(secrets::books))
        .route("/orgs/{id}/secret-items", post(secrets::register))
        .route("/orgs/{id}/secret-destructions", get(secrets::destructions).post(secret_steps::propose_destruction))
        .route("/orgs/{id}/secret-incidents", get(secret_steps::incidents).post(secret_steps::report_incident))
        .route("/secret-books/{id}/lines", get(secrets::lines))
        .route("/secret-items/{id}", get(secrets::item))
        .route("/secret-items/{id}/copies", post(secrets::request_copy))
        .route("/secret-items/{id}/takeouts", post(secrets::request_takeout))
        .route("/secret-copies/{id}/decision", post(secrets::decide_copy))
        .route("/secret-copies/{id}/made", post(secrets::make_copies))
        .route("/secret-takeouts/{id}/decision", post(secret_steps::decide_takeout))
        .route("/secret-takeouts/{id}/{step}", post(secret_steps::takeout_step))
        .route("/secret-items/{id}/holds", post(secret_steps::place_hold))
        .route("/secret-items/{id}/holds/{hold}/release", post(secret_steps::release_hold))
        .route("/secret-items/{id}/period/{what}", post(secret_steps::period))
        .route("/secret-destructions/{id}", get(secret_steps::destruction))
        .route("/secret-destructions/{id}/step", post(secret_steps::destruction_step))
        .route("/secret-incidents/{id}", get(secret_steps::incident))
        .route("/secret-incidents/{id}/seen", post(secret_steps::incident_seen))
        .route("/audit", get(audit::list))
        .route("/accounts", get(audit::accounts))
        .route("/witness/heads", get(witness::heads).post(witness::receive))
        .fallback(|| async { WebError::NotFound("Không có địa chỉ API này".into()) })
}

#[derive(OpenApi)]
#[openapi(
    info(title = "BVCTNB API", version = "1", description = "Hồ sơ, tổ chức, tìm kiếm, hồ sơ thẩm tra, sổ đăng ký bí mật nhà nước và nhật ký truy cập. Xác thực bằng mã truy cập cá nhân: `Authorization: Bearer bvt_…`."),
    paths(
        persons::me, persons::my_dossier, persons::search, persons::get_person, persons::put_declaration,
        persons::versions, persons::changes, orgs::get_org, orgs::persons, orgs::export, audit::list, audit::accounts,
        cases::get_case, cases::org_cases, cases::my_cases, witness::receive, witness::heads,
        secrets::books, secrets::lines, secrets::item, secrets::register, secrets::request_copy, secrets::decide_copy,
        secrets::make_copies, secrets::request_takeout, secrets::destructions, secret_steps::decide_takeout,
        secret_steps::takeout_step, secret_steps::place_hold, secret_steps::release_hold, secret_steps::period,
        secret_steps::propose_destruction, secret_steps::destruction, secret_steps::destruction_step,
        secret_steps::report_incident, secret_steps::incidents, secret_steps::incident, secret_steps::incident_seen
    ),
    components(schemas(ErrorEnvelope)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let comps = doc.components.get_or_insert_with(Default::default);
        comps.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API caller with their principal built; 401 in the envelope when there is no token.
pub struct ApiUser(pub Access);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let caller = parts.extensions.get::<Caller>().cloned().ok_or(WebError::Unauthenticated)?;
        let ip = parts.extensions.get::<ClientIp>().map_or_else(|| "-".into(), |i| i.0.clone());
        Ok(ApiUser(Access::new(st, caller, ip).await?))
    }
}

pub type ApiResult<T> = Result<Json<T>, WebError>;
