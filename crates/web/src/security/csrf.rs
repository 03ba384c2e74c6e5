//! CSRF: every state-changing browser request carries the session's token, in the form field
//! `_csrf` or the `X-CSRF-Token` header (htmx). Checked once, before any handler runs.

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

pub const FIELD: &str = "_csrf";
pub const HEADER: &str = "x-csrf-token";
const MAX_FORM: usize = 2 * 1024 * 1024;
/// Forms with attachments (scanned answers, explanations).
pub const MAX_UPLOAD: usize = 12 * 1024 * 1024;

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
    let boundary = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.starts_with("multipart/form-data"))
        .and_then(|v| v.split("boundary=").nth(1))
        .map(|b| b.trim_matches('"').to_string());
    let limit = if boundary.is_some() { MAX_UPLOAD } else { MAX_FORM };
    let declared = parts.headers.get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse().ok());
    if declared.is_some_and(|n: usize| n > limit) {
        return Err(too_large(limit));
    }
    // A body that runs past the limit without declaring its length is too large as well.
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|e| {
        if e.into_inner().downcast_ref::<http_body_util::LengthLimitError>().is_some() {
            too_large(limit)
        } else {
            refuse()
        }
    })?;
    let given = match &boundary {
        Some(b) => multipart_field(&bytes, b, FIELD),
        None => serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v)),
    };
    match given {
        Some(g) if super::same_secret(&g, expected) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(refuse()),
    }
}

/// 413, not a CSRF refusal: the form was too large to read, whatever its token.
fn too_large(limit: usize) -> Response {
    let mb = limit / (1024 * 1024);
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        Html(format!(
            "<!doctype html><meta charset=utf-8><title>Biểu mẫu quá lớn</title>\
             <p>Biểu mẫu gửi lên quá lớn (tối đa {mb} MB, kể cả tệp đính kèm). Dùng nút Quay lại của trình duyệt, bớt tệp hoặc chụp nhỏ lại rồi gửi lại.</p>\
             <p><a href=\"/\">Về trang chính</a></p>"
        )),
    )
        .into_response()
}

/// The value of the text part `name` of a multipart body. The token must be readable before the
/// handler's multipart parser runs, so it is found by hand: the part's headers, a blank line,
/// the value, then the next boundary.
fn multipart_field(body: &[u8], boundary: &str, name: &str) -> Option<String> {
    let header = format!("name=\"{name}\"");
    let delim = format!("\r\n--{boundary}");
    let text = body.windows(header.len()).position(|w| w == header.as_bytes())?;
    let rest = &body[text..];
    let start = rest.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let value = &rest[start..];
    let end = value.windows(delim.len()).position(|w| w == delim.as_bytes())?;
    String::from_utf8(value[..end].to_vec()).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn token_found_in_a_multipart_body() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nGi\xe1\xba\xa3i tr\xc3\xacnh\r\n--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc123\r\n--XyZ--\r\n";
        assert_eq!(super::multipart_field(body, "XyZ", "_csrf").as_deref(), Some("abc123"));
        assert_eq!(super::multipart_field(body, "XyZ", "missing"), None);
    }
}
