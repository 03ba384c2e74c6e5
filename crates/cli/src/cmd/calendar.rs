//! `bvctnb calendar`: the year's days off with lunar dates, and deadline arithmetic in
//! working days, as officers check deadlines.

use crate::config::Config;
use anyhow::{Context, Result, bail};
use bvctnb_core::calendar::Calendar;
use bvctnb_core::date::PartialDate;
use chrono::{Datelike, NaiveDate, Weekday};

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// List the days off of this year.
    pub year: Option<i32>,
    #[command(subcommand)]
    pub action: Option<Action>,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// The date N working days after DATE (DATE itself not counted).
    Add { date: String, days: u32 },
    /// Working days after FROM up to and including TO.
    Between { from: String, to: String },
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/calendar_embedded.rs"));
}

/// Overrides from `calendar_dir` when it exists, otherwise those shipped in the binary.
pub fn load(c: &Config) -> Result<Calendar> {
    let dir = &c.calendar_dir;
    if dir.is_dir() {
        let mut files = Vec::new();
        for e in std::fs::read_dir(dir).with_context(|| format!("không đọc được {}", dir.display()))? {
            let p = e?.path();
            if p.extension().is_some_and(|x| x == "toml") {
                let text = std::fs::read_to_string(&p).with_context(|| format!("không đọc được {}", p.display()))?;
                files.push((p.display().to_string(), text));
            }
        }
        files.sort();
        return Ok(Calendar::from_override_files(files)?);
    }
    Ok(Calendar::from_override_files(embedded::FILES.iter().map(|(n, t)| (*n, *t)))?)
}

fn parse_date(s: &str) -> Result<NaiveDate> {
    let p = PartialDate::parse(s).map_err(|e| anyhow::anyhow!("ngày \"{s}\": {}", e.message))?;
    p.exact().with_context(|| format!("ngày \"{s}\" phải đủ ngày, tháng, năm"))
}

pub fn weekday(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ Nhật",
    }
}

fn show(d: NaiveDate) -> String {
    format!("{} {}", weekday(d), d.format("%d/%m/%Y"))
}

pub fn run(c: &Config, a: Args) -> Result<()> {
    let cal = load(c)?;
    match (a.year, a.action) {
        (Some(year), None) => {
            if !(1900..=2199).contains(&year) {
                bail!("năm phải trong khoảng 1900–2199");
            }
            println!("Ngày nghỉ năm {year} (ngoài thứ Bảy, Chủ nhật):");
            for d in cal.days_off(year) {
                let lunar = d.lunar.map(|l| format!(" — âm lịch {l}")).unwrap_or_default();
                let note = d.note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
                println!("  {:<24} {}{note}{lunar}", show(d.date), d.reason);
            }
            let make_up = cal.make_up_days(year);
            if !make_up.is_empty() {
                println!("Ngày làm bù:");
                for m in make_up {
                    println!("  {:<24} {}", show(m.date), m.note);
                }
            }
            if let Some((source, _)) = cal.override_for(year) {
                println!("Nguồn điều chỉnh của năm: {source}");
            } else {
                println!("Năm này chưa có quyết định điều chỉnh: tính theo Điều 112 Bộ luật Lao động 2019.");
            }
        }
        (None, Some(Action::Add { date, days })) => {
            let d = parse_date(&date)?;
            let r = cal.add_working_days(d, days);
            println!("{days} ngày làm việc sau {} là {}", show(d), show(r));
        }
        (None, Some(Action::Between { from, to })) => {
            let (a, b) = (parse_date(&from)?, parse_date(&to)?);
            println!("Từ {} đến {}: {} ngày làm việc", show(a), show(b), cal.working_days_between(a, b));
        }
        _ => bail!("dùng: bvctnb calendar NĂM | bvctnb calendar add NGÀY SỐ_NGÀY | bvctnb calendar between TỪ ĐẾN"),
    }
    Ok(())
}
