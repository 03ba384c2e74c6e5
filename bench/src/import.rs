//! Import throughput: the store's bulk path against a bare insert of the same rows.
//!
//! Both sides get their rows from the same generator on a separate thread, so the comparison
//! is of what happens to a row once it exists: `ours` goes through `Store::bulk_writer`
//! (projection, batching, org-path checks, the import record); `baseline` is a hand-written
//! rusqlite prepared-statement loop (SQLite) or raw `COPY` (PostgreSQL) into the same schema.

use anyhow::{Context, Result};
use bvctnb_gen::{Generator, Scale};
use bvctnb_store::bulk_sqlite::{INSERT_PERSON, INSERT_RELATIVE, ProjectedPerson, project};
use bvctnb_store::{DatabaseUrl, NewPerson, OpenMode};
use std::sync::Arc;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// `produce` only generates and projects rows (the producer's own ceiling).
    #[arg(long, value_parser = ["ours", "baseline", "produce"])]
    phase: String,
    #[arg(long)]
    database: String,
    #[arg(long, default_value = "province")]
    scale: String,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Persons per transaction on every side, as `bvctnb gen` commits them.
const SHARD: u64 = 250_000;

fn batches(g: Arc<Generator>, projected: bool) -> std::sync::mpsc::Receiver<Batch> {
    let (tx, rx) = std::sync::mpsc::sync_channel(4);
    std::thread::spawn(move || {
        let n = g.person_count();
        let mut i = 0;
        while i < n {
            // Batches never straddle a shard boundary, so each side can commit per shard.
            let end = (i + 1000).min(n).min((i / SHARD + 1) * SHARD);
            let people: Vec<NewPerson> = (i..end)
                .map(|k| {
                    let p = g.person(k);
                    NewPerson { id: p.id, org_id: p.org_id, declaration: p.declaration }
                })
                .collect();
            let b = if projected { Batch::Projected(project(people)) } else { Batch::Raw(people) };
            if tx.send(b).is_err() {
                return;
            }
            i = end;
        }
    });
    rx
}

enum Batch {
    Raw(Vec<NewPerson>),
    Projected(Vec<ProjectedPerson>),
}

pub async fn run(a: Args) -> Result<()> {
    let scale: Scale = a.scale.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let g = Arc::new(Generator::new(scale, a.seed));
    let url = DatabaseUrl::parse(&a.database)?;
    // Both phases start from the same migrated, empty schema.
    let store = bvctnb_store::open(&url, OpenMode::Create).await?;
    let started = Instant::now();
    let (persons, relatives) = match a.phase.as_str() {
        "ours" => {
            let mut w = store.bulk_writer().await?;
            w.write_orgs(g.orgs()).await?;
            w.commit("bench:orgs", "bench:orgs").await?;
            let rx = batches(g.clone(), false);
            let (mut np, mut nr, mut shard) = (0i64, 0i64, 0u64);
            let mut w = store.bulk_writer().await?;
            while let Ok(Batch::Raw(b)) = tokio::task::block_in_place(|| rx.recv()) {
                let first = b.first().map_or(0, |p| p.id.0 as u64 - 1);
                if first / SHARD != shard {
                    let c = w.commit(&format!("bench:{shard}"), &format!("bench:{shard}")).await?;
                    (np, nr, shard) = (np + c.persons, nr + c.relatives, first / SHARD);
                    w = store.bulk_writer().await?;
                }
                w.write_persons(b).await?;
            }
            let c = w.commit(&format!("bench:{shard}"), &format!("bench:{shard}")).await?;
            (np + c.persons, nr + c.relatives)
        }
        "produce" => {
            let rx = batches(g.clone(), true);
            let (mut np, mut nr) = (0i64, 0i64);
            while let Ok(Batch::Projected(b)) = tokio::task::block_in_place(|| rx.recv()) {
                np += b.len() as i64;
                nr += b.iter().map(|x| x.relatives.len() as i64).sum::<i64>();
            }
            (np, nr)
        }
        _ => match url.backend() {
            bvctnb_store::Backend::Sqlite => {
                drop(store);
                let path = url.sqlite_path().context("sqlite path")?;
                tokio::task::block_in_place(|| sqlite_baseline(&path, &g))?
            }
            bvctnb_store::Backend::Postgres => {
                drop(store);
                pg_baseline(&url, &g).await?
            }
        },
    };
    let secs = started.elapsed().as_secs_f64();
    let orgs = g.orgs().len() as i64;
    let rows = orgs + persons + relatives;
    println!(
        "phase={} backend={:?} scale={} orgs={orgs} persons={persons} relatives={relatives} rows={rows} secs={secs:.1} rows_per_s={:.0} persons_per_s={:.0} peak_rss_mib={:.0}",
        a.phase,
        url.backend(),
        a.scale,
        rows as f64 / secs,
        persons as f64 / secs,
        crate::peak_rss_mib()
    );
    Ok(())
}

