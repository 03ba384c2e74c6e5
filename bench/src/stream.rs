//! The bare cost a review campaign is compared with: every dossier of a scope streamed from
//! the store (read and decoded, as the campaign reads it) and dropped, without evaluating.

use anyhow::Result;
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_store::{DatabaseUrl, OpenMode};
use futures::TryStreamExt;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    database: String,
    /// Organisation id whose subtree is streamed (1: the whole tree).
    #[arg(long, default_value_t = 1)]
    scope: i64,
}

pub async fn run(a: Args) -> Result<()> {
    let store = bvctnb_store::open(&DatabaseUrl::parse(&a.database)?, OpenMode::Existing).await?;
    let t = Instant::now();
    let mut s = store.stream_persons_under(OrgId(a.scope), PersonId(0));
    let (mut persons, mut relatives) = (0u64, 0u64);
    while let Some(p) = s.try_next().await? {
        persons += 1;
        relatives += p.declaration.family.len() as u64;
    }
    let wall = t.elapsed().as_secs_f64();
    println!(
        "stream: persons={persons} relatives={relatives} wall_s={wall:.1} persons_per_s={:.0} peak_rss_mib={:.0}",
        persons as f64 / wall,
        crate::peak_rss_mib()
    );
    Ok(())
}
