//! Login with password, then the second factor when the account has or needs one; logout.

use super::{Ctx, PageResult, render};
use crate::chrome::Chrome;
use crate::security::login::{self, Verdict};
use crate::security::random_token;
use crate::security::session::Auth;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use bvctnb_app::accounts::SessionStage;
use bvctnb_app::audit::Outcome;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    c: Chrome,
    error: String,
    username: String,
    next: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Only local paths: an attacker's link must not bounce a fresh login to another site.
/// Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so
/// "/\t/evil.example" would leave the site; and a redirect header takes visible ASCII only. So
/// the path is kept only when every character is visible ASCII other than a backslash (our own
/// links are percent-encoded), and its second character does not start another host.
pub fn safe_next(next: &str) -> Option<&str> {
    let local = next.starts_with('/') && !next[1..].starts_with('/');
    let plain = next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    (local && plain && next.len() <= 2048).then_some(next)
}

fn login_page(st: &AppState, ctx: &Ctx, error: String, username: String, next: String) -> Response {
    // A half-finished session (second factor pending) already has a CSRF token; otherwise
    // the login form uses a double-submit cookie.
    let (csrf, cookie) = match &ctx.caller {
        Some(c) => (c.csrf().to_string(), None),
        None => {
            let t = random_token();
            let cookie = login::login_csrf_cookie(st, &t);
            (t, Some(cookie))
        }
    };
    let page = LoginPage { c: Chrome::anonymous("Đăng nhập", &ctx.nonce, &csrf), error, username, next };
    let status = if page.error.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNAUTHORIZED };
    let mut res = (status, render(&page)).into_response();
    if let Some(c) = cookie.and_then(|c| c.parse().ok()) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

