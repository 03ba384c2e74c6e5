//! The inspector's view of the audit trail: by user, person and period, newest first, limited
//! to the inspector's scope.

use super::{PageResult, User, render};
use crate::access::{Target, org_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::format::datetime;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use bvctnb_app::audit::{AuditEntry, Outcome};
use bvctnb_authz::Action;

pub struct Row {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
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
}

pub use crate::reads::audit::{AuditParams, PAGE, filter};

pub fn row(e: AuditEntry) -> Row {
    let (outcome, outcome_class) = match e.event.outcome {
        Outcome::Ok => ("Thành công", "ok"),
        Outcome::Denied => ("Bị từ chối", "denied"),
        Outcome::Failed => ("Không thành công", "failed"),
    };
    Row {
        seq: e.seq,
        at: datetime(&e.event.at),
        actor: e.event.actor,
        action: e.event.action,
        target: format!("{} {}", e.event.target_kind, e.event.target_id),
        person: e.event.person_id.map(|p| p.0),
        ip: e.event.ip,
        outcome,
        outcome_class,
        detail: e.event.detail,
    }
}

pub async fn page(State(st): State<AppState>, u: User, Query(p): Query<AuditParams>) -> PageResult {
    let a = &u.access;
    let scope = a.scope().ok_or_else(WebError::forbidden)?;
    a.require(&st, Action::ViewAudit, &org_resource(&st, scope), &Target::org("audit.read", scope)).await?;
    let (rows, error) = match filter(&st, a, &p) {
        Ok(f) => (st.app.audit_entries(&f).await?.into_iter().map(row).collect::<Vec<_>>(), String::new()),
        Err(e) => (Vec::new(), e),
    };
    let detail = format!("người dùng={} hồ sơ={} từ={} đến={}", p.user, p.person, p.from, p.to);
    a.record(&st, &Target::org("audit.read", scope), Outcome::Ok, &detail).await?;
    let next_before = (rows.len() as i64 == PAGE).then(|| rows.last().map(|r| r.seq)).flatten();
    Ok(render(&AuditPage { c: u.chrome(&st, "Nhật ký truy cập", "/audit"), p, rows, error, next_before }))
}
