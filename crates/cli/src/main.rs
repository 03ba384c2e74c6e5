//! `bvctnb`: the one binary of the system.

mod cmd;
mod config;
mod progress;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

// glibc's malloc took a sixth of the server's CPU under load (many small, short-lived
// allocations across threads: JSON documents, policy entities, rendered pages); mimalloc's
// thread-local free lists serve those for much less (bench/RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "bvctnb", version, about = "Hệ thống công tác bảo vệ chính trị nội bộ")]
struct Cli {
    /// Configuration file (TOML). Default: $BVCTNB_CONFIG, else ./bvctnb.toml if present.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Database URL: sqlite://PATH or postgres://… (overrides config and BVCTNB_DATABASE_URL).
    #[arg(long, global = true)]
    database: Option<String>,
    /// Search index directory (overrides config and BVCTNB_INDEX_DIR).
    #[arg(long, global = true)]
    index_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the database if needed and apply pending migrations.
    Migrate,
    /// A working system from nothing: a province of synthetic data in ./data, one demo account
    /// per role, and the web server on 127.0.0.1 (prints the address and the logins).
    Demo,
    /// Run the web application.
    Serve,
    /// Accounts: create the first administrator, reset a password or second factor, unlock.
    Admin(cmd::admin::Args),
    /// Generate deterministic synthetic data into the database, or as JSON Lines with --out.
    Gen(cmd::generate::Args),
    /// Import JSON Lines files (or directories of them); each file is all-or-nothing.
    Import(cmd::import::Args),
    /// Export organisations and persons as JSON Lines.
    Export(cmd::export::Args),
    /// Search persons by name, without diacritics, tolerating one typo.
    Search(cmd::search::Args),
    /// Counts by organisation kind, member status, relative tier.
    Stats,
    /// Rebuild the search index from the database.
    Reindex,
    /// Print a commented example configuration.
    DefaultConfig,
    /// Working-day calendar: a year's days off, or deadline arithmetic.
    Calendar(cmd::calendar::Args),
    /// Audit trail: verify the hash chain and signed checkpoints, or sign the current head.
    Audit(cmd::audit::Args),
    /// Write a checked, consistent copy of the running database with its manifest into a folder.
    Backup(cmd::backup::BackupArgs),
    /// Put a backup in place of the configured database after checking it (see `backup`).
    Restore(cmd::backup::RestoreArgs),
    /// Regulation packs: check, list, diff two packs, explain one dossier's findings.
    Rules(cmd::rules::Args),
    /// Review campaign (đợt rà soát): re-evaluate every dossier of a scope against a pack;
    /// resumes an unfinished one.
    Rescreen(cmd::rescreen::Args),
    /// Review campaigns: list, export to Excel.
    Campaigns(cmd::rescreen::CampaignArgs),
    /// Vetting cases: the report of case clocks and overdue steps of a scope.
    Cases(cmd::cases::Args),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let mut config = match config::Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => return report(e),
    };
    if let Some(db) = cli.database {
        config.database_url = db;
    }
    if let Some(dir) = cli.index_dir {
        config.index_dir = dir;
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&config.log)
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return report(e.into()),
    };
    match rt.block_on(run(cli.command, config)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => report(e),
    }
}

fn report(e: anyhow::Error) -> std::process::ExitCode {
    eprintln!("Lỗi: {e}");
    for cause in e.chain().skip(1) {
        eprintln!("  do: {cause}");
    }
    std::process::ExitCode::FAILURE
}

async fn run(command: Command, config: config::Config) -> Result<()> {
    match command {
        Command::Migrate => cmd::db::migrate(&config).await,
        Command::Demo => cmd::demo::run(&config).await,
        Command::Serve => cmd::serve::run(&config).await,
        Command::Admin(a) => cmd::admin::run(&config, a).await,
        Command::Gen(a) => cmd::generate::run(&config, a).await,
        Command::Import(a) => cmd::import::run(&config, a).await,
        Command::Export(a) => cmd::export::run(&config, a).await,
        Command::Search(a) => cmd::search::run(&config, a).await,
        Command::Stats => cmd::db::stats(&config).await,
        Command::Reindex => cmd::db::reindex(&config).await,
        Command::DefaultConfig => {
            print!("{}", config::EXAMPLE);
            Ok(())
        }
        Command::Calendar(a) => cmd::calendar::run(&config, a),
        Command::Audit(a) => cmd::audit::run(&config, a).await,
        Command::Backup(a) => cmd::backup::backup_cmd(&config, a).await,
        Command::Restore(a) => cmd::backup::restore_cmd(&config, a).await,
        Command::Rules(a) => cmd::rules::run(&config, a).await,
        Command::Rescreen(a) => cmd::rescreen::run(&config, a).await,
        Command::Campaigns(a) => cmd::rescreen::campaigns(&config, a).await,
        Command::Cases(a) => cmd::cases::run(&config, a).await,
    }
}
