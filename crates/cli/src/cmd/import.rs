//! `bvctnb import`: JSON Lines files, each all-or-nothing, resumable across files.

use crate::config::Config;
use anyhow::{Context, Result, bail};
use bvctnb_app::exchange::{Line, parse_line};
use bvctnb_core::org::OrgNode;
use bvctnb_store::{BulkWriter, ImportCounts, NewPerson, OpenMode, Store, StoreError};
use std::io::BufRead;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories (every *.jsonl inside, in name order).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Show at most this many bad lines per file.
    #[arg(long, default_value_t = 50)]
    pub max_errors: usize,
}

const BATCH: usize = 1000;
/// Past this many bad lines a file is clearly not what was meant; stop reading it.
const GIVE_UP_AFTER: usize = 10_000;

/// Batches rows into a bulk writer, keeping organisations and persons in file order.
pub struct Loader {
    writer: Option<Box<dyn BulkWriter>>,
    orgs: Vec<OrgNode>,
    persons: Vec<NewPerson>,
    failed: Option<StoreError>,
}

impl Loader {
    pub async fn new(store: &dyn Store) -> Result<Self> {
        Ok(Self { writer: Some(store.bulk_writer().await?), orgs: Vec::new(), persons: Vec::new(), failed: None })
    }

    async fn flush(&mut self) {
        let Some(w) = self.writer.as_mut().filter(|_| self.failed.is_none()) else {
            self.orgs.clear();
            self.persons.clear();
            return;
        };
        let r = if !self.orgs.is_empty() {
            w.write_orgs(std::mem::take(&mut self.orgs)).await
        } else if !self.persons.is_empty() {
            w.write_persons(std::mem::take(&mut self.persons)).await
        } else {
            Ok(())
        };
        if let Err(e) = r {
            self.failed = Some(e);
        }
    }

    pub async fn org(&mut self, o: OrgNode) {
        if !self.persons.is_empty() {
            self.flush().await;
        }
        self.orgs.push(o);
    }

    pub async fn person(&mut self, p: NewPerson) {
        if !self.orgs.is_empty() {
            self.flush().await;
        }
        self.persons.push(p);
        if self.persons.len() >= BATCH {
            self.flush().await;
        }
    }

    pub async fn persons(&mut self, batch: Vec<NewPerson>) {
        if !self.orgs.is_empty() {
            self.flush().await;
        }
        self.persons = batch;
        self.flush().await;
    }

    /// Commits when nothing failed and `ok` holds; otherwise rolls back and says why.
    pub async fn finish(mut self, ok: bool, label: &str, hash: &str) -> Result<Option<ImportCounts>, StoreError> {
        self.flush().await;
        let w = self.writer.take().expect("finish is called once");
        if let Some(e) = self.failed.take() {
            w.rollback().await?;
            return Err(e);
        }
        if !ok {
            w.rollback().await?;
            return Ok(None);
        }
        w.commit(label, hash).await.map(Some)
    }
}

pub fn hash_file(path: &Path) -> Result<String> {
    let mut h = blake3::Hasher::new();
    let f = std::fs::File::open(path).with_context(|| format!("không mở được {}", path.display()))?;
    h.update_reader(f).with_context(|| format!("không đọc được {}", path.display()))?;
    Ok(h.finalize().to_hex().to_string())
}

fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("không đọc được thư mục {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "jsonl"))
                .collect();
            files.sort();
            out.extend(files);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            bail!("không có tệp {}", p.display());
        }
    }
    Ok(out)
}

pub enum Outcome {
    Skipped,
    Imported(ImportCounts),
    Rejected,
}

pub async fn import_file(store: &dyn Store, path: &Path, max_errors: usize) -> Result<Outcome> {
    let name = path.display().to_string();
    let hash = hash_file(path)?;
    if store.import_done(&hash).await? {
        println!("{name}: đã nhập trước đây, bỏ qua");
        return Ok(Outcome::Skipped);
    }
    let file = std::fs::File::open(path).with_context(|| format!("không mở được {name}"))?;
    let pb = crate::progress::bar(file.metadata()?.len(), "Nhập");
    let reader = std::io::BufReader::with_capacity(1 << 20, pb.wrap_read(file));
    let mut loader = Loader::new(store).await?;
    let (mut bad_lines, mut shown) = (0usize, Vec::new());
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{name}:{}: không đọc được dòng", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(&line) {
            Ok(_) if bad_lines > 0 => {}
            Ok(Line::Org(o)) => loader.org(o).await,
            Ok(Line::Person(p)) => loader.person(*p).await,
            Err(errs) => {
                bad_lines += 1;
                for e in errs.0 {
                    if shown.len() < max_errors {
                        let at = if e.field.is_empty() { String::new() } else { format!(" {}:", e.field) };
                        shown.push(format!("{name}:{}:{at} {}", i + 1, e.message));
                    }
                }
                if bad_lines >= GIVE_UP_AFTER {
                    shown.push(format!("{name}: quá {GIVE_UP_AFTER} dòng lỗi, ngừng đọc tệp"));
                    break;
                }
            }
        }
    }
    pb.finish_and_clear();
    let label = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_else(|| name.clone());
    // The import's entry commits with its rows; a file refused leaves neither.
    let entry = super::cli_event("import", "file", &label, format!("blake3 {hash}"));
    let (finished, _) = bvctnb_app::audit::within(entry, loader.finish(bad_lines == 0, &label, &hash)).await;
    match finished {
        Ok(Some(c)) => {
            println!(
                "{name}: đã nhập {} tổ chức, {} người, {} thân nhân",
                super::db::thousands(c.orgs),
                super::db::thousands(c.persons),
                super::db::thousands(c.relatives)
            );
            Ok(Outcome::Imported(c))
        }
        Ok(None) => {
            for s in &shown {
                eprintln!("{s}");
            }
            eprintln!("{name}: {bad_lines} dòng lỗi; không ghi gì từ tệp này");
            Ok(Outcome::Rejected)
        }
        Err(e) => {
            eprintln!("{name}: {e}; không ghi gì từ tệp này");
            Ok(Outcome::Rejected)
        }
    }
}

pub async fn run(c: &Config, a: Args) -> Result<()> {
    let store = super::open_store(c, OpenMode::Create).await?;
    let files = expand(&a.paths)?;
    let (mut rejected, mut persons) = (0, 0);
    for f in &files {
        match import_file(&*store, f, a.max_errors).await? {
            Outcome::Imported(c) => persons += c.persons,
            Outcome::Skipped => {}
            Outcome::Rejected => rejected += 1,
        }
    }
    if persons > 0 {
        super::db::rebuild_index(c, store.clone()).await?;
    }
    if rejected > 0 {
        bail!("{rejected}/{} tệp bị từ chối (không ghi gì từ các tệp đó); sửa các dòng lỗi rồi chạy lại", files.len());
    }
    Ok(())
}
