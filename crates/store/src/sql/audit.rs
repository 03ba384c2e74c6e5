//! The audit trail over both backends. Appenders serialise on the single `audit_head` row
//! (locked first in their transaction), so the chain never forks; `seq` is assigned here,
//! never by the database.

use super::SqlStore;
use crate::audit::{
    AuditEntry, AuditEvent, AuditFilter, Checkpoint, DEFAULT_LIMIT, Outcome, RawBatch, RawEntry, VerifyReport, chain,
    verify_batches,
};
use crate::url::Backend;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::PersonId;
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::path::PathBuf;

const COLS: &str = "seq, at, actor, action, target_kind, target_id, person_id, ip, outcome, detail, prev_hash, hash";
const NCOLS: usize = 12;
/// Rows per INSERT statement: 12 × 500 parameters stays well under both backends' limits.
const INSERT_ROWS: usize = 500;
/// Rows per page when streaming the whole trail.
const STREAM_BATCH: i64 = 10_000;

fn entry_from_row(r: &AnyRow) -> Result<AuditEntry> {
    let seq: i64 = r.try_get(0)?;
    let outcome: String = r.try_get(8)?;
    let outcome = Outcome::from_code(&outcome).ok_or_else(|| {
        StoreError::Corrupt(format!("nhật ký kiểm toán mục số {seq}: kết quả \"{outcome}\" không hợp lệ"))
    })?;
    Ok(AuditEntry {
        seq,
        event: AuditEvent {
            at: r.try_get(1)?,
            actor: r.try_get(2)?,
            action: r.try_get(3)?,
            target_kind: r.try_get(4)?,
            target_id: r.try_get(5)?,
            person_id: r.try_get::<Option<i64>, _>(6)?.map(PersonId),
            ip: r.try_get(7)?,
            outcome,
            detail: r.try_get(9)?,
        },
        prev_hash: r.try_get(10)?,
        hash: r.try_get(11)?,
    })
}

/// The exclusive upper bound for `to`: a bare date `YYYY-MM-DD` includes that whole day.
fn upper_bound(to: &str) -> (bool, String) {
    match chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d") {
        Ok(d) if to.len() == 10 => match d.succ_opt() {
            Some(next) => (true, next.format("%Y-%m-%d").to_string()),
            None => (false, to.to_string()),
        },
        _ => (false, to.to_string()),
    }
}

#[async_trait]
impl crate::AuditLog for SqlStore {
    async fn append_audit(&self, events: &[AuditEvent]) -> Result<i64> {
        if events.is_empty() {
            return Ok(self.audit_head().await?.0);
        }
        let n = events.len() as i64;
        let mut tx = self.pool.begin().await?;
        // Taking the head row first serialises appenders: a row lock on PostgreSQL, the write
        // lock on SQLite. Nobody else can chain to the old head until this commits.
        let (last, old_hash): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
                .bind(n)
                .fetch_one(&mut *tx)
                .await?;
        let entries = chain(last - n, old_hash, events);
        // The driver asks SQLite for the name of every parameter it binds, which SQLite finds
        // by a linear scan: quadratic in a statement with thousands of `$n`. Anonymous `?`
        // (bound in order, as here) have no name to look up.
        let sqlite = self.url.backend() == Backend::Sqlite;
        for part in entries.chunks(INSERT_ROWS) {
            let mut q = format!("INSERT INTO audit_log ({COLS}) VALUES ");
            for i in 0..part.len() {
                if i > 0 {
                    q.push_str(", ");
                }
                q.push('(');
                for c in 0..NCOLS {
                    if c > 0 {
                        q.push_str(", ");
                    }
                    if sqlite {
                        q.push('?');
                    } else {
                        q.push('$');
                        q.push_str(&(i * NCOLS + c + 1).to_string());
                    }
                }
                q.push(')');
            }
            let mut query = sqlx::query(sqlx::AssertSqlSafe(q));
            for e in part {
                let v = &e.event;
                query = query
                    .bind(e.seq)
                    .bind(&v.at)
                    .bind(&v.actor)
                    .bind(&v.action)
                    .bind(&v.target_kind)
                    .bind(&v.target_id)
                    .bind(v.person_id.map(|p| p.0))
                    .bind(&v.ip)
                    .bind(v.outcome.code())
                    .bind(&v.detail)
                    .bind(&e.prev_hash)
                    .bind(&e.hash);
            }
            query.execute(&mut *tx).await?;
        }
        let head = entries.last().map(|e| e.hash.as_str()).unwrap_or_default();
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(head).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(last)
    }

