//! Witnessing between levels. Below: each signed head goes to the level above (`serve` does it
//! as checkpoints are signed, `audit send-head` on demand), and `audit verify` fetches back what
//! the level above kept. Above: `audit witness add|list|receive|heads` registers the lower
//! levels and keeps the heads that come by file with the periodic report.

use crate::config::Config;
use anyhow::{Context, Result, anyhow, bail};
use bvctnb_app::audit::{Checkpoint, Receipt, checkpoint_line, read_checkpoints};
use bvctnb_store::OpenMode;
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::watch;

#[derive(clap::Subcommand)]
pub enum WitnessCommand {
    /// Register a lower level whose heads this installation keeps: its name and the public key
    /// its `bvctnb audit head` prints in each line ("key").
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_name = "HEX")]
        key: String,
    },
    /// The registered lower levels and the newest head kept for each.
    List,
    /// Keep the heads of a file (JSON Lines, as `audit head` prints them) that came with a
    /// lower level's periodic report; each is checked as if it had come over the network.
    Receive { file: PathBuf },
    /// Print the heads kept for a lower level, as JSON Lines, for its `audit verify --checkpoints`.
    Heads {
        #[arg(long, value_name = "HEX")]
        key: String,
    },
}

pub async fn run(c: &Config, cmd: WitnessCommand) -> Result<()> {
    let app = super::open_app(c, OpenMode::Existing).await?;
    match cmd {
        WitnessCommand::Add { name, key } => {
            let by = super::cli_event("", "", "", "").actor;
            let s = app.add_witness_source(&key, &name, &by).await?;
            println!("Đã đăng ký cấp dưới «{}» với khoá công khai {}", s.name, s.key);
        }
        WitnessCommand::List => {
            let sources = app.witness_sources().await?;
            if sources.is_empty() {
                println!("Chưa đăng ký cấp dưới nào (bvctnb audit witness add --name … --key …)");
            }
            for s in sources {
                let heads = app.witnessed_heads(&s.key).await?;
                let last = heads.last().map_or("chưa nhận đầu chuỗi nào".to_string(), |h| {
                    format!("đến mục số {}, nhận lúc {} ({})", h.checkpoint.seq, h.received_at, h.received_via)
                });
                println!("{}\t{}\t{} đầu chuỗi, {last}", s.name, s.key, heads.len());
            }
        }
        WitnessCommand::Receive { file } => {
            let heads = read_checkpoints(&file)?;
            if heads.is_empty() {
                bail!("{} không có đầu chuỗi nào", file.display());
            }
            for h in heads {
                let seq = h.seq;
                match app.receive_head(h, "tệp", "local").await.with_context(|| format!("mục số {seq}"))? {
                    Receipt::Kept { source, seq } => println!("Đã giữ đầu chuỗi của «{source}» tại mục số {seq}"),
                    Receipt::AlreadyKept { source, seq } => {
                        println!("Đầu chuỗi của «{source}» tại mục số {seq} đã được giữ từ trước")
                    }
                }
            }
        }
        WitnessCommand::Heads { key } => {
            for h in app.witnessed_heads(&key).await? {
                println!("{}", checkpoint_line(&h.checkpoint));
            }
        }
    }
    Ok(())
}

fn client() -> Result<reqwest::Client> {
    Ok(reqwest::Client::builder().timeout(Duration::from_secs(20)).build()?)
}

fn heads_url(base: &str) -> String {
    format!("{}/api/v1/witness/heads", base.trim_end_matches('/'))
}

/// Sends one head to the level above; returns what it said.
pub async fn send(base: &str, c: &Checkpoint) -> Result<String> {
    let resp = client()?
        .post(heads_url(base))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(checkpoint_line(c))
        .send()
        .await
        .with_context(|| format!("không gửi được đầu chuỗi lên cấp trên {base}"))?;
    let status = resp.status();
    let body: serde_json::Value = resp.json().await.unwrap_or_default();
    if !status.is_success() {
        let why = body["error"]["message"].as_str().unwrap_or("không rõ lý do");
        bail!("cấp trên {base} không nhận đầu chuỗi tại mục số {} ({status}): {why}", c.seq);
    }
    let source = body["source"].as_str().unwrap_or("?");
    Ok(if body["new"].as_bool() == Some(false) {
        format!("Cấp trên đã giữ đầu chuỗi tại mục số {} từ trước (là «{source}»)", c.seq)
    } else {
        format!("Cấp trên đã nhận và giữ đầu chuỗi tại mục số {} (là «{source}»)", c.seq)
    })
}

/// The heads the level above kept for `key`.
pub async fn fetch(base: &str, key: &str) -> Result<Vec<Checkpoint>> {
    let resp = client()?
        .get(format!("{}?key={key}", heads_url(base)))
        .send()
        .await
        .with_context(|| format!("không hỏi được cấp trên {base} về các đầu chuỗi đã giữ"))?;
    let status = resp.status();
    let text = resp.text().await?;
    if !status.is_success() {
        bail!("cấp trên {base} trả lời {status}: {text}");
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| anyhow!("cấp trên {base} trả về dòng {} hỏng: {e}", i + 1))?;
        let field = |k: &str| v[k].as_str().map(str::to_string).ok_or_else(|| anyhow!("dòng {} thiếu {k}", i + 1));
        out.push(Checkpoint {
            seq: v["seq"].as_i64().ok_or_else(|| anyhow!("dòng {} thiếu seq", i + 1))?,
            hash: field("hash")?,
            at: field("at")?,
            key: field("key")?,
            signature: field("signature")?,
        });
    }
    Ok(out)
}

/// Sends the newest signed head upward whenever it changes, for as long as the server runs; a
/// failure is logged and retried with the next head or after a minute, whichever comes first.
pub fn spawn_upward(base: String, mut heads: watch::Receiver<Option<Checkpoint>>) {
    tokio::spawn(async move {
        let mut sent: Option<i64> = None;
        loop {
            let newest = heads.borrow_and_update().clone();
            if let Some(c) = newest.filter(|c| sent != Some(c.seq)) {
                match send(&base, &c).await {
                    Ok(said) => {
                        tracing::info!(seq = c.seq, "audit: {said}");
                        sent = Some(c.seq);
                    }
                    Err(e) => tracing::warn!(error = %format!("{e:#}"), "audit: head not witnessed yet"),
                }
            }
            let retry = sent != heads.borrow().as_ref().map(|c| c.seq);
            tokio::select! {
                changed = heads.changed() => if changed.is_err() { break },
                () = tokio::time::sleep(Duration::from_secs(60)), if retry => {}
            }
        }
    });
}
