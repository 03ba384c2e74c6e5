//! `bvctnb audit verify | checkpoint | head`: checks the audit trail's hash chain against the
//! signed checkpoints (in the database, in the external checkpoint log, and those the level
//! above keeps), and signs the current head.

use crate::config::Config;
use anyhow::{Context, Result, bail};
use bvctnb_store::OpenMode;
use bvctnb_store::audit::{AuditSigner, Checkpoint, CheckpointLog, read_checkpoints};
use std::io::Write;
use std::path::{Path, PathBuf};

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
        /// More signed checkpoints to hold the trail to (JSON Lines, as `audit head` prints
        /// them), e.g. the heads this level sent upward and the level above kept; repeatable.
        /// The configured checkpoint log (audit_checkpoint_log) is always read.
        #[arg(long = "checkpoints", value_name = "FILE")]
        checkpoint_files: Vec<PathBuf>,
        /// The level above's server that keeps this installation's heads (default: the
        /// configured audit_witness_url); the heads it kept are fetched and held to. When it
        /// cannot be reached the check fails: pass --no-witness to check without it.
        #[arg(long = "witness", value_name = "URL")]
        witness: Option<String>,
        #[arg(long = "no-witness", conflicts_with = "witness")]
        no_witness: bool,
    },
    /// Sign the current head of the trail with the audit key (created if missing), in the
    /// database and in the checkpoint log.
    Checkpoint,
    /// Sign the current head and print it as one line, to send to the level above with the
    /// periodic report (they keep it; `verify --checkpoints` holds the trail to it later).
    Head,
    /// Replace the audit key: the head is signed with the old key one last time, the old
    /// public key is kept as retired (KEY_FILE.retired, read by verify) so its checkpoints still
    /// count, and a new key takes its place. Restart the server afterwards.
    RotateKey,
    /// Sign the current head and send it to the level above now (default: the configured
    /// audit_witness_url).
    SendHead {
        #[arg(long = "to", value_name = "URL")]
        to: Option<String>,
    },
    /// Keep the heads that lower levels send (this installation as the level above).
    #[command(subcommand)]
    Witness(super::witness::WitnessCommand),
}

pub async fn run(c: &Config, a: Args) -> Result<()> {
    match a.command {
        AuditCommand::Verify { public_keys, checkpoint_files, witness, no_witness } => {
            let witness = if no_witness { None } else { witness.or_else(|| c.audit_witness_url.clone()) };
            verify_cmd(c, public_keys, checkpoint_files, witness).await
        }
        AuditCommand::SendHead { to } => {
            let Some(to) = to.or_else(|| c.audit_witness_url.clone()) else {
                bail!("chưa có địa chỉ cấp trên: đặt audit_witness_url trong cấu hình hoặc dùng --to URL");
            };
            let (cp, said) = checkpoint(c).await?;
            eprintln!("{said}");
            println!("{}", super::witness::send(&to, &cp).await?);
            Ok(())
        }
        AuditCommand::Witness(cmd) => super::witness::run(c, cmd).await,
        AuditCommand::Checkpoint => {
            println!("{}", checkpoint(c).await?.1);
            Ok(())
        }
        AuditCommand::RotateKey => rotate_key(c).await,
        AuditCommand::Head => {
            let (cp, said) = checkpoint(c).await?;
            eprintln!("{said}");
            println!("{}", bvctnb_store::audit::checkpoint_line(&cp));
            Ok(())
        }
    }
}

/// The public keys checkpoints are trusted by: those given, or else the configured key's and
/// the retired ones kept beside it.
pub fn trusted_keys(c: &Config, given: &[String]) -> Result<Vec<String>> {
    for k in given {
        if k.len() != 64 || !k.chars().all(|ch| ch.is_ascii_hexdigit()) {
            bail!("khoá công khai \"{k}\" không hợp lệ: cần 64 chữ số hex");
        }
    }
    let mut keys = given.to_vec();
    if keys.is_empty() && c.audit_key_file.exists() {
        let signer = AuditSigner::load(&c.audit_key_file)
            .with_context(|| format!("không đọc được khoá kiểm toán {}", c.audit_key_file.display()))?;
        keys.push(signer.public_hex());
        keys.extend(retired_keys(&c.audit_key_file)?);
    }
    Ok(keys.iter().map(|k| k.to_ascii_lowercase()).collect())
}

/// The checkpoints held outside the database: the configured log, then each of `files`.
pub fn outside_checkpoints(c: &Config, files: &[PathBuf]) -> Result<Vec<Checkpoint>> {
    let mut outside = CheckpointLog::new(&c.audit_checkpoint_log).read()?;
    for f in files {
        let more = read_checkpoints(f)?;
        if more.is_empty() {
            bail!("{} không có điểm kiểm tra nào", f.display());
        }
        outside.extend(more);
    }
    Ok(outside)
}

