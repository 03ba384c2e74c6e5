//! The inspector's view of the audit trail: by account, person, action and period, newest
//! first, limited to the inspector's scope; the same selection as an Excel file.

use super::{PageResult, User, render};
use crate::access::{Target, org_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::format::datetime;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use bvctnb_app::audit::export::{audit_xlsx, outcome_label};
use bvctnb_app::audit::{ACTIONS, AuditEntry, Outcome, action_label};
use bvctnb_authz::Action;

pub struct Row {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub action_code: String,
    pub target: String,
    pub person: Option<i64>,
    pub ip: String,
    pub outcome: &'static str,
    pub outcome_class: &'static str,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "audit/index.html")]
struct AuditPage {
    c: Chrome,
    p: AuditParams,
    rows: Vec<Row>,
    error: String,
    next_before: Option<i64>,
    /// Every action, by its Vietnamese name in Vietnamese order: `(code, name)`.
    actions: Vec<(&'static str, &'static str)>,
}

pub use crate::reads::audit::{AuditParams, PAGE, filter};

/// Entries an export holds at most; beyond, the file says it was cut.
const EXPORT_MAX: i64 = 20_000;

pub fn row(e: AuditEntry) -> Row {
    let outcome_class = match e.event.outcome {
        Outcome::Ok => "ok",
        Outcome::Denied => "denied",
        Outcome::Failed => "failed",
    };
    Row {
        seq: e.seq,
        at: datetime(&e.event.at),
        actor: e.event.actor,
        action: action_label(&e.event.action),
        action_code: e.event.action,
        target: format!("{} {}", e.event.target_kind, e.event.target_id),
        person: e.event.person_id.map(|p| p.0),
        ip: e.event.ip,
        outcome: outcome_label(e.event.outcome),
        outcome_class,
        detail: e.event.detail,
    }
}

fn described(p: &AuditParams) -> String {
    format!("người dùng={} hồ sơ={} việc={} từ={} đến={}", p.user, p.person, p.action, p.from, p.to)
}

pub async fn page(State(st): State<AppState>, u: User, Query(p): Query<AuditParams>) -> PageResult {
    let a = &u.access;
    let scope = a.scope().ok_or_else(WebError::forbidden)?;
    a.require(&st, Action::ViewAudit, &org_resource(&st, scope), &Target::org("audit.read", scope)).await?;
    let (rows, error) = match filter(&st, a, &p) {
        Ok(f) => (st.app.audit_entries(&f).await?.into_iter().map(row).collect::<Vec<_>>(), String::new()),
        Err(e) => (Vec::new(), e),
    };
    a.record(&st, &Target::org("audit.read", scope), Outcome::Ok, &described(&p)).await?;
    let next_before = (rows.len() as i64 == PAGE).then(|| rows.last().map(|r| r.seq)).flatten();
    let mut actions: Vec<(&str, &str)> = ACTIONS.to_vec();
    actions.sort_by(|x, y| bvctnb_core::text::vi_cmp(x.1, y.1));
    Ok(render(&AuditPage { c: u.chrome(&st, "Nhật ký truy cập", "/audit"), p, rows, error, next_before, actions }))
}

/// `/audit/export.xlsx`: the page's selection, every page of it, up to [`EXPORT_MAX`] entries.
pub async fn export(State(st): State<AppState>, u: User, Query(p): Query<AuditParams>) -> PageResult {
    let a = &u.access;
    let scope = a.scope().ok_or_else(WebError::forbidden)?;
    let target = Target::org("audit.export", scope);
    a.require(&st, Action::ViewAudit, &org_resource(&st, scope), &target).await?;
    let mut f = filter(&st, a, &p).map_err(WebError::BadRequest)?;
    f.limit = EXPORT_MAX + 1;
    let mut entries = st.app.audit_entries(&f).await?;
    let cut = entries.len() as i64 > EXPORT_MAX;
    entries.truncate(EXPORT_MAX as usize);
    let heading = vec![
        format!("Phạm vi: {}", st.app.tree().path_label(scope)),
        format!("Bộ lọc: {}", described(&p)),
        format!("{} mục, mới nhất trước", entries.len()),
    ];
    let bytes = tokio::task::spawn_blocking(move || audit_xlsx(&entries, &heading, cut))
        .await
        .map_err(WebError::internal)?
        .map_err(WebError::internal)?;
    a.record(&st, &target, Outcome::Ok, &described(&p)).await?;
    let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let disposition = "attachment; filename=\"nhat-ky-truy-cap.xlsx\"";
    Ok(([(header::CONTENT_TYPE, mime), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}
