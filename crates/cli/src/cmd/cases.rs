//! `bvctnb cases report --scope ORG`: the case clocks of a scope (working days per stage and
//! end to end, p50 / p90 / max over every case) and what is overdue today.

use crate::config::Config;
use anyhow::{Context, Result};
use bvctnb_core::ids::OrgId;
use bvctnb_store::OpenMode;
use bvctnb_store::cases::CaseFilter;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Case clocks and overdue counts of an organisation's subtree.
    Report {
        #[arg(long)]
        scope: i64,
    },
}

pub async fn run(c: &Config, a: Args) -> Result<()> {
    let Command::Report { scope } = a.command;
    let app = super::open_app(c, OpenMode::Existing).await?;
    let org = OrgId(scope);
    let node = app.org_node(org).await?.with_context(|| format!("không có tổ chức số {scope}"))?;
    let today = app.today().to_string();
    let open = app.count_cases(org, &CaseFilter { open_only: true, ..Default::default() }).await?;
    let overdue = app.count_cases(org, &CaseFilter { overdue_on: Some(today.clone()), ..Default::default() }).await?;
    let late = app.count_overdue_requests(org).await?;
    println!("{} — ngày {today}", node.name);
    println!("Hồ sơ đang xử lý: {open}; bước quá hạn: {overdue}; đề nghị thẩm tra quá hạn trả lời: {late}");
    println!();
    println!("{:<28} {:<44} {:>6} {:>6} {:>6} {:>6}", "Loại hồ sơ", "Bước (ngày làm việc)", "số", "p50", "p90", "max");
    for k in bvctnb_app::cases::clocks(&app, org).await? {
        let stage = k.stage.map_or("Cả hồ sơ (mở đến kết thúc)", |s| s.label());
        println!(
            "{:<28} {:<44} {:>6} {:>6} {:>6} {:>6}",
            k.kind.label(),
            stage,
            k.spread.n,
            k.spread.p50,
            k.spread.p90,
            k.spread.max
        );
    }
    Ok(())
}