async fn verify_cmd(c: &Config, given: Vec<String>, files: Vec<PathBuf>, witness: Option<String>) -> Result<()> {
    let keys = trusted_keys(c, &given)?;
    let store = super::open_store(c, OpenMode::Existing).await?;
    if keys.is_empty() && !store.checkpoints().await?.is_empty() {
        eprintln!(
            "Chú ý: không có khoá công khai tin cậy (không thấy {}; dùng --public-key)",
            c.audit_key_file.display()
        );
    }
    let logged = CheckpointLog::new(&c.audit_checkpoint_log).read()?.len();
    let mut outside = outside_checkpoints(c, &files)?;
    let mut witnessed = 0;
    if let Some(url) = &witness {
        for k in &keys {
            let kept =
                super::witness::fetch(url, k).await.context("dùng --no-witness để kiểm tra không cần cấp trên")?;
            witnessed += kept.len();
            outside.extend(kept);
        }
        if witnessed == 0 {
            eprintln!("Chú ý: cấp trên {url} chưa giữ đầu chuỗi nào của khoá này");
        }
    }
    let stored = store.checkpoints().await?;
    let report = store.verify_audit_with(&keys, &outside).await?;
    match report.first_problem {
        None => {
            println!(
                "Nhật ký kiểm toán toàn vẹn: {} mục, {} điểm kiểm tra ({} trong sổ ngoài {})",
                super::db::thousands(report.entries),
                report.checkpoints_checked,
                logged,
                c.audit_checkpoint_log.display()
            );
            if let Some(url) = &witness {
                println!("Khớp với {witnessed} đầu chuỗi cấp trên {url} đã giữ");
            }
            let last_stored = stored.iter().map(|c| c.seq).max().unwrap_or(0);
            let last_outside = outside.iter().map(|c| c.seq).max().unwrap_or(0);
            if last_outside < last_stored {
                eprintln!(
                    "Chú ý: sổ điểm kiểm tra ngoài dừng ở mục {last_outside}, cơ sở dữ liệu có điểm kiểm tra đến mục \
                     {last_stored}: các mục sau {last_outside} chỉ được đối chiếu với chính cơ sở dữ liệu"
                );
            }
            Ok(())
        }
        Some(p) => bail!("Nhật ký kiểm toán bị can thiệp: mục số {}: {}", p.seq, p.reason),
    }
}

/// Signs the head (unless it is signed already) into the database and the checkpoint log;
/// returns the checkpoint at the head and what was done.
async fn checkpoint(c: &Config) -> Result<(Checkpoint, String)> {
    let signer = AuditSigner::load_or_create(&c.audit_key_file)
        .with_context(|| format!("không đọc hoặc tạo được khoá kiểm toán {}", c.audit_key_file.display()))?;
    let store = super::open_store(c, OpenMode::Existing).await?;
    let (seq, hash) = store.audit_head().await?;
    let log = CheckpointLog::new(&c.audit_checkpoint_log);
    if let Some(cp) = store.checkpoints().await?.into_iter().find(|c| c.seq == seq && c.hash == hash) {
        if !log.read()?.iter().any(|x| x.seq == cp.seq && x.hash == cp.hash) {
            log.append(&cp)?;
        }
        return Ok((cp, format!("Đã có điểm kiểm tra tại mục số {seq}: không có mục mới để ký")));
    }
    let cp = signer.sign(seq, &hash);
    store.put_checkpoint(&cp).await?;
    log.append(&cp)?;
    let said = format!("Đã ký điểm kiểm tra tại mục số {seq} bằng khoá công khai {}", signer.public_hex());
    Ok((cp, said))
}

/// Where the public halves of replaced keys are kept: beside the key, one per line.
fn retired_file(key_file: &Path) -> PathBuf {
    bvctnb_store::private::with_suffix(key_file, ".retired")
}

fn retired_keys(key_file: &Path) -> Result<Vec<String>> {
    let path = retired_file(key_file);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e).with_context(|| format!("không đọc được {}", path.display())),
    }
}

async fn rotate_key(c: &Config) -> Result<()> {
    let key_file = &c.audit_key_file;
    if !key_file.exists() {
        bail!("chưa có khoá kiểm toán tại {}: không có gì để thay", key_file.display());
    }
    let (_, said) = checkpoint(c).await?;
    println!("{said}");
    let old = AuditSigner::load(key_file)?;
    let mut retired = std::fs::OpenOptions::new().create(true).append(true).open(retired_file(key_file))?;
    writeln!(retired, "{}", old.public_hex())?;
    retired.sync_all()?;
    // The new key is written beside the old one and then renamed over it, so a crash leaves
    // one whole key, never half of one.
    let fresh = key_file.with_extension("new");
    let _ = std::fs::remove_file(&fresh);
    let new = AuditSigner::load_or_create(&fresh)?;
    std::fs::rename(&fresh, key_file)?;
    println!(
        "Đã thay khoá kiểm toán: khoá công khai cũ {} được giữ trong {}; khoá mới {}. Khởi động lại máy chủ.",
        old.public_hex(),
        retired_file(key_file).display(),
        new.public_hex()
    );
    Ok(())
}
