//! HTML pages: one file per area. Pages work without JavaScript for reading; htmx only makes
//! search-as-you-type and the lazy tree nicer.

pub mod account;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod campaigns;
pub mod cases;
pub mod dashboard;
pub mod dossier;
pub mod fields;
pub mod inbox;
pub mod me;
pub mod orgs;
pub mod outcome;
pub mod refusal;
pub mod rules;
pub mod search;
pub mod secret_destruction;
pub mod secret_incidents;
pub mod secret_item;
pub mod secret_periods;
pub mod secret_stats;
pub mod secret_takeouts;
pub mod secrets;
pub mod travel;
pub mod view;

use crate::access::Access;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::security::headers::Nonce;
use crate::security::session::{Auth, Caller, ClientIp};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use bvctnb_app::accounts::SessionStage;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::show))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/login/totp", get(auth::totp_form).post(auth::totp))
        .route("/logout", post(auth::logout))
        .route("/account", get(account::show))
        .route("/account/totp", get(account::enrol_form).post(account::enrol))
        .route("/account/password", post(account::change_password))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/orgs", get(orgs::root))
        .route("/orgs/{id}", get(orgs::show))
        .route("/orgs/{id}/children", get(orgs::children))
        .route("/search", get(search::page))
        .route("/persons/{id}", get(dossier::show))
        .route("/persons/{id}/edit", get(dossier::edit::form).post(dossier::edit::save))
        .route("/persons/{id}/history", get(dossier::history))
        .route("/persons/{id}/history/{version}", get(dossier::diff))
        .route("/me", get(me::show))
        .route("/audit", get(audit::page))
        .route("/audit/export.xlsx", get(audit::export))
        .route("/rules", get(rules::index))
        .route("/rules/diff", get(rules::diff))
        .route("/rules/{id}", get(rules::show))
        .route("/campaigns", get(campaigns::list).post(campaigns::start))
        .route("/campaigns/{id}", get(campaigns::view::show))
        .route("/campaigns/{id}/progress", get(campaigns::view::progress))
        .route("/campaigns/{id}/resume", post(campaigns::resume))
        .route("/campaigns/{id}/export.xlsx", get(campaigns::view::export))
        .route("/cases", get(cases::list::list))
        .route("/cases/export.xlsx", get(cases::list::export))
        .route("/persons/{id}/cases/new", get(cases::new_form).post(cases::create))
        .route("/cases/{id}", get(cases::show))
        .route("/cases/{id}/files/{file}", get(cases::attachment))
        .route("/cases/{id}/documents/{doc}", get(cases::docs::document))
        .route("/cases/{id}/accept", post(cases::steps::accept))
        .route("/cases/{id}/finish-verification", post(cases::steps::finish_verification))
        .route("/cases/{id}/comment", post(cases::steps::comment))
        .route("/cases/{id}/appraise", post(cases::steps::appraise))
        .route("/cases/{id}/ask-explanation", post(cases::steps::ask_explanation))
        .route("/cases/{id}/proceed", post(cases::steps::proceed))
        .route("/cases/{id}/conclude", post(cases::steps::conclude))
        .route("/cases/{id}/return", post(cases::steps::return_case))
        .route("/cases/{id}/refuse", post(cases::steps::refuse))
        .route("/cases/{id}/certify", post(cases::steps::certify))
        .route("/cases/{id}/decide", post(cases::steps::decide))
        .route("/cases/{id}/withdraw", post(cases::steps::withdraw))
        .route("/cases/{id}/review", post(cases::steps::review))
        .route("/cases/{id}/requests", post(cases::steps::add_request))
        .route("/cases/{id}/requests/send-all", post(cases::steps::send_all))
        .route("/cases/{id}/requests/{rid}/send", post(cases::steps::send_request))
        .route("/cases/{id}/requests/{rid}/drop", post(cases::steps::drop_request))
        .route(
            "/cases/{id}/requests/{rid}/answer",
            post(cases::steps::answer_request).layer(DefaultBodyLimit::max(crate::security::csrf::MAX_UPLOAD)),
        )
        .route("/me/cases/{id}", get(me::case::show))
        .route(
            "/me/cases/{id}/explain",
            post(me::case::explain).layer(DefaultBodyLimit::max(crate::security::csrf::MAX_UPLOAD)),
        )
        .route("/me/trips", get(me::trips::list).post(me::trips::file).layer(upload()))
        .route("/me/trips/{id}", get(me::trips::show))
        .route("/me/trips/{id}/submit", post(me::trips::submit).layer(upload()))
        .route("/me/trips/{id}/report", post(me::trips::report).layer(upload()))
        .route("/me/trips/{id}/cancel", post(me::trips::cancel))
        .route("/me/relations", get(travel::relations::mine).post(travel::relations::declare))
        .route("/trips", get(travel::trips::list))
        .route("/trips/{id}", get(travel::trips::show))
        .route("/trips/{id}/files/{file}", get(travel::trips::file))
        .route("/trips/{id}/cell-opinion", post(travel::trips::cell_opinion))
        .route("/trips/{id}/approve", post(travel::trips::approve))
        .route("/trips/{id}/refuse", post(travel::trips::refuse))
        .route("/trips/{id}/return", post(travel::trips::record_return))
        .route("/trips/{id}/arrangement", post(travel::trips::arrangement))
        .route(
            "/persons/{id}/trips/unapproved",
            get(travel::trips::unapproved_form).post(travel::trips::record_unapproved),
        )
        .route("/secrets", get(secrets::index))
        .route("/secrets/items", post(secrets::register))
        .route("/secrets/items/{id}", get(secret_item::item))
        .route("/secrets/items/{id}/copies", post(secret_item::request_copy))
        .route("/secrets/items/{id}/holds", post(secret_item::place_hold))
        .route("/secrets/items/{id}/takeouts", post(secret_takeouts::request))
        .route("/secrets/items/{id}/period/{what}", post(secret_periods::change))
        .route("/secrets/takeouts/{id}/{step}", post(secret_takeouts::step))
        .route("/secrets/items/{id}/holds/{hold}/release", post(secret_item::release_hold))
        .route("/secrets/destructions", get(secret_destruction::list).post(secret_destruction::propose))
        .route("/secrets/destructions/{id}", get(secret_destruction::one))
        .route("/secrets/stats", get(secret_stats::page))
        .route("/secrets/stats/file/{ext}", get(secret_stats::file))
        .route("/secrets/incidents", get(secret_incidents::list).post(secret_incidents::report))
        .route("/secrets/incidents/{id}", get(secret_incidents::one))
        .route("/secrets/incidents/{id}/seen", post(secret_incidents::ack))
        .route("/secrets/destructions/{id}/step", post(secret_destruction::step))
        .route("/secrets/copies/{id}/decide", post(secret_item::decide_copy))
        .route("/secrets/copies/{id}/make", post(secret_item::make_copies))
        .route("/secrets/copies/{id}/marks.pdf", get(secret_item::copy_marks))
        .route("/secrets/books/{id}", get(secrets::book))
        .route("/secrets/books/{id}/file/{ext}", get(secrets::book_file))
        .route("/secrets/books/{id}/cancel", post(secrets::cancel))
        .route("/secrets/books/{id}/close", post(secrets::close))
        .route("/passports", get(travel::passports::list).post(travel::passports::create))
        .route("/passports/{id}/hand-out", post(travel::passports::hand_out))
        .route("/passports/{id}/take-back", post(travel::passports::take_back))
        .route("/delegations", get(travel::delegations::list).post(travel::delegations::create))
        .route("/delegations/{id}", get(travel::delegations::show))
        .route("/delegations/{id}/return", post(travel::delegations::record_return))
        .route("/delegations/{id}/report", post(travel::delegations::report))
        .route("/listings/{code}", get(travel::listings::show))
        .route("/listings/{code}/export", get(travel::listings::export))
        .route("/relations", get(travel::relations::pending))
        .route("/relations/{id}/decide", post(travel::relations::decide))
        .route("/inbox", get(inbox::show))
        .route("/admin/accounts", get(admin::list))
        .route("/admin/accounts/new", get(admin::new_form).post(admin::create))
        .route("/admin/accounts/{id}", get(admin::edit_form).post(admin::update))
        .route("/admin/accounts/{id}/approve", post(admin::approve))
        .route("/admin/orgs/suggest", get(admin::pick::suggest))
        .route("/healthz", get(|| async { "ok" }))
}

