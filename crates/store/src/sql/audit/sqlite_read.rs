//! SQLite's fast path for reading the whole trail: a plain rusqlite connection on a thread
//! of its own.

use super::COLS;
use crate::audit::{AuditEntry, AuditEvent, Outcome, RawBatch, RawEntry};
use crate::{Result, StoreError};
use bvctnb_core::ids::PersonId;
use futures::stream::{self, BoxStream, StreamExt};
use std::path::PathBuf;

/// Rows per batch handed from the SQLite reader thread to the consumer.
pub(super) const SQLITE_BATCH: usize = 4096;

/// A batch the SQLite reader thread fills row by row.
pub(crate) trait Batch: Send + 'static {
    fn new() -> Self;
    fn add(&mut self, row: &rusqlite::Row) -> Result<()>;
    fn len(&self) -> usize;
}

impl Batch for Vec<AuditEntry> {
    fn new() -> Self {
        Vec::with_capacity(SQLITE_BATCH)
    }

    fn add(&mut self, r: &rusqlite::Row) -> Result<()> {
        let seq: i64 = r.get(0)?;
        let outcome: String = r.get(8)?;
        let outcome = Outcome::from_code(&outcome).ok_or_else(|| {
            StoreError::Corrupt(format!("nhật ký kiểm toán mục số {seq}: kết quả \"{outcome}\" không hợp lệ"))
        })?;
        self.push(AuditEntry {
            seq,
            event: AuditEvent {
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                target_kind: r.get(4)?,
                target_id: r.get(5)?,
                person_id: r.get::<_, Option<i64>>(6)?.map(PersonId),
                ip: r.get(7)?,
                outcome,
                detail: r.get(9)?,
            },
            prev_hash: r.get(10)?,
            hash: r.get(11)?,
        });
        Ok(())
    }

    fn len(&self) -> usize {
        Vec::len(self)
    }
}

impl Batch for RawBatch {
    fn new() -> Self {
        RawBatch::with_capacity(SQLITE_BATCH)
    }

    /// Borrows every value from the row: no allocation. A value of the wrong type (only a
    /// hand-edited database has one) makes the entry fail verification, not the read.
    fn add(&mut self, r: &rusqlite::Row) -> Result<()> {
        use rusqlite::types::ValueRef;
        let seq: i64 = r.get(0)?;
        let text = |i: usize| match r.get_ref(i) {
            Ok(ValueRef::Text(b)) => Some(b),
            _ => None,
        };
        let person_id = match r.get_ref(6)? {
            ValueRef::Null => Some(None),
            ValueRef::Integer(p) => Some(Some(p)),
            _ => None,
        };
        let raw = (|| {
            Some(RawEntry {
                seq,
                at: text(1)?,
                actor: text(2)?,
                action: text(3)?,
                target_kind: text(4)?,
                target_id: text(5)?,
                person_id: person_id?,
                ip: text(7)?,
                outcome: text(8)?,
                detail: text(9)?,
                prev_hash: text(10)?,
                hash: text(11)?,
            })
        })();
        match raw {
            Some(e) => self.push(&e),
            None => self.push_malformed(seq),
        }
        Ok(())
    }

    fn len(&self) -> usize {
        RawBatch::len(self)
    }
}

/// SQLite: one read transaction (a consistent snapshot) on a thread of its own with a plain
/// rusqlite connection, walking the table in `seq` (rowid) order; batches go to the consumer
/// through a bounded channel, so the reader and the verifier each keep one core busy and
/// memory stays at a few batches. The thread stops when the stream is dropped.
pub(crate) fn sqlite_batches<B: Batch>(path: PathBuf) -> BoxStream<'static, Result<B>> {
    enum State<B> {
        Start(PathBuf),
        Running(tokio::sync::mpsc::Receiver<Result<B>>),
        Done,
    }
    stream::unfold(State::Start(path), |state| async move {
        let mut rx = match state {
            State::Start(path) => {
                let (tx, rx) = tokio::sync::mpsc::channel(4);
                let spawned = std::thread::Builder::new().name("audit-read".into()).spawn(move || {
                    if let Err(e) = read_sqlite::<B>(&path, &tx) {
                        let _ = tx.blocking_send(Err(e));
                    }
                });
                if let Err(e) = spawned {
                    return Some((Err(StoreError::Corrupt(format!("không tạo được luồng đọc: {e}"))), State::Done));
                }
                rx
            }
            State::Running(rx) => rx,
            State::Done => return None,
        };
        rx.recv().await.map(|b| (b, State::Running(rx)))
    })
    .boxed()
}

fn read_sqlite<B: Batch>(path: &std::path::Path, tx: &tokio::sync::mpsc::Sender<Result<B>>) -> Result<()> {
    use rusqlite::{Connection, OpenFlags};
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.pragma_update(None, "busy_timeout", 10000)?;
    // Map the file instead of copying every page out of the kernel's cache.
    conn.pragma_update(None, "mmap_size", 1i64 << 40)?;
    let mut stmt = conn.prepare(&format!("SELECT {COLS} FROM audit_log ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut batch = B::new();
    while let Some(r) = rows.next()? {
        batch.add(r)?;
        if batch.len() == SQLITE_BATCH && tx.blocking_send(Ok(std::mem::replace(&mut batch, B::new()))).is_err() {
            return Ok(()); // The consumer stopped.
        }
    }
    if batch.len() > 0 {
        let _ = tx.blocking_send(Ok(batch));
    }
    Ok(())
}
