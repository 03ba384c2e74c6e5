//! Signed checkpoints kept outside the database. Someone who can edit the database can also
//! delete the checkpoints stored in it, cut the newest entries and move the head back, or
//! rewrite the chain after a change; copies of the checkpoints in an append-only file on
//! another disk or machine, and the heads the level above keeps, make each of those visible:
//! every checkpoint held outside must still be reached by the chain and match it.
//!
//! The file is JSON Lines, one [`Checkpoint`] per line, appended and synced, never rewritten.

use super::Checkpoint;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// A checkpoint as one line of the log (the same fields as [`Checkpoint`]).
#[derive(Serialize, Deserialize)]
struct Line {
    seq: i64,
    hash: String,
    at: String,
    key: String,
    signature: String,
}

impl From<&Checkpoint> for Line {
    fn from(c: &Checkpoint) -> Self {
        Line { seq: c.seq, hash: c.hash.clone(), at: c.at.clone(), key: c.key.clone(), signature: c.signature.clone() }
    }
}

impl From<Line> for Checkpoint {
    fn from(l: Line) -> Self {
        Checkpoint { seq: l.seq, hash: l.hash, at: l.at, key: l.key, signature: l.signature }
    }
}

/// The checkpoint line of `c`, as written to the log and handed to the level above.
pub fn checkpoint_line(c: &Checkpoint) -> String {
    serde_json::to_string(&Line::from(c)).expect("a checkpoint serialises")
}

#[derive(Debug, thiserror::Error)]
pub enum ExternalLogError {
    #[error("không ghi được sổ điểm kiểm tra {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("không đọc được sổ điểm kiểm tra {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("sổ điểm kiểm tra {path}, dòng {line}: {why}")]
    Malformed { path: PathBuf, line: usize, why: String },
}

/// An append-only file of signed checkpoints.
#[derive(Debug, Clone)]
pub struct CheckpointLog {
    path: PathBuf,
}

impl CheckpointLog {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `c` as one line and syncs it to disk before returning (the folder is created
    /// 0700, the file 0600).
    pub fn append(&self, c: &Checkpoint) -> Result<(), ExternalLogError> {
        let err = |source| ExternalLogError::Write { path: self.path.clone(), source };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            crate::private::private_dir(dir).map_err(err)?;
        }
        let mut opts = std::fs::OpenOptions::new();
        opts.append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let mut f = opts.open(&self.path).map_err(err)?;
        let mut line = checkpoint_line(c);
        line.push('\n');
        f.write_all(line.as_bytes()).map_err(err)?;
        f.sync_data().map_err(err)
    }

    /// Every checkpoint in the log, in the order written; an absent file has none. A line that
    /// cannot be read is an error, not skipped: the log is evidence.
    pub fn read(&self) -> Result<Vec<Checkpoint>, ExternalLogError> {
        read_checkpoints(&self.path)
    }
}

/// The checkpoints of a JSON Lines file (a log, or heads kept by the level above).
pub fn read_checkpoints(path: &Path) -> Result<Vec<Checkpoint>, ExternalLogError> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(ExternalLogError::Read { path: path.to_path_buf(), source }),
    };
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| ExternalLogError::Read { path: path.to_path_buf(), source })?;
        if line.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(&line).map_err(|e| ExternalLogError::Malformed {
            path: path.to_path_buf(),
            line: i + 1,
            why: e.to_string(),
        })?;
        out.push(l.into());
    }
    Ok(out)
}

/// The checkpoints of the database and those held outside it, each `(seq, hash, key)` once.
pub fn merged(stored: &[Checkpoint], outside: &[Checkpoint]) -> Vec<Checkpoint> {
    let mut all: Vec<Checkpoint> = stored.iter().chain(outside).cloned().collect();
    all.sort_by(|a, b| (a.seq, &a.hash, &a.key).cmp(&(b.seq, &b.hash, &b.key)));
    all.dedup_by(|a, b| a.seq == b.seq && a.hash == b.hash && a.key == b.key);
    all
}
