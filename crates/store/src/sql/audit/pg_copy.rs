//! PostgreSQL's fast path for reading the whole trail: `COPY … TO STDOUT`, parsed in place.

use super::sqlite_read::SQLITE_BATCH;
use super::{COLS, NCOLS};
use crate::audit::{RawBatch, RawEntry};
use crate::{Result, StoreError};
use futures::stream::{self, BoxStream, StreamExt};

/// PostgreSQL: the whole table in one `COPY … TO STDOUT` (text format) on a connection of its
/// own: one consistent snapshot, streamed by the server without per-row round trips, parsed
/// here straight into raw batches (no allocation per field). The connection is dropped, and
/// the copy abandoned, when the stream is dropped.
pub(super) fn pg_copy_batches(url: String) -> BoxStream<'static, Result<RawBatch>> {
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
    use crate::audit::{AuditEvent, Outcome, chain};

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
