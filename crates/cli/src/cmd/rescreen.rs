//! `bvctnb rescreen`: a review campaign over a scope, resumable after a kill, and
//! `bvctnb campaigns list | export`.

use crate::config::Config;
use anyhow::{Context, Result};
use bvctnb_core::ids::OrgId;
use bvctnb_store::OpenMode;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    /// Organisation id whose subtree is re-screened.
    #[arg(long)]
    scope: i64,
    /// Pack id (default: the pack in force).
    #[arg(long)]
    pack: Option<String>,
    /// Case kind the rules are applied for.
    #[arg(long, default_value = "review")]
    kind: String,
    /// Start a new campaign even if one with the same pack, kind and scope is unfinished.
    #[arg(long)]
    new: bool,
    /// Who starts it, as recorded with the campaign.
    #[arg(long, default_value = "dòng lệnh")]
    by: String,
    /// Write the work lists to this Excel file when done.
    #[arg(long)]
    xlsx: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct CampaignArgs {
    #[command(subcommand)]
    command: CampaignCommand,
}

#[derive(clap::Subcommand)]
enum CampaignCommand {
    /// Campaigns, newest first.
    List,
    /// Write a campaign's work lists to an Excel file.
    Export {
        id: i64,
        #[arg(long)]
        out: PathBuf,
    },
}

pub async fn run(c: &Config, a: Args) -> Result<()> {
    let pack = Arc::new(super::rules::pack(c, a.pack.as_deref())?);
    let kind = super::rules::kind(&a.kind)?;
    let store = super::open_store(c, OpenMode::Existing).await?;
    let scope = OrgId(a.scope);
    let org = store.org(scope).await?.with_context(|| format!("không có tổ chức số {}", a.scope))?;
    build_screen_facts(store.as_ref()).await?;
    let what = format!("tổ chức {scope} — {} — {} — người chạy {}", pack.version_tag(), kind.code(), a.by);
    let entry = super::cli_event("campaign.start", "campaign", "", what.clone());
    let starting = bvctnb_app::rescreen::start_or_resume(store.as_ref(), &pack, kind, scope, &a.by, a.new);
    let (started, seq) = bvctnb_app::audit::within(entry, starting).await;
    let (campaign, resumed) = started?;
    if seq.is_none() {
        // Resumed: nothing was written to start it, but the run is still someone's act.
        let entry = super::cli_event("campaign.start", "campaign", campaign.id, format!("tiếp tục — {what}"));
        store.append_audit(&[entry]).await?;
    }
    if resumed {
        eprintln!(
            "Tiếp tục đợt rà soát số {} từ hồ sơ sau số {} ({} / {} đã xong).",
            campaign.id, campaign.cursor, campaign.processed, campaign.total
        );
    } else {
        eprintln!("Đợt rà soát số {}: {} — {} — {}.", campaign.id, org.name, kind.label(), pack.version_tag());
    }
    let bar = crate::progress::bar(campaign.total.max(0) as u64, "rà soát");
    bar.set_position(campaign.processed.max(0) as u64);
    let pb = bar.clone();
    let done = bvctnb_app::rescreen::run(store.clone(), pack.clone(), &campaign, move |n, _| pb.set_position(n as u64))
        .await?;
    bar.finish_and_clear();
    println!(
        "Đợt rà soát số {}: đã rà soát {} hồ sơ ({} có đặc điểm để đối chiếu); {} người có phát hiện mới, thay \
         đổi hoặc không còn phát hiện.",
        done.id, done.scope_persons, done.processed, done.flagged
    );
    if let Some(path) = a.xlsx {
        export(c, done.id, &path).await?;
    }
    Ok(())
}

/// Builds the screening projection once on a database older than it, with a progress bar.
pub async fn build_screen_facts(store: &dyn bvctnb_store::Store) -> Result<()> {
    if store.screen_facts_ready().await? {
        return Ok(());
    }
    // Person ids follow the change sequence closely enough for a progress bar.
    let max = store.max_change_seq().await?.max(0) as u64;
    let bar = crate::progress::bar(max, "dựng dữ liệu đối chiếu");
    let pb = bar.clone();
    bvctnb_app::rescreen::ensure_screen_facts(store, move |last| pb.set_position((last as u64).min(max))).await?;
    bar.finish_and_clear();
    eprintln!("Đã dựng dữ liệu đối chiếu quy định cho mọi hồ sơ.");
    Ok(())
}

async fn export(c: &Config, id: bvctnb_core::ids::CampaignId, path: &std::path::Path) -> Result<()> {
    let store = super::open_store(c, OpenMode::Existing).await?;
    let campaign = store.campaign(id).await?.with_context(|| format!("không có đợt rà soát số {id}"))?;
    let org = store.org(campaign.scope_org).await?.map(|o| o.name).unwrap_or_default();
    let title = super::rules::pack(c, Some(&campaign.pack_id)).map(|p| p.pack.document).unwrap_or_default();
    let bytes = bvctnb_app::workbook::campaign_xlsx(store.as_ref(), &campaign, None, &[], &org, &title).await?;
    std::fs::write(path, bytes).with_context(|| format!("không ghi được {}", path.display()))?;
    println!("Đã ghi {}", path.display());
    Ok(())
}

pub async fn campaigns(c: &Config, a: CampaignArgs) -> Result<()> {
    match a.command {
        CampaignCommand::List => {
            let store = super::open_store(c, OpenMode::Existing).await?;
            for k in store.list_campaigns(None, 100).await? {
                println!(
                    "#{} {} {} tổ chức {} — {} — {}/{} hồ sơ cần đối chiếu, {} người — {}",
                    k.id,
                    k.pack_version,
                    k.case_kind.code(),
                    k.scope_org.0,
                    k.status.label(),
                    k.processed,
                    k.total,
                    k.flagged,
                    k.started_at
                );
            }
            Ok(())
        }
        CampaignCommand::Export { id, out } => export(c, bvctnb_core::ids::CampaignId(id), &out).await,
    }
}