pub async fn login_form(State(st): State<AppState>, ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    if ctx.caller.as_ref().is_some_and(|c| c.fully_authenticated()) {
        return Redirect::to(safe_next(&q.next).unwrap_or("/")).into_response();
    }
    login_page(&st, &ctx, String::new(), String::new(), q.next)
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login(State(st): State<AppState>, ctx: Ctx, Form(f): Form<LoginForm>) -> PageResult {
    let now = crate::security::now_secs();
    if let Err(until) = st.login_throttle.begin(&ctx.ip, now) {
        // Refused before any password is hashed; the start of the wait was audited, not each try.
        let msg =
            format!("Đăng nhập sai quá nhiều lần từ máy này: thử lại sau {}", crate::format::datetime_secs(until));
        let mut res = login_page(&st, &ctx, msg, f.username, f.next);
        *res.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
        if let Ok(v) = (until - now).max(1).to_string().parse() {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(res);
    }
    let verdict = login::check_password(&st, &f.username, &f.password, &ctx.ip).await;
    let failed = !matches!(verdict, Ok(Verdict::Accepted(_)));
    if let Some(b) = st.login_throttle.end(&ctx.ip, crate::security::now_secs(), failed) {
        let detail = format!(
            "{} lần đăng nhập sai từ địa chỉ này: chờ đến {} (lần thứ {})",
            st.config.login_failures_per_address,
            crate::format::datetime_secs(b.until),
            b.strikes
        );
        crate::access::record_plain(
            &st,
            "-",
            &ctx.ip,
            "login.throttle",
            "address",
            &ctx.ip,
            None,
            Outcome::Denied,
            &detail,
        )
        .await;
    }
    let verdict = verdict?;
    let account = match verdict {
        Verdict::Accepted(a) => a,
        Verdict::Refused => {
            let msg = "Tên đăng nhập hoặc mật khẩu không đúng".to_string();
            return Ok(login_page(&st, &ctx, msg, f.username, f.next));
        }
        Verdict::Locked { until } => {
            let msg = format!(
                "Tài khoản tạm khoá do đăng nhập sai nhiều lần, thử lại sau {}",
                crate::format::datetime_secs(until)
            );
            return Ok(login_page(&st, &ctx, msg, f.username, f.next));
        }
    };
    // A fresh session on every login: a session id fixed before login is worthless after.
    if let Some(Auth::Session { token_hash, .. }) = ctx.caller.as_ref().map(|c| &c.auth) {
        st.app.end_session(token_hash).await?;
    }
    let (token, stage) = login::start_session(&st, &account, &ctx.ip).await?;
    let detail = match stage {
        SessionStage::Full => "đăng nhập",
        SessionStage::NeedsSecondFactor => "mật khẩu đúng, chờ mã xác thực hai lớp",
        SessionStage::NeedsEnrolment => "mật khẩu đúng, phải cài đặt xác thực hai lớp",
    };
    let id = account.id.to_string();
    crate::access::record_plain(&st, &account.username, &ctx.ip, "login", "account", &id, None, Outcome::Ok, detail)
        .await;
    let to = match stage {
        SessionStage::Full => safe_next(&f.next).unwrap_or(login::home_for(account.role)).to_string(),
        SessionStage::NeedsSecondFactor => "/login/totp".into(),
        SessionStage::NeedsEnrolment => "/account/totp".into(),
    };
    let mut res = Redirect::to(&to).into_response();
    if let Ok(v) = login::session_cookie(&st, &token).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[derive(Template)]
#[template(path = "auth/totp.html")]
struct TotpPage {
    c: Chrome,
    error: String,
}

pub async fn totp_form(ctx: Ctx) -> Response {
    match &ctx.caller {
        Some(c) if matches!(c.auth, Auth::Session { stage: SessionStage::NeedsSecondFactor, .. }) => {
            render(&TotpPage {
                c: Chrome::anonymous("Xác thực hai lớp", &ctx.nonce, c.csrf()), error: String::new()
            })
        }
        _ => Redirect::to("/login").into_response(),
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

pub async fn totp(State(st): State<AppState>, ctx: Ctx, Form(f): Form<CodeForm>) -> PageResult {
    let Some(c) = &ctx.caller else {
        return Ok(Redirect::to("/login").into_response());
    };
    let Auth::Session { token_hash, stage: SessionStage::NeedsSecondFactor, .. } = &c.auth else {
        return Ok(Redirect::to("/login").into_response());
    };
    let a = &c.account;
    let id = a.id.to_string();
    let ok = match a.totp_secret.as_deref() {
        Some(secret) => login::fresh_code(&st, a, secret, &f.code).await?,
        None => false,
    };
    if !ok {
        let now = crate::security::now_secs();
        let after = st.app.login_failed(a.id, st.config.max_failed_logins, now + st.config.lockout_secs).await?;
        let locked = after.locked_until.is_some_and(|u| u > now);
        crate::access::record_plain(&st, &a.username, &ctx.ip, "login.totp", "account", &id, None, Outcome::Failed, "")
            .await;
        if locked {
            st.app.end_session(token_hash).await?;
            let detail = "sai mã xác thực nhiều lần: khoá tài khoản";
            crate::access::record_plain(
                &st,
                &a.username,
                &ctx.ip,
                "account.lock",
                "account",
                &id,
                None,
                Outcome::Ok,
                detail,
            )
            .await;
            return Ok(Redirect::to("/login").into_response());
        }
        let page = TotpPage {
            c: Chrome::anonymous("Xác thực hai lớp", &ctx.nonce, c.csrf()),
            error: "Mã xác thực không đúng, đã hết hạn hoặc đã được dùng: chờ mã mới".into(),
        };
        return Ok((axum::http::StatusCode::UNAUTHORIZED, render(&page)).into_response());
    }
    st.app.login_succeeded(a.id).await?;
    let cookie = login::restart_full(&st, a, token_hash, &ctx.ip).await?;
    crate::access::record_plain(&st, &a.username, &ctx.ip, "login.totp", "account", &id, None, Outcome::Ok, "").await;
    let mut res = Redirect::to(login::home_for(a.role)).into_response();
    if let Ok(v) = cookie.parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

pub async fn logout(State(st): State<AppState>, ctx: Ctx) -> PageResult {
    if let Some(c) = &ctx.caller {
        if let Auth::Session { token_hash, .. } = &c.auth {
            st.app.end_session(token_hash).await?;
        }
        let id = c.account.id.to_string();
        crate::access::record_plain(&st, &c.account.username, &ctx.ip, "logout", "account", &id, None, Outcome::Ok, "")
            .await;
    }
    let mut res = Redirect::to("/login").into_response();
    if let Ok(v) = login::clear_session_cookie(&st).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        for ok in ["/", "/persons/12", "/search?q=nguyen+van+an", "/cases/3#r2", "/search?q=nguy%E1%BB%85n"] {
            assert_eq!(safe_next(ok), Some(ok), "{ok}");
        }
        for bad in [
            "",
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/%09/evil.example\r\nSet-Cookie: x=1",
            "/\\/evil.example",
            "/ok\u{0}",
            "/tìm-kiếm",
            "evil.example",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }
}
