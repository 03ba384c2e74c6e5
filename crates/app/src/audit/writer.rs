//! The audit writer. Requests hand their entries to one task that appends whatever has queued
//! up in a single transaction (group commit) and answers each request only once its entry is
//! committed: nothing is shown that was not recorded, and the chain stays one sequence.

use bvctnb_store::Store;
use bvctnb_store::audit::{AuditEvent, AuditSigner, Checkpoint, CheckpointLog};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, watch};

type Reply = oneshot::Sender<Result<i64, String>>;

enum Msg {
    Append(AuditEvent, Reply),
    Checkpoint(Reply),
}

#[derive(Clone)]
pub struct Auditor {
    tx: mpsc::Sender<Msg>,
    heads: watch::Receiver<Option<Checkpoint>>,
}

#[derive(Debug, thiserror::Error)]
#[error("không ghi được nhật ký kiểm toán: {0}")]
pub struct AuditWriteError(pub String);

const MAX_BATCH: usize = 512;

/// When a checkpoint is signed, and where its copy outside the database goes.
pub struct CheckpointPolicy {
    /// After this many entries…
    pub every: i64,
    /// …or this long after the last one, if entries came since.
    pub interval: std::time::Duration,
    pub outside: Option<CheckpointLog>,
}

impl Auditor {
    pub(crate) fn start(store: Arc<dyn Store>, signer: AuditSigner, policy: CheckpointPolicy) -> Self {
        let (tx, rx) = mpsc::channel(4096);
        let (heads_tx, heads) = watch::channel(None);
        tokio::spawn(run(store, signer, policy, rx, heads_tx));
        Self { tx, heads }
    }

    /// The newest checkpoint this writer signed, as it changes: what is sent to the level above.
    pub fn signed_heads(&self) -> watch::Receiver<Option<Checkpoint>> {
        self.heads.clone()
    }

    /// Appends one entry and waits until it is committed.
    pub async fn record(&self, e: AuditEvent) -> Result<i64, AuditWriteError> {
        let (reply, rx) = oneshot::channel();
        self.tx.send(Msg::Append(e, reply)).await.map_err(|_| AuditWriteError("bộ ghi đã dừng".into()))?;
        rx.await.map_err(|_| AuditWriteError("bộ ghi đã dừng".into()))?.map_err(AuditWriteError)
    }

    /// Signs the current head now (at shutdown, or on demand).
    pub async fn checkpoint(&self) -> Result<i64, AuditWriteError> {
        let (reply, rx) = oneshot::channel();
        self.tx.send(Msg::Checkpoint(reply)).await.map_err(|_| AuditWriteError("bộ ghi đã dừng".into()))?;
        rx.await.map_err(|_| AuditWriteError("bộ ghi đã dừng".into()))?.map_err(AuditWriteError)
    }
}

async fn run(
    store: Arc<dyn Store>,
    signer: AuditSigner,
    policy: CheckpointPolicy,
    mut rx: mpsc::Receiver<Msg>,
    heads: watch::Sender<Option<Checkpoint>>,
) {
    let every = policy.every.max(1);
    let outside = policy.outside.as_ref();
    let mut last_signed = match store.checkpoints().await {
        Ok(c) => c.last().map_or(0, |c| c.seq),
        Err(e) => {
            tracing::error!(error = %e, "audit: cannot read checkpoints");
            0
        }
    };
    let mut signed_at = tokio::time::Instant::now();
    let mut backlog = Vec::new();
    loop {
        let first = match tokio::time::timeout_at(signed_at + policy.interval, rx.recv()).await {
            Ok(Some(m)) => m,
            Ok(None) => break,
            Err(_) => {
                // Quiet for a while: sign what came since, so that the window in which recent
                // entries could be cut unseen is bounded in time as well as in entries.
                if let Ok(seq) = sign_head(&*store, &signer, last_signed, outside, &mut backlog, &heads).await {
                    last_signed = seq;
                }
                signed_at = tokio::time::Instant::now();
                continue;
            }
        };
        let mut events = Vec::new();
        let mut replies = Vec::new();
        let mut checkpoint_replies = Vec::new();
        let mut next = Some(first);
        while let Some(m) = next.take() {
            match m {
                Msg::Append(e, r) => {
                    events.push(e);
                    replies.push(r);
                }
                Msg::Checkpoint(r) => checkpoint_replies.push(r),
            }
            if events.len() < MAX_BATCH {
                next = rx.try_recv().ok();
            }
        }
        let mut head = None;
        if !events.is_empty() {
            match store.append_audit(&events).await {
                Ok(last) => {
                    let first_seq = last - events.len() as i64 + 1;
                    for (i, r) in replies.into_iter().enumerate() {
                        let _ = r.send(Ok(first_seq + i as i64));
                    }
                    head = Some(last);
                }
                Err(e) => {
                    tracing::error!(error = %e, "audit: append failed");
                    for r in replies {
                        let _ = r.send(Err(e.to_string()));
                    }
                }
            }
        }
        let due = head.is_some_and(|h| h / every > last_signed / every || signed_at.elapsed() >= policy.interval);
        if due || !checkpoint_replies.is_empty() {
            let result = sign_head(&*store, &signer, last_signed, outside, &mut backlog, &heads).await;
            if let Ok(seq) = &result {
                last_signed = *seq;
            }
            signed_at = tokio::time::Instant::now();
            for r in checkpoint_replies {
                let _ = r.send(result.clone());
            }
        }
    }
}

async fn sign_head(
    store: &dyn Store,
    signer: &AuditSigner,
    last_signed: i64,
    outside: Option<&CheckpointLog>,
    backlog: &mut Vec<Checkpoint>,
    heads: &watch::Sender<Option<Checkpoint>>,
) -> Result<i64, String> {
    let (seq, hash) = store.audit_head().await.map_err(|e| e.to_string())?;
    if seq == last_signed {
        return Ok(seq);
    }
    let c = signer.sign(seq, &hash);
    store.put_checkpoint(&c).await.map_err(|e| {
        tracing::error!(error = %e, "audit: checkpoint failed");
        e.to_string()
    })?;
    heads.send_replace(Some(c.clone()));
    // The copy outside is what survives an edit of the database. Its failure is loud but does
    // not stop the trail: what could not be written is written, in order, at the next checkpoint.
    if let Some(log) = outside {
        backlog.push(c);
        let pending = std::mem::take(backlog);
        let log = log.clone();
        let left = tokio::task::spawn_blocking(move || {
            for (i, c) in pending.iter().enumerate() {
                if let Err(e) = log.append(c) {
                    tracing::error!(error = %e, waiting = pending.len() - i, "audit: external checkpoint log");
                    return pending[i..].to_vec();
                }
            }
            Vec::new()
        })
        .await;
        *backlog = left.unwrap_or_else(|e| {
            tracing::error!(error = %e, "audit: external checkpoint log task");
            Vec::new()
        });
    }
    Ok(seq)
}
