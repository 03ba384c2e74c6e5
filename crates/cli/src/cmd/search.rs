//! `bvctnb search`: what an officer types, with or without diacritics.

use crate::config::Config;
use anyhow::Result;
use bvctnb_core::ids::PersonId;
use bvctnb_search::SearchQuery;
use bvctnb_store::OpenMode;

#[derive(clap::Args)]
pub struct Args {
    /// Name or part of it, e.g. `nguyen van an` (diacritics optional, one typo tolerated).
    #[arg(required = true, num_args = 1..)]
    pub words: Vec<String>,
    #[arg(long)]
    pub birth_year: Option<i32>,
    /// Only this organisation and those below it (organisation id).
    #[arg(long)]
    pub org: Option<i64>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

pub async fn run(c: &Config, a: Args) -> Result<()> {
    let app = super::open_app(c, OpenMode::Existing).await?;
    let q = SearchQuery { text: a.words.join(" "), birth_year: a.birth_year, org: a.org, limit: a.limit };
    print_hits(&app, &q).await
}

pub async fn print_hits(app: &bvctnb_app::App, q: &SearchQuery) -> Result<()> {
    let started = std::time::Instant::now();
    let hits = app.search(q)?;
    let took = started.elapsed();
    println!("Tìm \"{}\": {} kết quả ({:.1} ms)", q.text, hits.len(), took.as_secs_f64() * 1000.0);
    let tree = app.tree();
    for h in hits {
        let org = app.person(PersonId(h.id)).await?.map(|p| p.org_id);
        let place = org.map(|o| last_levels(&tree.path_label(o))).unwrap_or_default();
        let year = h.birth_year.map(|y| y.to_string()).unwrap_or_default();
        println!("  {:>8}  {:<28} {:>4}  {}", h.id, h.full_name, year, place);
    }
    Ok(())
}

/// The two nearest levels are what tells two namesakes apart.
fn last_levels(path: &str) -> String {
    let parts: Vec<&str> = path.split(" › ").collect();
    parts[parts.len().saturating_sub(2)..].join(" › ")
}
