//! The frame around every page: who is logged in, the menu they may use, the CSP nonce and
//! the CSRF token for the forms in the frame (logout).

use crate::access::{Access, org_resource};
use crate::state::AppState;
use bvctnb_authz::{Action, Resource};

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
    /// Items waiting behind the entry (the task list's count); 0 shows none.
    pub count: i64,
}

pub struct Chrome {
    pub title: String,
    pub nonce: String,
    pub csrf: String,
    pub user_name: String,
    pub user_role: String,
    pub user_scope: String,
    pub nav: Vec<NavItem>,
}

impl Chrome {
    /// For pages without a logged-in user (login, errors).
    pub fn anonymous(title: impl Into<String>, nonce: &str, csrf: &str) -> Self {
        Self {
            title: title.into(),
            nonce: nonce.to_string(),
            csrf: csrf.to_string(),
            user_name: String::new(),
            user_role: String::new(),
            user_scope: String::new(),
            nav: Vec::new(),
        }
    }

    pub fn for_user(
        st: &AppState,
        a: &Access,
        nonce: &str,
        title: impl Into<String>,
        active: &str,
        tasks: Option<i64>,
    ) -> Self {
        let account = &a.caller.account;
        let tree = st.app.tree();
        // One cedar call for the whole menu: the entities are built once.
        let scope = a.scope().map(|o| org_resource(st, o)).unwrap_or(Resource::System);
        let has_scope = a.scope().is_some();
        let checks = [
            (Action::ViewDashboard, &Resource::System),
            (Action::BrowseOrgs, &scope),
            (Action::SearchPersons, &scope),
            (Action::ViewAudit, &scope),
            (Action::ManageAccounts, &Resource::System),
            (Action::ViewCampaign, &scope),
            (Action::ViewRules, &Resource::System),
            (Action::ListCases, &scope),
            (Action::ListSecretRegisters, &scope),
        ];
        let d: Vec<bool> = st.authz.check_many(&a.principal, &checks).into_iter().map(|d| d.allowed).collect();
        let in_scope = |i: usize| has_scope && d[i];
        let mut nav = Vec::new();
        let mut push = |href: &'static str, label: &'static str| {
            let count = if href == "/inbox" { tasks.unwrap_or(0) } else { 0 };
            nav.push(NavItem { href, label, active: href == active, count });
        };
        if d[0] {
            push("/", "Tổng quan");
        }
        if in_scope(1) {
            push("/orgs", "Tổ chức");
        }
        if in_scope(2) {
            push("/search", "Tìm hồ sơ");
        }
        if in_scope(7) {
            push("/cases", "Thẩm tra, thẩm định");
            push("/trips", "Đi nước ngoài");
        }
        if account.person_id.is_some() {
            push("/me", "Hồ sơ của tôi");
        }
        push("/inbox", "Việc cần làm");
        if in_scope(5) {
            push("/campaigns", "Rà soát");
        }
        if in_scope(8) {
            push("/secrets", "Sổ tài liệu mật");
        }
        if d[6] {
            push("/rules", "Quy định");
        }
        if in_scope(3) {
            push("/audit", "Nhật ký truy cập");
        }
        if d[4] {
            push("/admin/accounts", "Tài khoản");
        }
        push("/account", "Cá nhân");
        Self {
            title: title.into(),
            nonce: nonce.to_string(),
            csrf: a.caller.csrf().to_string(),
            user_name: account.display_name.clone(),
            user_role: account.role.label().to_string(),
            user_scope: account.scope_org.and_then(|o| tree.get(o)).map(|n| n.name.clone()).unwrap_or_default(),
            nav,
        }
    }
}
