//! "Cá nhân": second factor, password, personal access tokens for the API.

use super::dossier::forms::Field;
use super::{Ctx, PageResult, User, render};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::security::session::Auth;
use crate::security::{now_secs, password, random_token, token_hash, totp};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use bvctnb_app::accounts::{ApiToken, NewApiToken, SessionStage};
use serde::Deserialize;

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub access: &'static str,
    pub created: String,
    pub expires: String,
    pub last_used: String,
    pub revoked: bool,
}

fn rows(tokens: Vec<ApiToken>) -> Vec<TokenRow> {
    tokens
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            access: if t.can_write { "Đọc và ghi" } else { "Chỉ đọc" },
            created: crate::format::datetime(&t.created_at),
            expires: t.expires_at.map_or_else(|| "Không".into(), crate::format::datetime_secs),
            last_used: t.last_used_at.as_deref().map_or_else(|| "Chưa dùng".into(), crate::format::datetime),
            revoked: t.revoked,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "account/index.html")]
struct AccountPage {
    c: Chrome,
    username: String,
    role: String,
    clearance: String,
    totp_on: bool,
    tokens: Vec<TokenRow>,
    new_token: String,
    message: String,
    pw_fields: Vec<Field>,
    token_fields: Vec<Field>,
}

async fn page(st: &AppState, u: &User, new_token: String, message: String, pw_fields: Vec<Field>) -> PageResult {
    token_page(st, u, new_token, message, pw_fields, token_fields(st, "", None)).await
}

async fn token_page(
    st: &AppState,
    u: &User,
    new_token: String,
    message: String,
    pw_fields: Vec<Field>,
    token_fields: Vec<Field>,
) -> PageResult {
    let a = &u.access.caller.account;
    let tokens = rows(st.app.api_tokens_of(a.id).await?);
    Ok(render(&AccountPage {
        c: u.chrome(st, "Tài khoản cá nhân", "/account"),
        username: a.username.clone(),
        role: a.role.label().into(),
        clearance: a.clearance.label().into(),
        totp_on: a.totp_secret.is_some(),
        tokens,
        new_token,
        message,
        pw_fields,
        token_fields,
    }))
}

/// The new-token form; `typed` is what a refused post had in it.
fn token_fields(st: &AppState, name: &str, typed: Option<&str>) -> Vec<Field> {
    let max = st.config.api_token_max_days;
    let days = typed.map_or_else(|| max.min(90).to_string(), str::to_string);
    vec![
        Field::text("name", "Tên mã (để nhận ra sau này)", name).required(),
        Field::text("days", "Hiệu lực (ngày)", days).hint(&format!("từ 1 đến {max} ngày")),
    ]
}

fn pw_fields() -> Vec<Field> {
    vec![
        Field::text("current", "Mật khẩu hiện tại", "").required(),
        Field::text("new", "Mật khẩu mới", "").required().hint("ít nhất 10 ký tự"),
    ]
}

pub async fn show(State(st): State<AppState>, u: User) -> PageResult {
    page(&st, &u, String::new(), String::new(), pw_fields()).await
}

#[derive(Template)]
#[template(path = "auth/enrol.html")]
struct EnrolPage {
    c: Chrome,
    secret: String,
    url: String,
    error: String,
    mandatory: bool,
}

fn enrol_page(ctx: &Ctx, csrf: &str, a: &bvctnb_app::accounts::Account, secret: String, error: String) -> PageResult {
    let url = totp::url(&secret, &a.username);
    let mandatory = a.clearance.requires_second_factor(a.role);
    let c = Chrome::anonymous("Xác thực hai lớp", &ctx.nonce, csrf);
    let status =
        if error.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, render(&EnrolPage { c, secret, url, error, mandatory })).into_response())
}

/// Reached right after login when the second factor is mandatory but not set up, or from
/// the account page. Re-enrolment of an existing factor is not offered here: an administrator
/// resets it, so a stolen session cannot swap the factor.
pub async fn enrol_form(ctx: Ctx) -> PageResult {
    let Some(c) = &ctx.caller else {
        return Ok(Redirect::to("/login").into_response());
    };
    if c.account.totp_secret.is_some() {
        return Ok(Redirect::to("/account").into_response());
    }
    enrol_page(&ctx, c.csrf(), &c.account, totp::new_secret(), String::new())
}

#[derive(Deserialize)]
pub struct EnrolForm {
    secret: String,
    code: String,
}

