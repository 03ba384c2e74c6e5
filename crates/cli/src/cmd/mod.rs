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

use crate::config::Config;
use anyhow::{Context, Result};
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
