pub mod admin;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod cases;
pub mod db;
pub mod demo;
pub mod export;
pub mod generate;
pub mod import;
pub mod rescreen;
pub mod rules;
pub mod search;
pub mod serve;
pub mod witness;

use crate::config::Config;
use anyhow::{Context, Result};
use bvctnb_app::audit::{AuditEvent, Outcome};
use bvctnb_store::{DatabaseUrl, OpenMode, Store};
use std::sync::Arc;

pub async fn open_store(c: &Config, mode: OpenMode) -> Result<Arc<dyn Store>> {
    let url = DatabaseUrl::parse(&c.database_url)?;
    bvctnb_store::open(&url, mode).await.with_context(|| format!("không mở được cơ sở dữ liệu {url}"))
}

pub async fn open_app(c: &Config, mode: OpenMode) -> Result<bvctnb_app::App> {
    let store = open_store(c, mode).await?;
    bvctnb_app::App::open(store, &c.index_dir)
        .await
        .with_context(|| format!("không mở được chỉ mục tìm kiếm {}", c.index_dir.display()))
}

/// The audit entry of a command-line write: the operator is the system account running it.
pub fn cli_event(action: &str, kind: &str, id: impl ToString, detail: impl Into<String>) -> AuditEvent {
    let who = std::env::var("SUDO_USER").or_else(|_| std::env::var("USER")).unwrap_or_else(|_| "?".into());
    AuditEvent {
        at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        actor: format!("cli:{who}"),
        action: action.to_string(),
        target_kind: kind.to_string(),
        target_id: id.to_string(),
        person_id: None,
        ip: "local".into(),
        outcome: Outcome::Ok,
        detail: detail.into(),
    }
}

/// Runs a command-line write with its audit entry committed in the write's transaction (see
/// `bvctnb_app::audit::within`); a command that wrote nothing still leaves its entry.
pub async fn audited<T, E>(app: &bvctnb_app::App, e: AuditEvent, f: impl Future<Output = Result<T, E>>) -> Result<T>
where
    anyhow::Error: From<E>,
{
    let (r, seq) = bvctnb_app::audit::within(e.clone(), f).await;
    let v = r?;
    if seq.is_none() {
        app.append_audit(&[e]).await?;
    }
    Ok(v)
}
