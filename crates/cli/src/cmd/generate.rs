//! `bvctnb gen`: deterministic synthetic data, into the database or as JSON Lines files.

use crate::config::Config;
use anyhow::{Context, Result};
use bvctnb_app::exchange::LineOut;
use bvctnb_gen::{Generator, Scale};
use bvctnb_store::{NewPerson, OpenMode, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    /// province | national | a number of persons.
    #[arg(long, default_value = "province")]
    pub scale: String,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write JSON Lines files into this directory instead of the database.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Persons per file with --out.
    #[arg(long, default_value_t = 250_000)]
    pub shard: u64,
}

fn generator(a: &Args) -> Result<(Generator, String)> {
    let scale: Scale = a.scale.parse().map_err(|e| anyhow::anyhow!("--scale: {e}"))?;
    Ok((Generator::new(scale, a.seed), format!("gen:{}:{}", a.scale, a.seed)))
}

/// Persons per all-or-nothing unit when generating into a database: each shard is recorded
/// in `imports`, so a killed run resumes at the first missing shard, and SQLite's WAL never
/// holds more than one shard (a single national transaction would need twice the disk).
pub const SHARD: u64 = 250_000;

/// Generates `range` on a blocking thread, in batches, so generation overlaps with writing.
fn spawn_batches(g: Arc<Generator>, range: std::ops::Range<u64>) -> tokio::sync::mpsc::Receiver<Vec<NewPerson>> {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    tokio::task::spawn_blocking(move || {
        let mut i = range.start;
        while i < range.end {
            let end = (i + 1000).min(range.end);
            let b: Vec<NewPerson> = (i..end)
                .map(|k| {
                    let p = g.person(k);
                    NewPerson { id: p.id, org_id: p.org_id, declaration: p.declaration }
                })
                .collect();
            if tx.blocking_send(b).is_err() {
                return;
            }
            i = end;
        }
    });
    rx
}

/// Writes the generated tree, then the persons shard by shard (see [`SHARD`]).
pub async fn generate_into(store: &dyn Store, g: Arc<Generator>, label: &str) -> Result<u64> {
    let n = g.person_count();
    let shards = n.div_ceil(SHARD);
    let pb = crate::progress::bar(n, "Sinh dữ liệu");
    let mut total = bvctnb_store::ImportCounts::default();
    let mut skipped = 0;
    for k in 0..=shards {
        // Unit 0 is the organisation tree; units 1..=shards are persons.
        let unit = if k == 0 { format!("{label}:orgs") } else { format!("{label}:persons:{k}/{shards}") };
        let range = if k == 0 { 0..0 } else { (k - 1) * SHARD..(k * SHARD).min(n) };
        let hash = blake3::hash(unit.as_bytes()).to_hex().to_string();
        if store.import_done(&hash).await? {
            skipped += 1;
            pb.inc(range.end - range.start);
            continue;
        }
        let mut loader = super::import::Loader::new(store).await?;
        if k == 0 {
            for o in g.orgs() {
                loader.org(o).await;
            }
        } else {
            let mut rx = spawn_batches(g.clone(), range);
            while let Some(b) = rx.recv().await {
                pb.inc(b.len() as u64);
                loader.persons(b).await;
            }
        }
        let entry = super::cli_event("import", "file", &unit, format!("dữ liệu mẫu, blake3 {hash}"));
        let (finished, _) = bvctnb_app::audit::within(entry, loader.finish(true, &unit, &hash)).await;
        let c = finished?.expect("committed");
        total.orgs += c.orgs;
        total.persons += c.persons;
        total.relatives += c.relatives;
    }
    pb.finish_and_clear();
    if skipped > 0 {
        println!("Dữ liệu {label}: {skipped}/{} phần đã có từ lần chạy trước, bỏ qua", shards + 1);
    }
    println!(
        "Đã sinh {} tổ chức, {} người, {} thân nhân",
        super::db::thousands(total.orgs),
        super::db::thousands(total.persons),
        super::db::thousands(total.relatives)
    );
    Ok(total.persons as u64)
}

fn write_files(g: &Generator, dir: &Path, shard: u64) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("không tạo được {}", dir.display()))?;
    let mut written = Vec::new();
    let create = |name: String| -> Result<(PathBuf, std::io::BufWriter<std::fs::File>)> {
        let path = dir.join(name);
        let f = std::fs::File::create(&path).with_context(|| format!("không tạo được {}", path.display()))?;
        Ok((path, std::io::BufWriter::with_capacity(1 << 20, f)))
    };
    let (path, mut w) = create("orgs.jsonl".into())?;
    for o in g.orgs() {
        serde_json::to_writer(&mut w, &LineOut::Org(&o))?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    written.push(path);
    let n = g.person_count();
    let pb = crate::progress::bar(n, "Ghi tệp");
    let mut k = 0;
    while k < n {
        let (path, mut w) = create(format!("persons-{:04}.jsonl", k / shard.max(1) + 1))?;
        for i in k..(k + shard.max(1)).min(n) {
            let p = g.person(i);
            serde_json::to_writer(
                &mut w,
                &LineOut::Person { id: p.id.0, org_id: p.org_id.0, declaration: &p.declaration },
            )?;
            w.write_all(b"\n")?;
            pb.inc(1);
        }
        w.flush()?;
        written.push(path);
        k += shard.max(1);
    }
    pb.finish_and_clear();
    Ok(written)
}

pub async fn run(c: &Config, a: Args) -> Result<()> {
    let (g, label) = generator(&a)?;
    if let Some(dir) = &a.out {
        let files = write_files(&g, dir, a.shard)?;
        println!("Đã ghi {} tệp vào {} ({} người)", files.len(), dir.display(), g.person_count());
        return Ok(());
    }
    let store = super::open_store(c, OpenMode::Create).await?;
    if generate_into(&*store, Arc::new(g), &label).await? > 0 {
        super::db::rebuild_index(c, store).await?;
    }
    Ok(())
}
