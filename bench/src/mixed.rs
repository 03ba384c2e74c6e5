//! Concurrent readers and writers on one store: `clients` tasks in a closed loop, each request a
//! write (a new declaration version of the client's own dossier, as an officer's edit) with
//! probability `write_pct`, otherwise a read of a random dossier page. Counts errors ("database
//! is locked" was 7 % of writes with 4 writers) and prints p50/p99 per kind. The baseline is the
//! same run with `--write-pct 0` (reads alone).

use anyhow::Result;
use bvctnb_core::ids::PersonId;
use bvctnb_store::{DatabaseUrl, OpenMode, Store};
use rand::{RngExt, SeedableRng};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    database: String,
    #[arg(long, default_value_t = 64)]
    clients: usize,
    #[arg(long, default_value_t = 10)]
    write_pct: u32,
    #[arg(long, default_value_t = 20)]
    secs: u64,
    /// Persons are read among ids 1..=max_id.
    #[arg(long, default_value_t = 90_000)]
    max_id: i64,
}

#[derive(Default)]
struct Tally {
    reads: Vec<Duration>,
    writes: Vec<Duration>,
    read_errors: Vec<String>,
    write_errors: Vec<String>,
}

async fn client(store: Arc<dyn Store>, n: usize, a: &Args, until: Instant) -> Tally {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(n as u64);
    // Each client edits a dossier of its own, as officers edit different dossiers.
    let own = PersonId(1 + (n as i64 * 997) % a.max_id);
    let mut t = Tally::default();
    while Instant::now() < until {
        let start = Instant::now();
        if rng.random_range(0..100) < a.write_pct {
            let r = async {
                let rec = store.person(own).await?.ok_or_else(|| anyhow::anyhow!("no person {own}"))?;
                let mut d = rec.declaration.clone();
                d.identity.other_names = vec![["Tư", "Năm", "Sáu"][rng.random_range(0..3)].to_string()];
                store.submit_declaration(own, &d, "bench", rec.version).await?;
                anyhow::Ok(())
            }
            .await;
            t.writes.push(start.elapsed());
            if let Err(e) = r {
                t.write_errors.push(e.to_string());
            }
        } else {
            let id = PersonId(rng.random_range(1..=a.max_id));
            let r = store.person_page(id).await;
            t.reads.push(start.elapsed());
            if let Err(e) = r {
                t.read_errors.push(e.to_string());
            }
        }
    }
    t
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_unstable();
    v[((v.len() as f64 * p) as usize).min(v.len() - 1)].as_secs_f64() * 1e3
}

pub async fn run(a: Args) -> Result<()> {
    let store = bvctnb_store::open(&DatabaseUrl::parse(&a.database)?, OpenMode::Existing).await?;
    let a = Arc::new(a);
    let until = Instant::now() + Duration::from_secs(a.secs);
    let tasks: Vec<_> = (0..a.clients)
        .map(|n| {
            let (store, a) = (store.clone(), a.clone());
            tokio::spawn(async move { client(store, n, &a, until).await })
        })
        .collect();
    let mut all = Tally::default();
    for t in tasks {
        let t = t.await?;
        all.reads.extend(t.reads);
        all.writes.extend(t.writes);
        all.read_errors.extend(t.read_errors);
        all.write_errors.extend(t.write_errors);
    }
    let secs = a.secs as f64;
    println!(
        "mixed: clients={} write_pct={} secs={} reads={} ({:.0}/s) p50={:.2}ms p99={:.2}ms errors={} | writes={} ({:.0}/s) p50={:.2}ms p99={:.2}ms errors={}",
        a.clients,
        a.write_pct,
        a.secs,
        all.reads.len(),
        all.reads.len() as f64 / secs,
        pct(&mut all.reads, 0.50),
        pct(&mut all.reads, 0.99),
        all.read_errors.len(),
        all.writes.len(),
        all.writes.len() as f64 / secs,
        pct(&mut all.writes, 0.50),
        pct(&mut all.writes, 0.99),
        all.write_errors.len(),
    );
    if let Some(e) = all.write_errors.first().or(all.read_errors.first()) {
        println!("first error: {e}");
    }
    Ok(())
}
