//! CSRF: every state-changing browser request carries the session's token, in the form field
//! `_csrf` or the `X-CSRF-Token` header (htmx). Checked once, before any handler runs.

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

pub const FIELD: &str = "_csrf";
pub const HEADER: &str = "x-csrf-token";
const MAX_FORM: usize = 2 * 1024 * 1024;

pub async fn check(req: Request, expected: Option<&str>) -> Result<Request, Response> {
    let refuse = || {
        (
            StatusCode::FORBIDDEN,
            Html(
                "<!doctype html><meta charset=utf-8><title>Biểu mẫu hết hạn</title>\
                 <p>Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi thử lại.</p>\
                 <p><a href=\"/\">Về trang chính</a></p>",
            ),
        )
            .into_response()
    };
    let Some(expected) = expected.filter(|e| !e.is_empty()) else {
        return Err(refuse());
    };
    if let Some(h) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return if super::same_secret(h, expected) { Ok(req) } else { Err(refuse()) };
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_FORM).await.map_err(|_| refuse())?;
    let given = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v));
    match given {
        Some(g) if super::same_secret(&g, expected) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(refuse()),
    }
}