/// Forms that carry files (requests, reports, their papers).
fn upload() -> DefaultBodyLimit {
    DefaultBodyLimit::max(crate::security::csrf::MAX_UPLOAD)
}

pub fn static_routes() -> Router<AppState> {
    Router::new().route("/static/{file}", get(static_file))
}

async fn static_file(Path(file): Path<String>) -> Response {
    let (body, mime): (&'static [u8], &str) = match file.as_str() {
        "htmx.min.js" => (include_bytes!("../../static/htmx.min.js"), "text/javascript; charset=utf-8"),
        "app.css" => (include_bytes!("../../static/app.css"), "text/css; charset=utf-8"),
        "app.js" => (include_bytes!("../../static/app.js"), "text/javascript; charset=utf-8"),
        "ping.html" => (b"<!doctype html><title>ok</title>ok", "text/html; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    ([(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

/// Any address nothing answers: the Vietnamese error page, or the JSON envelope under the API.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    let e = WebError::not_found("trang");
    if uri.path().starts_with("/api/") { e.into_response() } else { PageError(e).into_response() }
}

/// Renders a template, or a plain 500 if the template itself fails.
pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => PageError(WebError::internal(e)).into_response(),
    }
}

/// Request facts every page handler can take, logged in or not.
pub struct Ctx {
    pub nonce: String,
    pub ip: String,
    pub caller: Option<Caller>,
    pub htmx: bool,
    pub path: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Ctx {
            nonce: parts.extensions.get::<Nonce>().map(|n| n.0.clone()).unwrap_or_default(),
            ip: parts.extensions.get::<ClientIp>().map(|i| i.0.clone()).unwrap_or_else(|| "-".into()),
            caller: parts.extensions.get::<Caller>().cloned(),
            htmx: parts.headers.contains_key("hx-request"),
            path: parts.uri.path_and_query().map_or_else(|| "/".into(), |p| p.as_str().to_string()),
        })
    }
}