pub async fn enrol(State(st): State<AppState>, ctx: Ctx, Form(f): Form<EnrolForm>) -> PageResult {
    let Some(c) = &ctx.caller else {
        return Ok(Redirect::to("/login").into_response());
    };
    let Auth::Session { token_hash, stage, .. } = &c.auth else {
        return Err(WebError::forbidden().into());
    };
    if c.account.totp_secret.is_some() || *stage == SessionStage::NeedsSecondFactor {
        return Ok(Redirect::to("/account").into_response());
    }
    if !crate::security::login::fresh_code(&st, &c.account, &f.secret, &f.code).await? {
        return enrol_page(
            &ctx,
            c.csrf(),
            &c.account,
            f.secret,
            "Mã xác thực không đúng: kiểm tra giờ của điện thoại rồi nhập mã mới".into(),
        );
    }
    let id = c.account.id.to_string();
    let event = crate::access::plain_event(&c.account.username, &ctx.ip, "account.totp", "account", &id, "kích hoạt");
    let (enrolled, _) = bvctnb_app::audit::within(event, st.app.enrol_totp(c.account.id, &f.secret)).await;
    enrolled?;
    let cookie = crate::security::login::restart_full(&st, &c.account, token_hash, &ctx.ip).await?;
    let mut res = Redirect::to(crate::security::login::home_for(c.account.role)).into_response();
    if let Ok(v) = cookie.parse() {
        res.headers_mut().append(axum::http::header::SET_COOKIE, v);
    }
    Ok(res)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
}

pub async fn change_password(State(st): State<AppState>, u: User, Form(f): Form<PasswordForm>) -> PageResult {
    let a = u.access.caller.account.clone();
    let mut fields = pw_fields();
    if !password::verify(&f.current, &a.password_hash) {
        fields[0].error = "Mật khẩu hiện tại không đúng".into();
    } else if let Some(msg) = password::check_new(&f.new, &a.username) {
        fields[1].error = msg;
    } else {
        let hash = password::hash(&f.new).map_err(WebError::internal)?;
        // Every other session ends; this one too, so the user logs in with the new password.
        let target = crate::access::Target::plain("account.password", "account", a.id.to_string());
        u.access.write(&st, &target, "", st.app.set_password(a.id, &hash)).await?;
        return Ok(Redirect::to("/login").into_response());
    }
    let res = page(&st, &u, String::new(), String::new(), fields).await?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, res).into_response())
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
    #[serde(default)]
    write: Option<String>,
    #[serde(default)]
    days: Option<String>,
}

pub async fn create_token(State(st): State<AppState>, u: User, Form(f): Form<TokenForm>) -> PageResult {
    let a = &u.access.caller.account;
    let typed_days = f.days.as_deref().unwrap_or("");
    let mut fields = token_fields(&st, &f.name, Some(typed_days));
    let max = st.config.api_token_max_days;
    let name = f.name.trim();
    let days = match typed_days.trim() {
        "" => Ok(max.min(90)),
        d => d.parse::<i64>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(|| {
            format!("«{d}» không dùng được: ghi số ngày từ 1 đến {max} (tối đa do quản trị hệ thống đặt)")
        }),
    };
    if name.is_empty() {
        fields[0].error = "Cần đặt tên cho mã truy cập".into();
    }
    if let Err(e) = &days {
        fields[1].error = e.clone();
    }
    let days = match days {
        Ok(d) if !name.is_empty() => d,
        _ => {
            let msg = "Chưa tạo mã: xem lỗi ở từng ô.".to_string();
            let res = token_page(&st, &u, String::new(), msg, pw_fields(), fields).await?;
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, res).into_response());
        }
    };
    let token = format!("bvt_{}", random_token());
    let new = NewApiToken {
        account_id: a.id,
        name: name.to_string(),
        token_hash: token_hash(&token),
        can_write: f.write.is_some(),
        expires_at: Some(now_secs() + days * 86_400),
    };
    let target = crate::access::Target::new_record("token.create", "token", None);
    u.access.write(&st, &target, name, st.app.create_api_token(&new)).await?;
    page(&st, &u, token, "Đã tạo mã. Hãy chép ngay: mã chỉ hiện một lần.".into(), pw_fields()).await
}

pub async fn revoke_token(State(st): State<AppState>, u: User, Path(id): Path<i64>) -> PageResult {
    let a = &u.access.caller.account;
    let target = crate::access::Target::plain("token.revoke", "token", id.to_string());
    u.access.write(&st, &target, "", st.app.revoke_api_token(a.id, id)).await?;
    Ok(Redirect::to("/account").into_response())
}
