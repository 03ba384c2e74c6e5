//! Macro benchmarks, each compared with a bare baseline measured in the same run.
//! Results go to bench/RESULTS.md by hand, with the command, machine and date; nothing here
//! is asserted in a test.

mod import;
mod mixed;
mod search;
mod secrets;
mod stream;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate + import through the store (`ours`) or a bare insert of the same rows (`baseline`).
    Import(import::Args),
    /// Person search latency over an existing database and index.
    Search(search::Args),
    /// Every dossier of a scope read from the store and dropped: the review campaign's baseline.
    Stream(stream::Args),
    /// Concurrent readers and writers on one store: latency and errors (baseline: no writes).
    Mixed(mixed::Args),
    /// Synthetic secret registers for the register-page and yearly-statistics benchmarks.
    Secrets(secrets::Args),
}

/// Peak resident set of this process so far (VmHWM), in MiB.
pub fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    match cli.command {
        Command::Import(a) => rt.block_on(import::run(a)),
        Command::Search(a) => rt.block_on(search::run(a)),
        Command::Stream(a) => rt.block_on(stream::run(a)),
        Command::Mixed(a) => rt.block_on(mixed::run(a)),
        Command::Secrets(a) => secrets::run(a),
    }
}
