//! One error type for the web layer, rendered as one JSON envelope for the API and as a page
//! for browsers. The message shown is Vietnamese and safe to show; the cause is logged.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bvctnb_core::FieldErrors;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("Cần đăng nhập")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("Dữ liệu không hợp lệ")]
    Invalid(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Locked(String),
    #[error("Lỗi máy chủ, đã ghi lại để xử lý")]
    Internal(#[source] anyhow::Error),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Unauthenticated => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::Locked(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            WebError::Unauthenticated => "unauthenticated",
            WebError::Forbidden(_) => "forbidden",
            WebError::NotFound(_) => "not_found",
            WebError::BadRequest(_) => "bad_request",
            WebError::Invalid(_) => "invalid",
            WebError::Conflict(_) => "conflict",
            WebError::Locked(_) => "locked",
            WebError::Internal(_) => "internal",
        }
    }

    pub fn forbidden() -> Self {
        WebError::Forbidden("Bạn không có quyền truy cập nội dung này".into())
    }

    pub fn not_found(what: &str) -> Self {
        WebError::NotFound(format!("Không tìm thấy {what}"))
    }

    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        WebError::Internal(e.into())
    }
}

/// The one way a use case's error becomes an HTTP answer.
impl From<bvctnb_app::Error> for WebError {
    fn from(e: bvctnb_app::Error) -> Self {
        use bvctnb_app::Error as E;
        match e {
            E::Invalid(f) => WebError::Invalid(f),
            E::Refused(_) | E::Forbidden(_) | E::Conflict(_) => WebError::Conflict(e.to_string()),
            E::NotFound(what) => WebError::not_found(what),
            other => WebError::internal(other),
        }
    }
}

impl From<bvctnb_app::audit::AuditWriteError> for WebError {
    fn from(e: bvctnb_app::audit::AuditWriteError) -> Self {
        WebError::internal(e)
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine code: unauthenticated, forbidden, not_found, bad_request, invalid,
    /// conflict, locked, internal.
    pub code: String,
    /// Vietnamese, for people.
    pub message: String,
    /// Per-field problems for `invalid`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl WebError {
    pub fn envelope(&self) -> ErrorEnvelope {
        let fields = match self {
            WebError::Invalid(f) => {
                f.0.iter().map(|e| FieldProblem { field: e.field.clone(), message: e.message.clone() }).collect()
            }
            _ => Vec::new(),
        };
        ErrorEnvelope { error: ErrorBody { code: self.code().into(), message: self.to_string(), fields } }
    }

    pub fn log(&self) {
        if let WebError::Internal(e) = self {
            tracing::error!(error = ?e, "internal error");
        }
    }
}

/// API responses: the JSON envelope.
impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.log();
        (self.status(), Json(self.envelope())).into_response()
    }
}
