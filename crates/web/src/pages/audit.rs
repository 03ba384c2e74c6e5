//! The inspector's view of the audit trail: by user, person and period, newest first, limited
//! to the inspector's scope.

use super::{PageResult, User, render};
use crate::access::{Target, org_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::format::{datetime, parse_date_vn};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use bvctnb_authz::Action;
use bvctnb_core::ids::PersonId;
use bvctnb_store::audit::{AuditEntry, AuditFilter, Outcome};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct AuditParams {
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub before: Option<i64>,
}

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

pub const PAGE: i64 = 100;

/// Turns the query into a store filter; the scope is the inspector's, never wider.
pub fn filter(st: &AppState, a: &crate::access::Access, p: &AuditParams) -> Result<AuditFilter, String> {
    let scope = a.scope().ok_or("Tài khoản không có phạm vi")?;
    let tree = st.app.tree();
    let is_root = tree.get(scope).is_some_and(|n| n.parent.is_none());
    let person = match p.person.trim() {
        "" => None,
        s => Some(PersonId(s.parse().map_err(|_| "Mã hồ sơ: nhập số".to_string())?)),
    };
    let day = |s: &str, what: &str| -> Result<Option<String>, String> {
        match s.trim() {
            "" => Ok(None),
            v => parse_date_vn(v).map(|d| Some(d.to_string())).ok_or(format!("{what}: dùng dạng dd/mm/yyyy")),
        }
    };
    Ok(AuditFilter {
        actor: Some(p.user.trim().to_string()).filter(|s| !s.is_empty()),
        person_id: person,
        from: day(&p.from, "Từ ngày")?,
        to: day(&p.to, "Đến ngày")?,
        before: p.before,
        limit: PAGE,
        // An inspector of the whole tree sees everything, logins included; one of a subtree
        // sees what touched persons of that subtree.
        scope_org: if is_root { None } else { Some(scope) },
    })
}

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
        Ok(f) => (st.store().audit_entries(&f).await?.into_iter().map(row).collect::<Vec<_>>(), String::new()),
        Err(e) => (Vec::new(), e),
    };
    let detail = format!("người dùng={} hồ sơ={} từ={} đến={}", p.user, p.person, p.from, p.to);
    a.record(&st, &Target::org("audit.read", scope), Outcome::Ok, &detail).await?;
    let next_before = (rows.len() as i64 == PAGE).then(|| rows.last().map(|r| r.seq)).flatten();
    Ok(render(&AuditPage { c: u.chrome(&st, "Nhật ký truy cập", "/audit"), p, rows, error, next_before }))
}
