//! Witnessing between installations: a lower level's server posts each signed audit head here
//! (the level above), and fetches back what was kept when its trail is verified. The body is a
//! signed statement of a sequence number and a hash, nothing secret; the signature by a key
//! registered here is what admits it, so no account is needed.

use super::ApiResult;
use crate::error::{ErrorEnvelope, WebError};
use crate::security::session::ClientIp;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use bvctnb_app::audit::{Checkpoint, Receipt};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A signed head, as `bvctnb audit head` prints it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadIn {
    pub seq: i64,
    /// Hex blake3 hash of the entry at `seq`.
    pub hash: String,
    /// When it was signed (RFC 3339).
    pub at: String,
    /// Hex ed25519 public key of the sending level's audit key.
    pub key: String,
    /// Hex ed25519 signature.
    pub signature: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReceiptOut {
    /// The sending level, as registered here.
    pub source: String,
    pub seq: i64,
    /// False when the same head had been kept before.
    pub new: bool,
}

#[utoipa::path(post, path = "/api/v1/witness/heads", tag = "nhật ký", request_body = HeadIn, security(()),
    responses((status = 200, body = ReceiptOut),
        (status = 409, body = ErrorEnvelope, description = "khoá chưa đăng ký, đầu chuỗi lùi lại hoặc khác đầu chuỗi đã giữ"), (status = 422, body = ErrorEnvelope)))]
pub async fn receive(
    State(st): State<AppState>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Json(h): Json<HeadIn>,
) -> ApiResult<ReceiptOut> {
    let c = Checkpoint { seq: h.seq, hash: h.hash, at: h.at, key: h.key, signature: h.signature };
    Ok(Json(match st.app.receive_head(c, "http", &ip).await? {
        Receipt::Kept { source, seq } => ReceiptOut { source, seq, new: true },
        Receipt::AlreadyKept { source, seq } => ReceiptOut { source, seq, new: false },
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct HeadsParams {
    /// The sending level's public key (64 hex digits).
    pub key: String,
}

#[utoipa::path(get, path = "/api/v1/witness/heads", tag = "nhật ký", params(HeadsParams), security(()),
    responses((status = 200, description = "JSON Lines, one signed head per line, by seq", content_type = "application/x-ndjson"),
        (status = 422, body = ErrorEnvelope)))]
pub async fn heads(State(st): State<AppState>, Query(p): Query<HeadsParams>) -> Result<Response, WebError> {
    let kept = st.app.witnessed_heads(&p.key).await?;
    let body: String =
        kept.iter().map(|h| format!("{}\n", bvctnb_app::audit::checkpoint_line(&h.checkpoint))).collect();
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8")], body).into_response())
}
