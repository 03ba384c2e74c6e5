//! `bvctnb demo`: a working system on the embedded default, from nothing.

use crate::config::Config;
use anyhow::Result;
use bvctnb_gen::{Generator, Scale};
use bvctnb_search::SearchQuery;
use bvctnb_store::OpenMode;
use std::sync::Arc;

pub async fn run(c: &Config) -> Result<()> {
    let store = super::open_store(c, OpenMode::Create).await?;
    let has_data = store.max_change_seq().await? > 0;
    if has_data {
        println!("Cơ sở dữ liệu đã có dữ liệu, không sinh thêm.");
    } else {
        println!("Sinh dữ liệu mẫu của một tỉnh (khoảng 90.000 đảng viên)…");
        let g = Arc::new(Generator::new(Scale::Province, 1));
        super::generate::generate_into(&*store, g, "gen:province:1").await?;
        super::db::rebuild_index(c, store.clone()).await?;
    }
    println!();
    super::db::print_stats(&store.stats().await?);
    let app = bvctnb_app::App::open(store, &c.index_dir).await?;
    println!();
    super::search::print_hits(&app, &SearchQuery { text: "nguyen van an".into(), limit: 5, ..Default::default() })
        .await?;
    println!();
    println!("Cơ sở dữ liệu: {}", bvctnb_store::url::redact(&c.database_url));
    println!("Thử tiếp:");
    println!("  bvctnb search tran thi hoa --birth-year 1985");
    println!("  bvctnb calendar 2026");
    println!("  bvctnb calendar add 10/02/2026 7");
    println!("  bvctnb export --out data/export.jsonl");
    Ok(())
}
