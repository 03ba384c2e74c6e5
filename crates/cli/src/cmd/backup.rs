//! `bvctnb backup DIR` and `bvctnb restore DIR`. A backup is a consistent copy of the running
//! database (SQLite `VACUUM INTO`, PostgreSQL `pg_dump`), checked before it is called one
//! (integrity, the audit chain against its checkpoints and the log outside), with a manifest:
//! each file's size and blake3 hash, the audit head and the counts. A restore checks all of
//! that again, refuses a database that holds data unless told, keeps what it replaces, and
//! rebuilds the search index. Attachments live in the database and come with it.

use crate::config::Config;
use anyhow::{Context, Result, bail};
use bvctnb_store::audit::{Checkpoint, CheckpointLog};
use bvctnb_store::backup::{CopyCheck, Counts, PG_FILE, SQLITE_FILE, check_sqlite_copy, holds_data};
use bvctnb_store::private::with_suffix;
use bvctnb_store::{Backend, DatabaseUrl, OpenMode};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = "manifest.json";

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: String,
    pub release: String,
    pub backend: String,
    pub files: Vec<FileEntry>,
    pub audit_head: Head,
    pub counts: Counts,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct FileEntry {
    pub name: String,
    pub bytes: u64,
    pub blake3: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

#[derive(clap::Args)]
pub struct BackupArgs {
    /// An empty or new folder for the backup.
    dir: PathBuf,
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// A folder written by `bvctnb backup`.
    dir: PathBuf,
    /// Replace a database that already holds data (what it held is kept beside it).
    #[arg(long)]
    force: bool,
}

pub async fn backup_cmd(c: &Config, a: BackupArgs) -> Result<()> {
    let m = backup(c, &a.dir).await?;
    println!(
        "Đã sao lưu vào {}: {} người, {} hồ sơ thẩm tra, {} tệp đính kèm, nhật ký đến mục {}",
        a.dir.display(),
        m.counts.persons,
        m.counts.cases,
        m.counts.attachments,
        m.audit_head.seq
    );
    Ok(())
}

pub async fn restore_cmd(c: &Config, a: RestoreArgs) -> Result<()> {
    let m = restore(c, &a.dir, a.force).await?;
    println!(
        "Đã khôi phục từ {} (sao lưu lúc {}): {} người, nhật ký toàn vẹn đến mục {}; đã dựng lại chỉ mục tìm kiếm",
        a.dir.display(),
        m.created_at,
        m.counts.persons,
        m.audit_head.seq
    );
    Ok(())
}

/// Writes a checked backup into `dir` (new or empty) and returns its manifest.
pub async fn backup(c: &Config, dir: &Path) -> Result<Manifest> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        bail!("thư mục {} đã có tệp: chọn một thư mục mới hoặc trống", dir.display());
    }
    private_dir(dir)?;
    let store = super::open_store(c, OpenMode::Existing).await?;
    let keys = super::audit::trusted_keys(c, &[])?;
    let outside = super::audit::outside_checkpoints(c, &[])?;
    // PostgreSQL: what the live database holds before the dump, which holds at least that.
    let before =
        if store.backend() == Backend::Postgres { Some(store.check_live(&keys, &outside).await?) } else { None };
    let files = store.copy_into(dir).await?;
    for f in &files {
        set_private(f)?;
    }
    let check = match before {
        Some(b) => b,
        None => check_sqlite_copy(&dir.join(SQLITE_FILE), &keys, &outside).await?,
    };
    if let Err(e) = sound(&check) {
        for f in &files {
            let _ = std::fs::remove_file(f);
        }
        return Err(e.context("bản sao vừa tạo không đạt, đã xoá"));
    }
    let mut entries = Vec::new();
    for f in &files {
        entries.push(file_entry(f)?);
    }
    let m = Manifest {
        format: 1,
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        release: env!("CARGO_PKG_VERSION").to_string(),
        backend: backend_name(store.backend()).to_string(),
        files: entries,
        audit_head: Head { seq: check.head.0, hash: check.head.1.clone() },
        counts: check.counts,
    };
    let text = serde_json::to_string_pretty(&m)?;
    write_synced(&dir.join(MANIFEST), text.as_bytes())?;
    Ok(m)
}