fn sqlite_baseline(path: &std::path::Path, g: &Arc<Generator>) -> Result<(i64, i64)> {
    let conn = bvctnb_store::bulk_sqlite::open(path)?;
    let tx = &conn;
    tx.execute_batch("BEGIN IMMEDIATE")?;
    {
        let mut org =
            tx.prepare("INSERT INTO orgs (id, parent_id, kind, name, code, path) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        let tree = bvctnb_core::org::OrgTree::from_nodes(g.orgs())?;
        for o in g.orgs() {
            let mut chain: Vec<String> = tree.ancestors(o.id).iter().rev().map(|a| a.to_string()).collect();
            chain.push(String::new());
            let path = format!("/{}", chain.join("/"));
            org.execute(rusqlite::params![o.id.0, o.parent.map(|p| p.0), o.kind.code(), o.name, o.code, path])?;
        }
        let mut person = tx.prepare(INSERT_PERSON)?;
        let mut relative = tx.prepare(INSERT_RELATIVE)?;
        let (mut np, mut nr, mut seq) = (0i64, 0i64, 0i64);
        let rx = batches(g.clone(), true);
        while let Ok(Batch::Projected(b)) = rx.recv() {
            for p in b {
                if seq > 0 && (seq as u64).is_multiple_of(SHARD) {
                    tx.execute_batch("COMMIT; BEGIN IMMEDIATE")?;
                }
                seq += 1;
                let r = &p.row;
                person.execute(rusqlite::params![
                    p.id,
                    p.org_id,
                    r.status,
                    r.full_name,
                    r.name_folded,
                    r.other_names,
                    r.birth_date,
                    r.birth_year,
                    r.sex,
                    r.cccd,
                    r.party_card_no,
                    r.history_no,
                    r.hometown,
                    r.ethnicity,
                    r.religion,
                    "2026-01-01T00:00:00Z",
                    "import",
                    seq,
                    r.doc
                ])?;
                for x in &p.relatives {
                    relative.execute(rusqlite::params![
                        p.id,
                        x.ord,
                        x.relation,
                        x.tier,
                        x.full_name,
                        x.birth_year,
                        x.abroad_country,
                        x.party_member,
                        x.person_ref,
                        x.doc
                    ])?;
                    nr += 1;
                }
                np += 1;
            }
        }
        drop((org, person, relative));
        tx.execute_batch("COMMIT")?;
        Ok((np, nr))
    }
}

async fn pg_baseline(url: &DatabaseUrl, g: &Arc<Generator>) -> Result<(i64, i64)> {
    use sqlx::Connection;
    let mut tx = sqlx::PgConnection::connect(url.expose()).await?;
    sqlx::query("BEGIN").execute(&mut tx).await?;
    let tree = bvctnb_core::org::OrgTree::from_nodes(g.orgs())?;
    let mut orgs = String::new();
    for o in g.orgs() {
        let mut chain: Vec<String> = tree.ancestors(o.id).iter().rev().map(|a| a.to_string()).collect();
        chain.push(String::new());
        let parent = o.parent.map_or("\\N".to_string(), |p| p.0.to_string());
        orgs.push_str(&format!(
            "{}\t{parent}\t{}\t{}\t{}\t/{}\n",
            o.id,
            o.kind.code(),
            o.name,
            o.code,
            chain.join("/")
        ));
    }
    let mut c = tx.copy_in_raw("COPY orgs (id, parent_id, kind, name, code, path) FROM STDIN").await?;
    c.send(orgs.into_bytes()).await?;
    c.finish().await?;
    let (mut np, mut nr, mut seq) = (0i64, 0i64, 0i64);
    let rx = batches(g.clone(), true);
    while let Ok(Batch::Projected(b)) = tokio::task::block_in_place(|| rx.recv()) {
        if seq > 0 && (seq as u64).is_multiple_of(SHARD) {
            sqlx::query("COMMIT").execute(&mut tx).await?;
            sqlx::query("BEGIN").execute(&mut tx).await?;
        }
        let (p, r) = bvctnb_store::bulk_pg::copy_text(&b, seq, "2026-01-01T00:00:00Z");
        seq += b.len() as i64;
        np += b.len() as i64;
        nr += b.iter().map(|x| x.relatives.len() as i64).sum::<i64>();
        let mut c = tx
            .copy_in_raw(
                "COPY persons (id, org_id, status, full_name, name_folded, other_names, birth_date, birth_year, sex,
                 cccd, party_card_no, history_no, hometown, ethnicity, religion, version, submitted_at, submitted_by,
                 change_seq, doc) FROM STDIN",
            )
            .await?;
        c.send(p.into_bytes()).await?;
        c.finish().await?;
        let mut c = tx
            .copy_in_raw(
                "COPY relatives (person_id, ord, relation, tier, full_name, birth_year, abroad_country, party_member,
                 person_ref, doc) FROM STDIN",
            )
            .await?;
        c.send(r.into_bytes()).await?;
        c.finish().await?;
    }
    sqlx::query("COMMIT").execute(&mut tx).await?;
    Ok((np, nr))
}
