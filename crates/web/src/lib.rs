//! The web application: HTML pages (askama, htmx) and the JSON API under `/api/v1`, behind
//! server-side sessions or personal access tokens, cedar authorization and the audit trail.

pub mod access;
pub mod api;
pub mod chrome;
pub mod config;
pub mod error;
pub mod format;
pub mod pages;
pub mod reads;
pub mod security;
pub mod state;

/// The demo accounts and walks, shared by `bvctnb demo` and the HTTP tests.
pub use bvctnb_app::demo;
pub use config::WebConfig;
pub use error::WebError;
pub use state::AppState;

use axum::Router;
use std::net::SocketAddr;

/// The whole application: pages, API and static files, with the security layers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .merge(pages::static_routes())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::session::load))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::headers::apply))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(security::csrf::MAX_UPLOAD))
        .with_state(state)
}

/// Binds and serves until ctrl-c; returns the bound address through `on_bound` first (port 0
/// gives a free port, which tests and `demo` need to know).
pub async fn serve(state: AppState, listen: SocketAddr, on_bound: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    on_bound(listener.local_addr()?);
    let auditor = state.auditor.clone();
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    auditor.checkpoint().await?;
    Ok(())
}
