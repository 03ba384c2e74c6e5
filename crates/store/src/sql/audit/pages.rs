//! Reading the trail through the pool, page by page: the path for a database with no file
//! of its own to read on the side.

use super::{COLS, STREAM_BATCH, entry_from_row};
use crate::Result;
use crate::audit::AuditEntry;
use futures::stream::{self, BoxStream, StreamExt};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A batch made from one page of rows read through the pool.
pub(super) trait Page: Send + Sized + 'static {
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
pub(super) fn pooled_pages<B: Page>(pool: sqlx::AnyPool) -> BoxStream<'static, Result<B>> {
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
