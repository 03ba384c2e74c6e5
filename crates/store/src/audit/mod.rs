//! The audit trail: every read of sensitive data, every write, every denial and every login.
//! Entries form a blake3 hash chain; periodic checkpoints sign the chain head with ed25519, so
//! rewriting the chain after a tampering still fails against a signed checkpoint.

use crate::Result;
use async_trait::async_trait;
use bvctnb_core::ids::PersonId;
use futures::stream::{BoxStream, Stream, StreamExt};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The action was permitted and done.
    Ok,
    /// Authorization refused it.
    Denied,
    /// Permitted but failed (bad input, bad password, conflict).
    Failed,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Denied => "denied",
            Outcome::Failed => "failed",
        }
    }

    pub fn from_code(s: &str) -> Option<Outcome> {
        [Outcome::Ok, Outcome::Denied, Outcome::Failed].into_iter().find(|o| o.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Ok => "Thành công",
            Outcome::Denied => "Bị từ chối",
            Outcome::Failed => "Không thành công",
        }
    }
}

/// One thing that happened: who, when, what, from where, outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    /// RFC 3339 UTC with milliseconds.
    pub at: String,
    /// Username, or "-" when unknown (a failed login for a username that does not exist keeps
    /// nothing of what was typed: it may be a password).
    pub actor: String,
    /// e.g. "dossier.read", "dossier.update", "login", "search".
    pub action: String,
    /// e.g. "person", "org", "account", "audit".
    pub target_kind: String,
    pub target_id: String,
    /// The person whose data was touched, so an inspector can ask "who looked at X".
    pub person_id: Option<PersonId>,
    /// Client address.
    pub ip: String,
    pub outcome: Outcome,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub event: AuditEvent,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    /// Only entries of this action code.
    pub action: Option<String>,
    pub person_id: Option<PersonId>,
    /// Inclusive RFC 3339 bounds (a date `YYYY-MM-DD` compares correctly as a prefix).
    pub from: Option<String>,
    pub to: Option<String>,
    /// Keyset pagination, newest first: entries with `seq < before`.
    pub before: Option<i64>,
    /// At most this many entries; a non-positive value means [`DEFAULT_LIMIT`].
    pub limit: i64,
    /// Only entries about a person currently in this organisation's subtree (entries that name
    /// no person are then left out).
    pub scope_org: Option<bvctnb_core::ids::OrgId>,
}

/// The page size of [`AuditLog::audit_entries`] when the filter gives none.
pub const DEFAULT_LIMIT: i64 = 100;

/// A signed statement that the chain had `hash` at `seq`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub at: String,
    /// Hex ed25519 public key.
    pub key: String,
    /// Hex ed25519 signature over `checkpoint_message(seq, hash)`.
    pub signature: String,
}

#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Appends the events in order in one transaction, chained to the current head.
    /// Returns the sequence number of the last one.
    async fn append_audit(&self, events: &[AuditEvent]) -> Result<i64>;
    /// Newest first.
    async fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>>;
    /// `(seq, hash)` of the last entry; `(0, GENESIS)` when empty.
    async fn audit_head(&self) -> Result<(i64, String)>;
    async fn put_checkpoint(&self, c: &Checkpoint) -> Result<()>;
    async fn checkpoints(&self) -> Result<Vec<Checkpoint>>;
    /// Every entry in stored order of `seq`, for verification.
    fn stream_audit(&self) -> BoxStream<'_, Result<AuditEntry>>;
    /// Verifies the whole trail against its signed checkpoints (by `trusted_keys`, hex) and
    /// its recorded head. A backend may read faster than [`AuditLog::stream_audit`] allows.
    async fn verify_audit(&self, trusted_keys: &[String]) -> Result<VerifyReport> {
        self.verify_audit_with(trusted_keys, &[]).await
    }
    /// [`AuditLog::verify_audit`] with the checkpoints held outside the database as well (the
    /// external log, the heads the level above keeps): each must be reached and matched.
    async fn verify_audit_with(&self, trusted_keys: &[String], outside: &[Checkpoint]) -> Result<VerifyReport> {
        verify_log_with(self, trusted_keys, outside).await
    }
}

pub mod ambient;
mod chain;
mod external;
mod signer;
#[cfg(test)]
mod tests;
mod verify;
mod witness;

pub use chain::*;
pub use external::{CheckpointLog, ExternalLogError, checkpoint_line, merged, read_checkpoints};
pub use signer::{AuditSigner, checkpoint_fault_hex};
pub use verify::*;
pub use witness::{Witness, WitnessSource, WitnessedHead};
