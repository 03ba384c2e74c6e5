//! `bvctnb audit verify | checkpoint`: checks the audit trail's hash chain against the signed
//! checkpoints, and signs the current head.

use crate::config::Config;
use anyhow::{Context, Result, bail};
use bvctnb_store::OpenMode;
use bvctnb_store::audit::AuditSigner;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(clap::Subcommand)]
enum AuditCommand {
    /// Check every entry of the audit trail and every signed checkpoint; exit non-zero and name
    /// the first entry at fault if anything was changed, deleted, inserted, reordered or cut.
    Verify {
        /// A trusted public key (64 hex digits); repeatable. Default: the public half of the
        /// configured audit key file (audit_key_file, BVCTNB_AUDIT_KEY_FILE).
        #[arg(long = "public-key", value_name = "HEX")]
        public_keys: Vec<String>,
    },
    /// Sign the current head of the trail with the audit key (created if missing).
    Checkpoint,
}

pub async fn run(c: &Config, a: Args) -> Result<()> {
    match a.command {
        AuditCommand::Verify { public_keys } => verify_cmd(c, public_keys).await,
        AuditCommand::Checkpoint => checkpoint(c).await,
    }
}

async fn verify_cmd(c: &Config, mut keys: Vec<String>) -> Result<()> {
    for k in &keys {
        if k.len() != 64 || !k.chars().all(|ch| ch.is_ascii_hexdigit()) {
            bail!("khoá công khai \"{k}\" không hợp lệ: cần 64 chữ số hex");
        }
    }
    let keys_given = !keys.is_empty();
    if !keys_given && c.audit_key_file.exists() {
        let signer = AuditSigner::load(&c.audit_key_file)
            .with_context(|| format!("không đọc được khoá kiểm toán {}", c.audit_key_file.display()))?;
        keys.push(signer.public_hex());
    }
    let keys: Vec<String> = keys.iter().map(|k| k.to_ascii_lowercase()).collect();
    let store = super::open_store(c, OpenMode::Existing).await?;
    if keys.is_empty() && !store.checkpoints().await?.is_empty() {
        eprintln!(
            "Chú ý: không có khoá công khai tin cậy (không thấy {}; dùng --public-key)",
            c.audit_key_file.display()
        );
    }
    let report = store.verify_audit(&keys).await?;
    match report.first_problem {
        None => {
            println!(
                "Nhật ký kiểm toán toàn vẹn: {} mục, {} điểm kiểm tra",
                super::db::thousands(report.entries),
                report.checkpoints_checked
            );
            Ok(())
        }
        Some(p) => bail!("Nhật ký kiểm toán bị can thiệp: mục số {}: {}", p.seq, p.reason),
    }
}

async fn checkpoint(c: &Config) -> Result<()> {
    let signer = AuditSigner::load_or_create(&c.audit_key_file)
        .with_context(|| format!("không đọc hoặc tạo được khoá kiểm toán {}", c.audit_key_file.display()))?;
    let store = super::open_store(c, OpenMode::Existing).await?;
    let (seq, hash) = store.audit_head().await?;
    if store.checkpoints().await?.iter().any(|c| c.seq == seq) {
        println!("Đã có điểm kiểm tra tại mục số {seq}: không có mục mới để ký");
        return Ok(());
    }
    store.put_checkpoint(&signer.sign(seq, &hash)).await?;
    println!("Đã ký điểm kiểm tra tại mục số {seq} bằng khoá công khai {}", signer.public_hex());
    Ok(())
}
