//! Explains one search on an existing index: word frequencies and time per tier.
//!
//! ```text
//! cargo run --release -p bvctnb-search --example search_probe -- <index dir> <query> [birth year]
//! ```

use bvctnb_search::{PersonIndex, SearchQuery};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt().with_env_filter("bvctnb_search=trace").init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, text, rest @ ..] = args.as_slice() else {
        return Err("usage: search_probe <index dir> <query> [birth year]".into());
    };
    let index = PersonIndex::open_or_create(std::path::Path::new(dir))?;
    let query = SearchQuery {
        text: text.clone(),
        birth_year: rest.first().map(|y| y.parse()).transpose()?,
        limit: std::env::var("LIMIT").ok().and_then(|l| l.parse().ok()).unwrap_or(20),
        ..SearchQuery::default()
    };
    // ROUNDS=N repeats the search, for a profiler to see the query rather than the start-up.
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
    for round in 0..rounds {
        let start = std::time::Instant::now();
        let hits = index.search(&query)?;
        println!("round {round}: {} hits in {:.2?}", hits.len(), start.elapsed());
        if round + 1 == rounds {
            for h in hits {
                println!("  {:>9.3} {:>8} {:?} {}", h.score, h.id, h.birth_year, h.full_name);
            }
        }
    }
    Ok(())
}