    async fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let mut q = format!("SELECT {COLS} FROM audit_log WHERE 1 = 1");
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        // Placeholders are numbered in order of first use; values are bound in the same order.
        if f.actor.is_some() {
            q += &format!(" AND actor = {}", next());
        }
        if f.person_id.is_some() {
            q += &format!(" AND person_id = {}", next());
        }
        if f.from.is_some() {
            q += &format!(" AND at >= {}", next());
        }
        let to = f.to.as_deref().map(upper_bound);
        if let Some((exclusive, _)) = &to {
            q += &format!(" AND at {} {}", if *exclusive { "<" } else { "<=" }, next());
        }
        if f.before.is_some() {
            q += &format!(" AND seq < {}", next());
        }
        if f.scope_org.is_some() {
            q += &format!(
                " AND person_id IN (SELECT p.id FROM persons p WHERE p.org_id IN
                  (SELECT id FROM orgs WHERE path LIKE (SELECT path FROM orgs WHERE id = {}) || '%'))",
                next()
            );
        }
        q += &format!(" ORDER BY seq DESC LIMIT {}", next());
        let mut query = sqlx::query(sqlx::AssertSqlSafe(q));
        if let Some(a) = &f.actor {
            query = query.bind(a.as_str());
        }
        if let Some(p) = f.person_id {
            query = query.bind(p.0);
        }
        if let Some(from) = &f.from {
            query = query.bind(from.as_str());
        }
        if let Some((_, to)) = to {
            query = query.bind(to);
        }
        if let Some(b) = f.before {
            query = query.bind(b);
        }
        if let Some(o) = f.scope_org {
            query = query.bind(o.0);
        }
        let limit = if f.limit > 0 { f.limit } else { DEFAULT_LIMIT };
        let rows = query.bind(limit).fetch_all(&self.pool).await?;
        rows.iter().map(entry_from_row).collect()
    }

    async fn audit_head(&self) -> Result<(i64, String)> {
        Ok(sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&self.pool).await?)
    }

    async fn put_checkpoint(&self, c: &Checkpoint) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_checkpoints (seq, hash, at, key, signature) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (seq) DO NOTHING",
        )
        .bind(c.seq)
        .bind(&c.hash)
        .bind(&c.at)
        .bind(&c.key)
        .bind(&c.signature)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn checkpoints(&self) -> Result<Vec<Checkpoint>> {
        let rows: Vec<(i64, String, String, String, String)> =
            sqlx::query_as("SELECT seq, hash, at, key, signature FROM audit_checkpoints ORDER BY seq")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(seq, hash, at, key, signature)| Checkpoint { seq, hash, at, key, signature })
            .collect())
    }

    async fn verify_audit(&self, trusted_keys: &[String]) -> Result<VerifyReport> {
        // The head first: entries appended while verifying lie beyond it and are fine.
        let head = self.audit_head().await?;
        let checkpoints = self.checkpoints().await?;
        let batches = match (self.url.backend(), self.url.sqlite_path()) {
            (Backend::Sqlite, Some(path)) => sqlite_batches::<RawBatch>(path),
            (Backend::Postgres, _) => pg_copy_batches(self.url.expose().to_string()),
            // An in-memory database has no file to read on the side.
            (Backend::Sqlite, None) => return crate::audit::verify_log(self, trusted_keys).await,
        };
        verify_batches(batches, &checkpoints, trusted_keys, Some(head)).await
    }

    fn stream_audit(&self) -> BoxStream<'_, Result<AuditEntry>> {
        if let Some(path) = self.url.sqlite_path() {
            return sqlite_batches::<Vec<AuditEntry>>(path)
                .map_ok(|b| stream::iter(b.into_iter().map(Ok)))
                .try_flatten()
                .boxed();
        }
        pooled_pages::<Vec<AuditEntry>>(self.pool.clone())
            .map_ok(|b| stream::iter(b.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}

/// A batch made from one page of rows read through the pool.
trait Page: Send + Sized + 'static {
    fn from_rows(rows: &[AnyRow]) -> Result<Self>;
}

