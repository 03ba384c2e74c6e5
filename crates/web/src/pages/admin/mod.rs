//! Account administration: role, organisation scope, clearance, link to a person; a password
//! set anew, a second factor cleared, a lock lifted.

pub mod pick;

use super::dossier::forms::Field;
use super::{PageResult, User, render};
use crate::access::Target;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::security::password;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use bvctnb_app::accounts::{Account, AccountUpdate, NewAccount};
use bvctnb_app::audit::Outcome;
use bvctnb_authz::{Action, Resource};
use bvctnb_core::access::{Clearance, Role};
use bvctnb_core::ids::{AccountId, OrgId, PersonId};

pub struct AccountRow {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: &'static str,
    pub scope: String,
    pub clearance: &'static str,
    pub person: String,
    pub state: String,
    pub totp: bool,
    /// Waiting for a second administrator, and this one may approve.
    pub can_approve: bool,
}

#[derive(Template)]
#[template(path = "admin/accounts.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<AccountRow>,
}

async fn require_admin(st: &AppState, u: &User, what: &str) -> Result<(), WebError> {
    let action = if what == "account.list" || what == "account.read" {
        Action::ManageAccounts
    } else {
        Action::ManageAccountsWrite
    };
    u.access.require(st, action, &Resource::System, &Target::plain(what, "account", "-")).await
}

pub async fn list(State(st): State<AppState>, u: User) -> PageResult {
    require_admin(&st, &u, "account.list").await?;
    let tree = st.app.tree();
    let now = crate::security::now_secs();
    let accounts = st.app.list_accounts().await?;
    let linked: Vec<PersonId> = accounts.iter().filter_map(|a| a.person_id).collect();
    let names: std::collections::HashMap<PersonId, String> = st
        .app
        .person_summaries(&linked)
        .await?
        .into_iter()
        .map(|s| (s.id, format!("{}, {} (hồ sơ {})", s.full_name, s.birth_year, s.id)))
        .collect();
    let rows = accounts
        .into_iter()
        .map(|a| AccountRow {
            id: a.id.0,
            scope: a.scope_org.map_or_else(String::new, |o| tree.path_label(o)),
            person: a
                .person_id
                .map(|p| names.get(&p).cloned().unwrap_or_else(|| format!("(hồ sơ {p})")))
                .unwrap_or_default(),
            can_approve: a.awaiting_approval.as_deref().is_some_and(|by| by != u.access.username()),
            state: if a.disabled {
                "Vô hiệu hoá".into()
            } else if let Some(by) = &a.awaiting_approval {
                format!("Chờ quản trị viên thứ hai duyệt quyền (do {by} đề nghị)")
            } else if a.locked_until.is_some_and(|l| l > now) {
                format!("Khoá đến {}", crate::format::datetime_secs(a.locked_until.unwrap_or(now)))
            } else {
                "Hoạt động".into()
            },
            totp: a.totp_secret.is_some(),
            username: a.username,
            name: a.display_name,
            role: a.role.label(),
            clearance: a.clearance.label(),
        })
        .collect();
    u.access.record(&st, &Target::plain("account.list", "account", "-"), Outcome::Ok, "").await?;
    Ok(render(&ListPage { c: u.chrome(&st, "Tài khoản", "/admin/accounts"), rows }))
}

#[derive(Template)]
#[template(path = "admin/account_form.html")]
struct FormPage {
    c: Chrome,
    heading: String,
    action: String,
    fields: Vec<Field>,
    is_new: bool,
    disabled: bool,
    totp: bool,
    /// Until when logins are refused after failures, when they are.
    locked: String,
}

fn role_options() -> Vec<(String, String)> {
    Role::ALL.iter().map(|r| (r.code().to_string(), r.label().to_string())).collect()
}

fn clearance_options() -> Vec<(String, String)> {
    Clearance::ALL.iter().map(|c| (c.code().to_string(), c.label().to_string())).collect()
}

/// The form's fields; `person` is how the linked dossier reads (see [`pick::person_text`]).
fn fields(tree: &bvctnb_core::org::OrgTree, a: Option<&Account>, person: String, is_new: bool) -> Vec<Field> {
    let mut f = vec![
        Field::text("username", "Tên đăng nhập", a.map(|a| a.username.clone()).unwrap_or_default()).required(),
        Field::text("display_name", "Họ và tên người dùng", a.map(|a| a.display_name.clone()).unwrap_or_default())
            .required(),
        Field::text("role", "Vai trò", a.map_or("officer", |a| a.role.code())).select(role_options()),
        Field::text(
            "scope_org",
            "Phạm vi (tổ chức gốc)",
            a.and_then(|a| a.scope_org).map(|o| pick::org_text(tree, o)).unwrap_or_default(),
        )
        .hint("gõ tên tổ chức rồi chọn; để trống nếu chỉ xem hồ sơ của chính mình"),
        Field::text("clearance", "Độ mật được tiếp cận", a.map_or("mat", |a| a.clearance.code()))
            .select(clearance_options()),
        Field::text("person_id", "Gắn với hồ sơ", person).hint("số CCCD, số thẻ đảng viên hoặc mã hồ sơ"),
    ];
    if is_new {
        f.push(Field::text("password", "Mật khẩu ban đầu", "").required().hint("ít nhất 10 ký tự"));
    } else {
        f.push(Field::text("new_password", "Đặt lại mật khẩu", "").hint("để trống nếu không đổi; ít nhất 10 ký tự"));
    }
    f
}

