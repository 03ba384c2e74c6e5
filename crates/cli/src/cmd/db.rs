//! migrate, stats, reindex.

use crate::config::Config;
use anyhow::Result;
use bvctnb_store::{OpenMode, Stats};

pub async fn migrate(c: &Config) -> Result<()> {
    let store = super::open_store(c, OpenMode::Create).await?;
    super::rescreen::build_screen_facts(store.as_ref()).await?;
    println!("Cơ sở dữ liệu đã sẵn sàng: {}", bvctnb_store::url::redact(&c.database_url));
    Ok(())
}

fn org_kind_label(code: &str) -> &str {
    bvctnb_core::org::OrgKind::from_code(code).map_or(code, |k| k.label())
}

/// Groups of three digits, Vietnamese style: 5.600.000.
pub use bvctnb_web::format::thousands;

pub fn print_stats(s: &Stats) {
    println!("Tổ chức đảng:");
    let mut by_kind = s.orgs_by_kind.clone();
    let rank = |code: &str| bvctnb_core::org::OrgKind::ALL.iter().position(|k| k.code() == code);
    by_kind.sort_by_key(|(k, _)| rank(k));
    for (k, n) in &by_kind {
        println!("  {:<32} {:>12}", org_kind_label(k), thousands(*n));
    }
    println!("Người có hồ sơ:");
    let total: i64 = s.persons_by_status.iter().map(|(_, n)| n).sum();
    for (k, n) in &s.persons_by_status {
        println!("  {:<32} {:>12}", bvctnb_core::person::MemberStatus::label_of(k), thousands(*n));
    }
    println!("  {:<32} {:>12}", "Cộng", thousands(total));
    println!("Thân nhân (mục 21):");
    for (t, n) in &s.relatives_by_tier {
        println!("  {:<32} {:>12}", format!("Bậc {t}"), thousands(*n));
    }
    println!("  {:<32} {:>12}", "Đang ở nước ngoài", thousands(s.relatives_abroad));
    println!("Năm sinh theo thập niên:");
    for (d, n) in &s.persons_by_decade {
        println!("  {:<32} {:>12}", format!("{d}–{}", d + 9), thousands(*n));
    }
    println!("Phiên bản khai trước đây được lưu: {}", thousands(s.declaration_versions));
}

pub async fn stats(c: &Config) -> Result<()> {
    let store = super::open_store(c, OpenMode::Existing).await?;
    print_stats(&store.stats().await?);
    Ok(())
}

/// Rebuilds the search index from the store (after a bulk load, which writes around it).
pub async fn rebuild_index(c: &Config, store: std::sync::Arc<dyn bvctnb_store::Store>) -> Result<u64> {
    let index = std::sync::Arc::new(bvctnb_search::PersonIndex::open_or_create(&c.index_dir)?);
    // The change sequence bounds the person count and costs nothing to read (a COUNT scans).
    let pb = crate::progress::bar(store.max_change_seq().await? as u64, "Lập chỉ mục");
    let app = bvctnb_app::App::without_catch_up(store, index).await?;
    let p = pb.clone();
    let n = app.reindex(move |n| p.set_position(n)).await?;
    pb.finish_and_clear();
    Ok(n)
}

pub async fn reindex(c: &Config) -> Result<()> {
    let store = super::open_store(c, OpenMode::Existing).await?;
    let n = rebuild_index(c, store).await?;
    println!("Đã lập chỉ mục {} người.", thousands(n as i64));
    Ok(())
}