/// Puts the backup in `dir` in place of the configured database, after checking it.
pub async fn restore(c: &Config, dir: &Path, force: bool) -> Result<Manifest> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).with_context(|| format!("không đọc được {}", path.display()))?;
    let m: Manifest = serde_json::from_str(&text).with_context(|| format!("{} sai định dạng", path.display()))?;
    for f in &m.files {
        let got = file_entry(&dir.join(&f.name))?;
        if got.bytes != f.bytes || got.blake3 != f.blake3 {
            bail!("tệp {} không còn như lúc sao lưu (kích thước hoặc mã băm khác): không khôi phục", f.name);
        }
    }
    let keys = super::audit::trusted_keys(c, &[])?;
    // Checkpoints signed after the backup lie beyond its head: they are for the live trail.
    let outside: Vec<_> =
        super::audit::outside_checkpoints(c, &[])?.into_iter().filter(|x| x.seq <= m.audit_head.seq).collect();
    let url = DatabaseUrl::parse(&c.database_url)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    match url.backend() {
        Backend::Sqlite => {
            if m.backend != "sqlite" {
                bail!("bản sao lưu là {}, cơ sở dữ liệu đích là SQLite", m.backend);
            }
            let copy = dir.join(SQLITE_FILE);
            let check = check_sqlite_copy(&copy, &keys, &outside).await?;
            sound(&check)?;
            same(&m, &check)?;
            let target = url.sqlite_path().context("đường dẫn cơ sở dữ liệu SQLite")?;
            if target.exists() {
                if !force && holds_data(&url).await? {
                    bail!(
                        "{} đã có dữ liệu: dùng --force để thay (dữ liệu hiện có được giữ lại bên cạnh)",
                        target.display()
                    );
                }
                for suffix in ["", "-wal", "-shm"] {
                    let from = with_suffix(&target, suffix);
                    if from.exists() {
                        std::fs::rename(&from, with_suffix(&target, &format!(".replaced-{stamp}{suffix}")))?;
                    }
                }
            }
            if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
                private_dir(parent)?;
            }
            let part = with_suffix(&target, ".restoring");
            std::fs::copy(&copy, &part)?;
            set_private(&part)?;
            std::fs::File::open(&part)?.sync_all()?;
            std::fs::rename(&part, &target)?;
        }
        Backend::Postgres => {
            if m.backend != "postgres" {
                bail!("bản sao lưu là {}, cơ sở dữ liệu đích là PostgreSQL", m.backend);
            }
            if holds_data(&url).await? {
                if !force {
                    bail!("cơ sở dữ liệu đích đã có dữ liệu: dùng --force để thay (dữ liệu hiện có được sao ra trước)");
                }
                let kept = with_suffix(dir, &format!(".replaced-{stamp}.pgdump"));
                bvctnb_store::backup::pg_dump(url.expose(), &kept).await?;
                set_private(&kept)?;
            }
            bvctnb_store::backup::pg_clear(url.expose()).await?;
            bvctnb_store::backup::pg_restore(url.expose(), &dir.join(PG_FILE)).await?;
        }
    }
    let store = super::open_store(c, OpenMode::Existing).await?;
    let check = store.check_live(&keys, &outside).await?;
    sound(&check)?;
    if url.backend() == Backend::Sqlite {
        same(&m, &check)?;
    } else if m.audit_head.seq > 0 {
        // The dump was taken after the manifest's head was read: it reaches that head.
        let f = bvctnb_store::audit::AuditFilter { before: Some(m.audit_head.seq + 1), limit: 1, ..Default::default() };
        let at = store.audit_entries(&f).await?;
        if at.first().map(|e| (e.seq, e.hash.as_str())) != Some((m.audit_head.seq, m.audit_head.hash.as_str())) {
            bail!("nhật ký khôi phục không có mục {} như sổ kê của bản sao lưu", m.audit_head.seq);
        }
    }
    restart_checkpoint_log(c, &outside, &stamp)?;
    if c.index_dir.exists() {
        std::fs::rename(&c.index_dir, with_suffix(&c.index_dir, &format!(".replaced-{stamp}")))?;
    }
    super::db::rebuild_index(c, store).await?;
    Ok(m)
}

/// After a restore the trail goes on from the backup's head, and the log's checkpoints past
/// it belong to the trail that was replaced: the log is kept as it was (`.replaced-TIME`) and a
/// new one holds the checkpoints up to the restored head, so later checks hold the restored
/// trail to what it really was.
fn restart_checkpoint_log(c: &Config, kept: &[Checkpoint], stamp: &str) -> Result<()> {
    let path = &c.audit_checkpoint_log;
    if !path.exists() {
        return Ok(());
    }
    std::fs::rename(path, with_suffix(path, &format!(".replaced-{stamp}")))?;
    let log = CheckpointLog::new(path);
    for cp in kept {
        log.append(cp)?;
    }
    Ok(())
}

