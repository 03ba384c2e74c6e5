//! The audit entry of the write in progress. A use case that changes data runs inside
//! [`within`] with the entry that records it; the store's write transaction takes that entry at
//! commit and appends it to the chain in the same transaction, so the data and its record commit
//! together or not at all, whichever path (page, API, CLI) the write came by and however many
//! layers lie between. Carried as a task-local so that no store method needs an extra argument
//! and a write that forgets to pass it cannot exist.

use super::AuditEvent;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Slot {
    event: Option<AuditEvent>,
    /// The sequence number the entry got, once committed.
    seq: Option<i64>,
}

tokio::task_local! {
    static CURRENT: Arc<Mutex<Slot>>;
}

/// Runs `f` with `event` waiting for the first write transaction that commits inside it;
/// returns `f`'s output and the entry's sequence number if it was committed with a write
/// (`None`: nothing was written, or the write failed and took the entry down with it).
pub async fn within<F: Future>(event: AuditEvent, f: F) -> (F::Output, Option<i64>) {
    let slot = Arc::new(Mutex::new(Slot { event: Some(event), seq: None }));
    let out = CURRENT.scope(slot.clone(), f).await;
    let seq = slot.lock().map(|s| s.seq).unwrap_or(None);
    (out, seq)
}

/// The entry waiting to be committed, if this task is inside [`within`] and no earlier write
/// has taken it. Taken entries stay taken even if the transaction then fails: the caller
/// learns of the failure and records it as such.
pub(crate) fn take() -> Option<AuditEvent> {
    CURRENT.try_with(|s| s.lock().ok().and_then(|mut s| s.event.take())).ok().flatten()
}

pub(crate) fn committed(seq: i64) {
    let _ = CURRENT.try_with(|s| {
        if let Ok(mut s) = s.lock() {
            s.seq = Some(seq);
        }
    });
}

/// Names the record a write has just created as the waiting entry's target, when the entry
/// could not know it beforehand (its `target_id` is empty).
pub(crate) fn created(id: impl std::fmt::Display) {
    let _ = CURRENT.try_with(|s| {
        if let Ok(mut s) = s.lock()
            && let Some(e) = s.event.as_mut()
            && e.target_id.is_empty()
        {
            e.target_id = id.to_string();
        }
    });
}
