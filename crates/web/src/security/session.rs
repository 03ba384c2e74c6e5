//! Who is calling: a browser session (cookie) or an API client (personal access token).
//! Runs before every handler; also enforces CSRF on every state-changing browser request.

use crate::security::{csrf, now_secs, token_hash};
use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bvctnb_app::accounts::{Account, SessionStage};
use bvctnb_app::audit::Outcome;
use std::net::SocketAddr;

pub const SESSION_COOKIE: &str = "bvctnb_session";
/// Double-submit token for the login form, before any session exists.
pub const LOGIN_CSRF_COOKIE: &str = "bvctnb_login";

#[derive(Debug, Clone)]
pub enum Auth {
    Session { token_hash: String, stage: SessionStage, csrf: String },
    Token { id: i64, can_write: bool },
}

#[derive(Debug, Clone)]
pub struct Caller {
    pub account: Account,
    pub auth: Auth,
}

impl Caller {
    pub fn can_write(&self) -> bool {
        match &self.auth {
            Auth::Session { .. } => true,
            Auth::Token { can_write, .. } => *can_write,
        }
    }

    pub fn fully_authenticated(&self) -> bool {
        match &self.auth {
            Auth::Session { stage, .. } => *stage == SessionStage::Full,
            Auth::Token { .. } => true,
        }
    }

    pub fn csrf(&self) -> &str {
        match &self.auth {
            Auth::Session { csrf, .. } => csrf,
            Auth::Token { .. } => "",
        }
    }
}

/// Client address as seen by this server.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

pub fn cookie<'a>(req_headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    req_headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub async fn load(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let ip =
        req.extensions().get::<ConnectInfo<SocketAddr>>().map_or_else(|| "-".to_string(), |c| c.0.ip().to_string());
    req.extensions_mut().insert(ClientIp(ip.clone()));
    let path = req.uri().path().to_string();
    if path.starts_with("/static/") {
        return next.run(req).await;
    }
    if path.starts_with("/api/") {
        match api_caller(&st, req.headers(), &ip).await {
            Ok(Some(c)) => {
                req.extensions_mut().insert(c);
            }
            Ok(None) => {}
            Err(e) => return e.into_response(),
        }
        return next.run(req).await;
    }
    let caller = match browser_caller(&st, req.headers()).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        let expected = match &caller {
            Some(c) => Some(c.csrf().to_string()),
            None => cookie(req.headers(), LOGIN_CSRF_COOKIE).map(str::to_string),
        };
        req = match csrf::check(req, expected.as_deref()).await {
            Ok(r) => r,
            Err(r) => {
                let who = caller.as_ref().map_or("-".to_string(), |c| c.account.username.clone());
                crate::access::record_plain(&st, &who, &ip, "csrf", "request", &path, None, Outcome::Denied, "").await;
                return r;
            }
        };
    }
    if let Some(c) = caller {
        req.extensions_mut().insert(c);
    }
    next.run(req).await
}

async fn browser_caller(st: &AppState, headers: &axum::http::HeaderMap) -> Result<Option<Caller>, crate::WebError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = token_hash(token);
    let store = &st.app;
    let Some(s) = store.session(&hash).await? else {
        return Ok(None);
    };
    let now = now_secs();
    let cfg = &st.config;
    if now - s.last_seen_at > cfg.session_idle_secs || now - s.created_at > cfg.session_absolute_secs {
        store.end_session(&hash).await?;
        return Ok(None);
    }
    let Some(account) = store.account(s.account_id).await? else {
        return Ok(None);
    };
    if account.disabled {
        store.end_session(&hash).await?;
        return Ok(None);
    }
    // One write a minute per session is enough for the idle timeout.
    if now - s.last_seen_at > 60 {
        store.touch_session(&hash, now).await?;
    }
    Ok(Some(Caller { account, auth: Auth::Session { token_hash: hash, stage: s.stage, csrf: s.csrf_token } }))
}

async fn api_caller(
    st: &AppState,
    headers: &axum::http::HeaderMap,
    ip: &str,
) -> Result<Option<Caller>, crate::WebError> {
    let Some(value) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let refuse = |why: &str| crate::WebError::Forbidden(format!("Mã truy cập API không dùng được: {why}"));
    let Some(token) = value.strip_prefix("Bearer ") else {
        return Err(crate::WebError::BadRequest("Tiêu đề Authorization phải có dạng \"Bearer MÃ\"".into()));
    };
    let store = &st.app;
    let Some(t) = store.api_token_by_hash(&token_hash(token.trim())).await? else {
        crate::access::record_plain(st, "-", ip, "api.token", "token", "-", None, Outcome::Failed, "mã không tồn tại")
            .await;
        return Err(crate::WebError::Unauthenticated);
    };
    let account = store.account(t.account_id).await?.ok_or_else(|| refuse("tài khoản không còn"))?;
    let now = now_secs();
    let problem = if t.revoked {
        Some("mã đã bị thu hồi")
    } else if t.expires_at.is_some_and(|e| e <= now) {
        Some("mã đã hết hạn")
    } else if account.disabled {
        Some("tài khoản đã bị khoá")
    } else {
        None
    };
    if let Some(p) = problem {
        crate::access::record_plain(
            st,
            &account.username,
            ip,
            "api.token",
            "token",
            &t.id.to_string(),
            None,
            Outcome::Denied,
            p,
        )
        .await;
        return Err(refuse(p));
    }
    store.api_token_used(t.id, &crate::format::now_rfc3339()).await?;
    Ok(Some(Caller { account, auth: Auth::Token { id: t.id, can_write: t.can_write } }))
}
