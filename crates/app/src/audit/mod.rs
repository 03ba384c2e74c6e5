//! The audit trail as the services see it: one writer task per process (group commit), the
//! entries an inspector reads, and the event types every caller records.

mod actions;
pub mod export;
mod witness;
mod writer;

use crate::{App, Error, Result};
use std::path::Path;

pub use actions::{ACTIONS, action_label, action_name};
pub use bvctnb_store::audit::ambient::within;
pub use bvctnb_store::audit::{AuditEntry, AuditEvent, AuditFilter, Outcome};
pub use bvctnb_store::audit::{
    Checkpoint, CheckpointLog, WitnessSource, WitnessedHead, checkpoint_line, read_checkpoints,
};
pub use witness::Receipt;
pub use writer::{AuditWriteError, Auditor, CheckpointPolicy};

impl App {
    /// Starts this process's audit writer, signing checkpoints with the key at `key_file`
    /// (created on first start) as `policy` says and at shutdown.
    pub fn start_auditor(&self, key_file: &Path, policy: CheckpointPolicy) -> Result<Auditor> {
        let signer = bvctnb_store::audit::AuditSigner::load_or_create(key_file)
            .map_err(|e| Error::Internal(format!("không mở được khoá ký nhật ký {}: {e}", key_file.display())))?;
        Ok(Auditor::start(self.store.clone(), signer, policy))
    }

    /// Appends entries now, in their own transaction: for what is recorded apart from any
    /// write (a command that found nothing to change).
    pub async fn append_audit(&self, events: &[AuditEvent]) -> Result<i64> {
        Ok(self.store.append_audit(events).await?)
    }

    /// The entries an inspector may read, filtered (scope included) in the query.
    pub async fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        Ok(self.store.audit_entries(f).await?)
    }
}

impl From<AuditWriteError> for Error {
    fn from(e: AuditWriteError) -> Self {
        Error::internal(e)
    }
}