/// A fully logged-in browser user with their cedar principal built (once, here).
pub struct User {
    pub access: Access,
    pub nonce: String,
    pub htmx: bool,
    /// How many tasks wait, for the menu; counted for full page loads only.
    pub tasks: Option<i64>,
}

impl User {
    pub fn chrome(&self, st: &AppState, title: impl Into<String>, active: &str) -> Chrome {
        Chrome::for_user(st, &self.access, &self.nonce, title, active, self.tasks)
    }
}

impl FromRequestParts<AppState> for User {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let Ok(ctx) = Ctx::from_request_parts(parts, st).await;
        let Some(caller) = ctx.caller else {
            let next = serde_urlencoded::to_string([("next", ctx.path.as_str())]).unwrap_or_default();
            return Err(Redirect::to(&format!("/login?{next}")).into_response());
        };
        if let Auth::Session { stage, .. } = &caller.auth {
            match stage {
                SessionStage::NeedsSecondFactor => return Err(Redirect::to("/login/totp").into_response()),
                SessionStage::NeedsEnrolment if parts.uri.path() != "/account/totp" => {
                    return Err(Redirect::to("/account/totp").into_response());
                }
                _ => {}
            }
        }
        let access = Access::new(st, caller, ctx.ip).await.map_err(|e| PageError(e).into_response())?;
        let tasks = if parts.method == axum::http::Method::GET && !ctx.htmx {
            let q = inbox::task_query(st, &access);
            Some(st.app.task_count(&q).await.map_err(|e| PageError(e.into()).into_response())?)
        } else {
            None
        };
        Ok(User { access, nonce: ctx.nonce, htmx: ctx.htmx, tasks })
    }
}

/// Errors on pages: a readable page (or the login page when the session is gone).
pub struct PageError(pub WebError);

impl<E: Into<WebError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    heading: String,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let e = self.0;
        e.log();
        if matches!(e, WebError::Unauthenticated) {
            return Redirect::to("/login").into_response();
        }
        let heading = match e.status() {
            StatusCode::FORBIDDEN => "Không có quyền truy cập",
            StatusCode::NOT_FOUND => "Không tìm thấy",
            StatusCode::CONFLICT => "Xung đột dữ liệu",
            StatusCode::INTERNAL_SERVER_ERROR => "Lỗi máy chủ",
            _ => "Không thực hiện được",
        };
        let page = ErrorPage { c: Chrome::anonymous(heading, "", ""), heading: heading.into(), message: e.to_string() };
        let html = page.render().unwrap_or_else(|_| e.to_string());
        (e.status(), Html(html)).into_response()
    }
}

pub type PageResult = Result<Response, PageError>;
