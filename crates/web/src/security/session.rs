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
use std::net::{IpAddr, SocketAddr};

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

/// The client's address: the peer's, or, when the peer is a trusted proxy, the nearest
/// address in `X-Forwarded-For` that is not one of the trusted proxies (the entries further
/// left were written by the client itself and prove nothing).
pub fn client_addr(peer: Option<IpAddr>, headers: &axum::http::HeaderMap, trusted: &[IpAddr]) -> String {
    // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d.
    let Some(peer) = peer.map(|p| p.to_canonical()) else { return "-".to_string() };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>().map(|ip| ip.to_canonical()) {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return ip.to_string(),
            Err(_) => break,
        }
    }
    peer.to_string()
}

pub async fn load(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let ip = client_addr(peer, req.headers(), &st.config.trusted_proxies);
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
    if account.barred() {
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
    } else if past_max_lifetime(&t.created_at, now, st.config.api_token_max_days) {
        Some("mã đã quá thời hạn tối đa của mã truy cập")
    } else if account.barred() {
        Some("tài khoản đã bị khoá hoặc đang chờ duyệt quyền")
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

/// Whether a token created at `created_at` (RFC 3339) is older than `max_days` at `now`; a
/// creation time that cannot be read counts as too old.
fn past_max_lifetime(created_at: &str, now: i64, max_days: i64) -> bool {
    match chrono::DateTime::parse_from_rfc3339(created_at) {
        Ok(t) => t.timestamp() + max_days * 86_400 <= now,
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_ends_at_the_maximum_lifetime_whatever_its_own_end() {
        let created = "2026-01-01T00:00:00Z";
        let t0 = chrono::DateTime::parse_from_rfc3339(created).unwrap().timestamp();
        assert!(!past_max_lifetime(created, t0 + 90 * 86_400 - 1, 90));
        assert!(past_max_lifetime(created, t0 + 90 * 86_400, 90));
        assert!(past_max_lifetime(created, t0 + 31 * 86_400, 30), "a token made under a longer limit");
        assert!(past_max_lifetime("not a time", t0, 90), "an unreadable creation time counts as too old");
    }

    #[test]
    fn the_forwarded_address_counts_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let mut h = axum::http::HeaderMap::new();
        h.insert("x-forwarded-for", "198.51.100.1, 203.0.113.7, 10.0.0.2".parse().unwrap());
        assert_eq!(client_addr(Some(client), &h, &[proxy]), "203.0.113.7", "not a proxy: the header is ignored");
        assert_eq!(client_addr(Some(proxy), &h, &[]), "10.0.0.2", "no proxy trusted");
        // The nearest untrusted hop, not the leftmost (which the client wrote itself).
        assert_eq!(client_addr(Some(proxy), &h, &[proxy]), "203.0.113.7");
        h.insert("x-forwarded-for", "bogus".parse().unwrap());
        assert_eq!(client_addr(Some(proxy), &h, &[proxy]), "10.0.0.2");
        assert_eq!(client_addr(None, &h, &[proxy]), "-");
        let mapped: IpAddr = "::ffff:10.0.0.2".parse().unwrap();
        h.insert("x-forwarded-for", "203.0.113.7".parse().unwrap());
        assert_eq!(client_addr(Some(mapped), &h, &[proxy]), "203.0.113.7", "an IPv4 proxy on a dual-stack socket");
    }
}
