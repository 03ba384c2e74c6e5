//! `bvctnb export`: organisations then persons as JSON Lines, streamed with bounded memory.
//! Written to a temporary file and renamed at the end, so a failed export leaves no half file.

use crate::config::Config;
use anyhow::{Context, Result};
use bvctnb_app::exchange::LineOut;
use bvctnb_store::OpenMode;
use futures::TryStreamExt;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Output file; `-` for standard output.
    #[arg(long, short)]
    pub out: PathBuf,
}

pub async fn run(c: &Config, a: Args) -> Result<()> {
    let store = super::open_store(c, OpenMode::Existing).await?;
    let to_stdout = a.out.as_os_str() == "-";
    let partial = a.out.with_extension("jsonl.partial");
    let sink: Box<dyn Write> = if to_stdout {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::fs::File::create(&partial).with_context(|| format!("không tạo được {}", partial.display()))?)
    };
    let mut w = std::io::BufWriter::with_capacity(1 << 20, sink);
    let orgs = store.all_orgs().await?;
    for o in &orgs {
        serde_json::to_writer(&mut w, &LineOut::Org(o))?;
        w.write_all(b"\n")?;
    }
    // The change sequence bounds the person count and costs nothing to read (a COUNT scans).
    let total = store.max_change_seq().await?;
    let pb = crate::progress::bar(total as u64, "Xuất");
    let mut persons = store.stream_persons();
    let mut n = 0u64;
    while let Some(p) = persons.try_next().await? {
        serde_json::to_writer(
            &mut w,
            &LineOut::Person { id: p.id.0, org_id: p.org_id.0, declaration: &p.declaration },
        )?;
        w.write_all(b"\n")?;
        n += 1;
        pb.inc(1);
    }
    w.flush()?;
    drop(w);
    pb.finish_and_clear();
    if !to_stdout {
        std::fs::rename(&partial, &a.out).with_context(|| format!("không ghi được {}", a.out.display()))?;
        eprintln!("Đã xuất {} tổ chức và {} người vào {}", orgs.len(), n, a.out.display());
    }
    Ok(())
}