fn sound(check: &CopyCheck) -> Result<()> {
    if !check.integrity.is_empty() {
        bail!("cơ sở dữ liệu hỏng (integrity_check): {}", check.integrity.join("; "));
    }
    if let Some(p) = &check.audit.first_problem {
        bail!("nhật ký kiểm toán bị can thiệp: mục số {}: {}", p.seq, p.reason);
    }
    Ok(())
}

fn same(m: &Manifest, check: &CopyCheck) -> Result<()> {
    if (check.head.0, check.head.1.as_str()) != (m.audit_head.seq, m.audit_head.hash.as_str()) {
        bail!("đầu chuỗi nhật ký ({}) khác với sổ kê của bản sao lưu ({})", check.head.0, m.audit_head.seq);
    }
    if check.counts != m.counts {
        bail!("số liệu khác với sổ kê: {:?} thay vì {:?}", check.counts, m.counts);
    }
    Ok(())
}

fn backend_name(b: Backend) -> &'static str {
    match b {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

fn file_entry(path: &Path) -> Result<FileEntry> {
    let mut h = blake3::Hasher::new();
    let mut f = std::fs::File::open(path).with_context(|| format!("không mở được {}", path.display()))?;
    let bytes = std::io::copy(&mut f, &mut h)?;
    let name = path.file_name().and_then(|n| n.to_str()).context("tên tệp")?.to_string();
    Ok(FileEntry { name, bytes, blake3: h.finalize().to_hex().to_string() })
}

fn private_dir(dir: &Path) -> Result<()> {
    bvctnb_store::private::private_dir(dir).with_context(|| format!("không tạo được thư mục {}", dir.display()))
}

fn set_private(p: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

fn write_synced(p: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(p).with_context(|| format!("không ghi được {}", p.display()))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

/// Scheduled backups (`[backup]` in the configuration): one folder per run under `dir`, named
/// by its UTC time, the oldest beyond `keep` removed after a run succeeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Schedule {
    /// Off when absent.
    pub dir: Option<PathBuf>,
    pub every_hours: u64,
    pub keep: usize,
}

impl Default for Schedule {
    fn default() -> Self {
        Self { dir: None, every_hours: 24, keep: 7 }
    }
}

pub async fn scheduled(c: Config, dir: PathBuf) {
    let every = std::time::Duration::from_secs(c.backup.every_hours.max(1) * 3600);
    loop {
        tokio::time::sleep(every).await;
        let name = dir.join(chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string());
        match backup(&c, &name).await {
            Ok(m) => {
                tracing::info!(dir = %name.display(), audit_head = m.audit_head.seq, "scheduled backup written");
                if let Err(e) = prune(&dir, c.backup.keep.max(1)) {
                    tracing::error!(error = %e, "scheduled backup: pruning old backups");
                }
            }
            Err(e) => tracing::error!(error = format!("{e:#}"), dir = %name.display(), "scheduled backup failed"),
        }
    }
}

/// Removes the oldest finished backups under `dir` (folders with a manifest), keeping `keep`.
pub fn prune(dir: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    let mut done: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join(MANIFEST).exists())
        .collect();
    done.sort();
    let cut = done.len().saturating_sub(keep);
    let old: Vec<PathBuf> = done.drain(..cut).collect();
    for p in &old {
        std::fs::remove_dir_all(p)?;
    }
    Ok(old)
}

#[cfg(test)]
mod tests {
    #[test]
    fn pruning_keeps_the_newest_finished_backups() {
        let t = tempfile::tempdir().unwrap();
        for name in ["20260101T000000Z", "20260102T000000Z", "20260103T000000Z", "20260104T000000Z"] {
            std::fs::create_dir(t.path().join(name)).unwrap();
            std::fs::write(t.path().join(name).join(super::MANIFEST), "{}").unwrap();
        }
        // A run that did not finish has no manifest and is neither counted nor removed.
        std::fs::create_dir(t.path().join("20260105T000000Z")).unwrap();
        let gone = super::prune(t.path(), 2).unwrap();
        let names: Vec<_> = gone.iter().map(|p| p.file_name().unwrap().to_str().unwrap().to_string()).collect();
        assert_eq!(names, vec!["20260101T000000Z", "20260102T000000Z"]);
        assert!(t.path().join("20260103T000000Z").exists() && t.path().join("20260105T000000Z").exists());
    }
}
