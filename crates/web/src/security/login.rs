//! Password check with lockout, and session start. Every attempt is audited.

use crate::security::{now_secs, password, random_token, session, token_hash};
use crate::state::AppState;
use bvctnb_app::accounts::{Account, Session, SessionStage};
use bvctnb_app::audit::Outcome;
use bvctnb_core::access::Role;

pub enum Verdict {
    Accepted(Box<Account>),
    /// Wrong username or password; the message does not say which.
    Refused,
    Locked {
        until: i64,
    },
}

pub async fn check_password(st: &AppState, username: &str, pw: &str, ip: &str) -> Result<Verdict, crate::WebError> {
    let store = &st.app;
    let username = username.trim();
    let Some(account) = store.account_by_username(username).await? else {
        password::burn();
        // What was typed is not kept: people type their password into the name field.
        let detail = "tên đăng nhập không tồn tại";
        crate::access::record_plain(st, "-", ip, "login", "account", "-", None, Outcome::Failed, detail).await;
        return Ok(Verdict::Refused);
    };
    let now = now_secs();
    let id = account.id.to_string();
    if let Some(until) = account.locked_until.filter(|u| *u > now) {
        password::burn();
        crate::access::record_plain(
            st,
            username,
            ip,
            "login",
            "account",
            &id,
            None,
            Outcome::Denied,
            "tài khoản đang bị khoá",
        )
        .await;
        return Ok(Verdict::Locked { until });
    }
    let phc = account.password_hash.clone();
    let pw_owned = pw.to_string();
    let ok = tokio::task::spawn_blocking(move || password::verify(&pw_owned, &phc)).await.unwrap_or(false);
    if !ok || account.barred() {
        let after = store.login_failed(account.id, st.config.max_failed_logins, now + st.config.lockout_secs).await?;
        let locked = after.locked_until.is_some_and(|u| u > now);
        let detail = if account.disabled {
            "tài khoản đã bị vô hiệu hoá".to_string()
        } else if account.awaiting_approval.is_some() {
            "tài khoản chờ quản trị viên thứ hai duyệt quyền".to_string()
        } else if locked {
            format!("sai mật khẩu lần thứ {}: khoá tài khoản", st.config.max_failed_logins)
        } else {
            format!("sai mật khẩu ({} lần liên tiếp)", after.failed_logins)
        };
        crate::access::record_plain(st, username, ip, "login", "account", &id, None, Outcome::Failed, &detail).await;
        if locked {
            crate::access::record_plain(st, username, ip, "account.lock", "account", &id, None, Outcome::Ok, &detail)
                .await;
            return Ok(Verdict::Locked { until: after.locked_until.unwrap_or(now) });
        }
        return Ok(Verdict::Refused);
    }
    store.login_succeeded(account.id).await?;
    Ok(Verdict::Accepted(Box::new(account)))
}

/// Which stage a fresh session starts in: a second factor is owed, or must first be enrolled.
/// `wide` is whether the account's scope lies above the grassroots level and policy asks a
/// second factor there.
pub fn first_stage(a: &Account, wide: bool) -> SessionStage {
    let needs = a.clearance.requires_second_factor(a.role) || wide || a.totp_secret.is_some();
    match (needs, a.totp_secret.is_some()) {
        (false, _) => SessionStage::Full,
        (true, true) => SessionStage::NeedsSecondFactor,
        (true, false) => SessionStage::NeedsEnrolment,
    }
}

/// Creates the server-side session; returns the cookie value (only its hash is stored).
pub async fn start_session(st: &AppState, a: &Account, ip: &str) -> Result<(String, SessionStage), crate::WebError> {
    let wide = st.config.second_factor_above_grassroots && st.app.is_wide_scope(a.scope_org);
    let stage = first_stage(a, wide);
    Ok((new_session(st, a, ip, stage).await?, stage))
}

/// The second factor passed: the session that waited for it ends and a full one starts, so an
/// id learnt before (fixed by an attacker, or seen on the way) opens nothing. Returns the
/// cookie to set.
pub async fn restart_full(st: &AppState, a: &Account, old_hash: &str, ip: &str) -> Result<String, crate::WebError> {
    st.app.end_session(old_hash).await?;
    let token = new_session(st, a, ip, SessionStage::Full).await?;
    Ok(session_cookie(st, &token))
}

/// A code of the account's second factor that is good now and was not used before; a used
/// one is refused like a wrong one (RFC 6238 §5.2).
pub async fn fresh_code(st: &AppState, a: &Account, secret: &str, code: &str) -> Result<bool, crate::WebError> {
    match crate::security::totp::matched_step(secret, code) {
        Some(step) => Ok(st.app.use_totp_step(a.id, step).await?),
        None => Ok(false),
    }
}

async fn new_session(st: &AppState, a: &Account, ip: &str, stage: SessionStage) -> Result<String, crate::WebError> {
    let token = random_token();
    let now = now_secs();
    let s = Session {
        token_hash: token_hash(&token),
        account_id: a.id,
        stage,
        csrf_token: random_token(),
        created_at: now,
        last_seen_at: now,
        ip: ip.to_string(),
    };
    st.app.create_session(&s).await?;
    Ok(token)
}

pub fn session_cookie(st: &AppState, value: &str) -> String {
    let secure = if st.config.secure_cookies { "; Secure" } else { "" };
    format!("{}={value}; Path=/; HttpOnly; SameSite=Strict{secure}", session::SESSION_COOKIE)
}

pub fn clear_session_cookie(st: &AppState) -> String {
    let secure = if st.config.secure_cookies { "; Secure" } else { "" };
    format!("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}", session::SESSION_COOKIE)
}

pub fn login_csrf_cookie(st: &AppState, value: &str) -> String {
    let secure = if st.config.secure_cookies { "; Secure" } else { "" };
    format!("{}={value}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600{secure}", session::LOGIN_CSRF_COOKIE)
}

/// Where a role lands after login.
pub fn home_for(role: Role) -> &'static str {
    match role {
        Role::Subject => "/me",
        Role::Admin => "/admin/accounts",
        _ => "/",
    }
}
