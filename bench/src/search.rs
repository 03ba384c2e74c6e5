//! Person search latency: 1 000 queries typed without diacritics, a share with one typo and
//! a share with a birth-year filter, drawn from real names in the database.

use anyhow::{Context, Result};
use bvctnb_core::text::fold;
use bvctnb_search::{PersonIndex, SearchQuery};
use bvctnb_store::{DatabaseUrl, OpenMode, Store};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    database: String,
    #[arg(long)]
    index: PathBuf,
    #[arg(long, default_value_t = 1000)]
    queries: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// One edit: substitute, delete or transpose a letter in a word longer than three letters.
fn typo(rng: &mut ChaCha8Rng, word: &str) -> String {
    let mut c: Vec<char> = word.chars().collect();
    if c.len() <= 3 {
        return word.to_string();
    }
    let i = rng.random_range(1..c.len() - 1);
    match rng.random_range(0..3) {
        0 => c[i] = (b'a' + rng.random_range(0..26u8)) as char,
        1 => {
            c.remove(i);
        }
        _ => c.swap(i, i + 1),
    }
    c.into_iter().collect()
}

async fn sample(store: &dyn Store, n: usize, seed: u64) -> Result<Vec<(SearchQuery, i64)>> {
    let max = store.max_change_seq().await?;
    anyhow::ensure!(max > 0, "the database is empty");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let total: i64 = store.stats().await?.persons_by_status.iter().map(|(_, n)| n).sum();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let id = rng.random_range(1..=total);
        let Some(p) = store.person(bvctnb_core::ids::PersonId(id)).await? else { continue };
        let name = fold(&p.declaration.identity.full_name);
        let mut words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
        let kind = out.len() % 10;
        if kind < 3 {
            let w = rng.random_range(0..words.len());
            words[w] = typo(&mut rng, &words[w]);
        }
        let birth_year = (kind >= 7).then(|| p.declaration.identity.birth_date.year());
        out.push((SearchQuery { text: words.join(" "), birth_year, org: None, limit: 20 }, id));
    }
    Ok(out)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub async fn run(a: Args) -> Result<()> {
    let url = DatabaseUrl::parse(&a.database)?;
    let store = bvctnb_store::open(&url, OpenMode::Existing).await?;
    let index = PersonIndex::open_or_create(&a.index).context("open index")?;
    let queries = sample(&*store, a.queries, a.seed).await?;
    for (q, _) in queries.iter().take(50) {
        index.search(q)?;
    }
    let mut ms = Vec::with_capacity(queries.len());
    let mut found = 0;
    for (q, id) in &queries {
        let t = Instant::now();
        let hits = index.search(q)?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        found += usize::from(hits.iter().any(|h| h.id == *id));
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "queries={} docs={} p50_ms={:.2} p90_ms={:.2} p99_ms={:.2} max_ms={:.2} target_in_top20={:.1}%",
        ms.len(),
        index.num_docs(),
        pct(&ms, 0.5),
        pct(&ms, 0.9),
        pct(&ms, 0.99),
        ms[ms.len() - 1],
        100.0 * found as f64 / ms.len() as f64
    );
    Ok(())
}