/// Until when the account is locked after failed logins, in words; empty when it is not.
fn locked(a: &Account) -> String {
    let now = crate::security::now_secs();
    a.locked_until.filter(|l| *l > now).map(crate::format::datetime_secs).unwrap_or_default()
}

pub async fn new_form(State(st): State<AppState>, u: User) -> PageResult {
    require_admin(&st, &u, "account.create").await?;
    Ok(render(&FormPage {
        c: u.chrome(&st, "Tạo tài khoản", "/admin/accounts"),
        heading: "Tạo tài khoản".into(),
        action: "/admin/accounts/new".into(),
        fields: fields(&st.app.tree(), None, String::new(), true),
        is_new: true,
        disabled: false,
        totp: false,
        locked: String::new(),
    }))
}

pub async fn edit_form(State(st): State<AppState>, u: User, Path(id): Path<AccountId>) -> PageResult {
    require_admin(&st, &u, "account.read").await?;
    let a = st.app.account(id).await?.ok_or_else(|| WebError::not_found("tài khoản"))?;
    Ok(render(&FormPage {
        c: u.chrome(&st, "Sửa tài khoản", "/admin/accounts"),
        heading: format!("Tài khoản {}", a.username),
        action: format!("/admin/accounts/{id}"),
        fields: fields(&st.app.tree(), Some(&a), person_of(&st, &a).await, false),
        is_new: false,
        disabled: a.disabled,
        totp: a.totp_secret.is_some(),
        locked: locked(&a),
    }))
}

async fn person_of(st: &AppState, a: &Account) -> String {
    match a.person_id {
        Some(p) => pick::person_text(st, p).await,
        None => String::new(),
    }
}

struct Parsed {
    display_name: String,
    role: Role,
    scope_org: Option<OrgId>,
    clearance: Clearance,
    person_id: Option<PersonId>,
}

/// Reads the common fields; puts each problem on its field.
async fn parse(st: &AppState, form: &[(String, String)], fields: &mut [Field]) -> Option<Parsed> {
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    for f in fields.iter_mut() {
        if f.name != "password" && f.name != "new_password" {
            f.value = get(&f.name);
        }
    }
    let mut set_err = |name: &str, msg: String| {
        if let Some(f) = fields.iter_mut().find(|f| f.name == name) {
            f.error = msg;
        }
    };
    let role = Role::from_code(&get("role"));
    let clearance = Clearance::from_code(&get("clearance"));
    let scope_org = pick::org_from_text(&st.app.tree(), &get("scope_org")).map_err(|e| format!("Phạm vi: {e}"));
    let person_id = pick::person_from_text(st, &get("person_id")).await.map_err(|e| format!("Gắn với hồ sơ: {e}"));
    let mut ok = true;
    if get("display_name").is_empty() {
        set_err("display_name", "Họ và tên người dùng: không được để trống".into());
        ok = false;
    }
    if role.is_none() {
        set_err("role", "Vai trò không hợp lệ".into());
        ok = false;
    }
    if clearance.is_none() {
        set_err("clearance", "Độ mật không hợp lệ".into());
        ok = false;
    }
    if let Err(e) = &scope_org {
        set_err("scope_org", e.clone());
        ok = false;
    }
    if let Err(e) = &person_id {
        set_err("person_id", e.clone());
        ok = false;
    }
    if matches!(scope_org, Ok(None))
        && role.is_some_and(|r| !matches!(r, Role::Subject | Role::Admin | Role::Coordinator))
    {
        set_err("scope_org", "Vai trò này cần phạm vi tổ chức".into());
        ok = false;
    }
    if matches!(person_id, Ok(None)) && role == Some(Role::Subject) {
        set_err("person_id", "Tài khoản người khai lý lịch phải gắn với hồ sơ".into());
        ok = false;
    }
    if !ok {
        return None;
    }
    Some(Parsed {
        display_name: get("display_name"),
        role: role?,
        scope_org: scope_org.ok()?,
        clearance: clearance?,
        person_id: person_id.ok()?,
    })
}