impl Page for Vec<AuditEntry> {
    fn from_rows(rows: &[AnyRow]) -> Result<Self> {
        rows.iter().map(entry_from_row).collect()
    }
}

/// Reads the trail through the pool, keyset-paginated by `seq`, in a task of its own: the
/// next page is read while the consumer checks the current one, and the bounded channel keeps
/// memory to a few pages. The task stops when the stream is dropped.
fn pooled_pages<B: Page>(pool: sqlx::AnyPool) -> BoxStream<'static, Result<B>> {
    enum State<B> {
        Start(sqlx::AnyPool),
        Running(tokio::sync::mpsc::Receiver<Result<B>>),
    }
    stream::unfold(State::Start(pool), |state| async move {
        let mut rx = match state {
            State::Start(pool) => {
                let (tx, rx) = tokio::sync::mpsc::channel(2);
                tokio::spawn(produce_pages::<B>(pool, tx));
                rx
            }
            State::Running(rx) => rx,
        };
        rx.recv().await.map(|b| (b, State::Running(rx)))
    })
    .boxed()
}

async fn produce_pages<B: Page>(pool: sqlx::AnyPool, tx: tokio::sync::mpsc::Sender<Result<B>>) {
    let q = format!("SELECT {COLS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2");
    let mut after = 0i64;
    loop {
        let rows = sqlx::query(sqlx::AssertSqlSafe(q.as_str())).bind(after).bind(STREAM_BATCH).fetch_all(&pool).await;
        let rows = match rows {
            Ok(rows) => rows,
            Err(e) => {
                let _ = tx.send(Err(e.into())).await;
                return;
            }
        };
        let next = match rows.last() {
            Some(r) if rows.len() as i64 == STREAM_BATCH => r.try_get::<i64, _>(0).ok(),
            _ => None,
        };
        if !rows.is_empty() && tx.send(B::from_rows(&rows)).await.is_err() {
            return; // The consumer stopped.
        }
        match next {
            Some(l) => after = l,
            None => return,
        }
    }
}

/// Rows per batch handed from the SQLite reader thread to the consumer.
const SQLITE_BATCH: usize = 4096;

/// A batch the SQLite reader thread fills row by row.
trait Batch: Send + 'static {
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
fn sqlite_batches<B: Batch>(path: PathBuf) -> BoxStream<'static, Result<B>> {
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

/// PostgreSQL: the whole table in one `COPY … TO STDOUT` (text format) on a connection of its
/// own: one consistent snapshot, streamed by the server without per-row round trips, parsed
/// here straight into raw batches (no allocation per field). The connection is dropped, and
/// the copy abandoned, when the stream is dropped.
fn pg_copy_batches(url: String) -> BoxStream<'static, Result<RawBatch>> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<RawBatch>>(4);
    let mut task = Some((url, tx));
    stream::unfold(rx, move |mut rx| {
        if let Some((url, tx)) = task.take() {
            tokio::spawn(async move {
                if let Err(e) = copy_out(&url, &tx).await {
                    let _ = tx.send(Err(e)).await;
                }
            });
        }
        async move { rx.recv().await.map(|b| (b, rx)) }
    })
    .boxed()
}

