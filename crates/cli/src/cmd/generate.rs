//! `bvctnb gen`: deterministic synthetic data, into the database or as JSON Lines files.

use crate::config::Config;
use crate::jsonl::LineOut;
use anyhow::{Context, Result};
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

/// Generates on a blocking thread, in batches, so generation overlaps with writing.
fn spawn_batches(g: Arc<Generator>, batch: u64) -> tokio::sync::mpsc::Receiver<Vec<NewPerson>> {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    tokio::task::spawn_blocking(move || {
        let n = g.person_count();
        let mut i = 0;
        while i < n {
            let end = (i + batch).min(n);
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

/// Writes the generated tree and persons into `store` in one all-or-nothing load.
pub async fn generate_into(store: &dyn Store, g: Arc<Generator>, label: &str) -> Result<u64> {
    let hash = blake3::hash(label.as_bytes()).to_hex().to_string();
    if store.import_done(&hash).await? {
        println!("Dữ liệu {label} đã được sinh vào cơ sở dữ liệu này trước đây, bỏ qua");
        return Ok(0);
    }
    let mut loader = super::import::Loader::new(store).await?;
    for o in g.orgs() {
        loader.org(o).await;
    }
    let pb = crate::progress::bar(g.person_count(), "Sinh dữ liệu");
    let mut rx = spawn_batches(g.clone(), 1000);
    while let Some(b) = rx.recv().await {
        pb.inc(b.len() as u64);
        loader.persons(b).await;
    }
    pb.finish_and_clear();
    let counts = loader.finish(true, label, &hash).await?.expect("committed");
    println!(
        "Đã sinh {} tổ chức, {} người, {} thân nhân",
        super::db::thousands(counts.orgs),
        super::db::thousands(counts.persons),
        super::db::thousands(counts.relatives)
    );
    Ok(counts.persons as u64)
}

/// Rebuilds the search index after a bulk load (which writes around the index).
pub async fn index_all(c: &Config, store: Arc<dyn Store>) -> Result<()> {
    let index = Arc::new(bvctnb_search::PersonIndex::open_or_create(&c.index_dir)?);
    let app = bvctnb_app::App::without_catch_up(store, index).await?;
    let total: i64 = app.store.stats().await?.persons_by_status.iter().map(|(_, n)| n).sum();
    let pb = crate::progress::bar(total as u64, "Lập chỉ mục");
    let p = pb.clone();
    app.reindex(move |n| p.set_position(n)).await?;
    pb.finish_and_clear();
    Ok(())
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
        index_all(c, store).await?;
    }
    Ok(())
}