pub async fn create(State(st): State<AppState>, u: User, Form(form): Form<Vec<(String, String)>>) -> PageResult {
    require_admin(&st, &u, "account.create").await?;
    let mut fs = fields(&st.app.tree(), None, String::new(), true);
    let parsed = parse(&st, &form, &mut fs).await;
    let username = form.iter().find(|(k, _)| k == "username").map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let pw = form.iter().find(|(k, _)| k == "password").map(|(_, v)| v.clone()).unwrap_or_default();
    let mut ok = parsed.is_some();
    if username.is_empty() || !username.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
        fs[0].error = "Tên đăng nhập: chỉ chữ không dấu, số và . _ -".into();
        ok = false;
    }
    if let Some(msg) = password::check_new(&pw, &username) {
        if let Some(f) = fs.iter_mut().find(|f| f.name == "password") {
            f.error = msg;
        }
        ok = false;
    }
    if let (true, Some(p)) = (ok, parsed) {
        let hash = password::hash(&pw).map_err(WebError::internal)?;
        let by = u.access.username();
        let new = NewAccount {
            username: username.clone(),
            display_name: p.display_name,
            role: p.role,
            scope_org: p.scope_org,
            clearance: p.clearance,
            person_id: p.person_id,
            password_hash: hash,
            awaiting_approval: None,
        };
        let t = Target::new_record("account.create", "account", None);
        let detail = format!("{} {}", new.username, new.role.code());
        match u.access.write(&st, &t, &detail, st.app.request_account(new.clone(), by)).await {
            Ok(_) => return Ok(Redirect::to("/admin/accounts").into_response()),
            Err(WebError::Conflict(m)) => fs[0].error = m,
            Err(e) => return Err(e.into()),
        }
    }
    let page = FormPage {
        c: u.chrome(&st, "Tạo tài khoản", "/admin/accounts"),
        heading: "Tạo tài khoản".into(),
        action: "/admin/accounts/new".into(),
        fields: fs,
        is_new: true,
        disabled: false,
        totp: false,
        locked: String::new(),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

pub async fn update(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<AccountId>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    require_admin(&st, &u, "account.update").await?;
    let current = st.app.account(id).await?.ok_or_else(|| WebError::not_found("tài khoản"))?;
    let mut fs = fields(&st.app.tree(), Some(&current), String::new(), false);
    let disabled = form.iter().any(|(k, _)| k == "disabled");
    let reset_totp = form.iter().any(|(k, _)| k == "reset_totp");
    let unlock = form.iter().any(|(k, _)| k == "unlock");
    let new_password = form.iter().find(|(k, _)| k == "new_password").map(|(_, v)| v.clone()).unwrap_or_default();
    let parsed = parse(&st, &form, &mut fs).await;
    let mut password_ok = true;
    if !new_password.is_empty()
        && let Some(msg) = password::check_new(&new_password, &current.username)
    {
        if let Some(f) = fs.iter_mut().find(|f| f.name == "new_password") {
            f.error = format!("Đặt lại mật khẩu: {msg}");
        }
        password_ok = false;
    }
    if let (Some(p), true) = (parsed, password_ok) {
        fs[0].value = current.username.clone();
        let upd = AccountUpdate {
            display_name: p.display_name,
            role: p.role,
            scope_org: p.scope_org,
            clearance: p.clearance,
            person_id: p.person_id,
            disabled,
            awaiting_approval: None,
        };
        let set_password = !new_password.is_empty();
        let detail = format!(
            "vai trò={} phạm vi={:?} độ mật={} hồ sơ={:?} vô hiệu={disabled} đặt lại 2FA={reset_totp} \
             đặt lại mật khẩu={set_password} mở khoá={unlock}",
            upd.role.code(),
            upd.scope_org.map(|o| o.0),
            upd.clearance.code(),
            upd.person_id.map(|p| p.0)
        );
        let hash = if set_password { Some(password::hash(&new_password).map_err(WebError::internal)?) } else { None };
        // Rights changed: sessions opened under the old rights end; a new password ends the
        // API tokens too.
        let t = Target::plain("account.update", "account", id.to_string());
        let by = u.access.username();
        let app = &st.app;
        let change = async {
            let a = app.update_account(id, &upd, reset_totp, by).await?;
            if let Some(h) = &hash {
                app.set_password(id, h).await?;
            }
            if unlock {
                app.login_succeeded(id).await?;
            }
            Ok::<_, bvctnb_app::Error>(a)
        };
        u.access.write(&st, &t, &detail, change).await?;
        return Ok(Redirect::to("/admin/accounts").into_response());
    }
    fs[0].value = current.username.clone();
    let page = FormPage {
        c: u.chrome(&st, "Sửa tài khoản", "/admin/accounts"),
        heading: format!("Tài khoản {}", current.username),
        action: format!("/admin/accounts/{}", id.0),
        fields: fs,
        is_new: false,
        disabled,
        totp: current.totp_secret.is_some(),
        locked: locked(&current),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

/// A second administrator approves the wide rights another one gave (four eyes).
pub async fn approve(State(st): State<AppState>, u: User, Path(id): Path<AccountId>) -> PageResult {
    require_admin(&st, &u, "account.approve").await?;
    let t = Target::plain("account.approve", "account", id.to_string());
    let by = u.access.username();
    match u.access.write(&st, &t, "", st.app.approve_account(id, by)).await {
        Ok(_) => Ok(Redirect::to("/admin/accounts").into_response()),
        Err(e) => {
            u.access.record(&st, &t, Outcome::Failed, &e.to_string()).await?;
            Err(e.into())
        }
    }
}