async fn copy_out(url: &str, tx: &tokio::sync::mpsc::Sender<Result<RawBatch>>) -> Result<()> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(url).await?;
    let mut copy = conn.copy_out_raw(&format!("COPY (SELECT {COLS} FROM audit_log ORDER BY seq) TO STDOUT")).await?;
    let mut pending: Vec<u8> = Vec::new();
    let mut scratch = Vec::new();
    let mut batch = RawBatch::with_capacity(SQLITE_BATCH);
    while let Some(chunk) = copy.next().await {
        let chunk = chunk?;
        // Rows end with a raw newline (a newline inside a value is escaped as `\n`); the server
        // sends one row per message, but a row split across chunks is put together first.
        let mut rest: &[u8] = &chunk;
        if !pending.is_empty() {
            match rest.iter().position(|&c| c == b'\n') {
                Some(i) => {
                    pending.extend_from_slice(&rest[..i]);
                    copy_row(&pending, &mut batch, &mut scratch)?;
                    pending.clear();
                    rest = &rest[i + 1..];
                }
                None => {
                    pending.extend_from_slice(rest);
                    continue;
                }
            }
        }
        while let Some(i) = rest.iter().position(|&c| c == b'\n') {
            copy_row(&rest[..i], &mut batch, &mut scratch)?;
            rest = &rest[i + 1..];
        }
        pending.extend_from_slice(rest);
        if batch.len() >= SQLITE_BATCH
            && tx.send(Ok(std::mem::replace(&mut batch, RawBatch::with_capacity(SQLITE_BATCH)))).await.is_err()
        {
            return Ok(()); // The consumer stopped.
        }
    }
    if !pending.is_empty() {
        return Err(StoreError::Corrupt("dữ liệu COPY của nhật ký kiểm toán bị cắt giữa dòng".into()));
    }
    if !batch.is_empty() {
        let _ = tx.send(Ok(batch)).await;
    }
    Ok(())
}

/// One value of a text-format COPY row: a slice of the row, or of `scratch` once unescaped.
#[derive(Clone, Copy)]
enum CopyValue {
    Null,
    Row(usize, usize),
    Scratch(usize, usize),
}

/// Parses one text-format COPY row of [`COLS`] into `batch`.
fn copy_row(line: &[u8], batch: &mut RawBatch, scratch: &mut Vec<u8>) -> Result<()> {
    scratch.clear();
    let mut vals = [CopyValue::Null; NCOLS];
    let mut n = 0;
    let mut start = 0;
    for end in line.iter().enumerate().filter(|(_, c)| **c == b'\t').map(|(i, _)| i).chain([line.len()]) {
        if n == NCOLS {
            n += 1;
            break;
        }
        vals[n] = copy_value(&line[start..end], start, scratch);
        n += 1;
        start = end + 1;
    }
    let bad = || {
        StoreError::Corrupt(format!("dòng COPY của nhật ký kiểm toán không hợp lệ: {}", String::from_utf8_lossy(line)))
    };
    if n != NCOLS {
        return Err(bad());
    }
    let get = |v: CopyValue| match v {
        CopyValue::Null => None,
        CopyValue::Row(a, b) => Some(&line[a..b]),
        CopyValue::Scratch(a, b) => Some(&scratch[a..b]),
    };
    let int = |v: CopyValue| get(v).and_then(|b| std::str::from_utf8(b).ok()?.parse::<i64>().ok());
    let seq = int(vals[0]).ok_or_else(bad)?;
    let person_id = match vals[6] {
        CopyValue::Null => Some(None),
        v => int(v).map(Some),
    };
    let raw = (|| {
        Some(RawEntry {
            seq,
            at: get(vals[1])?,
            actor: get(vals[2])?,
            action: get(vals[3])?,
            target_kind: get(vals[4])?,
            target_id: get(vals[5])?,
            person_id: person_id?,
            ip: get(vals[7])?,
            outcome: get(vals[8])?,
            detail: get(vals[9])?,
            prev_hash: get(vals[10])?,
            hash: get(vals[11])?,
        })
    })();
    match raw {
        Some(e) => batch.push(&e),
        None => batch.push_malformed(seq),
    }
    Ok(())
}

