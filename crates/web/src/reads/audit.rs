//! The audit trail as an inspector may filter it: never wider than their own scope. The page
//! and the API read it through the same filter.

use crate::access::Access;
use crate::format::parse_date_vn;
use crate::state::AppState;
use bvctnb_app::audit::AuditFilter;
use bvctnb_core::ids::PersonId;
use serde::Deserialize;

/// Entries per page.
pub const PAGE: i64 = 100;

#[derive(Deserialize, Default)]
pub struct AuditParams {
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub person: String,
    /// An action code from [`bvctnb_app::audit::ACTIONS`].
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub before: Option<i64>,
}

/// Turns the query into a store filter; the scope is the inspector's, never wider.
pub fn filter(st: &AppState, a: &Access, p: &AuditParams) -> Result<AuditFilter, String> {
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
    let action = match p.action.trim() {
        "" => None,
        code if bvctnb_app::audit::action_name(code).is_some() => Some(code.to_string()),
        _ => return Err("Việc: chọn trong danh sách".into()),
    };
    Ok(AuditFilter {
        actor: Some(p.user.trim().to_string()).filter(|s| !s.is_empty()),
        action,
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
