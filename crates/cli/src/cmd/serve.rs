//! `bvctnb serve`: the web application on the configured address.

use crate::config::Config;
use anyhow::{Context, Result};
use bvctnb_store::OpenMode;
use std::net::SocketAddr;
use std::sync::Arc;

pub fn web_config(c: &Config) -> bvctnb_web::WebConfig {
    let mut w = c.web.clone();
    w.audit_key_file = c.audit_key_file.clone();
    w.audit_checkpoint_log = Some(c.audit_checkpoint_log.clone());
    w
}

/// The packs, deadline tables and calendar of the configuration, read and checked once.
pub fn rules(c: &Config) -> Result<bvctnb_app::Rules> {
    Ok(bvctnb_app::Rules::load(&c.rules_dir, super::calendar::load(c)?)?)
}

pub async fn run(c: &Config) -> Result<()> {
    let app =
        Arc::new(super::open_app(c, OpenMode::Existing).await?.with_rules(rules(c)?).with_upload_limits(c.uploads));
    app.sync_rules_to_store().await?;
    if app.count_accounts().await? == 0 {
        eprintln!("Chưa có tài khoản nào: tạo quản trị viên đầu tiên bằng `bvctnb admin create --username TÊN`.");
    }
    start(app, c, c.web.listen, |addr| {
        println!("BVCTNB đang chạy tại http://{addr}/  (Ctrl+C để dừng)");
    })
    .await
}

/// Starts the server; when `listen` is taken, says so rather than failing obscurely.
pub async fn start(
    app: Arc<bvctnb_app::App>,
    c: &Config,
    listen: SocketAddr,
    on_bound: impl FnOnce(SocketAddr),
) -> Result<()> {
    let state = bvctnb_web::AppState::new(app, web_config(c)).context("không khởi động được máy chủ web")?;
    if let Some(url) = &c.audit_witness_url {
        super::witness::spawn_upward(url.clone(), state.auditor.signed_heads());
    }
    if let Some(dir) = &c.backup.dir {
        tokio::spawn(super::backup::scheduled(c.clone(), dir.clone()));
    }
    bvctnb_web::serve(state, listen, on_bound).await.with_context(|| format!("không mở được cổng {listen}"))
}