/// Text-format COPY escapes: `\N` is NULL; `\\`, `\t`, `\n`, `\r`, `\b`, `\f`, `\v`, octal
/// `\ooo` and hex `\xhh` stand for bytes; any other escaped character for itself.
fn copy_value(field: &[u8], offset: usize, scratch: &mut Vec<u8>) -> CopyValue {
    if field == b"\\N" {
        return CopyValue::Null;
    }
    if !field.contains(&b'\\') {
        return CopyValue::Row(offset, offset + field.len());
    }
    let start = scratch.len();
    let mut i = 0;
    while i < field.len() {
        let c = field[i];
        i += 1;
        if c != b'\\' || i == field.len() {
            scratch.push(c);
            continue;
        }
        let e = field[i];
        i += 1;
        let digits = |i: &mut usize, radix: u32, max: usize| {
            let mut v: u32 = 0;
            let mut k = 0;
            while k < max && *i < field.len() && (field[*i] as char).is_digit(radix) {
                v = v * radix + (field[*i] as char).to_digit(radix).unwrap_or(0);
                *i += 1;
                k += 1;
            }
            (v as u8, k)
        };
        match e {
            b'b' => scratch.push(8),
            b'f' => scratch.push(12),
            b'n' => scratch.push(b'\n'),
            b'r' => scratch.push(b'\r'),
            b't' => scratch.push(b'\t'),
            b'v' => scratch.push(11),
            b'0'..=b'7' => {
                i -= 1;
                scratch.push(digits(&mut i, 8, 3).0);
            }
            b'x' => match digits(&mut i, 16, 2) {
                (v, k) if k > 0 => scratch.push(v),
                _ => scratch.push(b'x'),
            },
            other => scratch.push(other),
        }
    }
    CopyValue::Scratch(start, scratch.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_rows_are_unescaped() {
        let mut scratch = Vec::new();
        let v = |f: &[u8], scratch: &mut Vec<u8>| match copy_value(f, 0, scratch) {
            CopyValue::Null => None,
            CopyValue::Row(a, b) => Some(f[a..b].to_vec()),
            CopyValue::Scratch(a, b) => Some(scratch[a..b].to_vec()),
        };
        assert_eq!(v(b"plain", &mut scratch), Some(b"plain".to_vec()));
        assert_eq!(v(b"\\N", &mut scratch), None);
        assert_eq!(v(b"a\\tb\\nc\\\\d\\r\\N", &mut scratch), Some(b"a\tb\nc\\d\rN".to_vec()));
        assert_eq!(v(b"\\001\\x41\\b\\f\\v", &mut scratch), Some(vec![1, b'A', 8, 12, 11]));

        let events = [AuditEvent {
            at: "2025-01-01T00:00:00.000Z".into(),
            actor: "a".into(),
            action: "login".into(),
            target_kind: "account".into(),
            target_id: "7".into(),
            person_id: None,
            ip: "::1".into(),
            outcome: Outcome::Failed,
            detail: "x\ty\\".into(),
        }];
        let e = &chain(0, crate::audit::GENESIS.into(), &events)[0];
        let line = format!(
            "1\t{}\ta\tlogin\taccount\t7\t\\N\t::1\tfailed\tx\\ty\\\\\t{}\t{}",
            e.event.at, e.prev_hash, e.hash
        );
        let mut batch = RawBatch::default();
        copy_row(line.as_bytes(), &mut batch, &mut scratch).unwrap();
        let mut v = crate::audit::Verifier::new(&[], &[]);
        assert!(v.push_batch(&batch));
        assert!(v.finish().is_intact());
        assert!(copy_row(b"1\tonly two", &mut batch, &mut scratch).is_err());
        assert!(copy_row(format!("{line}\textra").as_bytes(), &mut batch, &mut scratch).is_err());
    }
}
